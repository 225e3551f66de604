#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/bench-tls.py — TLS between two network namespaces made here (a
veth pair, deleted afterwards): modvirtd and a real libvirtd in the
"server" namespace, each listening on TLS with certificates made by
certtool (the same CA, the same kind of keys, each daemon's test driver),
and bench-remote built against modvirt and against libvirt in the
"client" namespace. Prints, for each client library and each daemon, the
round trip of virDomainLookupByName and the connection set-up (TCP
connect, TLS handshake, certificate checks and the open handshake, then
close), and the ratios: modvirt's stack (remote plugin and modvirtd)
against libvirt's (libvirt's client and libvirtd), and each client against
the other daemon.

usage: bench-tls.py --modvirt BIN --libvirt BIN --plugin-dir DIRS --modvirtd BIN
                    --daemon-plugin-dir DIRS [--iters N] [--reps R]
Needs root (network namespaces), certtool and libvirtd; exits 77 without.
"""
import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'remote-net'))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'plugins', 'remote'))

ap = argparse.ArgumentParser()
for opt in ('--modvirt', '--libvirt', '--plugin-dir', '--modvirtd', '--daemon-plugin-dir'):
    ap.add_argument(opt, required=True)
ap.add_argument('--iters', type=int, default=20000)
ap.add_argument('--reps', type=int, default=5)
a = ap.parse_args()

import libvirtd_peer  # noqa: E402

if os.geteuid() != 0 or not shutil.which('ip'):
    print('bench-tls: needs root and ip (network namespaces)', file=sys.stderr)
    sys.exit(77)
if not shutil.which('certtool') or libvirtd_peer.available():
    print('bench-tls: needs certtool (gnutls-bin) and libvirtd (libvirt-daemon)',
          file=sys.stderr)
    sys.exit(77)

import hosts  # noqa: E402
import pki    # noqa: E402

MV_PORT, LV_PORT = 16514, 16515
work = hosts.work
os.chmod(work, 0o755)
pair = hosts.HostPair('bnc')
client, server = pair.client, pair.server

ca = pki.CA(os.path.join(work, 'ca'))
srv_cert, srv_key = ca.server('server', 'server.bench', ip=server.ip)
clientpki = pki.pkipath(os.path.join(work, 'client-pki'), ca,
                        *ca.client('client', 'bench-client'))
DN = 'C=GB,O=modvirt tests,CN=bench-client'

# modvirtd: TLS only, its test driver.
mv_conf = ('listen_tls = 1\nca_file = "%s"\ncert_file = "%s"\nkey_file = "%s"\n'
           'tls_port = "%d"\ntls_allowed_dn_list = ["%s"]\n'
           % (ca.cert, srv_cert, srv_key, MV_PORT, DN))
mvd = hosts.Modvirtd(a.modvirtd, host=server, config=mv_conf, name='modvirtd',
                     env={'MODVIRT_PLUGIN_DIR': a.daemon_plugin_dir})
client.wait_tcp(server.ip, MV_PORT, proc=mvd.proc)

# libvirtd: the same settings, as an ordinary user (its test driver only).
def lv_pki(top):
    os.mkdir(os.path.join(top, 'pki'))
    for src, dst in ((ca.cert, 'cacert.pem'), (srv_cert, 'servercert.pem'),
                     (srv_key, 'serverkey.pem')):
        shutil.copy(src, os.path.join(top, 'pki', dst))
    with open(os.path.join(top, 'config', 'libvirt', 'libvirtd.conf'), 'w') as f:
        f.write('listen_tls = 1\nlisten_tcp = 0\nauth_tls = "none"\n'
                'ca_file = "%s/pki/cacert.pem"\ncert_file = "%s/pki/servercert.pem"\n'
                'key_file = "%s/pki/serverkey.pem"\ntls_port = "%d"\n'
                'tls_allowed_dn_list = ["%s"]\n' % (top, top, top, LV_PORT, DN))


lvd = libvirtd_peer.Libvirtd(timeout=3000, prepare=lv_pki, listen=True,
                             spawn=lambda argv, env, log: server.spawn(
                                 ['env', '-i'] + ['%s=%s' % kv for kv in env.items()] + argv, log))
hosts.at_exit(lvd.stop)
client.wait_tcp(server.ip, LV_PORT, proc=lvd.proc)


def uri(port):
    return 'test+tls://%s:%d/default?pkipath=%s' % (server.ip, port, clientpki)


uris = {'modvirtd': uri(MV_PORT), 'libvirtd': uri(LV_PORT)}
opts = ['--iters', str(a.iters), '--reps', str(a.reps), '--clients', '4', '--calls', '200']
rows = {}
for lib, binary in (('modvirt', a.modvirt), ('libvirt', a.libvirt)):
    for daemon, u in uris.items():
        p = client.run([binary] + opts + [u], timeout=1500,
                       env={'MODVIRT_PLUGIN_DIR': a.plugin_dir})
        if p.returncode != 0:
            sys.exit('%s on %s failed: %s\n--- modvirtd (%s) ---\n%s' % (
                binary, daemon, p.stderr, 'running' if mvd.proc.poll() is None else
                'exited %s' % mvd.proc.returncode,
                '\n'.join(mvd.read_log().splitlines()[-15:])))
        for line in p.stdout.splitlines():
            f = line.split('\t')
            rows[(lib, daemon, f[2])] = float(f[3])
        print('# %s client, %s: %s' % (lib, daemon, ', '.join(
            '%s %s' % (line.split('\t')[2], line.split('\t')[3])
            for line in p.stdout.splitlines())), flush=True)
lvd.stop()
mvd.stop()

print('TLS between two network namespaces (median of %d, us per operation)' % a.reps)
print('%-16s %-16s %14s %14s' % ('client', 'daemon', 'lookup-by-name', 'open-close'))
for lib in ('libvirt', 'modvirt'):
    for daemon in ('libvirtd', 'modvirtd'):
        print('%-16s %-16s %14.2f %14.2f' % (lib, daemon, rows[(lib, daemon, 'lookup-by-name')],
                                            rows[(lib, daemon, 'open-close')]))
for measure in ('lookup-by-name', 'open-close'):
    stack = rows[('modvirt', 'modvirtd', measure)] / rows[('libvirt', 'libvirtd', measure)]
    daemon = rows[('libvirt', 'modvirtd', measure)] / rows[('libvirt', 'libvirtd', measure)]
    print('%s: modvirt/libvirt %.2f (remote plugin + modvirtd vs libvirt + libvirtd); '
          'daemon alone %.2f (libvirt client on modvirtd vs libvirtd)'
          % (measure, stack, daemon))
