#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/qemu/test-qemu-stats-libvirt.py — the statistics a
Prometheus exporter reads, from modvirt's qemu driver and from libvirt 9.0's
own, on the same guest: Debian's virsh runs libvirt's qemu driver in-process
(qemu:///embed, as user nobody, which that driver needs when started by
root), mvsh runs modvirt's on another embed root, and both start a guest
with two vCPUs, two I/O threads, a balloon and a raw disk (no operating
system: the firmware runs), set the polling values of one I/O thread
(`iothreadset --live`), print `dommemstat` and `domstats --balloon --vcpu
--block --iothread`, and destroy it.

The figures move (CPU time, resident size, delays), so what is compared is
each line's name, in order, and the values that cannot move (the balloon,
the vCPU counts and states, the disk's name, path, capacity and size, the
I/O threads' count and polling values).

usage: test-qemu-stats-libvirt.py MVSH QEMU_PLUGIN_DIR
A TAP skip, with the reason, without root, the user nobody, QEMU, virsh or
libvirt's qemu driver.
"""
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

MVSH, PLUGIN_DIR = sys.argv[1:3]
EMULATOR = '/usr/bin/qemu-system-x86_64'
LIBVIRT_QEMU = '/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so'

GUEST = """<domain type='qemu'>
  <name>statcmp</name>
  <memory unit='MiB'>128</memory>
  <vcpu>2</vcpu>
  <iothreads>2</iothreads>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <emulator>%s</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='%s'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <memballoon model='virtio'/>
  </devices>
</domain>
"""
LINE = 'create guest.xml; ' \
       'iothreadset statcmp 1 --poll-max-ns 7 --poll-grow 7 --poll-shrink 3 --live; ' \
       'dommemstat statcmp; domstats statcmp --balloon --vcpu --block --iothread; ' \
       'destroy statcmp'
# Values that do not move between two runs of the same guest.
FIXED = ('balloon.current', 'balloon.maximum', 'balloon.last-update', 'vcpu.current',
         'vcpu.maximum', 'state', 'block.count', 'name', 'path', 'backingIndex', 'capacity',
         'physical', 'actual', 'last_update', 'iothread.count', 'poll-max-ns', 'poll-grow',
         'poll-shrink')


def skip(why):
    print('1..0 # SKIP ' + why)
    sys.exit(0)


def shape(out):
    """Each line as its name, with its value where the value cannot move."""
    lines = []
    for raw in out.splitlines():
        text = raw.strip()
        if not text:
            continue
        if '=' in text:
            name, value = text.split('=', 1)
        elif ' ' in text and not text.startswith('Domain'):
            name, value = text.split(' ', 1)
        else:
            lines.append(text)
            continue
        last = name.rsplit('.', 1)[-1]
        lines.append('%s=%s' % (name, value) if name in FIXED or last in FIXED else name)
    return lines


def run(argv, cwd, user=None, env=None):
    """ARGV's exit status and output, as USER when given (runuser sets
    the user's own HOME, which ARGV may set again with env)."""
    pre = ['runuser', '-u', user, '--'] if user else []
    return subprocess.run(pre + argv, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def main():
    if os.geteuid() != 0:
        skip('needs root (libvirt\'s embedded qemu driver runs as user nobody here)')
    try:
        pwd.getpwnam('nobody')
    except KeyError:
        skip('needs the user nobody')
    for path, why in ((EMULATOR, 'QEMU (Debian qemu-system-x86)'),
                      (shutil.which('virsh') or '/nonexistent', 'virsh (Debian libvirt-clients)'),
                      (LIBVIRT_QEMU, "libvirt's qemu driver (Debian libvirt-daemon)"),
                      (shutil.which('runuser') or '/nonexistent', 'runuser (util-linux)')):
        if not os.path.exists(path):
            skip('needs ' + why)
    print('1..3')
    with tempfile.TemporaryDirectory(prefix='qemu-stats-') as tmp:
        os.chmod(tmp, 0o755)
        results = {}
        # One disk for both guests (one after the other), so its path is
        # the same in both outputs.
        disk = os.path.join(tmp, 'disk.img')
        with open(disk, 'wb') as f:
            f.truncate(8 * 1024 * 1024)
        subprocess.run(['chown', 'nobody', disk], check=True)
        for who in ('libvirt', 'modvirt'):
            d = os.path.join(tmp, who)
            os.mkdir(d)
            with open(os.path.join(d, 'guest.xml'), 'w') as f:
                f.write(GUEST % (EMULATOR, disk))
            uri = 'qemu:///embed?root=%s/root' % d
            if who == 'libvirt':
                subprocess.run(['chown', '-R', 'nobody', d], check=True)
                p = run(['env', 'HOME=' + d, 'LIBVIRT_LOG_OUTPUTS=4:stderr', 'virsh', '-c', uri,
                         LINE], d, user='nobody')
            else:
                env = dict(os.environ, MODVIRT_PLUGIN_DIR=PLUGIN_DIR, MODVIRT_DEBUG='4')
                p = run([MVSH, '-c', uri, LINE], d, env=env)
            results[who] = p
        lv, mv = results['libvirt'], results['modvirt']
        ok = lv.returncode == 0 and mv.returncode == 0
        print('%sok 1 - the guest starts and stops under both drivers' % ('' if ok else 'not '))
        if not ok:
            for who, p in results.items():
                print('# %s (exit %d):\n%s' % (who, p.returncode,
                      '\n'.join('#   ' + l for l in (p.stdout + p.stderr).splitlines())))
            print('not ok 2 - dommemstat # not compared')
            print('not ok 3 - domstats # not compared')
            return 1
        failed = 0
        for n, (what, start, end) in enumerate((('dommemstat', 'actual', 'Domain:'),
                                                ('domstats --balloon --vcpu --block --iothread',
                                                 'Domain:', "Domain 'statcmp' destroyed")), 2):
            def part(out):
                s = shape(out)
                i = next(k for k, l in enumerate(s) if l.startswith(start))
                j = next(k for k, l in enumerate(s) if k > i and l.startswith(end))
                return s[i:j]
            want, got = part(lv.stdout), part(mv.stdout)
            good = want == got
            failed += not good
            print('%sok %d - %s: the fields and order of libvirt 9.0\'s qemu driver'
                  % ('' if good else 'not ', n, what))
            if not good:
                print('# libvirt:\n' + '\n'.join('#   ' + l for l in want))
                print('# modvirt:\n' + '\n'.join('#   ' + l for l in got))
        return 1 if failed else 0


sys.exit(main())
