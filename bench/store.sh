#!/bin/sh
# Storage benchmark (not part of the test suite): what `dyad ingest` costs over `dyad code`.
#
#   sh bench/store.sh [BUILD]      BUILD: the build directory holding dyad (default: build)
#
# Environment: BENCH_SENTENCES (corpus size, default 200000), BENCH_RUNS (timed runs per
# figure, the fastest is kept; default 3), BENCH_CG_SENTENCES (corpus of the instruction
# counts, default 20000; 0 skips them).
#
# Times `dyad code > /dev/null` and `dyad ingest` into a fresh database, each at -j 1 and at
# the default -j (ingest also at -j 2), a re-ingest of the same corpus (nothing to code
# or store), and an ingest of a quarter as many new stories (the corpus's first quarter
# under other ids) into a copy of the loaded database, as a daily update does; prints
# stories/s, events/s and the ratios ingest / code.  The corpus is bench/gen.c's, as for
# bench/run.sh.  Everything it writes goes to bench/out/ (git-ignored).
#
# With valgrind installed it also counts instructions per story (callgrind, which the load
# on the machine does not change) of an ingest -j 1 into a fresh database, split into
# storing (the store's entry points, inclusive, on every thread: opening, look-ups, packing
# on the workers, the writer thread's replay, the checkpointer thread, the close) and
# coding (the rest: reading, dictionaries loaded once, coding).  The counts come from a
# build of the same sources without link-time optimisation (bench/out/build-stages, as for
# bench/run.sh), which would inline the store's entry points into their callers.
set -eu
build=${1:-build}
dyad=$build/dyad
out=bench/out
sentences=${BENCH_SENTENCES:-200000}
runs=${BENCH_RUNS:-3}
cc=${CC:-cc}

