#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/core/test-plugin-trust.py CLIENT MARKER_SO — which plugins the core
trusts. A setuid-root program run by another user takes nothing from its
caller's environment: libmodvirt refuses to initialize (as libvirt does),
loads no plugin from MODVIRT_PLUGIN_DIR and writes no MODVIRT_LOG_FILE. And
a plugin file or directory that another user than root or the running user
can change is never loaded. CLIENT is marker-client; MARKER_SO the plugin
that creates $MV_TEST_MARKER when it is loaded. Runs as root, TAP output."""
import os
import shutil
import subprocess
import sys
import tempfile

client, marker_so = sys.argv[1], sys.argv[2]
NOBODY = 65534
results = []


def check(ok, desc, detail=''):
    results.append((bool(ok), desc, detail))


def finish():
    print('1..%d' % len(results))
    for i, (ok, desc, detail) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
        if not ok and detail:
            print('\n'.join('# ' + l for l in detail.splitlines()))
    sys.exit(0 if all(r[0] for r in results) else 1)


if os.geteuid() != 0:
    print('1..0 # SKIP needs root (setuid-root fixture, files of other owners)')
    sys.exit(0)
if not shutil.which('setpriv'):
    print('1..0 # SKIP setpriv (util-linux) is not installed')
    sys.exit(0)


def as_nobody(argv, env):
    return subprocess.run(['setpriv', '--reuid=%d' % NOBODY, '--regid=%d' % NOBODY,
                           '--clear-groups'] + argv, env=env, capture_output=True, text=True)


probe = as_nobody(['test', '-r', client], dict(os.environ))
if probe.returncode != 0:
    print('1..0 # SKIP the build tree is not readable by nobody')
    sys.exit(0)

top = tempfile.mkdtemp(prefix='mv-trust-')
try:
    os.chmod(top, 0o755)
    out = os.path.join(top, 'out')          # marks and logs: anyone may write
    os.mkdir(out)
    os.chmod(out, 0o1777)

    def plugin_dir(name, mode=0o755, owner=0, file_owner=0, file_mode=0o644, gid=0):
        d = os.path.join(top, name)
        os.mkdir(d)
        so = os.path.join(d, 'marker.so')
        shutil.copy(marker_so, so)
        os.chown(so, file_owner, gid)
        os.chmod(so, file_mode)
        os.chown(d, owner, 0)
        os.chmod(d, mode)
        return d

    good = plugin_dir('good')
    suid = os.path.join(top, 'suid-client')
    plain = os.path.join(top, 'client')
    for path, mode in ((suid, 0o4755), (plain, 0o755)):
        shutil.copy(client, path)
        os.chown(path, 0, 0)
        os.chmod(path, mode)

    def env_for(plugins, tag):
        env = dict(os.environ)
        env.update(MODVIRT_PLUGIN_DIR=plugins, MV_TEST_MARKER=os.path.join(out, tag + '.mark'),
                   MODVIRT_LOG_FILE=os.path.join(out, tag + '.log'), MODVIRT_DEBUG='1')
        return env

    def exists(tag, kind):
        return os.path.exists(os.path.join(out, tag + kind))

    # The same program without the setuid bit, run by nobody: the plugin
    # loads and the log file is written (the fixture can tell both).
    p = as_nobody([plain], env_for(good, 'plain'))
    check(p.returncode == 0 and 'opened' in p.stdout and exists('plain', '.mark')
          and exists('plain', '.log'),
          'an ordinary program run by nobody loads the plugin and writes its log',
          p.stdout + p.stderr)

    # Setuid root, run by nobody: refused like libvirt, nothing loaded or written.
    p = as_nobody([suid], env_for(good, 'suid'))
    check(p.returncode != 0 and
          'libmodvirt.so is not safe to use from setuid/setgid programs' in p.stdout,
          'a setuid program refuses to initialize with libvirt\'s reason', p.stdout + p.stderr)
    check(not exists('suid', '.mark'), 'a setuid program loads no plugin from MODVIRT_PLUGIN_DIR')
    check(not exists('suid', '.log'), 'a setuid program creates no MODVIRT_LOG_FILE')

    # Root with plugins other users can change.
    cases = [
        ('world', dict(mode=0o1777), 'directory', 'writable by every user (mode 1777)'),
        ('owned', dict(file_owner=NOBODY), 'file', 'owned by uid 65534'),
        ('dirowned', dict(owner=NOBODY), 'directory', 'owned by uid 65534'),
        ('group', dict(file_mode=0o664, gid=NOBODY), 'file', 'writable by group 65534'),
    ]
    for tag, kw, what, reason in cases:
        d = plugin_dir(tag, **kw)
        p = subprocess.run([plain], env=env_for(d, tag), capture_output=True, text=True)
        check(p.returncode != 0 and not exists(tag, '.mark') and reason in p.stdout
              and 'no other user can change' in p.stdout,
              'root does not load a plugin whose %s is %s' % (what, reason), p.stdout + p.stderr)
    # Root-owned group-writable by root's group is still root's alone.
    d = plugin_dir('rootgroup', file_mode=0o664, gid=0)
    p = subprocess.run([plain], env=env_for(d, 'rootgroup'), capture_output=True, text=True)
    check(p.returncode == 0 and exists('rootgroup', '.mark'),
          'a file writable only by root and root\'s group loads', p.stdout + p.stderr)

    # A plugin the cache knows (its directory unchanged) given away to
    # another user afterwards: checked again before it loads.
    d = plugin_dir('later')
    p = subprocess.run([plain], env=env_for(d, 'later1'), capture_output=True, text=True)
    os.chown(os.path.join(d, 'marker.so'), NOBODY, 0)
    p2 = subprocess.run([plain], env=env_for(d, 'later2'), capture_output=True, text=True)
    check(p.returncode == 0 and p2.returncode != 0 and not exists('later2', '.mark')
          and 'owned by uid 65534' in p2.stdout,
          'a cached plugin given to another user afterwards is not loaded',
          p.stdout + p2.stdout + p2.stderr)
finally:
    shutil.rmtree(top, ignore_errors=True)
finish()
