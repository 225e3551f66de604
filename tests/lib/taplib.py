# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/lib/taplib.py — what the Python test scripts share: TAP result
# lines and skips, the plan at the end, waiting on a condition (bounded by
# a failure guard, never a pace), and whether a unix socket accepts.
import socket
import sys
import time

GUARD = 60.0            # seconds: a failure guard, never a pace

results = []


def tap(ok, name, diag='', tail=False):
    """One result line; on failure DIAG's first (or, with TAIL, last) 60
    lines follow as comments. Returns OK."""
    results.append(bool(ok))
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(results), name))
    if diag and not ok:
        lines = str(diag).splitlines()
        for line in lines[-60:] if tail else lines[:60]:
            print('#   ' + line)
    sys.stdout.flush()
    return ok


def skip(name, why):
    results.append(True)
    print('ok %d - %s # SKIP %s' % (len(results), name, why))
    sys.stdout.flush()


def finish():
    """Prints the plan; the exit status says whether everything passed."""
    print('1..%d' % len(results))
    sys.stdout.flush()
    return 0 if all(results) else 1


def wait_for(pred, what, timeout=GUARD):
    end = time.monotonic() + timeout
    delay = 0.002
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(delay)          # polling a condition, bounded by the guard
        delay = min(delay * 2, 0.05)
    raise TimeoutError('timed out waiting for ' + what)


def unix_answers(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()
