/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cpumap.c — host CPU bitmaps as virsh reads and writes them:
 * the number of host CPUs, a cpulist ("0-3,^2,5", or "r" for all) into a
 * map, a map into its canonical list ("0-1,3"), and virsh's integer
 * options. */
#include "mvsh.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#define MVSH_CPULIST_MAX 1024   /* the largest CPU a list may name, plus 1 */

int mvsh_node_cpu_count(virConnectPtr conn)
{
    int n = virNodeGetCPUMap(conn, NULL, NULL, 0);
    if (n >= 0 || virGetLastErrorCode() != VIR_ERR_NO_SUPPORT)
        return n;
    /* Drivers without the call: the topology of virNodeGetInfo. */
    mvsh_reset_error();
    virNodeInfo info;
    if (virNodeGetInfo(conn, &info) < 0)
        return -1;
    return (int)VIR_NODEINFO_MAXCPUS(info);
}

/* virBitmapParse's grammar: entries N, N-M or ^N separated by ',', with
 * blanks around them; false on anything else or a CPU past the bound. */
static bool parse_bitmap(const char *s, unsigned char *map)
{
    const char *p = s;
    bool any = false;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        bool neg = *p == '^';
        if (neg)
            p++;
        if (!g_ascii_isdigit(*p))
            return false;
        char *end;
        errno = 0;
        unsigned long a = strtoul(p, &end, 10), b = a;
        if (errno || a >= MVSH_CPULIST_MAX)
            return false;
        p = end;
        if (*p == '-' && !neg) {
            if (!g_ascii_isdigit(p[1]))
                return false;
            b = strtoul(p + 1, &end, 10);
            if (errno || b >= MVSH_CPULIST_MAX || b < a)
                return false;
            p = end;
        }
        for (unsigned long c = a; c <= b; c++) {
            if (neg)
                map[c / 8] &= (unsigned char)~(1u << (c % 8));
            else
                map[c / 8] |= (unsigned char)(1u << (c % 8));
        }
        any = true;
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            return any;
        if (*p != ',')
            return false;
        p++;
    }
}

unsigned char *mvsh_parse_cpulist(const char *list, int maxcpu, int *maplen)
{
    *maplen = VIR_CPU_MAPLEN(maxcpu);
    if (list[0] == 'r') {
        unsigned char *map = g_malloc0(*maplen);
        for (int c = 0; c < maxcpu; c++)
            VIR_USE_CPU(map, c);
        return map;
    }
    g_autofree unsigned char *map = g_malloc0(MVSH_CPULIST_MAX / 8);
    if (!parse_bitmap(list, map)) {
        mvsh_error("Invalid cpulist '%s'", list);
        mvsh_error("invalid argument: Failed to parse bitmap '%s'", list);
        return NULL;
    }
    int last = -1;
    for (int c = 0; c < MVSH_CPULIST_MAX; c++)
        if (VIR_CPU_USED(map, c))
            last = c;
    if (last < 0) {
        mvsh_error("Invalid cpulist '%s'", list);
        return NULL;
    }
    if (last >= maxcpu) {
        mvsh_error("CPU %d in cpulist '%s' exceed the maxcpu %d", last, list, maxcpu);
        return NULL;
    }
    return g_memdup2(map, *maplen);
}

char *mvsh_cpumap_format(const unsigned char *map, int maplen)
{
    GString *s = g_string_new(NULL);
    int ncpus = maplen * 8;
    for (int c = 0; c < ncpus; c++) {
        if (!VIR_CPU_USED(map, c))
            continue;
        int last = c;
        while (last + 1 < ncpus && VIR_CPU_USED(map, last + 1))
            last++;
        if (s->len)
            g_string_append_c(s, ',');
        if (last > c)
            g_string_append_printf(s, "%d-%d", c, last);
        else
            g_string_append_printf(s, "%d", c);
        c = last;
    }
    return g_string_free(s, FALSE);
}

int mvsh_arg_int(const mvsh_args *a, const char *name, int *out)
{
    const char *s = mvsh_arg(a, name);
    if (!s)
        return 0;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < INT_MIN || v > INT_MAX) {
        mvsh_error("Numeric value '%s' for <%s> option is malformed or out of range", s, name);
        return -1;
    }
    *out = (int)v;
    return 1;
}
