#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/conf/rng-validate.py — every expected output of the definition
tests validates against libvirt's own RelaxNG schemas.

The schemas come from Debian's libvirt0 package, downloaded with
`apt-get download libvirt0` and unpacked with `dpkg -x` into CACHE (never
installed); an installed /usr/share/libvirt/schemas is used only when no
package can be downloaded. Validation uses xmllint (libxml2-utils).

usage: rng-validate.py SOURCE_ROOT CACHE_DIR
"""
import glob
import os
import shutil
import subprocess
import sys

SCHEMAS = {   # test directory -> schema file
    'domainxml2xml': 'domain.rng',
    'networkxml2xml': 'network.rng',
    'interfacexml2xml': 'interface.rng',
    'storagepoolxml2xml': 'storagepool.rng',
    'storagevolxml2xml': 'storagevol.rng',
    'capabilities': 'capability.rng',
}


def schema_dir(cache):
    """libvirt's schemas, fetched from Debian's libvirt0 (apt-get download + dpkg -x
    into CACHE, never installed); an installed libvirt0 is the fallback when
    no package can be downloaded (offline machines)."""
    unpacked = os.path.join(cache, 'root', 'usr', 'share', 'libvirt', 'schemas')
    if os.path.exists(os.path.join(unpacked, 'domain.rng')):
        return unpacked, 'downloaded libvirt0 (cached)'
    os.makedirs(cache, exist_ok=True)
    r = subprocess.run(['apt-get', 'download', 'libvirt0'], cwd=cache,
                       capture_output=True, text=True)
    debs = glob.glob(os.path.join(cache, 'libvirt0_*.deb'))
    if r.returncode == 0 and debs:
        subprocess.run(['dpkg', '-x', debs[0], os.path.join(cache, 'root')], check=True)
        return unpacked, 'downloaded ' + os.path.basename(debs[0])
    installed = '/usr/share/libvirt/schemas'
    if os.path.exists(os.path.join(installed, 'domain.rng')):
        return installed, 'installed libvirt0 (apt-get download failed: %s)' % (
            r.stderr.strip() or r.stdout.strip())
    return None, 'apt-get download libvirt0 failed: ' + (r.stderr.strip() or r.stdout.strip())


def expected_outputs(confdir, sub):
    """The files a test compares against: out/X.xml, or in/X.xml without one."""
    base = os.path.join(confdir, sub)
    if sub == 'capabilities':
        return sorted(glob.glob(os.path.join(base, '*.xml')))
    files = []
    for inp in sorted(glob.glob(os.path.join(base, 'in', '*.xml'))):
        out = os.path.join(base, 'out', os.path.basename(inp))
        files.append(out if os.path.exists(out) else inp)
    return files


def main():
    src, cache = sys.argv[1], sys.argv[2]
    confdir = os.path.join(src, 'tests', 'conf')
    if not shutil.which('xmllint'):
        print('1..0 # SKIP xmllint not installed (package libxml2-utils)')
        return 0
    schemas, how = schema_dir(cache)
    if not schemas:
        print('1..0 # SKIP no libvirt schemas: ' + how)
        return 0
    results = []
    for sub, rng in SCHEMAS.items():
        files = expected_outputs(confdir, sub)
        if not files:
            continue
        r = subprocess.run(['xmllint', '--noout', '--relaxng', os.path.join(schemas, rng)] + files,
                           capture_output=True, text=True)
        for f in files:
            ok = (f + ' validates') in r.stderr
            detail = [l for l in r.stderr.splitlines() if l.startswith(f)]
            results.append((ok, '%s/%s validates against %s' % (sub, os.path.relpath(f, os.path.join(confdir, sub)), rng), detail))
    print('# schemas: %s (%s)' % (schemas, how))
    print('1..%d' % len(results))
    for i, (ok, desc, detail) in enumerate(results, 1):
        print('%sok %d - %s' % ('' if ok else 'not ', i, desc))
        if not ok:
            for d in detail[:10]:
                print('# ' + d)
    return 0 if all(r[0] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
