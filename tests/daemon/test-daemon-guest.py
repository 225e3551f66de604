# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/daemon/test-daemon-guest.py MODVIRTD MVSH REMOTE_PLUGIN_DIR —
# modvirtd with real workloads and real peers on both sides:
#  * a Linux guest under TCG (the qemu tests' kernel and busybox initramfs,
#    make-linux-guest.py): its serial console read and written through
#    python3-libvirt (stream events on libvirt's default event loop),
#    `virsh console` (under script(1), which gives it a terminal) and
#    `mvsh console` through the remote plugin (closed, killed, and ended by
#    the guest's end); two clients sharing the guest; a reboot seen on the
#    console and as an event; lifecycle events reaching a listening virsh,
#    mvsh (remote plugin) and python3-libvirt while mvsh starts and
#    destroys it;
#  * bridge-net networks in a network namespace made here: virsh defines,
#    starts, queries, gets a DHCP lease (busybox udhcpc in a second
#    namespace), stops and removes a network through a modvirtd running in
#    that namespace, with its events reaching virsh net-event, and what
#    virsh prints equals what mvsh prints;
#  * storage-dir volume upload and download (sparse too) with mvsh through
#    the remote plugin, crossed with virsh; clients killed mid-transfer.
# Each daemon runs in its own session with its log in a temporary
# directory; readiness is the socket accepting, a log line, a console line
# or an event, never a sleep. TAP output; parts whose peer is missing are
# skipped with the reason.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import daemon_tools  # noqa: E402
from daemon_tools import MODVIRTD, MVSH, VIRSH, kill_wait, qemus, sh, virsh  # noqa: E402
from taplib import GUARD, results, skip, wait_for  # noqa: E402
from taplib import tap as tap_head, unix_answers as answers  # noqa: E402
import linux_guest  # noqa: E402
from linux_guest import BOOT_GUARD, QEMU  # noqa: E402

libvirt = daemon_tools.libvirt_or_reexec()

work = tempfile.mkdtemp(prefix='mvd-guest-')
children = []
namespaces = []
NS = 'mvg-%d' % os.getpid()


def tap(ok, name, diag=''):
    """A result whose diagnosis (a daemon's or a guest's log) ends with
    what matters: its last lines are shown."""
    return tap_head(ok, name, diag, tail=True)


class Daemon:
    """A modvirtd in its own session (in network namespace NETNS when
    given), its state under its own MODVIRT_RUN_ROOT."""

    def __init__(self, name, netns=None):
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.root = os.path.join(self.dir, 'root')
        self.sock = os.path.join(self.dir, 'modvirtd-sock')
        self.log = os.path.join(self.dir, 'modvirtd.log')
        env = dict(os.environ, MODVIRT_RUN_ROOT=self.root)
        self.logf = open(self.log, 'ab')
        # `ip netns exec` enters the namespace and execs: the pid is the daemon's.
        argv = (['ip', 'netns', 'exec', netns] if netns else []) + \
            [MODVIRTD, '--socket-dir', self.dir, '--verbose']
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.logf,
                                     stderr=subprocess.STDOUT, env=env, start_new_session=True)
        children.append(self.proc)
        # both sockets: the read-write one is made first
        ro = self.sock + '-ro'
        wait_for(lambda: (answers(self.sock) and answers(ro)) or self.proc.poll() is not None,
                 'modvirtd to listen')
        if self.proc.poll() is not None:
            raise RuntimeError('modvirtd exited: ' + self.read_log())

    def read_log(self):
        with open(self.log, errors='replace') as f:
            return f.read()

    def wait_log(self, text, count=1):
        wait_for(lambda: self.read_log().count(text) >= count, 'log line ' + repr(text))

    def uri(self, scheme='qemu', path='/system'):
        return '%s+unix://%s?socket=%s' % (scheme, path, self.sock)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(GUARD)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.logf.close()
        return rc


def mvsh_env(remote=True, run_root=None):
    return daemon_tools.mvsh_env(work, remote, run_root)


def mvsh_run(uri, args, stdin):
    p = subprocess.run([MVSH, '-c', uri] + list(args), input=stdin, capture_output=True,
                       timeout=GUARD, env=mvsh_env())
    return p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')


def mvsh(uri, *args, remote=True, run_root=None, netns=None, readonly=False, timeout=GUARD):
    argv = (['ip', 'netns', 'exec', netns] if netns else []) + [MVSH] + \
        (['-r'] if readonly else []) + ['-c', uri] + list(args)
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                       env=mvsh_env(remote, run_root))
    return p.returncode, p.stdout, p.stderr


