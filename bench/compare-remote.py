#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/compare-remote.py — bench-remote built against modvirt and against
libvirt, on the same daemons, in one go: a private libvirtd (its test
driver, test+unix:///default?socket=...) and, when given, modvirtd URIs.
Prints one table with libvirt's time, modvirt's, and the ratio.

usage: compare-remote.py --modvirt BIN [--libvirt BIN] --plugin-dir DIRS
                         [--iters N] [--reps R] [--clients C] [--calls K] [URI...]
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests',
                                'plugins', 'remote'))
import libvirtd_peer  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('--modvirt', required=True)
ap.add_argument('--libvirt')
ap.add_argument('--plugin-dir', required=True)
for opt, default in (('--iters', 20000), ('--reps', 5), ('--clients', 100), ('--calls', 1000)):
    ap.add_argument(opt, type=int, default=default)
ap.add_argument('uris', nargs='*', help='more daemon URIs (modvirtd: qemu:///system, ...)')
a = ap.parse_args()

reason = libvirtd_peer.available()
peer = None if reason else libvirtd_peer.Libvirtd(timeout=600)
uris = ([peer.uri()] if peer else []) + a.uris
if not uris:
    sys.exit('no daemon to measure: %s' % reason)
opts = ['--iters', str(a.iters), '--reps', str(a.reps), '--clients', str(a.clients),
        '--calls', str(a.calls)]
rows = {}
try:
    for lib, binary in (('modvirt', a.modvirt), ('libvirt', a.libvirt)):
        if not binary:
            continue
        env = dict(os.environ, MODVIRT_PLUGIN_DIR=a.plugin_dir)
        out = subprocess.run([binary] + opts + uris, env=env, capture_output=True, text=True,
                             check=True, timeout=3000).stdout
        for line in out.splitlines():
            f = line.split('\t')
            rows.setdefault((f[1], f[2]), {})[lib] = f[3:]
finally:
    if peer:
        peer.stop()

print('%-18s %-22s %14s %14s %7s' % ('daemon', 'measure', 'libvirt', 'modvirt', 'ratio'))
for (uri, measure), r in rows.items():
    daemon = 'libvirtd' if peer and uri == peer.uri() else uri
    lv, mv = r.get('libvirt'), r.get('modvirt')
    if measure.startswith('concurrent'):
        cell = lambda v: '%s/s %s fail' % (v[0], v[1]) if v else '-'  # noqa: E731
        ratio = '%.2f' % (float(mv[0]) / float(lv[0])) if lv and mv else '-'
        ratio = ratio + ' (rate)'
    else:
        cell = lambda v: '%s us' % v[0] if v else '-'  # noqa: E731
        ratio = '%.2f' % (float(mv[0]) / float(lv[0])) if lv and mv else '-'
    print('%-18s %-22s %14s %14s %7s' % (daemon[:18], measure, cell(lv), cell(mv), ratio))
