/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/xdr.c — XDR primitives: big-endian 4-byte units, padded opaque data. */
#include "xdr.h"

#include <string.h>
#include <glib.h>

void mv_xdr_init_encode(mv_xdr *x, size_t max)
{
    memset(x, 0, sizeof(*x));
    x->op = MV_XDR_ENCODE;
    x->max = max;
}

void mv_xdr_init_decode(mv_xdr *x, const void *buf, size_t len)
{
    memset(x, 0, sizeof(*x));
    x->op = MV_XDR_DECODE;
    x->buf = (uint8_t *)buf;
    x->len = len;
}

void mv_xdr_init_free(mv_xdr *x)
{
    memset(x, 0, sizeof(*x));
    x->op = MV_XDR_FREE;
}

void mv_xdr_dispose(mv_xdr *x)
{
    if (x->op == MV_XDR_ENCODE)
        g_free(x->buf);
    x->buf = NULL;
    x->len = x->cap = 0;
}

uint8_t *mv_xdr_steal(mv_xdr *x, size_t *len)
{
    uint8_t *b = x->buf;
    if (len)
        *len = x->len;
    x->buf = NULL;
    x->len = x->cap = 0;
    return b;
}

void mv_xdr_free(mv_xdr_proc proc, void *obj)
{
    mv_xdr x;
    mv_xdr_init_free(&x);
    proc(&x, obj);
}

bool mv_xdr_at_end(const mv_xdr *x)
{
    return !x->failed && x->pos == x->len;
}

uint8_t *mv_xdr_reserve(mv_xdr *x, size_t n)
{
    if (x->failed)
        return NULL;
    if (n > x->max || x->len > x->max - n) {
        x->failed = true;
        return NULL;
    }
    if (x->len + n > x->cap) {
        size_t cap = x->cap ? x->cap : 256;
        while (cap < x->len + n)
            cap *= 2;
        if (cap > x->max)
            cap = x->max;
        x->buf = g_realloc(x->buf, cap);
        x->cap = cap;
    }
    uint8_t *p = x->buf + x->len;
    x->len += n;
    return p;
}

static const uint8_t *take(mv_xdr *x, size_t n)
{
    if (x->failed || n > x->len - x->pos) {
        x->failed = true;
        return NULL;
    }
    const uint8_t *p = x->buf + x->pos;
    x->pos += n;
    return p;
}

static size_t pad4(size_t n)
{
    return (4 - (n & 3)) & 3;
}

bool mv_xdr_uint(mv_xdr *x, uint32_t *v)
{
    if (x->op == MV_XDR_ENCODE) {
        uint8_t *p = mv_xdr_reserve(x, 4);
        if (!p)
            return false;
        p[0] = *v >> 24; p[1] = *v >> 16; p[2] = *v >> 8; p[3] = *v;
        return true;
    }
    if (x->op == MV_XDR_DECODE) {
        const uint8_t *p = take(x, 4);
        if (!p)
            return false;
        *v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    }
    return true;
}

bool mv_xdr_int(mv_xdr *x, int32_t *v)
{
    uint32_t u = (uint32_t)*v;
    if (!mv_xdr_uint(x, &u))
        return false;
    *v = (int32_t)u;
    return true;
}

bool mv_xdr_uhyper(mv_xdr *x, uint64_t *v)
{
    uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
    if (!mv_xdr_uint(x, &hi) || !mv_xdr_uint(x, &lo))
        return false;
    *v = (uint64_t)hi << 32 | lo;
    return true;
}

bool mv_xdr_hyper(mv_xdr *x, int64_t *v)
{
    uint64_t u = (uint64_t)*v;
    if (!mv_xdr_uhyper(x, &u))
        return false;
    *v = (int64_t)u;
    return true;
}

bool mv_xdr_double(mv_xdr *x, double *v)
{
    uint64_t u;
    memcpy(&u, v, sizeof(u));
    if (!mv_xdr_uhyper(x, &u))
        return false;
    memcpy(v, &u, sizeof(u));
    return true;
}

bool mv_xdr_bool(mv_xdr *x, int *v)
{
    uint32_t u = *v ? 1 : 0;
    if (!mv_xdr_uint(x, &u))
        return false;
    if (x->op == MV_XDR_DECODE) {
        if (u > 1) {
            x->failed = true;
            return false;
        }
        *v = (int)u;
    }
    return true;
}

#define NARROW(fn, ctype, wtype, wproc)          \
    bool fn(mv_xdr *x, ctype *v)                 \
    {                                            \
        wtype w = (wtype)*v;                     \
        if (!wproc(x, &w))                       \
            return false;                        \
        *v = (ctype)w;                           \
        return true;                             \
    }

NARROW(mv_xdr_char, char, int32_t, mv_xdr_int)
NARROW(mv_xdr_uchar, unsigned char, uint32_t, mv_xdr_uint)
NARROW(mv_xdr_short, short, int32_t, mv_xdr_int)
NARROW(mv_xdr_ushort, unsigned short, uint32_t, mv_xdr_uint)
NARROW(mv_xdr_cint, int, int32_t, mv_xdr_int)
NARROW(mv_xdr_cuint, unsigned int, uint32_t, mv_xdr_uint)
NARROW(mv_xdr_culong, unsigned long, uint64_t, mv_xdr_uhyper)
NARROW(mv_xdr_cllong, long long, int64_t, mv_xdr_hyper)
NARROW(mv_xdr_cullong, unsigned long long, uint64_t, mv_xdr_uhyper)

