#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/plugins/lxc/test-run-guarded.py — proves run-guarded.py cleans up
after a test that fails with everything still running (guard-leak): once
the guard has returned, no process, cgroup, network namespace, mount, loop
device or temporary directory of it is left. Three ways to fail: an
assertion in the host's namespaces, an assertion inside a network
namespace (run-in-netns.sh: a bridge, an nftables table and dnsmasq too),
and a hang ended as meson ends a test that times out (SIGKILL to the
guard's process group, which the keeper is not in), in the host's
namespaces and in a network namespace (the runner, killed too, cannot
delete it). TAP.

usage: test-run-guarded.py RUN_GUARDED GUARD_LEAK RUN_IN_NETNS
"""
import os
import signal
import subprocess
import sys

GUARD, LEAK, NETNS_RUNNER = sys.argv[1:4]
results = []


def start_time(pid):
    """The start time of PID (to tell it from a later process with its
    pid), or None when it is gone."""
    try:
        text = open('/proc/%d/stat' % pid).read()
    except OSError:
        return None
    return text[text.rindex(')') + 2:].split()[19]


def mounted(path):
    return any(line.split()[4] == path for line in open('/proc/self/mountinfo'))


def netns_names():
    out = subprocess.run(['ip', 'netns', 'list'], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


def loop_backing(dev):
    try:
        return open('/sys/block/%s/loop/backing_file' % os.path.basename(dev)).read().strip()
    except OSError:
        return ''


def record(lines):
    """What guard-leak said it left, with what identifies each now."""
    items = []
    for line in lines:
        parts = line.split(' ', 2)
        if len(parts) == 3 and parts[0] == 'LEFT':
            kind, value = parts[1], parts[2]
            now = start_time(int(value)) if kind == 'process' else loop_backing(value) \
                if kind == 'loop' else None
            items.append((kind, value, now))
    return items


def still_there(kind, value, then):
    if kind == 'process':
        return then is not None and start_time(int(value)) == then
    if kind in ('cgroup', 'path'):
        return os.path.exists(value)
    if kind == 'mount':
        return mounted(value)
    if kind == 'netns':
        return value in netns_names()
    if kind == 'loop':
        return bool(then) and loop_backing(value) == then
    return True


def check(name, argv, hang=False):
    """Runs ARGV under the guard as meson does (a session of its own);
    checks that nothing guard-leak left survives the guard."""
    in_netns = argv[0] == 'sh'
    p = subprocess.Popen([sys.executable, GUARD] + argv, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines = []
    for line in p.stdout:
        lines.append(line.rstrip('\n'))
        if hang and line.startswith('READY'):
            os.killpg(p.pid, signal.SIGKILL)      # meson's last resort on a timeout
            break
    items = record(lines)
    # The keeper holds the test's stdout until it is done cleaning up.
    rest = p.stdout.read()
    err = p.stderr.read()
    code = p.wait()
    skip = next((l[5:] for l in lines if l.startswith('SKIP ')), None)
    if skip:
        results.append((True, name, '# SKIP ' + skip, []))
        return
    problems = ['%s %s is still there' % (k, v) for k, v, t in items if still_there(k, v, t)]
    kinds = {k for k, _, _ in items}
    need = {'process', 'cgroup', 'path', 'loop'} | ({'netns'} if in_netns else set())
    if not need <= kinds:
        problems.append('guard-leak did not get to make everything: %r' % lines)
    want = -signal.SIGKILL if hang else 128 + signal.SIGABRT
    if code != want:
        problems.append('exit status %d, expected %d' % (code, want))
    detail = problems + ['stdout: ' + l for l in lines + rest.splitlines()] + \
        ['stderr: ' + l for l in err.splitlines()[-40:]] if problems else []
    results.append((not problems, name, '', detail))


def main():
    if os.geteuid() != 0:
        print('1..0 # SKIP needs root (containers, namespaces, cgroups)')
        return 0
    check('a failed assertion: everything it started is stopped and removed', [LEAK, 'abort'])
    check('a failed assertion in a network namespace: its network, bridge, dnsmasq and '
          'namespace go too', ['sh', NETNS_RUNNER, LEAK, 'abort'])
    check('a hang killed as meson kills a test that times out', [LEAK, 'hang'], hang=True)
    check('the same in a network namespace: the runner cannot remove it, the guard does',
          ['sh', NETNS_RUNNER, LEAK, 'hang'], hang=True)
    print('1..%d' % len(results))
    for i, (ok, name, directive, detail) in enumerate(results, 1):
        print('%sok %d - %s %s' % ('' if ok else 'not ', i, name, directive))
        for d in detail:
            print('# ' + d)
    return 0 if all(r[0] for r in results) else 1


sys.exit(main())