class Output:
    """What a child prints on a pipe, collected by a thread; waited on."""

    def __init__(self, stream):
        self.buf = b''
        self.cond = threading.Condition()
        self.eof = False
        self.thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self.thread.start()

    def _run(self, stream):
        while True:
            try:
                data = os.read(stream.fileno(), 4096)
            except OSError:
                data = b''
            with self.cond:
                if not data:
                    self.eof = True
                else:
                    self.buf += data
                self.cond.notify_all()
            if not data:
                return

    def text(self):
        with self.cond:
            return self.buf.decode(errors='replace')

    def wait(self, text, start=0, timeout=GUARD):
        """The offset after TEXT's first appearance from START, or -1."""
        want = text.encode()
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                i = self.buf.find(want, start)
                if i >= 0:
                    return i + len(want)
                left = end - time.monotonic()
                if self.eof or left <= 0:
                    return -1
                self.cond.wait(left)


# ---- the guest ---------------------------------------------------------------------------

GUEST = 'mvg-linux'
# The qemu driver opens the console's pty for every caller: neither the
# refusal of a second console nor VIR_DOMAIN_CONSOLE_FORCE's takeover is
# there (plugins/qemu/qemu-console.c).
class PyConsole:
    """The guest's console through python3-libvirt: a non-blocking stream
    whose READABLE events, run by libvirt's default event loop on its own
    thread, collect the output."""

    def __init__(self, conn, dom, flags=0):
        self.out = b''
        self.cond = threading.Condition()
        self.ended = None          # why the stream ended: 'eof', 'hangup', an error
        self.st = conn.newStream(libvirt.VIR_STREAM_NONBLOCK)
        # A console another client just left is released by the daemon on
        # its event loop once it has seen that client's stream end (libvirtd
        # does the same): until then an open is refused as busy. Wait for
        # the release, checking again every 20 ms, within the guard.
        deadline = time.monotonic() + GUARD
        while True:
            try:
                dom.openConsole(None, self.st, flags)
                break
            except libvirt.libvirtError as e:
                busy = 'Active console session exists' in str(e)
                if not busy or time.monotonic() > deadline:
                    raise
                self.st = conn.newStream(libvirt.VIR_STREAM_NONBLOCK)
                threading.Event().wait(0.02)
        self.st.eventAddCallback(libvirt.VIR_STREAM_EVENT_READABLE |
                                 libvirt.VIR_STREAM_EVENT_HANGUP |
                                 libvirt.VIR_STREAM_EVENT_ERROR, self._event, None)

    def _end(self, why):
        self.ended = why
        try:
            self.st.eventRemoveCallback()
        except libvirt.libvirtError:
            pass

    def _event(self, st, events, opaque):
        with self.cond:
            if self.ended:
                return
            if events & libvirt.VIR_STREAM_EVENT_READABLE:
                while True:
                    try:
                        data = st.recv(4096)
                    except libvirt.libvirtError as e:
                        self._end('error: ' + e.get_error_message())
                        break
                    if isinstance(data, int):      # -2: nothing more now
                        break
                    if not data:
                        self._end('eof')
                        break
                    self.out += data
            elif events & (libvirt.VIR_STREAM_EVENT_HANGUP | libvirt.VIR_STREAM_EVENT_ERROR):
                self._end('hangup' if events & libvirt.VIR_STREAM_EVENT_HANGUP else 'error')
            self.cond.notify_all()

    def wait(self, text, start=0, timeout=GUARD):
        want = text.encode()
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                i = self.out.find(want, start)
                if i >= 0:
                    return i + len(want)
                left = end - time.monotonic()
                if self.ended or left <= 0:
                    return -1
                self.cond.wait(left)

    def wait_end(self, timeout=GUARD):
        with self.cond:
            self.cond.wait_for(lambda: self.ended, timeout)
            return self.ended

    def send(self, data):
        while data:
            n = self.st.send(data)
            if n == -2:                            # full: the loop drains it
                with self.cond:
                    self.cond.wait(0.01)
                continue
            data = data[n:]

    def close(self):
        with self.cond:
            if not self.ended:
                self._end('closed')
        try:
            self.st.abort()
        except libvirt.libvirtError:
            pass


_loop_started = False


def event_loop():
    global _loop_started
    if not _loop_started:
        libvirt.virEventRegisterDefaultImpl()

        def run():
            while True:
                libvirt.virEventRunDefaultImpl()
        threading.Thread(target=run, daemon=True).start()
        _loop_started = True


