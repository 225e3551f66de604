#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/lxc/run-guarded.py — runs one test program so that what it
started is stopped and what it made is removed on every exit path: a pass,
a failed assertion (GTest aborts), a crash, or meson's timeout (SIGTERM,
then SIGKILL, to the test's process group).

usage: run-guarded.py COMMAND [ARG...]

The command runs in a cgroup of its own in every cgroup hierarchy (what it
starts inherits it: QEMU, container supervisors and their cgroups, dnsmasq),
under a child subreaper, with TMPDIR set to a private directory (embed
roots, images, sockets). A keeper process outside meson's process group
waits for the command to end, or for this process to be killed, and then:

  - kills every process of those cgroups and every descendant it has;
  - deletes the network namespaces named after the command's pid
    (PREFIX-PID and PREFIX-PID-SUFFIX: run-in-netns.sh's and the tests'
    own), with their bridges, veths and nftables tables;
  - detaches loop devices backed by files in the private directory,
    unmounts what is mounted in it and removes it;
  - removes the cgroups (the guard's and the ones made under it).

The exit status is the command's (128+N when a signal N ended it). What
had to be stopped or removed after the command ended is listed on stderr.
"""
import ctypes
import errno
import fcntl
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile

PR_SET_CHILD_SUBREAPER = 36
MNT_DETACH = 2
LOOP_CLR_FD = 0x4C01
# cgroup2 controllers the drivers use, enabled for the guard's children
V2_CONTROLLERS = ('cpu', 'cpuset', 'memory', 'pids')
libc = ctypes.CDLL(None, use_errno=True)


def note(msg):
    sys.stderr.write('run-guarded: %s\n' % msg)
    sys.stderr.flush()


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ''


def write(path, text):
    with open(path, 'w') as f:
        f.write(text)


def try_write(path, text):
    """Writes a control file that may be missing (no such controller)."""
    try:
        write(path, text)
    except OSError:
        pass


def unescape(field):
    """mountinfo writes space, tab, newline and backslash as \\ooo."""
    return re.sub(r'\\([0-7]{3})', lambda m: chr(int(m.group(1), 8)), field)


def mounts():
    """(mount point, mount root, fstype, super options) of every mount."""
    for line in read('/proc/self/mountinfo').splitlines():
        f = line.split()
        sep = f.index('-')
        yield unescape(f[4]), unescape(f[3]), f[sep + 1], f[sep + 3].split(',')


# ---- cgroups ---------------------------------------------------------------

def own_cgroups():
    """(hierarchy directory of our cgroup, is cgroup2) for each hierarchy
    with a controller, and the cgroup2 one."""
    found, seen = [], set()
    for line in read('/proc/self/cgroup').splitlines():
        _, ctrls, path = line.split(':', 2)
        ctrl_set = set(c for c in ctrls.split(',') if c and not c.startswith('name='))
        v2 = ctrls == ''
        if not v2 and not ctrl_set:
            continue
        for mnt, root, fstype, opts in mounts():
            if (fstype == 'cgroup2') != v2 or (not v2 and fstype != 'cgroup'):
                continue
            if not v2 and not ctrl_set <= set(opts):
                continue
            if mnt in seen or not (path + '/').startswith(root.rstrip('/') + '/'):
                continue
            seen.add(mnt)
            found.append((mnt, os.path.normpath(mnt + '/' + path[len(root.rstrip('/')):]), v2))
            break
    return found


def v2_base(mnt, own):
    """Where the guard's cgroup2 directory goes: in ours if it can pass the
    drivers' controllers on, else next to ours (ours holds processes), as
    the lxc driver places containers."""
    avail = read(own + '/cgroup.controllers').split()
    on = read(own + '/cgroup.subtree_control').split()
    missing = [c for c in V2_CONTROLLERS if c in avail and c not in on]
    if not missing:
        return own
    try:
        write(own + '/cgroup.subtree_control', ' '.join('+' + c for c in missing))
        return own
    except OSError:
        return own if own == mnt else os.path.dirname(own)


def copy_cpuset(parent, child):
    """A new v1 cpuset is empty and takes no task: the parent's sets."""
    for name in ('cpuset.cpus', 'cpuset.mems'):
        path = os.path.join(child, name)
        if os.path.exists(path) and not read(path).strip():
            write(path, read(os.path.join(parent, name)).strip() or '\n')


class Cgroups:
    """The guard's cgroup G in every hierarchy; the command runs in G/test,
    so that what drivers make next to or under their own cgroup is in G."""

    def __init__(self, name):
        self.tops = []       # (G, is cgroup2)
        if os.geteuid() != 0:
            return
        for mnt, own, v2 in own_cgroups():
            base = v2_base(mnt, own) if v2 else own
            top = os.path.join(base, name)
            try:
                os.mkdir(top)
                os.mkdir(os.path.join(top, 'test'))
                if v2:
                    self.enable_v2(top)
                else:
                    copy_cpuset(base, top)
                    copy_cpuset(top, os.path.join(top, 'test'))
            except OSError as e:
                note('no guard cgroup in %s: %s' % (mnt, e))
                self.remove_tree(top)
                continue
            self.tops.append((top, v2))

    @staticmethod
    def enable_v2(top):
        avail = read(top + '/cgroup.controllers').split()
        want = [c for c in V2_CONTROLLERS if c in avail]
        if want:
            write(top + '/cgroup.subtree_control', ' '.join('+' + c for c in want))

    def join(self, pid):
        for top, _ in self.tops:
            try:
                write(os.path.join(top, 'test', 'cgroup.procs'), str(pid))
            except OSError as e:
                note('cannot join %s: %s' % (top, e))

    def dirs(self):
        for top, v2 in self.tops:
            for d, _, _ in os.walk(top):
                yield d, v2

    def pids(self):
        found = set()
        for d, _ in self.dirs():
            found.update(int(p) for p in read(os.path.join(d, 'cgroup.procs')).split())
        return found

    def release(self):
        """Thaws v1 freezers (a frozen v1 task dies only when thawed) and
        kills each cgroup2 subtree at once where the kernel can (frozen or
        not)."""
        for d, v2 in list(self.dirs()):
            if not v2:
                try_write(os.path.join(d, 'freezer.state'), 'THAWED')
        for top, v2 in self.tops:
            if v2:
                try_write(os.path.join(top, 'cgroup.kill'), '1')

    @staticmethod
    def remove_tree(top):
        removed = []
        for d, _, _ in os.walk(top, topdown=False):
            try:
                os.rmdir(d)
                removed.append(d)
            except OSError as e:
                if e.errno != errno.ENOENT:
                    note('cannot remove cgroup %s: %s' % (d, e))
        return removed

    def remove(self):
        """Removes every guard cgroup; returns the ones made under it."""
        made = []
        for top, _ in self.tops:
            made += [d for d in self.remove_tree(top)
                     if d not in (top, os.path.join(top, 'test'))]
        return made


# ---- processes -------------------------------------------------------------

def proc_stat(pid):
    """(state, ppid, comm) of PID, or None when it is gone."""
    text = read('/proc/%d/stat' % pid)
    if not text:
        return None
    comm = text[text.index('(') + 1:text.rindex(')')]
    fields = text[text.rindex(')') + 2:].split()
    return fields[0], int(fields[1]), comm


def descendants(pid):
    children = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            st = proc_stat(int(entry))
            if st:
                children.setdefault(st[1], []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def running(pid):
    st = proc_stat(pid)
    return st is not None and st[0] not in ('Z', 'X')


class Keeper:
    """Runs the command and cleans up after it (see the module's text)."""

    def __init__(self, argv):
        self.argv = argv
        self.main = None
        self.proc = None         # kept: a dropped Popen may reap the command
        self.status = None       # the command's exit status, once reaped
        self.me = os.getpid()
        self.tmp = tempfile.mkdtemp(prefix='mvg-')
        os.chmod(self.tmp, 0o711)    # mapped ids of containers walk through it
        self.cgroups = Cgroups('mvg-%d' % self.me)
        self.left = []           # what was cleaned after the command ended
        self.ended_alone = False  # the command ended by itself, not stopped

    def reap(self):
        """Reaps every exited child (orphans come to us); notes the
        command's status."""
        while True:
            try:
                pid, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.main:
                self.status = os.waitstatus_to_exitcode(st)

    def start(self):
        env = dict(os.environ, TMPDIR=self.tmp)
        try:
            self.proc = subprocess.Popen(self.argv, env=env,
                                         preexec_fn=lambda: self.cgroups.join(os.getpid()))
            self.main = self.proc.pid
        except OSError as e:
            note('cannot run %s: %s' % (self.argv[0], e))
            self.status = 127

    def wait(self, life_fd):
        """Until the command ends or the parent goes (meson killed it)."""
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        stop = []
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda *_: stop.append(1))
        signal.signal(signal.SIGCHLD, lambda *_: None)
        while self.status is None and not stop:
            self.reap()
            if self.status is not None:
                break
            ready = select.select([wake_r, life_fd], [], [])[0]
            if wake_r in ready:
                os.read(wake_r, 4096)
            if life_fd in ready and not os.read(life_fd, 1):
                note('the test runner went away: stopping the test')
                break
        self.ended_alone = self.status is not None

    def victims(self):
        return [p for p in (self.cgroups.pids() | descendants(self.me))
                if p != self.me and running(p)]

    def kill_everything(self):
        """SIGKILL to every process of the cgroups and every descendant,
        until none runs; waits on pidfds for each to end."""
        seen = set()
        for _ in range(100):
            victims = self.victims()
            if not victims:
                return
            for pid in victims:
                st = proc_stat(pid)
                if self.ended_alone and st and pid not in seen:
                    self.left.append('process %d (%s)' % (pid, st[2]))
                seen.add(pid)
            self.cgroups.release()
            fds = []
            for pid in victims:
                try:
                    fd = os.pidfd_open(pid)
                except ProcessLookupError:
                    continue
                try:
                    signal.pidfd_send_signal(fd, signal.SIGKILL)
                    fds.append(fd)
                except ProcessLookupError:
                    os.close(fd)
            for fd in fds:
                select.select([fd], [], [], 30)
                os.close(fd)
            self.reap()
        note('processes still running after 100 rounds of SIGKILL')

    def remove_netns(self):
        if self.main is None or not shutil.which('ip'):
            return
        names = re.compile(r'^[A-Za-z][\w.]*(?:-[A-Za-z][\w.]*)*-%d(?:-\S*)?$' % self.main)
        out = subprocess.run(['ip', 'netns', 'list'], capture_output=True, text=True).stdout
        for name in (line.split()[0] for line in out.splitlines() if line.strip()):
            if names.match(name):
                subprocess.run(['ip', 'netns', 'del', name], stderr=subprocess.DEVNULL)
                self.left.append('network namespace %s' % name)

    def under_tmp(self, path):
        return path == self.tmp or path.startswith(self.tmp + '/')

    def detach_loops(self):
        for dev in os.listdir('/sys/block'):
            backing = read('/sys/block/%s/loop/backing_file' % dev).strip()
            if backing and self.under_tmp(backing.removesuffix(' (deleted)')):
                try:
                    fd = os.open('/dev/' + dev, os.O_RDONLY)
                    fcntl.ioctl(fd, LOOP_CLR_FD)
                    os.close(fd)
                    self.left.append('loop device /dev/%s' % dev)
                except OSError as e:
                    note('cannot detach /dev/%s: %s' % (dev, e))

    def unmount(self):
        points = sorted((m for m, _, _, _ in mounts() if self.under_tmp(m)),
                        key=lambda m: m.count('/'), reverse=True)
        for m in points:
            if libc.umount2(m.encode(), MNT_DETACH) == 0:
                self.left.append('mount %s' % m)
            else:
                note('cannot unmount %s: %s' % (m, os.strerror(ctypes.get_errno())))

    def remove_tmp(self):
        subprocess.run(['rm', '-rf', '--one-file-system', self.tmp])

    def remove_cgroups(self):
        self.left += ['cgroup %s' % d for d in self.cgroups.remove()]

    def clean(self):
        """Each step runs even when one before it failed."""
        for step in (self.kill_everything, self.remove_netns, self.detach_loops, self.unmount,
                     self.remove_tmp, self.remove_cgroups, self.reap):
            try:
                step()
            except Exception as e:
                note('%s failed: %r' % (step.__name__, e))
        if self.left and self.ended_alone:
            note('the test left behind (now removed): ' + ', '.join(self.left))

    def exit_code(self):
        if self.status is None:
            return 1
        return 128 - self.status if self.status < 0 else self.status


def keeper(argv, life_fd):
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    k = Keeper(argv)
    k.start()
    k.wait(life_fd)
    k.clean()
    return k.exit_code()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    status_r, status_w = os.pipe()
    life_r, life_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        # The keeper: out of meson's process group, so that meson's kill of
        # the group leaves it to clean up.
        os.close(status_r)
        os.close(life_w)
        os.setpgid(0, 0)
        code = 1
        try:
            code = keeper(sys.argv[1:], life_r)
        finally:
            try:
                os.write(status_w, b'%d' % code)
            except BrokenPipeError:
                pass             # the runner is gone: nobody to tell
            os._exit(0)
    os.close(status_w)
    os.close(life_r)
    data = b''
    while chunk := os.read(status_r, 64):
        data += chunk
    os.waitpid(pid, 0)
    sys.exit(int(data) if data else 1)


if __name__ == '__main__':
    main()
