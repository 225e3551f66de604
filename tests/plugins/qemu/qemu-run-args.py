#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/plugins/qemu/qemu-run-args.py — proves the golden command lines are
# accepted by the real QEMU: each xml2argv/NAME.args is started (paths moved
# into a temporary dir, images created with qemu-img, tap fds opened on
# /dev/net/tun) until QMP answers, then quit. The monitor socket is made
# here, listening before QEMU starts, and handed to QEMU as fd=N in place of
# path= (the only change to a golden line): the connection made at once is
# answered when QEMU's monitor runs, and fails at once if QEMU exits. TAP;
# skips without QEMU, and skips the KVM cases where KVM cannot run them.
import fcntl, json, os, shutil, socket, struct, subprocess, sys, tempfile

CASES = sys.argv[1]
QEMU = shutil.which('qemu-system-x86_64')
QEMU_IMG = shutil.which('qemu-img')
# Cases needing things this runner does not fake (none at the moment).
SKIP = {}


def multiboot_image(path):
    """A 4 KiB multiboot kernel (header with load addresses, then hlt; jmp):
    enough for QEMU's -kernel loader, which reads it at start-up even with -S."""
    magic, flags = 0x1BADB002, 0x00010000
    header = struct.pack('<IIIIIIII', magic, flags, (-(magic + flags)) & 0xffffffff,
                         0x100000, 0x100000, 0, 0, 0x100020)
    with open(path, 'wb') as f:
        f.write((header + b'\xf4\xeb\xfd').ljust(4096, b'\0'))
loops = []   # loop devices standing in for block devices, detached at exit


def split_opts(v):
    """QEMU keyval: split on ',' but not ',,'."""
    out, cur, i = [], '', 0
    while i < len(v):
        if v[i] == ',' and v[i:i + 2] == ',,':
            cur += ','; i += 2
        elif v[i] == ',':
            out.append(cur); cur = ''; i += 1
        else:
            cur += v[i]; i += 1
    out.append(cur)
    return out


def join_opts(parts):
    return ','.join(p.replace(',', ',,') for p in parts)


def prepare(name, argv, tmp):
    """Rewrites paths into TMP and creates the images the args refer to."""
    formats = {}
    for i, a in enumerate(argv):
        if argv[i - 1] == '-blockdev' and 'file=' in a:
            kv = dict(p.split('=', 1) for p in split_opts(a))
            formats[kv['file']] = kv['driver']
    out = []
    for i, a in enumerate(argv):
        prev = argv[i - 1] if i else ''
        a = a.replace('/run/modvirt-test/%s/' % name, tmp + '/')
        a = a.replace('/run/modvirt-test/', tmp + '/')
        if prev == '-blockdev' and 'filename=' in a:
            parts = split_opts(a)
            kv = dict(p.split('=', 1) for p in parts)
            fmt = formats[kv['node-name']]
            # A name with ',', a space and quotes, as the golden files test.
            img = os.path.join(tmp, 'img, "%s".%s' % (kv['node-name'], fmt))
            subprocess.run([QEMU_IMG, 'create', '-q', '-f', fmt, img, '16M'], check=True)
            if kv['driver'] in ('host_device', 'host_cdrom'):
                img = subprocess.run(['losetup', '-f', '--show', img], check=True,
                                     capture_output=True, text=True).stdout.strip()
                loops.append(img)
            a = join_opts(['filename=' + img if p.startswith('filename=') else p
                           for p in parts])
        if prev in ('-kernel', '-initrd'):
            a = os.path.join(tmp, os.path.basename(a))
            if prev == '-kernel':
                multiboot_image(a)
            else:
                with open(a, 'wb') as f:
                    f.write(b'initrd')
        if prev == '-chardev' and a.startswith('file,'):
            parts = split_opts(a)
            a = join_opts(['path=' + tmp + '/serial,log' if p.startswith('path=') else p
                           for p in parts])
        out.append(a)
    return out


def open_taps(n):
    """N taps; the kernel picks free names from the template, so that runs
    in other build trees at the same time get others."""
    fds = []
    for _ in range(n):
        fd = os.open('/dev/net/tun', os.O_RDWR)
        ifr = struct.pack('16sH', b'mvqtest%d', 0x0002 | 0x1000)  # IFF_TAP|IFF_NO_PI
        fcntl.ioctl(fd, 0x400454ca, ifr)                          # TUNSETIFF
        fds.append(fd)
    return fds


def listen_monitor(argv):
    """Binds and listens on the monitor socket of ARGV; returns the socket,
    its path and ARGV with the monitor chardev's path= replaced by fd=N."""
    i = next(i for i, a in enumerate(argv) if a.startswith('socket,id=charmonitor,'))
    parts = split_opts(argv[i])
    path = next(p[5:] for p in parts if p.startswith('path='))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    sock.listen(1)
    opts = ['fd=%d' % sock.fileno() if p.startswith('path=') else p for p in parts]
    return sock, path, argv[:i] + [join_opts(opts)] + argv[i + 1:]


