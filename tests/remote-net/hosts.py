# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/remote-net/hosts.py — what the tests of remote transports share:
# TAP output, waiting on a condition, "hosts" made of network namespaces
# joined by a veth pair, and modvirtd started inside one of them with its
# own configuration, sockets and log. Every namespace, process and file a
# test makes here is removed when it exits, failed or not.
import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
from taplib import GUARD, finish, results, skip, tap, unix_answers, wait_for  # noqa: E402,F401

VIRSH = shutil.which('virsh')
SYS_PYTHON = '/usr/bin/python3'

_cleanups = []
work = tempfile.mkdtemp(prefix='mv-net-')


def need(what, why):
    """A whole script that cannot run here: one skipped test, then exit."""
    if not what:
        print('1..0 # SKIP ' + why)
        sys.exit(0)


def at_exit(fn):
    _cleanups.append(fn)


def _run_cleanups():
    while _cleanups:
        fn = _cleanups.pop()
        try:
            fn()
        except Exception as e:          # cleanup must go on with the rest
            print('# cleanup: %s' % e, file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)


atexit.register(_run_cleanups)


def _on_signal(sig, frame):
    sys.exit(128 + sig)


signal.signal(signal.SIGTERM, _on_signal)


def can_make_netns():
    if os.geteuid() != 0 or not shutil.which('ip'):
        return False
    name = 'mvprobe%d' % os.getpid()
    ok = subprocess.run(['ip', 'netns', 'add', name], capture_output=True).returncode == 0
    if ok:
        subprocess.run(['ip', 'netns', 'del', name], capture_output=True)
    return ok


class Host:
    """One network namespace with an address on the pair's link."""

    def __init__(self, netns, ip):
        self.netns = netns
        self.ip = ip

    def argv(self, argv):
        return ['ip', 'netns', 'exec', self.netns] + list(argv)

    def run(self, argv, timeout=GUARD, env=None, input=None, check=False):
        """Runs ARGV in this host; a CompletedProcess with text output."""
        e = dict(os.environ, LC_ALL='C')
        e.update(env or {})
        return subprocess.run(self.argv(argv), capture_output=True, text=True, timeout=timeout,
                              env=e, input=input, check=check)

    def spawn(self, argv, log, env=None):
        """Starts a long-lived ARGV in this host in its own session, with
        its output on the file LOG; killed when the test exits."""
        e = dict(os.environ, LC_ALL='C')
        e.update(env or {})
        f = open(log, 'ab')
        p = subprocess.Popen(self.argv(argv), stdin=subprocess.DEVNULL, stdout=f,
                             stderr=subprocess.STDOUT, env=e, start_new_session=True)
        f.close()
        at_exit(lambda: stop_process(p))
        return p

    def tcp_answers(self, ip, port):
        """Whether a TCP connection from this host to IP:PORT is accepted."""
        code = ('import socket,sys\n'
                's=socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)\n'
                's.settimeout(5)\n'
                'try:\n s.connect((sys.argv[1],int(sys.argv[2])))\nexcept OSError:\n sys.exit(1)\n')
        return self.run([SYS_PYTHON, '-c', code, ip, str(port)]).returncode == 0

    def wait_tcp(self, ip, port, proc=None, what=None):
        """Waits until IP:PORT accepts from this host (or PROC exits)."""
        wait_for(lambda: (proc is not None and proc.poll() is not None)
                 or self.tcp_answers(ip, port), what or 'port %s:%d' % (ip, port))
        if proc is not None and proc.poll() is not None:
            raise RuntimeError('process exited before listening on %s:%d' % (ip, port))


def stop_process(p, sig=signal.SIGTERM):
    if p.poll() is None:
        try:
            os.killpg(p.pid, sig)
        except OSError:
            p.send_signal(sig)
    try:
        return p.wait(GUARD)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            p.kill()
        return p.wait()


_pairs = 0


class HostPair:
    """Two hosts, "client" and "server", joined by a veth pair, each with
    loopback up. Addresses 10.N.M.1 (client) and 10.N.M.2 (server), N and M
    from the process id so concurrent runs do not collide; the server is
    also reachable as the name SERVER_NAME through the client's /etc/hosts
    equivalent (HOSTALIASES does not work for every program, so tests use
    the address or pass the name where a certificate needs it)."""

    def __init__(self, tag='t'):
        global _pairs
        _pairs += 1
        pid = os.getpid()
        base = '%s%d%d' % (tag[:3], pid % 100000, _pairs)
        self.client = Host('mvc-' + base, '10.%d.%d.1' % (100 + (pid >> 8) % 100, (pid + _pairs) % 250))
        self.server = Host('mvs-' + base, '10.%d.%d.2' % (100 + (pid >> 8) % 100, (pid + _pairs) % 250))
        vc, vs = 'vc%s' % base[-11:], 'vs%s' % base[-11:]
        for h in (self.client, self.server):
            subprocess.run(['ip', 'netns', 'add', h.netns], check=True, capture_output=True)
            at_exit(lambda n=h.netns: subprocess.run(['ip', 'netns', 'del', n], capture_output=True))
            h.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
        subprocess.run(['ip', 'link', 'add', vc, 'netns', self.client.netns, 'type', 'veth',
                        'peer', 'name', vs, 'netns', self.server.netns],
                       check=True, capture_output=True)
        for h, dev in ((self.client, vc), (self.server, vs)):
            h.run(['ip', 'addr', 'add', h.ip + '/24', 'dev', dev], check=True)
            h.run(['ip', 'link', 'set', dev, 'up'], check=True)


