#!/bin/sh
# The throughput benchmark (`make bench`; not part of the test suite).  See bench/README.md.
#
#   sh bench/run.sh [BUILD]      BUILD: the build directory holding dyad (default: build)
#
# Environment: BENCH_SENTENCES (corpus size, default 200000), BENCH_RUNS (timed runs per
# figure, the fastest is kept; default 5), BENCH_SLICE (sentences run under callgrind, default
# 10000), BENCH_SCALE (size factor of the memory-flatness run, default 10; 0 skips it).
#
# Everything it writes goes to bench/out/ (git-ignored), including a second build of dyad
# without link-time optimisation (bench/out/build-stages), whose profile gives the per-stage
# table.  The corpus is generated, the same bytes on every machine, by bench/gen.c from the
# project's own sentences (tests/data/*.tsv) and country names (data/countries.actors),
# plus the GigaWord sample sentences of ../shared/corpus when present.
set -eu
build=${1:-build}
dyad=$build/dyad
out=bench/out
sentences=${BENCH_SENTENCES:-200000}
runs=${BENCH_RUNS:-5}
slice=${BENCH_SLICE:-10000}
scale=${BENCH_SCALE:-10}
cc=${CC:-cc}

[ -x "$dyad" ] || { echo "bench: $dyad not built (make)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
    echo "bench: needs GNU time (/usr/bin/time): apt-get install time (or make deps)" >&2
    exit 2
fi
mkdir -p "$out"

# ---- the corpus ---------------------------------------------------------------------------
seeds="tests/data/conflict.tsv tests/data/cooperation.tsv"
for f in ../shared/corpus/*.xml; do [ -f "$f" ] && seeds="$seeds $f"; done
$cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$out/gen" bench/gen.c
"$out/gen" "$sentences" data $seeds >"$out/corpus.jsonl" 2>"$out/gen.log"
"$out/gen" "$slice" data $seeds >"$out/slice.jsonl" 2>/dev/null
bytes=$(wc -c <"$out/corpus.jsonl")
# the same sources without link-time optimisation, for the per-stage table (stages)
make -s BUILD="$out/build-stages" LTO= "$out/build-stages/dyad" >"$out/build-stages.log" 2>&1 ||
    echo "bench: no build for the stage table (see $out/build-stages.log)" >&2

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
echo "# dyad throughput benchmark"
echo
echo "machine: ${cpu:-unknown CPU}, $cores online cores; $(uname -sr)"
echo "dyad: $("$dyad" --version), built in $build"
echo "corpus: $(cat "$out/gen.log" | sed 's/^gen: //'); $(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}') of JSON Lines"
echo

# timed J DICTARGS...: one run of dyad code -j J over the corpus (output to /dev/null); appends
# "wall user sys maxrss_kb" to $out/jJ.runs.
timed() {
    j=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$dyad" code -q -j "$j" "$@" \
        "$out/corpus.jsonl" >/dev/null 2>"$out/stderr.txt" || {
        echo "bench: dyad code -j $j $* failed:" >&2
        cat "$out/stderr.txt" >&2
        exit 1
    }
    tail -n 1 "$out/time.txt" >>"$out/j$j.runs"
}

# instructions LABEL DICTARGS...: instructions per sentence under callgrind, startup excluded.
# The slice's profile stays in $out/callgrind.out (for callgrind_annotate).
instructions() {
    if ! command -v valgrind >/dev/null 2>&1; then
        echo "n/a (valgrind not installed)"
        return
    fi
    if ! valgrind --tool=callgrind --callgrind-out-file=/dev/null "$dyad" code -q -j 1 "$@" /dev/null \
        >/dev/null 2>"$out/cg-empty.log" ||
        ! valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "$dyad" code -q -j 1 "$@" \
            "$out/slice.jsonl" >/dev/null 2>"$out/cg-slice.log"; then
        echo "n/a (callgrind run failed, see $out/cg-*.log)"
        return
    fi
    awk -v n="$slice" '/Collected :/{v[FILENAME]=$NF} END{for(f in v) if (f ~ /empty/) e=v[f]; else s=v[f];
        printf "%.0f (startup %.1f M)", (s-e)/n, e/1e6}' "$out/cg-empty.log" "$out/cg-slice.log"
}

# stages DICTARGS...: instructions per sentence of each stage of the pipeline (inclusive: a
# stage's callees count in it).  From a build without link-time optimisation, which would
# inline the stages into one another; its own total comes with the table.  The profile
# stays in $out/callgrind-stages.out.
stages() {
    [ -x "$out/build-stages/dyad" ] && command -v valgrind >/dev/null 2>&1 &&
        command -v callgrind_annotate >/dev/null 2>&1 || return 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out/build-stages/dyad" code -q \
        -j 1 "$@" /dev/null >/dev/null 2>"$out/cg-stages-empty.log" &&
        valgrind --tool=callgrind --callgrind-out-file="$out/callgrind-stages.out" \
            "$out/build-stages/dyad" code -q -j 1 "$@" "$out/slice.jsonl" >/dev/null \
            2>"$out/cg-stages.log" || return 0
    echo "| stage | function | instructions / sentence |"
    echo "|---|---|---|"
    callgrind_annotate --inclusive=yes "$out/callgrind-stages.out" 2>/dev/null | awk -v n="$slice" '
        /^ *[0-9,]+ \(/ {
            for (i = 2; i <= NF; i++) if ($i ~ /^\/.*\/src\/.*:/) break
            if (i > NF) next
            f = $i; sub(/^.*\/src\//, "", f); sub(/\..*$/, "", f) # file.c:name.part.0 -> file
            fn = $i; sub(/^.*:/, "", fn); sub(/\..*$/, "", fn)
            v = $1; gsub(",", "", v)
            if (!((f ":" fn) in cost)) cost[f ":" fn] = v
        }
        END {
            m = split("read:dyad_reader_next clean:dyad_clean clean:dyad_is_boilerplate " \
                      "segment:dyad_segment match:dyad_match parse:dyad_parse_mentions " \
                      "parse:dyad_parse_roles code:dyad_code_sentence discourse:dyad_resolve " \
                      "discourse:dyad_remember dates:dyad_find_dates places:dyad_find_places " \
                      "coder:dyad_code_story output:dyad_writer_story", s, " ")
            for (k = 1; k <= m; k++)
                if (s[k] in cost) {
                    split(s[k], p, ":")
                    printf "| %s | %s | %.0f |\n", p[1], p[2], cost[s[k]] / n
                }
        }'
    echo
    echo "(dyad_code_story holds every stage from clean to discourse.  The table's build, without"
    echo "-flto: $(awk -v n="$slice" '/Collected :/{v[FILENAME]=$NF} END{for(f in v) if (f ~ /empty/) e=v[f]; else s=v[f];
        printf "%.0f", (s-e)/n}' "$out/cg-stages-empty.log" "$out/cg-stages.log") instructions per sentence in all.)"
    echo
}

# measure LABEL DICTARGS...: the figures for one dictionary set.
measure() {
    label=$1
    shift
    echo "## $label"
    echo
    "$dyad" dict "$@" >"$out/dict.txt" 2>&1
    echo "dictionaries: $(sed -n 's/^load time: //p' "$out/dict.txt") to load; $(grep -E '^(actors|verbs):' "$out/dict.txt" | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
    echo
    echo "| run | wall s | sentences/s | sentences/s per core | MB/s | CPU s | peak RSS MB |"
    echo "|---|---|---|---|---|---|---|"
    # -j 1 and -j 2 alternate, so that both meet the same machine; the fastest run of each
    # is kept (other work on the machine only ever slows a run down)
    rm -f "$out/j1.runs" "$out/j2.runs"
    r=0
    while [ "$r" -lt "$runs" ]; do
        timed 1 "$@"
        timed 2 "$@"
        r=$((r + 1))
    done
    for j in 1 2; do
        sort -n "$out/j$j.runs" | head -n 1 >"$out/j$j.txt"
        awk -v j="$j" -v n="$sentences" -v b="$bytes" '{
            w=$1; if (w < 0.01) w = 0.01;
            printf "| -j %d | %.2f | %.0f | %.0f | %.1f | %.2f | %.1f |\n", j, w, n/w, n/w/j, b/1e6/w, $2+$3, $4/1024 }' "$out/j$j.txt"
    done
    echo
    echo "-j 2 / -j 1: $(awk 'NR==FNR{a=$1; next} {printf "%.2fx", a/$1}' "$out/j1.txt" "$out/j2.txt")"
    echo
    echo "instructions per sentence (callgrind, -j 1, $slice sentences): $(instructions "$@")"
    echo
    stages "$@"
    if [ "$scale" -gt 0 ]; then
        # memory flatness: the same stream, and one $scale times longer, through stdin
        big=$((sentences * scale))
        "$out/gen" "$sentences" data $seeds 2>/dev/null |
            /usr/bin/time -f "%e %M" -o "$out/rss1.txt" "$dyad" code -q "$@" - >/dev/null
        "$out/gen" "$big" data $seeds 2>/dev/null |
            /usr/bin/time -f "%e %M" -o "$out/rss10.txt" "$dyad" code -q "$@" - >/dev/null
        echo "peak RSS, default -j, from stdin: $(awk 'NR==FNR{a=$2; next} {printf "%.1f MB for %d sentences, %.1f MB for %d (x%.2f)", a/1024, s, $2/1024, b, $2/a}' \
            s="$sentences" b="$big" "$out/rss1.txt" "$out/rss10.txt")"
        echo
    fi
}

measure "dyad's built-in dictionaries"

# ---- the Phoenix dictionaries (PETRARCH format), when ../shared/petrarch has them ---------
pd=../shared/petrarch
if [ -f "$pd/CAMEO.2.0.txt" ]; then
    # KIND=FILE names the kind of a PETRARCH file (.txt); the issue file only where dyad
    # knows the kind
    set -- --dict "actors=$pd/Phoenix.Countries.actors.txt" \
        --dict "actors=$pd/Phoenix.International.actors.txt" \
        --dict "actors=$pd/Phoenix.MilNonState.actors.txt" --dict "agents=$pd/Phoenix.agents.txt" \
        --dict "discards=$pd/Phoenix.discards.txt" --dict "verbs=$pd/CAMEO.2.0.txt"
    if "$dyad" dict "$@" --dict "issues=$pd/Phoenix.IssueCoding.txt" >"$out/phoenix.txt" 2>&1; then
        set -- "$@" --dict "issues=$pd/Phoenix.IssueCoding.txt"
    fi
    if "$dyad" dict "$@" >"$out/phoenix.txt" 2>&1; then
        measure "Phoenix dictionaries ($pd)" "$@"
    else
        echo "## Phoenix dictionaries ($pd)"
        echo
        echo "not loadable yet: $(grep -m 1 . "$out/phoenix.txt")"
        echo
    fi
else
    echo "## Phoenix dictionaries"
    echo
    echo "skipped: $pd not present"
    echo
fi
