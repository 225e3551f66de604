#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks our public headers against the installed libvirt headers.

Every enum constant, #define'd constant and public struct size in
core/include/libvirt/*.h must have libvirt's value, and every function we
declare must exist in libvirt with the same prototype.

Usage: enum-compat.py <source-root> <build-tmpdir>     (prints TAP)
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

REAL = '/usr/include/libvirt/libvirt.h'
# Constants whose value legitimately follows the installed library version.
IGNORED = {'LIBVIR_VERSION_NUMBER'}


def read_headers(incdir):
    texts = {}
    for name in sorted(os.listdir(incdir)):
        if name.endswith('.h'):
            with open(os.path.join(incdir, name), encoding='utf-8') as f:
                texts[name] = f.read()
    return texts


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)


def constants(texts):
    names = []
    for text in texts.values():
        text = strip_comments(text).replace('\\\n', ' ')
        for body in re.findall(r'\benum\s*\w*\s*\{(.*?)\}', text, flags=re.S):
            for line in body.split('\n'):
                line = line.strip()
                if line.startswith('#'):
                    continue
                names += re.findall(r'^\s*(VIR_\w+)\s*(?:=|,|$)', line)
        for m in re.finditer(r'^\s*#\s*define\s+((?:VIR|LIBVIR)_\w+)[ \t]+(\S.*)$', text, flags=re.M):
            name = m.group(1)
            if re.match(r'(extern|__attribute__|__declspec)\b', m.group(2)):
                continue
            names.append(name)
    seen = set()
    return [n for n in names if n not in IGNORED and not (n in seen or seen.add(n))]


def struct_tags(texts):
    tags = []
    for text in texts.values():
        tags += re.findall(r'^struct\s+(_vir\w+)\s*\{', strip_comments(text), flags=re.M)
    return tags


def prototypes(texts):
    protos = []
    for text in texts.values():
        text = strip_comments(text).replace('\\\n', ' ')
        text = re.sub(r'#\s*ifdef\s+__cplusplus.*?#\s*endif', ' ', text, flags=re.S)
        text = '\n'.join(l for l in text.split('\n') if not l.strip().startswith('#'))
        depth = 0
        cur = ''
        for ch in text:
            cur += ch
            if ch == '{':
                depth += 1
            elif ch == '}':
                depth -= 1
            elif ch == ';' and depth == 0:
                decl = ' '.join(cur.split())
                cur = ''
                if decl.startswith(('typedef', 'struct', 'VIR_EXPORT_VAR', 'extern')):
                    continue
                m = re.match(r'^[\w\s\*]+?\b(vir\w+)\s*\(', decl)
                if m:
                    protos.append((m.group(1), decl))
    return protos


PRELUDE = '''#define VIR_ENUM_SENTINELS
#include <stdio.h>
#include <stddef.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt/libvirt-qemu.h>
static void ps(const char *n, const char *v) { printf("%s \\"%s\\"\\n", n, v); }
static void pi(const char *n, long long v) { printf("%s %lld\\n", n, v); }
#define P(n) _Generic((n) + 0, char *: ps, const char *: ps, default: pi)(#n, n)
'''


def build_and_run(tmp, tag, source, cflags):
    csrc = os.path.join(tmp, 'enum-compat-%s.c' % tag)
    exe = os.path.join(tmp, 'enum-compat-%s' % tag)
    with open(csrc, 'w') as f:
        f.write(source)
    cc = shlex.split(os.environ.get('CC', 'cc'))
    r = subprocess.run(cc + ['-std=gnu11', '-w', '-o', exe, csrc] + cflags,
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr
    r = subprocess.run([exe], capture_output=True, text=True)
    return dict(l.split(' ', 1) for l in r.stdout.splitlines()), r.stderr


def real_cflags():
    if shutil.which('pkg-config'):
        r = subprocess.run(['pkg-config', '--cflags', 'libvirt'], capture_output=True, text=True)
        if r.returncode == 0:
            return shlex.split(r.stdout)
    return []


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('usage: enum-compat.py <source-root> <build-tmpdir>\n')
        return 2
    if not os.path.exists(REAL):
        print('1..0 # SKIP real libvirt headers (libvirt-dev) not installed')
        return 0
    incdir = os.path.join(sys.argv[1], 'core', 'include')
    tmp = sys.argv[2]
    os.makedirs(tmp, exist_ok=True)
    texts = read_headers(os.path.join(incdir, 'libvirt'))
    print('1..2')

    # 1: values of constants and sizes of structs, built against each header set
    names = constants(texts)
    tags = struct_tags(texts)
    src = PRELUDE + 'int main(void)\n{\n'
    src += ''.join('    P(%s);\n' % n for n in names)
    src += ''.join('    pi("sizeof(struct%s)", (long long)sizeof(struct %s));\n' % (t, t) for t in tags)
    src += '    return 0;\n}\n'
    ours, err1 = build_and_run(tmp, 'ours', src, ['-I' + incdir])
    real, err2 = build_and_run(tmp, 'real', src, real_cflags())
    if ours is None or real is None:
        print('not ok 1 - constants compile against both header sets')
        for line in ((err1 or '') + (err2 or '')).splitlines()[:40]:
            print('# ' + line)
    else:
        bad = [n for n in list(ours) if ours.get(n) != real.get(n)]
        if bad:
            print('not ok 1 - %d of %d constants/struct sizes differ from libvirt' % (len(bad), len(ours)))
            for n in bad:
                print('# %s: ours %s, libvirt %s' % (n, ours[n], real.get(n)))
        else:
            print('ok 1 - %d constants and %d struct sizes match libvirt' % (len(names), len(tags)))

    # 2: every function we declare exists in libvirt with the same prototype;
    # the reference table fails on a name libvirt lacks, the redeclarations on
    # a conflicting type.
    protos = prototypes(texts)
    src = ('#include <libvirt/libvirt.h>\n#include <libvirt/virterror.h>\n'
           '#include <libvirt/libvirt-qemu.h>\n')
    src += 'static const void *refs[] = {\n'
    src += ''.join('    (const void *)%s,\n' % n for n, _ in protos)
    src += '};\n'
    src += ''.join(p + '\n' for _, p in protos)
    src += 'const void *const *enum_compat_refs(void) { return refs; }\n'
    csrc = os.path.join(tmp, 'enum-compat-protos.c')
    with open(csrc, 'w') as f:
        f.write(src)
    cc = shlex.split(os.environ.get('CC', 'cc'))
    r = subprocess.run(cc + ['-std=gnu11', '-Werror=implicit-function-declaration',
                             '-c', '-o', os.devnull, csrc] + real_cflags(),
                       capture_output=True, text=True)
    if r.returncode != 0:
        print('not ok 2 - %d prototypes against libvirt' % len(protos))
        for line in r.stderr.splitlines():
            if 'error' in line:
                print('# ' + line)
    else:
        print('ok 2 - %d prototypes match libvirt' % len(protos))
    return 0


if __name__ == '__main__':
    sys.exit(main())
