#!/usr/bin/env bash
# Times cold-JVM `ai-optout synth` of the embedded default layout and of a generated multi-OU
# layout (2,000 OUs, 500 exceptions), and reports peak memory.
#   bench/synth-bench.sh [RUNS]        (default 3 runs each; results in bench/results/)
# Goal (issue 2): the large layout within 2x the default's time, and under 1 GiB.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$root/bench/results"
mkdir -p "$results"

"$root/ai-optout" --version >/dev/null   # builds the jar on first use
jar="$root/main/target/ai-optout.jar"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CHECKPOINT_DISABLE=1

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

java_opts=(-Xmx512m -XX:+UseSerialGC)   # what ./ai-optout uses

# Peak resident memory of the JVM and the Node.js process jsii starts, together, sampled every 50 ms.
sample_rss() {
  local pid=$1 peak=0
  while kill -0 "$pid" 2>/dev/null; do
    local sum=0 kib
    for kib in $(ps -o rss= --pid "$pid" --ppid "$pid" 2>/dev/null) $(pgrep -P "$pid" | xargs -r -I{} ps -o rss= --ppid {} 2>/dev/null); do
      sum=$((sum + kib))
    done
    [ "$sum" -gt "$peak" ] && peak=$sum
    sleep 0.05
  done
  echo "$peak"
}

measure() { # name, then the synth arguments; prints "name seconds peak_rss_kib" per run
  local name=$1; shift
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$work/out"
    local start end pid rss
    start=$(date +%s.%N)
    java "${java_opts[@]}" -jar "$jar" synth --out "$work/out" "$@" 2>/dev/null &
    pid=$!
    rss=$(sample_rss "$pid")
    wait "$pid"
    end=$(date +%s.%N)
    echo "$name $(echo "$end - $start" | bc) $rss"
  done
}

{
  echo "# name seconds peak_rss_kib (the JVM and its Node.js child together)"
  (cd "$work" && measure default)
  (cd "$work" && measure large --config "$large")
} | tee "$results/synth-bench.txt"

awk '!/^#/ { t[$1] += $2; n[$1]++; if ($3 > m[$1]) m[$1] = $3 }
     END { d = t["default"] / n["default"]; l = t["large"] / n["large"];
           printf "default: %.2f s mean; large: %.2f s mean (%.2fx); peak RSS default %d MiB, large %d MiB\n",
                  d, l, l / d, m["default"] / 1024, m["large"] / 1024 }' "$results/synth-bench.txt"
