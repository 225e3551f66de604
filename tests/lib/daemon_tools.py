# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/lib/daemon_tools.py — what the daemon tests share: the programs a
test is given (modvirtd, mvsh, the remote plugin's directory: argv[1..3]),
mvsh's environment, virsh, a shell, and the QEMU processes of a root."""
import os
import select
import shutil
import signal
import subprocess
import sys

from taplib import GUARD

MODVIRTD = os.path.abspath(sys.argv[1])
MVSH = os.path.abspath(sys.argv[2])
REMOTE_DIR = os.path.abspath(sys.argv[3])
PLUGIN_DIRS = os.environ.get('MODVIRT_PLUGIN_DIR', '')
VIRSH = shutil.which('virsh')


def libvirt_or_reexec():
    """python3-libvirt, or None when it is not installed. Debian's
    python3-libvirt is for Debian's python3: a test started by another
    python3 runs again under that one (so call this before anything else)."""
    try:
        import libvirt
        return libvirt
    except ImportError:
        if os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3') and \
                subprocess.run(['/usr/bin/python3', '-c', 'import libvirt'],
                               capture_output=True).returncode == 0:
            os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
        return None


def sh(cmd, check=False):
    p = subprocess.run(['/bin/sh', '-c', cmd], capture_output=True, text=True, timeout=GUARD)
    if check and p.returncode != 0:
        raise RuntimeError('%s: %s%s' % (cmd, p.stdout, p.stderr))
    return p


def virsh(uri, cmds, timeout=GUARD):
    p = subprocess.run([VIRSH, '-c', uri, cmds], capture_output=True, text=True,
                       timeout=timeout, env=dict(os.environ, LC_ALL='C'))
    return p.returncode, p.stdout, p.stderr


def mvsh_env(cache_dir, remote=True, run_root=None):
    """mvsh's environment: through the remote plugin, or (REMOTE False)
    with the drivers in-process on RUN_ROOT. Each configuration has its own
    plugin cache under CACHE_DIR."""
    e = dict(os.environ, LC_ALL='C')
    e.pop('MODVIRT_DEFAULT_URI', None)
    e.pop('LIBVIRT_DEFAULT_URI', None)
    dirs = [d for d in PLUGIN_DIRS.split(':') if d]
    e['MODVIRT_PLUGIN_DIR'] = ':'.join(dirs + [REMOTE_DIR] if remote else dirs)
    e['MODVIRT_PLUGIN_CACHE'] = os.path.join(cache_dir, 'cache-%s' % ('remote' if remote else
                                                                      'local'), 'plugins.cache')
    if run_root:
        e['MODVIRT_RUN_ROOT'] = run_root
    return e


def qemus(root):
    """The QEMU processes whose command line names ROOT."""
    found = []
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                argv = f.read().split(b'\0')
        except OSError:
            continue
        if argv and b'qemu-system' in argv[0] and any(root.encode() in a for a in argv):
            found.append(int(pid))
    return found


def kill_wait(pid):
    """SIGKILL to PID (not necessarily our child), and its end awaited."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        signal.pidfd_send_signal(fd, signal.SIGKILL)
        select.select([fd], [], [], GUARD)
    except ProcessLookupError:
        pass
    finally:
        os.close(fd)
