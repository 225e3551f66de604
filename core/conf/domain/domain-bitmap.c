/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-bitmap.c — CPU and NUMA node sets ("0-3,^2,8")
 * read as libvirt reads them (in order, '^' clears one position, spaces
 * allowed around numbers) and written in libvirt's canonical form; for
 * drivers, the same sets as virDomainPinVcpu's cpumaps. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <stdlib.h>
#include <string.h>

static const char *skip_spaces(const char *p)
{
    while (g_ascii_isspace(*p))
        p++;
    return p;
}

/* Reads a decimal below BITS at *P. */
static bool read_pos(const char **p, unsigned int bits, unsigned int *out)
{
    if (!g_ascii_isdigit(**p))
        return false;
    unsigned long long v = 0;
    while (g_ascii_isdigit(**p)) {
        v = v * 10 + (unsigned)(**p - '0');
        if (v >= bits)
            return false;
        (*p)++;
    }
    *out = (unsigned int)v;
    return true;
}

static bool parse_into(const char *text, unsigned int bits, guint8 *set)
{
    const char *p = skip_spaces(text);
    if (!*p)
        return false;
    while (*p) {
        bool neg = *p == '^';
        if (neg)
            p++;
        unsigned int a, b;
        if (!read_pos(&p, bits, &a))
            return false;
        p = skip_spaces(p);
        b = a;
        if (!neg && *p == '-') {
            p = skip_spaces(p + 1);
            if (!read_pos(&p, bits, &b) || b < a)
                return false;
            p = skip_spaces(p);
        }
        for (unsigned int i = a; i <= b; i++)
            set[i] = !neg;
        if (!*p)
            break;
        if (*p != ',')
            return false;
        p = skip_spaces(p + 1);
        if (*p == ',')
            return false;
    }
    return true;
}

char *mv_conf_domain_bitmap_canon(const char *text, unsigned int bits, bool *all_set,
                                  bool *empty)
{
    g_autofree guint8 *set = g_new0(guint8, bits);
    if (!text || !parse_into(text, bits, set)) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Failed to parse bitmap '%s'",
                        text ? text : "");
        return NULL;
    }
    GString *s = g_string_new(NULL);
    unsigned int count = 0;
    for (unsigned int i = 0; i < bits; i++) {
        if (!set[i])
            continue;
        unsigned int j = i;
        while (j + 1 < bits && set[j + 1])
            j++;
        if (s->len)
            g_string_append_c(s, ',');
        if (j > i)
            g_string_append_printf(s, "%u-%u", i, j);
        else
            g_string_append_printf(s, "%u", i);
        count += j - i + 1;
        i = j;
    }
    *all_set = count == bits;
    *empty = count == 0;
    return g_string_free(s, FALSE);
}

int mv_domain_cpuset_to_map(const char *cpuset, unsigned char *map, int maplen)
{
    unsigned int bits = maplen > 0 ? (unsigned int)maplen * 8 : 0;
    g_autofree guint8 *set = g_new0(guint8, 16384);
    if (maplen > 0)
        memset(map, 0, (size_t)maplen);
    if (!cpuset || !parse_into(cpuset, 16384, set)) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Failed to parse bitmap '%s'",
                        cpuset ? cpuset : "");
        return -1;
    }
    for (unsigned int i = 0; i < bits && i < 16384; i++)
        if (set[i])
            map[i / 8] |= (unsigned char)(1u << (i % 8));
    return 0;
}

char *mv_domain_cpuset_from_map(const unsigned char *map, int maplen)
{
    GString *s = g_string_new(NULL);
    unsigned int bits = maplen > 0 ? (unsigned int)maplen * 8 : 0;
#define BIT(i) (map[(i) / 8] & (1u << ((i) % 8)))
    for (unsigned int i = 0; i < bits; i++) {
        if (!BIT(i))
            continue;
        unsigned int j = i;
        while (j + 1 < bits && BIT(j + 1))
            j++;
        if (s->len)
            g_string_append_c(s, ',');
        if (j > i)
            g_string_append_printf(s, "%u-%u", i, j);
        else
            g_string_append_printf(s, "%u", i);
        i = j;
    }
#undef BIT
    if (!s->len) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}