def t_guest():
    name = 'qemu guest through modvirtd'
    if not os.access(QEMU, os.X_OK):
        skip(name, QEMU + ' is not installed (qemu-system-x86)')
        return
    if os.geteuid() != 0:
        skip(name, 'needs root (qemu:///system)')
        return
    paths, why = linux_guest.kernel()
    if not paths:
        skip(name, why)
        return
    d = Daemon('qemu')
    uri = d.uri()
    xml = os.path.join(work, 'guest.xml')
    with open(xml, 'w') as f:
        f.write(linux_guest.definition(GUEST, *paths))
    conn = None
    try:
        rc, out, err = virsh(uri, 'define %s; start --paused %s; domstate %s' % (xml, GUEST, GUEST))
        tap(rc == 0 and out.strip().endswith('paused'),
            'qemu: virsh defines the Linux guest and starts it paused', out + err)
        if libvirt:
            event_loop()
            conn = libvirt.open(uri)
            run_consoles(d, uri, conn)
        else:
            skip('qemu: the console through python3-libvirt', 'python3-libvirt is not installed')
            rc, out, err = virsh(uri, 'resume ' + GUEST)
        run_two_clients(d, uri)
        run_jobs(d, uri)
        run_events(d, uri, conn)
        rc, out, err = virsh(uri, 'undefine %s; list --all --name' % GUEST)
        tap(rc == 0 and GUEST not in out.split('undefined')[-1], 'qemu: undefine', out + err)
    finally:
        if conn is not None:
            conn.close()
        if d.proc.poll() is None:
            virsh(uri, 'destroy %s; undefine %s' % (GUEST, GUEST))
        d.stop()
        # No QEMU of this test outlives it (each has the run root in its
        # command line).
        for pid in qemus(d.root):
            kill_wait(pid)
        left = qemus(d.root)
        tap(not left, 'qemu: no QEMU left', left)


