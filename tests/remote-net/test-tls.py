# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/remote-net/test-tls.py MODVIRTD MVSH REMOTE_PLUGIN_DIR — modvirtd
# on TCP and TLS between two network namespaces ("client" and "server"),
# with certificates made here by certtool:
#  * real virsh, python3-libvirt and mvsh (the remote plugin) in the client
#    namespace run the same scenario against modvirtd in the server
#    namespace, over TLS (client certificates; by address, host name and
#    IPv6) and over plain TCP (auth_tcp = "none", configured explicitly):
#    list, define, start, lifecycle events, volume upload and download,
#    destroy, undefine; a Linux guest under TCG (the qemu tests' kernel and
#    busybox initramfs) started over TLS, its console read, destroyed;
#  * refusals, each seen in the client's error and in the daemon's log: a
#    client certificate from an untrusted CA, a server certificate from a CA
#    the client does not trust, expired client and server certificates, a
#    server certificate for another host, a client DN not in
#    tls_allowed_dn_list, a client stalling mid-handshake (dropped after
#    tls_handshake_timeout while other clients are served), and plain TCP
#    to a TLS port or to a daemon listening on TLS only;
#  * nothing listens on the network unless configured, and auth_tcp
#    defaults to "sasl" as in libvirt.
import json
import os
import shutil
import subprocess
import sys

import hosts
import linux_guest
import pki
from hosts import tap, skip

MODVIRTD = os.path.abspath(sys.argv[1])
MVSH = os.path.abspath(sys.argv[2])
REMOTE_DIR = os.path.abspath(sys.argv[3])
PLUGIN_DIRS = os.environ.get('MODVIRT_PLUGIN_DIR', '')
SERVER_NAME = 'server.test'
TLS_PORT = 16514
TCP_PORT = 16509

hosts.need(os.geteuid() == 0, 'needs root (network namespaces)')
hosts.need(hosts.can_make_netns(), 'cannot create network namespaces (ip netns)')
hosts.need(pki.CERTTOOL, 'certtool (Debian package gnutls-bin) is not installed')
hosts.need(hosts.VIRSH, 'virsh (Debian package libvirt-clients) is not installed')

work = hosts.work
pair = hosts.HostPair('tls')
client, server = pair.client, pair.server

# IPv6 on the same link, and the server's name in the client's hosts file
# (ip netns exec puts /etc/netns/NAME/hosts over /etc/hosts).
V6 = 'fd42:%x::' % (os.getpid() & 0xffff)
for h, last in ((client, '1'), (server, '2')):
    dev = h.run(['sh', '-c', "ip -o link show type veth | sed 's/^[0-9]*: \\([^@:]*\\).*/\\1/'"]
                ).stdout.strip()
    h.run(['ip', '-6', 'addr', 'add', V6 + last + '/64', 'dev', dev, 'nodad'], check=True)
SERVER_V6 = V6 + '2'
etc = os.path.join('/etc/netns', client.netns)
os.makedirs(etc, exist_ok=True)
hosts.at_exit(lambda: shutil.rmtree(etc, ignore_errors=True))
with open(os.path.join(etc, 'hosts'), 'w') as f:
    f.write('127.0.0.1 localhost\n%s %s\n%s %s\n' % (server.ip, SERVER_NAME, SERVER_V6,
                                                       SERVER_NAME))

# ---- certificates ----------------------------------------------------------

ca = pki.CA(os.path.join(work, 'ca'))
other_ca = pki.CA(os.path.join(work, 'other-ca'), cn='some other CA')
srv = ca.server('server', SERVER_NAME, ip=server.ip, dns=[SERVER_NAME])
srv6 = ca.server('server6', SERVER_NAME, ip=SERVER_V6, dns=[SERVER_NAME])
srv_expired = ca.server('server-expired', SERVER_NAME, ip=server.ip, expired=True)
srv_elsewhere = ca.server('server-elsewhere', 'elsewhere.test', ip='10.254.254.254',
                          dns=['elsewhere.test'])
good = pki.pkipath(os.path.join(work, 'pki-good'), ca, *ca.client('client1', 'client1'))
untrusted = pki.pkipath(os.path.join(work, 'pki-untrusted'), ca,
                        *other_ca.client('client-other', 'client1'))
