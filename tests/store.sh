#!/bin/sh
# End-to-end tests of dyad ingest / query / export: exports equal `dyad code` output, re-runs
# change nothing, a changed story is replaced, kill -9 during an ingest then a re-run gives
# the same dataset as a clean run, readers work during an ingest, two ingests at once do not
# corrupt the database, filters take hostile values as plain values.  Prints ingest speed.
# Uses the small test dictionaries, so the events of each template sentence are known.
build=${1:-build}
dyad="$build/dyad"
mini="--dict tests/data/mini.actors --dict tests/data/mini.agents --dict tests/data/mini.verbs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { # description, command...: passes when the command succeeds
    what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}
expect_status() { # want, description, command...
    want=$1 what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; sed 's/^/    /' "$tmp/err" >&2; fi
}
same_sorted() { sort "$1" >"$1.s"; sort "$2" >"$2.s"; cmp -s "$1.s" "$2.s"; }

# A corpus of short stories: a few template sentences with the countries and dates varied.
awk -v n=2000 'BEGIN {
    srand(7)
    nc = split("Turkey Syria Russia Britain France Egypt Brazil", c, " ")
    nt = split("%1 accused %2 of torture.|Russia held talks with %2.|%1 condemned %2.|%1 attacked %2.|%1 agreed to meet %2.|Officials said the weather was mild.", t, "|")
    for (i = 1; i <= n; i++) {
        text = ""
        for (j = 1; j <= 3; j++) {
            a = c[int(rand() * nc) + 1]; do b = c[int(rand() * nc) + 1]; while (b == a)
            s = t[int(rand() * nt) + 1]; gsub(/%1/, a, s); gsub(/%2/, b, s)
            text = text (j > 1 ? " " : "") s
        }
        printf "{\"id\":\"s%05d\",\"date\":\"2023-%02d-%02d\",\"source\":\"Wire\",\"text\":\"%s\"}\n", i, int(rand() * 12) + 1, int(rand() * 28) + 1, text
    }
}' >"$tmp/corpus.jsonl"

expect_status 0 "ingest --help" "$dyad" ingest $mini --help
check "ingest help text" grep -q -- "--batch" "$tmp/out"
expect_status 0 "query --help" "$dyad" query --help
check "query help text" grep -q -- "--series" "$tmp/out"
expect_status 0 "export --help" "$dyad" export --help
check "export help text" grep -q -- "--format" "$tmp/out"
expect_status 2 "ingest without DB" "$dyad" ingest
expect_status 2 "ingest bad --batch" "$dyad" ingest $mini --batch 0 "$tmp/x.db" "$tmp/corpus.jsonl"
expect_status 3 "query of a missing DB" "$dyad" query "$tmp/missing.db"
expect_status 3 "export of a file that is no database" "$dyad" export "$tmp/corpus.jsonl"
check "not a database said" grep -q "not a dyad database\|cannot open\|not a database" "$tmp/err"

# Clean ingest; exports equal a direct run in every format, line for line.
t0=$(date +%s.%N)
"$dyad" code $mini "$tmp/corpus.jsonl" >"$tmp/code.jsonl" 2>/dev/null
t1=$(date +%s.%N)
expect_status 0 "clean ingest" "$dyad" ingest $mini "$tmp/clean.db" "$tmp/corpus.jsonl"
t2=$(date +%s.%N)
summary=$(tail -n 1 "$tmp/err")
check "ingest summary" grep -q "2000 stories (2000 added, 0 replaced, 0 unchanged)" "$tmp/err"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v s="$summary" \
    'BEGIN { printf "speed: dyad code %.2f s, dyad ingest %.2f s (%+.0f%%); %s\n", b - a, c - b, 100 * ((c - b) / (b - a) - 1), s }' >&2
expect_status 0 "export jsonl" "$dyad" export "$tmp/clean.db" -o "$tmp/clean.jsonl"
check "stored JSONL equals dyad code" cmp -s "$tmp/clean.jsonl" "$tmp/code.jsonl"
check "some events" test "$(wc -l <"$tmp/clean.jsonl")" -gt 2000
for f in tsv csv; do
    "$dyad" code $mini --format $f "$tmp/corpus.jsonl" >"$tmp/code.$f" 2>/dev/null
    expect_status 0 "export $f" "$dyad" export --format $f "$tmp/clean.db" -o "$tmp/clean.$f"
    check "stored $f equals dyad code --format $f" cmp -s "$tmp/clean.$f" "$tmp/code.$f"
done

