# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/daemon/test-daemon.py MODVIRTD — modvirtd against real libvirt
# clients: Debian's virsh and python3-libvirt, and raw sockets sending bad
# messages. Every daemon runs in its own session with its log in a
# temporary directory; readiness is the socket accepting or a log line,
# never a sleep. TAP output.
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile

MODVIRTD = os.path.abspath(sys.argv[1])
VIRSH = shutil.which('virsh')
SYS_PYTHON = '/usr/bin/python3'

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
from taplib import GUARD, results, skip, tap, wait_for  # noqa: E402
from taplib import unix_answers as answers  # noqa: E402

work = tempfile.mkdtemp(prefix='mvd-test-')
children = []


class Daemon:
    def __init__(self, name, args=(), env=None, wait=True):
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.sock = os.path.join(self.dir, 'modvirtd-sock')
        self.sock_ro = os.path.join(self.dir, 'modvirtd-sock-ro')
        self.log = os.path.join(self.dir, 'modvirtd.log')
        e = dict(os.environ)
        e.setdefault('MODVIRT_RUN_ROOT', os.path.join(self.dir, 'root'))
        e.update(env or {})
        self.logf = open(self.log, 'ab')
        self.proc = subprocess.Popen([MODVIRTD, '--socket-dir', self.dir, '--verbose'] + list(args),
                                     stdin=subprocess.DEVNULL, stdout=self.logf,
                                     stderr=subprocess.STDOUT, env=e, start_new_session=True)
        children.append(self.proc)
        if wait:
            # both sockets: the read-write one is made first
            wait_for(lambda: (answers(self.sock) and answers(self.sock_ro))
                     or self.proc.poll() is not None, 'modvirtd to listen')
            if self.proc.poll() is not None:
                raise RuntimeError('modvirtd exited: ' + self.read_log())

    def read_log(self):
        with open(self.log, errors='replace') as f:
            return f.read()

    def wait_log(self, text, count=1):
        wait_for(lambda: self.read_log().count(text) >= count, 'log line ' + repr(text))

    def uri(self, scheme='test', path='/default', ro=False):
        return '%s+unix://%s?socket=%s' % (scheme, path, self.sock_ro if ro else self.sock)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(GUARD)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.logf.close()
        return rc


def virsh(uri, cmds, readonly=False, timeout=GUARD):
    args = [VIRSH, '-c', uri]
    if readonly:
        args.append('-r')
    args.append(cmds)
    env = dict(os.environ, LC_ALL='C')
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr


DOM_XML = """<domain type='test'>
  <name>mvd-extra</name>
  <uuid>1b6e04a2-5a2f-4c8e-9b59-3a3c0a8e2c11</uuid>
  <memory unit='KiB'>131072</memory>
  <vcpu>1</vcpu>
  <os><type arch='i686'>hvm</type></os>
</domain>
"""

# The commands virsh runs the same against libvirt's own test driver and
# modvirt's through modvirtd; their output must be byte for byte the same.
COMPARE = ('list --all; dumpxml test; domstate test; domid test; domuuid test; '
           'suspend test; domstate test; resume test; destroy test; list --all; start test; '
           'define {xml}; list --all --name; start mvd-extra; suspend mvd-extra; '
           'resume mvd-extra; destroy mvd-extra; undefine mvd-extra; '
           'net-list --all; net-info default; net-dumpxml default; pool-list --all; '
           'pool-info default-pool; pool-dumpxml default-pool; vol-list default-pool; '
           'nodeinfo; capabilities; iface-list --all; domstate test; '
           'schedinfo test; schedinfo test --set weight=100; schedinfo test --config; '
           'domhostname test; domtime test; reset test; domstate test; '
           "metadata test http://example.org/a/ --key a --set '<x n=\"1\"/>'; "
           'metadata test http://example.org/a/; metadata test http://example.org/a/ --config; '
           'desc test --title --new-desc Front; desc test --title; desc test; '
           'metadata test http://example.org/a/ --remove; domblkerror test; '
           'screenshot test --file {shot}; '
           'memtune test --hard-limit 2G --soft-limit 1G; memtune test; memtune test --config; '
           'blkiotune test --weight 300 --device-read-iops-sec /dev/sda,40; blkiotune test; '
           'blkiotune test --config --device-weights /dev/sdb,500; '
           'iothreadadd test 3; iothreadadd test 4 --config; iothreadinfo test; '
           'iothreadpin test 3 0; iothreadinfo test --live; iothreadinfo test --config; '
           'iothreadset test 3 --poll-max-ns 100 --poll-grow 2; iothreaddel test 4 --config; '
           'dumpxml test --inactive; '
           'dumpxml test')


