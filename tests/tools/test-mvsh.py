#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/tools/test-mvsh.py — mvsh as a user runs it: version, plugin-list
over the fixture plugins (loaded and skipped, with reasons), errors on stderr
with exit status 1, and `help CMD` text matching docs/mvsh.md.

usage: test-mvsh.py MVSH   (env: MV_TEST_FIXTURE_DIR, MV_TEST_SOURCE_ROOT)
"""
import os
import re
import subprocess
import sys
import tempfile

MVSH = sys.argv[1]
results = []


def run(*args, env_extra=None):
    env = dict(os.environ)
    env['MODVIRT_PLUGIN_DIR'] = env['MV_TEST_FIXTURE_DIR']
    env['MODVIRT_DEBUG'] = '4'
    env.pop('MODVIRT_DEFAULT_URI', None)
    env.pop('LIBVIRT_DEFAULT_URI', None)
    if env_extra:
        env.update(env_extra)
    return subprocess.run([MVSH] + list(args), capture_output=True, text=True, env=env,
                          timeout=60)


def check(ok, desc, detail=''):
    results.append((bool(ok), desc, detail))


p = run('version')
check(p.returncode == 0 and 'Compiled against library: libvirt 9.0.0' in p.stdout
      and re.search(r'Using modvirt: \d+\.\d+\.\d+ \(plugin ABI 1\.2\)', p.stdout),
      'version prints library, modvirt and ABI versions', p.stdout + p.stderr)

p = run('-c', 'fixture:///default', 'version')
check(p.returncode == 0 and 'Using API: FIXTURE 9.0.0' in p.stdout
      and 'Running hypervisor: FIXTURE 1.2.3' in p.stdout,
      'version with a connection prints the driver lines', p.stdout + p.stderr)

p = run('plugin-list')
lines = p.stdout.splitlines()
fixture = [l for l in lines if l.split()[:1] == ['fixture']]
check(p.returncode == 0 and fixture and 'loaded' in fixture[0]
      and 'connect FIXTURE' in fixture[0] and fixture[0].rstrip().endswith('/fixture.so'),
      'plugin-list shows a loaded plugin with its drivers and file', p.stdout)
check(re.search(r'skipped.*abi-major\.so\n\s+reason: built for plugin ABI 2\.\d', p.stdout),
      'plugin-list shows a skipped plugin with its reason', p.stdout)
files = [l.split('/')[-1] for l in lines[2:] if l.strip() and not l.startswith('   ')]
check(files == sorted(files), 'plugin-list is in load (file name) order', '\n'.join(files))

p = run('plugin-list', '--skipped')
statuses = [l.split()[3] for l in p.stdout.splitlines()[2:]
            if l.strip() and not l.startswith('   reason')]
check(p.returncode == 0 and statuses and set(statuses) == {'skipped', 'shadowed'},
      'plugin-list --skipped lists only plugins not loaded', p.stdout)
check(re.search(r'shadowed.*/zz-dup\.so\n\s+reason: shadowed by \S+/fixture\.so, found first, '
                r"with the same plugin name 'fixture'", p.stdout),
      'plugin-list shows a shadowed plugin with the file that won', p.stdout)

p = run('-c', 'nosuch:///x', 'uri')
check(p.returncode == 1 and p.stderr.startswith('error: failed to connect to the hypervisor')
      and 'no connection driver available for nosuch:///x' in p.stderr and p.stdout == '',
      'a bad URI gives error: lines on stderr and exit status 1', p.stderr)

p = run('-c', 'fixture:///default', 'uri; version')
check(p.returncode == 0 and p.stdout.startswith('fixture:///default\n'),
      'batch mode runs ;-separated commands on one connection', p.stdout + p.stderr)

p = run('no-such-command')
check(p.returncode == 1 and "error: unknown command: 'no-such-command'" in p.stderr,
      'an unknown command is an error', p.stderr)

# Definition files are read as virsh reads them: at most 10 MiB, from
# anything (/dev/stdin works); /dev/zero fails at once instead of after
# gigabytes.
p = run('-c', 'fixture:///default', 'define', '/dev/zero')
check(p.returncode == 1 and p.stderr.endswith(
          "error: Failed to read file '/dev/zero': Value too large for defined data type\n"),
      'define /dev/zero is refused after 10 MiB, with virsh\'s error', p.stderr)


def sdir_session(root, before, after, replace):
    """Runs BEFORE in one mvsh on a storage-dir embed root, calls REPLACE,
    then runs AFTER in the same process; returns AFTER's stdout, stderr."""
    env = dict(os.environ, MODVIRT_DEBUG='4',
               MODVIRT_PLUGIN_DIR=os.path.join(os.environ['MV_TEST_BUILD_ROOT'], 'plugins',
                                               'storage-dir'))
    proc = subprocess.Popen([MVSH, '-c', 'storage:///embed?root=' + root], text=True, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    # `uri` last: once its line is out, BEFORE has run.
    proc.stdin.write(''.join(c + '\n' for c in before + ['uri']))
    proc.stdin.flush()
    while not proc.stdout.readline().startswith('storage:///'):
        pass
    replace()
    out, err = proc.communicate(''.join(c + '\n' for c in after), timeout=60)
    return out, err


# An info command whose object cannot be read prints the error alone, never
# half of its fields; every error names the volume and the cause.
if os.path.exists(os.path.join(os.environ['MV_TEST_BUILD_ROOT'], 'plugins', 'storage-dir',
                               'storage_dir.so')):
    with tempfile.TemporaryDirectory() as root:
        vol = os.path.join(root, 'pool', 'v.img')

        def replace_by_symlink():
            os.unlink(vol)
            os.symlink('/etc/hostname', vol)

        out, err = sdir_session(
            root, ['pool-define-as p dir --target %s/pool' % root, 'pool-build p',
                   'pool-start p', 'vol-create-as p v.img 1M'],
            ['vol-info v.img --pool p', 'vol-resize v.img 2M --pool p',
             'vol-list p --details'], replace_by_symlink)
        cause = ("error: internal error: Volume path '%s' is a symbolic link, "
                 "not a regular file\n" % vol)
        check('Name:' not in out and err.startswith(cause),
              'vol-info on a replaced volume prints the error alone', out + err)
        check("error: Failed to change size of volume 'v.img' to 2M\n" + cause in err
              and 'cause is unknown' not in err,
              'vol-resize on a replaced volume names the file and the cause', err)
        check(re.search(r' v\.img +%s +unknown +unknown +unknown\n' % re.escape(vol), out),
              'vol-list --details shows a volume it cannot read as unknown', out)
else:
    check(True, '# SKIP storage-dir plugin not built')

# help CMD matches the manual in docs/mvsh.md.
doc = open(os.path.join(os.environ['MV_TEST_SOURCE_ROOT'], 'docs', 'mvsh.md')).read()
docflat = ' '.join(doc.split())
p = run('help')
# Command lines are indented by four spaces; group headings by one.
cmds = [l.split()[0] for l in p.stdout.splitlines() if l.startswith('    ')]
check(len(cmds) > 60 and len(cmds) == len(set(cmds)), 'help lists every command once',
      p.stdout)
for cmd in cmds:
    h = run('help', cmd).stdout
    m = re.search(r'DESCRIPTION\n\s+(.*)', h, re.S)
    desc = ' '.join(m.group(1).split()) if m else ''
    syn = re.search(r'SYNOPSIS\n\s+(.*?)\n', h).group(1).strip()
    check(desc and desc in docflat and syn in docflat,
          'help %s matches docs/mvsh.md' % cmd, 'missing from docs: ' + syn + ' / ' + desc)

print('1..%d' % len(results))
for i, (ok, desc, detail) in enumerate(results, 1):
    print('%sok %d - %s' % ('' if ok else 'not ', i, desc))
    if not ok:
        for d in str(detail).splitlines()[:30]:
            print('# ' + d)
sys.exit(0 if all(r[0] for r in results) else 1)
