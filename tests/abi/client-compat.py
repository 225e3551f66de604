#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A libvirt client compiled against modvirt behaves as with libvirt.

Builds tests/abi/libvirt-client.c twice with the C compiler, unchanged:
against modvirt (the flags `pkg-config --cflags --libs modvirt` gives; from
meson's uninstalled .pc file when the build tree has one, else the same
flags written out) and against the installed libvirt. Runs both and
compares their output section by section; the default error handler's
lines on stderr are compared too.

With a URI both sides can open (MV_COMPAT_URIS, space-separated, default
"test:///default") the client's driver sections are compared as well. Until
modvirt has a driver for the URI that comparison is skipped, and the libvirt
build alone shows that the driver sections run. The modvirt build finds
plugins in the fixture directory (MV_TEST_FIXTURE_DIR) and in the build
tree's plugins/<name> directories.

Usage: client-compat.py <source-root> <build-root> <tmpdir>     (prints TAP)
"""
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys

# Lines that legitimately differ are excluded here, each with its reason:
# (section regex, line regex, condition). A line is left out of the
# comparison when both regexes match and condition() is true.
EXCLUDED = [
    # virGetVersion and virConnectGetLibVersion report the version of the
    # library that answers: libvirt's release on one side, the libvirt API
    # level modvirt implements (9.0.0) on the other. They are equal, and so
    # compared, only while the installed libvirt is 9.0.0.
    ('library|driver-connect', r'^(libVer|typeVer|lib version) = ',
     lambda: not version_lines_comparable()),
]

# Differences where modvirt is wrong and a fix is pending in the core. Each
# is reported as a TAP TODO ("not ok ... # TODO"); once modvirt is fixed the
# entry shows up as an unexpected pass: then delete it here.
# (section, libvirt's line or None, modvirt's line or None, what is wrong)
# Differences found and not yet fixed in modvirt: (section, libvirt's line,
# ours, why). Empty: none known.
KNOWN_BUGS = []

# Marker the client prints when it cannot open the URI it was given.
OPEN_FAILED = 'DRIVER-OPEN-FAILED'
RUN_TIMEOUT = 60


class Tap:
    def __init__(self):
        self.n = 0

    def result(self, ok, desc, diag=(), directive=''):
        self.n += 1
        print('%s %d - %s%s' % ('ok' if ok else 'not ok', self.n, desc,
                                ' # ' + directive if directive else ''))
        for line in diag:
            print('# ' + line)
        sys.stdout.flush()

    def skip(self, desc, reason):
        self.result(True, desc, directive='SKIP ' + reason)

    def done(self):
        print('1..%d' % self.n)


def compiler():
    return shlex.split(os.environ.get('CC', 'cc'))


def pkg_config(args, pkg_config_path=None):
    if not shutil.which('pkg-config'):
        return None
    env = dict(os.environ)
    if pkg_config_path is not None:
        env['PKG_CONFIG_PATH'] = pkg_config_path
    r = subprocess.run(['pkg-config'] + args, capture_output=True, text=True, env=env)
    return shlex.split(r.stdout) if r.returncode == 0 else None


def modvirt_flags(src_root, build_root):
    """Returns (how, flags): pkg-config on meson's uninstalled modvirt.pc if
    the build tree has one, else the flags an installed modvirt.pc gives."""
    core = os.path.join(build_root, 'core')
    rpath = ['-Wl,-rpath,' + core]
    # A sanitized libmodvirt needs a client built with the same runtime.
    sanitize = os.environ.get('MV_TEST_SANITIZE', 'none')
    if sanitize and sanitize != 'none':
        rpath.append('-fsanitize=' + sanitize)
    uninstalled = os.path.join(build_root, 'meson-uninstalled')
    if os.path.isdir(uninstalled):
        flags = pkg_config(['--cflags', '--libs', 'modvirt'], uninstalled)
        if flags:
            return 'pkg-config modvirt (meson-uninstalled)', flags + rpath
    return 'modvirt.pc flags written out', [
        '-I' + os.path.join(src_root, 'core', 'include'),
        '-L' + core, '-lmodvirt'] + rpath


def build(tmp, tag, source, flags):
    exe = os.path.join(tmp, 'libvirt-client-' + tag)
    # The errors that show an API mismatch; other warnings are not ours to fail on.
    cmd = compiler() + ['-std=gnu11', '-Wall',
                        '-Werror=implicit-function-declaration',
                        '-Werror=incompatible-pointer-types',
                        '-Werror=int-conversion',
                        '-o', exe, source] + flags
    r = subprocess.run(cmd, capture_output=True, text=True)
    diag = [' '.join(shlex.quote(c) for c in cmd)]
    diag += r.stderr.splitlines()[:40]
    return (exe if r.returncode == 0 else None), diag


def run(exe, env, uri=None):
    """Returns (returncode, stdout lines, stderr lines)."""
    args = [exe] + ([uri] if uri else [])
    try:
        r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return 'timeout', [], []
    return r.returncode, r.stdout.splitlines(), r.stderr.splitlines()


def sections(lines):
    """Splits client output into an ordered list of (name, lines)."""
    out = []
    for line in lines:
        if line.startswith('== '):
            out.append((line[3:], []))
        elif out:
            out[-1][1].append(line)
        else:
            out.append(('(before any section)', [line]))
    return out


_VERSION_COMPARABLE = []


def version_lines_comparable():
    if not _VERSION_COMPARABLE:
        _VERSION_COMPARABLE.append(
            (pkg_config(['--modversion', 'libvirt']) or [''])[0] == '9.0.0')
    return _VERSION_COMPARABLE[0]


def excluded(section, line):
    for sec_re, line_re, condition in EXCLUDED:
        if re.fullmatch(sec_re, section) and re.search(line_re, line) and condition():
            return True
    return False


def compare_section(tap, name, real, ours):
    """One TAP line for the section; known modvirt bugs get TODO lines."""
    real = [l for l in real if not excluded(name, l)]
    ours = [l for l in ours if not excluded(name, l)]
    bugs = [b for b in KNOWN_BUGS if b[0] == name]
    seen_bugs = set()
    unexplained = []
    matcher = difflib.SequenceMatcher(None, real, ours, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == 'equal':
            continue
        r, o = real[i1:i2], ours[j1:j2]
        covering = [b for b in bugs
                    if (b[1] is None or b[1] in r) and (b[2] is None or b[2] in o)]
        covered_r = {b[1] for b in covering}
        covered_o = {b[2] for b in covering}
        if covering and all(l in covered_r for l in r) and all(l in covered_o for l in o):
            seen_bugs.update(id(b) for b in covering)
            continue
        unexplained += ['libvirt: ' + l for l in r] + ['modvirt: ' + l for l in o]
    n = max(len(real), len(ours))
    if unexplained:
        tap.result(False, 'section %s: %d lines, modvirt differs from libvirt' % (name, n),
                   unexplained)
    else:
        tap.result(True, 'section %s: %d lines as with libvirt%s'
                   % (name, n, ' (apart from known bugs below)' if seen_bugs else ''))
    for b in bugs:
        first = b[1] or b[2]
        key = first.split(' -> ')[0] if ' -> ' in first else first
        if id(b) in seen_bugs:
            tap.result(False, 'section %s: %s' % (name, key),
                       ['libvirt: %s' % (b[1] if b[1] is not None else '(no line)'),
                        'modvirt: %s' % (b[2] if b[2] is not None else '(no line)')],
                       directive='TODO modvirt bug: ' + b[3])
        else:
            tap.result(True, 'section %s: %s' % (name, key),
                       ['modvirt no longer shows this known bug: remove it from KNOWN_BUGS'],
                       directive='TODO modvirt bug: ' + b[3])


def compare_runs(tap, real_out, our_out, only=None):
    real_secs, our_secs = sections(real_out), sections(our_out)
    names = [n for n, _ in real_secs]
    names += [n for n, _ in our_secs if n not in names]
    real_d, our_d = dict(real_secs), dict(our_secs)
    for name in names:
        if name == 'end' or (only and not only(name)):
            continue
        if name not in real_d or name not in our_d:
            tap.result(False, 'section %s present in both outputs' % name,
                       ['only in %s' % ('libvirt' if name in real_d else 'modvirt')])
            continue
        compare_section(tap, name, real_d[name], our_d[name])


def handler_lines(err):
    # The default error handler's lines; anything else on stderr (logs) is
    # each library's own business.
    return [l for l in err if l.startswith('libvirt:')]


def needed_libs(exe):
    if not shutil.which('readelf'):
        return None
    r = subprocess.run(['readelf', '-d', exe], capture_output=True, text=True)
    return re.findall(r'\(NEEDED\).*\[(.*)\]', r.stdout)


def base_env(tmp):
    env = dict(os.environ)
    for var in ('LIBVIRT_DEFAULT_URI', 'MODVIRT_DEFAULT_URI', 'VIRSH_DEFAULT_CONNECT_URI',
                'LIBVIRT_DEBUG', 'LIBVIRT_LOG_OUTPUTS', 'LIBVIRT_LOG_FILTERS'):
        env.pop(var, None)
    # Keep both libraries away from the user's configuration (URI aliases).
    env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
    env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
    env['XDG_RUNTIME_DIR'] = os.path.join(tmp, 'runtime')
    for d in ('config', 'cache', 'runtime'):
        os.makedirs(os.path.join(tmp, d), mode=0o700, exist_ok=True)
    return env


def plugin_build_dirs(build_root):
    """The build tree's in-tree plugin directories (plugins/<name>), so the
    driver sections find a plugin such as test as soon as it is built."""
    top = os.path.join(build_root, 'plugins')
    if not os.path.isdir(top):
        return []
    dirs = [os.path.join(top, d) for d in sorted(os.listdir(top))]
    return [d for d in dirs
            if os.path.isdir(d) and any(f.endswith('.so') for f in os.listdir(d))]


def run_described(tap, desc, exe, env, uri=None):
    rc, out, err = run(exe, env, uri)
    ok = rc == 0 and out[-1:] == ['== end']
    tap.result(ok, desc, [] if ok else ['exit status %s' % rc] + (out + err)[-20:])
    return rc, out, err


def main():
    if len(sys.argv) != 4:
        sys.stderr.write('usage: client-compat.py <source-root> <build-root> <tmpdir>\n')
        return 2
    src_root, build_root, tmp = (os.path.abspath(a) for a in sys.argv[1:])
    os.makedirs(tmp, exist_ok=True)
    source = os.path.join(src_root, 'tests', 'abi', 'libvirt-client.c')
    tap = Tap()
    env = base_env(tmp)

    our_env = dict(env)
    plugin_dir = os.environ.get('MV_TEST_FIXTURE_DIR') or os.path.join(build_root, 'tests', 'fixtures')
    our_env['MODVIRT_PLUGIN_DIR'] = ':'.join([plugin_dir] + plugin_build_dirs(build_root))
    our_env.setdefault('MODVIRT_DEBUG', '4')

    how, flags = modvirt_flags(src_root, build_root)
    ours, diag = build(tmp, 'modvirt', source, flags)
    tap.result(ours is not None, 'client compiles and links against modvirt (%s)' % how,
               [] if ours else diag)
    if ours is None:
        tap.done()
        return 0
    needed = needed_libs(ours)
    if needed is None:
        tap.skip('modvirt build links libmodvirt, not libvirt', 'readelf not found')
    else:
        ok = 'libmodvirt.so.0' in needed and not any(n.startswith('libvirt') for n in needed)
        tap.result(ok, 'modvirt build links libmodvirt, not libvirt', [] if ok else ['NEEDED: ' + ' '.join(needed)])

    real_flags = pkg_config(['--cflags', '--libs', 'libvirt'])
    real = None
    if real_flags is not None:
        real, diag = build(tmp, 'libvirt', source, real_flags)
        tap.result(real is not None, 'client compiles and links against libvirt', [] if real else diag)

    our_rc, our_out, our_err = run_described(tap, 'modvirt build runs to the end', ours, our_env)
    if real is None:
        if real_flags is None:
            tap.skip('outputs compared with libvirt', 'libvirt-dev (pkg-config libvirt) not installed')
        tap.done()
        return 0
    real_rc, real_out, real_err = run_described(tap, 'libvirt build runs to the end', real, env)
    if our_rc == 0 and real_rc == 0:
        compare_runs(tap, real_out, our_out)
        compare_section(tap, 'stderr', handler_lines(real_err), handler_lines(our_err))

    # The driver sections: for URIs modvirt can open, compared with libvirt.
    uris = os.environ.get('MV_COMPAT_URIS', 'test:///default').split()
    for uri in uris:
        our_rc, our_out, our_err = run(ours, our_env, uri)
        if any(l.startswith(OPEN_FAILED) for l in our_out):
            scheme = uri.split(':', 1)[0]
            why = 'modvirt has no driver for %s yet' % uri
            if scheme == 'test':
                why += ' (the test plugin is not built or not in MODVIRT_PLUGIN_DIR)'
            tap.skip('driver sections for %s compared with libvirt' % uri, why)
            # Without our driver, libvirt's own run still shows the sections work.
            rc, out, err = run(real, env, uri)
            ok = rc == 0 and '== driver-close' in out and out[-1:] == ['== end']
            tap.result(ok, 'libvirt build runs the driver sections on %s' % uri,
                       [] if ok else ['exit status %s' % rc] + (out + err)[-20:])
            continue
        real_rc, real_out, real_err = run(real, env, uri)
        if any(l.startswith(OPEN_FAILED) for l in real_out):
            tap.skip('driver sections for %s compared with libvirt' % uri,
                     'libvirt cannot open %s here' % uri)
            continue
        ok = our_rc == 0 and real_rc == 0
        tap.result(ok, 'both builds run the driver sections on %s' % uri,
                   [] if ok else ['exit status modvirt %s, libvirt %s' % (our_rc, real_rc)]
                   + (our_out + our_err)[-10:])
        compare_runs(tap, real_out, our_out, only=lambda n: n.startswith('driver'))

    # Smoke: modvirt's own fixture driver through the same driver sections
    # (nothing to compare with; it must not crash).
    if os.path.exists(os.path.join(plugin_dir, 'fixture.so')):
        rc, out, err = run(ours, our_env, 'fixture:///default')
        ok = rc == 0 and out[-1:] == ['== end']
        tap.result(ok, 'modvirt build runs the driver sections on fixture:///default',
                   [] if ok else ['exit status %s' % rc] + (out + err)[-20:])
    tap.done()
    return 0


if __name__ == '__main__':
    sys.exit(main())
