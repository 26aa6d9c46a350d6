#!/usr/bin/env bash
# Cold `./ai-optout synth` of the embedded default layout next to the same stack in CDKTF's native
# JavaScript runtime (bench/native, installed with npm ci), run alternately, pair by pair, and of a
# generated multi-OU layout (2,000 OUs, 500 exceptions); with peak memory.
#   bench/synth-bench.sh [PAIRS]        (default 7; results in bench/results/synth-bench.txt)
# Goals (issue 13): default within 14x of native (8x the moonshot), large within 2x of default,
# the JVM and its Node.js processes together under 600 MB.
# Times are wall clock and CPU (user + system, the whole process tree). The order inside a round
# alternates, so that neither side always runs first on a machine whose load changes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pairs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$root/bench/results"
mkdir -p "$results"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1

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

# Every process below $1 but $2 and its own (threads too: the JVM starts Node.js from one of its threads).
descendants() {
  local task pid kids
  for task in /proc/"$1"/task/*; do
    kids=()
    read -r -a kids 2>/dev/null < "$task/children" || true
    for pid in "${kids[@]}"; do
      [ "$pid" = "$2" ] && continue
      echo "$pid"
      descendants "$pid" "$2"
    done
  done
}

# Peak resident memory of the java and node processes under $1, summed (an upper bound of their
# peak together): every 50 ms each one's high-water mark (VmHWM) is read; once $2.stop exists,
# the sum is written to $2.
sample_peaks() {
  local parent=$1 out=$2 self=$BASHPID pid name key value total=0
  declare -A peak=()
  while [ ! -e "$out.stop" ]; do
    for pid in $(descendants "$parent" "$self"); do
      read -r name 2>/dev/null < /proc/"$pid"/comm || continue
      [ "$name" = java ] || [ "$name" = node ] || continue
      while read -r key value _; do
        if [ "$key" = "VmHWM:" ]; then
          [ "$value" -gt "${peak[$pid]:-0}" ] && peak[$pid]=$value
          break
        fi
      done 2>/dev/null < /proc/"$pid"/status || true
    done
    sleep 0.05
  done
  for pid in "${!peak[@]}"; do total=$((total + peak[$pid])); done
  echo "$total" > "$out"
}

# Runs one cold synth; prints "name wall_s cpu_s peak_kib".
measure() {
  local name=$1; shift
  rm -rf "$work/out"
  local self=$BASHPID sampler times wall user sys
  sample_peaks "$self" "$work/peak" &
  sampler=$!
  times=$( { TIMEFORMAT='%R %U %S'; time (cd "$work" && "$@" >/dev/null 2>&1); } 2>&1 )
  touch "$work/peak.stop"; wait "$sampler"; rm -f "$work/peak.stop"
  read -r wall user sys <<< "$times"
  echo "$name $wall $(awk "BEGIN { print $user + $sys }") $(cat "$work/peak")"
}

ours_default() { measure default "$root/ai-optout" synth --out "$work/out"; }
ours_large() { measure large "$root/ai-optout" synth --out "$work/out" --config "$large"; }
native_default() { measure native node "$native/main.js" "$work/out"; }

{
  echo "# name wall_s cpu_s peak_kib (peak: the high-water marks of its java and node processes, summed)"
  for ((i = 1; i <= pairs; i++)); do
    if ((i % 2)); then native_default; ours_default; else ours_default; native_default; fi
    ours_large
  done
} | tee "$results/synth-bench.txt"

awk '
  !/^#/ { n[$1]++; wall[$1, n[$1]] = $2; cpu[$1, n[$1]] = $3; if ($4 > peak[$1]) peak[$1] = $4 }
  function median(values, count,   i, j, t) {
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++)
      if (values[j] < values[i]) { t = values[i]; values[i] = values[j]; values[j] = t }
    return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
  }
  END {
    rounds = n["default"]
    printf "round  default/native wall   cpu     large/default wall   cpu\n"
    for (i = 1; i <= rounds; i++) {
      rw[i] = wall["default", i] / wall["native", i]; rc[i] = cpu["default", i] / cpu["native", i]
      lw[i] = wall["large", i] / wall["default", i]; lc[i] = cpu["large", i] / cpu["default", i]
      printf "%5d  %19.1fx %6.1fx %18.2fx %6.2fx\n", i, rw[i], rc[i], lw[i], lc[i]
    }
    for (i = 1; i <= rounds; i++) { dw[i] = wall["default", i]; nw[i] = wall["native", i]; gw[i] = wall["large", i] }
    printf "median %18.1fx %6.1fx %18.2fx %6.2fx\n", median(rw, rounds), median(rc, rounds), median(lw, rounds), median(lc, rounds)
    printf "median wall: native %.2f s, default %.2f s, large %.2f s\n", median(nw, rounds), median(dw, rounds), median(gw, rounds)
    printf "peak RSS (JVM and Node.js together): default %d MiB, large %d MiB; native %d MiB\n",
           peak["default"] / 1024, peak["large"] / 1024, peak["native"] / 1024
  }' "$results/synth-bench.txt" | tee -a "$results/synth-bench.txt"
