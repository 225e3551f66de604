/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-stats.c — a domain's statistics as virsh shows
 * them: dommemstat, domblkstat, domifstat, domblkinfo, blkdeviotune and
 * domstats, with virsh's options, output and errors. */
#include "mvsh.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* --- dommemstat -------------------------------------------------------- */

static const char *const mem_tag_names[VIR_DOMAIN_MEMORY_STAT_NR] = {
    [VIR_DOMAIN_MEMORY_STAT_SWAP_IN] = "swap_in",
    [VIR_DOMAIN_MEMORY_STAT_SWAP_OUT] = "swap_out",
    [VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT] = "major_fault",
    [VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT] = "minor_fault",
    [VIR_DOMAIN_MEMORY_STAT_UNUSED] = "unused",
    [VIR_DOMAIN_MEMORY_STAT_AVAILABLE] = "available",
    [VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON] = "actual",
    [VIR_DOMAIN_MEMORY_STAT_RSS] = "rss",
    [VIR_DOMAIN_MEMORY_STAT_USABLE] = "usable",
    [VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE] = "last_update",
    [VIR_DOMAIN_MEMORY_STAT_DISK_CACHES] = "disk_caches",
    [VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC] = "hugetlb_pgalloc",
    [VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL] = "hugetlb_pgfail",
};

/* An int option (virsh's vshCommandOptInt): 0 absent, 1 read, -1 after
 * virsh's error. */
static int arg_int(const mvsh_args *a, const char *name, int *out)
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

