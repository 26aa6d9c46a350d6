#!/usr/bin/env bash
# `./ai-optout synth` where users run it, against the same stack in CDKTF's native JavaScript runtime
# (bench/native, installed with npm ci), round by round, with the peak memory of the largest process:
#   first   a fresh HOME (empty jsii cache) right after the build: the build's warm-up
#           (main/pom.xml's training synth, run as the pom runs it) then the first synth, default layout
#   later   the next synth in that HOME, default layout
#   large   a synth of a generated layout (2,000 OUs, 500 exceptions) in that HOME
#   release a fresh HOME and no build before (a release archive's first run), default layout
#   native  node bench/native/main.js
#     bench/synth-bench.sh [ROUNDS]     (default 5; results in bench/results/synth-bench.txt)
#     bench/synth-bench.sh --summary FILE   (the table of the rows in FILE, such as several runs' put together)
# Goals (issue 21), same machine, same run: first within 10x native, later within 6x (4x the
# moonshot), large within 2x later, the largest process under 250 MB in every regime.
# Times are wall clock and CPU (user + system, the command and the processes it waited for); peak
# RSS is that of the largest of them (GNU time's %M). The runtime index builder that a release's
# first synth leaves running in the background is not in it: it is waited for before the next
# measurement, and how long it ran is reported on its own line. The machine's load average is
# printed with each round: the rows of one round ran under the same load.
# Runs on an older tree too (no main/target/runtime: the build's training synth is then a plain
# synth through the launcher, which is what its pom ran), for before/after tables.
set -euo pipefail
# The table of a results file: each row's median wall time and ratio over the rounds, and its peak.
summary() {
  awk '
    # The measurements only (not a table printed before).
    !/^#/ && NF == 5 && $4 ~ /^[0-9]+$/ {
      n[$1]++; wall[$1, n[$1]] = $2; if ($4 > peak[$1]) peak[$1] = $4; loads[++l] = $5
    }
    function median(values, count,   i, j, t) {
      for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++)
        if (values[j] < values[i]) { t = values[i]; values[i] = values[j]; values[j] = t }
      return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
    }
    END {
      rounds = n["native"]
      for (i = 1; i <= rounds; i++) {
        nw[i] = wall["native", i]
        for (r = 1; r <= 4; r++) {
          row = r == 1 ? "first" : r == 2 ? "later" : r == 3 ? "large" : "release"
          ratio[row, i] = row == "large" ? wall["large", i] / wall["later", i] : wall[row, i] / nw[i]
        }
      }
      printf "%-8s %10s %8s %18s %12s\n", "row", "median s", "ratio", "(to)", "largest MiB"
      for (r = 0; r <= 4; r++) {
        row = r == 0 ? "native" : r == 1 ? "first" : r == 2 ? "later" : r == 3 ? "large" : "release"
        for (i = 1; i <= rounds; i++) { w[i] = wall[row, i]; q[i] = ratio[row, i] }
        printf "%-8s %10.2f %7.1fx %18s %12d\n", row, median(w, rounds), r == 0 ? 1 : median(q, rounds),
               r == 0 ? "" : r == 3 ? "later (same round)" : "native (same round)", peak[row] / 1024
      }
      printf "median ratios of %d rounds; largest: the peak of the largest process over all rounds;", rounds
      printf " load average %.1f (median; %.1f to %.1f)\n", median(loads, l), loads[1], loads[l]
    }' "$1"
}

if [ "${1:-}" = --summary ]; then
  summary "$2"
  exit
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$root/bench/results"
mkdir -p "$results"
unset JSII_RUNTIME_PACKAGE_CACHE_ROOT JSII_RUNTIME_PACKAGE_CACHE JSII_RUNTIME AI_OPTOUT_JSII NODE_OPTIONS
export CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1

if [ ! -x /usr/bin/time ]; then
  echo "bench/synth-bench.sh needs GNU time as /usr/bin/time (Debian: apt-get install time)" >&2
  exit 1
fi
"$root/ai-optout" --version >/dev/null   # builds the jar on first use
native="$root/bench/native"
if [ ! -d "$native/node_modules/cdktf" ]; then
  (cd "$native" && npm ci --no-audit --no-fund >/dev/null)
