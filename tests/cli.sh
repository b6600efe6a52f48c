#!/bin/sh
# End-to-end tests of the dyad command: help, exit codes, input formats, output formats,
# error reporting.  Uses the small test dictionaries so the expectations test the program.
build=${1:-build}
dyad="$build/dyad"
mini="--dict tests/data/mini.actors --dict tests/data/mini.agents --dict tests/data/mini.verbs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
expect_status() { # want, description, command...
    want=$1 what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; cat "$tmp/err" >&2; fi
}
expect_grep() { # pattern, file, description
    if grep -q -- "$1" "$2"; then ok; else bad "$3: no '$1' in $(basename "$2")"; sed 's/^/    /' "$2" >&2; fi
}

expect_status 0 "dyad --help" "$dyad" --help
expect_grep "commands:" "$tmp/out" "main help"
expect_status 0 "dyad code --help" "$dyad" code --help
expect_grep "--format" "$tmp/out" "code help"
expect_status 0 "dyad dict --help" "$dyad" dict --help
expect_status 0 "dyad --version" "$dyad" --version
expect_grep "^dyad [0-9]" "$tmp/out" "version"
expect_status 2 "no command" "$dyad"
expect_status 2 "unknown command" "$dyad" frobnicate
expect_status 2 "unknown option" "$dyad" code --frobnicate
expect_status 2 "bad format" "$dyad" code --format yaml
expect_status 2 "bad date" "$dyad" code --date 2024-13-45 /dev/null
expect_status 2 "missing input" "$dyad" code "$tmp/does-not-exist.txt"

# stdin, text
echo "Britain accused Russia of torture." | $dyad code $mini --date 2020-01-01 >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && ok || bad "stdin text exit"
expect_grep '"source_code":"GBR","target_code":"RUS","code":"1122"' "$tmp/out" "stdin text event"
expect_grep '"sentence_id":"stdin-1"' "$tmp/out" "stdin sentence id"

# an output without events says so on stderr (unless -q), and how many stories it read;
# with events it says nothing
printf 'The weather was fine.\n\nTurkey praised the weather.\n' >"$tmp/none.txt"
expect_status 0 "no events" $dyad code $mini "$tmp/none.txt" "$tmp/none.txt"
expect_grep "2 stories read, no events coded" "$tmp/err" "no events said"
test -s "$tmp/out" && bad "no events: output not empty" || ok
expect_status 0 "no events, -j 1" $dyad code $mini -j 1 "$tmp/none.txt"
expect_grep "1 story read, no events coded" "$tmp/err" "no events said at -j 1"
expect_status 0 "no events, quiet" $dyad code $mini -q "$tmp/none.txt"
test -s "$tmp/err" && bad "no events, -q: stderr not empty" || ok
echo "Britain accused Russia of torture." | $dyad code $mini >/dev/null 2>"$tmp/err"
test -s "$tmp/err" && bad "events: stderr not empty" || ok

# JSONL with a malformed record in the middle: reported with its line, the rest coded, exit 1
printf '%s\n' '{"id":"a1","date":"2021-05-02","text":"Turkey condemned Syria."}' \
    '{"id":"a2","text": broken' \
    '{"id":"a3","date":"20210503","title":"Russia accuses Britain","text":"Moscow condemned Britain."}' \
    >"$tmp/in.jsonl"
expect_status 1 "jsonl with a bad record" $dyad code $mini "$tmp/in.jsonl"
expect_grep "in.jsonl:2" "$tmp/err" "bad record reported with its line"
expect_grep '"story_id":"a1"' "$tmp/out" "record before the bad one"
expect_grep '"story_id":"a3"' "$tmp/out" "record after the bad one"
expect_grep '"date":"2021-05-03"' "$tmp/out" "date from record"
expect_grep '"source_code":"RUS","target_code":"GBR","code":"112"' "$tmp/out" "headline from title"

# PETRARCH XML: sentence ids are the record ids
cat >"$tmp/in.xml" <<'XML'
<Sentences>
<Sentence date = "20080801" id ="AFP0808-1_2" source = "AFP" sentence = "True">
<Text>
Syria accused Turkey of torture.
</Text>
<Parse>(ROOT (S (NP (NNP Syria))))</Parse>
</Sentence>
</Sentences>
XML
expect_status 0 "xml" $dyad code $mini "$tmp/in.xml"
expect_grep '"story_id":"AFP0808-1","sentence_id":"AFP0808-1_2"' "$tmp/out" "xml ids"

# a directory, recursively, in name order; output identical run to run
mkdir -p "$tmp/dir/sub"
echo "Britain condemned Russia." >"$tmp/dir/b.txt"
echo "Turkey condemned Syria." >"$tmp/dir/sub/a.txt"
$dyad code $mini "$tmp/dir" >"$tmp/run1" 2>/dev/null
$dyad code $mini "$tmp/dir" >"$tmp/run2" 2>/dev/null
if [ "$(wc -l <"$tmp/run1")" -eq 2 ] && cmp -s "$tmp/run1" "$tmp/run2"; then ok; else bad "directory run not 2 events or not deterministic"; fi
head -n 1 "$tmp/run1" >"$tmp/first"
expect_grep '"story_id":"b"' "$tmp/first" "directory order"

