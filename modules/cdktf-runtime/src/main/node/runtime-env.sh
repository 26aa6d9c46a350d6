# ai-optout's runtime environment: the one place that says how CDKTF's Node.js is run (see
# docs/cdktf-runtime.md). POSIX sh, sourced, never run:
#   - by a launcher (./ai-optout in the source tree, bin/ai-optout of a release), with
#     AI_OPTOUT_RUNTIME set to this folder, which then calls ai_optout_environment and
#     ai_optout_exec_java;
#   - by jsii-kernel.sh, the command JSII_RUNTIME names, which calls ai_optout_kernel;
#   - by warm-build.sh, the build's training synth.
# Surefire's configuration sets only AI_OPTOUT_RUNTIME and the JSII_RUNTIME ai_optout_environment
# writes (the pom's jsii.runtime.command); the kernel's options are computed here when it starts.

# The command line's main class (main/pom.xml's manifest says the same).
AI_OPTOUT_MAIN_CLASS=dev.aioptout.cli.Main

# Whether the lever $1 (direct-channel, lazy-index, index-builder) is on: each is, unless
# AI_OPTOUT_JSII is "plain" or names "no-$1" in its comma-separated list. The Java side
# (dev.aioptout.runtime.JsiiLevers) reads the same words and refuses any other.
ai_optout_lever() {
  case ",${AI_OPTOUT_JSII:-}," in
    *,plain,* | *,no-"$1",*) return 1 ;;
  esac
  return 0
}

# Adds a line to AI_OPTOUT_JSII_NOTE, which ai-optout prints with --verbose.
ai_optout_note() {
  AI_OPTOUT_JSII_NOTE="${AI_OPTOUT_JSII_NOTE:+$AI_OPTOUT_JSII_NOTE
}$1"
  export AI_OPTOUT_JSII_NOTE
}

# The folder jsii's package cache uses: JSII_RUNTIME_PACKAGE_CACHE_ROOT, else jsii's default
# (@jsii/kernel src/tar-cache/default-cache-root.ts).
ai_optout_cache_root() {
  if [ -n "${JSII_RUNTIME_PACKAGE_CACHE_ROOT+set}" ]; then
    printf '%s\n' "$JSII_RUNTIME_PACKAGE_CACHE_ROOT"
    return
  fi
  case "$(uname -s 2>/dev/null)" in
    Linux) [ -n "${HOME:-}" ] && { printf '%s\n' "$HOME/.cache/aws/jsii/package-cache"; return; } ;;
    Darwin) [ -n "${HOME:-}" ] && { printf '%s\n' "$HOME/Library/Caches/com.amazonaws.jsii/package-cache"; return; } ;;
  esac
  tmp=${TMPDIR:-/tmp}
  printf '%s\n' "${tmp%/}/aws-jsii-package-cache"
}

# jsii 1.140 fails outright on a package cache it cannot write (EACCES on a miss, EPERM or EROFS
# when it touches a hit's marker file, which needs the entry's owner): a cache this user cannot
# write, or that holds folders or entries of another user, is turned off for this run. Slower
# (no runtime index), never wrong; --verbose says so.
ai_optout_package_cache() {
  case "${JSII_RUNTIME_PACKAGE_CACHE-enabled}" in
    [Ee][Nn][Aa][Bb][Ll][Ee][Dd]) ;;
    *)
      ai_optout_note "jsii's package cache is off (JSII_RUNTIME_PACKAGE_CACHE=$JSII_RUNTIME_PACKAGE_CACHE): every synth reads the AWS provider's 133 MB assembly in full (slower, same output)"
      return 0
      ;;
  esac
  root=$(ai_optout_cache_root)
  why=
  if ! mkdir -p "$root" 2>/dev/null || [ ! -d "$root" ]; then
    why="cannot be created"
  elif [ ! -w "$root" ]; then
    why="is not writable"
  elif uid=$(id -u) && [ "$uid" != 0 ] \
    && [ -n "$(find "$root" -mindepth 1 -maxdepth 5 \( -type d -o -name .jsii-runtime-package-cache \) ! -user "$uid" -print -quit 2>/dev/null)" ]; then
    why="holds another user's files"
  fi
  if [ -n "$why" ]; then
    JSII_RUNTIME_PACKAGE_CACHE=disabled
    export JSII_RUNTIME_PACKAGE_CACHE
    ai_optout_note "jsii's package cache $root $why: this run uses none (slower, same output; set JSII_RUNTIME_PACKAGE_CACHE_ROOT to a folder of your own)"
  fi
}

# The environment a launcher starts the JVM with: jsii starts its kernel through jsii-kernel.sh
# (unless JSII_RUNTIME is set already, or on Windows, where jsii runs it with cmd.exe).
ai_optout_environment() {
  : "${AI_OPTOUT_RUNTIME:?the runtime folder}"
  export AI_OPTOUT_RUNTIME
  # Node 20 would print an end-of-life banner on every run; CDKTF would look for updates.
  export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
  export CHECKPOINT_DISABLE="${CHECKPOINT_DISABLE:-1}"
  ai_optout_package_cache
  # The path is kept in a variable that the shell jsii starts expands, so no path needs quoting
  # (the pom's jsii.runtime.command is the same text).
  kernel='exec /bin/sh "$AI_OPTOUT_RUNTIME/jsii-kernel.sh"'
  if [ -n "${JSII_RUNTIME:-}" ] && [ "$JSII_RUNTIME" != "$kernel" ]; then
    ai_optout_note "JSII_RUNTIME is set: jsii runs that, without ai-optout's kernel set-up (direct channel, lazy provider index, runtime index builder)"
  elif [ "${OS:-}" != Windows_NT ]; then
    export JSII_RUNTIME="$kernel"
  fi
}

