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
kernel package).

The virtio modules of the same package are in and loaded (virtio-pci,
console, net with its failover modules, blk; ext4 is built into Debian's
cloud kernel). A guest with a NIC brings eth0 up and runs busybox udhcpc on
it, sending the host name modvirt-guest; its script sets the leased address
and route. The first virtio disk or partition that holds a filesystem is
mounted at /mnt; each virtio disk's serial is written where udev would
keep it (qemu-ga reports it from there). When the host has Debian's qemu-guest-agent, its qemu-ga
and the shared libraries it loads go in too: /init starts it on the virtio
port named org.qemu.guest_agent.0 when the guest has one, after the mount.
All of this comes before the marker, which says what there is:
"MODVIRT-GUEST-UP power-button=/dev/input/eventN|none agent=started|none
nic=eth0|none mnt=/dev/vdX|none". The initramfs file is named after a hash
of /init, of the module list and of whether qemu-ga is in, so a cache made
otherwise is not used.

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
hostname modvirt-guest
mkdir -p /etc
echo 'root:x:0:0:root:/:/bin/sh' >/etc/passwd
echo 'root:*:19000:0:99999:7:::' >/etc/shadow
ip addr add 127.0.0.1/8 dev lo 2>/dev/null
ip link set lo up 2>/dev/null
# The virtio bus and its drivers (console, NIC, disk, balloon), in dependency order.
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci \
         virtio_console failover net_failover virtio_net virtio_blk virtio_balloon; do
    insmod /lib/$m.ko 2>/dev/null
done
# A NIC: up, its address from DHCP (udhcpc goes on renewing the lease).
nic=none
if [ -e /sys/class/net/eth0 ]; then
    mkdir -p /etc
    cat >/etc/udhcpc.sh <<'EOS'
#!/bin/busybox sh
case "$1" in
deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/$mask" dev "$interface"
    [ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface" ;;
esac
exit 0
EOS
    chmod 755 /etc/udhcpc.sh
    ip link set eth0 up
    udhcpc -f -i eth0 -s /etc/udhcpc.sh -x hostname:modvirt-guest -T 1 -A 2 \
        </dev/null >/dev/null 2>&1 &
    nic=eth0
fi
# udev's record of each virtio disk's serial, which qemu-ga reads (there
# is no udev here to write it).
for b in /sys/block/vd*; do
    s=$(cat "$b/serial" 2>/dev/null)
    [ -n "$s" ] || continue
    mkdir -p /run/udev/data
    echo "E:ID_SERIAL=$s" >"/run/udev/data/b$(cat "$b/dev")"
done
# The first virtio disk (or partition) with a filesystem, at /mnt.
mnt=none
mkdir -p /mnt
for d in /dev/vd*; do
    [ -b "$d" ] && mount "$d" /mnt 2>/dev/null && { mnt=$d; break; }
done
agent=none
if [ -x /usr/sbin/qemu-ga ]; then
    # A port is added, and named, when the host's control message comes,
    # after the module is in: with a virtio-serial device, look until the
    # agent's port is there (30 s at most: the device may have no such
    # port).
    agent_port=
    n=0
    ls /sys/bus/virtio/drivers/virtio_console 2>/dev/null | grep -q virtio || n=300
    while [ -z "$agent_port" ] && [ $n -lt 300 ]; do
        for p in /sys/class/virtio-ports/*; do
            [ "$(cat "$p/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] && agent_port=$p
        done
        [ -n "$agent_port" ] || { usleep 100000; n=$((n + 1)); }
    done
    for p in $agent_port; do
        mkdir -p /var/run /tmp /sbin
        ln -sf /bin/busybox /sbin/hwclock   # qemu-ga sets the RTC with it
        # Debian's busybox has no chpasswd (guest-set-user-password runs
        # it): the same contract in a few lines, on /etc/shadow.
        cat >/sbin/chpasswd <<'EOS'
#!/bin/busybox sh
IFS= read -r line
user=${line%%:*}
pw=${line#*:}
[ "$1" = -e ] || pw=$(mkpasswd -m sha512 "$pw")
grep -q "^$user:" /etc/shadow || { echo "chpasswd: unknown user '$user'" >&2; exit 1; }
sed -i "s|^$user:[^:]*:|$user:$pw:|" /etc/shadow
EOS
        chmod 755 /sbin/chpasswd
        # chpasswd and hwclock are looked up in its PATH.
        PATH=/sbin:/bin /usr/sbin/qemu-ga -m virtio-serial -p /dev/${p##*/} -t /tmp </dev/null >/dev/null 2>&1 &
        agent=started
    done