# formats
echo "Britain accused Russia." | $dyad code $mini --date 2020-01-01 --format tsv >"$tmp/out"
expect_grep "	GBR	GBR			RUS	RUS			112	11	3	-2.0	" "$tmp/out" "Phoenix TSV columns"
echo "Britain accused Russia." | $dyad code $mini --format csv >"$tmp/out"
expect_grep "^story_id,sentence_id" "$tmp/out" "CSV header"
expect_grep '"GBR","RUS",112,11,' "$tmp/out" "CSV row"
echo "Britain accused Russia." | $dyad code $mini --explain >"$tmp/out"
expect_grep '"explain":{"block":"ACCUSE"' "$tmp/out" "explain"

# a malformed dictionary line is an error naming file:line, exit 2
printf -- '--- A [112] ---\nACCUSE\n- * OF\n' >"$tmp/bad.verbs"
expect_status 2 "bad dictionary" $dyad code --dict "$tmp/bad.verbs" /dev/null
expect_grep "bad.verbs:3:" "$tmp/err" "dictionary error location"
expect_status 2 "unknown dictionary kind" $dyad code --dict "$tmp/in.xml" /dev/null

# invalid UTF-8 is reported, not fatal
printf 'Britain accused \377\376 Russia.\n' | $dyad code $mini >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && ok || bad "invalid utf-8 exit"
expect_grep "invalid UTF-8" "$tmp/err" "invalid UTF-8 reported"

# dyad quotes: quotations with their speakers
expect_status 0 "dyad quotes --help" "$dyad" quotes --help
expect_status 0 "quotes" "$dyad" quotes --date 2024-03-06 examples/wire-story.txt
expect_grep '"quote":"We will not allow our citizens to be targeted,"' "$tmp/out" "a quotation"
expect_grep '"speaker":{"text":"Fidan","code":"TURGOV"' "$tmp/out" "its speaker"
expect_status 0 "no-dedup" "$dyad" code --no-dedup --date 2024-03-06 examples/wire-story.txt
n_all=$(wc -l <"$tmp/out")
"$dyad" code --date 2024-03-06 examples/wire-story.txt >"$tmp/out" 2>/dev/null
if [ "$(wc -l <"$tmp/out")" -lt "$n_all" ]; then ok; else bad "dedup merged nothing"; fi
expect_grep '"evidence":\[{"sentence_id":"wire-story-1","sentence_index":1},{"sentence_id":"wire-story-2"' "$tmp/out" "evidence of a merged event"

# -j: threads give the same bytes in the same order, and the same messages and status
i=1
while [ $i -le 300 ]; do
    case $i in
    50 | 150 | 250) echo '{"id":"bad'$i'","text": broken' ;;
    *) echo '{"id":"r'$i'","date":"2021-05-02","title":"Russia accuses Britain","text":"Turkey condemned Syria. Britain accused Russia of torture."}' ;;
    esac
    i=$((i + 1))
done >"$tmp/many.jsonl"
$dyad code $mini -j 1 "$tmp/many.jsonl" "$tmp/dir" >"$tmp/j1" 2>"$tmp/j1.err"; s1=$?
$dyad code $mini -j 2 "$tmp/many.jsonl" "$tmp/dir" >"$tmp/j2" 2>"$tmp/j2.err"; s2=$?
$dyad code $mini --jobs 3 "$tmp/many.jsonl" "$tmp/dir" >"$tmp/j3" 2>"$tmp/j3.err"; s3=$?
if [ "$(wc -l <"$tmp/j1")" -ge 600 ] && cmp -s "$tmp/j1" "$tmp/j2" && cmp -s "$tmp/j1" "$tmp/j3"; then ok; else bad "-j 2 / -j 3 output differs from -j 1"; fi
if [ $s1 -eq 1 ] && [ $s2 -eq 1 ] && [ $s3 -eq 1 ]; then ok; else bad "-j exit status $s1 $s2 $s3, want 1"; fi
expect_grep "many.jsonl:150: id bad150" "$tmp/j2.err" "bad record reported under -j 2"
if cmp -s "$tmp/j1.err" "$tmp/j2.err" && [ "$(wc -l <"$tmp/j2.err")" -eq 3 ]; then ok; else bad "-j 2 messages differ from -j 1"; fi
printf 'Britain accused \377\376 Russia.\n' | $dyad code $mini -j 2 >"$tmp/out" 2>"$tmp/err"
expect_grep "invalid UTF-8" "$tmp/err" "invalid UTF-8 reported under -j 2"
expect_status 2 "-j 0" "$dyad" code -j 0 /dev/null

# the built-in dictionaries load and the bundled example codes events
expect_status 0 "dyad dict" $dyad dict
expect_grep "actors:" "$tmp/out" "dict sizes"
expect_status 0 "example" $dyad code --date 2024-03-06 examples/wire-story.txt
if [ "$(wc -l <"$tmp/out")" -ge 5 ]; then ok; else bad "example story gave fewer than 5 events"; fi
if grep -qi "click here\|copyright\|read more" "$tmp/out"; then bad "boilerplate coded"; else ok; fi

echo "tests/cli.sh: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
