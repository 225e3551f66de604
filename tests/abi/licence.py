#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/abi/licence.py SOURCE_ROOT — the licence is stated: COPYING holds
the LGPL 2.1 and every source file (C, headers, Python, shell, meson,
symbol lists, the Debian packaging, manual pages, shell completions)
names it in an SPDX line at its top (after a #! line). TAP output."""
import os
import subprocess
import sys

top = sys.argv[1]
ID = 'SPDX-License-Identifier: LGPL-2.1-or-later'
files = subprocess.run(['git', 'ls-files'], cwd=top, capture_output=True, text=True,
                       check=True).stdout.split()
# Files of the Debian packaging whose format has no comments: the
# changelog (dpkg-parsechangelog reads every line), source/format (one
# line), and copyright (DEP-5 has no comment lines; its License field
# states the licence).
NO_COMMENTS = ('changelog', 'copyright', 'source/format')


def debian_file(f):
    parts = f.split('/')
    if 'debian' not in parts:
        return False
    inside = '/'.join(parts[parts.index('debian') + 1:])
    return inside not in NO_COMMENTS


sources = [f for f in files
           if f.endswith(('.c', '.h', '.py', '.sh', '.syms', '.bash-completion', '.1', '.8'))
           or os.path.basename(f) in ('meson.build', 'meson_options.txt') or f == '.ci/run'
           or debian_file(f)]
missing = []
for f in sources:
    with open(os.path.join(top, f), encoding='utf-8') as fh:
        head = [fh.readline() for _ in range(2)]
    if ID not in head[0] and not (head[0].startswith('#!') and ID in head[1]):
        missing.append(f)
copying = os.path.join(top, 'COPYING')
has_copying = os.path.isfile(copying) and 'LESSER GENERAL PUBLIC LICENSE' in open(copying).read(400) \
    and 'Version 2.1' in open(copying).read(400)
print('1..2')
print('%s 1 - COPYING holds the GNU LGPL version 2.1' % ('ok' if has_copying else 'not ok'))
print('%s 2 - %d source files name the licence in an SPDX line' %
      ('ok' if sources and not missing else 'not ok', len(sources)))
for f in missing[:50]:
    print('# no SPDX line: ' + f)
sys.exit(0 if has_copying and sources and not missing else 1)
