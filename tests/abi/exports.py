#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/abi/exports.py — libmodvirt exports exactly the symbols its version
script lists, each under the version node the script gives it, and plugins
export only modvirt_plugin_entry.

usage: exports.py LIBMODVIRT.so libmodvirt.map [PLUGIN.so ...]
"""
import re
import subprocess
import sys


def version_map(path):
    """symbol -> node, from the version script."""
    nodes = {}
    node = None
    for line in open(path):
        line = line.split('#')[0].strip()
        m = re.match(r'^([A-Z0-9_.]+)\s*\{', line)
        if m:
            node = m.group(1)
            continue
        m = re.match(r'^([A-Za-z_][A-Za-z0-9_]*);$', line)
        if m and node:
            nodes[m.group(1)] = node
    return nodes


def dynamic_symbols(path):
    """symbol -> version node, for the defined dynamic symbols of PATH."""
    out = subprocess.run(['objdump', '-T', path], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        # addr flags... section size version name
        if len(parts) < 4 or '*UND*' in line or not re.match(r'^[0-9a-f]{8,}', line):
            continue
        name = parts[-1]
        ver = parts[-2].strip('()')
        if name == ver:   # the version definition itself
            continue
        syms[name] = ver
    return syms


def main():
    lib, mapfile, plugins = sys.argv[1], sys.argv[2], sys.argv[3:]
    results = []
    want = version_map(mapfile)
    have = dynamic_symbols(lib)
    extra = sorted(set(have) - set(want))
    missing = sorted(set(want) - set(have))
    wrong = sorted(s for s in set(want) & set(have) if want[s] != have[s])
    results.append((not extra, 'libmodvirt exports nothing outside its version script',
                    ['unexpected export: ' + s for s in extra]))
    results.append((not missing, 'every symbol in the version script is defined',
                    ['not defined: ' + s for s in missing]))
    results.append((not wrong, 'every symbol is under its own version node',
                    ['%s is %s, script says %s' % (s, have[s], want[s]) for s in wrong]))
    for p in plugins:
        syms = set(dynamic_symbols(p))
        ok = syms == {'modvirt_plugin_entry'}
        results.append((ok, 'plugin %s exports only modvirt_plugin_entry' % p.split('/')[-1],
                        ['exports: ' + ', '.join(sorted(syms))]))
    print('1..%d' % len(results))
    failed = 0
    for i, (ok, desc, details) in enumerate(results, 1):
        print('%sok %d - %s' % ('' if ok else 'not ', i, desc))
        if not ok:
            failed += 1
            for d in details:
                print('# ' + d)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
