#!/usr/bin/env bash
# Counts verify's API calls and wall time on an emulated organization of 5,000 accounts under
# 500 OUs (issue 5's goal: at most accounts/15 + 2 x OUs + 3 x policies calls), next to what
# the per-account DescribeEffectivePolicy approach needs. Needs moto_server; takes a few minutes
# (building the organization in the emulator is most of it).
#   bench/verify-bench.sh [ACCOUNTS] [OUS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
accounts=${1:-5000}
ous=${2:-500}
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am package >/dev/null)
command -v moto_server >/dev/null || { echo "moto_server is not on PATH" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; wait $moto 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.2; done

mkdir -p "$root/bench/results"
AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing java -cp "$jar" dev.aioptout.bench.VerifyCalls \
  "http://127.0.0.1:$port" "$accounts" "$ous" | tee "$root/bench/results/verify-bench.txt"
