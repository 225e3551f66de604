/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/host-cpu.c — the host's CPU time (/proc/stat), memory
 * (/proc/meminfo, /sys/devices/system/node/nodeN/meminfo) and CPUs
 * (/sys/devices/system/cpu/{present,online}), computed and worded as
 * libvirt's virHostCPUGetStats, virHostMemGetStats and virHostCPUGetMap. */
#include "mv-config.h"
#include <modvirt-plugin/host-cpu.h>
#include "core/util/error.h"
#include <glib.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CPU_STATS 4

/* libvirt's argument errors: the text alone, no "invalid argument: ". */
static void bad_arg(const char *func, const char *fmt, ...) MV_PRINTF(2, 3);
static void bad_arg(const char *func, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_error_set_raw(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, func, NULL, text);
}
#define MEMORY_STATS_ALL 4
#define MEMORY_STATS_CELL 2

static void assign(char *field, size_t size, unsigned long long *value, const char *name,
                   unsigned long long v)
{
    g_strlcpy(field, name, size);
    *value = v;
}

int mv_host_cpu_stats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params, int *nparams,
                      unsigned int flags)
{
    (void)conn;
    if (mv_error_check_flags(flags, 0, VIR_FROM_NONE, "virHostCPUGetStats") < 0)
        return -1;
    if (*nparams == 0) {
        *nparams = CPU_STATS;
        return 0;
    }
    if (*nparams != CPU_STATS) {
        bad_arg("virHostCPUGetStatsLinux", "nparams in %s must be equal to %d",
                "virHostCPUGetStatsLinux", CPU_STATS);
        return -1;
    }
    FILE *f = fopen("/proc/stat", "re");
    if (!f) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno, "cannot open %s",
                              "/proc/stat");
        return -1;
    }
    g_autofree char *header = cpuNum == -1 ? g_strdup("cpu ") : g_strdup_printf("cpu%d ", cpuNum);
    unsigned long long tick = 1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK);
    char line[1024];
    int rc = -1;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, header, strlen(header)) != 0)
            continue;
        unsigned long long v[7] = { 0 };   /* user nice system idle iowait irq softirq */
        if (sscanf(line + strlen(header), "%llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
                   &v[2], &v[3], &v[4], &v[5], &v[6]) < 4)
            continue;
        assign(params[0].field, sizeof(params[0].field), &params[0].value,
               VIR_NODE_CPU_STATS_KERNEL, (v[2] + v[5] + v[6]) * tick);
        assign(params[1].field, sizeof(params[1].field), &params[1].value,
               VIR_NODE_CPU_STATS_USER, (v[0] + v[1]) * tick);
        assign(params[2].field, sizeof(params[2].field), &params[2].value,
               VIR_NODE_CPU_STATS_IDLE, v[3] * tick);
        assign(params[3].field, sizeof(params[3].field), &params[3].value,
               VIR_NODE_CPU_STATS_IOWAIT, v[4] * tick);
        rc = 0;
        break;
    }
    fclose(f);
    if (rc < 0)
        bad_arg("virHostCPUGetStatsLinux", "Invalid cpuNum in %s", "virHostCPUGetStatsLinux");
    return rc;
}

/* The highest NUMA node of the host, or -1 without NUMA. */
static int max_numa_node(void)
{
    GDir *dir = g_dir_open("/sys/devices/system/node", 0, NULL);
    int max = -1;
    const char *name;
    if (!dir)
        return -1;
    while ((name = g_dir_read_name(dir))) {
        char *end;
        if (strncmp(name, "node", 4) != 0 || !g_ascii_isdigit(name[4]))
            continue;
        long n = strtol(name + 4, &end, 10);
        if (!*end && n > max)
            max = (int)n;
    }
    g_dir_close(dir);
    return max;
}

