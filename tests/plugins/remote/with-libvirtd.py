#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/remote/with-libvirtd.py — runs PROGRAM with a private
libvirtd (libvirtd_peer) and passes on its output and status: the program
finds the daemon's socket in MV_TEST_LIBVIRTD_SOCKET and its pid (to kill
it) in MV_TEST_LIBVIRTD_PID.

usage: with-libvirtd.py PROGRAM [ARGS...]
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libvirtd_peer  # noqa: E402

reason = libvirtd_peer.available()
if reason:
    print('1..0 # SKIP %s' % reason)
    sys.exit(0)
d = libvirtd_peer.Libvirtd()
try:
    env = dict(os.environ, MV_TEST_LIBVIRTD_SOCKET=d.socket, MV_TEST_LIBVIRTD_PID=str(d.proc.pid))
    rc = subprocess.run(sys.argv[1:], env=env).returncode
finally:
    d.stop()
sys.exit(rc)
