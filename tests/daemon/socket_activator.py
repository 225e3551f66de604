# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/daemon/socket_activator.py — a small service manager for tests:
# socket activation as systemd does it. It holds listening unix sockets;
# when a client connects and the service is not running, it starts the
# service with the sockets as descriptors 3, 4, ... and LISTEN_PID,
# LISTEN_FDS and LISTEN_FDNAMES set; when the service exits (idle timeout,
# crash, SIGKILL) it waits for the next client again. Nothing is accepted
# here: clients queue on the socket until the service takes them.
import os
import select
import socket
import subprocess
import threading


class Activator:
    """Sockets at PATHS (with the unit names NAMES) for the service run by
    ARGV (environment ENV, output appended to LOG)."""

    def __init__(self, paths, names, argv, env, log):
        self.paths = list(paths)
        self.names = list(names)
        self.argv = list(argv)
        self.env = dict(env)
        self.log = log
        self.socks = []
        for p in self.paths:
            if os.path.lexists(p):
                os.unlink(p)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(p)
            os.chmod(p, 0o700 if not p.endswith('-ro') else 0o777)
            s.listen(64)
            self.socks.append(s)
        self.cond = threading.Condition()
        self.proc = None
        self.starts = 0            # services started
        self.exits = []            # their exit statuses, in order
        self.stop_r, self.stop_w = os.pipe()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _spawn(self):
        fds = [s.fileno() for s in self.socks]
        n = len(fds)

        def place():
            # Out of the way first, then at 3, 4, ... (inheritable).
            high = [os.dup(fd) for fd in fds]
            for i, fd in enumerate(high):
                os.dup2(fd, 3 + i)
        env = dict(self.env, LISTEN_FDS=str(n), LISTEN_FDNAMES=':'.join(self.names))
        # LISTEN_PID must be the service's own pid: a shell sets it and
        # becomes the service (exec keeps the pid).
        argv = ['/bin/sh', '-c', 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"'] + self.argv
        with open(self.log, 'ab') as logf:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf,
                                    stderr=subprocess.STDOUT, env=env, start_new_session=True,
                                    preexec_fn=place, pass_fds=tuple(range(3, 3 + n)))
        with self.cond:
            self.proc = proc
            self.starts += 1
            self.cond.notify_all()

    def _run(self):
        while True:
            with self.cond:
                proc = self.proc
            if proc is None:
                r, _, _ = select.select(self.socks + [self.stop_r], [], [])
                if self.stop_r in r:
                    return
                self._spawn()
                continue
            pidfd = os.pidfd_open(proc.pid)
            try:
                r, _, _ = select.select([pidfd, self.stop_r], [], [])
            finally:
                os.close(pidfd)
            if pidfd in r or proc.poll() is not None:
                rc = proc.wait()
                with self.cond:
                    self.proc = None
                    self.exits.append(rc)
                    self.cond.notify_all()
            if self.stop_r in r:
                return

    def pid(self):
        with self.cond:
            return self.proc.pid if self.proc else None

    def wait_starts(self, n, timeout):
        with self.cond:
            return self.cond.wait_for(lambda: self.starts >= n, timeout)

    def wait_exits(self, n, timeout):
        with self.cond:
            return self.cond.wait_for(lambda: len(self.exits) >= n, timeout)

    def close(self):
        """Stops watching, kills a running service, removes the sockets."""
        os.write(self.stop_w, b'x')
        self.thread.join()
        with self.cond:
            proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        for s, p in zip(self.socks, self.paths):
            s.close()
            if os.path.lexists(p):
                os.unlink(p)
        os.close(self.stop_r)
        os.close(self.stop_w)