expired = pki.pkipath(os.path.join(work, 'pki-expired'), ca,
                      *ca.client('client-expired', 'client1', expired=True))
intruder = pki.pkipath(os.path.join(work, 'pki-intruder'), ca,
                       *ca.client('intruder', 'intruder', org='elsewhere'))
# Our certificate is fine, but we trust only another CA.
distrust = pki.pkipath(os.path.join(work, 'pki-distrust'), other_ca,
                       os.path.join(good, 'clientcert.pem'), os.path.join(good, 'clientkey.pem'))


def daemon_config(cert, extra='', tcp=True):
    return ('listen_tls = 1\n'
            'ca_file = "%s"\ncert_file = "%s"\nkey_file = "%s"\n'
            'tls_allowed_dn_list = ["C=GB,O=modvirt tests,CN=client*"]\n'
            'tls_handshake_timeout = 2\n%s%s') % (
                ca.cert, cert[0], cert[1],
                'listen_tcp = 1\nauth_tcp = "none"\n' if tcp else '', extra)


def start_daemon(name, config, ports=(TLS_PORT,)):
    d = hosts.Modvirtd(MODVIRTD, host=server, config=config, name=name)
    for p in ports:
        client.wait_tcp(server.ip, p, proc=d.proc)
    return d


def tls_uri(pkidir, scheme='test', path='/default', host=None, extra=''):
    return '%s+tls://%s%s?pkipath=%s%s' % (scheme, host or server.ip, path, pkidir, extra)


def tcp_uri(scheme='test', path='/default', port=None):
    return '%s+tcp://%s%s%s' % (scheme, server.ip, ':%d' % port if port else '', path)


MVSH_ENV = {'MODVIRT_PLUGIN_DIR': ':'.join(p for p in (PLUGIN_DIRS, REMOTE_DIR) if p)}


def mvsh(uri, cmds):
    p = client.run([MVSH, '-c', uri, cmds], env=MVSH_ENV)
    return p.returncode, p.stdout, p.stderr


def virsh(uri, cmds):
    return hosts.virsh(uri, cmds, host=client)


DOMXML = os.path.join(work, 'nettest.xml')
with open(DOMXML, 'w') as f:
    f.write("<domain type='test'><name>nettest</name><memory>65536</memory>"
            "<os><type>hvm</type></os></domain>")

# ---- the scenario --------------------------------------------------------------

PY_SCENARIO = r'''
import json, sys, threading, libvirt
libvirt.virEventRegisterDefaultImpl()
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
uri, xml = sys.argv[1], open(sys.argv[2]).read()
got = []
done = threading.Event()
def cb(conn, dom, event, detail, opaque):
    got.append([dom.name(), event])
    if event == libvirt.VIR_DOMAIN_EVENT_UNDEFINED:
        done.set()
c = libvirt.open(uri)
c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, None)
before = sorted(d.name() for d in c.listAllDomains())
d = c.defineXML(xml)
d.create()
state = d.state()[0]
d.destroy()
d.undefine()
done.wait(30)
print(json.dumps({"before": before, "state": state, "events": got,
                  "encrypted": c.isEncrypted(), "secure": c.isSecure()}))
'''


def t_python(label, uri, encrypted):
    p = client.run([hosts.SYS_PYTHON, '-c', PY_SCENARIO, uri, DOMXML])
    try:
        r = json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        tap(False, '%s: python3-libvirt list, define, start, events, destroy' % label,
            p.stdout + p.stderr)
        return
    # libvirt's lifecycle events: defined 0, started 2, stopped 5, undefined 1.
    want = [['nettest', 0], ['nettest', 2], ['nettest', 5], ['nettest', 1]]
    tap('test' in r['before'] and r['state'] == 1 and r['events'] == want and
        r['encrypted'] == (1 if encrypted else 0) and r['secure'] == (1 if encrypted else 0),
        '%s: python3-libvirt list, define, start, events, destroy' % label, json.dumps(r))