def wait_raw(parent):
    """Whether the terminal of PARENT's child (virsh under script) turns raw."""
    def raw():
        try:
            with open('/proc/%d/task/%d/children' % (parent, parent)) as f:
                kids = f.read().split()
            fd = os.open('/proc/%s/fd/0' % kids[0], os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        except (OSError, IndexError):
            return False
        try:
            lflag = termios.tcgetattr(fd)[3]
        except termios.error:
            return False
        finally:
            os.close(fd)
        return not lflag & (termios.ICANON | termios.ECHO)
    try:
        return wait_for(raw, 'virsh\'s terminal to turn raw')
    except TimeoutError:
        return False


def run_consoles(d, uri, conn):
    dom = conn.lookupByName(GUEST)
    # Opened while paused: nothing the guest prints is missed.
    con = PyConsole(conn, dom)
    dom.resume()
    pos = con.wait('MODVIRT-GUEST-UP', 0, BOOT_GUARD)
    if not tap(pos > 0, 'console (python3-libvirt): the guest\'s boot marker arrives',
               con.out.decode(errors='replace') + '\nended: %s' % con.ended):
        return
    pos = con.wait('\n', pos)
    con.send(b'hello-python\r')
    pos2 = con.wait('echo: hello-python', pos)
    tap(pos2 > 0, 'console (python3-libvirt): input reaches the guest and its answer comes back',
        con.out[pos:].decode(errors='replace'))

    # libvirt keeps one console per device: a second open is refused, or
    # with --force takes it over and ends the first one's stream.
    rc, out, err = mvsh_run(uri, ['console', GUEST], b'\x1d')
    tap(rc != 0 and 'Active console session exists for this domain' in err,
        'console: a second one without --force is refused as libvirt refuses it',
        (rc, out, err))
    forced = PyConsole(conn, dom, libvirt.VIR_DOMAIN_CONSOLE_FORCE)
    # (Its end follows the takeover at once; 5 s bound only a failure.)
    why = con.wait_end(5.0)
    tap(why is not None, 'console: --force ends the previous console\'s stream', why)
    forced.close()
    con.close()

    # virsh console needs a terminal: script(1) gives it one.
    if shutil.which('script'):
        argv = ['script', '-qec', '%s -c %s console %s --force' % (VIRSH, uri, GUEST), '/dev/null']
        p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True,
                             env=dict(os.environ, LC_ALL='C', TERM='dumb'))
        children.append(p)
        o = Output(p.stdout)
        at = o.wait('Escape character is ^]')
        # virsh prints its banner, then makes its terminal raw, discarding
        # the input that came before: it reads once the terminal is raw.
        ok = at > 0 and wait_raw(p.pid)
        if ok:
            p.stdin.write(b'hi-virsh\r')
            p.stdin.flush()
            ok = o.wait('echo: hi-virsh', at) > 0
        tap(ok, 'console (virsh under script): a line to the guest and its answer', o.text())
        p.stdin.write(b'\x1d')
        p.stdin.flush()
        try:
            rc = p.wait(GUARD)
        except subprocess.TimeoutExpired:
            rc = None
        tap(rc == 0, 'console (virsh): Ctrl-] leaves with status 0', '%s\n%s' % (rc, o.text()))
        p.stdin.close()
    else:
        skip('console (virsh)', 'virsh console needs a terminal and script(1) is not installed')

    # mvsh console through the remote plugin, input on a pipe.
    p = subprocess.Popen([MVSH, '-c', uri, 'console', GUEST, '--force'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True, env=mvsh_env())
    children.append(p)
    o = Output(p.stdout)
    at = o.wait("Connected to domain '%s'" % GUEST)
    ok = at > 0
    if ok:
        p.stdin.write(b'hi-mvsh\r')
        p.stdin.flush()
        ok = o.wait('echo: hi-mvsh', at) > 0
    tap(ok, 'console (mvsh through the remote plugin): a line to the guest and its answer',
        o.text())
    p.stdin.write(b'\x1d')
    p.stdin.flush()
    try:
        rc = p.wait(GUARD)
    except subprocess.TimeoutExpired:
        rc = None
    tap(rc == 0, 'console (mvsh): Ctrl-] in the input leaves with status 0',
        '%s\n%s' % (rc, o.text()))
    p.stdin.close()

    # A console client killed while connected.
    p = subprocess.Popen([MVSH, '-c', uri, 'console', GUEST, '--force'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True, env=mvsh_env())
    children.append(p)
    o = Output(p.stdout)
    ok = o.wait("Connected to domain '%s'" % GUEST) > 0
    p.kill()
    p.wait()
    p.stdin.close()
    tap(ok and d.proc.poll() is None, 'console (mvsh): killed while connected; the daemon lives',
        o.text())

    # A console opened and read again after the others: the daemon kept
    # nothing of theirs (a stream it kept would read the pty too and take
    # the answer away).
    con = PyConsole(conn, dom)
    con.send(b'again\r')
    tap(con.wait('echo: again') > 0, 'console (python3-libvirt): a new console after the others',
        con.out.decode(errors='replace'))
    con.close()
    dom = None


def run_two_clients(d, uri):
    a = virsh(uri, 'suspend ' + GUEST)
    b = mvsh(uri, 'domstate', GUEST)
    c = mvsh(uri, 'resume', GUEST)
    e = virsh(uri, 'domstate ' + GUEST)
    tap(a[0] == 0 and b[0] == 0 and b[1].strip() == 'paused' and c[0] == 0 and
        e[1].strip() == 'running',
        'two clients: virsh suspends, mvsh sees paused and resumes, virsh sees running',
        (a, b, c, e))



def run_jobs(d, uri):
    """Managed save of the running guest with Debian's virsh through
    modvirtd; the completed job as virsh and mvsh print it, raw fields and
    table (the statistics kept for the later reads); the next start restores the guest."""
    rc, out, err = virsh(uri, 'managedsave %s; domstate %s --reason; list --all --managed-save'
                         % (GUEST, GUEST))
    listed = [ln.split() for ln in out.splitlines() if GUEST in ln.split()]
    tap(rc == 0 and 'shut off (saved)' in out and ['-', GUEST, 'saved'] in listed,
        'jobs: virsh managedsave; the domain is saved and listed with its image', out + err)
    ref = virsh(uri, 'domjobinfo %s --completed --keep-completed --rawstats' % GUEST)
    got = mvsh(uri, 'domjobinfo', GUEST, '--completed', '--keep-completed', '--rawstats')
    tap(ref[0] == 0 and got[0] == 0 and ref[1] == got[1] and
        'operation: 2\n' in ref[1] and 'data_total: ' in ref[1],
        'jobs: mvsh domjobinfo --rawstats prints the fields as virsh prints them', (ref, got))
    ref = virsh(uri, 'domjobinfo %s --completed --keep-completed --anystats' % GUEST)
    got = mvsh(uri, 'domjobinfo', GUEST, '--completed', '--keep-completed', '--anystats')
    tap(ref[0] == 0 and got[0] == 0 and ref[1] == got[1] and 'Data total:' in ref[1],
        'jobs: mvsh domjobinfo --anystats prints what virsh prints', (ref, got))
    ref = virsh(uri, 'domjobinfo %s --completed --keep-completed' % GUEST)
    got = mvsh(uri, 'domjobinfo', GUEST, '--completed')
    tap(ref[0] == 0 and got[0] == 0 and ref[1] == got[1] and
        'Operation:        Save' in ref[1] and 'Job type:         Completed' in ref[1],
        'jobs: mvsh domjobinfo --completed prints what virsh prints', (ref, got))
    rc, out, err = virsh(uri, 'start %s; domstate %s --reason' % (GUEST, GUEST))
    tap(rc == 0 and 'running (restored)' in out,
        'jobs: the next start restores the guest from its managed save image', out + err)


# How virsh names the lifecycle events these tests meet.
EVENT_NAMES = {2: ('Started', {0: 'Booted'}),
               3: ('Suspended', {0: 'Paused'}),
               4: ('Resumed', {0: 'Unpaused'}),
               5: ('Stopped', {0: 'Shutdown', 1: 'Destroyed'}),
               6: ('Shutdown', {0: 'Finished', 1: 'Finished after guest request',
                                2: 'Finished after host request'})}


def event_text(event, detail):
    name, details = EVENT_NAMES.get(event, (str(event), {}))
    return '%s %s' % (name, details.get(detail, str(detail)))


def run_events(d, uri, conn):
    log = os.path.join(work, 'virsh-event.log')
    logf = open(log, 'wb')
    before = d.read_log().count('domain event 0 registered')
    listener = subprocess.Popen([VIRSH, '-c', uri, 'event --loop --event lifecycle --timeout 300'],
                                stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                                start_new_session=True, env=dict(os.environ, LC_ALL='C'))
    children.append(listener)
    mlog = os.path.join(work, 'mvsh-event.log')
    mlogf = open(mlog, 'wb')
    mlistener = subprocess.Popen([MVSH, '-c', uri, 'event', '--loop', '--event', 'lifecycle',
                                  '--timeout', '300'],
                                 stdin=subprocess.DEVNULL, stdout=mlogf, stderr=subprocess.STDOUT,
                                 start_new_session=True, env=mvsh_env())
    children.append(mlistener)
    got = []
    cond = threading.Condition()
    cid = None
    if conn is not None:
        def cb(c, dom, event, detail, opaque):
            with cond:
                got.append((dom.name(), event, detail))
                cond.notify_all()
        # Registered when this returns: the daemon has it.
        cid = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, None)
        reboots = []

        def rcb(c, dom, opaque):
            with cond:
                reboots.append(dom.name())
                cond.notify_all()
        rid = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_REBOOT, rcb, None)
    try:
        # virsh's and mvsh's registrations are in place when the daemon logged them.
        d.wait_log('domain event 0 registered', before + (3 if cid is not None else 2))
        # (A reboot sends no lifecycle event, as with libvirt's qemu driver.)
        # Consoles open when the guest goes: their streams end, the clients
        # see it (python3-libvirt: an event; mvsh: it returns).
        con = PyConsole(conn, conn.lookupByName(GUEST)) if conn is not None else None
        if con is not None:
            # A reboot: the guest powers off through ACPI, QEMU resets it,
            # it boots again; the console shows it, the reboot event comes.
            r = mvsh(uri, 'reboot', GUEST)
            at = con.wait('MODVIRT-GUEST-POWEROFF', 0, BOOT_GUARD)
            up = con.wait('MODVIRT-GUEST-UP', max(at, 0), BOOT_GUARD) if at > 0 else -1
            with cond:
                cond.wait_for(lambda: reboots, GUARD)
            tap(r[0] == 0 and at > 0 and up > 0 and reboots and set(reboots) == {GUEST},
                'reboot (mvsh): the console shows the guest going down and up again, '
                'python3-libvirt gets the reboot event',
                '%r %r\n%s' % (r, reboots, con.out.decode(errors='replace')))
            # (libvirt raises one per QEMU RESET: a reboot here makes two,
            # system_reset then the firmware's own; their number is the
            # firmware's, so it is not asserted.)
        # A console is one client's at a time: python3-libvirt's watches the
        # first destroy, mvsh's (taking the console over with --force, as
        # the python one may still be in release) the second.
        steps = [mvsh(uri, 'destroy', GUEST)]
        if con is not None:
            why = con.wait_end()
            tap(why is not None, 'console (python3-libvirt): the stream ends when the guest is '
                'destroyed (%s)' % why)
            con.close()
        steps.append(mvsh(uri, 'start', GUEST))
        mcon = subprocess.Popen([MVSH, '-c', uri, 'console', GUEST, '--force'],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True, env=mvsh_env())
        children.append(mcon)
        mout = Output(mcon.stdout)
        connected = mout.wait("Connected to domain '%s'" % GUEST) > 0
        steps.append(mvsh(uri, 'destroy', GUEST))
        try:
            rc = mcon.wait(GUARD)
        except subprocess.TimeoutExpired:
            rc = None
        tap(connected and rc == 0,
            'console (mvsh): connected, returns with status 0 when the guest is destroyed '
            '(status %s)' % rc, mout.text())
        mcon.stdin.close()
        tap(all(s[0] == 0 for s in steps), 'events: mvsh destroys, starts and destroys the guest',
            steps)
        key = ['Stopped Destroyed', 'Started Booted', 'Stopped Destroyed']

        def lines():
            with open(log, errors='replace') as f:
                return [l.rstrip('\n') for l in f if l.startswith('event ')]

        def seen():
            prefix = "event 'lifecycle' for domain '%s': " % GUEST
            return [l[len(prefix):] for l in lines() if l.startswith(prefix)]

        def keys(events):
            return [e for e in events if e in key]
        try:
            wait_for(lambda: keys(seen()) == key, 'virsh to print the events')
        except TimeoutError:
            pass
        tap(keys(seen()) == key and len(seen()) == len(lines()),
            'events: virsh event --loop receives the guest\'s lifecycle events',
            open(log, errors='replace').read())
        def mlines():
            with open(mlog, errors='replace') as f:
                return [l.rstrip('\n') for l in f if l.startswith('event ')]
        try:
            wait_for(lambda: len(mlines()) >= len(lines()), 'mvsh to print the events')
        except TimeoutError:
            pass
        tap(mlines() == lines(), 'events: mvsh event --loop through the remote plugin, the same',
            'mvsh:\n%s\nvirsh:\n%s' % ('\n'.join(mlines()), '\n'.join(lines())))
        # libvirt 9.0's qemu driver, run against the same QEMU: a destroy is
        # QEMU's SHUTDOWN (on the host's request), then Stopped Destroyed.
        host = 'Shutdown Finished after host request'
        tap(seen() == [host, key[0], key[1], host, key[2]],
            'events: a destroy sends what libvirt sends, nothing more', '\n'.join(seen()))
        if cid is not None:
            with cond:
                cond.wait_for(lambda: keys([event_text(*g[1:]) for g in got]) == key, GUARD)
            pyseen = [event_text(*g[1:]) for g in got]
            tap(all(g[0] == GUEST for g in got) and pyseen == seen(),
                'events: python3-libvirt receives the same', got)
    finally:
        if cid is not None:
            conn.domainEventDeregisterAny(cid)
            conn.domainEventDeregisterAny(rid)
        for p in (listener, mlistener):
            if p.poll() is None:
                p.kill()
                p.wait()
        logf.close()
        mlogf.close()