static int cmd_dommemstat(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    int period = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1;
    int has_period = arg_int(a, "period", &period);
    if (has_period < 0)
        goto out;
    if (has_period) {
        if (period < 0) {
            mvsh_error("Invalid collection period value '%d'", period);
            goto out;
        }
        if (virDomainSetMemoryStatsPeriod(dom, period, flags) < 0) {
            mvsh_fail("Unable to change balloon collection period.");
            goto out;
        }
        rc = 0;
        goto out;
    }
    virDomainMemoryStatStruct stats[VIR_DOMAIN_MEMORY_STAT_NR];
    int n = virDomainMemoryStats(dom, stats, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    if (n < 0) {
        mvsh_fail("Failed to get memory statistics for domain %s", virDomainGetName(dom));
        goto out;
    }
    for (int i = 0; i < n; i++)
        if (stats[i].tag >= 0 && stats[i].tag < VIR_DOMAIN_MEMORY_STAT_NR)
            printf("%s %llu\n", mem_tag_names[stats[i].tag], stats[i].val);
    rc = 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt dommemstat_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "period", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_dommemstat = {
    .name = "dommemstat",
    .summary = "get memory statistics for a domain",
    .usage = "dommemstat <domain> [--period <number>] [--config] [--live] [--current]",
    .description = "Shows the memory statistics of a running domain's balloon, one per line; "
                   "with --period, sets how often (in seconds) the balloon collects them "
                   "instead, in the definition --config, --live and --current choose.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = dommemstat_opts, .run = cmd_dommemstat,
};

/* --- domblkstat -------------------------------------------------------- */

/* A counter line, in the plain or --human form; negative: unknown. */
static void print_counter(bool human, const char *device, const char *field, const char *label,
                          long long v)
{
    if (v < 0)
        return;
    if (human)
        printf("%-32s %lld\n", label, v);
    else
        printf("%s %s %lld\n", device, field, v);
}

static int cmd_domblkstat(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *device = mvsh_arg(a, "device");
    bool human = mvsh_flag(a, "human");
    if (!device)
        device = "";
    int rc = -1;
    virDomainBlockStatsStruct st;
    if (virDomainBlockStats(dom, device, &st, sizeof(st)) < 0) {
        mvsh_fail("Failed to get block stats %s %s", virDomainGetName(dom), device);
        goto out;
    }
    if (human)
        printf("Device: %s\n", device);
    print_counter(human, device, "rd_req", " number of read operations:", st.rd_req);
    print_counter(human, device, "rd_bytes", " number of bytes read:", st.rd_bytes);
    print_counter(human, device, "wr_req", " number of write operations:", st.wr_req);
    print_counter(human, device, "wr_bytes", " number of bytes written:", st.wr_bytes);
    print_counter(human, device, "errs", " error count:", st.errs);
    rc = 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt domblkstat_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "device", MVSH_OT_STRING, 0 },
    { "human", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domblkstat = {
    .name = "domblkstat",
    .summary = "get device block stats for a domain",
    .usage = "domblkstat <domain> [[--device] <string>] [--human]",
    .description = "Shows the I/O counters of a running domain's block device (its target "
                   "or source): requests and bytes read and written, and errors; --human "
                   "labels them in words.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domblkstat_opts, .run = cmd_domblkstat,
};

/* --- domifstat --------------------------------------------------------- */

static int cmd_domifstat(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *device = mvsh_arg(a, "interface");
    int rc = -1;
    virDomainInterfaceStatsStruct st;
    if (virDomainInterfaceStats(dom, device, &st, sizeof(st)) < 0) {
        mvsh_fail("Failed to get interface stats %s %s", virDomainGetName(dom), device);
        goto out;
    }
    const struct { const char *name; long long v; } rows[] = {
        { "rx_bytes", st.rx_bytes }, { "rx_packets", st.rx_packets },
        { "rx_errs", st.rx_errs }, { "rx_drop", st.rx_drop },
        { "tx_bytes", st.tx_bytes }, { "tx_packets", st.tx_packets },
        { "tx_errs", st.tx_errs }, { "tx_drop", st.tx_drop },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
        if (rows[i].v >= 0)
            printf("%s %s %lld\n", device, rows[i].name, rows[i].v);
    rc = 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt domifstat_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "interface", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domifstat = {
    .name = "domifstat",
    .summary = "get network interface stats for a domain",
    .usage = "domifstat <domain> <interface>",
    .description = "Shows the traffic counters of a running domain's network interface, "
                   "named by its host-side device or its MAC address.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domifstat_opts, .run = cmd_domifstat,
};

/* --- domblkinfo -------------------------------------------------------- */

/* A size as virsh's --human shows it: three decimals and a binary unit. */
static char *pretty_capacity(unsigned long long bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double v = (double)bytes;
    int u = 0;
    while (v >= 1024 && u < 6) {
        v /= 1024;
        u++;
    }
    return g_strdup_printf("%.3f %s", v, units[u]);
}

static char *size_text(unsigned long long v, bool human)
{
    return human ? pretty_capacity(v) : g_strdup_printf("%llu", v);
}

static int blkinfo_all(mvsh *sh, virDomainPtr dom, bool human)
{
    mvsh_xml *x = mvsh_domain_xml(dom, 0);
    if (!x)
        return -1;
    struct _xmlNode **disks;
    int n = mvsh_xml_nodes(x, "/domain/devices/disk", &disks);
    mvsh_table *t = mvsh_table_new("Target", "Capacity", "Allocation", "Physical", NULL);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        g_autofree char *target = mvsh_xml_string(x, disks[i], "./target/@dev");
        g_autofree char *source = mvsh_xml_string(x, disks[i], "name(./source)");
        virDomainBlockInfo info;
        memset(&info, 0, sizeof(info));
        if (source && *source && virDomainGetBlockInfo(dom, target, &info, 0) < 0) {
            /* A disk whose sizes cannot be known yet shows dashes. */
            int code = virGetLastErrorCode();
            if (code != VIR_ERR_INVALID_ARG && code != VIR_ERR_OPERATION_INVALID) {
                mvsh_report_error(NULL);
                rc = -1;
                break;
            }
            memset(&info, 0, sizeof(info));
            mvsh_reset_error();
        }
        if (!info.capacity && !info.allocation && !info.physical) {
            mvsh_table_row(t, target, "-", "-", "-", NULL);
        } else {
            g_autofree char *cap = size_text(info.capacity, human);
            g_autofree char *alloc = size_text(info.allocation, human);
            g_autofree char *phys = size_text(info.physical, human);
            mvsh_table_row(t, target, cap, alloc, phys, NULL);
        }
    }
    g_free(disks);
    mvsh_xml_free(x);
    if (rc == 0)
        mvsh_table_print(sh, t);
    else
        mvsh_table_free(t);
    return rc;
}

static int blkinfo_one(virDomainPtr dom, const char *device, bool human)
{
    virDomainBlockInfo info;
    if (virDomainGetBlockInfo(dom, device, &info, 0) < 0) {
        mvsh_report_error(NULL);
        return -1;
    }
    g_autofree char *cap = size_text(info.capacity, human);
    g_autofree char *alloc = size_text(info.allocation, human);
    g_autofree char *phys = size_text(info.physical, human);
    printf("%-15s %s\n", "Capacity:", cap);
    printf("%-15s %s\n", "Allocation:", alloc);
    printf("%-15s %s\n", "Physical:", phys);
    return 0;
}

static int cmd_domblkinfo(mvsh *sh, const mvsh_args *a)
{
    bool all = mvsh_flag(a, "all");
    const char *device = mvsh_arg(a, "device");
    bool human = mvsh_flag(a, "human");
    if (!all && !device) {
        mvsh_error("command 'domblkinfo' requires <device> option");
        return -1;
    }
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = all ? blkinfo_all(sh, dom, human) : blkinfo_one(dom, device, human);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt domblkinfo_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "device", MVSH_OT_STRING, 0 },
    { "human", MVSH_OT_BOOL, 0 },
    { "all", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domblkinfo = {
    .name = "domblkinfo",
    .summary = "domain block device size information",
    .usage = "domblkinfo <domain> [[--device] <string>] [--human] [--all]",
    .description = "Shows a block device's capacity, allocation and physical size in bytes "
                   "(--human: with units); --all shows every disk of the domain in a table, "
                   "dashes where the sizes are not known.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domblkinfo_opts, .run = cmd_domblkinfo,
};

/* --- blkdeviotune ------------------------------------------------------ */

/* The settings, in virsh's order: bytes options take scaled sizes. */
static const struct {
    const char *opt;
    const char *field;
    bool scaled;
} iotune_opts[] = {
    { "total-bytes-sec", VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC, true },
    { "read-bytes-sec", VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC, true },
    { "write-bytes-sec", VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC, true },
    { "total-iops-sec", VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC, false },
    { "read-iops-sec", VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC, false },
    { "write-iops-sec", VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC, false },
    { "total-bytes-sec-max", VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX, true },
    { "read-bytes-sec-max", VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX, true },
    { "write-bytes-sec-max", VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX, true },
    { "total-iops-sec-max", VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX, false },
    { "read-iops-sec-max", VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX, false },
    { "write-iops-sec-max", VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX, false },
    { "size-iops-sec", VIR_DOMAIN_BLOCK_IOTUNE_SIZE_IOPS_SEC, false },
    { "group-name", VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, false },
    { "total-bytes-sec-max-length", VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH, false },
    { "read-bytes-sec-max-length", VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX_LENGTH, false },
    { "write-bytes-sec-max-length", VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH, false },
    { "total-iops-sec-max-length", VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH, false },
    { "read-iops-sec-max-length", VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX_LENGTH, false },
    { "write-iops-sec-max-length", VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH, false },
};

/* The settings asked for; -1 after virsh's errors. */
static int iotune_wanted(const mvsh_args *a, virTypedParameterPtr *params, int *n)
{
    int max = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(iotune_opts); i++) {
        const char *s = mvsh_arg(a, iotune_opts[i].opt);
        if (!s)
            continue;
        int added;
        if (!strcmp(iotune_opts[i].opt, "group-name")) {
            added = virTypedParamsAddString(params, n, &max, iotune_opts[i].field, s);
        } else {
            unsigned long long v = 0;
            if (iotune_opts[i].scaled) {
                if (mvsh_parse_size(s, 1, ULLONG_MAX, &v, iotune_opts[i].opt) < 0)
                    goto bad_number;
            } else {
                char *end;
                errno = 0;
                v = strtoull(s, &end, 10);
                if (!*s || *end || errno || *s == '-') {
                    mvsh_error("Numeric value '%s' for <%s> option is malformed or out of "
                               "range", s, iotune_opts[i].opt);
                    goto bad_number;
                }
            }
            added = virTypedParamsAddULLong(params, n, &max, iotune_opts[i].field, v);
        }
        if (added < 0) {
            mvsh_report_error(NULL);
            return -1;
        }
    }
    return 0;
bad_number:
    mvsh_error("Unable to parse integer parameter");
    return -1;
}

static int cmd_blkdeviotune(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *disk = mvsh_arg(a, "device");
    virTypedParameterPtr params = NULL;
    int n = 0, rc = -1;
    if (iotune_wanted(a, &params, &n) < 0)
        goto out;
    if (n > 0) {
        if (virDomainSetBlockIoTune(dom, disk, params, n, flags) < 0) {
            mvsh_fail("Unable to change block I/O throttle");
            goto out;
        }
        rc = 0;
        goto out;
    }
    if (virDomainGetBlockIoTune(dom, NULL, NULL, &n, flags) != 0) {
        mvsh_fail("Unable to get number of block I/O throttle parameters");
        goto out;
    }
    if (n > 0) {
        params = g_new0(virTypedParameter, n);
        if (virDomainGetBlockIoTune(dom, disk, params, &n, flags) != 0) {
            mvsh_fail("Unable to get block I/O throttle parameters");
            goto out;
        }
        for (int i = 0; i < n; i++) {
            g_autofree char *text = mvsh_typed_param_str(&params[i]);
            printf("%-15s: %s\n", params[i].field, text);
        }
    }
    rc = 0;
out:
    virTypedParamsFree(params, n);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt blkdeviotune_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "device", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "total-bytes-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "read-bytes-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "write-bytes-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "total-iops-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "read-iops-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "write-iops-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "total-bytes-sec-max", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "read-bytes-sec-max", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "write-bytes-sec-max", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "total-iops-sec-max", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "read-iops-sec-max", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "write-iops-sec-max", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "size-iops-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "group-name", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "total-bytes-sec-max-length", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "read-bytes-sec-max-length", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "write-bytes-sec-max-length", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "total-iops-sec-max-length", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "read-iops-sec-max-length", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "write-iops-sec-max-length", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_blkdeviotune = {
    .name = "blkdeviotune",
    .summary = "Set or query a block device I/O tuning parameters.",
    .usage = "blkdeviotune <domain> <device> [--total-bytes-sec <number>] "
             "[--read-bytes-sec <number>] [--write-bytes-sec <number>] "
             "[--total-iops-sec <number>] [--read-iops-sec <number>] "
             "[--write-iops-sec <number>] [--total-bytes-sec-max <number>] "
             "[--read-bytes-sec-max <number>] [--write-bytes-sec-max <number>] "
             "[--total-iops-sec-max <number>] [--read-iops-sec-max <number>] "
             "[--write-iops-sec-max <number>] [--size-iops-sec <number>] "
             "[--group-name <string>] [--total-bytes-sec-max-length <number>] "
             "[--read-bytes-sec-max-length <number>] [--write-bytes-sec-max-length <number>] "
             "[--total-iops-sec-max-length <number>] [--read-iops-sec-max-length <number>] "
             "[--write-iops-sec-max-length <number>] [--config] [--live] [--current]",
    .description = "Shows a block device's I/O throttling, or with any of the limits sets "
                   "them (byte rates take sizes with a unit); --config, --live and --current "
                   "choose the definition.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = blkdeviotune_opts, .run = cmd_blkdeviotune,
};

/* --- domstats ---------------------------------------------------------- */

static const struct {
    const char *opt;
    unsigned int bit;
} stats_groups[] = {
    { "state", VIR_DOMAIN_STATS_STATE },
    { "cpu-total", VIR_DOMAIN_STATS_CPU_TOTAL },
    { "balloon", VIR_DOMAIN_STATS_BALLOON },
    { "vcpu", VIR_DOMAIN_STATS_VCPU },
    { "interface", VIR_DOMAIN_STATS_INTERFACE },
    { "block", VIR_DOMAIN_STATS_BLOCK },
    { "perf", VIR_DOMAIN_STATS_PERF },
    { "iothread", VIR_DOMAIN_STATS_IOTHREAD },
    { "memory", VIR_DOMAIN_STATS_MEMORY },
    { "dirtyrate", VIR_DOMAIN_STATS_DIRTYRATE },
    { "vm", VIR_DOMAIN_STATS_VM },
    { "list-active", VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE },
    { "list-inactive", VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE },
    { "list-persistent", VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT },
    { "list-transient", VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT },
    { "list-running", VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING },
    { "list-paused", VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED },
    { "list-shutoff", VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF },
    { "list-other", VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER },
    { "enforce", VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS },
    { "backing", VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING },
    { "nowait", VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT },
};
/* The first entries are groups, the others flags. */
#define MVSH_STATS_NGROUPS 11

static int cmd_domstats(mvsh *sh, const mvsh_args *a)
{
    unsigned int stats = 0, flags = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(stats_groups); i++)
        if (mvsh_flag(a, stats_groups[i].opt))
            *(i < MVSH_STATS_NGROUPS ? &stats : &flags) |= stats_groups[i].bit;
    virDomainStatsRecordPtr *records = NULL;
    virDomainPtr *doms = NULL;
    int rc = -1, n;
    if (a->nrest > 0) {
        doms = g_new0(virDomainPtr, a->nrest + 1);
        for (int i = 0; i < a->nrest; i++)
            if (!(doms[i] = mvsh_domain_named(sh, a->rest[i], MVSH_BY_ANY)))
                goto out;
        n = virDomainListGetStats(doms, stats, &records, flags);
    } else {
        n = virConnectGetAllDomainStats(sh->conn, stats, &records, flags);
    }
    if (n < 0) {
        mvsh_report_error(NULL);
        goto out;
    }
    for (virDomainStatsRecordPtr *r = records; *r; r++) {
        printf("Domain: '%s'\n", virDomainGetName((*r)->dom));
        for (int i = 0; i < (*r)->nparams; i++) {
            g_autofree char *text = mvsh_typed_param_str(&(*r)->params[i]);
            printf("  %s=%s\n", (*r)->params[i].field, text);
        }
        if (r[1])
            printf("\n");
    }
    rc = 0;
out:
    virDomainStatsRecordListFree(records);
    for (int i = 0; doms && doms[i]; i++)
        virDomainFree(doms[i]);
    g_free(doms);
    return rc;
}

static const mvsh_opt domstats_opts[] = {
    { "state", MVSH_OT_BOOL, 0 },
    { "cpu-total", MVSH_OT_BOOL, 0 },
    { "balloon", MVSH_OT_BOOL, 0 },
    { "vcpu", MVSH_OT_BOOL, 0 },
    { "interface", MVSH_OT_BOOL, 0 },
    { "block", MVSH_OT_BOOL, 0 },
    { "perf", MVSH_OT_BOOL, 0 },
    { "iothread", MVSH_OT_BOOL, 0 },
    { "memory", MVSH_OT_BOOL, 0 },
    { "dirtyrate", MVSH_OT_BOOL, 0 },
    { "vm", MVSH_OT_BOOL, 0 },
    { "list-active", MVSH_OT_BOOL, 0 },
    { "list-inactive", MVSH_OT_BOOL, 0 },
    { "list-persistent", MVSH_OT_BOOL, 0 },
    { "list-transient", MVSH_OT_BOOL, 0 },
    { "list-running", MVSH_OT_BOOL, 0 },
    { "list-paused", MVSH_OT_BOOL, 0 },
    { "list-shutoff", MVSH_OT_BOOL, 0 },
    { "list-other", MVSH_OT_BOOL, 0 },
    { "raw", MVSH_OT_BOOL, 0 },
    { "enforce", MVSH_OT_BOOL, 0 },
    { "backing", MVSH_OT_BOOL, 0 },
    { "nowait", MVSH_OT_BOOL, 0 },
    { "domain", MVSH_OT_ARGV, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domstats = {
    .name = "domstats",
    .summary = "get statistics about one or multiple domains",
    .usage = "domstats [--state] [--cpu-total] [--balloon] [--vcpu] [--interface] [--block] "
             "[--perf] [--iothread] [--memory] [--dirtyrate] [--vm] [--list-active] "
             "[--list-inactive] [--list-persistent] [--list-transient] [--list-running] "
             "[--list-paused] [--list-shutoff] [--list-other] [--raw] [--enforce] "
             "[--backing] [--nowait] [<domain>]...",
    .description = "Shows the bulk statistics (name=value) of the domains given, or of every "
                   "domain the --list-* options let through; the group options choose what "
                   "is reported (none: all the driver has), --enforce fails on a group the "
                   "driver lacks.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domstats_opts, .run = cmd_domstats,
};
