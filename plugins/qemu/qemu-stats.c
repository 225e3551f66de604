/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-stats.c — a running guest's statistics, as libvirt's
 * qemu driver gathers them: block counters from QMP query-blockstats (each
 * disk is the -blockdev format node "diskN-format"), interface counters
 * from the host side of its tap device (swapped: what the tap receives the
 * guest sent), the balloon's size as the BALLOON_CHANGE events keep it,
 * the process's CPU time and resident size from the kernel, and the bulk
 * statistics groups state, cpu-total, balloon, vcpu, interface, block and
 * iothread (QMP query-iothreads' polling values);
 * a disk's sizes (the image file, and QEMU's virtual size while it runs).
 * I/O throttling is in qemu-iotune.c. */
#include "qemu-driver.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mv_qemu_disk_index(const mv_domain_def *def, const char *path)
{
    for (size_t i = 0; i < def->devices->ndisks; i++)
        if (!strcmp(def->devices->disks[i]->dst, path))
            return (int)i;
    for (size_t i = 0; i < def->devices->ndisks; i++) {
        const char *src = def->devices->disks[i]->src_path;
        if (src && !strcmp(src, path))
            return (int)i;
    }
    return -1;
}

/* One disk's counters from query-blockstats (every member -1 when QEMU
 * did not report the disk). */
typedef struct {
    long long rd_reqs, rd_bytes, rd_times, wr_reqs, wr_bytes, wr_times, fl_reqs, fl_times;
    long long wr_highest;   /* the highest offset written */
} disk_counters;

static long long member(JsonObject *o, const char *name)
{
    return o && json_object_has_member(o, name) ? json_object_get_int_member(o, name) : -1;
}

/* Fills C[0..N) from REPLY (query-blockstats), by format node name. */
static void disk_counters_fill(JsonNode *reply, disk_counters *c, size_t n)
{
    memset(c, 0xff, n * sizeof(*c));   /* all -1 */
    JsonArray *all = reply && JSON_NODE_HOLDS_ARRAY(reply) ? json_node_get_array(reply) : NULL;
    for (guint k = 0; all && k < json_array_get_length(all); k++) {
        JsonObject *e = json_array_get_object_element(all, k);
        const char *node = e ? json_object_get_string_member_with_default(e, "node-name", "")
                             : "";
        size_t i;
        if (sscanf(node, "disk%zu-format", &i) != 1 || i >= n)
            continue;
        JsonObject *s = json_object_get_object_member(e, "stats");
        c[i] = (disk_counters){
            member(s, "rd_operations"), member(s, "rd_bytes"), member(s, "rd_total_time_ns"),
            member(s, "wr_operations"), member(s, "wr_bytes"), member(s, "wr_total_time_ns"),
            member(s, "flush_operations"), member(s, "flush_total_time_ns"),
            member(s, "wr_highest_offset"),
        };
    }
}

/* The counters of the disk PATH names (its target or source), or of all
 * disks summed for an empty PATH, as libvirt's does, into *SUM (members
 * QEMU did not report count 0). In a job; -1 with the error reported. */
static int path_counters(mv_qemu_state *st, mv_qemu_vm *vm, const char *path,
                         disk_counters *sum)
{
    const mv_domain_def *def = vm->obj->def;
    size_t n = def->devices->ndisks;
    int want = *path ? mv_qemu_disk_index(def, path) : -1;
    if (*path && want < 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "invalid path: %s", path);
        return -1;
    }
    JsonNode *reply = mv_qemu_job_qmp(st, vm, "query-blockstats", NULL, MV_QEMU_QMP_REPLY_MS);
    if (!reply)
        return -1;
    disk_counters *c = g_new(disk_counters, n ? n : 1);
    disk_counters_fill(reply, c, n);
    json_node_unref(reply);
    memset(sum, 0, sizeof(*sum));
    for (size_t i = 0; i < n; i++) {
        if (want >= 0 && (size_t)want != i)
            continue;
#define ADD(m) sum->m += c[i].m > 0 ? c[i].m : 0
        ADD(rd_reqs); ADD(rd_bytes); ADD(rd_times); ADD(wr_reqs); ADD(wr_bytes);
        ADD(wr_times); ADD(fl_reqs); ADD(fl_times);
#undef ADD
    }
    g_free(c);
    return 0;
}