# ---- networks -----------------------------------------------------------------------------

NET = 'mvg-net'
BRIDGE = 'mvgbr0'
CLIENT_MAC = '52:54:00:78:00:42'
NET_XML = """<network>
  <name>{name}</name>
  <forward mode='nat'/>
  <bridge name='{br}' stp='off'/>
  <ip address='10.78.1.1' netmask='255.255.255.0'>
    <dhcp><range start='10.78.1.10' end='10.78.1.99'/></dhcp>
  </ip>
</network>
"""
UDHCPC_SCRIPT = """#!/bin/sh
[ "$1" = bound ] || [ "$1" = renew ] || exit 0
ip addr flush dev "$interface"
ip addr add "$ip/$mask" dev "$interface"
exit 0
"""


def t_network():
    name = 'bridge-net through modvirtd'
    if os.geteuid() != 0:
        skip(name, 'needs root for network namespaces')
        return
    for tool in ('ip', 'dnsmasq', 'nft'):
        if not shutil.which(tool):
            skip(name, tool + ' is not installed')
            return
    if sh('ip netns add ' + NS).returncode != 0:
        skip(name, 'cannot create a network namespace (ip netns add failed)')
        return
    namespaces.append(NS)
    sh('ip netns exec %s ip link set lo up' % NS, check=True)
    d = Daemon('net', netns=NS)
    uri = d.uri('network')
    try:
        run_network(d, uri)
    finally:
        if d.proc.poll() is None:
            virsh(uri, 'net-destroy %s; net-undefine %s' % (NET, NET))
        d.stop()