# The worker pool: any -j stores the same database, in the same order (rows, ids, quotes).
for j in 1 2 3; do
    expect_status 0 "ingest -j $j" "$dyad" ingest $mini -j $j --batch 70 "$tmp/j$j.db" "$tmp/corpus.jsonl"
    check "ingest -j $j summary" grep -q "2000 stories (2000 added, 0 replaced, 0 unchanged)" "$tmp/err"
    "$dyad" export "$tmp/j$j.db" >"$tmp/j$j.jsonl"
    check "ingest -j $j exports as dyad code" cmp -s "$tmp/j$j.jsonl" "$tmp/code.jsonl"
done
if command -v sqlite3 >/dev/null; then
    for j in 1 2 3; do sqlite3 "$tmp/j$j.db" .dump >"$tmp/j$j.sql"; done
    check "ingest -j 2: same database as -j 1" cmp -s "$tmp/j1.sql" "$tmp/j2.sql"
    check "ingest -j 3: same database as -j 1" cmp -s "$tmp/j1.sql" "$tmp/j3.sql"
else
    skipped=$((skipped + 1)); echo "skip: no sqlite3 to compare databases row by row" >&2
fi
# ...records that cannot be read are reported in input order and the rest stored; a re-run
# codes nothing.
{ head -n 3 "$tmp/corpus.jsonl"; echo '{"id":"broken",'; sed -n 4,300p "$tmp/corpus.jsonl"; echo 'not json'; } >"$tmp/bad.jsonl"
expect_status 1 "ingest -j 2 with unreadable records" "$dyad" ingest $mini -j 2 "$tmp/bad.db" "$tmp/bad.jsonl"
check "unreadable records reported in order" test "$(grep -c "bad.jsonl:[0-9]*:" "$tmp/err")" -eq 2 -a \
    "$(grep "bad.jsonl:[0-9]*:" "$tmp/err" | cut -d: -f3 | sort -n | tr '\n' ' ')" = "$(grep "bad.jsonl:[0-9]*:" "$tmp/err" | cut -d: -f3 | tr '\n' ' ')"
check "readable records stored" grep -q "300 stories (300 added" "$tmp/err"
expect_status 1 "re-ingest -j 2 with unreadable records" "$dyad" ingest $mini -j 2 "$tmp/bad.db" "$tmp/bad.jsonl"
check "re-ingest -j 2 codes nothing" grep -q "(0 added, 0 replaced, 300 unchanged), 0 events" "$tmp/err"

# Re-ingest: nothing added, nothing changed.
expect_status 0 "re-ingest" "$dyad" ingest $mini "$tmp/clean.db" "$tmp/corpus.jsonl"
check "re-ingest adds nothing" grep -q "(0 added, 0 replaced, 2000 unchanged), 0 events" "$tmp/err"
"$dyad" export "$tmp/clean.db" >"$tmp/again.jsonl"
check "re-ingest changes nothing" cmp -s "$tmp/again.jsonl" "$tmp/clean.jsonl"

# A changed story replaces its events, in place.
cp "$tmp/clean.db" "$tmp/changed.db"
sed 's/^\({"id":"s00010",.*"text":"\)[^"]*"/\1Brazil condemned France. Egypt attacked Turkey."/' \
    "$tmp/corpus.jsonl" >"$tmp/changed.jsonl"
expect_status 0 "ingest a changed story" "$dyad" ingest $mini "$tmp/changed.db" "$tmp/changed.jsonl"
check "one story replaced" grep -q "(0 added, 1 replaced, 1999 unchanged)" "$tmp/err"
"$dyad" code $mini "$tmp/changed.jsonl" >"$tmp/code-changed.jsonl" 2>/dev/null
"$dyad" export "$tmp/changed.db" >"$tmp/export-changed.jsonl"
check "replaced story exports as a direct run" cmp -s "$tmp/export-changed.jsonl" "$tmp/code-changed.jsonl"

# kill -9 at a random moment of an ingest (small batches, so some are committed), with a
# reader exporting meanwhile; then the same command again completes the dataset.  The
# corpus is five times over (other ids) and fed in pieces 50 ms apart, and the feeder holds
# back the last 40 % until the kill: an export takes about as long as an ingest of the
# whole corpus, and the kill must find the ingest running, with up to half of it stored.
for k in 1 2 3 4 5; do sed "s/\"id\":\"/\"id\":\"$k-/" "$tmp/corpus.jsonl"; done >"$tmp/long.jsonl"
"$dyad" code $mini "$tmp/long.jsonl" >"$tmp/long-code.jsonl" 2>/dev/null
nclean=$(wc -l <"$tmp/long-code.jsonl")
stop=$(awk -v w="$nclean" 'BEGIN { srand(); print int(w * (0.1 + 0.4 * rand())) }')
awk -v go="$tmp/go" -v hold=$(($(wc -l <"$tmp/long.jsonl") * 6 / 10)) '
    { print }
    NR % 500 == 0 { fflush(); system("sleep 0.05") }
    NR == hold { fflush(); while (system("test -e " go) != 0) system("sleep 0.05") }' "$tmp/long.jsonl" |
    "$dyad" ingest $mini -q --batch 50 "$tmp/kill.db" - 2>/dev/null &