int mv_qemu_domain_block_stats(virDomainPtr dom, const char *path, virDomainBlockStatsPtr stats)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    disk_counters c;
    int ret = path_counters(st, vm, path, &c);
    if (ret == 0) {
        memset(stats, 0, sizeof(*stats));
        stats->rd_req = c.rd_reqs;
        stats->rd_bytes = c.rd_bytes;
        stats->wr_req = c.wr_reqs;
        stats->wr_bytes = c.wr_bytes;
        stats->errs = -1;   /* QEMU counts no errors */
    }
    return mv_qemu_vm_job_end(st, vm, ret);
}

/* The same counters as typed parameters, in libvirt's order; with
 * *NPARAMS 0, how many there are. The times are QEMU's, in ns. */
int mv_qemu_domain_block_stats_flags(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int *nparams,
                                     unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_TYPED_PARAM_STRING_OKAY, MV_QEMU_ERR,
                             "qemuDomainBlockStatsFlags") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    disk_counters c;
    int ret = path_counters(st, vm, path, &c);
    if (ret < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    const struct { const char *name; long long v; } all[] = {
        { VIR_DOMAIN_BLOCK_STATS_WRITE_BYTES, c.wr_bytes },
        { VIR_DOMAIN_BLOCK_STATS_WRITE_REQ, c.wr_reqs },
        { VIR_DOMAIN_BLOCK_STATS_READ_BYTES, c.rd_bytes },
        { VIR_DOMAIN_BLOCK_STATS_READ_REQ, c.rd_reqs },
        { VIR_DOMAIN_BLOCK_STATS_FLUSH_REQ, c.fl_reqs },
        { VIR_DOMAIN_BLOCK_STATS_WRITE_TOTAL_TIMES, c.wr_times },
        { VIR_DOMAIN_BLOCK_STATS_READ_TOTAL_TIMES, c.rd_times },
        { VIR_DOMAIN_BLOCK_STATS_FLUSH_TOTAL_TIMES, c.fl_times },
    };
    int k = 0;
    for (; *nparams > 0 && k < (int)G_N_ELEMENTS(all) && k < *nparams; k++) {
        memset(&params[k], 0, sizeof(params[k]));
        g_strlcpy(params[k].field, all[k].name, sizeof(params[k].field));
        params[k].type = VIR_TYPED_PARAM_LLONG;
        params[k].value.l = all[k].v;
    }
    *nparams = *nparams == 0 ? (int)G_N_ELEMENTS(all) : k;
    return mv_qemu_vm_job_end(st, vm, 0);
}

/* --- interfaces (the taps' counters: mv_netdev_guest_counters) -------------- */

int mv_qemu_domain_interface_stats(virDomainPtr dom, const char *device,
                                   virDomainInterfaceStatsPtr stats)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    const mv_domain_net_def *net = NULL;
    if (!mv_qemu_vm_active(vm))
        mv_qemu_error_not_running();
    else if (!(net = mv_netdev_find(vm->obj->def, device)))
        ;
    else if (!net->ifname)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "interface '%s' has no host device to read statistics from", device);
    else
        ret = mv_netdev_guest_counters(MV_QEMU_ERR, net->ifname, stats);
    pthread_mutex_unlock(&st->lock);
    return ret;
}

/* --- memory ------------------------------------------------------------------- */

/* The process's resident size in KiB, or -1. */
static long long rss_kib(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/statm", (int)pid);
    g_autofree char *text = NULL;
    unsigned long long size, resident;
    if (!g_file_get_contents(path, &text, NULL, NULL) ||
        sscanf(text, "%llu %llu", &size, &resident) != 2)
        return -1;
    return (long long)(resident * (unsigned long long)sysconf(_SC_PAGESIZE) / 1024);
}

/* Whether DEF's guest has a balloon (without <memballoon>, the default
 * virtio one). */
static bool has_balloon(const mv_domain_def *def)
{
    const mv_domain_memballoon_def *b = def->devices->memballoon;
    return !b || b->model != MV_DOMAIN_MEMBALLOON_NONE;
}

#define BALLOON_QOM "/machine/peripheral/balloon0"

/* The guest's own memory figures (qom-get guest-stats, which its balloon
 * driver updates every stats period), appended to STATS from *N up to NR
 * in libvirt's order: the figures the guest reports (QEMU gives -1 for
 * the others) and the time of its last report, 0 before any. */