def t_virsh_compare(d):
    xml = os.path.join(work, 'extra.xml')
    with open(xml, 'w') as f:
        f.write(DOM_XML)
    cmds = COMPARE.format(xml=xml, shot=os.path.join(work, 'shot.png'))
    ref = virsh('test:///default', cmds)
    got = virsh(d.uri(), cmds)
    tap(ref[0] == 0, 'virsh against libvirt\'s test driver succeeds', ref[2])
    tap(got == ref, 'virsh through modvirtd prints what libvirt\'s test driver prints',
        'expected:\n%s%s\ngot:\n%s%s' % (ref[1], ref[2], got[1], got[2]))
    # dominfo: the same but for functions modvirt does not have (managed
    # save, security labels), which virsh reports as unknown or leaves out.
    ref = virsh('test:///default', 'dominfo test')
    got = virsh(d.uri(), 'dominfo test')
    keep = lambda out: [l for l in out.splitlines()
                        if not l.startswith(('CPU time', 'Managed save', 'Security'))]
    tap(got[0] == 0 and keep(got[1]) == keep(ref[1]), 'virsh dominfo through modvirtd',
        '%r\n%r' % (ref, got))
    # qemu-agent-command goes on libvirt-qemu's own RPC program; libvirt's
    # test driver has no agent, so both answer with the same refusal.
    cmd = 'qemu-agent-command test \'{"execute":"guest-ping"}\''
    ref = virsh('test:///default', cmd)
    got = virsh(d.uri(), cmd)
    tap(ref[0] == 1 and got == ref,
        'virsh qemu-agent-command through modvirtd (libvirt-qemu\'s program) as libvirt',
        '%r\n%r' % (ref, got))
    rc, out, err = virsh(d.uri(), 'sysinfo')
    tap(rc != 0 and 'this function is not supported by the connection driver: '
        'virConnectGetSysinfo' in err, 'a libvirt procedure modvirt lacks: VIR_ERR_NO_SUPPORT',
        err)


# Statistics: virsh's own calls (procedures 64, 65, 159, 194, 243, 252,
# 253, 308 and 344 of libvirt's client) through modvirtd against libvirt's
# test driver; the block and interface counters follow the clock, so only
# their lines' shape is compared. virsh's domblkstat asks for
# virDomainBlockStatsFlags first and falls back when the daemon says
# VIR_ERR_NO_SUPPORT, as libvirt's test driver does.
STATS = ('dommemstat test; dommemstat test --period 5; domblkinfo test vda; '
         'domblkinfo test --all --human; blkdeviotune test vda; '
         'blkdeviotune test vda --total-bytes-sec-max 5000 --total-bytes-sec 10; '
         'blkdeviotune test vda; blkdeviotune test vda --total-bytes-sec 10; '
         'domblkstat test vda --human; domifstat test testnet0; domblkstat test vdb; '
         'domstats; domstats --raw --state test; domstats --enforce --block; '
         'blkdeviotune test vda --total-bytes-sec-max 0 --total-bytes-sec 0; blkdeviotune test vda')


def t_virsh_stats(d):
    counters = re.compile(r'^(\S+ \S+|[ \w]+:) +\d+$', re.M)
    mask = lambda r: (r[0], counters.sub(r'\1 N', r[1]), r[2])
    ref = mask(virsh('test:///default', STATS))
    got = mask(virsh(d.uri(), STATS))
    tap(got == ref, 'virsh\'s statistics commands through modvirtd print what libvirt\'s '
        'test driver prints', 'expected:\n%s%s\ngot:\n%s%s' % (ref[1], ref[2], got[1], got[2]))


