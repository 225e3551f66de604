#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""rpc/gen-remote.py — generates the remote program's C code from
rpc/remote.proto (its header describes the syntax).

  gen-remote.py protocol PROTO HEADERDIR OUT.h OUT.c
      types, XDR codecs and the procedure table (shared by both sides)
  gen-remote.py dispatch PROTO HEADERDIR OUT.h OUT.c
      the daemon's handlers: decode, call the public function, encode
  gen-remote.py stubs PROTO HEADERDIR OUT.h OUT.c
      the remote plugin's driver slots, and MV_REMOTE_<TABLE>_SLOTS
      initializers naming them
  gen-remote.py list PROTO HEADERDIR
      prints every public function the description names (for tests)

HEADERDIR holds the public libvirt headers, whose prototypes give the C
types of every FUNCTION named in the description.
"""
import os
import re
import sys

SCALARS = {
    # name: (C type, codec)
    'int': ('int', 'mv_xdr_cint'),
    'uint': ('unsigned int', 'mv_xdr_cuint'),
    'char': ('char', 'mv_xdr_char'),
    'uchar': ('unsigned char', 'mv_xdr_uchar'),
    'short': ('short', 'mv_xdr_short'),
    'ushort': ('unsigned short', 'mv_xdr_ushort'),
    'hyper': ('long long', 'mv_xdr_cllong'),
    'uhyper': ('unsigned long long', 'mv_xdr_cullong'),
    'ulong': ('unsigned long', 'mv_xdr_culong'),
    'double': ('double', 'mv_xdr_double'),
    'bool': ('int', 'mv_xdr_bool'),
}
OBJECTS = {
    # name: (C wire struct, public handle type, accessor stem)
    'domain': ('mv_remote_domain', 'virDomainPtr', 'domain'),
    'network': ('mv_remote_network', 'virNetworkPtr', 'network'),
    'pool': ('mv_remote_pool', 'virStoragePoolPtr', 'pool'),
    'vol': ('mv_remote_vol', 'virStorageVolPtr', 'vol'),
    'iface': ('mv_remote_iface', 'virInterfacePtr', 'iface'),
}
OPTIONAL_OBJECTS = {'odomain': 'domain', 'onetwork': 'network', 'opool': 'pool'}
HANDLE_FREE = {
    'virDomainPtr': 'virDomainFree', 'virNetworkPtr': 'virNetworkFree',
    'virStoragePoolPtr': 'virStoragePoolFree', 'virStorageVolPtr': 'virStorageVolFree',
    'virInterfacePtr': 'virInterfaceFree',
}
HANDLE_CONN = {
    'virDomainPtr': 'virDomainGetConnect', 'virNetworkPtr': 'virNetworkGetConnect',
    'virStoragePoolPtr': 'virStoragePoolGetConnect',
    'virStorageVolPtr': 'virStorageVolGetConnect',
    'virInterfacePtr': 'virInterfaceGetConnect',
}
TABLES = ('hypervisor', 'network', 'storage', 'interface')


class ProtoError(Exception):
    pass


class Field:
    def __init__(self, type_, name, max_=None, fixed=None):
        self.type = type_
        self.name = name
        self.max = max_        # counted array bound (a const name or number)
        self.fixed = fixed     # fixed char vector length

    @property
    def is_array(self):
        return self.max is not None


class Param:
    def __init__(self, kind, type_=None, name=None, max_=None, length=None):
        self.kind = kind       # conn, in, out, outarray, list
        self.type = type_
        self.name = name
        self.max = max_
        self.length = length   # outarray: the parameter giving its size


class Proc:
    def __init__(self, num, name, line):
        self.num = num
        self.name = name
        self.line = line
        self.custom = False
        self.event = False
        self.function = None
        self.params = []
        self.result = None
        self.slot = None
        self.args = []         # Fields carried in the call
        self.ret = []          # Fields carried in the reply

    @property
    def lname(self):
        return self.name.lower()


class Struct:
    def __init__(self, name, ctype, fields):
        self.name = name
        self.ctype = ctype
        self.fields = fields


def logical_lines(path):
    buf = ''
    start = 0
    for no, raw in enumerate(open(path), 1):
        line = raw.split('#', 1)[0].rstrip()
        if not buf:
            start = no
        if line.endswith('\\'):
            buf += line[:-1] + ' '
            continue
        buf += line
        if buf.strip():
            yield start, buf.strip()
        buf = ''
    if buf.strip():
        yield start, buf.strip()


FIELD_RE = re.compile(r'^(\w+)\s+(\w+)\s*(?:<\s*(\w+)\s*>|\[\s*(\w+)\s*\])?$')


def parse_field(text, where):
    m = FIELD_RE.match(text.strip())
    if not m:
        raise ProtoError('%s: cannot read field "%s"' % (where, text))
    f = Field(m.group(1), m.group(2), m.group(3), m.group(4))
    if f.fixed and f.type != 'char':
        raise ProtoError('%s: only char has a fixed vector form' % where)
    return f


def parse_field_list(text, where):
    text = text.strip()
    if not text:
        return []
    return [parse_field(t, where) for t in text.split(',')]


PARAM_RE = re.compile(r'^(?:(out|list)\s+)?(\w+)\s+(\w+)\s*(?:<\s*(\w+)\s*>)?\s*(?:\[\s*(\w+)\s*\])?$')


def parse_param(text, where):
    text = text.strip()
    if text == 'conn':
        return Param('conn')
    m = PARAM_RE.match(text)
    if not m:
        raise ProtoError('%s: cannot read parameter "%s"' % (where, text))
    mode, type_, name, max_, length = m.groups()
    if mode == 'list':
        if not max_ or length:
            raise ProtoError('%s: list parameter needs <MAX> and no [LEN]' % where)
        return Param('list', type_, name, max_)
    if mode == 'out':
        if length:
            if not max_:
                raise ProtoError('%s: out array needs <MAX>' % where)
            return Param('outarray', type_, name, max_, length)
        if max_:
            raise ProtoError('%s: out array needs [LEN]' % where)
        return Param('out', type_, name)
    if max_ or length:
        raise ProtoError('%s: arrays are only out parameters' % where)
    return Param('in', type_, name)


PROC_RE = re.compile(r'^proc\s+(\d+)\s+(\w+)\s+(.*)$')
CALL_RE = re.compile(r'^(vir\w+)\s*\((.*)\)\s*->\s*(\w+)\s*(.*)$')
CUSTOM_RE = re.compile(r'^custom\s*\((.*?)\)\s*->\s*\((.*?)\)\s*(.*)$')
EVENT_RE = re.compile(r'^event\s+(\d+)\s+(\w+)\s*\((.*)\)$')
STRUCT_RE = re.compile(r'^struct\s+(\w+)\s*(?:=\s*(\w+)\s*)?\{(.*)\}$')


class Protocol:
    def __init__(self, path):
        self.consts = {}
        self.structs = {}
        self.procs = []
        self.events = []
        for no, line in logical_lines(path):
            where = '%s:%d' % (os.path.basename(path), no)
            try:
                self._line(line, where)
            except ProtoError:
                raise
            except Exception as e:  # pragma: no cover - defensive
                raise ProtoError('%s: %s' % (where, e))
        self._check()

    def _line(self, line, where):
        word = line.split()[0]
        if word == 'const':
            parts = line.split()
            if len(parts) != 3 or not parts[2].isdigit():
                raise ProtoError('%s: const NAME NUMBER' % where)
            self.consts[parts[1]] = int(parts[2])
        elif word == 'struct':
            m = STRUCT_RE.match(line)
            if not m:
                raise ProtoError('%s: struct NAME [= CTYPE] { TYPE FIELD; ... }' % where)
            fields = [parse_field(t, where) for t in m.group(3).split(';') if t.strip()]
            self.structs[m.group(1)] = Struct(m.group(1), m.group(2), fields)
        elif word == 'proc':
            m = PROC_RE.match(line)
            if not m:
                raise ProtoError('%s: proc NUMBER NAME ...' % where)
            p = Proc(int(m.group(1)), m.group(2), where)
            rest = m.group(3)
            c = CUSTOM_RE.match(rest)
            if c:
                p.custom = True
                p.args = parse_field_list(c.group(1), where)
                p.ret = parse_field_list(c.group(2), where)
                self._options(p, c.group(3), where)
            else:
                c = CALL_RE.match(rest)
                if not c:
                    raise ProtoError('%s: expected FUNCTION(PARAMS) -> RESULT or custom' % where)
                p.function = c.group(1)
                plist = c.group(2).strip()
                p.params = [parse_param(t, where) for t in plist.split(',')] if plist else []
                p.result = c.group(3)
                self._options(p, c.group(4), where)
                self._layout(p, where)
            self.procs.append(p)
        elif word == 'event':
            m = EVENT_RE.match(line)
            if not m:
                raise ProtoError('%s: event NUMBER NAME (FIELDS)' % where)
            p = Proc(int(m.group(1)), m.group(2), where)
            p.event = True
            p.args = parse_field_list(m.group(3), where)
            self.events.append(p)
        else:
            raise ProtoError('%s: unknown declaration "%s"' % (where, word))

    def _options(self, p, text, where):
        for opt in text.split():
            if opt.startswith('slot='):
                table, _, slot = opt[5:].partition('.')
                if table not in TABLES or not slot:
                    raise ProtoError('%s: slot=TABLE.SLOT with TABLE one of %s' % (where, ', '.join(TABLES)))
                p.slot = (table, slot)
            else:
                raise ProtoError('%s: unknown option "%s"' % (where, opt))

    def _layout(self, p, where):
        lists = 0
        for prm in p.params:
            if prm.kind == 'in':
                p.args.append(Field(prm.type, prm.name))
            elif prm.kind == 'list':
                lists += 1
                p.args.append(Field('int', 'need_results'))
        for prm in p.params:
            if prm.kind == 'out':
                p.ret.append(Field(prm.type, prm.name))
            elif prm.kind in ('outarray', 'list'):
                p.ret.append(Field(prm.type, prm.name, prm.max))
        arrays = [x for x in p.params if x.kind == 'outarray']
        if p.result == 'count':
            if len(arrays) != 1:
                raise ProtoError('%s: result count needs exactly one out array' % where)
        elif p.result != 'void':
            p.ret.append(Field(p.result, 'ret'))
        if lists and p.result == 'void':
            raise ProtoError('%s: a list parameter needs a counted result' % where)
        for a in arrays:
            if not any(x.kind == 'in' and x.name == a.length for x in p.params):
                raise ProtoError('%s: %s[%s]: no input parameter %s' % (where, a.name, a.length, a.length))

    def known_type(self, t):
        return (t in SCALARS or t in OBJECTS or t in OPTIONAL_OBJECTS or t in self.structs
                or t in ('string', 'ostring', 'uuid', 'opaque', 'tparam'))

    def _check(self):
        seen = {}
        for p in self.procs + self.events:
            if p.num in seen:
                raise ProtoError('%s: procedure number %d already used at %s' % (p.line, p.num, seen[p.num]))
            seen[p.num] = p.line
            for f in p.args + p.ret:
                self._check_field(f, p.line)
        for s in self.structs.values():
            for f in s.fields:
                self._check_field(f, 'struct ' + s.name)
        slots = {}
        for p in self.procs:
            if p.slot:
                if p.slot in slots:
                    raise ProtoError('%s: slot %s.%s already served by %s' % (p.line, p.slot[0], p.slot[1], slots[p.slot]))
                slots[p.slot] = p.name

    def _check_field(self, f, where):
        if not self.known_type(f.type):
            raise ProtoError('%s: unknown type "%s"' % (where, f.type))
        if f.type in ('opaque', 'tparam') and not f.is_array:
            raise ProtoError('%s: %s needs <MAX>' % (where, f.type))
        if f.max and not (f.max.isdigit() or f.max in self.consts):
            raise ProtoError('%s: unknown bound "%s"' % (where, f.max))

    def bound(self, name):
        return 'MV_REMOTE_' + name if not name.isdigit() else name


# ---- C prototypes of the public functions ----------------------------------

def read_prototypes(headerdir):
    text = ''
    for name in sorted(os.listdir(headerdir)):
        if name.endswith('.h'):
            text += open(os.path.join(headerdir, name)).read() + '\n'
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'^\s*#.*$', ' ', text, flags=re.M)
    protos = {}
    for m in re.finditer(r'([A-Za-z_][\w\s\*]*?)\b(vir\w+)\s*\(([^;{}()]*(?:\([^)]*\)[^;{}()]*)*)\)\s*;', text):
        ret = ' '.join(m.group(1).split())
        if ret.startswith('typedef') or 'typedef' in ret:
            continue
        ret = ret.split('}')[-1].strip()
        params = [' '.join(x.split()) for x in m.group(3).split(',')] if m.group(3).strip() else []
        protos[m.group(2)] = (ret, params)
    return protos


def read_slots(drivers_h):
    """(table, slot) -> (C return type, [parameter declarations])."""
    text = open(drivers_h).read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'^\s*#.*$', ' ', text, flags=re.M)
    slots = {}
    for m in re.finditer(r'typedef struct mv_(\w+)_driver \{(.*?)\} mv_\w+_driver;', text, flags=re.S):
        table = m.group(1)
        for s in re.finditer(r'([\w\s\*]+?)\(\*(\w+)\)\s*\(([^;]*)\)\s*;', m.group(2)):
            ret = ' '.join(s.group(1).split())
            params = [' '.join(x.split()) for x in s.group(3).split(',')] if s.group(3).strip() else []
            slots[(table, s.group(2))] = (ret, params)
    return slots


def c_param_name(decl):
    m = re.search(r'(\w+)\s*(\[\s*\w*\s*\])?$', decl)
    return m.group(1)


# ---- C generation helpers --------------------------------------------------

class Gen:
    def __init__(self, proto, protos, slots):
        self.p = proto
        self.protos = protos
        self.slots = slots

    def ctype(self, t):
        if t in SCALARS:
            return SCALARS[t][0]
        if t in ('string', 'ostring'):
            return 'char *'
        if t in OBJECTS:
            return OBJECTS[t][0]
        if t in OPTIONAL_OBJECTS:
            return OBJECTS[OPTIONAL_OBJECTS[t]][0] + ' *'
        if t in self.p.structs:
            return 'mv_remote_' + t
        if t == 'tparam':
            return 'virTypedParameter'
        raise ProtoError('no C type for ' + t)

    def decl(self, f):
        if f.fixed:
            return 'char %s[%s];' % (f.name, f.fixed)
        if f.type == 'uuid' and not f.is_array:
            return 'unsigned char %s[VIR_UUID_BUFLEN];' % f.name
        if f.type == 'opaque':
            return 'struct { uint32_t n; uint8_t *v; } %s;' % f.name
        if f.is_array:
            return 'struct { uint32_t n; %s%s*v; } %s;' % (self.ctype(f.type), '' if self.ctype(f.type).endswith('*') else ' ', f.name)
        ct = self.ctype(f.type)
        return '%s%s%s;' % (ct, '' if ct.endswith('*') else ' ', f.name)

    def elem_proc(self, t):
        """An mv_xdr_proc for one element of type T."""
        if t in SCALARS:
            return 'elem_' + t
        if t == 'string':
            return 'elem_string'
        if t in OBJECTS:
            return OBJECTS[t][0] + '_xdr'
        if t in self.p.structs:
            return 'mv_remote_%s_xdr' % t
        if t == 'tparam':
            return 'mv_remote_tparam_xdr'
        raise ProtoError('type %s cannot be an array element' % t)

    def code(self, f, obj):
        """Statement coding field F of the object pointer OBJ."""
        ref = '&%s->%s' % (obj, f.name)
        if f.fixed:
            return 'mv_xdr_char_vector(x, %s->%s, %s)' % (obj, f.name, f.fixed)
        if f.type == 'opaque':
            return 'mv_xdr_opaque(x, &%s->%s.v, &%s->%s.n, %s)' % (obj, f.name, obj, f.name, self.p.bound(f.max))
        if f.is_array:
            return ('mv_xdr_array(x, (void **)&%s->%s.v, &%s->%s.n, %s, sizeof(*%s->%s.v), %s)'
                    % (obj, f.name, obj, f.name, self.p.bound(f.max), obj, f.name, self.elem_proc(f.type)))
        if f.type in SCALARS:
            return '%s(x, %s)' % (SCALARS[f.type][1], ref)
        if f.type == 'string':
            return 'mv_xdr_string(x, %s, MV_REMOTE_STRING_MAX)' % ref
        if f.type == 'ostring':
            return 'mv_xdr_ostring(x, %s, MV_REMOTE_STRING_MAX)' % ref
        if f.type == 'uuid':
            return 'mv_xdr_opaque_fixed(x, %s->%s, VIR_UUID_BUFLEN)' % (obj, f.name)
        if f.type in OBJECTS:
            return '%s_xdr(x, %s)' % (OBJECTS[f.type][0], ref)
        if f.type in OPTIONAL_OBJECTS:
            w = OBJECTS[OPTIONAL_OBJECTS[f.type]][0]
            return 'mv_xdr_pointer(x, (void **)%s, sizeof(%s), %s_xdr)' % (ref, w, w)
        if f.type in self.p.structs:
            return 'mv_remote_%s_xdr(x, %s)' % (f.type, ref)
        raise ProtoError('cannot code ' + f.type)

    def struct_body(self, name, fields):
        out = ['typedef struct %s {' % name]
        if not fields:
            out.append('    char unused;')
        for f in fields:
            out.append('    ' + self.decl(f))
        out.append('} %s;' % name)
        return out

    def codec(self, name, fields):
        out = ['bool %s_xdr(mv_xdr *x, void *p)' % name, '{']
        if fields:
            out.append('    %s *o = p;' % name)
            out.append('    return ' + '\n        && '.join(self.code(f, 'o') for f in fields) + ';')
        else:
            out.append('    (void)x; (void)p;')
            out.append('    return true;')
        out.append('}')
        return out


def guard(path):
    return 'MV_RPC_' + re.sub(r'\W', '_', os.path.basename(path)).upper()


HEADER_NOTE = '/* Generated by rpc/gen-remote.py from rpc/remote.proto: do not edit. */'


# ---- protocol: types, codecs, table ----------------------------------------

def gen_protocol(g, out_h, out_c):
    p = g.p
    h = [HEADER_NOTE, '#ifndef ' + guard(out_h), '#define ' + guard(out_h), '',
         '#include <stdbool.h>', '#include <stddef.h>', '#include <stdint.h>',
         '#include <libvirt/libvirt.h>', '#include "xdr.h"', '#include "remote-objects.h"', '']
    for name, val in p.consts.items():
        h.append('#define MV_REMOTE_%s %d' % (name, val))
    h.append('')
    h.append('enum {')
    for pr in sorted(p.procs + p.events, key=lambda x: x.num):
        h.append('    MV_REMOTE_PROC_%s = %d,' % (pr.name, pr.num))
    h.append('};')
    h.append('')
    for s in p.structs.values():
        h += g.struct_body('mv_remote_' + s.name, s.fields)
        h.append('bool mv_remote_%s_xdr(mv_xdr *x, void *p);' % s.name)
        h.append('')
    for pr in p.procs:
        for part, fields in (('args', pr.args), ('ret', pr.ret)):
            if fields:
                nm = 'mv_remote_%s_%s' % (pr.lname, part)
                h += g.struct_body(nm, fields)
                h.append('bool %s_xdr(mv_xdr *x, void *p);' % nm)
        h.append('')
    for ev in p.events:
        nm = 'mv_remote_%s_msg' % ev.lname
        h += g.struct_body(nm, ev.args)
        h.append('bool %s_xdr(mv_xdr *x, void *p);' % nm)
        h.append('')
    h += ['/* One procedure: what its call and reply carry. */',
          'typedef struct mv_remote_proc {',
          '    int num;',
          '    const char *name;',
          '    const char *function;   /* the public function it runs, NULL when hand-written */',
          '    size_t args_size;',
          '    mv_xdr_proc args_xdr;',
          '    size_t ret_size;',
          '    mv_xdr_proc ret_xdr;',
          '} mv_remote_proc;',
          '',
          'extern const mv_remote_proc mv_remote_procs[];',
          'extern const size_t mv_remote_nprocs;',
          '/* The procedure numbered NUM, or NULL. */',
          'const mv_remote_proc *mv_remote_proc_find(int num);',
          '/* Its index in mv_remote_procs (the dispatch table is parallel). */',
          'size_t mv_remote_proc_index(const mv_remote_proc *proc);',
          'bool mv_remote_void_xdr(mv_xdr *x, void *p);',
          '', '#endif', '']
    c = [HEADER_NOTE, '#include "%s"' % os.path.basename(out_h), '', '#include <stdlib.h>', '']
    for t, (ct, fn) in SCALARS.items():
        c.append('static inline bool elem_%s(mv_xdr *x, void *p) { return %s(x, p); }' % (t, fn))
    c.append('static inline bool elem_string(mv_xdr *x, void *p) { return mv_xdr_string(x, p, MV_REMOTE_STRING_MAX); }')
    c.append('')
    c.append('bool mv_remote_void_xdr(mv_xdr *x, void *p)\n{\n    (void)x; (void)p;\n    return true;\n}\n')
    for s in p.structs.values():
        c += g.codec('mv_remote_' + s.name, s.fields)
        c.append('')
    for pr in p.procs:
        for part, fields in (('args', pr.args), ('ret', pr.ret)):
            if fields:
                c += g.codec('mv_remote_%s_%s' % (pr.lname, part), fields)
                c.append('')
    for ev in p.events:
        c += g.codec('mv_remote_%s_msg' % ev.lname, ev.args)
        c.append('')
    c.append('const mv_remote_proc mv_remote_procs[] = {')
    for pr in sorted(p.procs, key=lambda x: x.num):
        def part(fields, kind):
            if not fields:
                return '0, mv_remote_void_xdr'
            nm = 'mv_remote_%s_%s' % (pr.lname, kind)
            return 'sizeof(%s), %s_xdr' % (nm, nm)
        c.append('    { %d, "%s", %s, %s, %s },' % (
            pr.num, pr.name, '"%s"' % pr.function if pr.function else 'NULL',
            part(pr.args, 'args'), part(pr.ret, 'ret')))
    c.append('};')
    c.append('const size_t mv_remote_nprocs = sizeof(mv_remote_procs) / sizeof(mv_remote_procs[0]);')
    c.append('''
const mv_remote_proc *mv_remote_proc_find(int num)
{
    size_t lo = 0, hi = mv_remote_nprocs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (mv_remote_procs[mid].num == num)
            return &mv_remote_procs[mid];
        if (mv_remote_procs[mid].num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t mv_remote_proc_index(const mv_remote_proc *proc)
{
    return (size_t)(proc - mv_remote_procs);
}''')
    write(out_h, h)
    write(out_c, c)


# ---- shared pieces of dispatch and stubs ------------------------------------

def proto_of(g, pr):
    if pr.function not in g.protos:
        raise ProtoError('%s: %s has no prototype in the public headers' % (pr.line, pr.function))
    ret, cparams = g.protos[pr.function]
    if len(cparams) != len(pr.params):
        raise ProtoError('%s: %s takes %d parameters, the description names %d'
                         % (pr.line, pr.function, len(cparams), len(pr.params)))
    return ret, cparams


def slot_proto(g, pr):
    """The C prototype of the driver slot PR serves (drivers.h)."""
    key = pr.slot
    if key not in g.slots:
        raise ProtoError('%s: drivers.h has no slot %s in the %s table' % (pr.line, key[1], key[0]))
    ret, cparams = g.slots[key]
    fret, fparams = proto_of(g, pr)
    if len(cparams) != len(fparams):
        raise ProtoError('%s: slot %s.%s takes %d parameters, %s takes %d'
                         % (pr.line, key[0], key[1], len(cparams), pr.function, len(fparams)))
    return ret, cparams


def failure_test(ret_ctype, var):
    if ret_ctype.endswith('*') or ret_ctype.endswith('Ptr'):
        return '!%s' % var
    if ret_ctype.startswith('unsigned'):
        return '%s == 0' % var
    return '%s < 0' % var


def list_c_types(g, t):
    """The element type of a list's C array, and the function freeing one."""
    if t in OBJECTS:
        htype = OBJECTS[t][1]
        return htype, HANDLE_FREE[htype]
    st = g.p.structs.get(t)
    if not st or not st.ctype:
        raise ProtoError('list of %s: a list holds handles or structs mapped to a public type' % t)
    return st.ctype + 'Ptr', st.ctype + 'Free'