static void guest_stats(mv_qemu_state *st, mv_qemu_vm *vm, virDomainMemoryStatPtr stats,
                        int *n, int nr)
{
    static const struct {
        const char *name;   /* NULL: the reply's "last-update" */
        int tag;
        long long div;
    } map[] = {
        { "stat-swap-in", VIR_DOMAIN_MEMORY_STAT_SWAP_IN, 1024 },
        { "stat-swap-out", VIR_DOMAIN_MEMORY_STAT_SWAP_OUT, 1024 },
        { "stat-major-faults", VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT, 1 },
        { "stat-minor-faults", VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, 1 },
        { "stat-free-memory", VIR_DOMAIN_MEMORY_STAT_UNUSED, 1024 },
        { "stat-total-memory", VIR_DOMAIN_MEMORY_STAT_AVAILABLE, 1024 },
        { "stat-available-memory", VIR_DOMAIN_MEMORY_STAT_USABLE, 1024 },
        { NULL, VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, 1 },
        { "stat-disk-caches", VIR_DOMAIN_MEMORY_STAT_DISK_CACHES, 1024 },
        { "stat-htlb-pgalloc", VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC, 1 },
        { "stat-htlb-pgfail", VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL, 1 },
    };
    /* A balloon never given a period has no figures: only the time of
     * the last report, 0, which needs no question to QEMU. */
    if (!vm->balloon_polled) {
        if (*n < nr)
            stats[(*n)++] = (virDomainMemoryStatStruct){ VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, 0 };
        return;
    }
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "path", BALLOON_QOM);
    json_object_set_string_member(args, "property", "guest-stats");
    JsonNode *reply = mv_qemu_job_qmp(st, vm, "qom-get", args, MV_QEMU_QMP_REPLY_MS);
    json_object_unref(args);
    if (!reply) {
        mv_error_reset();   /* no figures: the balloon's size alone */
        return;
    }
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(reply) ? json_node_get_object(reply) : NULL;
    JsonObject *figs = o && json_object_has_member(o, "stats")
                           ? json_object_get_object_member(o, "stats") : NULL;
    for (size_t k = 0; k < G_N_ELEMENTS(map) && *n < nr; k++) {
        long long v = map[k].name ? member(figs, map[k].name) : member(o, "last-update");
        if (v < 0)
            continue;
        stats[(*n)++] = (virDomainMemoryStatStruct){ map[k].tag,
                                                     (unsigned long long)(v / map[k].div) };
    }
    json_node_unref(reply);
}

/* The balloon's size in KiB: the definition's current memory, which the
 * BALLOON_CHANGE events keep (qemu-monitor-events.c), as libvirt keeps
 * it, so no QEMU command is needed. */
static long long balloon_kib(mv_qemu_state *st, mv_qemu_vm *vm)
{
    (void)st;
    return (long long)vm->obj->def->current_memory;
}

/* VM's memory figures in libvirt's order: the balloon's size, the guest's
 * own figures, QEMU's resident size; at most NR. In a job. */
static int memory_stats(mv_qemu_state *st, mv_qemu_vm *vm, virDomainMemoryStatPtr stats, int nr)
{
    long long actual = balloon_kib(st, vm);
    if (actual < 0)
        return -1;
    int n = 0;
    /* Without a balloon device libvirt reports the resident size alone. */
    if (has_balloon(vm->obj->def)) {
        if (n < nr)
            stats[n++] = (virDomainMemoryStatStruct){ VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON,
                                                      (unsigned long long)actual };
        guest_stats(st, vm, stats, &n, nr);
    }
    long long rss = rss_kib(vm->pid);
    if (rss >= 0 && n < nr)
        stats[n++] = (virDomainMemoryStatStruct){ VIR_DOMAIN_MEMORY_STAT_RSS,
                                                  (unsigned long long)rss };
    return n;
}

int mv_qemu_domain_memory_stats(virDomainPtr dom, virDomainMemoryStatPtr stats,
                                unsigned int nr_stats, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, "qemuDomainMemoryStats") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    int n = memory_stats(st, vm, stats, (int)nr_stats);
    return mv_qemu_vm_job_end(st, vm, n);
}

/* --- bulk statistics ------------------------------------------------------------ */

#define STATS_SUPPORTED \
    (VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON | \
     VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK | \
     VIR_DOMAIN_STATS_IOTHREAD)

typedef struct {
    virTypedParameterPtr p;
    int n, max;
} plist;