[ -x "$dyad" ] || { echo "bench: $dyad not built (make)" >&2; exit 2; }
mkdir -p "$out"
seeds="tests/data/conflict.tsv tests/data/cooperation.tsv"
for f in ../shared/corpus/*.xml; do [ -f "$f" ] && seeds="$seeds $f"; done
$cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$out/gen" bench/gen.c
"$out/gen" "$sentences" data $seeds >"$out/store-corpus.jsonl" 2>"$out/gen.log"
db=$out/store.db

# now: seconds since the epoch, with nanoseconds
now() { date +%s.%N; }

# best LABEL CMD...: runs CMD $runs times (a fresh database before each ingest) and keeps
# the fastest wall time in $out/LABEL.time; other load on the machine only slows a run down.
best() {
    label=$1
    shift
    rm -f "$out/$label.runs"
    r=0
    while [ "$r" -lt "$runs" ]; do
        case $label in
        ingest*) rm -f "$db" "$db-wal" "$db-shm" ;;
        add) cp "$db" "$out/add.db" && rm -f "$out/add.db-wal" "$out/add.db-shm" && sync ;;
        esac
        t0=$(now)
        "$@" >/dev/null 2>"$out/$label.err" || { echo "bench: $label failed:" >&2; cat "$out/$label.err" >&2; exit 1; }
        t1=$(now)
        echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }' >>"$out/$label.runs"
        r=$((r + 1))
    done
    sort -n "$out/$label.runs" | head -n 1 >"$out/$label.time"
}

best code "$dyad" code -q -j 1 "$out/store-corpus.jsonl"
best ingest1 "$dyad" ingest -j 1 "$db" "$out/store-corpus.jsonl"
best ingest "$dyad" ingest "$db" "$out/store-corpus.jsonl"
best ingest2 "$dyad" ingest -j 2 "$db" "$out/store-corpus.jsonl"
best codej "$dyad" code -q "$out/store-corpus.jsonl"
"$dyad" ingest -q "$db" "$out/store-corpus.jsonl" 2>/dev/null
best reingest "$dyad" ingest "$db" "$out/store-corpus.jsonl"
stories=$(wc -l <"$out/store-corpus.jsonl")
head -n $((stories / 4)) "$out/store-corpus.jsonl" | sed 's/"id":"/"id":"more-/' >"$out/store-more.jsonl"
best codemore "$dyad" code -q -j 1 "$out/store-more.jsonl"
best add "$dyad" ingest -j 1 "$out/add.db" "$out/store-more.jsonl"

events=$("$dyad" code -q -j 1 "$out/store-corpus.jsonl" | wc -l)
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
echo "# dyad storage benchmark"
echo
echo "machine: ${cpu:-unknown CPU}, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) online cores; dyad in $build"
echo "corpus: $(sed 's/^gen: //' "$out/gen.log"); $events events; fastest of $runs runs"
echo "database: $(du -k "$db" | awk '{ printf "%.1f MB", $1 / 1024 }')"
echo
echo "| run | wall s | stories/s | events/s | / code -j 1 |"
echo "|---|---|---|---|---|"
c=$(cat "$out/code.time")
for l in "code:dyad code -j 1" "codej:dyad code (default -j)" "ingest1:dyad ingest -j 1" \
    "ingest2:dyad ingest -j 2" "ingest:dyad ingest (default -j)" \
    "reingest:dyad ingest again (unchanged)"; do
    awk -v w="$(cat "$out/${l%%:*}.time")" -v c="$c" -v s="$stories" -v e="$events" -v l="${l#*:}" \
        'BEGIN { if (w < 0.001) w = 0.001; printf "| %s | %.2f | %.0f | %.0f | %.2f |\n", l, w, s / w, l ~ /again/ ? 0 : e / w, w / c }'
done
echo
awk -v a="$(cat "$out/ingest1.time")" -v b="$(cat "$out/code.time")" \
    'BEGIN { printf "-j 1: ingest / code = %.2f\n", a / b }'
awk -v a="$(cat "$out/ingest.time")" -v b="$(cat "$out/codej.time")" \
    'BEGIN { printf "default -j: ingest / code = %.2f\n", a / b }'
awk -v a="$(cat "$out/add.time")" -v b="$(cat "$out/codemore.time")" -v s="$((stories / 4))" -v e="$events" \
    'BEGIN { printf "%d new stories into the database of %d events, -j 1: ingest %.2f s / code %.2f s = %.2f\n", s, e, a, b, a / b }'

cg_sentences=${BENCH_CG_SENTENCES:-20000}
if [ "$cg_sentences" -gt 0 ] && command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
    "$out/gen" "$cg_sentences" data $seeds >"$out/cg-corpus.jsonl" 2>/dev/null
    rm -f "$db" "$db-wal" "$db-shm" "$out"/cg.out*
    make -s BUILD="$out/build-stages" LTO= "$out/build-stages/dyad" >"$out/build-stages.log" 2>&1 ||
        { echo "bench: no build without LTO (see $out/build-stages.log)" >&2; exit 1; }
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out/cg.out" \
        "$out/build-stages/dyad" ingest -q -j 1 "$db" "$out/cg-corpus.jsonl" 2>/dev/null
    # every thread: its total, and what the store's entry points take of it (inclusive)
    total=0 store=0
    for f in "$out"/cg.out-*; do
        total=$((total + $(sed -n 's/^summary: //p' "$f")))
        store=$((store + $(callgrind_annotate --inclusive=yes --auto=no "$f" 2>/dev/null |
            awk '/store\.c:(dyad_store_(open|has|pack|put_packed|codes|commit|close)|checkpointer) / { gsub(",", "", $1); s += $1 } END { print s + 0 }')))
    done
    n=$(wc -l <"$out/cg-corpus.jsonl")
    echo
    echo "instructions per story (callgrind, ingest -j 1, $n stories of $cg_sentences sentences, fresh database):"
    awk -v t="$total" -v s="$store" -v n="$n" 'BEGIN {
        printf "  coding %.0f (reading, coding, dictionaries loaded once)\n", (t - s) / n
        printf "  storing %.0f (look-ups, packing, SQLite rows and index entries, checkpoints)\n", s / n
        printf "  storing / coding = %.2f\n", s / (t - s) }'
fi
