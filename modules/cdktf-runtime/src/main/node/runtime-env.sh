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

# Whether the lever $1 (direct-channel, lazy-index, index-builder, fresh-cache) is on: each is, unless
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
  # Node's os.tmpdir() reads TMPDIR, then TMP and TEMP (Windows' names); this reads TMPDIR only.
  _aio_tmp=${TMPDIR:-/tmp}
  printf '%s\n' "${_aio_tmp%/}/aws-jsii-package-cache"
}

# Whether jsii's package cache is on, as jsii reads JSII_RUNTIME_PACKAGE_CACHE (@jsii/kernel
# src/tar-cache/index.ts): unset, or "enabled" in any case; set to anything else (empty too): off.
ai_optout_cache_enabled() {
  case "${JSII_RUNTIME_PACKAGE_CACHE-enabled}" in
    [Ee][Nn][Aa][Bb][Ll][Ee][Dd]) return 0 ;;
  esac
  return 1
}

# jsii 1.140 fails outright on a package cache it cannot write (EACCES on a miss, EPERM or EROFS
# when it touches a hit's marker file, which needs the entry's owner): a cache this user cannot
# write, or that holds folders or entries of another user, is turned off for this run. Slower
# (no runtime index), never wrong; --verbose says so.
ai_optout_package_cache() {
  if ! ai_optout_cache_enabled; then
    ai_optout_note "jsii's package cache is off (JSII_RUNTIME_PACKAGE_CACHE=$JSII_RUNTIME_PACKAGE_CACHE): every synth reads the AWS provider's 133 MB assembly in full (slower, same output)"
    return 0
  fi
  _aio_root=$(ai_optout_cache_root)
  # Judged on the folder, or on the nearest folder above it where it is not there yet: it is not
  # made here (jsii makes it on its first package), since most commands never start Node.js.
  _aio_near=$_aio_root
  until [ -e "$_aio_near" ]; do
    case $_aio_near in
      */*) _aio_near=${_aio_near%/*} && _aio_near=${_aio_near:-/} ;;
      *) _aio_near=. ;;
    esac
  done
  _aio_why=
  if [ ! -d "$_aio_near" ] || { [ "$_aio_near" != "$_aio_root" ] && [ ! -w "$_aio_near" ]; }; then
    _aio_why="cannot be created"
  elif [ ! -w "$_aio_near" ]; then
    _aio_why="is not writable"
  elif [ "$_aio_near" = "$_aio_root" ] && _aio_uid=$(id -u) && [ "$_aio_uid" != 0 ] \
    && [ -n "$(cd "$_aio_root" && find . -path './*/*/*/*/*/*' -prune -o -path './*' \( -type d -o -name .jsii-runtime-package-cache \) ! -user "$_aio_uid" -print 2>/dev/null | head -n 1)" ]; then
    # Folders and markers down to a package's entry (<name>/<version>/<digest>, one more for a
    # scope), not the packages' own files.
    _aio_why="holds another user's files"
  fi
  if [ -n "$_aio_why" ]; then
    JSII_RUNTIME_PACKAGE_CACHE=disabled
    export JSII_RUNTIME_PACKAGE_CACHE
    ai_optout_note "jsii's package cache $_aio_root $_aio_why: this run uses none (slower, same output; set JSII_RUNTIME_PACKAGE_CACHE_ROOT to a folder of your own)"
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
  _aio_kernel='exec /bin/sh "$AI_OPTOUT_RUNTIME/jsii-kernel.sh"'
  if [ -n "${JSII_RUNTIME:-}" ] && [ "$JSII_RUNTIME" != "$_aio_kernel" ]; then
    ai_optout_note "JSII_RUNTIME is set: jsii runs that, without ai-optout's kernel set-up (direct channel, lazy provider index, runtime index builder, fresh cache)"
  elif [ "${OS:-}" != Windows_NT ]; then
    export JSII_RUNTIME="$_aio_kernel"
  fi
}

# Execs the JVM on the jar $1 with the rest as its arguments. A short-lived CLI: a modest heap, the
# serial collector and C1 only keep the footprint and the start low (AI_OPTOUT_JAVA_OPTS replaces
# these options). The JVM is AI_OPTOUT_JAVA (a release's launcher sets it from JAVA_HOME), else
# java on the PATH. The classes come from a static class-data-sharing archive, made from the class
# list of the build's training synth (ai_optout_cds_dump):
#   - AI_OPTOUT_CDS_ARCHIVE set (a release: one per user, JDK and jar, made on this machine from
#     AI_OPTOUT_CDS_LIST): mapped when it is there. When it is not, this run goes without it, and
#     AI_OPTOUT_CDS_DUMP names it for the JVM: the command decides whether to write it
#     (dev.aioptout.runtime.ClassDataSharing: after a CDKTF synth that succeeded, through
#     ai_optout_cds_write, in the background), so that a run that needs no cache (verify, plan,
#     --help) leaves nothing in the user's home;
#   - AI_OPTOUT_CDS_ARCHIVE set empty (a release that can keep none here): none;
#   - else the archive the build wrote beside the jar (<name>.jsa), when it is newer than the jar.
# A JVM that cannot use an archive ignores it, silently (-Xlog:cds*=off).
ai_optout_exec_java() {
  _aio_jar=$1
  shift
  _aio_java=${AI_OPTOUT_JAVA:-java}
  ai_optout_jvm_options "$@"
  # The main class named, not -jar: the JVM then takes it from the class-data-sharing archive
  # without first opening the jar (72,000 entries) to read its manifest, so CDKTF's Node.js starts
  # 10-15 ms sooner (the manifest says the same class: RuntimeEnvTest).
  set -- -cp "$_aio_jar" "$AI_OPTOUT_MAIN_CLASS" "$@"
  unset AI_OPTOUT_CDS_DUMP
  if [ -n "${AI_OPTOUT_CDS_ARCHIVE:-}" ]; then
    _aio_archive=$AI_OPTOUT_CDS_ARCHIVE
    if [ -f "$_aio_archive" ]; then
      set -- "-XX:SharedArchiveFile=$_aio_archive" "-Xlog:cds*=off" "$@"
    elif [ -f "$_aio_archive.failed" ]; then
      ai_optout_note "no class-data-sharing archive: this JDK could not write one ($_aio_archive.failed says why; remove it to try again): the JVM loads its classes from the jar (slower)"
    elif [ ! -s "${AI_OPTOUT_CDS_LIST:-}" ]; then
      ai_optout_note "no class-data-sharing archive: this build has no class list (built with -Dcds.skip or without Node.js): the JVM loads its classes from the jar (slower)"
    else
      AI_OPTOUT_CDS_DUMP=$_aio_archive
      export AI_OPTOUT_CDS_DUMP
      ai_optout_note "no class-data-sharing archive yet ($_aio_archive): the JVM loads its classes from the jar (slower); a synth that succeeds writes it, in the background, where that folder can be written"
    fi
  elif [ -z "${AI_OPTOUT_CDS_ARCHIVE+set}" ]; then
    _aio_archive="${_aio_jar%.jar}.jsa"
    if [ -f "$_aio_archive" ] && [ -n "$(find "$_aio_archive" -newer "$_aio_jar" 2>/dev/null)" ]; then
      set -- "-XX:SharedArchiveFile=$_aio_archive" "-Xlog:cds*=off" "$@"
    else
      ai_optout_note "no class-data-sharing archive newer than the jar ($_aio_archive): the JVM loads its classes from the jar (slower)"
    fi
  fi
  if [ -n "${AI_OPTOUT_JAVA_OPTS:-}" ]; then
    # Split as the user wrote them, like JAVA_OPTS.
    # shellcheck disable=SC2086
    exec "$_aio_java" $AI_OPTOUT_JAVA_OPTS "$@"
  fi
  # shellcheck disable=SC2086 # the options, one word each
  exec "$_aio_java" $_aio_jvm_options "$@"
}

# Sets _aio_jvm_options to the JVM's options for the command line $@ (ai-optout's words);
# bench/verify-bench.sh reads them too. The heap on transparent huge pages where the system gives
# them on request: a synth fills 100 MB of heap or more, and a 4 KB page at a time that is tens of
# thousands of page faults (read by the shell itself: no process started for it). No
# performance-data file (/tmp/hsperfdata_*): nothing watches a CLI with jstat. A young generation
# of a size of its own whatever the machine's memory (the default is a third of 1/64 of it):
# 192 MB, as a synth of 2,000 OUs allocates about 120 MB, and a collection in the middle of it
# copied 30 MB of live objects (30-160 ms); the memory a synth uses is what it allocates, not this.
# 32 MB for the audits (verify, snapshot): they allocate for minutes and hold little (about 300
# bytes an account), and their pages of a 192 MB young generation were most of their peak memory
# (bench AuditMemory, 10,001 accounts: 258 MB, with 32 MB 152 MB). The command is the first word
# that is not an option (the command line's own options take no value).
ai_optout_jvm_options() {
  _aio_young=192m
  for _aio_word in "$@"; do
    case $_aio_word in
      -*) ;;
      verify | snapshot) _aio_young=32m && break ;;
      *) break ;;
    esac
  done
  _aio_jvm_options="-Xmx512m -Xmn$_aio_young -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
  _aio_thp=
  { read -r _aio_thp </sys/kernel/mm/transparent_hugepage/enabled; } 2>/dev/null || :
  case $_aio_thp in
    *'[madvise]'*) _aio_jvm_options="-XX:+UseTransparentHugePages $_aio_jvm_options" ;;
  esac
}

# The class list of a training run ($1, written by -XX:DumpLoadedClassList) as the build keeps it
# ($2): its classes, then its lambda lines, each sorted, so that the same build gives the same bytes
# (the training's threads load in an order of their own). Empty when there was no training (no
# Node.js, or -Dcds.skip): then no archive is made from it. $1 is removed.
ai_optout_cds_list() {
  if [ -f "$1" ]; then
    { grep -v '^@' "$1" | LC_ALL=C sort -u; grep '^@' "$1" | LC_ALL=C sort -u; } >"$2.tmp" && mv -f "$2.tmp" "$2"
  else
    : >"$2"
  fi
  rm -f "$1"
}

# Dumps the static class-data-sharing archive $3 of the classes the list $2 names (and their
# supertypes), with the java $1, for the class path $4 (the jar as the launcher names it: the JVM
# maps the archive only with that class path, that jar's size and time, and that JDK build).
# Written to a temporary name and renamed, so a run never maps half an archive, and two runs that
# write it at once each write a whole one: the name holds $5, which the caller makes unique across
# hosts and containers sharing the folder (a pid is not: every container's first process is 1),
# else this shell's pid. A JDK other than the build's may not read the list's lambda lines: then
# the classes alone (not after a signal: a JVM killed is not one that refused). What the JVM says
# (only errors) goes to standard error. The temporary files go however it ends (but SIGKILL:
# ClassDataSharing removes those the next time). The user's JVM options are not the training's:
# left out. The status is the JVM's (128 and more: killed by a signal), or 255 when the archive
# could not be renamed into place (its temporary file removed meanwhile: not the JVM's refusal).
ai_optout_cds_dump() (
  unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS
  _aio_tmp="$3.${5:-$$}.tmp"
  # Each trap removes them itself: bash runs no EXIT trap after a signal's trap in a subshell.
  _aio_clean='rm -f "$_aio_tmp" "$_aio_tmp.classlist"'
  trap "$_aio_clean" EXIT
  trap "$_aio_clean; exit 129" HUP
  trap "$_aio_clean; exit 130" INT
  trap "$_aio_clean; exit 143" TERM
  if "$1" -Xshare:dump -XX:SharedClassListFile="$2" -XX:SharedArchiveFile="$_aio_tmp" -Xlog:disable -Xlog:all=error:stderr -cp "$4" >&2; then
    _aio_status=0
  else
    _aio_status=$?
  fi
  if [ "$_aio_status" != 0 ] && [ "$_aio_status" -lt 128 ]; then
    grep -v '^@' "$2" >"$_aio_tmp.classlist" || :
    if "$1" -Xshare:dump -XX:SharedClassListFile="$_aio_tmp.classlist" -XX:SharedArchiveFile="$_aio_tmp" -Xlog:disable -Xlog:all=error:stderr -cp "$4" >&2; then
      _aio_status=0
    else
      _aio_status=$?
    fi
  fi
  [ "$_aio_status" = 0 ] || exit "$_aio_status"
  mv -f "$_aio_tmp" "$3" || exit 255
)

# A release's per-user archive, as ai_optout_cds_dump writes it (the same arguments), started by
# the JVM when its command decided so (AI_OPTOUT_CDS_DUMP, above). Nothing where the folder cannot
# be made or written (slower, never wrong). When the JVM refuses to dump (its own exit status, below
# 128), what it said is kept in $3.failed, and runs stop trying until that file is removed; a dump
# killed by a signal (the OOM killer, a container's end, Ctrl-C) leaves nothing, and the next synth
# tries again.
ai_optout_cds_write() (
  mkdir -p "${3%/*}" 2>/dev/null && [ -w "${3%/*}" ] || exit 0
  _aio_said=$(ai_optout_cds_dump "$@" 2>&1)
  _aio_status=$?
  if [ "$_aio_status" != 0 ] && [ "$_aio_status" -lt 128 ]; then
    printf '%s\n' "$_aio_said" >"$3.failed"
  fi
)

# ai_optout_node exec|run|found [ARGUMENT...]: execs or runs the Node.js that JSII_NODE names (a
# command, options allowed, split into words as the shell splits them, quotes included), else node,
# with the arguments; or only says whether it is found. The one place that reads JSII_NODE: the
# kernel, the build's warm-up and its index builder. Not found: a message (but for "found"), 127.
ai_optout_node() {
  _aio_how=$1
  shift
  eval "set -- ${JSII_NODE:-node} \"\$@\""
  if ! command -v "$1" >/dev/null 2>&1; then
    if [ "$_aio_how" != found ]; then
      echo "ai-optout: CDKTF runs in Node.js, and \"$1\" is not found: install Node.js 20 or newer, or name it with JSII_NODE" >&2
    fi
    return 127
  fi
  case $_aio_how in
    exec) exec "$@" ;;
    run) "$@" ;;
  esac
}

# Execs jsii's kernel for jsii's Java runtime. Requests come on standard input, answers go to
# standard output, what the kernel prints goes to standard error, as the Java runtime expects.
# JSII_NODE names the Node.js to run, as it does for jsii. The levers:
#   direct-channel  program.js with the JVM's pipes (jsii-direct-channel.cjs), else jsii's relay,
#                   bin/jsii-runtime.js of the same jsii, which starts program.js as its child;
#   lazy-index      lazy-provider-index.cjs preloaded;
#   index-builder   runtime-index-builder.cjs preloaded;
#   fresh-cache   fresh-cache.cjs preloaded.
# Preloads go on the command line: the relay passes its own options on to program.js.
ai_optout_kernel() {
  : "${AI_OPTOUT_RUNTIME:?the runtime folder}"
  set --
  if ai_optout_lever direct-channel; then
    set -- "$@" --preserve-symlinks --require "$AI_OPTOUT_RUNTIME/jsii-direct-channel.cjs"
  fi
  if ai_optout_lever lazy-index; then
    set -- "$@" --require "$AI_OPTOUT_RUNTIME/lazy-provider-index.cjs"
  fi
  if ai_optout_lever index-builder; then
    set -- "$@" --require "$AI_OPTOUT_RUNTIME/runtime-index-builder.cjs"
  fi
  if ai_optout_lever fresh-cache; then
    set -- "$@" --require "$AI_OPTOUT_RUNTIME/fresh-cache.cjs"
  fi
  if ai_optout_lever direct-channel; then
    ai_optout_node exec "$@" "$AI_OPTOUT_RUNTIME/jsii/lib/program.js" 3<&0 0</dev/null 4>&1 1>&2
  else
    ai_optout_node exec "$@" "$AI_OPTOUT_RUNTIME/jsii/bin/jsii-runtime.js"
  fi
}
