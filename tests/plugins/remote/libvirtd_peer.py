# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/remote/libvirtd_peer.py — Debian's libvirtd as a real peer
for the remote plugin's tests, in a private directory.

libvirtd runs as an ordinary user (nobody, when the tests run as root), so
it is a session daemon whose sockets, configuration and state all live in
the temporary directory: nothing under /run/libvirt or /etc/libvirt is
touched. LIBVIRT_DRIVER_DIR keeps it from loading the hypervisor and network
drivers; the test driver (test:///default) is always there, and storage=True
adds the storage driver with its directory backend (storage:///session).
Readiness is the socket accepting a connection, retried with growing pauses
while the daemon (watched through a pidfd) is alive.
"""
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time

LIBVIRTD = shutil.which('libvirtd') or '/usr/sbin/libvirtd'
LIBDIR = '/usr/lib/x86_64-linux-gnu/libvirt'


def available():
    """None, or why the peer cannot run here."""
    if not os.access(LIBVIRTD, os.X_OK):
        return 'libvirtd is not installed (Debian package libvirt-daemon)'
    if os.geteuid() == 0 and not shutil.which('setpriv'):
        return 'setpriv is missing (util-linux)'
    return None


def wait_listening(path, pidfd, limit=30.0):
    """Until the unix socket PATH accepts a connection: None; 'exited' when
    the process of PIDFD ends first, 'timeout' after LIMIT seconds. Between
    tries it waits on the pidfd, 1 ms at first, doubling up to 0.1 s."""
    deadline = time.monotonic() + limit
    pause = 0.001
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return None
        except (FileNotFoundError, ConnectionRefusedError):
            pass
        finally:
            s.close()
        if select.select([pidfd], [], [], pause)[0]:
            return 'exited'
        if time.monotonic() > deadline:
            return 'timeout'
        pause = min(pause * 2, 0.1)


class Libvirtd:
    """One libvirtd in a directory of its own. CONFIG is the text of its
    libvirtd.conf; PREPARE(dir) writes whatever else it needs there (keys,
    a SASL database) before the directory is handed to its user; ENV adds
    to its environment (paths may name files under the directory, which
    is self.dir); LISTEN passes --listen (TCP/TLS, as CONFIG says). SPAWN,
    if given, starts it instead of a plain Popen: SPAWN(argv, env, log)
    returns the Popen (a host of tests/remote-net/hosts.py runs it in its
    network namespace that way). Ready once its unix socket accepts."""

    def __init__(self, storage=False, timeout=120, config=None, prepare=None, env=None,
                 listen=False, spawn=None):
        self.dir = tempfile.mkdtemp(prefix='mv-remote-libvirtd-')
        os.chmod(self.dir, 0o755)
        for sub in ('run', 'config', 'config/libvirt', 'cache', 'drivers', 'backends', 'pool'):
            os.mkdir(os.path.join(self.dir, sub))
        if storage:
            os.symlink(os.path.join(LIBDIR, 'connection-driver', 'libvirt_driver_storage.so'),
                       os.path.join(self.dir, 'drivers', 'libvirt_driver_storage.so'))
            os.symlink(os.path.join(LIBDIR, 'storage-backend', 'libvirt_storage_backend_fs.so'),
                       os.path.join(self.dir, 'backends', 'libvirt_storage_backend_fs.so'))
        if config is not None:
            with open(os.path.join(self.dir, 'config', 'libvirt', 'libvirtd.conf'), 'w') as f:
                f.write(config)
        if prepare:
            prepare(self.dir)
        argv = [LIBVIRTD, '--timeout', str(timeout)] + (['--listen'] if listen else [])
        if os.geteuid() == 0:
            for root, dirs, files in os.walk(self.dir):
                for n in dirs + files:
                    os.lchown(os.path.join(root, n), 65534, 65534)
            os.chown(self.dir, 65534, 65534)
            argv = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] + argv
        full_env = {
            'PATH': '/usr/sbin:/usr/bin:/sbin:/bin',
            'HOME': self.dir,
            'XDG_RUNTIME_DIR': os.path.join(self.dir, 'run'),
            'XDG_CONFIG_HOME': os.path.join(self.dir, 'config'),
            'XDG_CACHE_HOME': os.path.join(self.dir, 'cache'),
            'LIBVIRT_DRIVER_DIR': os.path.join(self.dir, 'drivers'),
            'LIBVIRT_STORAGE_BACKEND_DIR': os.path.join(self.dir, 'backends'),
        }
        full_env.update(env or {})
        self.log_path = os.path.join(self.dir, 'libvirtd.log')
        self.socket = os.path.join(self.dir, 'run', 'libvirt', 'libvirt-sock')
        self.pool_dir = os.path.join(self.dir, 'pool')
        if spawn:
            self.proc = spawn(argv, full_env, self.log_path)
        else:
            with open(self.log_path, 'w') as log:
                self.proc = subprocess.Popen(argv, env=full_env, cwd=self.dir,
                                             stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                             start_new_session=True)
        self.pidfd = os.pidfd_open(self.proc.pid)
        self._wait_ready()

    def _wait_ready(self, limit=30.0):
        why = wait_listening(self.socket, self.pidfd, limit)
        if why == 'exited':
            raise RuntimeError('libvirtd exited before listening:\n' + self.log())
        if why:
            self.stop()
            raise RuntimeError('libvirtd did not listen within %ds:\n%s' % (limit, self.log()))

    def uri(self, base='test+unix:///default'):
        sep = '&' if '?' in base else '?'
        return '%s%ssocket=%s' % (base, sep, self.socket)

    def log(self):
        try:
            with open(self.log_path) as f:
                return f.read()[-4000:]
        except OSError:
            return ''

    def kill(self):
        """Ends the daemon at once (SIGKILL) and waits for it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None
        shutil.rmtree(self.dir, ignore_errors=True)