def handle_type(cdecl):
    for h in HANDLE_FREE:
        if cdecl.startswith(h):
            return h
    return None


# ---- dispatch (daemon) -------------------------------------------------------

def gen_dispatch(g, out_h, out_c):
    p = g.p
    h = [HEADER_NOTE, '#ifndef ' + guard(out_h), '#define ' + guard(out_h), '',
         '#include "remote-protocol.h"', '',
         '/* The daemon\'s context of one call (opaque here). */',
         'typedef struct mv_rpcd_call mv_rpcd_call;',
         '/* Runs one call: 0, or -1 with the error set for the reply. CONN is NULL',
         ' * before the client opened its connection. */',
         'typedef int (*mv_rpcd_handler)(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret);',
         '',
         '/* Parallel to mv_remote_procs. */',
         'extern const mv_rpcd_handler mv_rpcd_handlers[];', '',
         '/* Written by hand in the daemon. */']
    for pr in p.procs:
        if pr.custom:
            h.append('int mv_rpcd_custom_%s(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret);' % pr.lname)
    h += ['', '#endif', '']
    c = [HEADER_NOTE, '#include "%s"' % os.path.basename(out_h), '',
         '#include <stdlib.h>', '#include <string.h>', '#include <glib.h>',
         '#include <modvirt-plugin/error.h>', '']
    for pr in sorted(p.procs, key=lambda x: x.num):
        if pr.custom:
            continue
        c += dispatch_fn(g, pr)
        c.append('')
    c.append('const mv_rpcd_handler mv_rpcd_handlers[] = {')
    for pr in sorted(p.procs, key=lambda x: x.num):
        c.append('    %s,' % ('mv_rpcd_custom_' + pr.lname if pr.custom else 'dispatch_' + pr.lname))
    c.append('};')
    write(out_h, h)
    write(out_c, c)


