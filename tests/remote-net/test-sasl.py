# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/remote-net/test-sasl.py — SASL authentication against modvirtd in
the "server" namespace: SCRAM-SHA-256 on its unix socket (auth_unix_rw),
DIGEST-MD5 with its security layer on plain TCP from the "client"
namespace (auth_tcp); real virsh and python3-libvirt (openAuth with a
callback), mvsh through the remote plugin answering its prompts on stdin,
and a program calling modvirt's own virConnectOpenAuth (ctypes). Refusals
are checked from the client's error and from the daemon's log: a wrong
password, a user not in sasl_allowed_username_list, calls made before
authenticating, a client stalling in the middle of the exchange (dropped
after auth_timeout, never reaching a driver), SCRAM asked on plain TCP.

SASL is pointed at a private configuration (SASL_CONF_PATH) naming a
private sasldb made with saslpasswd2 -f; nothing under /etc is read.

Usage (meson): test-sasl.py MODVIRTD MVSH REMOTE_PLUGIN_DIR
"""
import ctypes
import json
import os
import shutil
import subprocess
import sys

import hosts
import linux_guest
from hosts import tap, work

MECH_DIR = '/usr/lib/x86_64-linux-gnu/sasl2'
# Under AddressSanitizer: what Cyrus SASL's DIGEST-MD5 never frees.
LSAN = {'LSAN_OPTIONS': 'suppressions=' + os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        'sasl-lsan.supp')}
PASSWORD = 'alice-Pw.1'
BOB_PASSWORD = 'bob-Pw.2'


def sasl_ready():
    if not shutil.which('saslpasswd2'):
        return 'saslpasswd2 is not installed (Debian package sasl2-bin)'
    for mech in ('libscram.so', 'libdigestmd5.so', 'libsasldb.so'):
        if not os.path.exists(os.path.join(MECH_DIR, mech)):
            return '%s is missing (Debian package libsasl2-modules)' % mech
    if not hosts.VIRSH:
        return 'virsh is not installed'
    return None


def main():
    hosts.need(os.geteuid() == 0 and hosts.can_make_netns(), 'needs root and ip netns')
    why = sasl_ready()
    hosts.need(why is None, why or '')
    modvirtd, mvsh, _plugin_dir = sys.argv[1:4]

    # A private SASL configuration for the service "libvirt": the
    # mechanisms offered and where the users are.
    sasl_dir = os.path.join(work, 'sasl2')
    os.makedirs(sasl_dir)
    db = os.path.join(sasl_dir, 'passwd.db')
    with open(os.path.join(sasl_dir, 'libvirt.conf'), 'w') as f:
        f.write('mech_list: scram-sha-256 digest-md5\nsasldb_path: %s\n' % db)
    for user, pw in (('alice', PASSWORD), ('bob', BOB_PASSWORD)):
        subprocess.run(['saslpasswd2', '-f', db, '-a', 'libvirt', '-p', '-c', user],
                       input=pw, text=True, check=True, capture_output=True)

    pair = hosts.HostPair('sasl')
    client, server = pair.client, pair.server
    config = ('auth_unix_rw = "sasl"\n'
              'listen_tcp = 1\n'
              'listen_addr = "%s"\n'
              'auth_tcp = "sasl"\n'
              'sasl_allowed_username_list = ["alice", "carol*"]\n'
              'auth_timeout = 2\n' % server.ip)
    d = hosts.Modvirtd(modvirtd, host=server, config=config,
                       env=dict(LSAN, SASL_CONF_PATH=sasl_dir))
    client.wait_tcp(server.ip, 16509, d.proc, 'modvirtd on TCP')
    unix_uri = d.unix_uri()
    tcp_uri = 'test+tcp://%s/default' % server.ip

    def run(host, argv, stdin='', env=None):
        """ARGV in HOST (None: here) with no controlling terminal: prompts
        read stdin."""
        e = dict(os.environ, LC_ALL='C', **LSAN)
        e.update(env or {})
        p = subprocess.run(host.argv(argv) if host else argv, input=stdin, capture_output=True,
                           text=True, env=e, timeout=hosts.GUARD, start_new_session=True)
        return p.returncode, p.stdout, p.stderr

    def logged(text, count=1):
        try:
            return d.wait_log(text, count)
        except TimeoutError:
            return False

    def log_count(text):
        return d.read_log().count(text)

    # ---- virsh ------------------------------------------------------------
    rc, out, err = run(server, [hosts.VIRSH, '-c', unix_uri, 'list --all'],
                       'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and ' test ' in out and 'Please enter your authentication name:' in out
        and 'Please enter your password:' in out,
        'virsh, unix socket, SCRAM-SHA-256: prompts answered, list', out + err)
    tap(logged("authenticated as 'alice' with SASL SCRAM-SHA-256"),
        'daemon log names the user and SCRAM-SHA-256', d.read_log()[-2000:])

    rc, out, err = run(client, [hosts.VIRSH, '-c', tcp_uri, 'list --all; dominfo test'],
                       'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and ' test ' in out and 'running' in out,
        'virsh, TCP from the client host, DIGEST-MD5 with a security layer', out + err)
    tap(logged("authenticated as 'alice' with SASL DIGEST-MD5 (security layer on)"),
        'daemon log: DIGEST-MD5 with the security layer on', d.read_log()[-2000:])

    rc, out, err = run(server, [hosts.VIRSH, '-c', unix_uri, 'list'], 'alice\nwrong\n')
    tap(rc != 0 and 'error: authentication failed: authentication failed' in err,
        'virsh: wrong password refused with libvirt\'s error', out + err)
    tap(logged('SASL authentication failed: step'),
        'daemon log: the wrong password', d.read_log()[-2000:])

    rc, out, err = run(client, [hosts.VIRSH, '-c', tcp_uri, 'list'], 'bob\n%s\n' % BOB_PASSWORD)
    tap(rc != 0 and 'error: authentication failed: authentication failed' in err,
        'virsh: a user not in sasl_allowed_username_list refused', out + err)
    tap(logged("SASL client identity 'bob' not allowed by sasl_allowed_username_list"),
        'daemon log: the unlisted user', d.read_log()[-2000:])

    # ---- the scenario over TCP: DIGEST-MD5, every message through its layer ----
    # virsh takes alice's name and password from an auth file, as libvirt's
    # clients read it; python3-libvirt's from its openAuth callback.
    authfile = os.path.join(work, 'auth.conf')
    with open(authfile, 'w') as f:
        f.write('[credentials-alice]\nauthname=alice\npassword=%s\n\n'
                '[auth-libvirt-%s]\ncredentials=alice\n' % (PASSWORD, server.ip))
    qemu_tcp = 'qemu+tcp://%s/system' % server.ip

    def virsh_tcp(uri, cmds):
        return run(client, [hosts.VIRSH, '-c', uri, cmds], env={'LIBVIRT_AUTH_FILE': authfile})

    domxml = os.path.join(work, 'sasldom.xml')
    with open(domxml, 'w') as f:
        f.write("<domain type='test'><name>sasldom</name><memory>65536</memory>"
                "<os><type>hvm</type></os></domain>")
    rc, out, err = virsh_tcp(tcp_uri, 'list --all; define %s; start sasldom; domstate sasldom; '
                                      'destroy sasldom; undefine sasldom; list --all --name'
                             % domxml)
    tap(rc == 0 and 'running' in out and out.strip().splitlines()[-1].strip() == 'test',
        'virsh over TCP+SASL (auth file): list, define, start, destroy, undefine', out + err)
    ok, diag = hosts.volume_round_trip(virsh_tcp, qemu_tcp, 'virsh tcp sasl')
    tap(ok, 'virsh over TCP+SASL: vol-upload and vol-download (2 MiB through the layer)', diag)

    keeper = subprocess.Popen(client.argv([hosts.VIRSH, '-c', tcp_uri,
                                           'event --loop --event lifecycle --timeout 60']),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=dict(os.environ, LC_ALL='C', LIBVIRT_AUTH_FILE=authfile,
                                       **LSAN),
                              start_new_session=True)
    hosts.at_exit(lambda: hosts.stop_process(keeper))
    registered = log_count('domain event')
    hosts.wait_for(lambda: log_count('domain event') > registered or keeper.poll() is not None,
                   'the event registration over TCP+SASL')
    rc, out, err = virsh_tcp(tcp_uri, 'destroy test; start test')
    hosts.stop_process(keeper)
    text = keeper.stdout.read()
    tap(rc == 0 and "event 'lifecycle' for domain 'test': Stopped Destroyed" in text and
        "event 'lifecycle' for domain 'test': Started Booted" in text,
        'virsh event --loop over TCP+SASL sees the lifecycle events', text + out + err)

    name = 'python3-libvirt over TCP+SASL: a TCG guest started, its console read, destroyed'
    paths, why = linux_guest.kernel()
    if why:
        hosts.skip(name, why)
    else:
        xml = os.path.join(work, 'guest.xml')
        with open(xml, 'w') as f:
            f.write(linux_guest.definition('mvsasl-linux', *paths))
        p = client.run([hosts.SYS_PYTHON, '-c', linux_guest.CONSOLE_SCRIPT, qemu_tcp, xml,
                        str(linux_guest.BOOT_GUARD), 'alice', PASSWORD],
                       timeout=linux_guest.BOOT_GUARD + 100, env=LSAN)
        try:
            r = json.loads(p.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            r = None
        # Lifecycle events: defined 0, started 2, ..., stopped 5, undefined 1.
        tap(r is not None and r['up'] and r['events'][:2] == [0, 2] and
            r['events'][-2:] == [5, 1], name,
            json.dumps(r) if r else p.stdout + p.stderr + d.read_log()[-2000:])

    # ---- python3-libvirt: openAuth with a callback ---------------------------
    py = r'''
import libvirt, sys
uri, user, pw, big = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "big"
asked = []
def cb(creds, data):
    for c in creds:
        asked.append(c[0])
        if c[0] == libvirt.VIR_CRED_AUTHNAME:
            c[4] = user
        elif c[0] == libvirt.VIR_CRED_PASSPHRASE:
            c[4] = pw
    return 0
try:
    conn = libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None], 0)
except libvirt.libvirtError as e:
    print("ERROR %d %s" % (e.get_error_code(), e.get_error_message()))
    sys.exit(2)
names = sorted(d.name() for d in conn.listAllDomains())
print("DOMAINS", ",".join(names), "ASKED", sorted(set(asked)))
if big:
    desc = "x" * 2000000
    xml = ("<domain type='test'><name>big</name><description>%s</description>"
           "<memory>8192</memory><os><type>hvm</type></os></domain>" % desc)
    dom = conn.defineXML(xml)
    back = dom.XMLDesc(0)
    print("BIG", desc in back)
    dom.undefine()
conn.close()
'''
    rc, out, err = run(server, [hosts.SYS_PYTHON, '-c', py, unix_uri, 'alice', PASSWORD, ''])
    tap(rc == 0 and 'DOMAINS test' in out and 'ASKED [2, 5]' in out,
        'python3-libvirt openAuth, unix socket: the callback gave the name and password',
        out + err)
    rc, out, err = run(client, [hosts.SYS_PYTHON, '-c', py, tcp_uri, 'alice', PASSWORD, 'big'])
    tap(rc == 0 and 'DOMAINS test' in out and 'BIG True' in out,
        'python3-libvirt openAuth over TCP: 2 MB each way through the SASL layer', out + err)
    rc, out, err = run(client, [hosts.SYS_PYTHON, '-c', py, tcp_uri, 'alice', 'nope', ''])
    tap(rc == 2 and 'ERROR 45 authentication failed: authentication failed' in out,
        'python3-libvirt: wrong password gives VIR_ERR_AUTH_FAILED', out + err)

    # ---- mvsh through the remote plugin -----------------------------------------
    rc, out, err = run(server, [mvsh, '-c', unix_uri, 'list --all'], 'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and ' test ' in out and 'Please enter your authentication name:' in out,
        'mvsh, unix socket: prompts as virsh, SCRAM-SHA-256', out + err)
    rc, out, err = run(client, [mvsh, '-c', tcp_uri, 'list --all; dominfo test'],
                       'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and ' test ' in out and 'running' in out,
        'mvsh over TCP: DIGEST-MD5 and its security layer on the client side', out + err)
    big_xml = os.path.join(work, 'big.xml')
    with open(big_xml, 'w') as f:
        f.write("<domain type='test'><name>big</name><description>%s</description>"
                "<memory>8192</memory><os><type>hvm</type></os></domain>" % ('y' * 300000))
    rc, out, err = run(client, [mvsh, '-c', tcp_uri,
                                'define %s; dumpxml big; undefine big' % big_xml],
                       'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and out.count('y' * 300000) == 1 and "Domain 'big' has been undefined" in out,
        'mvsh over TCP: 300 kB each way through its SASL layer', out[-500:] + err)
    rc, out, err = run(client, [mvsh, '-c', tcp_uri, 'list'], 'alice\nwrong\n')
    tap(rc != 0 and 'error: authentication failed: authentication failed' in err,
        'mvsh: wrong password refused', out + err)
    rc, out, err = run(client, [mvsh, '-c', tcp_uri + '?auth=sasl.SCRAM-SHA-256', 'list'],
                       'alice\n%s\n' % PASSWORD)
    tap(rc != 0 and 'SASL mechanism SCRAM-SHA-256 not supported by server' in err,
        'mvsh: SCRAM on plain TCP is not offered (no security layer)', out + err)
    rc, out, err = run(server, [mvsh, '-c', unix_uri + '&auth=polkit', 'list'])
    tap(rc != 0 and 'requested authentication type polkit rejected' in err,
        'mvsh: auth= naming a scheme the daemon does not offer', out + err)

    # ---- modvirt's own virConnectOpenAuth, from a program (ctypes) --------------
    lib = os.path.join(os.environ.get('MV_TEST_BUILD_ROOT', ''), 'core', 'libmodvirt.so.0')
    if os.path.exists(lib):
        prog = r'''
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
libc = ctypes.CDLL(None)
libc.strdup.restype = ctypes.c_void_p
libc.strdup.argtypes = [ctypes.c_char_p]
class Cred(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("prompt", ctypes.c_char_p),
                ("challenge", ctypes.c_char_p), ("defresult", ctypes.c_char_p),
                ("result", ctypes.c_void_p), ("resultlen", ctypes.c_uint)]
CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(Cred), ctypes.c_uint, ctypes.c_void_p)
class Auth(ctypes.Structure):
    _fields_ = [("credtype", ctypes.POINTER(ctypes.c_int)), ("ncredtype", ctypes.c_uint),
                ("cb", CB), ("cbdata", ctypes.c_void_p)]
answers = {2: sys.argv[3].encode(), 5: sys.argv[4].encode()}
def cb(creds, n, data):
    for i in range(n):
        v = answers.get(creds[i].type)
        if v is None:
            return -1
        creds[i].result = libc.strdup(v)
        creds[i].resultlen = len(v)
    return 0
types = (ctypes.c_int * 2)(2, 5)
auth = Auth(types, 2, CB(cb), None)
lib.virConnectOpenAuth.restype = ctypes.c_void_p
lib.virConnectOpenAuth.argtypes = [ctypes.c_char_p, ctypes.POINTER(Auth), ctypes.c_uint]
lib.virGetLastErrorMessage.restype = ctypes.c_char_p
if sys.argv[3] == "-":
    lib.virConnectOpen.restype = ctypes.c_void_p
    lib.virConnectOpen.argtypes = [ctypes.c_char_p]
    conn = lib.virConnectOpen(sys.argv[2].encode())
else:
    conn = lib.virConnectOpenAuth(sys.argv[2].encode(), ctypes.byref(auth), 0)
if not conn:
    print("ERROR", lib.virGetLastErrorMessage().decode())
    sys.exit(2)
lib.virConnectNumOfDomains.argtypes = [ctypes.c_void_p]
print("DOMAINS", lib.virConnectNumOfDomains(conn))
lib.virConnectClose.argtypes = [ctypes.c_void_p]
lib.virConnectClose(conn)
'''
        penv = hosts.sanitizer_preload(lib)
        rc, out, err = run(client, [hosts.SYS_PYTHON, '-c', prog, lib, tcp_uri, 'alice',
                                    PASSWORD], env=penv)
        tap(rc == 0 and 'DOMAINS 1' in out,
            "modvirt's virConnectOpenAuth with a callback, over TCP", out + err)
        rc, out, err = run(client, [hosts.SYS_PYTHON, '-c', prog, lib, tcp_uri, 'bob',
                                    BOB_PASSWORD], env=penv)
        tap(rc == 2 and 'authentication failed: authentication failed' in out,
            "modvirt's virConnectOpenAuth: an unlisted user refused", out + err)
        rc, out, err = run(client, [hosts.SYS_PYTHON, '-c', prog, lib, tcp_uri, '-', ''],
                           env=penv)
        # libvirt's client says the same: with no callback no mechanism
        # can get its credentials.
        tap(rc == 2 and 'authentication failed: Failed to start SASL negotiation: -4 '
            '(SASL(-4): no mechanism available: No worthy mechs found)' in out,
            'virConnectOpen (no callback) to a daemon requiring SASL: libvirt\'s error',
            out + err)
    else:
        hosts.skip("modvirt's virConnectOpenAuth from a program", 'libmodvirt not built')

    # ---- clients that do not authenticate -----------------------------------------
    raw = r'''
import socket, struct, sys, time
PROG, VERS = 0x20008086, 1
def call(s, proc, serial, body=b""):
    m = struct.pack(">IIiiIi", PROG, VERS, proc, 0, serial, 0) + body
    s.sendall(struct.pack(">I", len(m) + 4) + m)
def reply(s):
    n = struct.unpack(">I", s.recv(4, socket.MSG_WAITALL))[0]
    return s.recv(n - 4, socket.MSG_WAITALL)
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=30)
mode = sys.argv[3]
if mode == "early":
    call(s, 1, 1, struct.pack(">II", 0, 0))      # CONNECT_OPEN, before any auth
    r = reply(s)
    status = struct.unpack(">i", r[20:24])[0]
    code, dom = struct.unpack(">ii", r[24:32])
    ln = struct.unpack(">I", r[36:40])[0]
    print("STATUS", status, "CODE", code, "DOMAIN", dom, "MSG", r[40:40 + ln].decode())
else:
    call(s, 66, 1)                                # AUTH_LIST
    print("AUTH_LIST", struct.unpack(">ii", reply(s)[24:32]))
    call(s, 67, 2)                                # AUTH_SASL_INIT, then silence
    reply(s)
    t = time.monotonic()
    rest = s.recv(100)
    print("DROPPED after %.1f s" % (time.monotonic() - t), rest == b"")
'''
    rc, out, err = run(client, [hosts.SYS_PYTHON, '-c', raw, server.ip, '16509', 'early'])
    tap(rc == 0 and 'STATUS 1 CODE 39 DOMAIN 7 MSG authentication required' in out,
        'a call before authenticating: VIR_ERR_RPC "authentication required"', out + err)
    tap(logged('procedure 1 refused: authentication required'),
        'daemon log: the call refused before authentication', d.read_log()[-2000:])

    opened_before = log_count(': opening ')
    rc, out, err = run(client, [hosts.SYS_PYTHON, '-c', raw, server.ip, '16509', 'stall'])
    tap(rc == 0 and 'AUTH_LIST (1, 1)' in out and 'DROPPED' in out and out.strip().endswith('True'),
        'a client stalling mid-exchange is dropped after auth_timeout', out + err)
    tap(logged('not authenticated within 2 seconds (auth_timeout): dropping it')
        and log_count(': opening ') == opened_before,
        'daemon log: the stalled client dropped, no driver opened for it', d.read_log()[-2000:])

    d.stop()

    # ---- TLS with a SASL login (auth_tls = "sasl"): SCRAM over TLS -------------
    tls_and_sasl(modvirtd, mvsh, pair, sasl_dir, run)

    # ---- mvsh against a real libvirtd requiring SASL ---------------------------
    real_libvirtd(mvsh, run)
    return hosts.finish()


def tls_and_sasl(modvirtd, mvsh, pair, sasl_dir, run):
    """A daemon on TLS that also asks for a SASL login: the channel is
    secure, so SCRAM-SHA-256 is offered and no SASL layer is added."""
    try:
        import pki
    except ImportError:
        hosts.skip('TLS with SASL', 'pki.py not found')
        return
    if not pki.CERTTOOL:
        hosts.skip('TLS with SASL', 'certtool (Debian package gnutls-bin) is not installed')
        return
    client, server = pair.client, pair.server
    ca = pki.CA(os.path.join(work, 'ca'))
    cert = ca.server('server', server.ip, ip=server.ip)
    pkidir = pki.pkipath(os.path.join(work, 'pki-client'), ca, *ca.client('client1', 'client1'))
    config = ('listen_tls = 1\nlisten_addr = "%s"\nauth_tls = "sasl"\n'
              'ca_file = "%s"\ncert_file = "%s"\nkey_file = "%s"\n'
              'sasl_allowed_username_list = ["alice"]\n' % (server.ip, ca.cert, cert[0], cert[1]))
    d = hosts.Modvirtd(modvirtd, host=server, config=config, name='modvirtd-tls',
                       env=dict(LSAN, SASL_CONF_PATH=sasl_dir))
    client.wait_tcp(server.ip, 16514, d.proc, 'modvirtd on TLS')
    uri = 'test+tls://%s/default?pkipath=%s' % (server.ip, pkidir)
    rc, out, err = run(client, [hosts.VIRSH, '-c', uri, 'list --all'], 'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and ' test ' in out and 'Please enter your password:' in out,
        'virsh over TLS with auth_tls = "sasl": SCRAM-SHA-256 login', out + err)
    rc, out, err = run(client, [mvsh, '-c', uri, 'list --all'], 'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and ' test ' in out, 'mvsh over TLS with a SASL login', out + err)
    log = d.read_log()
    tap(log.count("authenticated as 'alice' with SASL SCRAM-SHA-256\n") >= 2
        and 'security layer on' not in log,
        'daemon log: SCRAM over TLS, no SASL layer on top of TLS', log[-2000:])
    rc, out, err = run(client, [mvsh, '-c', uri, 'list'], 'bob\n%s\n' % BOB_PASSWORD)
    tap(rc != 0 and 'error: authentication failed: authentication failed' in err
        and d.wait_log("SASL client identity 'bob' not allowed"),
        'TLS with SASL: an unlisted user refused and logged', out + err)
    d.stop()


def real_libvirtd(mvsh, run):
    """Debian's libvirtd (a session daemon as nobody, in a directory of its
    own, as tests/plugins/remote/libvirtd_peer.py runs it) with
    auth_unix_rw = "sasl" and its own SASL configuration: mvsh logs in."""
    sys.path.insert(0, os.path.join(os.environ.get('MV_TEST_SOURCE_ROOT', ''),
                                    'tests', 'plugins', 'remote'))
    try:
        import libvirtd_peer
    except ImportError:
        hosts.skip('mvsh against libvirtd with SASL', 'libvirtd_peer.py not found')
        return
    why = libvirtd_peer.available()
    if why:
        hosts.skip('mvsh against libvirtd with SASL', why)
        return

    def prepare(top):
        os.mkdir(os.path.join(top, 'sasl2'))
        db = os.path.join(top, 'sasl2', 'passwd.db')
        with open(os.path.join(top, 'sasl2', 'libvirt.conf'), 'w') as f:
            f.write('mech_list: scram-sha-256\nsasldb_path: %s\n' % db)
        subprocess.run(['saslpasswd2', '-f', db, '-a', 'libvirt', '-p', '-c', 'alice'],
                       input=PASSWORD, text=True, check=True, capture_output=True)

    try:
        peer = libvirtd_peer.Libvirtd(config='auth_unix_rw = "sasl"\n', prepare=prepare,
                                      env={'SASL_CONF_PATH': 'sasl2'})  # in its directory
    except RuntimeError as e:
        tap(False, 'libvirtd with SASL started', str(e))
        return
    hosts.at_exit(peer.stop)
    sock = peer.socket
    uri = 'test+unix:///default?socket=' + sock
    rc, out, err = run(None, [mvsh, '-c', uri, 'list --all'], 'alice\n%s\n' % PASSWORD)
    tap(rc == 0 and ' test ' in out and 'Please enter your password:' in out,
        'mvsh against libvirtd with auth_unix_rw = "sasl": SCRAM-SHA-256 login', out + err)
    rc, out, err = run(None, [mvsh, '-c', uri, 'list'], 'alice\nwrong\n')
    tap(rc != 0 and 'error: authentication failed: authentication failed' in err,
        'mvsh against libvirtd: wrong password, libvirtd\'s refusal relayed', out + err)


if __name__ == '__main__':
    sys.exit(main())