def run_network(d, uri):
    xml = os.path.join(work, 'net.xml')
    with open(xml, 'w') as f:
        f.write(NET_XML.format(name=NET, br=BRIDGE))
    # A listener for the network's events, in place when the daemon says so.
    log = os.path.join(work, 'net-event.log')
    logf = open(log, 'wb')
    before = d.read_log().count('network event 0 registered')
    listener = subprocess.Popen([VIRSH, '-c', uri, 'net-event --loop --event lifecycle '
                                 '--timeout 300'],
                                stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                                start_new_session=True, env=dict(os.environ, LC_ALL='C'))
    children.append(listener)
    try:
        d.wait_log('network event 0 registered', before + 1)
        run_network_steps(d, uri, xml)
        want = ["event 'lifecycle' for network %s: %s" % (NET, e)
                for e in ('Defined', 'Started', 'Stopped', 'Undefined')]

        def lines():
            with open(log, errors='replace') as f:
                return [l.rstrip('\n') for l in f if l.startswith('event ')]
        try:
            wait_for(lambda: len(lines()) >= len(want), 'virsh to print the network events')
        except TimeoutError:
            pass
        tap(lines() == want, 'network: virsh net-event --loop receives the network\'s events',
            open(log, errors='replace').read())
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait()
        logf.close()


