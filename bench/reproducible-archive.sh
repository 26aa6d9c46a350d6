#!/usr/bin/env bash
# The release archive is the same bytes from the same commit and JDK, whatever main/target held
# before (review2 finding 2): it builds the archive three times in this checkout and compares.
#   1. over a main/target without an earlier training (as a fresh CI runner builds);
#   2. again, over the first build's training folder and class list (a developer's rebuild):
#      the same sha256 as 1;
#   3. with -Dcds.skip=true, over the same leftovers: the archive's lib/ai-optout.classlist is
#      empty (no training ran, nothing shipped from an earlier one), and a second such build
#      gives the same sha256.
# Four packages of the 145 MB jar: minutes, hence a script and not a test of the suite. Needs
# Node.js for 1 and 2 (without it the training writes an empty list, and 1 = 2 trivially).
#   bench/reproducible-archive.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build() {
  mvn -B -o -q -DskipTests -Dspotless.check.skip=true "$@" package -pl distribution -am >/dev/null
  sha256sum distribution/target/ai-optout-*.tar.gz | cut -d' ' -f1
}
classlist_lines() {
  tar -xzOf distribution/target/ai-optout-*.tar.gz --wildcards '*/lib/ai-optout.classlist' | wc -l
}
rm -rf main/target/cds-training main/target/cds-training.classlist
clean=$(build)
echo "clean target:   $clean ($(classlist_lines) class list lines)"
[ -d main/target/cds-training ] || echo "note: no training folder was left (no Node.js?)"
again=$(build)
echo "rebuild:        $again ($(classlist_lines) class list lines)"
skip1=$(build -Dcds.skip=true)
lines=$(classlist_lines)
echo "-Dcds.skip:     $skip1 ($lines class list lines)"
skip2=$(build -Dcds.skip=true)
echo "-Dcds.skip x2:  $skip2"
status=0
[ "$clean" = "$again" ] || { echo "FAIL: a rebuild over a used main/target gives other bytes" >&2; status=1; }
[ "$lines" = 0 ] || { echo "FAIL: a -Dcds.skip build ships a class list ($lines lines)" >&2; status=1; }
[ "$skip1" = "$skip2" ] || { echo "FAIL: two -Dcds.skip builds give other bytes" >&2; status=1; }
[ "$status" = 0 ] && echo "OK: the same bytes"
exit $status