pid=$!
reads=0 read_fail=0 seen=0 tries=0
: >"$tmp/read-errors"
while kill -0 $pid 2>/dev/null && [ "$seen" -lt "$stop" ] && [ $tries -lt 500 ]; do
    # the file exists a moment before its schema does: count failures after a first read,
    # each with its exit status and message, for the report below
    if "$dyad" export "$tmp/kill.db" -o "$tmp/peek.jsonl" 2>"$tmp/peek.err"; then
        reads=$((reads + 1)) seen=$(wc -l <"$tmp/peek.jsonl")
    else
        st=$?
        if [ $reads -gt 0 ]; then
            read_fail=$((read_fail + 1))
            echo "    export after $reads reads ($seen events seen): exit $st: $(cat "$tmp/peek.err")" >>"$tmp/read-errors"
        fi
    fi
    tries=$((tries + 1))
    sleep 0.02
done
if kill -9 $pid 2>/dev/null; then
    touch "$tmp/go" # the feeder writes the rest into a closed pipe and stops: wait waits for it
    wait $pid 2>/dev/null
    "$dyad" export "$tmp/kill.db" >"$tmp/partial.jsonl" 2>"$tmp/err"; st=$?
    check "export after kill -9 succeeds (exit $st: $(cat "$tmp/err"))" test $st -eq 0
    check "killed ingest left a partial dataset ($(wc -l <"$tmp/partial.jsonl") of $nclean events, $seen seen before the kill)" \
        test "$(wc -l <"$tmp/partial.jsonl")" -ge "$seen" -a "$(wc -l <"$tmp/partial.jsonl")" -lt "$nclean"
    check "exports ran during the ingest ($reads succeeded, $read_fail failed)" test "$reads" -gt 0 -a "$read_fail" -eq 0
    [ "$read_fail" -eq 0 ] || cat "$tmp/read-errors" >&2
else
    touch "$tmp/go"
    wait $pid
    bad "the ingest ended before the kill ($reads reads, $seen of $stop events seen)"
fi
expect_status 0 "ingest again after kill -9" "$dyad" ingest $mini "$tmp/kill.db" "$tmp/long.jsonl"
"$dyad" export "$tmp/kill.db" >"$tmp/kill.jsonl"
check "after kill -9 and a re-run: same count as a clean run" test "$(wc -l <"$tmp/kill.jsonl")" -eq "$nclean"
check "after kill -9 and a re-run: same events as a clean run" same_sorted "$tmp/kill.jsonl" "$tmp/long-code.jsonl"

# An ingest of some blocks of 512 stories, the unit the actor indexes lead with: the
# indexes hold every event, and a dyad through them selects what a direct run codes.
for k in a b c; do sed "s/\"id\":\"/\"id\":\"$k/" "$tmp/long.jsonl"; done >"$tmp/big.jsonl"
"$dyad" code $mini "$tmp/big.jsonl" >"$tmp/big-code.jsonl" 2>/dev/null
expect_status 0 "ingest of $(wc -l <"$tmp/big.jsonl") stories, $(wc -l <"$tmp/big-code.jsonl") events" "$dyad" ingest $mini -j 1 "$tmp/big.db" "$tmp/big.jsonl"
"$dyad" export "$tmp/big.db" >"$tmp/big.out"
check "large ingest exports as dyad code" cmp -s "$tmp/big.out" "$tmp/big-code.jsonl"
"$dyad" query --source TUR --target SYR "$tmp/big.db" >"$tmp/big-q.jsonl"
grep '"source":{"code":"TUR' "$tmp/big-code.jsonl" | grep '"target":{"code":"SYR' >"$tmp/big-want.jsonl"
check "large ingest: a dyad through the indexes ($(wc -l <"$tmp/big-want.jsonl") events)" test -s "$tmp/big-want.jsonl"
check "large ingest: the dyad's events as coded" cmp -s "$tmp/big-q.jsonl" "$tmp/big-want.jsonl"
if command -v sqlite3 >/dev/null; then
    check "large ingest: both indexes, over several blocks, integrity ok" test \
        "$(sqlite3 "$tmp/big.db" "SELECT count(*) FROM sqlite_schema WHERE name IN ('events_source', 'events_target'); SELECT max(id >> 29) > 1 FROM events; PRAGMA integrity_check;" | tr '\n' ' ')" = "2 1 ok "
