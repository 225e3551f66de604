#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/core/test-plugin-scanner.py MVSH TEST_PLUGIN BAD_PLUGIN... — a
plugin that crashes, aborts, exits, deadlocks or hangs while loading never
takes an application down: the plugin scanner learns each new file in a
process of its own, records why it failed in the plugin cache, and the
application goes on serving test:///default. With the cache warm nothing is
scanned again; a process loads only the plugins it uses. TAP output."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

mvsh, test_plugin, bad = sys.argv[1], sys.argv[2], sys.argv[3:]
results = []


def check(ok, desc, detail=''):
    results.append((bool(ok), desc, detail))


def run(plugins, cache, *args, timeout=120):
    env = dict(os.environ, MODVIRT_PLUGIN_DIR=plugins, MODVIRT_PLUGIN_CACHE=cache,
               MODVIRT_DEBUG='1')
    return subprocess.run([mvsh] + list(args), env=env, capture_output=True, text=True,
                          timeout=timeout)


def learnt(p):
    m = re.search(r'(\d+) plugin files, (\d+) learnt now', p.stderr)
    return int(m.group(2)) if m else None


def loaded(p):
    return set(re.findall(r'loaded plugin (\S+) ', p.stderr))


EXPECTED = {
    'bad-ctor-segv': 'crashed during init: SIGSEGV',
    'bad-init-segv': 'crashed during init: SIGSEGV',
    'bad-init-abort': 'crashed during init: SIGABRT',
    'bad-init-exit': 'exited during init with status 42',
    'bad-init-deadlock': 'init did not return in 5 s',
    'bad-init-loop': 'init did not return in 5 s',
    'bad-init-connect': 'init failed: Requested operation is not valid: '
                        'a plugin cannot open a connection from its init',
}

top = tempfile.mkdtemp(prefix='mv-scan-')
try:
    plugins = os.path.join(top, 'plugins')
    os.mkdir(plugins)
    shutil.copy(test_plugin, plugins)
    for b in bad:
        shutil.copy(b, plugins)
    cache = os.path.join(top, 'cache', 'plugins.cache')

    # Cold: every file is scanned; the application survives all of them.
    p = run(plugins, cache, '-c', 'test:///default', 'list', '--all')
    check(p.returncode == 0 and re.search(r'^ 1 +test +running', p.stdout, re.M),
          'test:///default is served with every bad plugin installed',
          p.stdout + p.stderr[-3000:])
    check(learnt(p) == len(bad) + 1, 'a cold cache scans every file (%d)' % (len(bad) + 1),
          p.stderr[-2000:])
    check(loaded(p) == {'test'}, 'the process loads only the plugin it uses',
          ' '.join(sorted(loaded(p))))
    check(os.path.exists(cache), 'the cache is written')

    # Warm: nothing scanned, nothing hangs, and plugin-list says why.
    p = run(plugins, cache, 'plugin-list')
    # Only a scan runs a plugin's init: scanning nothing, a warm start
    # cannot wait for the hanging ones.
    check(p.returncode == 0 and learnt(p) == 0, 'a warm cache scans nothing', p.stderr[-2000:])
    check(not loaded(p) - {'test'}, 'a warm start runs none of the refused plugins',
          ' '.join(sorted(loaded(p))))
    # AddressSanitizer catches a SIGSEGV, reports it and aborts.
    sanitized = os.environ.get('MV_TEST_SANITIZE', 'none') not in ('', 'none')
    for name, reason in EXPECTED.items():
        m = re.search(r'^ %s +.*\n +reason: (.*)$' % re.escape(name), p.stdout, re.M)
        allowed = {reason}
        if sanitized and reason.endswith('SIGSEGV'):
            allowed.add(reason.replace('SIGSEGV', 'SIGABRT'))
        check(m and m.group(1) in allowed, '%s is refused: %s' % (name, reason),
              m.group(1) if m else p.stdout)
    check(re.search(r'^ test +\S+ +\S+ +loaded ', p.stdout, re.M),
          'plugin-list loads the usable plugin', p.stdout)

    # A file changed in place (the directory does not change) is learnt
    # again before it loads; the others are not looked at.
    os.utime(os.path.join(plugins, 'test_driver.so'))
    p = run(plugins, cache, '-c', 'test:///default', 'list')
    check(p.returncode == 0 and learnt(p) == 0 and
          'test_driver.so changed since it was cached: learning it again' in p.stderr,
          'a file changed in place is scanned again before it loads', p.stderr[-2000:])
    p = run(plugins, cache, '-c', 'test:///default', 'list')
    check(p.returncode == 0 and 'changed since it was cached' not in p.stderr,
          'and the cache remembers it', p.stderr[-2000:])
    # A new file in the directory is learnt at start.
    shutil.copy(test_plugin, os.path.join(plugins, 'zz-test.so'))
    p = run(plugins, cache, '-c', 'test:///default', 'list')
    check(p.returncode == 0 and learnt(p) == 1, 'a new file is scanned at start',
          p.stderr[-2000:])

    # A cache that cannot be written: metadata kept in memory, still served.
    good = os.path.join(top, 'good')
    os.mkdir(good)
    shutil.copy(test_plugin, good)
    # (root writes through any mode: /proc is read-only even for root)
    for i in range(2):
        p = run(good, '/proc/modvirt-test/plugins.cache', '-c', 'test:///default', 'list')
        check(p.returncode == 0 and learnt(p) == 1,
              'an unwritable cache location still serves (run %d)' % (i + 1), p.stderr[-2000:])

    # A FIFO where the cache should be is no cache: not waited on, replaced.
    fifo_cache = os.path.join(top, 'fifo', 'plugins.cache')
    os.mkdir(os.path.dirname(fifo_cache))
    os.mkfifo(fifo_cache)
    try:
        p = run(good, fifo_cache, '-c', 'test:///default', 'list', timeout=30)
        check(p.returncode == 0 and learnt(p) == 1 and os.path.isfile(fifo_cache),
              'a FIFO in place of the cache neither blocks nor stays', p.stderr[-2000:])
    except subprocess.TimeoutExpired:
        check(False, 'a FIFO in place of the cache neither blocks nor stays', 'timed out')

    # Many processes learning the same files at once leave one valid cache.
    shared = os.path.join(top, 'shared', 'plugins.cache')
    env = dict(os.environ, MODVIRT_PLUGIN_DIR=good, MODVIRT_PLUGIN_CACHE=shared)
    procs = [subprocess.Popen([mvsh, '-c', 'test:///default', 'list'], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(8)]
    codes = [pr.wait(timeout=120) for pr in procs]
    p = run(good, shared, '-c', 'test:///default', 'list')
    check(codes == [0] * 8 and learnt(p) == 0,
          'eight processes at once: all served, and the cache they left is valid',
          '%s %s' % (codes, p.stderr[-1000:]))
finally:
    shutil.rmtree(top, ignore_errors=True)

print('1..%d' % len(results))
for i, (ok, desc, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
    if not ok and detail:
        print('\n'.join('# ' + l for l in detail.splitlines()))
sys.exit(0 if all(r[0] for r in results) else 1)
