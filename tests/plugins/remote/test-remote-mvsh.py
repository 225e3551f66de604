#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/remote/test-remote-mvsh.py — mvsh through the remote plugin
against Debian's libvirtd, compared with virsh against libvirtd.

Each scenario runs the same commands twice, mvsh on one fresh libvirtd and
virsh on another (test:///default state is the daemon's), and the
transcripts must be equal but for lines that depend on the client (virsh's
security label lines, which modvirt does not implement) or the clock (CPU
time). Then: volume upload and download (sparse too) against libvirtd's
storage driver, a read-only connection refused a change, libvirt's errors
when no daemon listens or the transport is not supported.

usage: test-remote-mvsh.py MVSH REMOTE_PLUGIN_DIR
"""
import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libvirtd_peer  # noqa: E402

MVSH, PLUGIN_DIR = sys.argv[1], sys.argv[2]
VIRSH = '/usr/bin/virsh'
results = []


def check(ok, desc, detail=''):
    results.append((bool(ok), desc, detail))


def run(prog, uri, *args, readonly=False):
    env = dict(os.environ)
    env['MODVIRT_PLUGIN_DIR'] = PLUGIN_DIR
    env.pop('LIBVIRT_DEFAULT_URI', None)
    env.pop('MODVIRT_DEFAULT_URI', None)
    argv = [prog] + (['-r'] if readonly else []) + ['-c', uri] + list(args)
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    return p


MASKS = [
    (re.compile(r'^(CPU time:\s+).*$', re.M), r'\1X'),
    (re.compile(r'^Security (model|DOI|label):.*\n', re.M), ''),
]


def transcript(prog, uri, commands):
    out = []
    for cmd in commands:
        p = run(prog, uri, *cmd)
        text = p.stdout + p.stderr
        for rx, rep in MASKS:
            text = rx.sub(rep, text)
        out.append('$ %s [%d]\n%s' % (' '.join(cmd), p.returncode, text))
    return '\n'.join(out)


def pool_file(peer):
    path = os.path.join(peer.dir, 'pool.xml')
    with open(path, 'w') as f:
        f.write("<pool type='dir'><name>p</name><target><path>%s</path></target></pool>\n"
                % peer.pool_dir)
    return path


def fill(commands, peer):
    return [[pool_file(peer) if c == '@POOLXML@' else c for c in cmd] for cmd in commands]


def compare(desc, commands, uri_base='test+unix:///default', storage=False):
    a = libvirtd_peer.Libvirtd(storage=storage)
    b = libvirtd_peer.Libvirtd(storage=storage)
    try:
        mine = transcript(MVSH, a.uri(uri_base), fill(commands, a))
        cmds = fill(commands, b)
        theirs = transcript(VIRSH, b.uri(uri_base), cmds).replace(b.dir, a.dir)
    finally:
        a.stop()
        b.stop()
    check(mine == theirs, desc, 'mvsh:\n%s\n--- virsh:\n%s' % (mine, theirs))


reason = libvirtd_peer.available()
if reason:
    print('1..0 # SKIP %s' % reason)
    sys.exit(0)

work = tempfile.mkdtemp(prefix='mv-remote-test-')
atexit.register(shutil.rmtree, work, True)
domxml = os.path.join(work, 'dom.xml')
with open(domxml, 'w') as f:
    f.write("<domain type='test'><name>rdom</name><memory>65536</memory>"
            "<os><type>hvm</type></os></domain>\n")
netxml = os.path.join(work, 'net.xml')
with open(netxml, 'w') as f:
    f.write("<network><name>rnet</name><bridge name='rbr0'/>"
            "<ip address='192.168.150.1' netmask='255.255.255.0'/></network>\n")

compare('domains: list, info, XML, life cycle, errors', [
    ['list', '--all'], ['dominfo', 'test'], ['dumpxml', 'test'], ['domstate', 'test', '--reason'],
    ['define', domxml], ['list', '--all'], ['start', 'rdom'], ['domid', 'rdom'],
    ['suspend', 'rdom'], ['domstate', 'rdom'], ['resume', 'rdom'], ['dominfo', 'rdom'],
    ['shutdown', 'rdom'], ['start', 'rdom'], ['destroy', 'rdom'], ['undefine', 'rdom'],
    ['list', '--all'], ['dominfo', 'nonexistent'], ['start', 'test'], ['domuuid', 'test'],
    ['autostart', 'test'], ['dominfo', 'test'], ['setmem', 'test', '1048576'],
    ['setvcpus', 'test', '1', '--config'], ['nodeinfo'], ['uri'],
    ['hostname'], ['capabilities'],
])
compare('networks', [
    ['net-list', '--all'], ['net-info', 'default'], ['net-dumpxml', 'default'],
    ['net-define', netxml], ['net-list', '--all'], ['net-start', 'rnet'],
    ['net-autostart', 'rnet'], ['net-info', 'rnet'], ['net-destroy', 'rnet'],
    ['net-undefine', 'rnet'], ['net-info', 'rnet'], ['net-list', '--all'],
])
compare('storage pools and volumes of the test driver', [
    ['pool-list', '--all'], ['pool-info', 'default-pool'], ['pool-dumpxml', 'default-pool'],
    ['vol-list', 'default-pool'], ['vol-create-as', 'default-pool', 'rvol', '1M'],
    ['vol-list', 'default-pool'], ['vol-info', '--pool', 'default-pool', 'rvol'],
    ['vol-dumpxml', '--pool', 'default-pool', 'rvol'],
    ['vol-delete', '--pool', 'default-pool', 'rvol'], ['pool-destroy', 'default-pool'],
    ['pool-list', '--all'], ['pool-start', 'default-pool'], ['iface-list', '--all'],
])
compare('directory pools of libvirtd\'s storage driver', [
    ['pool-create', '@POOLXML@'], ['pool-list', '--all'],
    ['vol-create-as', 'p', 'v', '4M'], ['vol-list', 'p'], ['vol-info', '--pool', 'p', 'v'],
    ['vol-delete', '--pool', 'p', 'v'], ['pool-destroy', 'p'],
], uri_base='storage+unix:///session', storage=True)

# Volume transfers: the volume's content afterwards, and what comes back.
d = libvirtd_peer.Libvirtd(storage=True)
try:
    uri = d.uri('storage+unix:///session')
    run(MVSH, uri, 'pool-create', pool_file(d))
    run(MVSH, uri, 'vol-create-as', 'p', 'plain', '3M')
    run(MVSH, uri, 'vol-create-as', 'p', 'sparse', '8M', '--allocation', '0')
    data = os.path.join(work, 'data.bin')
    with open(data, 'wb') as f:
        f.write(os.urandom(3 * 1024 * 1024 - 1000))
    p = run(MVSH, uri, 'vol-upload', '--pool', 'p', 'plain', data)
    with open(os.path.join(d.pool_dir, 'plain'), 'rb') as f:
        got = f.read()
    with open(data, 'rb') as f:
        want = f.read()
    check(p.returncode == 0 and got[:len(want)] == want, 'vol-upload writes the volume',
          p.stdout + p.stderr)
    back = os.path.join(work, 'back.bin')
    p = run(MVSH, uri, 'vol-download', '--pool', 'p', 'plain', back)
    with open(back, 'rb') as f:
        check(p.returncode == 0 and f.read() == got, 'vol-download reads the volume back',
              p.stdout + p.stderr)
    sparse = os.path.join(work, 'sparse.bin')
    with open(sparse, 'wb') as f:
        f.truncate(8 * 1024 * 1024)
        f.seek(3 * 1024 * 1024)
        f.write(b'middle')
        f.seek(8 * 1024 * 1024 - 4096)
        f.write(b'end' * 100)
    p = run(MVSH, uri, 'vol-upload', '--sparse', '--pool', 'p', 'sparse', sparse)
    vol = os.path.join(d.pool_dir, 'sparse')
    with open(vol, 'rb') as f, open(sparse, 'rb') as g:
        same = f.read() == g.read()
    check(p.returncode == 0 and same and os.stat(vol).st_blocks * 512 < 1024 * 1024,
          'vol-upload --sparse sends holes as holes', '%s %s blocks=%d' % (
              p.stdout, p.stderr, os.stat(vol).st_blocks))
    back = os.path.join(work, 'sparse-back.bin')
    p = run(MVSH, uri, 'vol-download', '--sparse', '--pool', 'p', 'sparse', back)
    with open(back, 'rb') as f, open(sparse, 'rb') as g:
        same = f.read() == g.read()
    check(p.returncode == 0 and same and os.stat(back).st_blocks * 512 < 1024 * 1024,
          'vol-download --sparse receives holes as holes', '%s %s blocks=%d' % (
              p.stdout, p.stderr, os.stat(back).st_blocks))
    theirs = os.path.join(work, 'virsh-back.bin')
    p = run(VIRSH, uri, 'vol-download', '--sparse', '--pool', 'p', 'sparse', theirs)
    with open(back, 'rb') as f, open(theirs, 'rb') as g:
        check(p.returncode == 0 and f.read() == g.read(), 'virsh reads the same volume',
              p.stderr)
finally:
    d.stop()

# A read-only connection: reading works, a change is refused by the daemon.
d = libvirtd_peer.Libvirtd()
try:
    uri = d.uri()
    mine = run(MVSH, uri, 'list', '--all', readonly=True)
    theirs = run(VIRSH, uri, 'list', '--all', readonly=True)
    check(mine.returncode == 0 and mine.stdout == theirs.stdout, 'read-only list',
          mine.stdout + mine.stderr)
    mine = run(MVSH, uri, 'destroy', 'test', readonly=True)
    theirs = run(VIRSH, uri, 'destroy', 'test', readonly=True)
    check(mine.returncode == 1 and mine.stderr == theirs.stderr
          and 'read only access prevents virDomainDestroy' in mine.stderr,
          'read-only connection refused a change with the daemon\'s error',
          mine.stderr + '\n--- virsh:\n' + theirs.stderr)
    still = run(MVSH, uri, 'domstate', 'test')
    check(still.stdout.strip() == 'running', 'the domain was not touched', still.stdout)
finally:
    d.stop()

# Errors before any daemon is reached.
missing = os.path.join(work, 'no-such-dir', 'sock')
mine = run(MVSH, 'test+unix:///default?socket=' + missing, 'list')
theirs = run(VIRSH, 'test+unix:///default?socket=' + missing, 'list')
check(mine.returncode == 1 and mine.stderr == theirs.stderr
      and "Failed to connect socket to '%s': No such file or directory" % missing in mine.stderr,
      'no daemon listening: libvirt\'s error, word for word',
      mine.stderr + '\n--- virsh:\n' + theirs.stderr)
# TLS with no credentials installed (tests/remote-net/test-tls.py has the rest).
mine = run(MVSH, 'test+tls://127.0.0.1/default?pkipath=' + missing, 'list')
theirs = run(VIRSH, 'test+tls://127.0.0.1/default?pkipath=' + missing, 'list')
check(mine.returncode == 1 and mine.stderr == theirs.stderr
      and "Cannot read CA certificate '%s/cacert.pem'" % missing in mine.stderr,
      'a TLS URI without credentials: libvirt\'s error, word for word',
      mine.stderr + '\n--- virsh:\n' + theirs.stderr)
mine = run(MVSH, 'test+bogus:///default', 'list')
theirs = run(VIRSH, 'test+bogus:///default', 'list')
check(mine.returncode == 1 and 'transport in URL not recognised' in mine.stderr
      and mine.stderr == theirs.stderr, 'an unknown transport: libvirt\'s error',
      mine.stderr + '\n--- virsh:\n' + theirs.stderr)

print('1..%d' % len(results))
failed = 0
for i, (ok, desc, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
    if not ok:
        failed += 1
        for line in detail.splitlines():
            print('# ' + line)
sys.exit(1 if failed else 0)