# Execs the JVM on the jar $1 with the rest as its arguments. A short-lived CLI: a modest heap, the
# serial collector and C1 only keep the footprint and the start low (AI_OPTOUT_JAVA_OPTS replaces
# these options). The JVM is AI_OPTOUT_JAVA (a release's launcher sets it from JAVA_HOME), else
# java on the PATH. The classes come from a class-data-sharing archive:
#   - AI_OPTOUT_CDS_ARCHIVE set (a release: one per user and JDK, made on this machine): used when
#     it is there; written when AI_OPTOUT_CDS_WRITE is "auto" (JDK 19+, rewritten when stale) or
#     "at-exit" (JDK 17 and 18, written by this run when missing);
#   - else the archive the build wrote beside the jar (<name>.jsa), when it is newer than the jar.
# A JVM that cannot use an archive ignores it, silently (-Xlog:cds*=off).
ai_optout_exec_java() {
  jar=$1
  shift
  # The main class named, not -jar: the JVM then takes it from the class-data-sharing archive
  # without first opening the jar (72,000 entries) to read its manifest, so CDKTF's Node.js starts
  # 10-15 ms sooner (the manifest says the same class: RuntimeEnvTest).
  set -- -cp "$jar" "$AI_OPTOUT_MAIN_CLASS" "$@"
  if [ -n "${AI_OPTOUT_CDS_ARCHIVE:-}" ]; then
    archive=$AI_OPTOUT_CDS_ARCHIVE
    case "${AI_OPTOUT_CDS_WRITE:-}" in
      auto) set -- "-XX:SharedArchiveFile=$archive" -XX:+AutoCreateSharedArchive "-Xlog:cds*=off" "$@" ;;
      *)
        if [ -f "$archive" ]; then
          set -- "-XX:SharedArchiveFile=$archive" "-Xlog:cds*=off" "$@"
        elif [ "${AI_OPTOUT_CDS_WRITE:-}" = at-exit ]; then
          set -- "-XX:ArchiveClassesAtExit=$archive" "-Xlog:cds*=off" "$@"
        else
          ai_optout_note "no class-data-sharing archive yet ($archive; the first synth writes it): the JVM loads its classes from the jar (slower)"
        fi
        ;;
    esac
  else
    archive="${jar%.jar}.jsa"
    if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
      set -- "-XX:SharedArchiveFile=$archive" "-Xlog:cds*=off" "$@"
    else
      ai_optout_note "no class-data-sharing archive newer than the jar ($archive): the JVM loads its classes from the jar (slower)"
    fi
  fi
  java=${AI_OPTOUT_JAVA:-java}
  if [ -n "${AI_OPTOUT_JAVA_OPTS:-}" ]; then
    # Split as the user wrote them, like JAVA_OPTS.
    # shellcheck disable=SC2086
    exec "$java" $AI_OPTOUT_JAVA_OPTS "$@"
  fi
  # The heap on transparent huge pages where the system gives them on request: a synth fills
  # 100 MB of heap or more, and a 4 KB page at a time that is tens of thousands of page faults.
  if grep -qs '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled; then
    set -- -XX:+UseTransparentHugePages "$@"
  fi
  # No performance-data file (/tmp/hsperfdata_*): nothing watches a CLI with jstat. A young
  # generation of 192 MB whatever the machine's memory (the default is a third of 1/64 of it):
  # a synth of 2,000 OUs allocates about 120 MB, and a collection in the middle of it copied
  # 30 MB of live objects (30-160 ms); the memory a synth uses is what it allocates, not this.
  exec "$java" -Xmx512m -Xmn192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData "$@"
}

# Whether the Node.js that JSII_NODE names (a command, options allowed), or node, is found.
ai_optout_node_found() {
  eval "set -- ${JSII_NODE:-node}"
  command -v "$1" >/dev/null 2>&1
}

# Execs jsii's kernel for jsii's Java runtime. Requests come on standard input, answers go to
# standard output, what the kernel prints goes to standard error, as the Java runtime expects.
# JSII_NODE names the Node.js to run, as it does for jsii. The levers:
#   direct-channel  program.js with the JVM's pipes (jsii-direct-channel.cjs), else jsii's relay,
#                   bin/jsii-runtime.js of the same jsii, which starts program.js as its child;
#   lazy-index      lazy-provider-index.cjs preloaded;
#   index-builder   runtime-index-builder.cjs preloaded.
# Preloads go on the command line: the relay passes its own options on to program.js.
ai_optout_kernel() {
  : "${AI_OPTOUT_RUNTIME:?the runtime folder}"
  eval "set -- ${JSII_NODE:-node}"
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "ai-optout: CDKTF runs in Node.js, and \"$1\" is not found: install Node.js 20 or newer, or name it with JSII_NODE" >&2
    exit 127
  fi
  if ai_optout_lever direct-channel; then
    set -- "$@" --preserve-symlinks --require "$AI_OPTOUT_RUNTIME/jsii-direct-channel.cjs"
  fi
  if ai_optout_lever lazy-index; then
    set -- "$@" --require "$AI_OPTOUT_RUNTIME/lazy-provider-index.cjs"
  fi
  if ai_optout_lever index-builder; then
    set -- "$@" --require "$AI_OPTOUT_RUNTIME/runtime-index-builder.cjs"
  fi
  if ai_optout_lever direct-channel; then
    exec "$@" "$AI_OPTOUT_RUNTIME/jsii/lib/program.js" 3<&0 0</dev/null 4>&1 1>&2
  fi
  exec "$@" "$AI_OPTOUT_RUNTIME/jsii/bin/jsii-runtime.js"
}
