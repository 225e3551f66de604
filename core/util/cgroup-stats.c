/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup-stats.c — a guest's statistics from its cgroup, as
 * libvirt reads them for virDomainGetCPUStats and virDomainBlockStats:
 * the CPU time in total (cpuacct.usage and cpuacct.stat on v1, cpu.stat on
 * v2), per host CPU (cpuacct.usage_percpu, with the vCPU children's sum),
 * and the block I/O done (blkio.throttle.io_service_bytes/io_serviced on
 * v1, io.stat on v2) summed over every device (modvirt-plugin/cgroup.h). */
#include "mv-config.h"
#include "core/util/cgroup-read.h"
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/error.h>
#include <modvirt-plugin/host-cpu.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FROM VIR_FROM_CGROUP

/* The text of FILE of controller C (V1's name or V2's); NULL with
 * libvirt's system error when it cannot be read. */
static char *read_file(mv_cgroup *cg, mv_cgroup_ctrl c, const char *v1, const char *v2)
{
    g_autofree char *path = mv_cgroup_file(cg, c, v1, v2);
    if (!path) {
        mv_error_report(FROM, VIR_ERR_OPERATION_INVALID, "%s",
                        "cgroup controller is not mounted");
        return NULL;
    }
    return mv_cgroup_read_text(path);
}

/* The number after KEY (at a line's start, then a blank) in TEXT. */
static bool keyed_value(const char *text, const char *key, unsigned long long *v)
{
    size_t n = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, n) || (p[n] != ' ' && p[n] != '\t'))
            continue;
        char *end = NULL;
        errno = 0;
        *v = strtoull(p + n, &end, 10);
        return !errno && end != p + n;
    }
    return false;
}

int mv_cgroup_get_cpu_times(mv_cgroup *cg, unsigned long long *total, unsigned long long *user,
                            unsigned long long *system)
{
    bool v2 = cg && cg->v2[MV_CGROUP_CPUACCT];
    g_autofree char *usage = read_file(cg, MV_CGROUP_CPUACCT, "cpuacct.usage", "cpu.stat");
    if (!usage)
        return -1;
    if (v2) {
        unsigned long long us = 0, u = 0, s = 0;
        if (!keyed_value(usage, "usage_usec", &us) || !keyed_value(usage, "user_usec", &u) ||
            !keyed_value(usage, "system_usec", &s)) {
            mv_error_report(FROM, VIR_ERR_INTERNAL_ERROR, "%s",
                            "cannot parse cpu.stat: usage_usec, user_usec or system_usec missing");
            return -1;
        }
        *total = us * 1000;
        if (user)
            *user = u * 1000;
        if (system)
            *system = s * 1000;
        return 0;
    }
    char *end = NULL;
    errno = 0;
    *total = strtoull(usage, &end, 10);
    if (errno || end == usage) {
        mv_error_report(FROM, VIR_ERR_INTERNAL_ERROR, "Cannot parse cpuacct.usage '%s'",
                        g_strstrip(usage));
        return -1;
    }
    if (!user && !system)
        return 0;
    g_autofree char *stat = read_file(cg, MV_CGROUP_CPUACCT, "cpuacct.stat", NULL);
    if (!stat)
        return -1;
    unsigned long long u = 0, s = 0;
    if (!keyed_value(stat, "user", &u) || !keyed_value(stat, "system", &s)) {
        mv_error_report(FROM, VIR_ERR_INTERNAL_ERROR, "%s",
                        "cannot parse cpuacct stat: user or system missing");
        return -1;
    }
    /* USER_HZ ticks */
    long hz = sysconf(_SC_CLK_TCK);
    unsigned long long tick = 1000000000ULL / (unsigned long long)(hz > 0 ? hz : 100);
    if (user)
        *user = u * tick;
    if (system)
        *system = s * tick;
    return 0;
}

static void put_ull(virTypedParameterPtr p, const char *field, unsigned long long v)
{
    g_strlcpy(p->field, field, VIR_TYPED_PARAM_FIELD_LENGTH);
    p->type = VIR_TYPED_PARAM_ULLONG;
    p->value.ul = v;
}

static bool has_cpuacct(mv_cgroup *cg, int from)
{
    if (cg && cg->dir[MV_CGROUP_CPUACCT])
        return true;
    mv_error_report(from, VIR_ERR_OPERATION_INVALID, "%s",
                    "cgroup CPUACCT controller is not mounted");
    return false;
}

int mv_cgroup_total_cpu_stats(mv_cgroup *cg, int from, virTypedParameterPtr params, int nparams)
{
    if (!has_cpuacct(cg, from))
        return -1;
    if (nparams == 0)
        return 3;
    unsigned long long total = 0, user = 0, system = 0;
    if (mv_cgroup_get_cpu_times(cg, &total, nparams > 1 ? &user : NULL,
                                nparams > 2 ? &system : NULL) < 0)
        return -1;
    put_ull(&params[0], VIR_DOMAIN_CPU_STATS_CPUTIME, total);
    if (nparams > 1)
        put_ull(&params[1], VIR_DOMAIN_CPU_STATS_USERTIME, user);
    if (nparams > 2)
        put_ull(&params[2], VIR_DOMAIN_CPU_STATS_SYSTEMTIME, system);
    return nparams < 3 ? nparams : 3;
}