def dispatch_fn(g, pr):
    cret, cparams = proto_of(g, pr)
    A = 'mv_remote_%s_args' % pr.lname
    R = 'mv_remote_%s_ret' % pr.lname
    decls, pre, after, post, call_args = [], [], [], [], []
    needs_conn = False
    for prm in pr.params:
        if prm.kind == 'conn':
            needs_conn = True
            call_args.append('conn')
        elif prm.kind == 'in' and prm.type in OBJECTS:
            htype = OBJECTS[prm.type][1]
            needs_conn = True
            decls.append('%s %s = NULL;' % (htype, prm.name))
            pre.append('if (!(%s = mv_remote_%s_get(conn, &a->%s)))' % (prm.name, OBJECTS[prm.type][2], prm.name))
            pre.append('    goto cleanup;')
            post.append('if (%s)' % prm.name)
            post.append('    %s(%s);' % (HANDLE_FREE[htype], prm.name))
            call_args.append(prm.name)
        elif prm.kind == 'in':
            call_args.append('a->%s' % prm.name)
        elif prm.kind == 'out' and prm.type in g.p.structs:
            st = g.p.structs[prm.type]
            decls.append('%s %s;' % (st.ctype, prm.name))
            decls.append('memset(&%s, 0, sizeof(%s));' % (prm.name, prm.name))
            call_args.append('&%s' % prm.name)
            for f in st.fields:
                if f.fixed:
                    after.append('memcpy(r->%s.%s, %s.%s, sizeof(r->%s.%s));'
                                 % (prm.name, f.name, prm.name, f.name, prm.name, f.name))
                else:
                    after.append('r->%s.%s = %s.%s;' % (prm.name, f.name, prm.name, f.name))
        elif prm.kind == 'out':
            call_args.append('&r->%s' % prm.name)
        elif prm.kind == 'outarray':
            ct = g.ctype(prm.type)
            bound = g.p.bound(prm.max)
            lenp = [x for x in pr.params if x.name == prm.length][0]
            if lenp.type == 'uint':
                pre.append('if (a->%s > %s) {' % (prm.length, bound))
            else:
                pre.append('if (a->%s < 0 || a->%s > %s) {' % (prm.length, prm.length, bound))
            pre.append('    mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%s %%d is over the limit of %%d", a->%s, %s);'
                       % (prm.length, prm.length, bound))
            pre.append('    goto cleanup;')
            pre.append('}')
            pre.append('r->%s.v = g_new0(%s, a->%s > 0 ? a->%s : 1);' % (prm.name, ct, prm.length, prm.length))
            st = g.p.structs.get(prm.type)
            if st is not None and st.ctype:
                # A struct given as a public C struct is laid out as that struct.
                pre.append('G_STATIC_ASSERT(sizeof(%s) == sizeof(%s));' % (ct, st.ctype))
                call_args.append('(%s *)r->%s.v' % (st.ctype, prm.name))
            else:
                call_args.append('r->%s.v' % prm.name)
        elif prm.kind == 'list':
            htype, hfree = list_c_types(g, prm.type)
            decls.append('%s *%s = NULL;' % (htype, prm.name))
            decls.append('int %s_n = 0;' % prm.name)
            call_args.append('a->need_results ? &%s : NULL' % prm.name)
            post.append('if (%s) {' % prm.name)
            post.append('    for (int i = 0; i < %s_n; i++)' % prm.name)
            post.append('        %s(%s[i]);' % (hfree, prm.name))
            post.append('    free(%s);' % prm.name)
            post.append('}')
    call = '%s(%s)' % (pr.function, ', '.join(call_args))
    res = pr.result
    body = []
    if res == 'void':
        body.append('if (%s < 0)' % call)
        body.append('    goto cleanup;')
    elif res == 'count':
        arr = [x for x in pr.params if x.kind == 'outarray'][0]
        body.append('int n = %s;' % call)
        body.append('if (n < 0)')
        body.append('    goto cleanup;')
        body.append('r->%s.n = (uint32_t)n;' % arr.name)
    elif res in OBJECTS:
        htype = OBJECTS[res][1]
        body.append('%s result = %s;' % (htype, call))
        body.append('if (!result)')
        body.append('    goto cleanup;')
        body.append('mv_remote_%s_put(&r->ret, result, true);' % OBJECTS[res][2])
        body.append('%s(result);' % HANDLE_FREE[htype])
    else:
        body.append('%s result = %s;' % (cret, call))
        body.append('if (%s)' % failure_test(cret, 'result'))
        body.append('    goto cleanup;')
        body.append('r->ret = result;')
        for l in [x for x in pr.params if x.kind == 'list']:
            bound = g.p.bound(l.max)
            body.append('%s_n = (int)result;' % l.name)
            body.append('if (%s) {' % l.name)
            body.append('    if (result > %s) {' % bound)
            body.append('        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%%d %s is over the limit of %%d", (int)result, %s);'
                        % (l.name, bound))
            body.append('        goto cleanup;')
            body.append('    }')
            body.append('    r->%s.n = (uint32_t)result;' % l.name)
            body.append('    r->%s.v = g_new0(%s, result > 0 ? result : 1);' % (l.name, g.ctype(l.type)))
            body.append('    for (int i = 0; i < (int)result; i++) {')
            if l.type in OBJECTS:
                body.append('        mv_remote_%s_put(&r->%s.v[i], %s[i], true);' % (OBJECTS[l.type][2], l.name, l.name))
            else:
                for f in g.p.structs[l.type].fields:
                    if f.type in ('string', 'ostring'):
                        body.append('        r->%s.v[i].%s = g_strdup(%s[i]->%s);' % (l.name, f.name, l.name, f.name))
                    else:
                        body.append('        r->%s.v[i].%s = %s[i]->%s;' % (l.name, f.name, l.name, f.name))
            body.append('    }')
            body.append('}')
    lines = ['static int dispatch_%s(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)' % pr.lname, '{',
             '    (void)call;']
    lines.append('    %s *a = args;' % A if pr.args else '    (void)args;')
    lines.append('    %s *r = ret;' % R if pr.ret else '    (void)ret;')
    if not needs_conn:
        lines.append('    (void)conn;')
    lines.append('    int rv = -1;')
    for x in decls + pre + body + after:
        lines.append('    ' + x)
    lines.append('    rv = 0;')
    lines.append('cleanup:')
    if post:
        # Freeing a handle is a public call, which resets the thread's
        # error: the failure's error is kept across it for the reply.
        lines.append('    {')
        lines.append('        virErrorPtr saved_ = rv < 0 ? virSaveLastError() : NULL;')
        for x in post:
            lines.append('        ' + x)
        lines.append('        if (saved_) {')
        lines.append('            if (saved_->code != VIR_ERR_OK)')
        lines.append('                mv_error_relay(saved_);')
        lines.append('            virFreeError(saved_);')
        lines.append('        }')
        lines.append('    }')
    lines.append('    return rv;')
    lines.append('}')
    if 'goto cleanup' not in '\n'.join(lines):
        lines.insert(lines.index('cleanup:'), '    goto cleanup;')
    return lines


