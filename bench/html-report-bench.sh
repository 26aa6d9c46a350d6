#!/usr/bin/env bash
# The HTML report at scale (issue 12): writes the plan of a generated organization of ACCOUNTS
# accounts (default 10,000: 1,200 under the root, the rest in 584 OUs three levels deep) as
# --format html, and opens it ROUNDS times (default 5) in headless Chromium over the DevTools
# protocol: file size, time to write it, when the page was parsed, drawn and painted, and how long
# filtering and drawing more children take (medians). Needs chromium (Debian: apt-get install chromium).
#   bench/html-report-bench.sh [ACCOUNTS] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
accounts=${1:-10000}
rounds=${2:-5}
cd "$root"
# Through the reactor (nothing installed into ~/.m2): compile the tests module and list its classpath.
mvn -B -ntp -q -pl tests -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
mkdir -p "$root/bench/results"
java -cp "$root/tests/target/test-classes:$(cat "$root/tests/target/test-classpath.txt")" \
  dev.aioptout.e2e.HtmlReportTimes "$accounts" "$rounds" "$root/bench/results" | tee "$root/bench/results/html-report-bench.txt"