def t_readonly(d):
    mutations = ['destroy test', 'suspend test', 'undefine test', 'net-destroy default',
                 'pool-destroy default-pool', 'define ' + os.path.join(work, 'extra.xml')]
    for m in mutations:
        ref = virsh('test:///default', m, readonly=True)
        got = virsh(d.uri(ro=True), m)
        tap(got[0] != 0 and 'read only access prevents' in got[2] and got[2] == ref[2],
            'read-only socket refuses "%s" as libvirt does' % m, '%r\n%r' % (ref, got))
    rc, out, err = virsh(d.uri(ro=True), 'list --all; domstate test')
    tap(rc == 0 and 'running' in out, 'read-only socket serves queries', err)


def t_events(d):
    keeper = subprocess.Popen([VIRSH, '-c', d.uri(), 'event --loop --all --timeout 120'],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, LC_ALL='C'))
    children.append(keeper)
    before = d.read_log().count('domain event 0 registered')
    d.wait_log('domain event 0 registered', before + 1)
    rc, out, err = virsh(d.uri(), 'destroy test; start test; suspend test; resume test; '
                         "metadata test http://example.org/e/ --key e --set '<e/>'; "
                         'desc test --title --new-desc Events')
    tap(rc == 0, 'lifecycle and metadata commands while another client listens', err)
    lines = []
    want = ["event 'lifecycle' for domain 'test': Stopped Destroyed",
            "event 'lifecycle' for domain 'test': Started Booted",
            "event 'lifecycle' for domain 'test': Suspended Paused",
            "event 'lifecycle' for domain 'test': Resumed Unpaused",
            "event 'metadata-change' for domain 'test': type element, uri http://example.org/e/",
            "event 'metadata-change' for domain 'test': type title, uri <null>"]
    try:
        while len(lines) < len(want):
            line = keeper.stdout.readline()
            if not line:
                break
            if line.strip():
                lines.append(line.rstrip('\n'))
    finally:
        keeper.kill()
        keeper.wait()
    tap(lines == want, 'virsh event --loop --all receives the events', '\n'.join(lines))


PY_CLIENT = r'''
import sys, threading, libvirt
uri = sys.argv[1]
libvirt.virEventRegisterDefaultImpl()
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
got = []
done = threading.Event()
def cb(conn, dom, event, detail, opaque):
    got.append((dom.name(), event, detail))
    if len(got) >= 2:
        done.set()
c = libvirt.open(uri)
print("type", c.getType())
print("doms", sorted(d.name() for d in c.listAllDomains()))
d = c.lookupByName("test")
print("byname", d.name(), d.ID(), d.UUIDString())
print("byuuid", c.lookupByUUIDString(d.UUIDString()).name())
print("byid", c.lookupByID(d.ID()).name())
cid = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, None)
x = c.createXML("""<domain type='test'><name>pyguest</name><memory>65536</memory>
<os><type>hvm</type></os></domain>""", 0)
print("created", x.name(), x.isActive(), x.isPersistent())
x.destroy()
print("waited", done.wait(60))
print("events", got)
c.domainEventDeregisterAny(cid)
try:
    c.lookupByName("pyguest")
except libvirt.libvirtError as e:
    print("lookup error", e.get_error_code(), e.get_error_domain(), e.get_error_message())
c.close()
'''


def py_client(uri):
    script = os.path.join(work, 'client.py')
    with open(script, 'w') as f:
        f.write(PY_CLIENT)
    return subprocess.run([SYS_PYTHON, script, uri], capture_output=True, text=True,
                          timeout=GUARD)