# ---- stubs (remote plugin) ---------------------------------------------------

def gen_stubs(g, out_h, out_c):
    p = g.p
    h = [HEADER_NOTE, '#ifndef ' + guard(out_h), '#define ' + guard(out_h), '',
         '#include <modvirt-plugin/drivers.h>', '#include "remote-protocol.h"', '',
         '/* Sends one call on the connection of the remote plugin and waits for its',
         ' * reply: 0, or -1 with the error reported (the peer\'s, or the transport\'s).',
         ' * Written by hand in the plugin. */',
         'int mv_remote_call(virConnectPtr conn, int proc, mv_xdr_proc args_xdr, void *args,',
         '                   mv_xdr_proc ret_xdr, void *ret);',
         '/* The same for a call of the network, storage or interface table (KIND, an',
         ' * mv_driver_kind): on the connection that relays KIND when CONN has one. */',
         'int mv_remote_call_kind(virConnectPtr conn, int kind, int proc, mv_xdr_proc args_xdr,',
         '                        void *args, mv_xdr_proc ret_xdr, void *ret);', '']
    slots = {t: [] for t in TABLES}
    c = [HEADER_NOTE, '#include "%s"' % os.path.basename(out_h), '',
         '#include <stdlib.h>', '#include <string.h>', '#include <glib.h>',
         '#include <modvirt-plugin/error.h>', '#include <modvirt-plugin/objects.h>', '']
    for pr in sorted(p.procs, key=lambda x: x.num):
        if not pr.slot or pr.custom:
            continue
        fn = 'mv_remote_slot_%s' % pr.slot[1]
        c += stub_fn(g, pr, fn, pr.slot[0])
        c.append('')
        slots[pr.slot[0]].append((pr.slot[1], fn))
    for t in TABLES:
        h.append('#define MV_REMOTE_%s_SLOTS \\' % t.upper())
        for slot, fn in slots[t]:
            h.append('    .%s = %s, \\' % (slot, fn))
        h.append('    /* end */')
        h.append('')
        for slot, fn in slots[t]:
            pr = [x for x in p.procs if x.slot == (t, slot)][0]
            cret, cparams = slot_proto(g, pr)
            h.append('%s %s(%s);' % (cret, fn, ', '.join(cparams)))
        h.append('')
    h += ['#endif', '']
    write(out_h, h)
    write(out_c, c)


