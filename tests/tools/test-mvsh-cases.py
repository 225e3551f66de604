#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/tools/test-mvsh-cases.py — runs every case in tests/tools/mvsh-cases
through `mvsh -c test:///default` and compares stdout, stderr and the exit
status with what real virsh printed for the same line (regen-mvsh-cases.sh).

usage: test-mvsh-cases.py MVSH CASE_DIR TEST_PLUGIN_DIR

Before comparing, both sides get the same masks, for output that varies
between runs or that modvirt cannot produce yet (listed in MASKS). A case's
NAME.env lines (VAR=VALUE; an editor for the --edit options) are set for
mvsh as for virsh. Without
the test plugin the whole script is a TAP skip, never a pass.
"""
import os
import pty
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

MVSH, CASES, PLUGIN_DIR = (os.path.abspath(a) for a in sys.argv[1:4])

MASKS = [
    # The test driver's CPU time is the wall clock: different on every run.
    (re.compile(r'^CPU time:.*$', re.M), 'CPU time:       (masked)'),
    # modvirt has no security-driver API (virNodeGetSecurityModel) yet.
    (re.compile(r'^Security (model|DOI|label):.*\n', re.M), ''),
    # The --edit options' temporary file has a new name on every run.
    (re.compile(r'/virsh[A-Za-z0-9]{6}\.xml'), '/virshXXXXXX.xml'),
    # The test driver's block and interface counters grow with the clock.
    (re.compile(r'^(\S+ (?:rd|wr|rx|tx)_\w+|\S+ errs| number of [\w ]+:| error count:)'
                r'( +)\d+$', re.M), r'\1\2(masked)'),
]


def mask(text, cwd=None):
    for rx, repl in MASKS:
        text = rx.sub(repl, text)
    if cwd:  # commands run in a scratch directory; expectations say @CWD@
        text = text.replace(cwd, '@CWD@')
    return text.replace('@HOSTNAME@', socket.gethostname())


def run(line, opts, cwd, extra_env=()):
    env = dict(os.environ, MODVIRT_PLUGIN_DIR=PLUGIN_DIR, MODVIRT_DEBUG='4')
    env.pop('MODVIRT_DEFAULT_URI', None)
    env.pop('LIBVIRT_DEFAULT_URI', None)
    for var in ('VISUAL', 'EDITOR'):
        env.pop(var, None)
    env.update(extra_env)
    return subprocess.run([MVSH, '-c', 'test:///default'] + opts + [line], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def interactive():
    """On a terminal: Tab completes a command, then a domain name; history
    recalls the line. Returns None if mvsh was built without readline."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(MODVIRT_PLUGIN_DIR=PLUGIN_DIR, MODVIRT_DEBUG='4', TERM='dumb')
        os.execv(MVSH, [MVSH, '-c', 'test:///default'])

    def talk(data, wait=1.0):
        if data:
            os.write(fd, data)
        out, end = b'', time.time() + wait
        while time.time() < end:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
        return out.decode(errors='replace')
    banner = talk(b'')
    if 'mvsh # ' not in banner:
        talk(b'quit\n')
        os.waitpid(pid, 0)
        return None
    # "domsta" completes to the prefix domstate and domstats share, "e" to
    # the one command, "t" to the domain.
    got = (talk(b'domsta\t') + talk(b'e\t') + talk(b't\t') + talk(b'\n')
           + talk(b'\x1b[A\x15quit\n'))
    os.waitpid(pid, 0)
    return 'domstate test' in got and '\nrunning' in got.replace('\r', ''), got


EDIT_TWICE = r"""#!/bin/sh
# first run: text that is not XML; later runs: an element
n=$(cat "$0.count" 2>/dev/null || echo 0)
echo $((n + 1)) >"$0.count"
if [ "$n" = 0 ]; then printf '<app><unclosed>\n' >"$1"; else printf '<app ok="1"/>\n' >"$1"; fi
"""


