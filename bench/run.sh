#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/run.sh — builds modvirt with buildtype=release in a build directory
# of its own and runs every benchmark meson knows, printing their tables.
#
#   bench/run.sh [BUILD_DIR]     default: ${TMPDIR:-/tmp}/modvirt-bench-release
#
# Benchmark command lines come from `meson introspect --benchmarks`, so
# bench/meson.build stays the one place that says what runs with what.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${TMPDIR:-/tmp}/modvirt-bench-release}

if [ -f "$build/build.ninja" ]; then
    meson configure "$build" -Dbuildtype=release -Dbench=true >/dev/null
else
    meson setup "$build" "$src" --buildtype=release -Dbench=true >/dev/null
fi
ninja -C "$build" >/dev/null

echo "modvirt benchmarks, $(date +%F), $(cc --version | head -n 1), $(nproc) CPUs, $build"
python3 - "$build" <<'PY'
import json, os, subprocess, sys
build = sys.argv[1]
out = subprocess.check_output(['meson', 'introspect', '--benchmarks', build])
failed = []
for b in json.loads(out):
    print()
    # A benchmark that misses a target exits 1 after its table; run the
    # others anyway and say which ones missed at the end.
    rc = subprocess.run(b['cmd'], env=dict(os.environ, **b['env']),
                        cwd=b['workdir'] or build).returncode
    if rc != 0:
        failed.append('%s (exit status %d)' % (b['name'], rc))
if failed:
    print('\nnot met or failed: ' + ', '.join(failed))
    sys.exit(1)
PY