static void add_ull(plist *l, unsigned long long v, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void add_ull(plist *l, unsigned long long v, const char *fmt, ...)
{
    char name[VIR_TYPED_PARAM_FIELD_LENGTH];
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    virTypedParamsAddULLong(&l->p, &l->n, &l->max, name, v);
}

static void add_str(plist *l, const char *v, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void add_str(plist *l, const char *v, const char *fmt, ...)
{
    char name[VIR_TYPED_PARAM_FIELD_LENGTH];
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    virTypedParamsAddString(&l->p, &l->n, &l->max, name, v);
}

static int image_sizes(const char *path, const char *format, virDomainBlockInfoPtr info);

/* The groups of STATS for VM (in a job for an active one). */
static void vm_stats(mv_qemu_state *st, mv_qemu_vm *vm, unsigned int stats, plist *l)
{
    const mv_domain_def *def = vm->obj->def;
    bool active = mv_qemu_vm_active(vm);
    if (stats & VIR_DOMAIN_STATS_STATE) {
        virTypedParamsAddInt(&l->p, &l->n, &l->max, "state.state", vm->obj->state);
        virTypedParamsAddInt(&l->p, &l->n, &l->max, "state.reason", vm->obj->reason);
    }
    if (!active)
        return;
    if (stats & VIR_DOMAIN_STATS_CPU_TOTAL) {
        unsigned long long u = 0, s = 0;
        long hz = sysconf(_SC_CLK_TCK);
        unsigned long long tick = 1000000000ULL / (unsigned long long)(hz > 0 ? hz : 100);
        add_ull(l, mv_qemu_process_cputime(vm->pid), "cpu.time");
        if (mv_process_proc_stat(vm->pid, NULL, &u, &s)) {
            add_ull(l, u * tick, "cpu.user");
            add_ull(l, s * tick, "cpu.system");
        }
    }
    if (stats & VIR_DOMAIN_STATS_BALLOON) {
        /* libvirt's names for the memory figures, by tag */
        static const char *const names[VIR_DOMAIN_MEMORY_STAT_NR] = {
            [VIR_DOMAIN_MEMORY_STAT_SWAP_IN] = "swap_in",
            [VIR_DOMAIN_MEMORY_STAT_SWAP_OUT] = "swap_out",
            [VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT] = "major_fault",
            [VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT] = "minor_fault",
            [VIR_DOMAIN_MEMORY_STAT_UNUSED] = "unused",
            [VIR_DOMAIN_MEMORY_STAT_AVAILABLE] = "available",
            [VIR_DOMAIN_MEMORY_STAT_RSS] = "rss",
            [VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE] = "last-update",
            [VIR_DOMAIN_MEMORY_STAT_USABLE] = "usable",
            [VIR_DOMAIN_MEMORY_STAT_DISK_CACHES] = "disk_caches",
            [VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC] = "hugetlb_pgalloc",
            [VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL] = "hugetlb_pgfail",
        };
        virDomainMemoryStatStruct mem[VIR_DOMAIN_MEMORY_STAT_NR];
        int nmem = memory_stats(st, vm, mem, VIR_DOMAIN_MEMORY_STAT_NR);
        add_ull(l, def->current_memory, "balloon.current");
        add_ull(l, def->memory, "balloon.maximum");
        for (int i = 0; i < nmem; i++)
            if (mem[i].tag >= 0 && mem[i].tag < VIR_DOMAIN_MEMORY_STAT_NR && names[mem[i].tag])
                add_ull(l, mem[i].val, "balloon.%s", names[mem[i].tag]);
    }
    if (stats & VIR_DOMAIN_STATS_VCPU) {
        unsigned int cur = def->vcpus_current ? def->vcpus_current : def->vcpus_max;
        virTypedParamsAddUInt(&l->p, &l->n, &l->max, "vcpu.current", cur);
        virTypedParamsAddUInt(&l->p, &l->n, &l->max, "vcpu.maximum", def->vcpus_max);
        /* Each online vCPU's thread: its state, CPU time, time waiting for
         * a host CPU and time queued (libvirt's order). */
        g_autofree pid_t *tids = NULL;
        int n = 0;
        if (mv_qemu_vcpu_threads(st, vm, &tids, &n) < 0)
            mv_error_reset();
        for (int i = 0; i < n; i++) {
            if (!tids[i])
                continue;
            mv_qemu_vcpu_times t;
            mv_qemu_vcpu_thread_times(vm->pid, tids[i], &t);
            char name[VIR_TYPED_PARAM_FIELD_LENGTH];
            g_snprintf(name, sizeof(name), "vcpu.%d.state", i);
            virTypedParamsAddInt(&l->p, &l->n, &l->max, name, VIR_VCPU_RUNNING);
            add_ull(l, t.time, "vcpu.%d.time", i);
            add_ull(l, t.wait, "vcpu.%d.wait", i);
            add_ull(l, t.delay, "vcpu.%d.delay", i);
        }
    }
    if (stats & VIR_DOMAIN_STATS_INTERFACE) {
        virTypedParamsAddUInt(&l->p, &l->n, &l->max, "net.count",
                              (unsigned int)def->devices->nnets);
        for (size_t i = 0; i < def->devices->nnets; i++) {
            const mv_domain_net_def *net = def->devices->nets[i];
            virDomainInterfaceStatsStruct s;
            if (!net->ifname)
                continue;
            add_str(l, net->ifname, "net.%zu.name", i);
            if (mv_netdev_guest_counters(MV_QEMU_ERR, net->ifname, &s) < 0) {
                mv_error_reset();
                continue;
            }
            add_ull(l, (unsigned long long)s.rx_bytes, "net.%zu.rx.bytes", i);
            add_ull(l, (unsigned long long)s.rx_packets, "net.%zu.rx.pkts", i);
            add_ull(l, (unsigned long long)s.rx_errs, "net.%zu.rx.errs", i);
            add_ull(l, (unsigned long long)s.rx_drop, "net.%zu.rx.drop", i);
            add_ull(l, (unsigned long long)s.tx_bytes, "net.%zu.tx.bytes", i);
            add_ull(l, (unsigned long long)s.tx_packets, "net.%zu.tx.pkts", i);
            add_ull(l, (unsigned long long)s.tx_errs, "net.%zu.tx.errs", i);
            add_ull(l, (unsigned long long)s.tx_drop, "net.%zu.tx.drop", i);
        }
    }
    if (stats & VIR_DOMAIN_STATS_BLOCK) {
        size_t n = def->devices->ndisks;
        virTypedParamsAddUInt(&l->p, &l->n, &l->max, "block.count", (unsigned int)n);
        JsonNode *reply = mv_qemu_job_qmp(st, vm, "query-blockstats", NULL,
                                          MV_QEMU_QMP_REPLY_MS);
        disk_counters *c = g_new(disk_counters, n ? n : 1);
        disk_counters_fill(reply, c, n);
        if (reply)
            json_node_unref(reply);
        else
            mv_error_reset();   /* the group is left out, as libvirt leaves it */
        for (size_t i = 0; i < n; i++) {
            const mv_domain_disk_def *disk = def->devices->disks[i];
            add_str(l, disk->dst, "block.%zu.name", i);
            if (disk->src_path) {
                add_str(l, disk->src_path, "block.%zu.path", i);
                /* the top of its chain, which is all of it here */
                char name[VIR_TYPED_PARAM_FIELD_LENGTH];
                g_snprintf(name, sizeof(name), "block.%zu.backingIndex", i);
                virTypedParamsAddUInt(&l->p, &l->n, &l->max, name, 1);
            }
            if (c[i].rd_reqs < 0)
                continue;
            add_ull(l, (unsigned long long)c[i].rd_reqs, "block.%zu.rd.reqs", i);
            add_ull(l, (unsigned long long)c[i].rd_bytes, "block.%zu.rd.bytes", i);
            add_ull(l, (unsigned long long)c[i].rd_times, "block.%zu.rd.times", i);
            add_ull(l, (unsigned long long)c[i].wr_reqs, "block.%zu.wr.reqs", i);
            add_ull(l, (unsigned long long)c[i].wr_bytes, "block.%zu.wr.bytes", i);
            add_ull(l, (unsigned long long)c[i].wr_times, "block.%zu.wr.times", i);
            add_ull(l, (unsigned long long)c[i].fl_reqs, "block.%zu.fl.reqs", i);
            add_ull(l, (unsigned long long)c[i].fl_times, "block.%zu.fl.times", i);
            /* The sizes, as libvirt's: what the guest has written up to,
             * the image's virtual size and the file's. */
            virDomainBlockInfo info;
            if (c[i].wr_highest >= 0)
                add_ull(l, (unsigned long long)c[i].wr_highest, "block.%zu.allocation", i);
            if (disk->src_path && image_sizes(disk->src_path, disk->driver_type, &info) == 0) {
                add_ull(l, info.capacity, "block.%zu.capacity", i);
                add_ull(l, info.physical, "block.%zu.physical", i);
            } else {
                mv_error_reset();
            }
        }
        g_free(c);
    }
    /* the lock was dropped around QMP */
    const mv_domain_iothreads *io = vm->obj->def->iothreads;
    if ((stats & VIR_DOMAIN_STATS_IOTHREAD) && io && io->nthreads) {
        /* QEMU asked now, its threads in its order; nothing for a guest
         * without I/O threads (the live definition follows every thread
         * added or removed: no query for them), nor when QEMU did not
         * answer */
        GArray *threads = NULL;
        if (mv_qemu_iothread_query(st, vm, &threads) < 0) {
            mv_error_reset();
        } else {
            if (threads->len)
                virTypedParamsAddUInt(&l->p, &l->n, &l->max, "iothread.count", threads->len);
            for (guint i = 0; i < threads->len; i++) {
                const mv_qemu_iothread_tid *t = &g_array_index(threads, mv_qemu_iothread_tid, i);
                if (!t->poll_valid)
                    continue;
                char name[VIR_TYPED_PARAM_FIELD_LENGTH];
                add_ull(l, t->poll_max_ns, "iothread.%u.poll-max-ns", t->id);
                g_snprintf(name, sizeof(name), "iothread.%u.poll-grow", t->id);
                virTypedParamsAddUInt(&l->p, &l->n, &l->max, name, t->poll_grow);
                g_snprintf(name, sizeof(name), "iothread.%u.poll-shrink", t->id);
                virTypedParamsAddUInt(&l->p, &l->n, &l->max, name, t->poll_shrink);
            }
            g_array_free(threads, TRUE);
        }
    }
}

int mv_qemu_connect_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms,
                                         unsigned int ndoms, unsigned int stats,
                                         virDomainStatsRecordPtr **retStats, unsigned int flags)
{
    mv_qemu_state *st = mv_qemu_state_of(conn);
    pthread_mutex_lock(&st->lock);
    /* The domains, each with a reference, then each in a job of its own
     * (which may wait: a domain that stopped or went meanwhile is checked
     * again). */
    mv_domain_obj **objs = mv_domain_list_stats_select(st->doms, doms, ndoms, &stats,
                                                       STATS_SUPPORTED, flags, MV_QEMU_ERR,
                                                       "qemuConnectGetAllDomainStats");
    if (!objs) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    GPtrArray *out = g_ptr_array_new();
    for (mv_domain_obj **op = objs; *op; op++) {
        mv_domain_obj *o = *op;
        mv_qemu_vm *vm = o->priv;
        if (mv_qemu_job_begin(st, vm, false) < 0) {
            mv_error_reset();
            continue;
        }
        if (!o->removed && mv_domain_obj_matches(o, flags & MV_DOMAIN_STATS_FILTERS)) {
            plist l = { NULL, 0, 0 };
            vm_stats(st, vm, stats, &l);
            virDomainStatsRecordPtr rec = g_new0(virDomainStatsRecord, 1);
            rec->dom = mv_domain_obj_handle(conn, o);
            rec->params = l.p;
            rec->nparams = l.n;
            g_ptr_array_add(out, rec);
        }
        mv_qemu_job_end(st, vm);
    }
    pthread_mutex_unlock(&st->lock);
    mv_domain_obj_list_free(objs);
    int n = (int)out->len;
    g_ptr_array_add(out, NULL);
    *retStats = (virDomainStatsRecordPtr *)g_ptr_array_free(out, FALSE);
    return n;
}

/* --- block devices: sizes and I/O throttling -------------------------------------- */

JsonObject *mv_qemu_block_entry(JsonNode *reply, size_t i)
{
    g_autofree char *node = g_strdup_printf("disk%zu-format", i);
    JsonArray *all = reply && JSON_NODE_HOLDS_ARRAY(reply) ? json_node_get_array(reply) : NULL;
    for (guint k = 0; all && k < json_array_get_length(all); k++) {
        JsonObject *e = json_array_get_object_element(all, k);
        JsonObject *ins = e && json_object_has_member(e, "inserted")
                              ? json_object_get_object_member(e, "inserted") : NULL;
        if (ins && !g_strcmp0(json_object_get_string_member_with_default(ins, "node-name", ""),
                              node))
            return e;
    }
    return NULL;
}

/* A qcow2 image's virtual size from its header, or the file's size. */
static int image_sizes(const char *path, const char *format, virDomainBlockInfoPtr info)
{
    struct stat sb;
    if (stat(path, &sb) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED, errno,
                              "cannot stat file '%s'", path);
        return -1;
    }
    info->physical = (unsigned long long)sb.st_size;
    info->allocation = (unsigned long long)sb.st_blocks * 512;
    info->capacity = info->physical;
    if (format && !strcmp(format, "qcow2")) {
        unsigned char hdr[32];
        FILE *f = fopen(path, "rb");
        if (f && fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr) && !memcmp(hdr, "QFI\xfb", 4)) {
            unsigned long long size = 0;
            for (int k = 24; k < 32; k++)
                size = size << 8 | hdr[k];
            info->capacity = size;
        }
        if (f)
            fclose(f);
    }
    return 0;
}

