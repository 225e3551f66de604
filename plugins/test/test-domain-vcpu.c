/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-vcpu.c — virtual CPUs, pinning and CPU counters
 * as libvirt's test driver gives them. The host has VIR_NODEINFO_MAXCPUS
 * of the node's <cpu> CPUs (16 by default) for the bitmaps; a vCPU runs
 * on the last CPU of its pinning (or the <vcpu cpuset>, else all), with a
 * CPU time of the wall clock in tenths of microseconds. vCPU pins are
 * live only (a start clears them); the emulator's may be live or config,
 * and a start gives the live one the config's. The domain's CPU time is
 * libvirt's fixed figures for 2 host CPUs; the host's counters its fixed
 * four; the host's CPU map 8 CPUs, 0, 2 and 4 online. */
#include "test-domain.h"

#include <string.h>

#define TEST_STATS_CPUS 2
#define TEST_MAP_CPUS 8

/* A bitmap of host CPUs, LEN bytes (bit N of byte N / 8 is CPU N). */
typedef struct mv_test_pin {
    unsigned char *map;          /* NULL: not pinned */
    size_t len;
} mv_test_pin;

typedef struct mv_test_pins {
    mv_test_pin emulator_live;
    mv_test_pin emulator_config;
    mv_test_pin *vcpus;          /* live, by vCPU number */
    size_t nvcpus;
} mv_test_pins;

static void pin_clear(mv_test_pin *p)
{
    g_free(p->map);
    p->map = NULL;
    p->len = 0;
}

static void pin_set(mv_test_pin *p, const unsigned char *map, size_t len)
{
    pin_clear(p);
    p->map = g_memdup2(map, len);
    p->len = len;
}

static void pins_free(void *data)
{
    mv_test_pins *p = data;
    pin_clear(&p->emulator_live);
    pin_clear(&p->emulator_config);
    for (size_t i = 0; i < p->nvcpus; i++)
        pin_clear(&p->vcpus[i]);
    g_free(p->vcpus);
    g_free(p);
}

/* The pins of D; CREATE makes them when there are none yet. */
static mv_test_pins *pins_of(mv_test_state *st, const mv_domain_obj *d, bool create)
{
    char key[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(d->def->uuid, key);
    if (!st->pins) {
        if (!create)
            return NULL;
        st->pins = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, pins_free);
    }
    mv_test_pins *p = g_hash_table_lookup(st->pins, key);
    if (!p && create) {
        p = g_new0(mv_test_pins, 1);
        g_hash_table_insert(st->pins, g_strdup(key), p);
    }
    return p;
}

void mv_test_pins_started(mv_test_state *st, const mv_domain_obj *d)
{
    mv_test_pins *p = pins_of(st, d, false);
    if (!p)
        return;
    for (size_t i = 0; i < p->nvcpus; i++)
        pin_clear(&p->vcpus[i]);
    if (p->emulator_config.map)
        pin_set(&p->emulator_live, p->emulator_config.map, p->emulator_config.len);
    else
        pin_clear(&p->emulator_live);
}

/* The CPUs of a cpuset ("0-3,5", canonical) into MAP (LEN bytes, zeroed). */
static void cpuset_to_map(const char *set, unsigned char *map, size_t len)
{
    memset(map, 0, len);
    while (set && *set) {
        char *end;
        unsigned long a = strtoul(set, &end, 10), b = a;
        if (*end == '-')
            b = strtoul(end + 1, &end, 10);
        for (unsigned long c = a; c <= b && c / 8 < len; c++)
            map[c / 8] |= 1u << (c % 8);
        set = *end == ',' ? end + 1 : NULL;
    }
}

/* The CPUs a thread may run on, as libvirt's test driver chooses them: its
 * pin, else the <vcpu cpuset>, else every host CPU. Written to MAP (LEN
 * bytes); returns the last CPU set there or beyond (-1: none). */
static int effective_map(const mv_test_state *st, const mv_domain_def *def,
                         const mv_test_pin *pin, unsigned char *map, size_t len)
{
    int last = -1;
    memset(map, 0, len);
    if (pin && pin->map) {
        for (size_t c = 0; c < pin->len * 8; c++) {
            if (!(pin->map[c / 8] & (1u << (c % 8))))
                continue;
            last = (int)c;
            if (c / 8 < len)
                map[c / 8] |= 1u << (c % 8);
        }
        return last;
    }
    unsigned int host = VIR_NODEINFO_MAXCPUS(st->node);
    size_t full = VIR_CPU_MAPLEN(host > 0 ? host : 1);
    g_autofree unsigned char *all = g_malloc0(full + 1024);
    if (def->vcpu_cpuset)
        cpuset_to_map(def->vcpu_cpuset, all, full + 1024);
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
    const mv_test_pins *p = pins_of(st, d, false);
    unsigned long long now = (unsigned long long)g_get_real_time() / 10;
    if ((unsigned int)maxinfo > def->vcpus_current)
        maxinfo = (int)def->vcpus_current;
    memset(info, 0, sizeof(*info) * maxinfo);
    if (cpumaps)
        memset(cpumaps, 0, (size_t)maxinfo * maplen);
    g_autofree unsigned char *scratch = g_malloc0(maplen > 0 ? maplen : 1);
    for (int i = 0; i < maxinfo; i++) {
        const mv_test_pin *pin = p && (size_t)i < p->nvcpus ? &p->vcpus[i] : NULL;
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
    mv_test_pins *p = pins_of(st, d, true);
    if (vcpu >= p->nvcpus) {
        p->vcpus = g_renew(mv_test_pin, p->vcpus, vcpu + 1);
        memset(p->vcpus + p->nvcpus, 0, (vcpu + 1 - p->nvcpus) * sizeof(*p->vcpus));
        p->nvcpus = vcpu + 1;
    }
    pin_set(&p->vcpus[vcpu], cpumap, (size_t)maplen);
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
    const mv_test_pins *p = live ? pins_of(st, d, false) : NULL;
    int n = 0;
    for (; n < ncpumaps && (unsigned int)n < def->vcpus_max; n++) {
        const mv_test_pin *pin = p && (size_t)n < p->nvcpus ? &p->vcpus[n] : NULL;
        effective_map(st, def, pin, VIR_GET_CPUMAP(cpumaps, maplen, n), (size_t)maplen);
    }
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
    if (!one_def(d, flags, &live)) {
        mv_test_unlock(st);
        return -1;
    }
    if (all_clear(cpumap, maplen)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "Empty cpu list for pinning");
        mv_test_unlock(st);
        return -1;
    }
    mv_test_pins *p = pins_of(st, d, true);
    pin_set(live ? &p->emulator_live : &p->emulator_config, cpumap, (size_t)maplen);
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
    const mv_test_pins *p = pins_of(st, d, false);
    const mv_test_pin *pin = p ? (live ? &p->emulator_live : &p->emulator_config) : NULL;
    effective_map(st, def, pin, cpumap, (size_t)maplen);
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