fi

# 2,000 OUs, 500 exceptions of 4 OU targets each (5 policies per target at most: here 1).
services=(lex polly rekognition textract transcribe translate comprehend codeguruprofiler frauddetector guardduty)
large="$work/large.yaml"
{
  echo "version: 1"
  echo "layout: multi-ou"
  echo "organization: {mode: adopt, id: o-benchmark0001}"
  echo "exceptions:"
  for ((e = 0; e < 500; e++)); do
    printf '  - name: exception-%03d\n' "$e"
    printf '    targets: ['
    for ((t = 0; t < 4; t++)); do
      n=$((e * 4 + t))
      printf '%sou-bench-%08d' "$([ $t -gt 0 ] && echo ', ')" "$n"
    done
    echo ']'
    echo "    services: {${services[$((e % ${#services[@]}))]}: optIn}"
    echo "    reason: generated for the benchmark"
  done
} > "$large"

# The peer must write what ai-optout writes, or the comparison means nothing (but for the record of
# what ai-optout wrote, which CDKTF does not keep).
(cd "$work" && "$root/ai-optout" synth --out "$work/ours" 2>/dev/null && node "$native/main.js" "$work/native")
if ! diff -r -x ai-optout-generated.json "$work/ours" "$work/native" >/dev/null; then
  echo "bench/native writes another stack than ai-optout synth:" >&2
  diff -r -x ai-optout-generated.json "$work/ours" "$work/native" >&2 || true
  exit 1
fi

# Runs one command; prints "name wall_s cpu_s largest_kib load". GNU time's %M is the largest
# resident set of one process among the command and the descendants it waited for (the JVM waits
# for its Node.js), so the detached index builder is not in it.
measure() {
  local name=$1 load wall user sys largest; shift
  rm -rf "$work/out"
  read -r load _ < /proc/loadavg
  if ! (cd "$work" && /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err"); then
    echo "$name failed:" >&2; cat "$work/err" >&2; exit 1
  fi
  read -r wall user sys largest < "$work/time"
  echo "$name $wall $(awk "BEGIN { print $user + $sys }") $largest $load"
}

# What the build runs after it packs the jar, in this HOME (see main/pom.xml).
build_warm_up() {
  local training=("synth" "--config" "$root/examples/multi-ou-exceptions/ai-optout.yaml" "--out" "$work/training")
  if [ -f "$root/main/target/runtime/warm-build.sh" ]; then
    sh "$root/main/target/runtime/warm-build.sh" java -Xmx512m -XX:+UseSerialGC -jar "$root/main/target/ai-optout.jar" "${training[@]}"
  else
    "$root/ai-optout" "${training[@]}"
  fi >/dev/null 2>&1
}

# Waits (at most 3 minutes) until no runtime index builder of this HOME is running; prints how long.
index_builders_done() {
  local home=$1 start=$SECONDS pid
  while [ $((SECONDS - start)) -lt 180 ]; do
    # [.]: grep's own command line does not match it.
    pid=$(grep -lsa -- "$home/[.]cache/aws/jsii" /proc/[0-9]*/cmdline | head -n 1 || true)
    [ -z "$pid" ] && break
    sleep 0.2
  done
  echo $((SECONDS - start))
}

ours=("$root/ai-optout" synth --out "$work/out")

{
  echo "# name wall_s cpu_s largest_kib load (largest: the peak resident memory of the largest process)"
  for ((i = 1; i <= rounds; i++)); do
    home="$work/home-$i"
    mkdir -p "$home"
    ((i % 2)) && measure native node "$native/main.js" "$work/out"
    HOME=$home build_warm_up
    HOME=$home measure first "${ours[@]}"
    HOME=$home measure later "${ours[@]}"
    HOME=$home measure large "${ours[@]}" --config "$large"
    rm -rf "$home"
    ((i % 2)) || measure native node "$native/main.js" "$work/out"
    mkdir -p "$home"
    HOME=$home measure release "${ours[@]}"
    echo "# round $i: the runtime index builder ran $(index_builders_done "$home") s more after the release row"
    rm -rf "$home"
  done
} | tee "$results/synth-bench.txt"

summary "$results/synth-bench.txt" | tee -a "$results/synth-bench.txt"
