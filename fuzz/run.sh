#!/bin/sh
# fuzz/run.sh BUILD_DIR [SECONDS] — runs every fuzz target for SECONDS
# (default 60) on a copy of its seed corpus. Exits non-zero on the first
# crash, leak or timeout (libFuzzer's own exit status), printing its report.
set -u
build=$1
secs=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for t in domain network interface storagepool storagevol uri; do
    exe="$build/fuzz/fuzz-$t"
    corpus="$work/$t"
    mkdir -p "$corpus"
    if [ "$t" = uri ]; then
        cp "$src/fuzz/corpus/uri/"* "$corpus/"
    else
        cp "$src/tests/conf/${t}xml2xml/in/"*.xml "$corpus/" 2>/dev/null || true
        cp "$src/tests/conf/errors/$t/"*.xml "$corpus/" 2>/dev/null || true
    fi
    echo "=== fuzz-$t for ${secs}s ($(ls "$corpus" | wc -l) seeds)"
    if ASAN_OPTIONS=detect_leaks=1 "$exe" -max_total_time="$secs" -timeout=10 \
         -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
         -artifact_prefix="$work/$t-" "$corpus" >"$work/$t.log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done' "$work/$t.log" | tail -2
    else
        echo "fuzz-$t FAILED:"
        tail -60 "$work/$t.log"
        status=1
    fi
done
exit $status
