/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-vcpu.c — virtual CPUs, pinning and CPU counters
 * as libvirt's test driver gives them. The host has VIR_NODEINFO_MAXCPUS
 * of the node's <cpu> CPUs (16 by default) for the bitmaps; a vCPU runs
 * on the last CPU of its pinning (or the <vcpu cpuset>, else all), with a
 * CPU time of the wall clock in tenths of microseconds. Pins are kept in
 * the definitions' <cputune> (dumpxml shows them, as libvirt's): vCPU
 * pins in the live one only (a start, from the persistent definition,
 * clears them); the emulator's in the live or the persistent one. The domain's CPU time is
 * libvirt's fixed figures for 2 host CPUs; the host's counters its fixed
 * four; the host's CPU map 8 CPUs, 0, 2 and 4 online. */
#include "test-domain.h"

#include <string.h>

#define TEST_STATS_CPUS 2
#define TEST_MAP_CPUS 8

/* The CPUs of a cpuset ("0-3,5", canonical) into MAP (LEN bytes, zeroed). */
static void cpuset_to_map(const char *set, unsigned char *map, size_t len)
{
    if (*set)
        mv_domain_cpuset_to_map(set, map, (int)len);
    else
        memset(map, 0, len);
}

static const char *vcpupin_of(const mv_domain_def *def, unsigned int vcpu)
{
    const mv_domain_cputune *t = def->cputune;
    return vcpu < t->nvcpupin ? t->vcpupin[vcpu] : NULL;
}

/* The CPUs a thread may run on, as libvirt's test driver chooses them: its
 * pin, else the <vcpu cpuset>, else every host CPU. Written to MAP (LEN
 * bytes); returns the last CPU set there or beyond (-1: none). */
static int effective_map(const mv_test_state *st, const mv_domain_def *def,
                         const char *pin, unsigned char *map, size_t len)
{
    int last = -1;
    memset(map, 0, len);
    unsigned int host = VIR_NODEINFO_MAXCPUS(st->node);
    size_t full = VIR_CPU_MAPLEN(host > 0 ? host : 1);
    g_autofree unsigned char *all = g_malloc0(full + 1024);
    if (pin || def->vcpu_cpuset)
        cpuset_to_map(pin ? pin : def->vcpu_cpuset, all, full + 1024);
    else
        for (unsigned int c = 0; c < host; c++)
            all[c / 8] |= 1u << (c % 8);
    for (size_t c = 0; c < (full + 1024) * 8; c++) {
        if (!(all[c / 8] & (1u << (c % 8))))
            continue;
        last = (int)c;
        if (c / 8 < len)
            map[c / 8] |= 1u << (c % 8);
    }
    return last;
}

/* The definition FLAGS (0, VIR_DOMAIN_AFFECT_LIVE or _CONFIG) name, as
 * libvirt's virDomainObjGetOneDef: *LIVE tells which. NULL with the error. */
static const mv_domain_def *one_def(mv_domain_obj *d, unsigned int flags, bool *live)
{
    return mv_domain_obj_get_one_def(d, flags, live);
}

static bool all_clear(const unsigned char *map, int len)
{
    for (int i = 0; i < len; i++)
        if (map[i])
            return false;
    return true;
}

int mv_test_domain_vcpu_info(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                             unsigned char *cpumaps, int maplen)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    if (!mv_domain_obj_is_active(d)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID,
                        "cannot list vcpus for an inactive domain");
        mv_test_unlock(st);
        return -1;
    }
    const mv_domain_def *def = d->def;
    unsigned long long now = (unsigned long long)g_get_real_time() / 10;
    if ((unsigned int)maxinfo > def->vcpus_current)
        maxinfo = (int)def->vcpus_current;
    memset(info, 0, sizeof(*info) * maxinfo);
    if (cpumaps)
        memset(cpumaps, 0, (size_t)maxinfo * maplen);
    g_autofree unsigned char *scratch = g_malloc0(maplen > 0 ? maplen : 1);
    for (int i = 0; i < maxinfo; i++) {
        const char *pin = vcpupin_of(def, (unsigned int)i);
        unsigned char *map = cpumaps ? VIR_GET_CPUMAP(cpumaps, maplen, i) : scratch;
        info[i].number = (unsigned int)i;
        info[i].state = VIR_VCPU_RUNNING;
        info[i].cpu = effective_map(st, def, pin, map, cpumaps ? (size_t)maplen : 0);
        info[i].cpuTime = now;
    }
    mv_test_unlock(st);
    return maxinfo;
}

int mv_test_domain_pin_vcpu_flags(virDomainPtr dom, unsigned int vcpu, unsigned char *cpumap,
                                  int maplen, unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainPinVcpuFlags", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    if (!mv_domain_obj_is_active(d)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID,
                        "cannot pin vcpus on an inactive domain");
        mv_test_unlock(st);
        return -1;
    }
    if (vcpu >= d->def->vcpus_current) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "requested vcpu '%d' is not present in the domain", (int)vcpu);
        mv_test_unlock(st);
        return -1;
    }
    /* libvirt's test driver takes an empty map too, and shows cpuset=''. */
    char *set = mv_domain_cpuset_from_map(cpumap, maplen);
    {
        mv_domain_cputune *t = d->def->cputune;
        if (vcpu >= t->nvcpupin) {
            t->vcpupin = g_renew(char *, t->vcpupin, vcpu + 1);
            memset(t->vcpupin + t->nvcpupin, 0, (vcpu + 1 - t->nvcpupin) * sizeof(char *));
            t->nvcpupin = vcpu + 1;
        }
        g_free(t->vcpupin[vcpu]);
        t->vcpupin[vcpu] = set ? set : g_strdup("");
    }
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_get_vcpu_pin_info(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                     int maplen, unsigned int flags)
{
    mv_test_state *st;
    bool live;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    const mv_domain_def *def = one_def(d, flags, &live);
    if (!def) {
        mv_test_unlock(st);
        return -1;
    }
    int n = 0;
    for (; n < ncpumaps && (unsigned int)n < def->vcpus_max; n++)
        effective_map(st, def, vcpupin_of(def, (unsigned int)n),
                      VIR_GET_CPUMAP(cpumaps, maplen, n), (size_t)maplen);
    mv_test_unlock(st);
    return n;
}

