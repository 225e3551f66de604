#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/remote/test-session-daemon.py — modvirt end to end: mvsh
through the remote plugin to a modvirtd that the first session URI starts
on demand (modvirtd --session --timeout 120), as libvirt starts its session
daemon. The daemon then owns the state: what one client defines, the next
sees; clients started at once share one daemon.

Everything lives under a private MODVIRT_RUN_ROOT, so the host's session
and system directories are never touched.

usage: test-session-daemon.py MVSH MODVIRTD PLUGIN_DIRS
"""
import glob
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading

MVSH, MODVIRTD, PLUGIN_DIRS = sys.argv[1:4]
n = 0
failed = 0


def tap(ok, desc, detail=''):
    global n, failed
    n += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', n, desc))
    if not ok:
        failed += 1
        for line in str(detail).splitlines():
            print('#   ' + line)


def mvsh(env, *args):
    return subprocess.run([MVSH, '-c', 'qemu:///session'] + list(args), env=env,
                          capture_output=True, text=True, timeout=120)


def daemons(root):
    """Pids of the session daemons whose pid file is under ROOT."""
    pids = set()
    for f in glob.glob(os.path.join(root, '**', 'modvirtd.pid'), recursive=True):
        try:
            pids.add(int(open(f).read().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
    return pids


def stop(pid):
    """SIGTERM, then wait for the exit through a pidfd (not our child)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        os.kill(pid, signal.SIGTERM)
        return bool(select.select([fd], [], [], 60)[0])
    finally:
        os.close(fd)


def main():
    if not os.access(MODVIRTD, os.X_OK):
        print('1..0 # SKIP modvirtd is not built')
        return 0
    with tempfile.TemporaryDirectory(prefix='mv-session-') as root:
        env = dict(os.environ, MODVIRT_RUN_ROOT=root, MODVIRT_DAEMON=MODVIRTD,
                   MODVIRT_PLUGIN_DIR=PLUGIN_DIRS, HOME=os.path.join(root, 'home'),
                   XDG_RUNTIME_DIR=os.path.join(root, 'xdg'))
        for k in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME',
                  'LIBVIRT_DEFAULT_URI', 'MODVIRT_DEFAULT_URI'):
            env.pop(k, None)
        os.makedirs(env['XDG_RUNTIME_DIR'], mode=0o700)
        pool_dir = os.path.join(root, 'pool')
        os.makedirs(pool_dir)
        try:
            tap(not daemons(root), 'no session daemon before the first client')
            p = mvsh(env, 'pool-list', '--all')
            tap(p.returncode == 0 and 'Name' in p.stdout,
                'the first session URI starts modvirtd and is served', p.stdout + p.stderr)
            first = daemons(root)
            tap(len(first) == 1, 'one session daemon runs', first)
            pid = next(iter(first), None)
            cmdline = open('/proc/%d/cmdline' % pid).read().split('\0') if pid else []
            tap('--session' in cmdline and '--timeout' in cmdline and '120' in cmdline,
                'it runs as modvirtd --session --timeout 120', cmdline)

            p = mvsh(env, 'pool-define-as', 'p1', 'dir', '--target', pool_dir)
            tap(p.returncode == 0, 'a client defines a pool through the daemon', p.stdout + p.stderr)
            p = mvsh(env, 'pool-list', '--all', '--name')
            tap(p.returncode == 0 and p.stdout.split() == ['p1'],
                'the next client sees it: the daemon holds the state', p.stdout + p.stderr)
            tap(daemons(root) == first, 'later clients reuse the running daemon', daemons(root))

            tap(stop(pid), 'the session daemon stops on SIGTERM')
            tap(not glob.glob(os.path.join(root, '**', 'modvirtd-sock'), recursive=True),
                'it leaves no socket behind')

            # Clients started together while none runs: all served, one daemon.
            results = [None] * 4

            def one(i):
                results[i] = mvsh(env, 'pool-list', '--all', '--name')
            threads = [threading.Thread(target=one, args=(i,)) for i in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            tap(all(r.returncode == 0 and r.stdout.split() == ['p1'] for r in results),
                'four clients starting at once are all served, with the saved pool',
                '\n'.join(r.stdout + r.stderr for r in results))
            tap(len(daemons(root)) == 1, 'they share one session daemon', daemons(root))
        finally:
            for pid in daemons(root):
                stop(pid)
    print('1..%d' % n)
    return 1 if failed else 0


sys.exit(main())
