/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-stats.c — the test driver's statistics, as
 * libvirt 9.0's test driver gives them: the balloon's figures derived from
 * the current memory (none without a balloon), block and interface
 * counters that grow with the clock, a terabyte for every disk's sizes,
 * block I/O throttling checked and kept in the disk's <iotune>,
 * and bulk statistics of the state group only. */
#include "test-domain.h"

#include <modvirt-plugin/typed-params.h>

#include <stdio.h>
#include <string.h>

/* The guest clock libvirt's test driver reports as the balloon's last
 * update (the same as the guest's time). */
#define MV_TEST_STATS_LAST_UPDATE 627319920ULL
/* Every disk's capacity, allocation and physical size. */
#define MV_TEST_DISK_CAPACITY 1099506450432ULL
#define MV_TEST_DISK_SIZE 1099511627776ULL
/* The highest throttle value accepted. */
#define MV_TEST_IOTUNE_MAX 1000000000000000ULL

/* The one definition FLAGS (virDomainModificationImpact) names: the live
 * one, or the persistent one (*CONFIG set). NULL with libvirt's error when
 * both are named or the named one does not exist. */
static mv_domain_def *one_def(mv_domain_obj *d, unsigned int flags, bool *config)
{
    bool live = false;
    mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, &live);
    *config = !live;
    return def;
}

/* The disk of DEF whose target or source is PATH, or NULL. */
static mv_domain_disk_def *find_disk(const mv_domain_def *def, const char *path)
{
    for (size_t i = 0; i < def->devices->ndisks; i++) {
        mv_domain_disk_def *disk = def->devices->disks[i];
        if (!strcmp(disk->dst, path))
            return disk;
    }
    for (size_t i = 0; i < def->devices->ndisks; i++) {
        mv_domain_disk_def *disk = def->devices->disks[i];
        if (disk->src_path && !strcmp(disk->src_path, path))
            return disk;
    }
    return NULL;
}

/* --- memory ------------------------------------------------------------- */

static bool has_balloon(const mv_domain_def *def)
{
    return def->devices->memballoon && def->devices->memballoon->model != MV_DOMAIN_MEMBALLOON_NONE;
}

int mv_test_domain_memory_stats(virDomainPtr dom, virDomainMemoryStatPtr stats,
                                unsigned int nr_stats, unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainMemoryStats", -1);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    unsigned int n = 0;
    if (has_balloon(d->def)) {
        unsigned long long cur = d->def->current_memory;
        const virDomainMemoryStatStruct all[] = {
            { VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, cur },
            { VIR_DOMAIN_MEMORY_STAT_SWAP_IN, 0 },
            { VIR_DOMAIN_MEMORY_STAT_SWAP_OUT, 0 },
            { VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT, 0 },
            { VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, 0 },
            { VIR_DOMAIN_MEMORY_STAT_UNUSED, cur / 2 },
            { VIR_DOMAIN_MEMORY_STAT_AVAILABLE, cur },
            { VIR_DOMAIN_MEMORY_STAT_USABLE, cur / 2 },
            { VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, MV_TEST_STATS_LAST_UPDATE },
            { VIR_DOMAIN_MEMORY_STAT_DISK_CACHES, cur / 8 },
            { VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC, 0 },
            { VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL, 0 },
            { VIR_DOMAIN_MEMORY_STAT_RSS, cur / 2 },
        };
        for (; n < nr_stats && n < G_N_ELEMENTS(all); n++)
            stats[n] = all[n];
    }
    mv_test_unlock(st);
    return (int)n;
}

int mv_test_domain_set_memory_stats_period(virDomainPtr dom, int period, unsigned int flags)
{
    mv_test_state *st;
    bool config;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainSetMemoryStatsPeriod", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_domain_def *def = one_def(d, flags, &config);
    int ret = -1;
    if (def && !has_balloon(def)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR,
                        "No memory balloon device configured, can not set the collection "
                        "period");
    } else if (def) {
        def->devices->memballoon->stats_period = (unsigned int)period;
        ret = 0;
    }
    mv_test_unlock(st);
    return ret;
}