def t_secure(label, uri, want):
    """mvsh's connection says what libvirt's would: encrypted and secure
    over TLS, neither over plain TCP."""
    code = ('import ctypes,sys\n'
            'l=ctypes.CDLL(sys.argv[2])\n'
            'l.virConnectOpen.restype=ctypes.c_void_p\n'
            'c=l.virConnectOpen(sys.argv[1].encode())\n'
            'print(l.virConnectIsEncrypted(ctypes.c_void_p(c)), '
            'l.virConnectIsSecure(ctypes.c_void_p(c)))\n')
    lib = os.path.join(os.path.dirname(MVSH), '..', '..', 'core', 'libmodvirt.so.0')
    p = client.run([hosts.SYS_PYTHON, '-c', code, uri, lib],
                   env=dict(MVSH_ENV, **hosts.sanitizer_preload(lib)))
    tap(p.stdout.split() == [str(want), str(want)],
        '%s: modvirt reports encrypted and secure = %d' % (label, want), p.stdout + p.stderr)


def t_shell(label, run, uri):
    rc, out, err = run(uri, 'list --all; define %s; start nettest; domstate nettest; '
                            'destroy nettest; undefine nettest; list --all --name' % DOMXML)
    tap(rc == 0 and 'running' in out and out.strip().splitlines()[-1].strip() == 'test',
        '%s: list, define, start, destroy, undefine' % label, out + err)


def t_volumes(label, run, uri):
    ok, diag = hosts.volume_round_trip(run, uri, label)
    tap(ok, '%s: vol-upload and vol-download' % label, diag)


def t_events(label, uri):
    """virsh event --loop in the client namespace sees mvsh's start and
    destroy (both over the network)."""
    keeper = subprocess.Popen(client.argv([hosts.VIRSH, '-c', uri,
                                           'event --loop --event lifecycle --timeout 60']),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=dict(os.environ, LC_ALL='C'), start_new_session=True)
    hosts.at_exit(lambda: hosts.stop_process(keeper))
    log_count = dA.read_log().count('domain event')
    hosts.wait_for(lambda: dA.read_log().count('domain event') > log_count or
                   keeper.poll() is not None, 'the event registration')
    rc, out, err = mvsh(tls_uri(good), 'destroy test; start test')
    hosts.stop_process(keeper)
    text = keeper.stdout.read()
    tap(rc == 0 and "event 'lifecycle' for domain 'test': Stopped Destroyed" in text and
        "event 'lifecycle' for domain 'test': Started Booted" in text,
        '%s: virsh event --loop sees the lifecycle events' % label, text + out + err)


def t_qemu_guest():
    """A Linux guest under TCG (the qemu tests' kernel and busybox
    initramfs) defined, started, its console read and destroyed with
    python3-libvirt over TLS, its lifecycle events received."""
    name = 'a TCG Linux guest over TLS: define, start, console, events, destroy'
    paths, why = linux_guest.kernel()
    if why:
        skip(name, why)
        return
    xml = os.path.join(work, 'guest.xml')
    with open(xml, 'w') as f:
        f.write(linux_guest.definition('mvtls-linux', *paths))
    p = client.run([hosts.SYS_PYTHON, '-c', linux_guest.CONSOLE_SCRIPT,
                    tls_uri(good, 'qemu', '/system'), xml, '300'], timeout=400)
    try:
        r = json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        tap(False, name, p.stdout + p.stderr + dA.read_log()[-2000:])
        return
    # Events: defined 0, started 2, ... (qemu may report its shutdown, 6),
    # stopped 5, undefined 1.
    tap(r['up'] and r['events'][:2] == [0, 2] and r['events'][-2:] == [5, 1], name,
        json.dumps(r))


# ---- refusals ----------------------------------------------------------------


def refused(label, run, uri, client_says, d, log_says):
    before = d.read_log()
    rc, out, err = run(uri, 'list')
    in_log = False
    if log_says:
        try:
            hosts.wait_for(lambda: log_says in d.read_log()[len(before):], repr(log_says), 10)
            in_log = True
        except TimeoutError:
            pass
    else:
        # The client refused the server: the daemon saw it go before it
        # opened anything (mvsh tells it why with a TLS alert).
        try:
            hosts.wait_for(lambda: 'closing:' in d.read_log()[len(before):] or
                           client_says.startswith('Connection refused'), 'the closing line', 10)
        except TimeoutError:
            pass
        after = d.read_log()[len(before):]
        in_log = 'opening' not in after and (client_says.startswith('Connection refused') or
                                             'closing:' in after)
    tap(rc != 0 and client_says in err and in_log,
        '%s: refused (client: %r; daemon log: %r)' % (label, client_says, log_says),
        'rc=%d\n%s%s\n--- daemon log ---\n%s' % (rc, out, err, d.read_log()[len(before):]))


