#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/compare-remote.py — bench-remote built against modvirt and against
libvirt, on the same daemons, in one go: a private libvirtd (its test
driver, test+unix:///default?socket=...), a private modvirtd (its test
driver too: --modvirtd and --daemon-plugin-dir, by default those of the
build tree holding the modvirt benchmark), and any daemon URIs given. Prints one table with libvirt's client's time, modvirt's, and
the ratio, per daemon.

usage: compare-remote.py --modvirt BIN [--libvirt BIN] --plugin-dir DIRS
                         [--modvirtd BIN --daemon-plugin-dir DIRS | --no-modvirtd]
                         [--iters N] [--reps R] [--clients C] [--calls K] [URI...]
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests',
                                'plugins', 'remote'))
import libvirtd_peer  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('--modvirt', required=True)
ap.add_argument('--libvirt')
ap.add_argument('--plugin-dir', required=True)
ap.add_argument('--floor', help='bench-socket-floor: the bare socket round trip, printed first')
ap.add_argument('--modvirtd', help='run this modvirtd privately and measure it too')
ap.add_argument('--daemon-plugin-dir', help="the private modvirtd's plugins (the test driver)")
for opt, default in (('--iters', 20000), ('--reps', 5), ('--clients', 100), ('--calls', 1000)):
    ap.add_argument(opt, type=int, default=default)
ap.add_argument('uris', nargs='*', help='more daemon URIs (modvirtd: qemu:///system, ...)')
ap.add_argument('--no-modvirtd', action='store_true', help='measure no private modvirtd')
a = ap.parse_args()
# By default, the modvirtd and the test driver of the build tree that
# holds the modvirt benchmark.
build = os.path.dirname(os.path.dirname(os.path.abspath(a.modvirt)))
if not a.modvirtd and not a.no_modvirtd and os.access(os.path.join(build, 'daemon', 'modvirtd'),
                                                     os.X_OK):
    a.modvirtd = os.path.join(build, 'daemon', 'modvirtd')
    a.daemon_plugin_dir = a.daemon_plugin_dir or os.path.join(build, 'plugins', 'test')
if a.no_modvirtd:
    a.modvirtd = None
if a.modvirtd and not a.daemon_plugin_dir:
    ap.error('--modvirtd needs --daemon-plugin-dir')


class Modvirtd:
    """A modvirtd of its own (own session, log in its directory); ready once
    its socket accepts, watched through a pidfd meanwhile."""

    def __init__(self, binary, plugin_dir):
        self.dir = tempfile.mkdtemp(prefix='mv-bench-modvirtd-')
        self.socket = os.path.join(self.dir, 'modvirtd-sock')
        self.log_path = os.path.join(self.dir, 'modvirtd.log')
        env = dict(os.environ, MODVIRT_PLUGIN_DIR=plugin_dir)
        with open(self.log_path, 'w') as log:
            self.proc = subprocess.Popen([binary, '--socket-dir', self.dir, '--timeout', '3000'],
                                         env=env, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=log, start_new_session=True)
        self.pidfd = os.pidfd_open(self.proc.pid)
        if libvirtd_peer.wait_listening(self.socket, self.pidfd):
            self.stop()
            sys.exit('modvirtd did not start listening; its log:\n' + self.log())

    def uri(self):
        return 'test+unix:///default?socket=' + self.socket

    def log(self):
        with open(self.log_path) as f:
            return f.read()[-4000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.pidfd)
        shutil.rmtree(self.dir, ignore_errors=True)


reason = libvirtd_peer.available()
peer = None if reason else libvirtd_peer.Libvirtd(timeout=600)
mvd = None
try:
    mvd = Modvirtd(a.modvirtd, a.daemon_plugin_dir) if a.modvirtd else None
except BaseException:
    if peer:
        peer.stop()
    raise
uris = ([peer.uri()] if peer else []) + ([mvd.uri()] if mvd else []) + a.uris
if not uris:
    if mvd:
        mvd.stop()
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
    if mvd:
        mvd.stop()

if a.floor:
    print(subprocess.run([a.floor], capture_output=True, text=True, check=True,
                         timeout=600).stdout.strip())
print('%-18s %-22s %14s %14s %7s' % ('daemon', 'measure', 'libvirt', 'modvirt', 'ratio'))
for (uri, measure), r in rows.items():
    daemon = ('libvirtd' if peer and uri == peer.uri()
              else 'modvirtd' if mvd and uri == mvd.uri() else uri)
    lv, mv = r.get('libvirt'), r.get('modvirt')
    if measure.startswith('concurrent'):
        cell = lambda v: '%s/s %s fail' % (v[0], v[1]) if v else '-'  # noqa: E731
        ratio = '%.2f' % (float(mv[0]) / float(lv[0])) if lv and mv else '-'
        ratio = ratio + ' (rate)'
    else:
        cell = lambda v: '%s us' % v[0] if v else '-'  # noqa: E731
        ratio = '%.2f' % (float(mv[0]) / float(lv[0])) if lv and mv else '-'
    print('%-18s %-22s %14s %14s %7s' % (daemon[:18], measure, cell(lv), cell(mv), ratio))
