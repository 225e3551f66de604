#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""bench/compare-qemu.py — runs bench-qemu against libvirt's qemu driver and
against modvirt's qemu plugin with the same counts and prints one table:
figure, libvirt, modvirt, ratio (modvirt / libvirt), target, verdict.

  compare-qemu.py --modvirt BIN --plugin-dir DIR[:DIR...] [--libvirt BIN]
                  [--libvirt-uri URI] [--rounds N] [--iters N] [--reps N]
                  [--guests N] [--runs N] [--reaper] [--keep]

Each run gets a fresh qemu:///embed?root=TMPDIR of its own (under $TMPDIR),
removed afterwards unless --keep. The modvirt binary runs with
MODVIRT_PLUGIN_DIR=DIR[:DIR...]. libvirt runs its qemu driver in-process too
(embed mode, libvirt >= 6.1), with TMPDIR/etc/qemu.conf saying:

  user = "root", group = "root"   QEMU runs as root, as modvirt runs it
  stdio_handler = "file"          QEMU's log goes to a file, not to
                                  virtlogd (no daemon runs here)

libvirt's qemu driver, when it runs as root, looks up its compiled-in user
"libvirt-qemu" before it reads qemu.conf, and fails to open if that user
does not exist (libvirt-daemon-system creates it; only libvirt-daemon and
libvirt-daemon-driver-qemu are installed here). Then, rather than adding a
user to the host, the libvirt binary runs in a private mount namespace
(unshare --mount) where copies of /etc/passwd and /etc/group with that user
added are bind-mounted over the originals; nothing outside that process
changes. --libvirt-uri (e.g. qemu:///system, a running daemon) replaces the
embed root, qemu.conf and namespace for libvirt.

libvirt's embedded driver still writes a little outside its root when it
runs as root: /run/libvirt/common/system.token, /run/libvirt/hostdevmgr, and
an empty "machine" cgroup partition in each cgroup hierarchy. Whichever of
these did not exist before this script started is removed at the end (the
cgroups with rmdir, which fails on one that is in use).

--reaper runs each binary under a child subreaper (this script again,
with PR_SET_CHILD_SUBREAPER) that reaps every orphan at once. libvirt
daemonizes QEMU, so QEMU's parent is PID 1, and virDomainDestroy polls with
kill(pid, 0) until the process is gone, zombie included: libvirt's destroy
time then includes how long PID 1 takes to reap, which is slow in some
containers (about 1.3 s here) and immediate under systemd. modvirt's QEMUs
are children of its own monitor thread, so this changes nothing for it.

With --runs N the two binaries run N times, taking turns; a "median" figure
is the median of the runs' medians, every other figure the best over the
runs. After each run, any QEMU still running from that run's root is
killed (SIGKILL) and reported: a clean run leaves none.

Exit status: 0 when every figure meets its target (the ratio target needs
libvirt; the absolute ones are checked without it), 1 when one misses it,
2 when a run fails.
"""
import argparse
import os
import pwd
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

# (kind, limit): 'ratio' = modvirt / libvirt, 'abs' = modvirt's ns.
TARGETS = {
    'define+start median': ('ratio', 0.5),
    'destroy median': ('abs', 100e6),
    'get info': ('abs', 5000),
    'list-all': ('abs', 5000),
    'all domain stats': ('ratio', 0.5),
}
LINE = re.compile(r'^(\S.*?)\s+([0-9.]+) ns/op\s+([0-9]+) iters$')
QEMU_USER = 'libvirt-qemu'
LIBVIRT_QEMU_CONF = '''# written by bench/compare-qemu.py
user = "root"
group = "root"
stdio_handler = "file"
'''


def kill_leftovers(root):
    """SIGKILLs processes whose command line mentions ROOT (a QEMU of this
    run that is still running); returns their pids."""
    killed = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                cmd = f.read()
        except OSError:
            continue
        if root.encode() in cmd and int(pid) != os.getpid():
            try:
                os.kill(int(pid), signal.SIGKILL)
                killed.append(int(pid))
            except OSError:
                pass
    if killed:
        time.sleep(0.2)
    return killed


LIBVIRT_OUTSIDE = ['/run/libvirt'] + [
    os.path.join('/sys/fs/cgroup', h, 'machine')
    for h in (os.listdir('/sys/fs/cgroup') if os.path.isdir('/sys/fs/cgroup') else [])]


def remove_new(existed):
    """Removes what libvirt made outside its root (LIBVIRT_OUTSIDE) that
    did not exist before (EXISTED); says what it removed."""
    for path in LIBVIRT_OUTSIDE:
        if path in existed or not os.path.isdir(path):
            continue
        try:
            if path.startswith('/sys/fs/cgroup/'):
                os.rmdir(path)
            else:
                shutil.rmtree(path)
            print(f'compare-qemu: removed {path} (made by libvirt)', file=sys.stderr)
        except OSError as e:
            print(f'compare-qemu: could not remove {path}: {e}', file=sys.stderr)


def libvirt_command(binary, root):
    """The libvirt binary's command line for an embed ROOT: writes
    ROOT/etc/qemu.conf, and wraps the binary in a mount namespace with the
    QEMU user added when libvirt would otherwise refuse to open."""
    os.makedirs(os.path.join(root, 'etc'))
    with open(os.path.join(root, 'etc', 'qemu.conf'), 'w') as f:
        f.write(LIBVIRT_QEMU_CONF)
    try:
        pwd.getpwnam(QEMU_USER)
        return [binary]
    except KeyError:
        pass
    if os.geteuid() != 0:
        return [binary]   # unprivileged: libvirt does not look the user up
    files = []
    for name, entry in (('passwd', f'{QEMU_USER}:x:64055:64055:Libvirt Qemu:/nonexistent:/usr/sbin/nologin'),
                        ('group', f'{QEMU_USER}:x:64055:')):
        copy = os.path.join(root, name)
        with open(f'/etc/{name}') as src, open(copy, 'w') as dst:
            text = src.read()
            dst.write(text if text.endswith('\n') else text + '\n')
            dst.write(entry + '\n')
        files.append(copy)
    script = ('mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group '
              '&& shift 2 && exec "$@"')
    return ['unshare', '--mount', '--propagation', 'private',
            'sh', '-c', script, 'sh'] + files + [binary]


def reap_exec(cmd):
    """Runs CMD as a child subreaper that reaps every orphan as soon as it
    dies; returns CMD's exit status."""
    import ctypes
    PR_SET_CHILD_SUBREAPER = 36
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit('compare-qemu: prctl(PR_SET_CHILD_SUBREAPER) failed')
    child = subprocess.Popen(cmd)
    status = None
    while status is None:
        pid, st = os.waitpid(-1, 0)
        if pid == child.pid:
            status = os.waitstatus_to_exitcode(st)
    # Orphans still running are reparented to PID 1 when we exit (the
    # caller kills them); reap those already dead.
    try:
        while os.waitpid(-1, os.WNOHANG)[0] != 0:
            pass
    except ChildProcessError:
        pass
    return status if status >= 0 else 128 - status


def run(lib, binary, o):
    root = tempfile.mkdtemp(prefix=f'bench-qemu-{lib}-')
    try:
        env = dict(os.environ)
        if lib == 'modvirt':
            env['MODVIRT_PLUGIN_DIR'] = o.plugin_dir
            cmd, uri = [binary], f'qemu:///embed?root={root}'
        elif o.libvirt_uri:
            cmd, uri = [binary], o.libvirt_uri
        else:
            cmd, uri = libvirt_command(binary, root), f'qemu:///embed?root={root}'
        args = ['--rounds', str(o.rounds), '--iters', str(o.iters),
                '--reps', str(o.reps), '--guests', str(o.guests), uri]
        if o.reaper:
            cmd = [sys.executable, os.path.abspath(__file__), '--reap-exec'] + cmd
        proc = subprocess.run(cmd + args, env=env, capture_output=True, text=True)
        killed = kill_leftovers(root)
        if killed:
            sys.stderr.write(f'compare-qemu: killed QEMU left running by {lib}: {killed}\n')
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            if lib == 'libvirt' and not o.libvirt_uri:
                for log in sorted(_logs(root)):
                    sys.stderr.write(f'--- {log}\n' + open(log, errors='replace').read()[-4000:])
            sys.exit(f'compare-qemu: {binary} failed with status {proc.returncode}')
        header, figures = None, {}
        for line in proc.stdout.splitlines():
            m = LINE.match(line)
            if m:
                figures[m.group(1)] = float(m.group(2))
            elif line.startswith('bench-qemu:'):
                header = line
        if not figures:
            sys.exit(f'compare-qemu: no figures from {binary}:\n{proc.stdout}')
        return header, figures
    finally:
        if o.keep:
            print(f'compare-qemu: kept {root}', file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def _logs(root):
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith('.log'):
                yield os.path.join(d, n)


def fmt(ns):
    if ns is None:
        return '-'
    for unit, scale in (('s', 1e9), ('ms', 1e6), ('µs', 1e3)):
        if ns >= 10 * scale or (unit == 's' and ns >= scale):
            return f'{ns / scale:,.{3 if unit == "s" else 1}f} {unit}'
    return f'{ns:,.0f} ns' if ns >= 100 else f'{ns:.1f} ns'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--modvirt', required=True)
    p.add_argument('--libvirt')
    p.add_argument('--plugin-dir', required=True)
    p.add_argument('--libvirt-uri')
    p.add_argument('--rounds', type=int, default=10)
    p.add_argument('--iters', type=int, default=100000)
    p.add_argument('--reps', type=int, default=5)
    p.add_argument('--guests', type=int, default=3)
    p.add_argument('--runs', type=int, default=2)
    p.add_argument('--reaper', action='store_true')
    p.add_argument('--keep', action='store_true')
    o = p.parse_args()

    runs = [('modvirt', o.modvirt)]
    if o.libvirt:
        runs.insert(0, ('libvirt', o.libvirt))

    samples, headers, order = {}, {}, []
    existed = {p for p in LIBVIRT_OUTSIDE if os.path.exists(p)}
    try:
        for _ in range(o.runs):
            for lib, binary in runs:
                headers[lib], figures = run(lib, binary, o)
                for name, ns in figures.items():
                    if name not in order:
                        order.append(name)
                    samples.setdefault((lib, name), []).append(ns)
    finally:
        if o.libvirt and not o.libvirt_uri:
            remove_new(existed)

    def figure(lib, name):
        s = samples.get((lib, name))
        if not s:
            return None
        return statistics.median(s) if name.endswith(' median') else min(s)

    for lib, _ in runs:
        print(headers[lib])
    print(f'same counts for both (--rounds {o.rounds} --iters {o.iters} --reps {o.reps} '
          f'--guests {o.guests}), {o.runs} run(s) each, taking turns; median = median '
          f'of the runs\' medians, the rest = best over the runs'
          + ('; under a prompt subreaper (--reaper)' if o.reaper else ''))
    print()
    cols = ('figure', 'libvirt', 'modvirt', 'ratio', 'target', 'verdict')
    print(f'{cols[0]:<22} {cols[1]:>12} {cols[2]:>12} {cols[3]:>7}  {cols[4]:<16} {cols[5]}')
    misses = 0
    for name in order:
        lv, mv = figure('libvirt', name), figure('modvirt', name)
        ratio = '-' if lv is None or mv is None else f'{mv / lv:.3f}'
        kind, limit = TARGETS.get(name, (None, None))
        target, verdict = '', ''
        if kind == 'ratio':
            target = f'≤ {limit:.2f} × libvirt'
            if lv is None or mv is None:
                verdict = 'n/a (no libvirt to compare)'
            else:
                ok = mv / lv <= limit
                verdict = 'ok' if ok else 'OVER TARGET'
                misses += not ok
        elif kind == 'abs':
            target = f'≤ {fmt(limit)}'
            ok = mv is not None and mv <= limit
            verdict = 'ok' if ok else 'OVER TARGET'
            misses += not ok
        print(f'{name:<22} {fmt(lv):>12} {fmt(mv):>12} {ratio:>7}  {target:<16} {verdict}')
    return 1 if misses else 0


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == '--reap-exec':
        sys.exit(reap_exec(sys.argv[2:]))
    sys.exit(main())
