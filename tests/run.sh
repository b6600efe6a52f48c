#!/bin/sh
# Runs every unit-test program, then the end-to-end shell tests, and adds up their counts.
# The last line is "N passed, N failed, N skipped" for CI.
build=${1:-build}
passed=0 failed=0 skipped=0 status=0
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    line=$("$t" 2>&1 | tee /dev/stderr | tail -n 1) || status=1
    set -- $(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
    if [ $# -ne 3 ]; then echo "$t: crashed or printed no summary" >&2; failed=$((failed + 1)); status=1; continue; fi
    passed=$((passed + $1)) failed=$((failed + $2)) skipped=$((skipped + $3))
done
for script in tests/cli.sh tests/store.sh tests/eval.sh; do
    [ -f "$script" ] || continue
    line=$(sh "$script" "$build" 2>&1 | tee /dev/stderr | tail -n 1) || status=1
    set -- $(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
    if [ $# -eq 3 ]; then passed=$((passed + $1)) failed=$((failed + $2)) skipped=$((skipped + $3));
    else echo "$script printed no summary" >&2; failed=$((failed + 1)); status=1; fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