def run_network_steps(d, uri, xml):
    rc, out, err = virsh(uri, 'net-define %s; net-start %s' % (xml, NET))
    tap(rc == 0 and 'Network %s started' % NET in out, 'network: virsh net-define, net-start',
        out + err)
    p = sh('ip netns exec %s ip -o link show %s' % (NS, BRIDGE))
    flags = p.stdout.split('<')[1].split('>')[0].split(',') if '<' in p.stdout else []
    tap(p.returncode == 0 and 'UP' in flags,
        'network: the bridge is up in the daemon\'s namespace', p.stdout + p.stderr)

    # What virsh prints through the daemon, beside what mvsh prints with
    # the same driver in-process: network:///system on the daemon's run
    # root, in the daemon's namespace, read-only (the driver shares a
    # root between processes; a read-only open changes nothing). That is
    # the same network, as the same driver sees it, with and without the
    # daemon and the wire between; mvsh through the remote plugin must
    # print it too.
    for cmd in ('net-info', 'net-dumpxml'):
        ref = mvsh('network:///system', cmd, NET, remote=False, run_root=d.root, netns=NS,
                   readonly=True)
        got = virsh(uri, '%s %s' % (cmd, NET))
        viaremote = mvsh(uri, cmd, NET)
        tap(ref[0] == 0 and got == ref,
            'network: virsh %s through modvirtd prints what mvsh prints in-process' % cmd,
            'in-process:\n%s%s\nvirsh:\n%s%s' % (ref[1], ref[2], got[1], got[2]))
        tap(viaremote == ref, 'network: mvsh %s through the remote plugin, the same' % cmd,
            'in-process:\n%s%s\nremote:\n%s%s' % (ref[1], ref[2], viaremote[1], viaremote[2]))

    # A DHCP lease: a client namespace joined to the bridge by a veth.
    if shutil.which('busybox'):
        client = NS + '-c'
        script = os.path.join(work, 'udhcpc.sh')
        with open(script, 'w') as f:
            f.write(UDHCPC_SCRIPT)
        os.chmod(script, 0o755)
        sh('ip netns add ' + client, check=True)
        namespaces.append(client)
        sh('ip netns exec %s ip link add mvgv0 type veth peer name eth0 netns %s' % (NS, client),
           check=True)
        sh("ip netns exec %s sh -c 'ip link set lo up; ip link set eth0 address %s up'"
           % (client, CLIENT_MAC), check=True)
        sh('ip netns exec %s ip link set mvgv0 master %s up' % (NS, BRIDGE), check=True)
        p = sh('ip netns exec %s busybox udhcpc -i eth0 -n -q -t 20 -T 1 -s %s'
               % (client, script))
        addr = sh('ip netns exec %s ip -4 -o addr show eth0' % client).stdout
        tap(p.returncode == 0 and '10.78.1.' in addr,
            'network: a client on the bridge gets a DHCP lease', p.stdout + p.stderr + addr)
        ip = addr.split('inet ')[1].split('/')[0] if 'inet ' in addr else '?'
        rc, out, err = virsh(uri, 'net-dhcp-leases ' + NET)
        tap(rc == 0 and CLIENT_MAC in out and ip + '/24' in out and 'ipv4' in out,
            'network: virsh net-dhcp-leases through modvirtd shows the lease', out + err)
        # (mvsh has no net-dhcp-leases to compare with.)
    else:
        skip('network: net-dhcp-leases', 'busybox (udhcpc) is not installed')

    rc, out, err = virsh(uri, 'net-destroy %s; net-undefine %s; net-list --all --name' % (NET, NET))
    tap(rc == 0 and 'Network %s destroyed' % NET in out and 'Network %s has been undefined' % NET
        in out, 'network: virsh net-destroy, net-undefine', out + err)
    gone = sh('ip netns exec %s ip link show %s' % (NS, BRIDGE)).returncode != 0
    dns = [pid for pid in sh('pgrep -x dnsmasq').stdout.split()
           if sh('ip netns identify ' + pid).stdout.strip() == NS]
    tables = sh('ip netns exec %s nft list tables' % NS).stdout
    tap(gone and not dns and BRIDGE not in tables,
        'network: nothing left in the namespace (bridge, dnsmasq, nft table)',
        (gone, dns, tables))


# ---- storage --------------------------------------------------------------------------------

def t_storage():
    d = Daemon('storage')
    uri = d.uri()
    try:
        run_storage(d, uri)
    finally:
        virsh(uri, 'pool-destroy mvgp')
        d.stop()


