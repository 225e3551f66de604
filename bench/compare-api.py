#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/compare-api.py — runs bench-api against libvirt and against modvirt
with the same iteration counts and prints one table: operation, libvirt
ns/op, modvirt ns/op, ratio (modvirt / libvirt), target, verdict.

  compare-api.py --modvirt BIN --plugin-dir DIR [--libvirt BIN]
                 [--iters N] [--reps N] [--extra N] [--rounds N]

The modvirt binary runs with MODVIRT_PLUGIN_DIR=DIR (the test plugin's
build directory). With --rounds N the two binaries run N times, taking turns,
and each figure is the best over the rounds. Exit status: 0 when every
figure meets its target (or there is no libvirt to compare with), 1 when one
misses it, 2 when a run fails.
"""
import argparse
import os
import re
import subprocess
import sys

# Targets: modvirt's figure as a fraction of libvirt's on the same run.
TARGETS = {
    'dumpxml': 0.25,
    'define+undefine': 0.25,
    'list-all (+N extra)': 0.25,
}
DEFAULT_TARGET = 0.5
LINE = re.compile(r'^(\S.*?)\s+([0-9.]+) ns/op\s+([0-9]+) iters$')


def run(binary, args, env):
    proc = subprocess.run([binary] + args, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        sys.exit(f'compare-api: {binary} failed with status {proc.returncode}')
    header, figures = None, {}
    for line in proc.stdout.splitlines():
        m = LINE.match(line)
        if m:
            figures[m.group(1)] = float(m.group(2))
        elif line.startswith('bench-api:'):
            header = line
    if not figures:
        sys.exit(f'compare-api: no figures from {binary}:\n{proc.stdout}')
    return header, figures


def fmt_ns(ns):
    return '-' if ns is None else f'{ns:,.0f}' if ns >= 100 else f'{ns:.1f}'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--modvirt', required=True)
    p.add_argument('--libvirt')
    p.add_argument('--plugin-dir', required=True)
    p.add_argument('--iters', type=int, default=100000)
    p.add_argument('--reps', type=int, default=5)
    p.add_argument('--extra', type=int, default=1000)
    p.add_argument('--rounds', type=int, default=3)
    o = p.parse_args()

    args = ['--iters', str(o.iters), '--reps', str(o.reps), '--extra', str(o.extra)]
    env_lv = dict(os.environ)
    env_mv = dict(os.environ, MODVIRT_PLUGIN_DIR=o.plugin_dir)
    runs = [('modvirt', o.modvirt, env_mv)]
    if o.libvirt:
        runs.insert(0, ('libvirt', o.libvirt, env_lv))

    best, headers, order = {}, {}, []
    for _ in range(o.rounds):
        for lib, binary, env in runs:
            headers[lib], figures = run(binary, args, env)
            for op, ns in figures.items():
                if op not in order:
                    order.append(op)
                key = (lib, op)
                best[key] = min(ns, best.get(key, ns))

    for lib, _, _ in runs:
        print(headers[lib])
    print(f'same iteration counts for both (--iters {o.iters} --reps {o.reps} '
          f'--extra {o.extra}), best of {o.rounds} round(s); N = {o.extra}')
    print()
    cols = ('operation', 'libvirt ns/op', 'modvirt ns/op', 'ratio', 'target', 'verdict')
    print(f'{cols[0]:<22} {cols[1]:>14} {cols[2]:>14} {cols[3]:>7} {cols[4]:>7}  {cols[5]}')
    misses = 0
    for op in order:
        lv, mv = best.get(('libvirt', op)), best.get(('modvirt', op))
        target = TARGETS.get(op, DEFAULT_TARGET)
        if lv is None or mv is None:
            ratio, verdict = '-', 'n/a (no libvirt to compare)' if lv is None else 'n/a'
        else:
            r = mv / lv
            ratio = f'{r:.2f}'
            verdict = 'ok' if r <= target else 'OVER TARGET'
            misses += r > target
        print(f'{op:<22} {fmt_ns(lv):>14} {fmt_ns(mv):>14} {ratio:>7} '
              f'{"≤ %.2f" % target:>7}  {verdict}')
    return 1 if misses else 0


if __name__ == '__main__':
    sys.exit(main())
