#!/usr/bin/env bash
# verify on an emulated organization, unthrottled and behind a throttling proxy (issue 19): API
# calls (the reading against its budget of accounts/15 + 2 per OU + 3 per policy + 10; the
# cross-check and the retries apart), throttled answers, wall time, peak memory, and the report's
# hash, which must be the same whatever share of requests is throttled. Default: 10,000 accounts
# (10,001 with the management account) under 2,000 OUs. Needs moto_server; building the
# organization in the emulator takes most of the time (about 3 calls per account).
#   bench/verify-bench.sh [ACCOUNTS] [OUS] [SHARE...]     e.g. bench/verify-bench.sh 5000 1000 0 0.2 0.5
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
accounts=${1:-10000}
ous=${2:-2000}
shift $(( $# < 2 ? $# : 2 ))
shares=("$@")
[ ${#shares[@]} -gt 0 ] || shares=(0 0.2 0.5)
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am package >/dev/null)
command -v moto_server >/dev/null || { echo "moto_server is not on PATH" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d)
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; wait $moto 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.2; done

mkdir -p "$root/bench/results"
out="$root/bench/results/verify-bench-$accounts.txt"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
{
  java -cp "$jar" dev.aioptout.bench.VerifyCalls populate "http://127.0.0.1:$port" "$accounts" "$ous" "$work/lex.json"
  # Each audit in a JVM of its own, with the options the launchers give verify (runtime-env.sh),
  # so that its peak memory is its own and the user's.
  # shellcheck source=../modules/cdktf-runtime/src/main/node/runtime-env.sh
  . "$root/modules/cdktf-runtime/src/main/node/runtime-env.sh"
  ai_optout_jvm_options verify
  for share in "${shares[@]}"; do
    # shellcheck disable=SC2086 # the options, one word each
    java $_aio_jvm_options -cp "$jar" dev.aioptout.bench.VerifyCalls audit \
      "http://127.0.0.1:$port" "$share" "$work/lex.json"
  done
} | tee "$out"