def run_storage(d, uri):
    pooldir = os.path.join(work, 'pool')
    os.makedirs(pooldir)
    poolxml = os.path.join(work, 'pool.xml')
    with open(poolxml, 'w') as f:
        f.write("<pool type='dir'><name>mvgp</name><target><path>%s</path></target></pool>"
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
    f = lambda n: os.path.join(work, n)

    steps = [('pool-create', poolxml), ('vol-create-as', 'mvgp', 'v1', '4M'),
             ('vol-upload', '--pool', 'mvgp', 'v1', up),
             ('vol-download', '--pool', 'mvgp', 'v1', f('down.bin')),
             ('vol-create-as', 'mvgp', 'v2', '8M'),
             ('vol-upload', '--sparse', '--pool', 'mvgp', 'v2', sparse),
             ('vol-download', '--sparse', '--pool', 'mvgp', 'v2', f('sparse-down.bin'))]
    outs = [mvsh(uri, *s) for s in steps]
    tap(all(o[0] == 0 for o in outs),
        'storage: mvsh vol-upload and vol-download through the remote plugin',
        '\n'.join('%s: %r' % (' '.join(s), o) for s, o in zip(steps, outs)))
    with open(f('down.bin'), 'rb') as fh:
        got = fh.read()
    tap(len(got) == 4 * 1024 * 1024 and got[:len(data)] == data and
        got[len(data):] == b'\0' * (len(got) - len(data)),
        'storage: what mvsh downloads is what it uploaded', len(got))
    with open(sparse, 'rb') as a, open(f('sparse-down.bin'), 'rb') as b:
        same = a.read() == b.read()
    blocks = os.stat(f('sparse-down.bin')).st_blocks
    vblocks = os.stat(os.path.join(pooldir, 'v2')).st_blocks
    tap(same and blocks < 1024 and vblocks < 1024,
        'storage: mvsh sparse upload and download keep the data and the holes',
        'same=%s blocks=%d volume blocks=%d' % (same, blocks, vblocks))

    # Crossed: what mvsh uploaded, virsh downloads, and the other way.
    rc, out, err = virsh(uri, 'vol-download --sparse --pool mvgp v2 %s; '
                              'vol-upload --pool mvgp v1 %s' % (f('virsh-down.bin'), sparse))
    with open(sparse, 'rb') as a, open(f('virsh-down.bin'), 'rb') as b:
        same = a.read() == b.read()
    tap(rc == 0 and same, 'storage: virsh downloads what mvsh uploaded', out + err)
    o = mvsh(uri, 'vol-download', '--pool', 'mvgp', 'v1', f('mvsh-down.bin'))
    with open(f('mvsh-down.bin'), 'rb') as fh:
        got = fh.read()
    with open(sparse, 'rb') as fh:
        want = fh.read()
    tap(o[0] == 0 and got == want, 'storage: mvsh downloads what virsh uploaded', o)

    # An upload of a missing file and a download to an unwritable place fail
    # cleanly, and the connection's streams still work afterwards.
    o1 = mvsh(uri, 'vol-upload', '--pool', 'mvgp', 'v1', f('no-such-file'))
    o2 = mvsh(uri, 'vol-download', '--pool', 'mvgp', 'v1', '/proc/no-such-dir/x')
    o3 = mvsh(uri, 'vol-download', '--pool', 'mvgp', 'v1', f('after.bin'))
    tap(o1[0] != 0 and o2[0] != 0 and o3[0] == 0 and 'error' in o1[2] and 'error' in o2[2],
        'storage: failing transfers fail cleanly, the next one works', (o1, o2, o3))

    # A client killed in the middle of a transfer, either way: the daemon
    # drops its stream and serves the next one. The transfers go through
    # FIFOs, so that they are surely under way when the client dies.
    o = mvsh(uri, 'vol-create-as', 'mvgp', 'big', '64M')
    tap(o[0] == 0, 'storage: a 64 MiB volume', o)
    for way in ('download', 'upload'):
        fifo = f('fifo-' + way)
        os.mkfifo(fifo)
        p = subprocess.Popen([MVSH, '-c', uri, 'vol-' + way, '--pool', 'mvgp', 'big', fifo],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True, env=mvsh_env())
        children.append(p)
        if way == 'download':
            with open(fifo, 'rb') as r:
                moved = len(r.read(1024 * 1024))
                p.kill()
                p.wait()
        else:
            with open(fifo, 'wb') as w:
                w.write(b'x' * (1024 * 1024))
                w.flush()
                moved = 1024 * 1024
                p.kill()
                p.wait()
        back = mvsh(uri, 'vol-download', '--pool', 'mvgp', 'v1', f('after-' + way))
        tap(moved > 0 and back[0] == 0 and d.proc.poll() is None,
            'storage: a client killed during %s; the daemon serves the next transfer'
            % ('a download' if way == 'download' else 'an upload'),
            (moved, back))


def main():
    if not VIRSH:
        print('1..0 # SKIP virsh (libvirt-clients) is not installed')
        return 0
    try:
        t_guest()
        t_network()
        t_storage()
    except Exception:  # a harness failure is a test failure, with why
        import traceback
        tap(False, 'test harness', traceback.format_exc())
    finally:
        for p in children:
            if p.poll() is None:
                p.kill()
                p.wait()
        for ns in reversed(namespaces):
            for pid in sh('ip netns pids ' + ns).stdout.split():
                kill_wait(int(pid))
            sh('ip netns del ' + ns)
        tap(not any(ns in sh('ip netns list').stdout for ns in namespaces),
            'the test\'s network namespaces are removed')
        if os.environ.get('MV_TEST_KEEP'):       # the logs, for a look after a failure
            print('# kept ' + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
