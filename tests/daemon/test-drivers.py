# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/daemon/test-drivers.py MODVIRTD MVSH REMOTE_PLUGIN_DIR — per-driver
# daemons: qemu, storage and network each in its own modvirtd --drivers,
# in a network namespace made here (bridge-net makes bridges), all sharing
# one run root so that clients find their sockets as on a host.
#  * the storage daemon is socket-activated (socket_activator.py, as
#    systemd's .socket units do): the first call starts it, and with
#    --timeout it exits when idle and the next call starts it again;
#  * a TCG guest started through the qemu daemon gets its disk from a
#    volume of the storage daemon and its NIC on the bridge of a network of
#    the network daemon (the qemu daemon reaches both through the remote
#    plugin), and the qemu daemon's clients see those pools and networks;
#  * the storage daemon SIGKILLed: the guest, the qemu and network daemons
#    go on; the next call starts a new storage daemon, and the qemu daemon's
#    open connection reaches it again;
#  * the remote plugin's choice of socket: auto (the per-driver daemon's
#    when it listens, else modvirtd's), mode=legacy, mode=direct, an
#    unknown mode; real virsh through the qemu daemon's socket.
# TAP output; parts whose peer is missing (QEMU, dnsmasq, nft, root) skip
# with the reason. Readiness is a socket answering, a process exiting or a
# log line, never a sleep.
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'lib'))
import daemon_tools as g  # noqa: E402
import linux_guest  # noqa: E402
from linux_guest import QEMU  # noqa: E402
import taplib  # noqa: E402
from taplib import GUARD, results, skip, unix_answers as answers, wait_for  # noqa: E402
from socket_activator import Activator   # noqa: E402

libvirt = g.libvirt_or_reexec()

sh = g.sh


def tap(ok, name, diag=''):
    """A result whose diagnosis (a daemon's log) ends with what matters."""
    return taplib.tap(ok, name, diag, tail=True)


work = tempfile.mkdtemp(prefix='mvd-drivers-')
ROOT = os.path.join(work, 'root')
SOCKDIR = os.path.join(ROOT, 'run', 'modvirt')
NS = 'mvdrv-%d' % os.getpid()
BRIDGE = 'mvdbr%d' % (os.getpid() % 10000)
NET = 'mvd-net'
POOL = 'mvd-pool'
GUEST = 'mvd-guest'
# The storage daemon's idle time before it exits (socket-activated).
IDLE_S = 3
children = []
namespaces = []


def env():
    e = g.mvsh_env(work, remote=True, run_root=ROOT)
    e['MODVIRT_PLUGIN_CACHE'] = os.path.join(work, 'cache', 'plugins.cache')
    return e


def sock(name, ro=False):
    return os.path.join(SOCKDIR, '%s-sock%s' % (name, '-ro' if ro else ''))


class Daemon:
    """modvirtd --drivers DRIVERS (in the test's namespace when NETNS)."""

    def __init__(self, drivers, name, netns=False, extra=()):
        self.name = name
        self.log = os.path.join(work, name + '.log')
        argv = (['ip', 'netns', 'exec', NS] if netns else []) + \
            [g.MODVIRTD, '--drivers', drivers, '--verbose'] + list(extra)
        with open(self.log, 'ab') as logf:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf,
                                         stderr=subprocess.STDOUT, env=env(),
                                         start_new_session=True)
        children.append(self.proc)
        # Listening means both sockets: the daemon makes the read-write one,
        # then the read-only one.
        wait_for(lambda: (answers(sock(name)) and answers(sock(name, True)))
                 or self.proc.poll() is not None, name + ' to listen')
        if self.proc.poll() is not None:
            raise RuntimeError('%s exited: %s' % (name, read(self.log)))

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(GUARD)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def read(path):
    try:
        with open(path, errors='replace') as f:
            return f.read()
    except OSError:
        return ''