/* --- block and interface counters ---------------------------------------- */

int mv_test_domain_block_stats(virDomainPtr dom, const char *path, virDomainBlockStatsPtr stats)
{
    mv_test_state *st;
    if (!*path) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_UNSUPPORTED,
                        "summary statistics are not supported yet");
        return -1;
    }
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    if (!find_disk(d->def, path)) {
        mv_test_unlock(st);
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "invalid path: %s", path);
        return -1;
    }
    mv_test_unlock(st);
    /* Counters that only grow: the wall clock in microseconds, divided. */
    long long base = g_get_real_time();
    stats->rd_req = base / 10;
    stats->rd_bytes = base / 20;
    stats->wr_req = base / 30;
    stats->wr_bytes = base / 40;
    stats->errs = base / (1000LL * 1000LL * 2);
    return 0;
}

int mv_test_domain_interface_stats(virDomainPtr dom, const char *device,
                                   virDomainInterfaceStatsPtr stats)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    if (!mv_netdev_find(d->def, device)) {
        mv_test_unlock(st);
        return -1;
    }
    mv_test_unlock(st);
    long long base = g_get_real_time();
    stats->rx_bytes = base / 10;
    stats->rx_packets = base / 100;
    stats->rx_errs = base / (1000LL * 1000LL);
    stats->rx_drop = base / (1000LL * 1000LL * 2);
    stats->tx_bytes = base / 20;
    stats->tx_packets = base / 110;
    stats->tx_errs = base / (1000LL * 1000LL * 3);
    stats->tx_drop = base / (1000LL * 1000LL * 4);
    return 0;
}

int mv_test_domain_get_block_info(virDomainPtr dom, const char *path, virDomainBlockInfoPtr info,
                                  unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetBlockInfo", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    const mv_domain_disk_def *disk = find_disk(d->def, path);
    if (!disk) {
        mv_test_unlock(st);
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "invalid path %s not assigned to domain", path);
        return -1;
    }
    bool no_source = !disk->src_path && !disk->src_volume;
    mv_test_unlock(st);
    if (no_source) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "disk '%s' does not currently have a source assigned", path);
        return -1;
    }
    info->capacity = MV_TEST_DISK_CAPACITY;
    info->allocation = MV_TEST_DISK_SIZE;
    info->physical = MV_TEST_DISK_SIZE;
    return 0;
}

/* --- block I/O throttling ------------------------------------------------- */

/* libvirt's consistency rules for a disk's settings T; 0 or -1 reported. */
static int iotune_check(const mv_domain_iotune *t)
{
    static const char *const both[] = { "bytes_sec", "iops_sec", "bytes_sec_max",
                                        "iops_sec_max" };
    static const mv_domain_iotune_value totals[] = {
        MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC, MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC,
        MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX, MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC_MAX,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(totals); i++) {
        mv_domain_iotune_value total = totals[i];
        /* read and write follow each total. */
        if (t->v[total] && (t->v[total + 1] || t->v[total + 2])) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                            "total and read/write of %s cannot be set at the same time",
                            both[i]);
            return -1;
        }
    }
    /* Each of the six rates against its maximum, six values on. */
    for (int i = MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC; i <= MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC; i++) {
        if (t->v[i] > t->v[i + MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX]) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                            "%s cannot be set higher than %s ", mv_domain_iotune_name(i),
                            mv_domain_iotune_name(i + MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX));
            return -1;
        }
    }
    return 0;
}

