#!/bin/sh
# End-to-end tests of dyad eval: the JSONL gold with the small test dictionaries, then the
# TABARI and PETRARCH validation suites in ../shared when present (skipped otherwise).
# The suites' pass rates are checked against floors: the issue's targets, 95% of TABARI's
# and 85% of PETRARCH's records (see README "Coming from TABARI / PETRARCH").  Raise the
# floors as the coder improves; never lower them.
build=${1:-build}
dyad="$build/dyad"
shared=${SHARED_DIR:-../shared}
mini="--dict tests/data/mini.actors --dict tests/data/mini.agents --dict tests/data/mini.verbs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
expect_grep() { # pattern, file, description
    if grep -q -- "$1" "$2"; then ok; else bad "$3: no '$1' in $(basename "$2")"; sed 's/^/    /' "$2" >&2; fi
}

$dyad eval $mini tests/data/mini.gold.jsonl >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && ok || { bad "eval jsonl exit"; cat "$tmp/err" >&2; }
expect_grep '^pass g1$' "$tmp/out" "exact full code passes"
expect_grep '^FAIL g3 tests/data/mini.gold.jsonl:3: missing GBR RUS 112; extra GBR RUS 1122$' "$tmp/out" "full-code miss"
expect_grep '^pass g4$' "$tmp/out" "no event expected, none coded"
expect_grep '^root  *3  *0  *0 ' "$tmp/out" "root level counts 112 ~ 1122"
expect_grep '^full  *2  *1  *1 ' "$tmp/out" "full level counts"
[ "$(tail -n 1 "$tmp/out")" = "records: 3 passed of 4 (75.0%)" ] && ok || bad "last line: $(tail -n 1 "$tmp/out")"

$dyad eval "$tmp/missing.jsonl" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && ok || bad "missing gold file: exit 2"
$dyad eval --help >"$tmp/out" 2>&1 && expect_grep "records: P passed of N" "$tmp/out" "eval help"

# TABARI records: an OPTION in a record's comment holds from the next record on
tabari="--dict tests/data/tabari.actors --dict tests/data/tabari.agents --dict tests/data/tabari.verbs"
printf '%s\n' '950101  OPT-01' 'Armenia accused Bolivia of spying.' \
    '/* { OPTION: SET: MINIMUM WORDS = 4 } \n{- - -} */' '' \
    '950101  OPT-02' 'Armenia accused Bolivia of spying.' '/* \n{ ARM / BOL / 1121 } */' \
    >"$tmp/options.text"
$dyad eval $tabari "$tmp/options.text" >"$tmp/out" 2>"$tmp/err"
expect_grep '^pass OPT-01$' "$tmp/out" "TABARI option not yet in force in its own record"
expect_grep '^pass OPT-02$' "$tmp/out" "TABARI option in force from the next record"

# rate: the percentage of the last line of dyad eval
rate() { tail -n 1 "$1" | sed -n 's/^records: [0-9]* passed of [0-9]* (\([0-9]*\)\.[0-9]%)$/\1/p'; }
suite() { # file, floor, name
    if [ ! -r "$1" ]; then skipped=$((skipped + 1)); echo "skip: $3 ($1 absent)" >&2; return; fi
    $dyad eval -q "$1" >"$tmp/suite" 2>"$tmp/err" || { bad "$3: exit $?"; cat "$tmp/err" >&2; return; }
    r=$(rate "$tmp/suite")
    if [ -n "$r" ] && [ "$r" -ge "$2" ]; then ok; else bad "$3: $(tail -n 1 "$tmp/suite"), floor $2%"; fi
}
suite "$shared/tabari/Validate.project" 95 "TABARI validation suite"
suite "$shared/petrarch/PETR.UnitTest.records.xml" 85 "PETRARCH unit tests"

echo "tests/eval.sh: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