def t_python(d):
    try:
        subprocess.run([SYS_PYTHON, '-c', 'import libvirt'], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        skip('python3-libvirt through modvirtd', 'python3-libvirt is not installed')
        return
    ref = py_client('test:///default')
    got = py_client(d.uri())
    tap(ref.returncode == 0, 'python3-libvirt against libvirt\'s test driver', ref.stderr)
    tap(got.returncode == 0 and got.stdout == ref.stdout,
        'python3-libvirt through modvirtd: the same results, events and errors',
        'expected:\n%s\ngot:\n%s%s' % (ref.stdout, got.stdout, got.stderr))


REMOTE_PROG, KEEPALIVE_PROG = 0x20008086, 0x6b656570


def msg(prog, vers, proc, mtype, serial, status, body=b''):
    return struct.pack('>IIIiiIi', 28 + len(body), prog, vers, proc, mtype, serial, status) + body


def xdr_string(s):
    b = s.encode()
    return struct.pack('>I', len(b)) + b + b'\0' * ((4 - len(b) % 4) % 4)


def read_msg(s):
    def exact(n):
        buf = b''
        while len(buf) < n:
            chunk = s.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf
    (n,) = struct.unpack('>I', exact(4))
    rest = exact(n - 4)
    return struct.unpack('>IIiiIi', rest[:24]), rest[24:]


def error_message(body):
    # code, domain, then the optional message
    code, domain, present = struct.unpack('>iiI', body[:12])
    if not present:
        return code, domain, None
    (n,) = struct.unpack('>I', body[12:16])
    return code, domain, body[16:16 + n].decode()


def raw(d):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(GUARD)
    s.connect(d.sock)
    return s


def dropped(s):
    try:
        return s.recv(1) == b''
    except ConnectionResetError:
        return True


def t_bad_messages(d):
    # A client that keeps working meanwhile.
    good = raw(d)
    good.sendall(msg(REMOTE_PROG, 1, 1, 0, 1, 0, struct.pack('>I', 1) + xdr_string('test:///default') + struct.pack('>I', 0)))
    hdr, body = read_msg(good)
    tap(hdr[4] == 1 and hdr[5] == 0 and hdr[3] == 1, 'raw client opens test:///default', hdr)

    def good_call(serial):
        good.sendall(msg(REMOTE_PROG, 1, 51, 0, serial, 0))   # CONNECT_NUM_OF_DOMAINS
        h, b = read_msg(good)
        return h[4] == serial and h[5] == 0 and struct.unpack('>i', b)[0] >= 1

    cases = [
        ('length word under 28', struct.pack('>I', 27) + b'\0' * 27),
        ('length word of 0', struct.pack('>I', 0)),
        ('oversized length word', struct.pack('>I', 32 * 1024 * 1024 + 1)),
        ('4 GiB length word', b'\xff\xff\xff\xff'),
    ]
    serial = 10
    for name, data in cases:
        s = raw(d)
        s.sendall(data)
        tap(dropped(s), 'bad message (%s) drops that client' % name)
        s.close()
        serial += 1
        tap(good_call(serial), 'another client is served meanwhile (%s)' % name)

    # Truncated: a header promising more than comes, then hang up.
    s = raw(d)
    s.sendall(struct.pack('>I', 1000) + b'\0' * 100)
    s.close()
    serial += 1
    tap(good_call(serial), 'a truncated message and hang-up leave others served')

    # Well framed but wrong: error replies as libvirtd gives them.
    s = raw(d)
    s.sendall(msg(0x12345678, 1, 1, 0, 7, 0))
    h, b = read_msg(s)
    tap(h[:2] == (0x12345678, 1) and h[4] == 7 and h[5] == 1 and
        error_message(b)[2] == 'Cannot find program 305419896 version 1',
        'unknown program: libvirt\'s error reply', (h, error_message(b)))
    s.sendall(msg(REMOTE_PROG, 1, 99999, 0, 8, 0))
    h, b = read_msg(s)
    tap(h[4] == 8 and h[5] == 1 and error_message(b) == (39, 7, 'unknown procedure: 99999'),
        'unknown procedure: libvirt\'s error reply', error_message(b))
    s.sendall(msg(REMOTE_PROG, 1, 23, 0, 9, 0, b'\x00\x00\x10\x00abc'))   # LOOKUP_BY_NAME, short string
    h, b = read_msg(s)
    tap(h[4] == 9 and h[5] == 1 and error_message(b)[2] == 'Unable to decode message payload',
        'undecodable arguments: error reply', error_message(b))
    s.sendall(msg(REMOTE_PROG, 1, 51, 0, 10, 0))
    h, b = read_msg(s)
    tap(h[4] == 10 and h[5] == 1 and
        error_message(b) == (1, 7, 'internal error: hypervisor connection not open'),
        "a call before CONNECT_OPEN: libvirtd's 'hypervisor connection not open'",
        error_message(b))
    s.sendall(msg(KEEPALIVE_PROG, 1, 1, 2, 0, 0))
    h, b = read_msg(s)
    tap(h[:4] == (KEEPALIVE_PROG, 1, 2, 2), 'keepalive PING answered with PONG', h)
    s.close()
    # Garbage: random bytes whose first word, read as a length, is over
    # the limit (a length under it would make the daemon wait for the rest,
    # as it must): dropped, others fine.
    s = raw(d)
    s.sendall(b'\x7f' + os.urandom(4099))
    tap(dropped(s), 'garbage drops that client')
    s.close()
    serial += 1
    tap(good_call(serial), 'another client is still served after garbage')
    good.close()


def t_two_clients(d):
    keeper = subprocess.Popen([VIRSH, '-c', d.uri(), 'event --loop --event lifecycle --timeout 120'],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children.append(keeper)
    before = d.read_log().count('domain event 0 registered')
    d.wait_log('domain event 0 registered', before + 1)
    a = virsh(d.uri(), 'suspend test')
    b = virsh(d.uri(), 'domstate test')
    c = virsh(d.uri(), 'resume test')
    e = virsh(d.uri(), 'domstate test')
    keeper.kill()
    keeper.wait()
    tap(a[0] == 0 and b[1].strip() == 'paused' and c[0] == 0 and e[1].strip() == 'running',
        'two clients operate one domain', (a, b, c, e))


def t_lifecycle():
    d = Daemon('life')
    pidfile = os.path.join(d.dir, 'modvirtd.pid')
    with open(pidfile) as f:
        pid = int(f.read())
    tap(pid == d.proc.pid, 'pid file holds the daemon\'s pid')
    second = subprocess.run([MODVIRTD, '--socket-dir', d.dir], capture_output=True, text=True,
                            timeout=GUARD)
    tap(second.returncode == 1 and 'another modvirtd (pid %d) is running' % pid in second.stderr,
        'a second daemon on the same socket directory refuses to start', second.stderr)
    racer = subprocess.run([MODVIRTD, '--socket-dir', d.dir, '--timeout', '120'],
                           capture_output=True, text=True, timeout=GUARD)
    tap(racer.returncode == 0 and racer.stderr == '',
        'an on-demand start that lost the race exits 0 quietly', racer.stderr)
    rc = d.stop(signal.SIGTERM)
    tap(rc == 0, 'SIGTERM: clean exit', d.read_log())
    tap(not os.path.exists(d.sock) and not os.path.exists(d.sock_ro) and
        not os.path.exists(pidfile), 'SIGTERM: sockets and pid file removed', os.listdir(d.dir))

    t = Daemon('timeout', ['--timeout', '1'])
    rc, out, err = virsh(t.uri(), 'list')
    try:
        rc = t.proc.wait(GUARD)
    except subprocess.TimeoutExpired:
        rc = None
    tap(rc == 0 and 'no client for 1 seconds' in t.read_log(),
        '--timeout: exits once idle', t.read_log())
    t.logf.close()

    dd = os.path.join(work, 'detached')
    pf = os.path.join(work, 'detached.pid')
    p = subprocess.run([MODVIRTD, '--daemon', '--socket-dir', dd, '--pid-file', pf],
                       capture_output=True, text=True, timeout=GUARD,
                       env=dict(os.environ, MODVIRT_RUN_ROOT=os.path.join(work, 'detached-root')))
    ok = p.returncode == 0 and answers(os.path.join(dd, 'modvirtd-sock'))
    tap(ok, '--daemon returns once the sockets listen', p.stderr)
    if os.path.exists(pf):
        with open(pf) as f:
            dpid = int(f.read())
        rc = virsh('test+unix:///default?socket=' + os.path.join(dd, 'modvirtd-sock'), 'list')[0]
        tap(rc == 0, 'the detached daemon serves')
        fd = os.pidfd_open(dpid)
        os.kill(dpid, signal.SIGTERM)
        import select
        tap(select.select([fd], [], [], GUARD)[0] != [] and not os.path.exists(pf),
            'the detached daemon stops on SIGTERM')
        os.close(fd)

    conf = os.path.join(work, 'bad.conf')
    with open(conf, 'w') as f:
        f.write('# comment\nmax_clients = 10\nmax_workers = "many"\n')
    p = subprocess.run([MODVIRTD, '--socket-dir', os.path.join(work, 'bad'), '--config', conf],
                       capture_output=True, text=True, timeout=GUARD)
    tap(p.returncode == 1 and '%s:3: max_workers: expected an integer' % conf in p.stderr,
        'a bad configuration value is refused naming FILE:LINE', p.stderr)
    with open(conf, 'w') as f:
        f.write('max_clients = 10\nno_such_key = 1\nunix_sock_ro_perms = "0755"\n')
    c = Daemon('conf', ['--config', conf])
    mode = os.stat(c.sock_ro).st_mode & 0o7777
    tap(mode == 0o755 and "unknown setting 'no_such_key'" in c.read_log(),
        'configuration applied, unknown keys warned about', (oct(mode), c.read_log()))
    c.proc.send_signal(signal.SIGHUP)
    c.wait_log('reload: max_clients 10')
    tap(True, 'SIGHUP reloads the limits')
    c.stop()


def t_keepalive():
    """A client that asked for keepalive and then never answers a ping is
    dropped after keepalive_interval * (keepalive_count + 1) seconds."""
    conf = os.path.join(work, 'ka.conf')
    with open(conf, 'w') as f:
        f.write('keepalive_interval = 1\nkeepalive_count = 2\n')
    d = Daemon('keepalive', ['--config', conf])
    silent = raw(d)
    silent.sendall(msg(REMOTE_PROG, 1, 60, 0, 1, 0, struct.pack('>i', 10)))  # SUPPORTS_FEATURE PROGRAM_KEEPALIVE
    h, b = read_msg(silent)
    tap(h[4] == 1 and h[5] == 0 and struct.unpack('>i', b)[0] == 1,
        'keepalive: the daemon supports the keepalive program', (h, b))
    pings = 0
    try:
        while True:
            h, b = read_msg(silent)
            if h[:4] == (KEEPALIVE_PROG, 1, 1, 2):
                pings += 1
    except (EOFError, ConnectionResetError):
        pass
    silent.close()
    tap(pings == 2, 'keepalive: a silent client gets keepalive_count pings', pings)
    d.wait_log('no response after 2 keepalive messages in 3 seconds: dropping it')
    tap(True, 'keepalive: the daemon drops it and logs why')
    # A client that answers stays.
    alive = raw(d)
    alive.sendall(msg(REMOTE_PROG, 1, 60, 0, 1, 0, struct.pack('>i', 10)))
    read_msg(alive)
    answered = 0
    while answered < 4:
        h, b = read_msg(alive)
        if h[:4] == (KEEPALIVE_PROG, 1, 1, 2):
            alive.sendall(msg(KEEPALIVE_PROG, 1, 2, 2, 0, 0))
            answered += 1
    alive.sendall(msg(REMOTE_PROG, 1, 60, 0, 2, 0, struct.pack('>i', 10)))
    h, b = read_msg(alive)
    while h[0] == KEEPALIVE_PROG:
        h, b = read_msg(alive)
    tap(h[4] == 2 and h[5] == 0, 'keepalive: a client answering its pings is kept past the limit', h)
    alive.close()
    tap(d.stop() == 0, 'keepalive: clean exit')


def t_max_clients():
    """max_clients: past it, new connections wait (unaccepted) and are
    served once a client leaves; those connected are unaffected."""
    conf = os.path.join(work, 'max.conf')
    with open(conf, 'w') as f:
        f.write('max_clients = 2\n')
    d = Daemon('maxclients', ['--config', conf])
    first, second = raw(d), raw(d)

    def opened(s, serial):
        s.sendall(msg(REMOTE_PROG, 1, 1, 0, serial, 0,
                      struct.pack('>I', 1) + xdr_string('test:///default') + struct.pack('>I', 0)))
        h, _ = read_msg(s)
        return h[4] == serial and h[5] == 0
    tap(opened(first, 1) and opened(second, 1), 'max_clients 2: two clients served')
    third = raw(d)        # the kernel queues it; the daemon does not accept it yet
    third.sendall(msg(REMOTE_PROG, 1, 1, 0, 1, 0,
                      struct.pack('>I', 1) + xdr_string('test:///default') + struct.pack('>I', 0)))
    d.wait_log('2 clients connected (max_clients): new ones wait')
    second.sendall(msg(REMOTE_PROG, 1, 51, 0, 2, 0))
    h, b = read_msg(second)
    tap(h[4] == 2 and h[5] == 0, 'max_clients: connected clients are served while one waits', h)
    first.close()
    h, _ = read_msg(third)
    tap(h[4] == 1 and h[5] == 0, 'max_clients: the waiting client is served once one leaves', h)
    second.close()
    third.close()
    tap(d.stop() == 0, 'max_clients: clean exit')


def t_libvirt_paths():
    """listen_libvirt_paths: an unmodified client using plain
    qemu:///system reaches modvirtd. /run is a private tmpfs in a mount
    namespace of the test's, so the host's libvirt sockets are untouched."""
    if os.geteuid() != 0 or not shutil.which('unshare') or not shutil.which('nsenter'):
        skip('listen_libvirt_paths', 'needs root, unshare and nsenter (a private /run)')
        return
    conf = os.path.join(work, 'libvirt-paths.conf')
    with open(conf, 'w') as f:
        f.write('listen_libvirt_paths = 1\n')
    ddir = os.path.join(work, 'libvirt-paths')
    os.makedirs(ddir)
    log = open(os.path.join(ddir, 'modvirtd.log'), 'ab')
    env = dict(os.environ, MODVIRT_RUN_ROOT=os.path.join(ddir, 'root'))
    proc = subprocess.Popen(
        ['unshare', '--mount', '--propagation', 'private', 'sh', '-c',
         'mount -t tmpfs modvirt-test /run && exec "$0" "$@"',
         MODVIRTD, '--socket-dir', ddir, '--config', conf, '--verbose'],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
        start_new_session=True)
    children.append(proc)

    def inside(*argv):
        return subprocess.run(['nsenter', '-t', str(proc.pid), '-m', '--'] + list(argv),
                              capture_output=True, text=True, timeout=GUARD,
                              env=dict(os.environ, LC_ALL='C'))

    def listening():
        if proc.poll() is not None:
            return True
        r = inside(SYS_PYTHON, '-c', 'import socket,sys\ns=socket.socket(socket.AF_UNIX)\n'
                   'sys.exit(s.connect_ex("/run/libvirt/libvirt-sock"))')
        return r.returncode == 0
    wait_for(listening, "modvirtd on libvirt's socket paths")
    if proc.poll() is not None:
        tap(False, 'listen_libvirt_paths: the daemon starts', open(log.name).read())
        return
    r = inside(VIRSH, '-c', 'qemu:///system', 'uri')
    tap(r.returncode == 0 and r.stdout.strip() == 'qemu:///system',
        "listen_libvirt_paths: virsh -c qemu:///system reaches modvirtd on libvirt's socket",
        r.stdout + r.stderr)
    r = inside(VIRSH, '-r', '-c', 'qemu:///system', 'define /dev/null')
    err = r.stderr.lower()
    tap(r.returncode != 0 and 'read only access prevents' in err,
        "listen_libvirt_paths: libvirt-sock-ro is the read-only socket", r.stderr)
    st = os.stat('/run/libvirt/libvirt-sock') if os.path.exists('/run/libvirt/libvirt-sock') else None
    inside_sock = inside('stat', '-c', '%i', '/run/libvirt/libvirt-sock').stdout.strip()
    tap(st is None or str(st.st_ino) != inside_sock,
        "listen_libvirt_paths: the host's /run/libvirt is untouched")
    proc.send_signal(signal.SIGTERM)
    tap(proc.wait(GUARD) == 0, 'listen_libvirt_paths: clean exit', open(log.name).read())
    log.close()


QEMU_XML = """<domain type='qemu'>
  <name>mvd-tcg</name>
  <memory unit='MiB'>32</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices/>
</domain>
"""


def t_qemu():
    if not shutil.which('qemu-system-x86_64'):
        skip('qemu guest through modvirtd', 'qemu-system-x86_64 is not installed')
        return
    if os.geteuid() != 0:
        skip('qemu guest through modvirtd', 'needs root (qemu:///system)')
        return
    d = Daemon('qemu', env={'MODVIRT_RUN_ROOT': os.path.join(work, 'qemu-root')})
    uri = d.uri('qemu', '/system')
    try:
        run_qemu(d, uri)
    finally:
        # Whatever failed, no guest outlives the test.
        if d.proc.poll() is None:
            virsh(uri, 'destroy mvd-tcg; undefine mvd-tcg')
            d.stop()


def run_qemu(d, uri):
    xml = os.path.join(work, 'tcg.xml')
    with open(xml, 'w') as f:
        f.write(QEMU_XML)
    rc, out, err = virsh(uri, 'define %s; start mvd-tcg; domstate mvd-tcg' % xml)
    tap(rc == 0 and out.strip().endswith('running'), 'qemu: define and start a TCG guest', out + err)
    rc, out, err = virsh(uri, 'dominfo mvd-tcg')
    tap(rc == 0 and 'State:          running' in out, 'qemu: dominfo', out + err)
    d.stop(signal.SIGKILL)
    d.__init__('qemu', env={'MODVIRT_RUN_ROOT': os.path.join(work, 'qemu-root')})
    rc, out, err = virsh(uri, 'domstate mvd-tcg')
    tap(rc == 0 and out.strip() == 'running',
        'qemu: after SIGKILL of the daemon, a new one finds the guest running', out + err)
    rc, out, err = virsh(uri, 'destroy mvd-tcg; undefine mvd-tcg; list --all --name')
    tap(rc == 0 and 'mvd-tcg' not in out.split('undefined')[-1], 'qemu: destroy and undefine',
        out + err)


def t_storage_streams():
    d = Daemon('storage', env={'MODVIRT_RUN_ROOT': os.path.join(work, 'storage-root')})
    uri = d.uri('qemu', '/system')
    pooldir = os.path.join(work, 'pool')
    os.makedirs(pooldir)
    poolxml = os.path.join(work, 'pool.xml')
    with open(poolxml, 'w') as f:
        f.write("<pool type='dir'><name>mvdp</name><target><path>%s</path></target></pool>"
                % pooldir)
    data = os.urandom(3 * 1024 * 1024 + 17)
    up = os.path.join(work, 'up.bin')
    with open(up, 'wb') as f:
        f.write(data)
    sparse = os.path.join(work, 'sparse.bin')
    with open(sparse, 'wb') as f:
        f.truncate(8 * 1024 * 1024)
        f.seek(5 * 1024 * 1024)
        f.write(b'modvirt')
    down = os.path.join(work, 'down.bin')
    sdown = os.path.join(work, 'sparse-down.bin')
    rc, out, err = virsh(uri, ('pool-create {p}; vol-create-as mvdp v1 4M; '
                               'vol-upload --pool mvdp v1 {up}; vol-download --pool mvdp v1 {down}; '
                               'vol-create-as mvdp v2 8M; vol-upload --sparse --pool mvdp v2 {sp}; '
                               'vol-download --sparse --pool mvdp v2 {sd}; vol-list mvdp; '
                               'pool-destroy mvdp').format(p=poolxml, up=up, down=down, sp=sparse,
                                                           sd=sdown))
    tap(rc == 0, 'vol-upload and vol-download through modvirtd', out + err)
    with open(down, 'rb') as f:
        got = f.read()
    tap(got[:len(data)] == data and got[len(data):] == b'\0' * (len(got) - len(data)),
        'downloaded volume equals the uploaded data')
    with open(sparse, 'rb') as a, open(sdown, 'rb') as b:
        same = a.read() == b.read()
    blocks = os.stat(sdown).st_blocks
    tap(same and blocks < 1024, 'sparse upload and download keep the data and the holes',
        'same=%s blocks=%d' % (same, blocks))
    d.stop()


def main():
    no_virsh = 'virsh (Debian package libvirt-clients) is not installed'
    try:
        d = Daemon('main')
        if VIRSH:
            t_virsh_compare(d)
            t_virsh_stats(d)
            t_readonly(d)
            t_events(d)
        else:
            skip('virsh through modvirtd: output, read-only socket, events', no_virsh)
        t_python(d)
        t_bad_messages(d)
        if VIRSH:
            t_two_clients(d)
        else:
            skip('two clients operate one domain', no_virsh)
        tap(d.proc.poll() is None, 'the daemon survived every client')
        rc = d.stop()
        tap(rc == 0, 'clean shutdown after the client tests')
        if VIRSH:
            t_lifecycle()
            t_keepalive()
            t_max_clients()
            t_libvirt_paths()
            t_storage_streams()
            t_qemu()
        else:
            skip('daemon lifecycle, volume streams and a QEMU guest through virsh', no_virsh)
    except Exception as e:  # a harness failure is a test failure, with why
        import traceback
        tap(False, 'test harness', traceback.format_exc())
    finally:
        for p in children:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(work, ignore_errors=True)
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