static bool bytes(mv_xdr *x, uint8_t *p, uint32_t n, bool decode_into)
{
    size_t pad = pad4(n);
    if (x->op == MV_XDR_ENCODE) {
        uint8_t *d = mv_xdr_reserve(x, (size_t)n + pad);
        if (!d)
            return false;
        if (n)
            memcpy(d, p, n);
        memset(d + n, 0, pad);
        return true;
    }
    const uint8_t *s = take(x, (size_t)n + pad);
    if (!s)
        return false;
    if (decode_into && n)
        memcpy(p, s, n);
    return true;
}

bool mv_xdr_opaque_fixed(mv_xdr *x, uint8_t *p, uint32_t n)
{
    if (x->op == MV_XDR_FREE)
        return true;
    return bytes(x, p, n, true);
}

bool mv_xdr_opaque(mv_xdr *x, uint8_t **p, uint32_t *n, uint32_t max)
{
    if (x->op == MV_XDR_FREE) {
        g_clear_pointer(p, g_free);
        return true;
    }
    if (x->op == MV_XDR_ENCODE && *n > max) {
        x->failed = true;
        return false;
    }
    if (!mv_xdr_uint(x, n))
        return false;
    if (x->op == MV_XDR_DECODE) {
        *p = NULL;
        if (*n > max || *n > x->len - x->pos) {
            x->failed = true;
            return false;
        }
        *p = *n ? g_malloc(*n) : NULL;
    }
    return bytes(x, *p, *n, true);
}

bool mv_xdr_string(mv_xdr *x, char **s, uint32_t max)
{
    if (x->op == MV_XDR_FREE) {
        g_clear_pointer(s, g_free);
        return true;
    }
    uint32_t n;
    if (x->op == MV_XDR_ENCODE) {
        if (!*s) {
            x->failed = true;
            return false;
        }
        size_t len = strlen(*s);
        if (len > max) {
            x->failed = true;
            return false;
        }
        n = (uint32_t)len;
        return mv_xdr_uint(x, &n) && bytes(x, (uint8_t *)*s, n, false);
    }
    *s = NULL;
    if (!mv_xdr_uint(x, &n))
        return false;
    if (n > max || n > x->len - x->pos) {
        x->failed = true;
        return false;
    }
    const uint8_t *src = x->buf + x->pos;
    if (memchr(src, 0, n)) {
        x->failed = true;
        return false;
    }
    char *d = g_malloc((size_t)n + 1);
    memcpy(d, src, n);
    d[n] = 0;
    if (!bytes(x, NULL, n, false)) {
        g_free(d);
        return false;
    }
    *s = d;
    return true;
}

bool mv_xdr_ostring(mv_xdr *x, char **s, uint32_t max)
{
    if (x->op == MV_XDR_FREE) {
        g_clear_pointer(s, g_free);
        return true;
    }
    int present = *s != NULL;
    if (x->op == MV_XDR_DECODE)
        *s = NULL;
    if (!mv_xdr_bool(x, &present))
        return false;
    return !present || mv_xdr_string(x, s, max);
}

bool mv_xdr_char_vector(mv_xdr *x, char *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!mv_xdr_char(x, &p[i]))
            return false;
    return true;
}

bool mv_xdr_array(mv_xdr *x, void **arr, uint32_t *count, uint32_t max, size_t size,
                  mv_xdr_proc proc)
{
    if (x->op == MV_XDR_FREE) {
        for (uint32_t i = 0; *arr && i < *count; i++)
            proc(x, (char *)*arr + i * size);
        g_clear_pointer(arr, g_free);
        *count = 0;
        return true;
    }
    if (x->op == MV_XDR_ENCODE && *count > max) {
        x->failed = true;
        return false;
    }
    if (x->op == MV_XDR_DECODE)
        *arr = NULL;
    if (!mv_xdr_uint(x, count))
        return false;
    if (x->op == MV_XDR_DECODE) {
        /* Every element takes at least one 4-byte unit on the wire. */
        if (*count > max || *count > (x->len - x->pos) / 4) {
            x->failed = true;
            *count = 0;
            return false;
        }
        *arr = *count ? g_malloc0_n(*count, size) : NULL;
    }
    for (uint32_t i = 0; i < *count; i++) {
        if (!proc(x, (char *)*arr + i * size)) {
            if (x->op == MV_XDR_DECODE) {
                /* Keep what was decoded so the caller's free releases it. */
                *count = i + 1;
            }
            return false;
        }
    }
    return true;
}

bool mv_xdr_pointer(mv_xdr *x, void **obj, size_t size, mv_xdr_proc proc)
{
    if (x->op == MV_XDR_FREE) {
        if (*obj)
            proc(x, *obj);
        g_clear_pointer(obj, g_free);
        return true;
    }
    int present = *obj != NULL;
    if (x->op == MV_XDR_DECODE)
        *obj = NULL;
    if (!mv_xdr_bool(x, &present))
        return false;
    if (!present)
        return true;
    if (x->op == MV_XDR_DECODE)
        *obj = g_malloc0(size);
    return proc(x, *obj);
}