int mv_host_memory_stats(virConnectPtr conn, int cellNum, virNodeMemoryStatsPtr params,
                         int *nparams, unsigned int flags)
{
    static const char *const names[][2] = {
        { "MemTotal:", VIR_NODE_MEMORY_STATS_TOTAL },
        { "MemFree:", VIR_NODE_MEMORY_STATS_FREE },
        { "Buffers:", VIR_NODE_MEMORY_STATS_BUFFERS },
        { "Cached:", VIR_NODE_MEMORY_STATS_CACHED },
    };
    (void)conn;
    if (mv_error_check_flags(flags, 0, VIR_FROM_NONE, "virHostMemGetStats") < 0)
        return -1;
    int max_node = max_numa_node();
    /* A host without NUMA is one cell: cell 0 is the whole host. */
    if (max_node < 0 && cellNum == 0)
        cellNum = -1;
    g_autofree char *path = NULL;
    if (cellNum == -1) {
        path = g_strdup("/proc/meminfo");
    } else {
        if (max_node < 0) {
            mv_error_report(VIR_FROM_NONE, VIR_ERR_OPERATION_INVALID,
                            "NUMA not supported on this host");
            return -1;
        }
        if (cellNum > max_node) {
            bad_arg("virHostMemGetStats", "cellNum in %s must be less than or equal to %d",
                    "virHostMemGetStats", max_node);
            return -1;
        }
        path = g_strdup_printf("/sys/devices/system/node/node%d/meminfo", cellNum);
    }
    FILE *f = fopen(path, "re");
    if (!f) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno, "cannot open %s", path);
        return -1;
    }
    int want = cellNum == -1 ? MEMORY_STATS_ALL : MEMORY_STATS_CELL;
    if (*nparams == 0 || *nparams != want) {
        fclose(f);
        if (*nparams == 0) {
            *nparams = want;
            return 0;
        }
        bad_arg("virHostMemGetStatsLinux", "nparams in %s must be %d", "virHostMemGetStatsLinux",
                want);
        return -1;
    }
    char line[1024];
    int found = 0;
    while (found < want && fgets(line, sizeof(line), f)) {
        char *buf = line;
        if (strncmp(buf, "Node ", 5) == 0) {   /* "Node 0 MemTotal: ..." */
            buf = strchr(buf + 5, ' ');
            if (!buf) {
                fclose(f);
                mv_error_report(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "no prefix found");
                return -1;
            }
            buf++;
        }
        char hdr[VIR_NODE_MEMORY_STATS_FIELD_LENGTH + 1];
        unsigned long long kib;
        if (sscanf(buf, "%80s %llu kB", hdr, &kib) < 2)
            continue;
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
            if (strcmp(hdr, names[i][0]) == 0) {
                assign(params[found].field, sizeof(params[found].field),
                       &params[found].value, names[i][1], kib);
                found++;
                break;
            }
        }
    }
    fclose(f);
    if (found == 0) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "no available memory line found");
        return -1;
    }
    return 0;
}

/* The CPUs of a sysfs list ("0-3,5") into BITS (NBITS wide); the highest
 * one, or -1. */
static int read_cpulist(const char *path, unsigned char *bits, int nbits)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return -1;
    int last = -1;
    for (char *p = text; *p && *p != '\n';) {
        char *end;
        long a = strtol(p, &end, 10), b = a;
        if (end == p)
            break;
        if (*end == '-')
            b = strtol(end + 1, &end, 10);
        for (long c = a; c <= b; c++) {
            if (bits && c < nbits)
                bits[c / 8] |= 1u << (c % 8);
            if (c > last)
                last = (int)c;
        }
        p = *end == ',' ? end + 1 : end;
        if (*end != ',')
            break;
    }
    return last;
}

int mv_host_cpu_map(virConnectPtr conn, unsigned char **cpumap, unsigned int *online,
                    unsigned int flags)
{
    (void)conn;
    if (mv_error_check_flags(flags, 0, VIR_FROM_NONE, "virHostCPUGetMap") < 0)
        return -1;
    int last = read_cpulist("/sys/devices/system/cpu/present", NULL, 0);
    if (last < 0) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno ? errno : EIO,
                              "unable to read %s", "/sys/devices/system/cpu/present");
        return -1;
    }
    int count = last + 1;
    if (!cpumap && !online)
        return count;
    unsigned char *bits = g_malloc0(VIR_CPU_MAPLEN(count));
    read_cpulist("/sys/devices/system/cpu/online", bits, count);
    if (online) {
        unsigned int n = 0;
        for (int c = 0; c < count; c++)
            n += !!(bits[c / 8] & (1u << (c % 8)));
        *online = n;
    }
    if (cpumap)
        *cpumap = bits;
    else
        g_free(bits);
    return count;
}
