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


# A python3-libvirt program (run with Debian's python3): URI XML GUARD
# [USER PASSWORD]. It defines and starts the guest, reads its console until
# the guest says it is up (at most GUARD seconds), destroys and undefines
# it, and prints {"up": ..., "events": [lifecycle events], "tail": the
# console's end} as JSON. With USER and PASSWORD it opens with openAuth.
CONSOLE_SCRIPT = r'''
import json, sys, threading, time, libvirt
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                 daemon=True).start()
uri, xml, guard = sys.argv[1], open(sys.argv[2]).read(), float(sys.argv[3])
events = []
if len(sys.argv) > 5:
    creds = {libvirt.VIR_CRED_AUTHNAME: sys.argv[4], libvirt.VIR_CRED_PASSPHRASE: sys.argv[5]}
    def answer(asked, data):
        for cred in asked:
            cred[4] = creds[cred[0]]
        return 0
    c = libvirt.openAuth(uri, [list(creds), answer, None], 0)
else:
    c = libvirt.open(uri)
c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                         lambda conn, dom, ev, detail, op: events.append(ev), None)
d = c.defineXML(xml)
d.create()
st = c.newStream(0)
d.openConsole(None, st, 0)
out = b''
end = time.monotonic() + guard
up = False
def reader():
    global out
    while True:
        try:
            data = st.recv(4096)
        except libvirt.libvirtError:
            return
        if not data or isinstance(data, int):
            return
        out += data
t = threading.Thread(target=reader, daemon=True)
t.start()
while time.monotonic() < end and b'MODVIRT-GUEST-UP' not in out:
    t.join(0.05)
up = b'MODVIRT-GUEST-UP' in out
d.destroy()
d.undefine()
while time.monotonic() < end and libvirt.VIR_DOMAIN_EVENT_UNDEFINED not in events:
    time.sleep(0.02)
print(json.dumps({"up": up, "events": events, "tail": out[-300:].decode(errors="replace")}))
'''
