#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/qemu/make-linux-guest.py — a small real Linux guest for the
qemu driver's boot test: Debian's cloud kernel and a busybox initramfs
written here (newc cpio, gzip), in CACHE_DIR.

The packages are fetched with `apt-get download` and unpacked with
`dpkg -x` (nothing is installed on the host). The guest's /init prints
MODVIRT-GUEST-UP on the serial console once it reads the serial line and the
power button, echoes each line it reads there ("echo: LINE"), and powers off
when the ACPI power button is pressed (evdev + button modules from the same
kernel package). The initramfs file is named after a hash of /init, so a
cache made with another /init is not used.

usage: make-linux-guest.py CACHE_DIR   -> prints "KERNEL INITRD" on stdout
Exit 77 with a reason on stderr when it cannot be built here.
"""
import glob
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys

INIT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
insmod /lib/evdev.ko
insmod /lib/button.ko
pb=
for e in /sys/class/input/event*; do
    grep -q "Power Button" "$e/device/name" 2>/dev/null && pb=/dev/input/${e##*/}
done
# The marker promises a reader on each: the serial line (fd 3) and the
# power button (fd 4; an input device keeps events only for open readers).
exec 3</dev/ttyS0
[ -n "$pb" ] && exec 4<"$pb"
(while read -r line <&3; do echo "echo: $line"; done) >/dev/ttyS0 2>&1 &
echo "MODVIRT-GUEST-UP power-button=${pb:-none}"
if [ -n "$pb" ]; then
    dd bs=64 count=1 <&4 >/dev/null 2>&1
    echo MODVIRT-GUEST-POWEROFF
    poweroff -f
fi
while :; do sleep 3600; done
"""


def skip(reason):
    sys.stderr.write(reason + '\n')
    sys.exit(77)


def fetch(cache, pkg):
    debs = glob.glob(os.path.join(cache, pkg + '_*.deb'))
    if not debs:
        r = subprocess.run(['apt-get', 'download', pkg], cwd=cache,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        debs = glob.glob(os.path.join(cache, pkg + '_*.deb'))
        if r.returncode != 0 or not debs:
            skip('cannot download %s: %s' % (pkg, r.stderr.strip()[-200:]))
    out = os.path.join(cache, pkg)
    if not os.path.isdir(out):
        subprocess.run(['dpkg', '-x', debs[0], out + '.tmp'], check=True)
        os.rename(out + '.tmp', out)
    return out


def kernel_package():
    r = subprocess.run(['apt-cache', 'depends', 'linux-image-cloud-amd64'],
                       capture_output=True, text=True)
    for line in r.stdout.splitlines():
        line = line.strip()
        if line.startswith('Depends:') and 'linux-image-' in line:
            return line.split()[1]
    skip('apt-cache knows no linux-image-cloud-amd64 (Debian package index missing?)')


def cpio(entries):
    """newc archive of (name, mode, data) entries."""
    buf = io.BytesIO()
    ino = 1
    for name, mode, data in entries + [('TRAILER!!!', 0, b'')]:
        nb = name.encode() + b'\0'
        hdr = '070701' + ''.join('%08x' % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nb), 0))
        buf.write(hdr.encode() + nb)
        buf.write(b'\0' * ((4 - (110 + len(nb)) % 4) % 4))
        buf.write(data)
        buf.write(b'\0' * ((4 - len(data) % 4) % 4))
        ino += 1
    return buf.getvalue()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cache = sys.argv[1]
    os.makedirs(cache, exist_ok=True)
    kernel_out = os.path.join(cache, 'vmlinuz')
    initrd_out = os.path.join(cache, 'initrd-%s.gz' % hashlib.sha256(INIT.encode()).hexdigest()[:12])
    if not (os.path.exists(kernel_out) and os.path.exists(initrd_out)):
        if not shutil.which('apt-get') or not shutil.which('dpkg'):
            skip('needs apt-get and dpkg to fetch the guest kernel')
        kdir = fetch(cache, kernel_package())
        bdir = fetch(cache, 'busybox-static')
        vmlinuz = glob.glob(os.path.join(kdir, 'boot', 'vmlinuz-*'))
        evdev = glob.glob(os.path.join(kdir, 'lib/modules/*/kernel/drivers/input/evdev.ko'))
        button = glob.glob(os.path.join(kdir, 'lib/modules/*/kernel/drivers/acpi/button.ko'))
        if not (vmlinuz and evdev and button):
            skip('the kernel package lacks vmlinuz, evdev.ko or button.ko')
        entries = [(d, 0o40755, b'') for d in ('bin', 'dev', 'proc', 'sys', 'lib')]
        entries.append(('bin/busybox', 0o100755,
                        open(os.path.join(bdir, 'bin', 'busybox'), 'rb').read()))
        entries.append(('lib/evdev.ko', 0o100644, open(evdev[0], 'rb').read()))
        entries.append(('lib/button.ko', 0o100644, open(button[0], 'rb').read()))
        entries.append(('init', 0o100755, INIT.encode()))
        with open(initrd_out + '.tmp', 'wb') as f:
            f.write(gzip.compress(cpio(entries)))
        shutil.copyfile(vmlinuz[0], kernel_out + '.tmp')
        os.rename(initrd_out + '.tmp', initrd_out)
        os.rename(kernel_out + '.tmp', kernel_out)
    print(kernel_out, initrd_out)


if __name__ == '__main__':
    main()
