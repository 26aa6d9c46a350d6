# The build's warm-up (main/pom.xml runs it at package):  sh warm-build.sh COMMAND...
# Runs COMMAND (the class-data-sharing training synth) in the environment the launchers give the
# JVM, then builds jsii's runtime index of every package it loaded, and waits for it: a synth right
# after the build (a fresh CI runner) reads the AWS provider from the index from its first run; and
# keeps a copy of that index beside this script for the machines and users the build never saw.
# The index goes into jsii's package cache of this user (the launchers' default), or, when that
# cache cannot be used (runtime-env.sh), into one of the build's own, removed after. Without Node.js it runs nothing and says so: the jar
# is built all the same, and synth needs Node.js.
AI_OPTOUT_RUNTIME=$(cd -- "$(dirname -- "$0")" && pwd)
. "$AI_OPTOUT_RUNTIME/runtime-env.sh"
if ! ai_optout_node found; then
  echo "ai-optout build: Node.js (\"${JSII_NODE:-node}\") is not found: no class-data-sharing archive and no jsii runtime index; the jar is built, and synth needs Node.js 20 or newer" >&2
  exit 0
fi
ai_optout_environment
jobs=$(mktemp)
private_cache=
trap 'rm -f "$jobs"; [ -z "$private_cache" ] || rm -rf "$private_cache"' EXIT
# dash runs no EXIT trap on a signal: exit, so that it does (Ctrl-C in mvn package).
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# The index is shipped from jsii's package cache: where this user's cannot be used (or is turned
# off), the training uses a folder of its own, removed after, so that the build ships the same
# index whatever this machine's cache (the synth after the build then finds none: slower once).
if ! ai_optout_cache_enabled; then
  private_cache=$(mktemp -d)
  JSII_RUNTIME_PACKAGE_CACHE=enabled JSII_RUNTIME_PACKAGE_CACHE_ROOT=$private_cache
  export JSII_RUNTIME_PACKAGE_CACHE JSII_RUNTIME_PACKAGE_CACHE_ROOT
  ai_optout_note "the training synth uses a jsii package cache of its own, removed after the build"
fi
AI_OPTOUT_JSII_INDEX_JOBS=$jobs
export AI_OPTOUT_JSII_INDEX_JOBS
"$@" || exit
if [ -n "${AI_OPTOUT_JSII_NOTE:-}" ]; then
  printf '%s\n' "$AI_OPTOUT_JSII_NOTE" | sed 's/^/ai-optout build: /' >&2
fi
# Nothing recorded: the lever that records is off (AI_OPTOUT_JSII).
if [ ! -s "$jobs" ]; then
  echo "ai-optout build: warning: the training recorded no package (AI_OPTOUT_JSII=${AI_OPTOUT_JSII:-}): no runtime index is shipped, and a first synth on another machine parses the AWS provider (slower, same output)" >&2
  exit 0
fi
# The builder reports on standard error; a failure leaves synth slower, never wrong. Without the
# user's NODE_OPTIONS: they are for the kernel. The index of every package the training loaded is
# then written beside this script (jsii-index/, read by fresh-cache.cjs), where a release
# takes it from: its first synth on a machine reads it instead of parsing the AWS provider.
(
  unset NODE_OPTIONS
  ai_optout_node run "$AI_OPTOUT_RUNTIME/runtime-index-builder.cjs" --jobs "$jobs" \
    --ship "$AI_OPTOUT_RUNTIME/jsii-index"
) || true