int mv_qemu_domain_get_block_info(virDomainPtr dom, const char *path, virDomainBlockInfoPtr info,
                                  unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, "qemuDomainGetBlockInfo") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    int ret = -1;
    const mv_domain_def *def = vm->obj->def;
    int i = mv_qemu_disk_index(def, path);
    const mv_domain_disk_def *disk = i >= 0 ? def->devices->disks[i] : NULL;
    g_autofree char *src = NULL;
    g_autofree char *format = NULL;
    if (!disk) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "invalid path %s not assigned to domain", path);
        goto out;
    }
    if (!disk->src_path) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "disk '%s' does not currently have a source assigned", path);
        goto out;
    }
    src = g_strdup(disk->src_path);
    format = g_strdup(disk->driver_type);
    if (image_sizes(src, format, info) < 0)
        goto out;
    /* While it runs, QEMU knows the image's virtual size best. */
    if (mv_qemu_vm_active(vm)) {
        JsonNode *reply = mv_qemu_job_qmp(st, vm, "query-block", NULL, MV_QEMU_QMP_REPLY_MS);
        if (!reply)
            goto out;
        JsonObject *e = mv_qemu_block_entry(reply, (size_t)i);
        JsonObject *image = e ? json_object_get_object_member(
                                    json_object_get_object_member(e, "inserted"), "image")
                              : NULL;
        if (image && member(image, "virtual-size") >= 0)
            info->capacity = (unsigned long long)member(image, "virtual-size");
        json_node_unref(reply);
    }
    ret = 0;
