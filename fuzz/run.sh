#!/bin/sh
# Runs every fuzz target for N seconds each on its own corpus (seeded from fuzz/seeds/NAME
# when present).  A crash leaves its input in build/fuzz/ and fails the run.
build=${1:-build}
seconds=${2:-20}
status=0
for f in "$build"/fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    name=$(basename "$f")
    corpus="$build/fuzz/corpus-$name"
    mkdir -p "$corpus"
    [ -d "fuzz/seeds/$name" ] && cp -n fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null
    echo "fuzz: $name for ${seconds}s"
    if ! "$f" -max_total_time="$seconds" -artifact_prefix="$build/fuzz/$name-" "$corpus" \
        >"$build/fuzz/$name.log" 2>&1; then
        tail -n 30 "$build/fuzz/$name.log"
        status=1
    fi
done
exit $status