fi

# Two ingests at once: each finishes or says the database is busy; never a corrupt store.
"$dyad" ingest $mini --batch 100 "$tmp/both.db" "$tmp/corpus.jsonl" 2>"$tmp/err1" &
p1=$!
"$dyad" ingest $mini --batch 100 "$tmp/both.db" "$tmp/corpus.jsonl" 2>"$tmp/err2" &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
for s in "$s1:$tmp/err1" "$s2:$tmp/err2"; do
    case ${s%%:*} in
    0) ok ;;
    3) if grep -q "another process is writing" "${s#*:}"; then ok; else bad "concurrent ingest failed unclearly"; cat "${s#*:}" >&2; fi ;;
    *) bad "concurrent ingest exit ${s%%:*}"; cat "${s#*:}" >&2 ;;
    esac
done
"$dyad" ingest $mini -q "$tmp/both.db" "$tmp/corpus.jsonl"
"$dyad" export "$tmp/both.db" >"$tmp/both.jsonl"
check "concurrent ingests: same events as a clean run" same_sorted "$tmp/both.jsonl" "$tmp/clean.jsonl"
# ...and a writer that cannot wait says so (the first holds the lock for one long batch,
# its input fed slowly as above).
awk '{ print } NR % 500 == 0 { fflush(); system("sleep 0.05") }' "$tmp/long.jsonl" |
    "$dyad" ingest $mini -q --batch 100000 "$tmp/busy.db" - &
p1=$!
sleep 0.3
"$dyad" ingest $mini --wait 0 "$tmp/busy.db" "$tmp/corpus.jsonl" >/dev/null 2>"$tmp/err"; s2=$?
wait $p1
if [ $s2 -eq 3 ] && grep -q "another process is writing" "$tmp/err"; then ok
elif [ $s2 -eq 0 ]; then skipped=$((skipped + 1)); echo "skip: the ingests did not overlap" >&2
else bad "busy database: exit $s2"; cat "$tmp/err" >&2; fi

# Queries through the command line.
db="$tmp/clean.db"
expect_status 0 "query by source country" "$dyad" query --source TUR "$db"
check "every event has a Turkish source" test "$(grep -vc '"source":{"code":"TUR' "$tmp/out")" -eq 0
n_tur=$(wc -l <"$tmp/out")
check "some Turkish events" test "$n_tur" -gt 0
expect_status 0 "query by source and target, csv" "$dyad" query --source TUR,SYR --target RUS --format csv "$db"
check "csv header" grep -q "^story_id," "$tmp/out"
expect_status 0 "series by day with a range" "$dyad" query --series day --from 2022-12-30 --to 2023-01-02 --format csv "$db"
check "series zero rows before the data" grep -q '^2022-12-31,2022-12-31,0,0,0,0,0,0.0,$' "$tmp/out"
check "series 4 periods and a header" test "$(wc -l <"$tmp/out")" -eq 5
expect_status 0 "series by month" "$dyad" query --series month "$db"
check "12 months" test "$(wc -l <"$tmp/out")" -eq 12
expect_status 0 "top dyads" "$dyad" query --top dyads --limit 5 "$db"
check "5 dyads" test "$(wc -l <"$tmp/out")" -eq 5
expect_status 0 "nothing matches" "$dyad" query --source ZZZ --format csv "$db"
check "empty result is the header alone" test "$(wc -l <"$tmp/out")" -eq 1
expect_status 2 "bad quad" "$dyad" query --quad 5 "$db"
expect_status 2 "bad date" "$dyad" query --from 2023-02-30 "$db"
expect_status 2 "bad series" "$dyad" query --series year "$db"
expect_status 2 "export takes no filters" "$dyad" export --source TUR "$db"

# Hostile values in every filter: plain values that match nothing, or usage errors.
for v in "TUR' OR '1'='1" "x'); DROP TABLE events; --" "%" "_" '" OR ""="' '\'; do
    for opt in --source --target --text; do
        expect_status 0 "$opt '$v'" "$dyad" query $opt "$v" "$db"
        check "$opt '$v' matches nothing" test ! -s "$tmp/out"
    done
    for opt in --code --root --quad --from --to --series --top; do
        expect_status 2 "$opt '$v'" "$dyad" query $opt "$v" "$db"
    done
done
"$dyad" export "$db" >"$tmp/after.jsonl"
check "the dataset survived the hostile queries" cmp -s "$tmp/after.jsonl" "$tmp/clean.jsonl"

echo "tests/store.sh: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
