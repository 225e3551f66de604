#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/remote-net/test-ssh.py — SCHEME+ssh:// between two hosts.

Two network namespaces, "client" and "server". In the server: modvirtd,
and an sshd of the test's own (its configuration, host key and log; root
logs in with keys the test makes) in a mount namespace of its own, where
/run is a fresh tmpfs and /run/modvirt is modvirtd's socket directory: the
far end finds the daemon where an installed modvirtd puts it. Two client
keys: sessions of the first have the built modvirt-ssh-helper on their
PATH, those of the second do not (the remote plugin then falls back to
nc -U).

From the client namespace: mvsh through the remote plugin (the helper;
proxy=native; the nc fallback; read-only), real virsh and python3-libvirt
(libvirt's own ssh transport, which runs nc with socket=) each list,
define, start, receive lifecycle events, upload and download a volume,
and destroy; a TCG guest (when QEMU and a guest kernel are there) starts over ssh and
its serial console works through mvsh. Refusals: a host key not in known_hosts, a key the server
does not accept — the client's error says what ssh said, sshd's log says
why. Closing the connection leaves no ssh or relay process behind.

usage: test-ssh.py MODVIRTD MVSH REMOTE_PLUGIN_DIR HELPER
"""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse

import hosts
import linux_guest
from linux_guest import BOOT_GUARD
from hosts import tap, wait_for, work, GUARD

MODVIRTD, MVSH, REMOTE_DIR, HELPER = [os.path.abspath(a) for a in sys.argv[1:5]]
SSHD = '/usr/sbin/sshd'
PORT = 2222
DOM = 'sshdom'
DOMXML = ("<domain type='test'><name>%s</name><memory>65536</memory>"
          "<os><type>hvm</type></os></domain>\n" % DOM)

hosts.need(hosts.can_make_netns(), 'needs root and `ip netns`')
for prog in (SSHD, shutil.which('ssh'), shutil.which('ssh-keygen'), shutil.which('nc'),
             shutil.which('unshare'), hosts.VIRSH):
    hosts.need(prog and os.access(prog, os.X_OK), 'needs sshd, ssh, ssh-keygen, nc, unshare '
               'and virsh (openssh-server, openssh-client, netcat-openbsd, util-linux, '
               'libvirt-clients)')

D = os.path.join(work, 'ssh')
os.makedirs(D)


def path(name):
    return os.path.join(D, name)


def keygen(name):
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path(name)],
                   check=True, capture_output=True)
    with open(path(name) + '.pub') as f:
        return f.read().strip()


def write(name, text, mode=0o644):
    with open(path(name), 'w') as f:
        f.write(text)
    os.chmod(path(name), mode)
    return path(name)


# ---- the hosts -------------------------------------------------------------------------

pair = hosts.HostPair('ssh')
server, client = pair.server, pair.client
daemon = hosts.Modvirtd(MODVIRTD, host=server, name='server-modvirtd')

host_pub = keygen('host_key')
helper_pub = keygen('helper_key')     # sessions with modvirt-ssh-helper
plain_pub = keygen('plain_key')       # sessions without it
keygen('stranger_key')                # never authorized
helper_dir = path('helper-bin')
os.makedirs(helper_dir)
os.symlink(HELPER, os.path.join(helper_dir, 'modvirt-ssh-helper'))
system_path = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
# MODVIRT_RUN_ROOT=/: the helper, built and run uninstalled, still looks
# where an installed one does (/run/modvirt).
write('authorized_keys',
      'environment="PATH=%s:%s",environment="MODVIRT_RUN_ROOT=/" %s\n'
      'environment="PATH=%s" %s\n' % (helper_dir, system_path, helper_pub, system_path,
                                      plain_pub), 0o600)
write('sshd_config', '\n'.join([
    'Port %d' % PORT,
    'ListenAddress %s' % server.ip,
    'HostKey %s' % path('host_key'),
    'PidFile none',
    'AuthorizedKeysFile %s' % path('authorized_keys'),
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'PermitUserEnvironment PATH,MODVIRT_RUN_ROOT',
    'LogLevel VERBOSE',
    '']))
known_hosts = write('known_hosts', '[%s]:%d %s\n' % (server.ip, PORT, host_pub))
empty_known_hosts = write('known_hosts.empty', '')
# libvirt's ssh transport ignores known_hosts=: its ssh gets the file this way.
ssh_wrap = write('ssh-for-virsh', '#!/bin/sh\nexec ssh -o UserKnownHostsFile=%s "$@"\n'
                 % known_hosts, 0o755)

sshd_log = path('sshd.log')
mount_setup = ('mount -t tmpfs -o mode=0755 modvirt-test-run /run && '
               'mkdir -m 0755 /run/sshd /run/modvirt && '
               'mount --bind %s /run/modvirt && exec %s -D -e -f %s'
               % (daemon.dir, SSHD, path('sshd_config')))
sshd = server.spawn(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', mount_setup],
                    sshd_log)
client.wait_tcp(server.ip, PORT, proc=sshd, what='sshd on %s:%d' % (server.ip, PORT))


def sshd_log_text():
    with open(sshd_log, errors='replace') as f:
        return f.read()


# ---- clients ---------------------------------------------------------------------------

def ssh_uri(scheme, path_, key='helper_key', extra=''):
    return ('%s+ssh://root@%s:%d%s?keyfile=%s&known_hosts=%s&no_tty=1%s'
            % (scheme, server.ip, PORT, path_, path(key), known_hosts, extra))


def libvirt_uri(scheme, path_):
    """For libvirt's client: nc to the daemon's socket (socket= makes
    libvirt use nc), the known hosts through the wrapper."""
    return ('%s+ssh://root@%s:%d%s?socket=/run/modvirt/modvirtd-sock&keyfile=%s'
            '&no_tty=1&command=%s' % (scheme, server.ip, PORT, path_, path('helper_key'),
                                      ssh_wrap))


def mvsh_env():
    e = {'MODVIRT_PLUGIN_DIR': os.environ['MODVIRT_PLUGIN_DIR'],
         'MODVIRT_PLUGIN_CACHE': os.path.join(work, 'mvsh-cache', 'plugins.cache')}
    return e


def mvsh(uri, *args, readonly=False):
    p = client.run([MVSH] + (['-r'] if readonly else []) + ['-c', uri] + list(args),
                   env=mvsh_env())
    return p.returncode, p.stdout, p.stderr


def virsh(uri, cmds):
    return hosts.virsh(uri, cmds, host=client)


def out(r):
    return 'status %s\nstdout:\n%s\nstderr:\n%s' % r


domxml = write('dom.xml', DOMXML)
pooldir = path('pool')
os.makedirs(pooldir)
poolxml = write('pool.xml', "<pool type='dir'><name>sshpool</name><target><path>%s</path>"
                            "</target></pool>\n" % pooldir)
payload = os.urandom(1024 * 1024 + 333)
upload = path('upload.bin')
with open(upload, 'wb') as f:
    f.write(payload)


def check_download(name):
    with open(name, 'rb') as f:
        got = f.read()
    return got[:len(payload)] == payload and got[len(payload):] == b'\0' * (len(got) - len(payload))


def listener(argv, name, env=None):
    """A client of events in the client host, printing to a log."""
    log = path(name + '.log')
    p = client.spawn(argv, log, env=env)
    return p, log


def event_lines(log):
    with open(log, errors='replace') as f:
        return [l.rstrip('\n') for l in f if l.startswith('event ')]


WANT_EVENTS = ["event 'lifecycle' for domain '%s': %s" % (DOM, e)
               for e in ('Defined Added', 'Started Booted', 'Stopped Destroyed',
                         'Undefined Removed')]


def scenario(who, run, uri_test, uri_storage, listen_argv, listen_env=None):
    """RUN(uri, commands) -> (status, stdout, stderr) with commands a list
    of command lines; list, define, start with an event listener, volumes,
    destroy."""
    r = run(uri_test, ['list --all'])
    tap(r[0] == 0 and re.search(r'\btest\b', r[1]), '%s: list over ssh' % who, out(r))
    before = daemon.read_log().count('domain event 0 registered')
    lst, log = listener(listen_argv, who.split()[0] + '-events', listen_env)
    try:
        daemon.wait_log('domain event 0 registered', before + 1)
        r = run(uri_test, ['define ' + domxml, 'start ' + DOM, 'domstate ' + DOM])
        tap(r[0] == 0 and 'running' in r[1], '%s: define and start a domain' % who, out(r))
        r = run(uri_test, ['destroy ' + DOM, 'undefine ' + DOM, 'list --all --name'])
        tap(r[0] == 0 and r[1].split()[-1:] == ['test'], '%s: destroy and undefine it' % who,
            out(r))
        try:
            wait_for(lambda: event_lines(log) == WANT_EVENTS, who + ' events')
        except TimeoutError:
            pass
        tap(event_lines(log) == WANT_EVENTS, '%s: event --loop over ssh gets the domain\'s '
            'lifecycle events' % who, '\n'.join(event_lines(log)))
    finally:
        hosts.stop_process(lst)
    down = path(who.split()[0] + '-download.bin')
    r = run(uri_storage, ['pool-create ' + poolxml, 'vol-create-as sshpool v 2M',
                          'vol-upload --pool sshpool v ' + upload,
                          'vol-download --pool sshpool v ' + down,
                          'vol-delete --pool sshpool v', 'pool-destroy sshpool'])
    tap(r[0] == 0 and check_download(down), '%s: vol-upload and vol-download over ssh' % who,
        out(r))


def mvsh_run(uri, cmds):
    return mvsh(uri, '; '.join(cmds))


def virsh_run(uri, cmds):
    return virsh(uri, '; '.join(cmds))


def ns_of(pid):
    try:
        return os.readlink('/proc/%s/ns/mnt' % pid)
    except OSError:
        return None


def cmdlines():
    """{pid: command line} of every process."""
    lines = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                lines[int(pid)] = f.read().replace(b'\0', b' ').decode(errors='replace')
        except OSError:
            pass
    return lines


def session_procs():
    """What runs in sshd's mount namespace besides sshd: the sessions."""
    mine = ns_of(sshd.pid)
    return [c for pid, c in cmdlines().items() if pid != sshd.pid and ns_of(pid) == mine]


def ssh_clients():
    return [c for c in cmdlines().values()
            if c.startswith('ssh ') and ' %s ' % server.ip in c]


GUEST = 'mvssh-linux'


class Output:
    """What a child prints on a pipe, collected by a thread; waited on."""

    def __init__(self, stream):
        self.buf = b''
        self.cond = threading.Condition()
        self.eof = False
        threading.Thread(target=self._run, args=(stream,), daemon=True).start()

    def _run(self, stream):
        while True:
            try:
                data = os.read(stream.fileno(), 4096)
            except OSError:
                data = b''
            with self.cond:
                self.eof = not data
                self.buf += data
                self.cond.notify_all()
            if not data:
                return

    def wait(self, text, start=0, timeout=GUARD):
        """The offset after TEXT's first appearance from START, or -1."""
        want = text.encode()
        with self.cond:
            self.cond.wait_for(lambda: self.buf.find(want, start) >= 0 or self.eof, timeout)
            i = self.buf.find(want, start)
            return i + len(want) if i >= 0 else -1


def guest_over_ssh():
    """A TCG guest started over ssh, its serial console through mvsh."""
    name = 'qemu guest over ssh: console through mvsh'
    paths, why = linux_guest.kernel()
    if why:
        hosts.skip(name, why)
        return
    xml = write('guest.xml', linux_guest.definition(GUEST, *paths))
    uri = ssh_uri('qemu', '/system')
    r = mvsh(uri, 'define %s; start --paused %s' % (xml, GUEST))
    if not tap(r[0] == 0, 'qemu guest over ssh: define and start (paused)', out(r)):
        return
    con = subprocess.Popen(client.argv([MVSH, '-c', uri, 'console', GUEST]),
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, start_new_session=True,
                           env=dict(os.environ, LC_ALL='C', **mvsh_env()))
    hosts.at_exit(lambda: hosts.stop_process(con))
    o = Output(con.stdout)
    try:
        connected = o.wait("Connected to domain '%s'" % GUEST) > 0
        r = mvsh(uri, 'resume ' + GUEST)
        up = o.wait('MODVIRT-GUEST-UP', 0, BOOT_GUARD) if connected else -1
        tap(r[0] == 0 and up > 0, 'qemu guest over ssh: it boots, its console (mvsh) shows it',
            out(r) + o.buf.decode(errors='replace'))
        if up > 0:
            at = o.wait('\n', up)
            con.stdin.write(b'hello-ssh\r')
            con.stdin.flush()
            tap(o.wait('echo: hello-ssh', at) > 0,
                'qemu guest over ssh: console input reaches the guest and the answer comes back',
                o.buf[at:].decode(errors='replace'))
    finally:
        r = mvsh(uri, 'destroy %s; undefine %s' % (GUEST, GUEST))
        try:
            rc = con.wait(GUARD)
        except subprocess.TimeoutExpired:
            rc = None
    tap(r[0] == 0 and rc == 0, 'qemu guest over ssh: destroyed; the console returns with 0 '
        '(status %s)' % rc, out(r))


try:
    # -- mvsh through the remote plugin and modvirt-ssh-helper -------------------------
    uri = ssh_uri('test', '/default')
    scenario('mvsh (helper)', mvsh_run, uri, ssh_uri('qemu', '/system'),
             [MVSH, '-c', uri, 'event', '--loop', '--event', 'lifecycle', '--timeout', '120'],
             mvsh_env())

    r = mvsh(ssh_uri('test', '/default', extra='&proxy=native'), 'list --all')
    tap(r[0] == 0 and re.search(r'\btest\b', r[1]),
        'mvsh: proxy=native runs modvirt-ssh-helper on the server', out(r))
    r = mvsh(ssh_uri('test', '/default'), 'list --all; define ' + domxml, readonly=True)
    tap(r[0] != 0 and re.search(r'\btest\b', r[1]) and 'read only access' in r[2],
        'mvsh -r: the helper takes the read-only socket: list works, define is refused',
        out(r))
    r = mvsh(ssh_uri('test', '/default', key='plain_key'), 'list --all')
    tap(r[0] == 0 and re.search(r'\btest\b', r[1]),
        'mvsh: where the helper is absent, nc -U reaches /run/modvirt/modvirtd-sock', out(r))
    r = mvsh(ssh_uri('test', '/default', key='plain_key', extra='&proxy=native'), 'list')
    tap(r[0] != 0 and 'modvirt-ssh-helper' in r[2] and 'not found' in r[2],
        'mvsh: proxy=native without the helper fails saying so', out(r))
    r = mvsh(ssh_uri('test', '/default', extra='&socket=/run/modvirt/nothing'), 'list')
    tap(r[0] != 0 and '/run/modvirt/nothing' in r[2],
        'mvsh: a socket= nobody listens on: the error names it (nc\'s message)', out(r))

    # A socket path the far host's shell must not split or unquote.
    odd = "it's a \"sock\" $HOME"
    os.symlink('modvirtd-sock', os.path.join(daemon.dir, odd))
    r = mvsh(ssh_uri('test', '/default', extra='&socket=' + urllib.parse.quote(
        '/run/modvirt/' + odd, safe='/')), 'list --all')
    tap(r[0] == 0 and re.search(r'\btest\b', r[1]),
        'mvsh: a socket= path with quotes, spaces and $ reaches the far end whole', out(r))

    # The ssh command line, as libvirt builds it (plus known_hosts).
    argv_log = path('ssh-args.log')
    spy = write('ssh-spy', '#!/bin/sh\nprintf "%%s\\n" "$@" > %s\nexec ssh "$@"\n' % argv_log,
                0o755)
    r = mvsh(ssh_uri('test', '/default', extra='&command=' + spy), 'list --all')
    with open(argv_log) as f:
        args = f.read().split('\n')
    want = ['-p', str(PORT), '-l', 'root', '-i', path('helper_key'), '-T', '-e', 'none',
            '-o', 'BatchMode=yes', '-o', 'UserKnownHostsFile=' + known_hosts, '--', server.ip]
    tap(r[0] == 0 and args[:len(want)] == want and args[len(want)].startswith('sh -c '),
        'mvsh: command= runs that ssh, with libvirt\'s arguments', '%s\n%s' % (out(r), args))
    r = mvsh(ssh_uri('test', '/default', extra='&netcat=/usr/bin/nc'), 'list --all')
    tap(r[0] == 0 and re.search(r'\btest\b', r[1]),
        'mvsh: netcat= relays with that nc, though the helper is there', out(r))
    fresh = write('known_hosts.fresh', '')
    r = mvsh(ssh_uri('test', '/default', extra='&known_hosts_verify=auto')
             .replace(known_hosts, fresh), 'list --all')
    with open(fresh) as f:
        learned = f.read()
    tap(r[0] == 0 and host_pub.split()[1] in learned,
        'mvsh: known_hosts_verify=auto accepts and records a new host key', out(r) + learned)

    # A connection closed leaves nothing running on either side.
    try:
        wait_for(lambda: not session_procs() and not ssh_clients(),
                 'the sessions of closed connections to end')
    except TimeoutError:
        pass
    tap(not session_procs() and not ssh_clients(), 'closed connections leave no ssh client, '
        'relay or session behind', '%s\n%s' % (session_procs(), ssh_clients()))

    guest_over_ssh()

    # -- libvirt's client: virsh and python3-libvirt ------------------------------------
    luri = libvirt_uri('test', '/default')
    scenario('virsh (libvirt ssh, nc)', virsh_run, luri, libvirt_uri('qemu', '/system'),
             [hosts.VIRSH, '-c', luri, 'event --loop --event lifecycle --timeout 120'])

    pyscript = write('client.py', r'''
import json, sys, threading, libvirt
uri, xml = sys.argv[1], open(sys.argv[2]).read()
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                 daemon=True).start()
conn = libvirt.open(uri)
got, cond = [], threading.Condition()
def cb(c, dom, event, detail, opaque):
    with cond:
        got.append([dom.name(), event, detail]); cond.notify_all()
conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, None)
names = [d.name() for d in conn.listAllDomains()]
dom = conn.defineXML(xml); dom.create(); state = dom.state()[0]
dom.destroy(); dom.undefine()
with cond:
    cond.wait_for(lambda: len(got) >= 4, 60)
want = [[dom.name(), getattr(libvirt, 'VIR_DOMAIN_EVENT_' + e), getattr(libvirt, 'VIR_DOMAIN_EVENT_' + d)]
        for e, d in (('DEFINED', 'DEFINED_ADDED'), ('STARTED', 'STARTED_BOOTED'),
                     ('STOPPED', 'STOPPED_DESTROYED'), ('UNDEFINED', 'UNDEFINED_REMOVED'))]
print(json.dumps({'names': names, 'state': state, 'events': got, 'want': want,
                  'secure': conn.isSecure()}))
''')
    p = client.run([hosts.SYS_PYTHON, pyscript, luri, domxml])
    res = json.loads(p.stdout) if p.returncode == 0 and p.stdout.strip() else {}
    tap(res.get('names') and 'test' in res['names'] and res.get('state') == 1
        and res.get('events') == res.get('want') and res.get('secure') == 1,
        'python3-libvirt over ssh: list, define, start, destroy, lifecycle events, secure',
        '%s\n%s' % (p.stdout, p.stderr))

    # -- refusals --------------------------------------------------------------------------
    base = len(sshd_log_text())
    r = mvsh(ssh_uri('test', '/default').replace(known_hosts, empty_known_hosts), 'list')
    tap(r[0] != 0 and 'Host key verification failed' in r[2],
        'refused: a server whose host key is not in known_hosts (mvsh says ssh\'s reason)',
        out(r))
    try:
        wait_for(lambda: re.search(r'Connection closed by %s port \d+ \[preauth\]'
                                   % re.escape(client.ip), sshd_log_text()[base:]),
                 'sshd to log the dropped connection')
        logged = True
    except TimeoutError:
        logged = False
    tap(logged, 'refused host key: sshd logs the client leaving before authentication',
        sshd_log_text()[base:])

    base = len(sshd_log_text())
    r = mvsh(ssh_uri('test', '/default', key='stranger_key'), 'list')
    lr = virsh(libvirt_uri('test', '/default').replace(path('helper_key'),
                                                      path('stranger_key')), 'list')

    def wording(err):
        """The error's first words and ssh's part: 'Cannot recv data: root@...'."""
        m = re.search(r'error: (\w[\w ]*): (.*Permission denied \(publickey\)\.)', err)
        return m.groups() if m else None
    tap(r[0] != 0 and wording(r[2]) is not None,
        'refused: a key the server does not accept (mvsh says ssh\'s reason)', out(r))
    tap(lr[0] != 0 and wording(lr[2]) is not None and wording(lr[2]) == wording(r[2]),
        'refused key: libvirt\'s virsh words it the same way', out(lr) + '\n' + out(r))
    try:
        wait_for(lambda: re.search(r'Connection closed by authenticating user root %s'
                                   % re.escape(client.ip), sshd_log_text()[base:]),
                 'sshd to log the refused login')
        logged = True
    except TimeoutError:
        logged = False
    tap(logged, 'refused key: sshd logs the failed login of root', sshd_log_text()[base:])

    r = mvsh(ssh_uri('test', '/default', extra='&proxy=nothing'), 'list')
    tap(r[0] != 0 and "Unknown proxy type 'nothing'" in r[2],
        'refused: an unknown proxy= value, before anything runs', out(r))
    r = mvsh(ssh_uri('test', '/default', extra='&mode=direct'), 'list')
    tap(r[0] != 0 and 'Cannot use direct socket mode for ssh transport' in r[2],
        'refused: mode=direct over ssh, as libvirt refuses it', out(r))
except Exception:                      # the script's own failure is a failed test
    import traceback
    tap(False, 'the ssh scenario ran to its end',
        traceback.format_exc() + '\nsshd log:\n' + sshd_log_text()[-3000:])

sys.exit(hosts.finish())