int mv_test_domain_pin_emulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                unsigned int flags)
{
    mv_test_state *st;
    bool live;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainPinEmulator", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_domain_def *def = (mv_domain_def *)one_def(d, flags, &live);
    if (!def) {
        mv_test_unlock(st);
        return -1;
    }
    if (all_clear(cpumap, maplen)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "Empty cpu list for pinning");
        mv_test_unlock(st);
        return -1;
    }
    g_free(def->cputune->emulatorpin);
    def->cputune->emulatorpin = mv_domain_cpuset_from_map(cpumap, maplen);
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_get_emulator_pin_info(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                         unsigned int flags)
{
    mv_test_state *st;
    bool live;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainGetEmulatorPinInfo", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    const mv_domain_def *def = one_def(d, flags, &live);
    if (!def) {
        mv_test_unlock(st);
        return -1;
    }
    effective_map(st, def, def->cputune->emulatorpin, cpumap, (size_t)maplen);
    mv_test_unlock(st);
    return 1;
}

/* libvirt's test figures: per CPU N, cpu_time 24386308517 + N and
 * vcpu_time 23151740627 + N (ns); in total cpu_time 48772617035, user_time
 * 5540000000 and system_time 6460000000. */
int mv_test_domain_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params,
                                 unsigned int nparams, int start_cpu, unsigned int ncpus,
                                 unsigned int flags)
{
    static const char *const total_names[] = { VIR_DOMAIN_CPU_STATS_CPUTIME,
                                                VIR_DOMAIN_CPU_STATS_USERTIME,
                                                VIR_DOMAIN_CPU_STATS_SYSTEMTIME };
    static const unsigned long long total_values[] = { 48772617035ULL, 5540000000ULL,
                                                       6460000000ULL };
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_TYPED_PARAM_STRING_OKAY, "testDomainGetCPUStats", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    bool active = mv_domain_obj_is_active(d);
    mv_test_unlock(st);
    if (!active) {
        mv_test_report_not_running();
        return -1;
    }
    if (start_cpu == -1) {
        unsigned int n = nparams < 3 ? nparams : 3;
        if (nparams == 0)
            return 3;
        for (unsigned int i = 0; i < n; i++) {
            g_strlcpy(params[i].field, total_names[i], VIR_TYPED_PARAM_FIELD_LENGTH);
            params[i].type = VIR_TYPED_PARAM_ULLONG;
            params[i].value.ul = total_values[i];
        }
        return (int)n;
    }
    if (ncpus == 0)
        return TEST_STATS_CPUS;
    if (start_cpu >= TEST_STATS_CPUS) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "start_cpu %d larger than maximum of %d", start_cpu,
                        TEST_STATS_CPUS - 1);
        return -1;
    }
    if (nparams == 0)
        return 2;
    unsigned int per = nparams < 2 ? nparams : 2;
    for (unsigned int c = (unsigned int)start_cpu;
         c < TEST_STATS_CPUS && c - (unsigned int)start_cpu < ncpus; c++) {
        virTypedParameterPtr at = &params[(c - (unsigned int)start_cpu) * nparams];
        for (unsigned int i = 0; i < per; i++) {
            g_strlcpy(at[i].field, i ? VIR_DOMAIN_CPU_STATS_VCPUTIME
                                     : VIR_DOMAIN_CPU_STATS_CPUTIME,
                      VIR_TYPED_PARAM_FIELD_LENGTH);
            at[i].type = VIR_TYPED_PARAM_ULLONG;
            at[i].value.ul = (i ? 23151740627ULL : 24386308517ULL) + c;
        }
    }
    return (int)per;
}

int mv_test_node_get_cpu_stats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params,
                               int *nparams, unsigned int flags)
{
    static const char *const names[] = { VIR_NODE_CPU_STATS_USER, VIR_NODE_CPU_STATS_KERNEL,
                                         VIR_NODE_CPU_STATS_IDLE, VIR_NODE_CPU_STATS_IOWAIT };
    static const unsigned long long values[] = { 9797400000ULL, 34678723400000ULL,
                                                 87264900000ULL, 763600000ULL };
    (void)conn;
    (void)cpuNum;   /* every CPU reads the same */
    MV_TEST_CHECK_FLAGS(flags, 0, "testNodeGetCPUStats", -1);
    if (!params || *nparams == 0) {
        *nparams = 4;
        return 0;
    }
    int n = *nparams < 4 ? *nparams : 4;
    for (int i = 0; i < n; i++) {
        g_strlcpy(params[i].field, names[i], VIR_NODE_CPU_STATS_FIELD_LENGTH);
        params[i].value = values[i];
    }
    *nparams = n;
    return 0;
}

int mv_test_node_get_cpu_map(virConnectPtr conn, unsigned char **cpumap, unsigned int *online,
                             unsigned int flags)
{
    (void)conn;
    MV_TEST_CHECK_FLAGS(flags, 0, "testNodeGetCPUMap", -1);
    if (cpumap) {
        *cpumap = g_malloc0(VIR_CPU_MAPLEN(TEST_MAP_CPUS));
        (*cpumap)[0] = 0x15;   /* CPUs 0, 2 and 4 */
    }
    if (online)
        *online = 3;
    return TEST_MAP_CPUS;
}