int mv_test_domain_set_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int nparams, unsigned int flags)
{
    mv_test_state *st;
    bool config;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainSetBlockIoTune", -1);
    /* libvirt checks them outside any driver, under no error domain. */
    if (mv_typed_params_validate_block_iotune(params, nparams) < 0)
        return -1;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    mv_domain_iotune t = { 0 };
    mv_domain_def *def = one_def(d, flags, &config);
    mv_domain_disk_def *disk = def ? find_disk(def, path) : NULL;
    if (def && !disk) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "missing persistent configuration for disk '%s'", path);
        goto out;
    }
    if (!def)
        goto out;
    for (int i = 0; i < nparams; i++) {
        if (params[i].type == VIR_TYPED_PARAM_ULLONG &&
            params[i].value.ul > MV_TEST_IOTUNE_MAX) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_ARGUMENT_UNSUPPORTED,
                            "block I/O throttle limit value must be no more than %llu",
                            MV_TEST_IOTUNE_MAX);
            goto out;
        }
    }
    /* The disk's settings with those given; stored only when they hold. */
    mv_domain_iotune_copy(&t, &disk->iotune);
    mv_domain_iotune_apply_params(&t, params, nparams);
    if (iotune_check(&t) < 0)
        goto out;
    mv_domain_iotune_clear(&disk->iotune);
    disk->iotune = t;
    memset(&t, 0, sizeof(t));
    ret = 0;
out:
    mv_test_unlock(st);
    mv_domain_iotune_clear(&t);
    return ret;
}

int mv_test_domain_get_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int *nparams,
                                     unsigned int flags)
{
    mv_test_state *st;
    bool config;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                        VIR_TYPED_PARAM_STRING_OKAY, "testDomainGetBlockIoTune", -1);
    flags &= ~VIR_TYPED_PARAM_STRING_OKAY;
    if (*nparams == 0) {
        *nparams = MV_DOMAIN_IOTUNE_NPARAMS;
        return 0;
    }
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    const mv_domain_def *def = one_def(d, flags, &config);
    const mv_domain_disk_def *disk = def ? find_disk(def, path) : NULL;
    if (def && !disk)
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "disk '%s' was not found in the domain config", path);
    if (disk) {
        mv_domain_iotune_get_params(&disk->iotune, params, nparams);
        ret = 0;
    }
    mv_test_unlock(st);
    return ret;
}

/* --- bulk statistics ------------------------------------------------------ */

#define MV_TEST_STATS_SUPPORTED VIR_DOMAIN_STATS_STATE
/* One record for D: a new handle and the groups of STATS it has. */
static virDomainStatsRecordPtr stats_record(virConnectPtr conn, const mv_domain_obj *d,
                                            unsigned int stats)
{
    virDomainStatsRecordPtr rec = g_new0(virDomainStatsRecord, 1);
    int maxparams = 0;
    rec->dom = mv_domain_obj_handle(conn, d);
    if (stats & VIR_DOMAIN_STATS_STATE) {
        virTypedParamsAddInt(&rec->params, &rec->nparams, &maxparams, "state.state", d->state);
        virTypedParamsAddInt(&rec->params, &rec->nparams, &maxparams, "state.reason",
                             d->reason);
    }
    return rec;
}

int mv_test_connect_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms,
                                         unsigned int ndoms, unsigned int stats,
                                         virDomainStatsRecordPtr **retStats, unsigned int flags)
{
    mv_test_state *st = mv_test_lock(conn);
    mv_domain_obj **objs = mv_domain_list_stats_select(st->doms, doms, ndoms, &stats,
                                                       MV_TEST_STATS_SUPPORTED, flags,
                                                       VIR_FROM_TEST,
                                                       "testConnectGetAllDomainStats");
    if (!objs) {
        mv_test_unlock(st);
        return -1;
    }
    size_t n = 0;
    while (objs[n])
        n++;
    virDomainStatsRecordPtr *recs = g_new0(virDomainStatsRecordPtr, n + 1);
    for (size_t i = 0; i < n; i++)
        recs[i] = stats_record(conn, objs[i], stats);
    mv_test_unlock(st);
    mv_domain_obj_list_free(objs);
    *retStats = recs;
    return (int)n;
}
