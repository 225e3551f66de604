#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/tools/test-mvsh-console.py — `mvsh console` against a real running
domain: on a terminal (a pty: the banner, a line sent, Ctrl-] leaves with
status 0 and the terminal's mode is restored) and with a pipe on standard
input (Ctrl-] in the input ends the session).

usage: test-mvsh-console.py MVSH
env:   MV_TEST_CONSOLE_URI, MV_TEST_CONSOLE_DOMAIN  (both needed, else a TAP
       skip: no in-tree driver with a console runs everywhere);
       MV_TEST_CONSOLE_PLUGIN_DIR  (optional: MODVIRT_PLUGIN_DIR for mvsh);
       MV_TEST_CONSOLE_SEND        (the line sent, default: a bare Enter);
       MV_TEST_CONSOLE_EXPECT      (optional regex the console must print
                                    after the line, e.g. a login prompt).
"""
import os
import re
import select
import subprocess
import sys
import termios
import time

MVSH = os.path.abspath(sys.argv[1])
URI = os.environ.get('MV_TEST_CONSOLE_URI')
DOM = os.environ.get('MV_TEST_CONSOLE_DOMAIN')
results = []


def check(ok, desc, detail=''):
    results.append((bool(ok), desc, detail))
    return ok


def env():
    e = dict(os.environ)
    if os.environ.get('MV_TEST_CONSOLE_PLUGIN_DIR'):
        e['MODVIRT_PLUGIN_DIR'] = os.environ['MV_TEST_CONSOLE_PLUGIN_DIR']
    return e


def read_until(fd, pattern, timeout, proc=None):
    """Reads FD until PATTERN (a regex over the decoded text) matches."""
    out, end = b'', time.time() + timeout
    while time.time() < end:
        if re.search(pattern, out.decode(errors='replace')):
            return True, out
        if select.select([fd], [], [], 0.1)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            out += data
        elif proc is not None and proc.poll() is not None:
            break
    return bool(re.search(pattern, out.decode(errors='replace'))), out


def is_raw(attrs):
    lflag = attrs[3]
    return not (lflag & (termios.ICANON | termios.ECHO | termios.ISIG))


def on_terminal():
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen([MVSH, '-c', URI, 'console', DOM], stdin=slave, stdout=slave,
                            stderr=slave, env=env(), start_new_session=True)
    try:
        banner = r"Connected to domain '%s'\r?\nEscape character is \^\] \(Ctrl \+ \]\)" % \
            re.escape(DOM)
        ok, out = read_until(master, banner, 30, proc)
        if not check(ok, 'console on a terminal prints the banner', out.decode(errors='replace')):
            return
        raw, end = False, time.time() + 10
        while not raw and time.time() < end and proc.poll() is None:
            raw = is_raw(termios.tcgetattr(slave))
            time.sleep(0.05)
        check(raw, 'the terminal is in raw mode while connected')
        send = os.environ.get('MV_TEST_CONSOLE_SEND', '\r')
        os.write(master, send.encode())
        expect = os.environ.get('MV_TEST_CONSOLE_EXPECT')
        if expect:
            ok, out = read_until(master, expect, 30, proc)
            check(ok, 'the console answers the line sent (%s)' % expect,
                  out.decode(errors='replace'))
        else:
            time.sleep(1)
            check(proc.poll() is None, 'the console stays connected after a line is sent')
        os.write(master, b'\x1d')
        try:
            rc = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            rc = None
        check(rc == 0, 'Ctrl-] leaves the console with status 0', 'status %s' % rc)
        after = termios.tcgetattr(slave)
        check(after == before and not is_raw(after), 'the terminal mode is restored',
              '%r\n%r' % (before, after))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        os.close(slave)


def from_pipe():
    try:
        p = subprocess.run([MVSH, '-c', URI, 'console', DOM], input=b'\r\x1d', env=env(),
                           capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        check(False, 'console with a pipe on stdin ends at Ctrl-] in the input', 'timed out')
        return
    check(p.returncode == 0 and ("Connected to domain '%s'" % DOM).encode() in p.stdout,
          'console with a pipe on stdin ends at Ctrl-] in the input',
          (p.stdout + p.stderr).decode(errors='replace'))


def main():
    if not URI or not DOM:
        print('1..0 # SKIP set MV_TEST_CONSOLE_URI and MV_TEST_CONSOLE_DOMAIN to a running '
              'domain with a console (no in-tree test driver has one)')
        return 0
    on_terminal()
    from_pipe()
    print('1..%d' % len(results))
    for i, (ok, desc, detail) in enumerate(results, 1):
        print('%sok %d - %s' % ('' if ok else 'not ', i, desc))
        if not ok:
            for d in str(detail).splitlines()[:30]:
                print('# ' + d)
    return 0 if all(r[0] for r in results) else 1


sys.exit(main())