out:
    return mv_qemu_vm_job_end(st, vm, ret);
}

/* QEMU's balloon asks the guest for its figures every PERIOD seconds. */
static int set_period(mv_qemu_state *st, mv_qemu_vm *vm, int period)
{
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "path", BALLOON_QOM);
    json_object_set_string_member(args, "property", "guest-stats-polling-interval");
    json_object_set_int_member(args, "value", period);
    int rc = mv_qemu_job_qmp_run(st, vm, "qom-set", args);
    json_object_unref(args);
    if (rc == 0 && period > 0)
        vm->balloon_polled = true;
    return rc;
}

int mv_qemu_balloon_period_apply(mv_qemu_state *st, mv_qemu_vm *vm)
{
    const mv_domain_def *def = vm->obj->def;
    vm->balloon_polled = false;
    if (!has_balloon(def) || !def->devices->memballoon || !def->devices->memballoon->stats_period)
        return 0;
    return set_period(st, vm, (int)def->devices->memballoon->stats_period);
}

int mv_qemu_domain_set_memory_stats_period(virDomainPtr dom, int period, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_QEMU_ERR, "qemuDomainSetMemoryStatsPeriod") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    int ret = -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0)
        goto out;
    if ((live && !has_balloon(live)) || (config && !has_balloon(config))) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "No memory balloon device configured, can not set the collection "
                        "period");
        goto out;
    }
    if (live) {
        if (set_period(st, vm, period) < 0)
            goto out;
        if (live->devices->memballoon)
            live->devices->memballoon->stats_period = (unsigned int)period;
    }
    if (config) {
        if (!config->devices->memballoon) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_UNSUPPORTED,
                            "the definition has no <memballoon> element to keep the period in");
            goto out;
        }
        config->devices->memballoon->stats_period = (unsigned int)period;
        if (mv_qemu_config_save(st, config) < 0)
            goto out;
    }
    ret = 0;
out:
    return mv_qemu_vm_job_end(st, vm, ret);
}
