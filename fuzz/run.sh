#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# fuzz/run.sh BUILD_DIR [SECONDS] [SEED] — runs every fuzz target for
# SECONDS (default 60) on a copy of its seed corpus, with libFuzzer's random
# seed fixed (default 1, so that CI runs can be reproduced; pass another
# seed, or 0 for a random one, for longer campaigns). Exits non-zero on any
# crash, leak, timeout or round-trip mismatch, printing the report and the
# failing input (kept under BUILD_DIR/fuzz-artifacts).
set -u
build=$1
secs=${2:-60}
seed=${3:-1}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for t in domain network interface storagepool storagevol uri rpc-message; do
    exe="$build/fuzz/fuzz-$t"
    corpus="$work/$t"
    mkdir -p "$corpus"
    if [ "$t" = uri ] || [ "$t" = rpc-message ]; then
        cp "$src/fuzz/corpus/$t/"* "$corpus/"
    else
        cp "$src/tests/conf/${t}xml2xml/in/"*.xml "$corpus/" 2>/dev/null || true
        cp "$src/tests/conf/errors/$t/"*.xml "$corpus/" 2>/dev/null || true
    fi
    echo "=== fuzz-$t for ${secs}s ($(ls "$corpus" | wc -l) seeds)"
    if ASAN_OPTIONS=detect_leaks=1 "$exe" -seed="$seed" -max_total_time="$secs" -timeout=10 \
         -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
         -artifact_prefix="$work/$t-" "$corpus" >"$work/$t.log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done' "$work/$t.log" | tail -2
    else
        echo "fuzz-$t FAILED:"
        grep -v -E '^#[0-9]+ ' "$work/$t.log" | tail -40
        # Keep the input that failed, and show it: it is the regression case.
        mkdir -p "$build/fuzz-artifacts"
        for a in "$work/$t-"*; do
            [ -f "$a" ] || continue
            cp "$a" "$build/fuzz-artifacts/"
            echo "input kept as $build/fuzz-artifacts/$(basename "$a"), base64:"
            base64 -w 0 "$a"; echo
        done
        status=1
    fi
done
exit $status