STUB_KIND = {'network': 'MV_DRIVER_NETWORK', 'storage': 'MV_DRIVER_STORAGE',
             'interface': 'MV_DRIVER_INTERFACE'}


def stub_fn(g, pr, fn, table):
    cret, cparams = slot_proto(g, pr)
    A = 'mv_remote_%s_args' % pr.lname
    R = 'mv_remote_%s_ret' % pr.lname
    fail = 'NULL' if (cret.endswith('*') or cret.endswith('Ptr')) else ('0' if cret.startswith('unsigned') else '-1')
    lines = ['%s %s(%s)' % (cret, fn, ', '.join(cparams)), '{']
    conn_expr = None
    fill = []
    for prm, cdecl in zip(pr.params, cparams):
        cname = c_param_name(cdecl)
        if prm.kind == 'conn':
            conn_expr = cname
        elif prm.kind == 'in':
            if prm.type in OBJECTS:
                if conn_expr is None:
                    conn_expr = '%s(%s)' % (HANDLE_CONN[OBJECTS[prm.type][1]], cname)
                fill.append('mv_remote_%s_put(&a.%s, %s, false);' % (OBJECTS[prm.type][2], prm.name, cname))
            elif prm.type == 'uuid':
                fill.append('memcpy(a.%s, %s, VIR_UUID_BUFLEN);' % (prm.name, cname))
            elif prm.type in ('string', 'ostring'):
                fill.append('a.%s = (char *)%s;' % (prm.name, cname))
            else:
                fill.append('a.%s = %s;' % (prm.name, cname))
        elif prm.kind == 'list':
            fill.append('a.need_results = %s != NULL;' % cname)
    if conn_expr is None:
        raise ProtoError('%s: no connection or handle parameter' % pr.line)
    if pr.args:
        lines.append('    %s a;' % A)
        lines.append('    memset(&a, 0, sizeof(a));')
    if pr.ret:
        lines.append('    %s r;' % R)
        lines.append('    memset(&r, 0, sizeof(r));')
    lines.append('    virConnectPtr conn_ = %s;' % conn_expr)
    for f in fill:
        lines.append('    ' + f)
    call = ('mv_remote_call_kind(conn_, %s, ' % STUB_KIND[table] if table in STUB_KIND
            else 'mv_remote_call(conn_, ')
    lines.append('    if (%sMV_REMOTE_PROC_%s, %s, %s, %s, %s) < 0)' % (
        call, pr.name,
        '%s_xdr' % A if pr.args else 'mv_remote_void_xdr', '&a' if pr.args else 'NULL',
        '%s_xdr' % R if pr.ret else 'mv_remote_void_xdr', '&r' if pr.ret else 'NULL'))
    lines.append('        return %s;' % fail)
    result = None
    for prm, cdecl in zip(pr.params, cparams):
        cname = c_param_name(cdecl)
        if prm.kind == 'out':
            if prm.type in g.p.structs:
                st = g.p.structs[prm.type]
                for f in st.fields:
                    if f.fixed:
                        lines.append('    memcpy(%s->%s, r.%s.%s, sizeof(%s->%s));' % (cname, f.name, prm.name, f.name, cname, f.name))
                    else:
                        lines.append('    %s->%s = r.%s.%s;' % (cname, f.name, prm.name, f.name))
            elif prm.type in ('string', 'ostring'):
                lines.append('    *%s = r.%s;' % (cname, prm.name))
                lines.append('    r.%s = NULL;' % prm.name)
            else:
                # An optional out pointer (virDomainGetState's reason).
                lines.append('    if (%s)' % cname)
                lines.append('        *%s = r.%s;' % (cname, prm.name))
        elif prm.kind == 'outarray':
            lenp = [c_param_name(cd) for x, cd in zip(pr.params, cparams) if x.kind == 'in' and x.name == prm.length][0]
            lines.append('    if ((long long)r.%s.n > (long long)%s) {' % (prm.name, lenp))
            lines.append('        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_RPC, "the peer returned %%u %s, more than the %%d asked for", r.%s.n, %s);'
                         % (prm.name, prm.name, lenp))
            lines.append('        mv_xdr_free(%s_xdr, &r);' % R)
            lines.append('        return %s;' % fail)
            lines.append('    }')
            if prm.type == 'string':
                lines.append('    for (uint32_t i = 0; i < r.%s.n; i++) {' % prm.name)
                lines.append('        %s[i] = r.%s.v[i];' % (cname, prm.name))
                lines.append('        r.%s.v[i] = NULL;' % prm.name)
                lines.append('    }')
            else:
                lines.append('    if (r.%s.n)' % prm.name)
                lines.append('        memcpy(%s, r.%s.v, r.%s.n * sizeof(*%s));' % (cname, prm.name, prm.name, cname))
            lines.append('    int count = (int)r.%s.n;' % prm.name)
            result = 'count'
        elif prm.kind == 'list' and prm.type in OBJECTS:
            stem = OBJECTS[prm.type][2]
            htype = OBJECTS[prm.type][1]
            lines.append('    if (%s) {' % cname)
            lines.append('        %s *list = g_new0(%s, r.%s.n + 1);' % (htype, htype, prm.name))
            lines.append('        for (uint32_t i = 0; i < r.%s.n; i++) {' % prm.name)
            lines.append('            list[i] = mv_remote_%s_get(conn_, &r.%s.v[i]);' % (stem, prm.name))
            lines.append('            if (!list[i]) {')
            lines.append('                for (uint32_t j = 0; j < i; j++)')
            lines.append('                    %s(list[j]);' % HANDLE_FREE[htype])
            lines.append('                g_free(list);')
            lines.append('                mv_xdr_free(%s_xdr, &r);' % R)
            lines.append('                return %s;' % fail)
            lines.append('            }')
            lines.append('        }')
            lines.append('        *%s = list;' % cname)
            lines.append('    }')
        elif prm.kind == 'list':
            st = g.p.structs[prm.type]
            htype, _ = list_c_types(g, prm.type)
            lines.append('    if (%s) {' % cname)
            lines.append('        %s *list = g_new0(%s, r.%s.n + 1);' % (htype, htype, prm.name))
            lines.append('        for (uint32_t i = 0; i < r.%s.n; i++) {' % prm.name)
            lines.append('            list[i] = g_new0(%s, 1);' % st.ctype)
            for f in st.fields:
                lines.append('            list[i]->%s = r.%s.v[i].%s;' % (f.name, prm.name, f.name))
                if f.type in ('string', 'ostring'):
                    lines.append('            r.%s.v[i].%s = NULL;' % (prm.name, f.name))
            lines.append('        }')
            lines.append('        *%s = list;' % cname)
            lines.append('    }')
    res = pr.result
    if res == 'void':
        result = '0'
    elif res == 'count':
        pass
    elif res in OBJECTS:
        lines.append('    %s result = mv_remote_%s_get(conn_, &r.ret);' % (OBJECTS[res][1], OBJECTS[res][2]))
        result = 'result'
    elif res in ('string', 'ostring'):
        lines.append('    %s result = r.ret;' % cret)
        lines.append('    r.ret = NULL;')
        result = 'result'
    else:
        result = '(%s)r.ret' % cret
        lines.append('    %s result = %s;' % (cret, result))
        result = 'result'
    if pr.ret:
        lines.append('    mv_xdr_free(%s_xdr, &r);' % R)
    lines.append('    return %s;' % result)
    lines.append('}')
    return lines


def write(path, lines):
    text = '\n'.join(lines) + '\n'
    try:
        if open(path).read() == text:
            return
    except OSError:
        pass
    with open(path + '.tmp', 'w') as f:
        f.write(text)
    os.replace(path + '.tmp', path)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    mode, proto_path, headerdir = argv[1], argv[2], argv[3]
    try:
        proto = Protocol(proto_path)
        drivers_h = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'plugin-api',
                                 'modvirt-plugin', 'drivers.h')
        g = Gen(proto, read_prototypes(headerdir), read_slots(drivers_h))
        if mode == 'list':
            for pr in proto.procs:
                if pr.function:
                    print(pr.function, pr.name, pr.num)
            return
        if mode == 'protocol':
            gen_protocol(g, argv[4], argv[5])
        elif mode == 'dispatch':
            gen_dispatch(g, argv[4], argv[5])
        elif mode == 'stubs':
            gen_stubs(g, argv[4], argv[5])
        else:
            sys.exit('unknown mode ' + mode)
    except ProtoError as e:
        sys.exit('gen-remote.py: %s' % e)


if __name__ == '__main__':
    main(sys.argv)