def mvsh(uri, *args, readonly=False):
    argv = [g.MVSH] + (['-r'] if readonly else []) + ['-c', uri] + list(args)
    p = subprocess.run(argv, capture_output=True, text=True, timeout=GUARD, env=env())
    return p.returncode, p.stdout, p.stderr


def storage_activator():
    names = ('modvirtstoraged.socket', 'modvirtstoraged-ro.socket')
    argv = [g.MODVIRTD, '--drivers', 'storage-dir', '--timeout', str(IDLE_S), '--verbose']
    return Activator([sock('modvirtstoraged'), sock('modvirtstoraged', True)], names, argv,
                     env(), os.path.join(work, 'modvirtstoraged.log'))


GUEST_XML = """<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type>{boot}</os>
  <devices>
    <emulator>{qemu}</emulator>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='raw'/>
      <source pool='{pool}' volume='disk0'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:7d:00:01'/>
      <source network='{net}'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'/>
    <memballoon model='none'/>
  </devices>
</domain>
"""
NET_XML = """<network>
  <name>{name}</name>
  <bridge name='{br}' stp='off'/>
  <ip address='10.79.1.1' netmask='255.255.255.0'/>
</network>
"""


def scenario(act, net_d, qemu_d):
    qemu = 'qemu:///system'
    storage = 'storage:///system'
    network = 'network:///system'

    # Socket activation: nothing runs until the first call.
    tap(act.starts == 0 and act.pid() is None,
        'activation: no storage daemon before the first call')
    pooldir = os.path.join(work, 'pool')
    os.makedirs(pooldir)
    o = [mvsh(storage, 'pool-define-as', POOL, 'dir', '--target', pooldir),
         mvsh(storage, 'pool-start', POOL),
         mvsh(storage, 'vol-create-as', POOL, 'disk0', '8M')]
    tap(all(x[0] == 0 for x in o) and act.starts == 1,
        'activation: the first call starts the storage daemon, which serves it', o)
    log = read(os.path.join(work, 'modvirtstoraged.log'))
    tap('passed by the service manager' in log and 'modvirtstoraged-sock-ro' in log,
        'activation: the daemon listens on the sockets it was passed (both)', log)

    # A client that stays: the storage daemon is not idle until it leaves.
    keeper = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    keeper.connect(sock('modvirtstoraged', True))
    wait_for(lambda: act.pid() is not None, 'the storage daemon to run')

    # The qemu daemon reaches the storage and network daemons.
    o = mvsh(network, 'net-define', write('net.xml', NET_XML.format(name=NET, br=BRIDGE)))
    o2 = mvsh(network, 'net-start', NET)
    tap(o[0] == 0 and o2[0] == 0, 'network daemon: a network defined and started', (o, o2))
    p = sh('ip netns exec %s ip -o link show %s' % (NS, BRIDGE))
    tap(p.returncode == 0, 'network daemon: its bridge is up in the namespace', p.stdout + p.stderr)
    o = mvsh(qemu, 'pool-list', '--all', '--name')
    o2 = mvsh(qemu, 'vol-path', 'disk0', '--pool', POOL)
    o3 = mvsh(qemu, 'net-list', '--name')
    tap(o[0] == 0 and POOL in o[1].split() and o2[1].strip() == os.path.join(pooldir, 'disk0')
        and o3[0] == 0 and NET in o3[1].split(),
        'qemu daemon: its connections list the storage daemon\'s pools and volumes and the '
        'network daemon\'s networks', (o, o2, o3))
    qlog = read(qemu_d.log)
    tap('storage' not in ' '.join(l for l in qlog.splitlines() if 'listening on' in l) and
        'modvirtqemud-sock' in qlog,
        'qemu daemon: listens on modvirtqemud-sock only', qlog)

    # A guest: its disk a volume, its NIC on the network's bridge.
    guest_ok = False
    conn = None
    if not os.access(QEMU, os.X_OK):
        skip('guest through the qemu daemon', QEMU + ' is not installed (qemu-system-x86)')
    else:
        paths, why = linux_guest.kernel()
        boot = ''
        if paths:
            boot = ('<kernel>%s</kernel><initrd>%s</initrd><cmdline>console=ttyS0 '
                    'rdinit=/init panic=-1 quiet</cmdline>' % tuple(paths))
        else:
            print('# no guest kernel (%s): the guest runs its firmware only' % why)
        xml = write('guest.xml', GUEST_XML.format(name=GUEST, qemu=QEMU, pool=POOL, net=NET,
                                                   boot=boot))
        o = mvsh(qemu, 'define', xml)
        o2 = mvsh(qemu, 'start', GUEST)
        o3 = mvsh(qemu, 'domstate', GUEST)
        guest_ok = o2[0] == 0 and o3[1].strip() == 'running'
        tap(o[0] == 0 and guest_ok, 'guest: started through the qemu daemon', (o, o2, o3))
        pids = g.qemus(ROOT)
        cmd = read('/proc/%d/cmdline' % pids[0]).replace('\0', ' ') if pids else ''
        tap(os.path.join(pooldir, 'disk0') in cmd,
            'guest: its disk is the storage daemon\'s volume', cmd)
        p = sh('ip netns exec %s ip -o link show master %s' % (NS, BRIDGE))
        tap(p.returncode == 0 and p.stdout.strip(),
            'guest: its NIC is on the network daemon\'s bridge', p.stdout + p.stderr)

    # A connection to the qemu daemon kept open over the storage daemon's death.
    if libvirt:
        conn = libvirt.open('qemu+unix:///system?socket=' + sock('modvirtqemud'))
        vols = conn.storagePoolLookupByName(POOL).listVolumes()
        tap(vols == ['disk0'], 'python3-libvirt: the qemu daemon\'s pools', vols)

    # The storage daemon killed.
    spid = act.pid()
    qemus_before = g.qemus(ROOT)
    exits = len(act.exits)
    os.kill(spid, signal.SIGKILL)
    act.wait_exits(exits + 1, GUARD)
    keeper.close()
    o = mvsh(qemu, 'domstate', GUEST) if guest_ok else (0, 'running\n', '')
    o2 = mvsh(network, 'net-list', '--name')
    tap(act.exits[exits:] == [-signal.SIGKILL] and qemu_d.alive() and net_d.alive() and
        o[1].strip() == 'running' and g.qemus(ROOT) == qemus_before and NET in o2[1].split(),
        'storage daemon SIGKILLed: the guest, the qemu and the network daemons go on',
        (act.exits, o, o2))
    starts = act.starts
    o = mvsh(storage, 'vol-list', POOL)
    tap(o[0] == 0 and 'disk0' in o[1].split() and act.starts == starts + 1,
        'activation: the next call starts the storage daemon again', (o, act.starts))
    if conn is not None:
        try:
            vols = conn.storagePoolLookupByName(POOL).listVolumes()
        except libvirt.libvirtError as e:
            vols = str(e)
        tap(vols == ['disk0'], 'python3-libvirt: the qemu daemon reaches the new storage '
            'daemon on the same connection', vols)
        conn.close()
    else:
        skip('python3-libvirt: the qemu daemon reaches the new storage daemon',
             'python3-libvirt is not installed')

    # Idle: the socket-activated daemon exits, the next call starts it.
    if guest_ok:
        mvsh(qemu, 'destroy', GUEST)
        mvsh(qemu, 'undefine', GUEST)
    # Nobody is connected now: the daemon exits once idle for IDLE_S.
    with act.cond:
        exited = act.cond.wait_for(lambda: act.proc is None, GUARD + IDLE_S)
    starts = act.starts
    o = mvsh(storage, 'pool-list', '--name')
    tap(exited and act.exits[-1] == 0 and o[0] == 0 and POOL in o[1].split() and
        act.starts == starts + 1,
        'activation: idle for --timeout, the daemon exits (status 0); the next call starts it',
        (act.exits, o, act.starts))

    # virsh, through the qemu daemon's socket.
    if g.VIRSH:
        rc, out, err = g.virsh('qemu+unix:///system?socket=' + sock('modvirtqemud'),
                               'pool-list --all --name; net-list --name')
        tap(rc == 0 and POOL in out.split() and NET in out.split(),
            'virsh: the qemu daemon relays pools and networks', out + err)
    else:
        skip('virsh: the qemu daemon relays', 'virsh (libvirt-clients) is not installed')
    mvsh(network, 'net-destroy', NET)
    mvsh(network, 'net-undefine', NET)


