#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/core/test-typed-params.py MODVIRT_CLIENT [LIBVIRT_CLIENT] — the same
application source (typed-params-client.c) built against modvirt and, when
libvirt's development files were found, against libvirt: both transcripts
must equal typed-params.expected, which the libvirt build printed. TAP."""
import difflib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
expected = open(os.path.join(HERE, 'typed-params.expected')).read()
results = []


def check(label, program):
    p = subprocess.run([program], capture_output=True, text=True, timeout=60)
    got = p.stdout
    ok = p.returncode == 0 and got == expected
    results.append(ok)
    print('%s %d - %s prints the expected transcript' % ('ok' if ok else 'not ok', len(results),
                                                          label))
    if not ok:
        for line in difflib.unified_diff(expected.splitlines(), got.splitlines(), 'expected',
                                         label, lineterm=''):
            print('#   ' + line)
        if p.stderr:
            print('#   stderr: ' + p.stderr.strip().replace('\n', '\n#   '))


check('the modvirt build', sys.argv[1])
if len(sys.argv) > 2:
    check('the libvirt build', sys.argv[2])
else:
    results.append(True)
    print('ok %d - the libvirt build prints the expected transcript # SKIP libvirt\'s '
          'development files (libvirt-dev) are not installed' % len(results))
print('1..%d' % len(results))
sys.exit(0 if all(results) else 1)