fi
pb=
for e in /sys/class/input/event*; do
    grep -q "Power Button" "$e/device/name" 2>/dev/null && pb=/dev/input/${e##*/}
done
# The marker promises a reader on each: the serial line (fd 3) and the
# power button (fd 4; an input device keeps events only for open readers).
exec 3</dev/ttyS0
[ -n "$pb" ] && exec 4<"$pb"
(while read -r line <&3; do echo "echo: $line"; done) >/dev/ttyS0 2>&1 &
echo "MODVIRT-GUEST-UP power-button=${pb:-none} agent=$agent nic=$nic mnt=$mnt"
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


QEMU_GA = '/usr/sbin/qemu-ga'
VIRTIO_MODULES = ('virtio_ring', 'virtio', 'virtio_pci_modern_dev', 'virtio_pci_legacy_dev',
                  'virtio_pci', 'virtio_console', 'failover', 'net_failover', 'virtio_net',
                  'virtio_blk', 'virtio_balloon')


def shared_libraries(binary):
    """The (path in the guest, path on the host) of what BINARY loads."""
    out = subprocess.run(['ldd', binary], capture_output=True, text=True, check=True).stdout
    libs = []
    for line in out.splitlines():
        parts = line.split()
        path = parts[2] if '=>' in parts and len(parts) > 2 else parts[0]
        if path.startswith('/'):
            libs.append((path.lstrip('/'), os.path.realpath(path)))
    return libs


def agent_entries():
    """qemu-ga and its libraries as cpio entries."""
    entries = [(d, 0o40755, b'') for d in ('usr', 'usr/sbin', 'lib64', 'lib/x86_64-linux-gnu',
                                            'var', 'tmp')]
    entries.append(('usr/sbin/qemu-ga', 0o100755, open(QEMU_GA, 'rb').read()))
    for guest, host in shared_libraries(QEMU_GA):
        entries.append((guest, 0o100755, open(host, 'rb').read()))
    return entries


def virtio_entries(kdir):
    """The virtio modules as cpio entries."""
    entries = []
    for m in VIRTIO_MODULES:
        ko = glob.glob(os.path.join(kdir, 'lib/modules/*/kernel/**/%s.ko' % m),
                       recursive=True)
        if not ko:
            skip('the kernel package lacks %s.ko' % m)
        entries.append(('lib/%s.ko' % m, 0o100644, open(ko[0], 'rb').read()))
    return entries


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cache = sys.argv[1]
    os.makedirs(cache, exist_ok=True)
    kernel_out = os.path.join(cache, 'vmlinuz')
    agent = os.access(QEMU_GA, os.X_OK)
    key = INIT + ' '.join(VIRTIO_MODULES) + ('qemu-ga' if agent else '')
    initrd_out = os.path.join(cache, 'initrd-%s.gz' % hashlib.sha256(key.encode()).hexdigest()[:12])
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
        entries += virtio_entries(kdir)
        if agent:
            entries += agent_entries()
        entries.append(('init', 0o100755, INIT.encode()))
        with open(initrd_out + '.tmp', 'wb') as f:
            f.write(gzip.compress(cpio(entries)))
        shutil.copyfile(vmlinuz[0], kernel_out + '.tmp')
        os.rename(initrd_out + '.tmp', initrd_out)
        os.rename(kernel_out + '.tmp', kernel_out)
    print(kernel_out, initrd_out)


if __name__ == '__main__':
    main()