def modes(act):
    storage = 'storage:///system'
    # auto with only the per-driver daemon: its socket.
    o = mvsh(storage, 'pool-list', '--name')
    o2 = mvsh(storage + '?mode=direct', 'pool-list', '--name')
    o3 = mvsh(storage + '?mode=legacy', 'pool-list', '--name')
    tap(o[0] == 0 and o2[0] == 0 and o3[0] != 0 and sock('modvirtd') in o3[2],
        'mode: auto and direct reach the storage daemon; legacy the absent modvirtd', (o, o2, o3))
    o = mvsh(storage + '?mode=sideways', 'pool-list')
    tap(o[0] != 0 and "Unknown remote mode 'sideways'" in o[2], 'mode: an unknown one refused',
        o)
    # The single daemon too: auto still prefers the per-driver one.
    single = os.path.join(work, 'modvirtd.log')
    with open(single, 'ab') as logf:
        p = subprocess.Popen([g.MODVIRTD, '--verbose'], stdin=subprocess.DEVNULL, stdout=logf,
                             stderr=subprocess.STDOUT, env=env(), start_new_session=True)
    children.append(p)
    wait_for(lambda: answers(sock('modvirtd')) or p.poll() is not None, 'modvirtd to listen')
    slog = os.path.join(work, 'modvirtstoraged.log')
    before = read(slog).count('opening storage:///system')
    sbefore = read(single).count('opening storage:///system')
    o = mvsh(storage, 'pool-list', '--name')
    o2 = mvsh(storage + '?mode=legacy', 'pool-list', '--name')
    tap(o[0] == 0 and o2[0] == 0 and read(slog).count('opening storage:///system') == before + 1
        and read(single).count('opening storage:///system') == sbefore + 1,
        'mode: with both daemons, auto picks the per-driver one, legacy modvirtd', (o, o2))
    # The per-driver daemon gone (its sockets removed): auto falls back.
    act.close()
    o = mvsh(storage, 'pool-list', '--name')
    o2 = mvsh(storage + '?mode=direct', 'pool-list', '--name')
    tap(o[0] == 0 and read(single).count('opening storage:///system') == sbefore + 2 and
        o2[0] != 0 and sock('modvirtstoraged') in o2[2],
        'mode: without the per-driver daemon, auto reaches modvirtd; direct fails naming its '
        'socket', (o, o2))
    p.send_signal(signal.SIGTERM)
    p.wait(GUARD)