def qmp_session(f):
    """Greeting, capabilities, status, quit. Returns None, or an error text
    and whether the monitor closed (QEMU exiting)."""
    if not f.readline():
        return 'no QMP greeting', True
    for cmd in ('qmp_capabilities', 'query-status', 'quit'):
        f.write(json.dumps({'execute': cmd}) + '\n')
        f.flush()
        while True:
            line = f.readline()
            if not line:
                return '%s: the monitor closed' % cmd, True
            r = json.loads(line)
            if 'return' in r or 'error' in r:
                break
        if 'error' in r:
            return '%s: %s' % (cmd, r['error']), False
    return None, False


def exited(p):
    try:
        p.wait(30)
        return True
    except subprocess.TimeoutExpired:
        return False


def run(name, argv, tmp):
    ntap = sum(1 for a in argv if a.startswith('type=tap'))
    taps = open_taps(ntap)
    for i, fd in enumerate(taps):
        os.dup2(fd, 20 + i)
        os.close(fd)
    listener, path, argv = listen_monitor(argv)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(60)
    client.connect(path)       # queued until QEMU accepts
    log = open(os.path.join(tmp, 'log'), 'w+')
    p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                         pass_fds=[20 + i for i in range(ntap)] + [listener.fileno()])
    # QEMU's copy is the only one left: if QEMU exits, the connection resets.
    listener.close()
    for i in range(ntap):
        os.close(20 + i)
    try:
        try:
            err, closed = qmp_session(client.makefile('rw'))
        except TimeoutError:
            err, closed = 'the monitor did not answer within 60 s', False
        except (OSError, ValueError) as e:
            err, closed = 'monitor: %s' % e, True
        if err is None:
            return None if exited(p) else 'QEMU did not exit after quit'
        if closed and exited(p):
            log.seek(0)
            return '%s; QEMU exited %d: %s' % (err, p.returncode, log.read().strip())
        return err
    finally:
        client.close()
        if p.poll() is None:
            p.kill()
            p.wait()


_kvm_why = {}


def kvm_unusable(cpu):
    """Why KVM cannot run a guest CPU of model CPU (None or 'host') here, or
    None when it can: no /dev/kvm, or QEMU failing before a quit asked over
    QMP (a nested KVM that refuses some of the host model's MSRs, say)."""
    if cpu in _kvm_why:
        return _kvm_why[cpu]
    why = None
    if not os.access('/dev/kvm', os.R_OK | os.W_OK):
        why = 'needs /dev/kvm'
    else:
        argv = [QEMU, '-machine', 'pc,accel=kvm', '-nodefaults', '-display', 'none', '-S',
                '-qmp', 'stdio'] + (['-cpu', cpu] if cpu else [])
        p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            err = p.communicate('{"execute":"qmp_capabilities"}\n'
                                '{"execute":"query-status"}\n{"execute":"quit"}\n',
                                timeout=60)[1].splitlines()
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        if p.returncode != 0:
            said = [l for l in err if 'error' in l] or err or ['QEMU exited %d' % p.returncode]
            why = 'KVM cannot run %s here: %s' % ('-cpu ' + cpu if cpu else 'a guest',
                                                  said[0].strip())
    _kvm_why[cpu] = why
    return why


def main():
    names = sorted(f[:-5] for f in os.listdir(CASES) if f.endswith('.args'))
    print('1..%d' % len(names))
    if not QEMU or not QEMU_IMG or os.geteuid() != 0 or not os.path.exists('/dev/net/tun'):
        for i, n in enumerate(names, 1):
            print('ok %d %s # SKIP needs root, /dev/net/tun, qemu-system-x86_64 and qemu-img' % (i, n))
        return 0
    failed = 0
    for i, n in enumerate(names, 1):
        if n in SKIP:
            print('ok %d %s # SKIP %s' % (i, n, SKIP[n])); continue
        argv = open(os.path.join(CASES, n + '.args')).read().splitlines()
        argv[0] = QEMU
        if any('accel=kvm' in a for a in argv):
            cpu = argv[argv.index('-cpu') + 1] if '-cpu' in argv else None
            why = kvm_unusable('host' if cpu == 'host' else None)
            if why:
                print('ok %d %s # SKIP %s' % (i, n, why)); continue
        with tempfile.TemporaryDirectory() as tmp:
            try:
                err = run(n, prepare(n, argv, tmp), tmp)
            finally:
                while loops:
                    subprocess.run(['losetup', '-d', loops.pop()])
        print('%s %d %s' % ('not ok' if err else 'ok', i, n))
        if err:
            failed += 1
            print('# ' + err.replace('\n', '\n# '))
    return 1 if failed else 0


sys.exit(main())
