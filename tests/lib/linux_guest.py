# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/lib/linux_guest.py — the small Linux guest the daemon and transport
# tests boot under TCG: its definition, and its kernel and initramfs, built
# once per build tree by tests/plugins/qemu/make-linux-guest.py.
import os
import subprocess
import sys

QEMU = '/usr/bin/qemu-system-x86_64'
BOOT_GUARD = 300.0     # a TCG boot under load: only a guard

# The guest's serial port is its console; no balloon (nothing to poll).
XML = """<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{kernel}</kernel><initrd>{initrd}</initrd>
    <cmdline>console=ttyS0 rdinit=/init panic=-1 quiet</cmdline></os>
  <features><acpi/></features>
  <devices>
    <emulator>{qemu}</emulator>
    <serial type='pty'/>
    <console type='pty'/>
    <memballoon model='none'/>
  </devices>
</domain>
"""

_HERE = os.path.dirname(os.path.abspath(__file__))


def definition(name, kernel, initrd):
    return XML.format(name=name, kernel=kernel, initrd=initrd, qemu=QEMU)


def kernel():
    """((kernel, initrd), None), or (None, why there is none: no QEMU, no
    kernel on this host). A failure of the builder raises."""
    if not os.access(QEMU, os.X_OK):
        return None, 'qemu-system-x86_64 is not installed'
    src = os.environ.get('MV_TEST_SOURCE_ROOT', os.path.join(_HERE, '..', '..'))
    build = os.environ.get('MV_TEST_BUILD_ROOT', '/tmp')
    script = os.path.join(src, 'tests', 'plugins', 'qemu', 'make-linux-guest.py')
    p = subprocess.run([sys.executable, script, os.path.join(build, 'qemu-linux-guest')],
                       capture_output=True, text=True, timeout=900)
    if p.returncode == 77:
        return None, 'no guest kernel: ' + p.stderr.strip()
    if p.returncode != 0:
        raise RuntimeError('make-linux-guest.py failed: ' + p.stderr)
    return tuple(p.stdout.split()), None