def run_daemon(argv, extra_env=None):
    """modvirtd run to its end (a refusal): status and output."""
    e = env()
    e.update(extra_env or {})
    p = subprocess.run(argv, capture_output=True, text=True, timeout=GUARD, env=e,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout + p.stderr


def refusals():
    """Bad --drivers lists and bad activation variables: a clear error, and
    nothing listens."""
    own = os.path.join(work, 'refused')
    os.makedirs(own)
    base = [g.MODVIRTD, '--socket-dir', own]
    rc, out = run_daemon(base + ['--drivers', 'no-such-plugin'])
    tap(rc == 1 and "--drivers: no usable plugin named 'no-such-plugin'" in out,
        '--drivers: an unknown plugin is refused', out)
    rc, out = run_daemon(base + ['--drivers', 'remote'])
    tap(rc == 1 and 'the remote plugin reaches other daemons' in out,
        '--drivers: the remote plugin is no driver to serve', out)
    rc, out = run_daemon(base + ['--drivers', ' , '])
    tap(rc == 1 and '--drivers needs at least one plugin name' in out,
        '--drivers: an empty list is refused', out)
    rc, out = run_daemon(['/bin/sh', '-c', 'LISTEN_PID=$$ LISTEN_FDS=two exec "$0" "$@"'] + base +
                         ['--drivers', 'storage-dir'])
    tap(rc == 1 and "socket activation: LISTEN_FDS 'two' is not a count" in out,
        'activation: a malformed LISTEN_FDS is refused', out)
    tap(not os.listdir(own), 'refusals: no socket or pid file left behind', os.listdir(own))
    # Sockets meant for another process (LISTEN_PID not ours) are not taken.
    log = os.path.join(work, 'other-pid.log')
    e = dict(env(), LISTEN_PID='1', LISTEN_FDS='1', LISTEN_FDNAMES='modvirtstoraged.socket')
    with open(log, 'ab') as logf:
        p = subprocess.Popen(base + ['--drivers', 'storage-dir', '--verbose'],
                             stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                             env=e, start_new_session=True)
    children.append(p)
    path = os.path.join(own, 'modvirtstoraged-sock')
    wait_for(lambda: answers(path) or p.poll() is not None, 'modvirtstoraged to listen')
    p.send_signal(signal.SIGTERM)
    p.wait(GUARD)
    text = read(log)
    tap('listening on %s (read-write, mode 0700)' % path in text and
        'passed by the service manager' not in text,
        'activation: LISTEN_PID of another process: the daemon makes its own sockets', text)


def write(name, text):
    path = os.path.join(work, name)
    with open(path, 'w') as f:
        f.write(text)
    return path


def main():
    if os.geteuid() != 0:
        print('1..0 # SKIP needs root (system daemons, a network namespace)')
        return 0
    for tool in ('ip', 'dnsmasq', 'nft'):
        if not shutil.which(tool):
            print('1..0 # SKIP %s is not installed (bridge-net needs it)' % tool)
            return 0
    os.makedirs(SOCKDIR, mode=0o755)
    act = None
    daemons = []
    try:
        if sh('ip netns add ' + NS).returncode != 0:
            print('1..0 # SKIP cannot create a network namespace')
            return 0
        namespaces.append(NS)
        sh('ip netns exec %s ip link set lo up' % NS, check=True)
        refusals()
        act = storage_activator()
        net_d = Daemon('bridge-net', 'modvirtnetworkd', netns=True)
        daemons.append(net_d)
        qemu_d = Daemon('qemu', 'modvirtqemud', netns=True)
        daemons.append(qemu_d)
        tap(answers(sock('modvirtnetworkd', True)) and answers(sock('modvirtqemud', True)),
            'per-driver daemons: modvirtnetworkd and modvirtqemud listen on their two sockets')
        scenario(act, net_d, qemu_d)
        for d in daemons:
            d.stop()
        modes(act)
        act = None
    except Exception:  # a harness failure is a test failure, with why
        import traceback
        tap(False, 'test harness', traceback.format_exc())
    finally:
        if act is not None:
            act.close()
        for d in daemons:
            d.stop()
        for p in children:
            if p.poll() is None:
                p.kill()
                p.wait()
        for pid in g.qemus(ROOT):
            g.kill_wait(pid)
        for ns in reversed(namespaces):
            for pid in sh('ip netns pids ' + ns).stdout.split():
                g.kill_wait(int(pid))
            sh('ip netns del ' + ns)
        tap(not any(ns in sh('ip netns list').stdout for ns in namespaces),
            'the test\'s network namespace is removed')
        if os.environ.get('MV_TEST_KEEP'):
            print('# kept ' + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
