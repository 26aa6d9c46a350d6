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

measure() { # name, then the synth arguments; prints "name seconds maxrss_kib" per run
  local name=$1; shift
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$work/out"
    local start end rss
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%M' -o "$work/rss" java -Xmx1g -jar "$jar" synth --out "$work/out" "$@" 2>/dev/null
      rss=$(cat "$work/rss")
    else
      java -Xmx1g -jar "$jar" synth --out "$work/out" "$@" 2>/dev/null
      rss=NA
    fi
    end=$(date +%s.%N)
    echo "$name $(echo "$end - $start" | bc) $rss"
  done
}

{
  echo "# name seconds max_rss_kib (largest single process: the JVM, -Xmx1g)"
  (cd "$work" && measure default)
  (cd "$work" && measure large --config "$large")
} | tee "$results/synth-bench.txt"

awk '!/^#/ { t[$1] += $2; n[$1]++; if ($3 > m[$1]) m[$1] = $3 }
     END { d = t["default"] / n["default"]; l = t["large"] / n["large"];
           printf "default: %.2f s mean; large: %.2f s mean (%.2fx); peak RSS default %d MiB, large %d MiB\n",
                  d, l, l / d, m["default"] / 1024, m["large"] / 1024 }' "$results/synth-bench.txt"