def t_stall(d):
    """A client that sends half a ClientHello and waits: dropped after the
    timeout, while others are served meanwhile."""
    code = ('import socket,sys,time\n'
            's=socket.create_connection((sys.argv[1],int(sys.argv[2])))\n'
            's.sendall(bytes([0x16,3,1,2,0,1,0,1,0xfc,3,3]))\n'
            't=time.monotonic()\n'
            's.settimeout(30)\n'
            'try:\n d=s.recv(100)\nexcept OSError as e:\n d=str(e).encode()\n'
            'print(repr(d), round(time.monotonic()-t,1))\n')
    before = d.read_log()
    staller = subprocess.Popen(client.argv([hosts.SYS_PYTHON, '-c', code, server.ip,
                                            str(TLS_PORT)]),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    hosts.at_exit(lambda: hosts.stop_process(staller))
    hosts.wait_for(lambda: 'TLS handshake next' in d.read_log()[len(before):],
                   'the staller to connect')
    rc, out, err = virsh(tls_uri(good), 'list --name')
    tap(rc == 0 and 'test' in out, 'another client is served while one stalls mid-handshake',
        out + err)
    hosts.wait_for(lambda: staller.poll() is not None, 'the staller to be dropped')
    said = staller.stdout.read()
    log = d.read_log()[len(before):]
    first = [l for l in log.splitlines() if 'TLS handshake next' in l][0]
    cid = first.split(': client ')[1].split(' ')[0]
    tap("b''" in said and ('client %s (' % cid) in log and
        'TLS handshake not finished within 2 seconds' in log and
        ('client %s: opening' % cid) not in log,
        'a client stalling mid-handshake is dropped after tls_handshake_timeout and logged',
        said + '\n' + log)


# ---- run -----------------------------------------------------------------------

dA = start_daemon('main', daemon_config(srv), ports=(TLS_PORT, TCP_PORT))
log = dA.read_log()
tap('listening on tls' in log and 'listening on tcp' in log and
    'auth_tcp = "none"' in log, 'modvirtd listens on TLS and TCP as configured, '
    'warning that auth_tcp is "none"', log)

t_shell('virsh over TLS', virsh, tls_uri(good))
t_shell('virsh over TLS by host name', virsh, tls_uri(good, host=SERVER_NAME))
t_shell('mvsh over TLS', mvsh, tls_uri(good))
t_shell('virsh over TCP', virsh, tcp_uri())
t_shell('mvsh over TCP', mvsh, tcp_uri())
t_python('TLS', tls_uri(good), True)
t_python('TCP', tcp_uri(), False)
t_events('TLS', tls_uri(good))
t_secure('TLS', tls_uri(good), 1)
t_secure('TCP', tcp_uri(), 0)
t_volumes('virsh over TLS', virsh, tls_uri(good, 'qemu', '/system'))
t_volumes('mvsh over TLS', mvsh, tls_uri(good, 'qemu', '/system'))
t_volumes('mvsh over TCP', mvsh, tcp_uri('qemu', '/system'))
t_qemu_guest()

# The daemon refuses (its log names why; the client learns only that it was
# not accepted, as with libvirt). The clients check their own certificates
# before connecting: no_sanity=1 (libvirt's parameter) lets them present
# the bad ones.
for run, who in ((virsh, 'virsh'), (mvsh, 'mvsh')):
    rc, out, err = run(tls_uri(expired), 'list')
    tap(rc != 0 and 'client certificate' in err and 'has expired' in err,
        '%s checks its own certificate before connecting' % who, out + err)
for run, who in ((virsh, 'virsh'), (mvsh, 'mvsh')):
    want = 'Unable to read TLS confirmation' if who == 'virsh' else \
        'server verification (of our certificate or IP address) failed'
    refused('%s, client certificate from an untrusted CA' % who, run,
            tls_uri(untrusted, extra='&no_sanity=1'), want,
            dA, "hasn't got a known issuer")
    refused('%s, expired client certificate' % who, run, tls_uri(expired, extra='&no_sanity=1'),
            want, dA,
            'has expired')
    refused('%s, client DN not in tls_allowed_dn_list' % who, run, tls_uri(intruder), want, dA,
            "Client's Distinguished Name is not on the list of allowed clients")
# The client refuses.
refused('virsh, server certificate from a CA it does not trust', virsh,
        tls_uri(distrust, extra='&no_sanity=1'),
        'Failed to verify peer', dA, None)
refused('mvsh, server certificate from a CA it does not trust', mvsh,
        tls_uri(distrust, extra='&no_sanity=1'),
        "hasn't got a known issuer", dA, 'closing: Connection refused')
refused('virsh, plain TCP to the TLS port', virsh, tcp_uri(port=TLS_PORT),
        'accepts TLS connections only', dA, 'not a TLS client')
refused('mvsh, plain TCP to the TLS port', mvsh, tcp_uri(port=TLS_PORT),
        'accepts TLS connections only', dA, 'not a TLS client')
t_stall(dA)
tap(dA.proc.poll() is None, 'the daemon survived every refused client')
dA.stop()

# IPv6.
d6 = start_daemon('v6', daemon_config(srv6, tcp=False), ports=())
client.wait_tcp(SERVER_V6, TLS_PORT, proc=d6.proc)
t_shell('mvsh over TLS, IPv6', mvsh, tls_uri(good, host='[%s]' % SERVER_V6))
t_shell('virsh over TLS, IPv6', virsh, tls_uri(good, host='[%s]' % SERVER_V6))
# TLS only: plain TCP finds no listener.
refused('virsh, plain TCP to a daemon listening on TLS only', virsh, tcp_uri(),
        'Connection refused', d6, None)
refused('mvsh, plain TCP to a daemon listening on TLS only', mvsh, tcp_uri(),
        'Connection refused', d6, None)
d6.stop()

# Server certificates the client refuses.
dE = start_daemon('expired', daemon_config(srv_expired, 'tls_no_sanity_certificate = 1\n',
                                           tcp=False))
refused('mvsh, expired server certificate', mvsh, tls_uri(good), 'has expired', dE,
        'closing: Connection refused')
refused('virsh, expired server certificate', virsh, tls_uri(good), 'Failed to verify peer', dE,
        None)
dE.stop()
dH = start_daemon('elsewhere', daemon_config(srv_elsewhere, tcp=False))
refused('mvsh, server certificate for another host', mvsh, tls_uri(good),
        'owner does not match the hostname %s' % server.ip, dH, 'closing: Connection refused')
refused('virsh, server certificate for another host', virsh, tls_uri(good),
        'Failed to verify peer', dH, None)
rc, out, err = mvsh(tls_uri(good, extra='&no_verify=1'), 'list --name')
tap(rc == 0 and 'test' in out and 'owner does not match' in err,
    'mvsh with no_verify=1 logs the mismatch and goes on', out + err)
dH.stop()

# A daemon whose own certificate expired does not start (unless told).
bad = hosts.Modvirtd(MODVIRTD, host=server, config=daemon_config(srv_expired, tcp=False),
                     name='bad', wait=False)
bad.proc.wait(hosts.GUARD)
tap(bad.proc.returncode != 0 and 'has expired' in bad.read_log(),
    'modvirtd refuses to start with an expired server certificate', bad.read_log())

# Nothing on the network unless asked; auth_tcp defaults to sasl.
dN = hosts.Modvirtd(MODVIRTD, host=server, config='', name='plain')
tap('listening on tcp' not in dN.read_log() and 'listening on tls' not in dN.read_log() and
    not client.tcp_answers(server.ip, TLS_PORT) and not client.tcp_answers(server.ip, TCP_PORT),
    'no TCP or TLS listener unless configured')
dN.stop()
dS = hosts.Modvirtd(MODVIRTD, host=server, config='listen_tcp = 1\n', name='sasl-default')
client.wait_tcp(server.ip, TCP_PORT, proc=dS.proc)
tap('(auth sasl)' in dS.read_log(), 'auth_tcp defaults to "sasl", as in libvirt',
    dS.read_log())
dS.stop()

sys.exit(hosts.finish())
