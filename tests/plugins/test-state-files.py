#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/test-state-files.py MVSH PLUGIN_DIR... — a driver's files
under its root that are not regular files (a FIFO, a link to /dev/zero, a
directory) never block or flood the driver: the qemu, lxc and bridge-net
drivers skip them with a warning and go on serving what is defined. TAP
output."""
import os
import shutil
import subprocess
import sys
import tempfile

mvsh, plugin_dirs = sys.argv[1], sys.argv[2:]
results = []

DOMAIN = ("<domain type='{type}'><name>keep</name><memory>65536</memory>"
          "<os><type>{os}</type>{init}</os></domain>")
CASES = [
    # scheme, config dir, run dir, define command, its XML, list command
    ('qemu', 'qemu', 'qemu', 'define',
     DOMAIN.format(type='qemu', os='hvm', init=''), ['list', '--all', '--name']),
    ('lxc', 'lxc', 'lxc', 'define',
     DOMAIN.format(type='lxc', os='exe', init='<init>/bin/sh</init>'), ['list', '--all', '--name']),
    ('network', 'network', 'network', 'net-define',
     "<network><name>keep</name><bridge name='mvtkeep'/></network>", ['net-list', '--all', '--name']),
]


def mvsh_run(uri, *args):
    env = dict(os.environ, MODVIRT_PLUGIN_DIR=':'.join(plugin_dirs))
    try:
        return subprocess.run([mvsh, '-c', uri] + list(args), env=env, capture_output=True,
                              text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return None


for scheme, cfg, run, define, xml, listing in CASES:
    root = tempfile.mkdtemp(prefix='mv-state-files-')
    try:
        uri = f'{scheme}:///embed?root={root}'
        path = os.path.join(root, 'keep.xml')
        with open(path, 'w') as f:
            f.write(xml)
        p = mvsh_run(uri, define, path)
        if p is None or p.returncode != 0:
            results.append((False, f'{scheme}: define', p.stderr if p else 'timed out'))
            continue
        cdir = os.path.join(root, 'etc', cfg)
        rdir = os.path.join(root, 'run', run)
        os.makedirs(rdir, exist_ok=True)
        os.mkfifo(os.path.join(cdir, 'fifo.xml'))
        os.symlink('/dev/zero', os.path.join(cdir, 'zero.xml'))
        os.mkdir(os.path.join(cdir, 'dir.xml'))
        for name in ('ghost.xml', 'ghost.status', 'ghost.init', 'ghost.exit', 'keep.status'):
            if not os.path.exists(os.path.join(rdir, name)):
                os.mkfifo(os.path.join(rdir, name))
        p = mvsh_run(uri, *listing)
        ok = p is not None and p.returncode == 0 and p.stdout.split() == ['keep']
        results.append((ok, f'{scheme}: FIFOs and /dev/zero among its files, it lists what is defined',
                        'timed out' if p is None else p.stdout + p.stderr))
        # undefine still works: nothing of the bad files got in the way
        p = mvsh_run(uri, 'net-undefine' if scheme == 'network' else 'undefine', 'keep')
        results.append((p is not None and p.returncode == 0, f'{scheme}: undefine after that',
                        'timed out' if p is None else p.stderr))
    finally:
        shutil.rmtree(root, ignore_errors=True)

print(f'1..{len(results)}')
for i, (ok, desc, detail) in enumerate(results, 1):
    print(f'{"ok" if ok else "not ok"} {i} {desc}')
    if not ok:
        for line in detail.splitlines()[-15:]:
            print(f'# {line}')