int mv_cgroup_percpu_stats(mv_cgroup *cg, int from, mv_cgroup *const *vcpus, size_t nvcpus,
                           virTypedParameterPtr params, unsigned int nparams, int start_cpu,
                           unsigned int ncpus)
{
    if (!has_cpuacct(cg, from))
        return -1;
    if (nparams == 0 && ncpus != 0)
        return vcpus ? 2 : 1;
    int count = mv_host_cpu_map(NULL, NULL, NULL, 0);
    if (count < 0)
        return -1;
    if (ncpus == 0)
        return count;
    if (start_cpu >= count) {
        mv_error_report(FROM, VIR_ERR_INVALID_ARG, "start_cpu %d larger than maximum of %d",
                        start_cpu, count - 1);
        return -1;
    }
    g_autofree unsigned long long *cpu = NULL;
    int have = mv_cgroup_percpu_ns(cg, from, &cpu);
    if (have < 0)
        return -1;
    int need = (int)MIN((long long)count, (long long)start_cpu + ncpus);
    for (int c = start_cpu; c < need; c++)
        put_ull(&params[(size_t)(c - start_cpu) * nparams], VIR_DOMAIN_CPU_STATS_CPUTIME,
                c < have ? cpu[c] : 0);
    if (!vcpus || nparams < 2)
        return 1;
    g_autofree unsigned long long *sum = g_new0(unsigned long long, need);
    for (size_t v = 0; v < nvcpus; v++) {
        g_autofree unsigned long long *ns = NULL;
        int got = mv_cgroup_percpu_ns(vcpus[v], from, &ns);
        if (got < 0)
            return -1;
        for (int c = 0; c < need && c < got; c++)
            sum[c] += ns[c];
    }
    for (int c = start_cpu; c < need; c++)
        put_ull(&params[(size_t)(c - start_cpu) * nparams + 1], VIR_DOMAIN_CPU_STATS_VCPUTIME,
                sum[c]);
    return 2;
}

/* --- block I/O ------------------------------------------------------------ */

/* Adds to SUM[i] the value of every line "MAJ:MIN NAMES[i] VALUE" of a v1
 * blkio.throttle file (the "Total" lines, without a device, excluded). */
static int sum_v1(const char *file, const char *text, const char *const names[2],
                  long long sum[2])
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) w = g_strsplit_set(g_strstrip(*l), " \t", -1);
        if (g_strv_length(w) != 3 || !strchr(w[0], ':'))
            continue;
        for (int i = 0; i < 2; i++) {
            if (strcmp(w[1], names[i]))
                continue;
            char *end = NULL;
            errno = 0;
            long long v = strtoll(w[2], &end, 10);
            if (errno || *end || v < 0) {
                mv_error_report(FROM, VIR_ERR_INTERNAL_ERROR, "Cannot parse %s %s stat '%s'",
                                file, names[i], w[2]);
                return -1;
            }
            sum[i] += v;
        }
    }
    return 0;
}

/* Adds to SUM[i] every "KEYS[i]=VALUE" of v2's io.stat, all devices. */
static int sum_v2(const char *text, const char *const keys[4], long long sum[4])
{
    g_auto(GStrv) words = g_strsplit_set(text, " \t\n", -1);
    for (char **w = words; *w; w++) {
        char *eq = strchr(*w, '=');
        if (!eq)
            continue;
        for (int i = 0; i < 4; i++) {
            size_t n = strlen(keys[i]);
            if ((size_t)(eq - *w) != n || strncmp(*w, keys[i], n))
                continue;
            char *end = NULL;
            errno = 0;
            long long v = strtoll(eq + 1, &end, 10);
            if (errno || *end || v < 0) {
                mv_error_report(FROM, VIR_ERR_INTERNAL_ERROR, "Cannot parse io.stat %s '%s'",
                                keys[i], eq + 1);
                return -1;
            }
            sum[i] += v;
        }
    }
    return 0;
}

int mv_cgroup_get_blkio_stats(mv_cgroup *cg, long long *rd_bytes, long long *wr_bytes,
                              long long *rd_req, long long *wr_req)
{
    if (!cg || !cg->dir[MV_CGROUP_BLKIO]) {
        mv_error_report(FROM, VIR_ERR_OPERATION_INVALID, "%s", "blkio cgroup isn't mounted");
        return -1;
    }
    if (cg->v2[MV_CGROUP_BLKIO]) {
        g_autofree char *stat = read_file(cg, MV_CGROUP_BLKIO, NULL, "io.stat");
        if (!stat)
            return -1;
        static const char *const keys[4] = { "rbytes", "wbytes", "rios", "wios" };
        long long sum[4] = { 0 };
        if (sum_v2(stat, keys, sum) < 0)
            return -1;
        *rd_bytes = sum[0];
        *wr_bytes = sum[1];
        *rd_req = sum[2];
        *wr_req = sum[3];
        return 0;
    }
    static const char *const names[2] = { "Read", "Write" };
    static const char *const bytes_file = "blkio.throttle.io_service_bytes";
    static const char *const ios_file = "blkio.throttle.io_serviced";
    g_autofree char *bytes = read_file(cg, MV_CGROUP_BLKIO, bytes_file, NULL);
    g_autofree char *ios = bytes ? read_file(cg, MV_CGROUP_BLKIO, ios_file, NULL) : NULL;
    long long b[2] = { 0 }, r[2] = { 0 };
    if (!ios || sum_v1(bytes_file, bytes, names, b) < 0 || sum_v1(ios_file, ios, names, r) < 0)
        return -1;
    *rd_bytes = b[0];
    *wr_bytes = b[1];
    *rd_req = r[0];
    *wr_req = r[1];
    return 0;
}