class Modvirtd:
    """modvirtd in HOST (None: this namespace) with CONFIG (text of a
    modvirtd.conf), its sockets, run root and log in a directory of its
    own. Ready once its read-write unix socket accepts."""

    def __init__(self, binary, host=None, config='', args=(), env=None, name='modvirtd',
                 wait=True):
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.host = host
        self.sock = os.path.join(self.dir, 'modvirtd-sock')
        self.sock_ro = self.sock + '-ro'
        self.log = os.path.join(self.dir, 'modvirtd.log')
        self.conf = os.path.join(self.dir, 'modvirtd.conf')
        with open(self.conf, 'w') as f:
            f.write(config)
        e = {'MODVIRT_RUN_ROOT': os.path.join(self.dir, 'root')}
        e.update(env or {})
        argv = [binary, '--socket-dir', self.dir, '--config', self.conf, '--verbose'] + list(args)
        if host:
            self.proc = host.spawn(argv, self.log, env=e)
        else:
            f = open(self.log, 'ab')
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=f,
                                         stderr=subprocess.STDOUT, env=dict(os.environ, **e),
                                         start_new_session=True)
            f.close()
            at_exit(lambda: stop_process(self.proc))
        if wait:
            self.wait_socket(self.sock)

    def wait_socket(self, path):
        wait_for(lambda: unix_answers(path) or self.proc.poll() is not None,
                 'modvirtd to listen on ' + path)
        if self.proc.poll() is not None:
            raise RuntimeError('modvirtd exited: ' + self.read_log()[-3000:])

    def read_log(self):
        with open(self.log, errors='replace') as f:
            return f.read()

    def wait_log(self, text, count=1):
        wait_for(lambda: self.read_log().count(text) >= count, 'log line ' + repr(text))
        return True

    def unix_uri(self, scheme='test', path='/default', ro=False):
        return '%s+unix://%s?socket=%s' % (scheme, path, self.sock_ro if ro else self.sock)

    def stop(self, sig=signal.SIGTERM):
        return stop_process(self.proc, sig)


def virsh(uri, cmds, host=None, readonly=False, env=None, input=None, timeout=GUARD):
    """Runs Debian's virsh with CMDS against URI (in HOST when given):
    (status, stdout, stderr)."""
    argv = [VIRSH, '-c', uri] + (['-r'] if readonly else []) + [cmds]
    e = dict(os.environ, LC_ALL='C')
    e.update(env or {})
    if host:
        p = host.run(argv, env=e, input=input, timeout=timeout)
    else:
        p = subprocess.run(argv, capture_output=True, text=True, env=e, input=input,
                           timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def volume_round_trip(run, uri, tag):
    """Through RUN(uri, commands) -> (status, out, err) (virsh or mvsh in a
    client host): a transient dir pool, a 3 MiB volume, 2 MiB of random
    data uploaded and downloaded back. (whether it came back the same, the
    output to show when not)."""
    pooldir = os.path.join(work, 'pool-' + ''.join(c if c.isalnum() else '-' for c in tag))
    os.makedirs(pooldir)
    poolxml = pooldir + '.xml'
    with open(poolxml, 'w') as f:
        f.write("<pool type='dir'><name>netpool</name><target><path>%s</path></target></pool>"
                % pooldir)
    data = os.urandom(2 * 1024 * 1024 + 11)
    up, down = pooldir + '.up', pooldir + '.down'
    with open(up, 'wb') as f:
        f.write(data)
    rc, out, err = run(uri, ('pool-create {p}; vol-create-as netpool v1 3M; '
                             'vol-upload --pool netpool v1 {up}; '
                             'vol-download --pool netpool v1 {down}; pool-destroy netpool')
                       .format(p=poolxml, up=up, down=down))
    got = b''
    if os.path.exists(down):
        with open(down, 'rb') as f:
            got = f.read()
    return rc == 0 and got[:len(data)] == data and not got[len(data):].strip(b'\0'), out + err


def sanitizer_preload(lib):
    """The environment a Python program needs to load LIB when LIB was
    built with sanitizers (their runtimes first; Python's own leaks are
    not ours to report)."""
    ldd = subprocess.run(['ldd', lib], capture_output=True, text=True).stdout
    runtimes = [line.split('=>')[1].split()[0] for line in ldd.splitlines()
                if '=>' in line and ('libasan' in line or 'libubsan' in line)]
    if not runtimes:
        return {}
    return {'LD_PRELOAD': ' '.join(runtimes), 'ASAN_OPTIONS': 'detect_leaks=0'}
