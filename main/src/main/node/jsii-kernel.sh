# The jsii kernel for jsii's Java runtime without its relay process (see jsii-direct-channel.cjs).
# JSII_RUNTIME runs it (the launcher, and Surefire for main's tests, set it):
#   sh jsii-kernel.sh PROGRAM    PROGRAM: lib/program.js of the @jsii/runtime the jar was built with,
#                                which the build unpacks into main/target/jsii-runtime.
# Requests come on standard input, answers go to standard output, as the Java runtime expects.
# JSII_NODE names the Node.js to run, as it does for jsii: a command, options allowed, that the
# shell reads as jsii's Java runtime would.
program=$1
eval "set -- ${JSII_NODE:-node}"
if ! command -v "$1" >/dev/null 2>&1; then
  echo "ai-optout: CDKTF runs in Node.js, and \"$1\" is not found: install Node.js 20 or newer, or name it with JSII_NODE" >&2
  exit 127
fi
here=$(cd -- "$(dirname -- "$0")" && pwd)
exec "$@" --preserve-symlinks --require "$here/jsii-direct-channel.cjs" "$program" \
  3<&0 0</dev/null 4>&1 1>&2
