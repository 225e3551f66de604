#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/daemon/with-modvirtd.py — runs a test program against a private
modvirtd: starts the daemon on sockets in a temporary directory, points the
program's MV_TEST_DEFAULT_URI at test+unix:///default through it, runs the
program (its TAP output and exit status pass through), then stops the daemon
and checks that it survived the run and exits cleanly.

usage: with-modvirtd.py MODVIRTD DAEMON_PLUGIN_DIRS CLIENT_PLUGIN_DIRS PROGRAM [ARG...]
"""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'plugins', 'remote'))
from libvirtd_peer import wait_listening  # noqa: E402

MODVIRTD, DAEMON_PLUGINS, CLIENT_PLUGINS = sys.argv[1:4]
PROGRAM = sys.argv[4:]
GUARD = 60


def main():
    # meson ends a test that overran with SIGTERM: stop the daemon (in a
    # session of its own) and remove its directory then too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    with tempfile.TemporaryDirectory(prefix='mv-with-modvirtd-') as tmp:
        log = open(os.path.join(tmp, 'modvirtd.log'), 'w')
        env = dict(os.environ, MODVIRT_PLUGIN_DIR=DAEMON_PLUGINS,
                   MODVIRT_RUN_ROOT=os.path.join(tmp, 'root'))
        proc = subprocess.Popen([MODVIRTD, '--socket-dir', tmp, '--timeout', '600'], env=env,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        sock = os.path.join(tmp, 'modvirtd-sock')
        try:
            pidfd = os.pidfd_open(proc.pid)
            try:
                why = wait_listening(sock, pidfd, GUARD)
            finally:
                os.close(pidfd)
            if why:
                print('Bail out! modvirtd did not start listening: %s'
                      % open(os.path.join(tmp, 'modvirtd.log')).read().strip())
                return 1
            cenv = dict(os.environ, MODVIRT_PLUGIN_DIR=CLIENT_PLUGINS,
                        MV_TEST_DEFAULT_URI='test+unix:///default?socket=' + sock)
            rc = subprocess.run(PROGRAM, env=cenv).returncode
            alive = proc.poll() is None
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=GUARD)
            except subprocess.TimeoutExpired:
                code = None
            daemon_failed = not alive or code != 0
            if daemon_failed or rc != 0:
                sys.stdout.flush()
                print('# modvirtd %s (exit %s); its log:'
                      % ('died during the run' if not alive
                         else 'did not stop cleanly' if code != 0 else 'served a failed run', code))
                for line in open(os.path.join(tmp, 'modvirtd.log')):
                    print('#   ' + line.rstrip())
            return 1 if daemon_failed else rc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


sys.exit(main())