def edit_on_terminal(answers, line=('metadata test http://example.org/app --key app --edit; '
                                    'metadata test http://example.org/app')):
    """An edit (metadata --edit unless LINE says otherwise) on a terminal
    whose editor first saves text that is not XML: mvsh must show the
    error, ask, and act on ANSWERS (sent one per prompt). Returns (exit
    status, everything the terminal showed)."""
    with tempfile.TemporaryDirectory() as tmp:
        editor = os.path.join(tmp, 'edit.sh')
        with open(editor, 'w') as f:
            f.write(EDIT_TWICE)
        os.chmod(editor, 0o755)
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update(MODVIRT_PLUGIN_DIR=PLUGIN_DIR, MODVIRT_DEBUG='4', TERM='dumb',
                              EDITOR=editor)
            os.environ.pop('VISUAL', None)
            os.execv(MVSH, [MVSH, '-c', 'test:///default', line])
        out, prompts, deadline = '', 0, time.time() + 60
        while time.time() < deadline:
            if not select.select([fd], [], [], 1)[0]:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            out += data.decode(errors='replace')
            while out.count('Try again? [') > prompts and prompts < len(answers):
                os.write(fd, answers[prompts].encode())
                prompts += 1
        os.close(fd)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), out.replace('\r', '')


def read(path, default=''):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return default


def main():
    if not os.path.isdir(PLUGIN_DIR) or not any(f.endswith('.so') for f in os.listdir(PLUGIN_DIR)):
        print('1..0 # SKIP the test plugin is not built (no module in %s)' % PLUGIN_DIR)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        probe = run('uri', [], tmp)
    if probe.returncode != 0:
        print('1..0 # SKIP test:///default does not open: %s' % probe.stderr.strip())
        return 0
    names = sorted(f[:-4] for f in os.listdir(CASES) if f.endswith('.cmd'))
    print('1..%d' % (len(names) + 4))
    failed = 0
    for i, name in enumerate(names, 1):
        base = os.path.join(CASES, name)
        line = '; '.join(l.strip() for l in read(base + '.cmd').splitlines()
                         if l.strip() and not l.startswith('#'))
        opts = read(base + '.opts').split()
        extra_env = dict(l.split('=', 1) for l in read(base + '.env').splitlines() if '=' in l)
        with tempfile.TemporaryDirectory() as tmp:
            os.symlink(os.path.join(os.path.abspath(CASES), 'data'), os.path.join(tmp, 'data'))
            p = run(line, opts, tmp, extra_env)
            got = (mask(p.stdout, tmp), mask(p.stderr, tmp), p.returncode)
        want = (mask(read(base + '.out')), mask(read(base + '.err')),
                int(read(base + '.rc', '0')))
        ok = want == got
        failed += not ok
        print('%sok %d - %s: %s' % ('' if ok else 'not ', i, name, line))
        if not ok:
            for what, w, g in zip(('stdout', 'stderr', 'status'), want, got):
                if w != g:
                    print('# %s differs; expected:' % what)
                    print('\n'.join('#   ' + l for l in str(w).splitlines()))
                    print('# got:')
                    print('\n'.join('#   ' + l for l in str(g).splitlines()))
    shell = interactive()
    if shell is None:
        print('ok %d - interactive shell # SKIP mvsh was built without readline' % (len(names) + 1))
    else:
        failed += not shell[0]
        print('%sok %d - interactive shell completes commands and domain names'
              % ('' if shell[0] else 'not ', len(names) + 1))
        if not shell[0]:
            print('\n'.join('# ' + l for l in shell[1].splitlines()))
    n = len(names) + 1
    rc, out = edit_on_terminal(['?', 'y'])
    ok = (rc == 0 and 'error: (metadata_xml):2: Premature end of data' in out and 'y - yes, start editor again' in out
          and 'Metadata modified' in out and '<app ok="1"/>' in out)
    failed += not ok
    print('%sok %d - metadata --edit on a terminal: the error, help, and editing again'
          % ('' if ok else 'not ', n + 1))
    if not ok:
        print('\n'.join('# ' + l for l in out.splitlines()))
    rc, out = edit_on_terminal(['n'])
    ok = rc == 1 and 'Try again?' in out and 'Metadata modified' not in out
    failed += not ok
    print('%sok %d - metadata --edit on a terminal: "n" throws the text away'
          % ('' if ok else 'not ', n + 2))
    if not ok:
        print('\n'.join('# ' + l for l in out.splitlines()))
    rc, out = edit_on_terminal(['i', 'n'], 'edit test')
    ok = (rc == 1 and 'Failed. Try again? [y,n,i,f,?]: ' in out
          and 'Failed. Try again? [y,n,f,?]: ' in out and 'XML configuration edited' not in out)
    failed += not ok
    print('%sok %d - edit on a terminal: "i" defines once more without validation'
          % ('' if ok else 'not ', n + 3))
    if not ok:
        print('\n'.join('# ' + l for l in out.splitlines()))
    return 1 if failed else 0


sys.exit(main())
