/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-vcpu.c — a running guest's virtual CPUs as host
 * threads: their thread ids from QMP query-cpus-fast, their CPU time and
 * current CPU from /proc/PID/task/TID/stat, their affinity read and set
 * with sched_getaffinity/sched_setaffinity (a vCPU pin), the emulator's
 * being that of every other thread of the QEMU process but its I/O
 * threads (qemu-iothread.c). The domain's CPU
 * time in total comes from its process. A stopped domain's maps are its
 * <vcpu cpuset>, else every host CPU.
 *
 * A pin is kept in the definition it was made for (<cputune><vcpupin>,
 * <emulatorpin>; the live one shows it, the persistent one is saved) and a
 * start applies the persistent ones to the new threads, else the <vcpu
 * cpuset>, before the guest runs. The CPU
 * time per host CPU comes from the guest's cgroup (qemu-cgroup.c), and is
 * refused as libvirt refuses it without a v1 cpuacct one. */
#include "qemu-driver.h"

#include <modvirt-plugin/host-cpu.h>
#include <modvirt-plugin/process.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK_FLAGS(flags, ok, ret) \
    do { \
        if (mv_error_check_flags((flags), (ok), MV_QEMU_ERR, __func__) < 0) \
            return ret; \
    } while (0)

/* The host's CPU count (the highest present one plus 1), at least 1. */
static int host_cpus(void)
{
    int n = mv_host_cpu_map(NULL, NULL, NULL, 0);
    return n > 0 ? n : 1;
}

/* MAP (MAPLEN bytes) from the <vcpu cpuset> of DEF, else every host CPU. */
static void default_map(const mv_domain_def *def, unsigned char *map, int maplen)
{
    memset(map, 0, maplen);
    if (def->vcpu_cpuset) {
        mv_domain_cpuset_to_map(def->vcpu_cpuset, map, maplen);
        return;
    }
    int n = host_cpus();
    for (int c = 0; c < n && c / 8 < maplen; c++)
        VIR_USE_CPU(map, c);
}

static void set_to_map(const cpu_set_t *set, unsigned char *map, int maplen)
{
    memset(map, 0, maplen);
    for (int c = 0; c < maplen * 8 && c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, set))
            VIR_USE_CPU(map, c);
}

bool mv_qemu_map_to_set(const unsigned char *map, int maplen, cpu_set_t *set)
{
    bool any = false;
    CPU_ZERO(set);
    for (int c = 0; c < maplen * 8 && c < CPU_SETSIZE; c++)
        if (VIR_CPU_USED(map, c)) {
            CPU_SET(c, set);
            any = true;
        }
    return any;
}

int mv_qemu_thread_pin(pid_t tid, const cpu_set_t *set)
{
    if (sched_setaffinity(tid, sizeof(*set), set) == 0)
        return 0;
    mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                          "cannot set CPU affinity on process %d", (int)tid);
    return -1;
}

void mv_qemu_vcpu_threads_forget(mv_qemu_vm *vm)
{
    g_clear_pointer(&vm->vcpu_tids, g_free);
    vm->nvcpu_tids = 0;
}

/* The thread ids of the online vCPUs by index (0: offline), from QMP, in
 * a job; *N is the array's length. -1 with an error. */
int mv_qemu_vcpu_threads(mv_qemu_state *st, mv_qemu_vm *vm, pid_t **tids, int *n)
{
    /* A vCPU keeps its thread: QEMU is asked again only after a plug, or
     * for a new process. */
    if (vm->vcpu_tids && vm->vcpu_tids_start == vm->proc_start) {
        *tids = g_memdup2(vm->vcpu_tids, sizeof(pid_t) * (gsize)vm->nvcpu_tids);
        *n = vm->nvcpu_tids;
        return 0;
    }
    mv_qemu_vcpu_threads_forget(vm);
    JsonNode *reply = mv_qemu_job_qmp(st, vm, "query-cpus-fast", NULL, MV_QEMU_QMP_REPLY_MS);
    if (!reply)
        return -1;
    if (!JSON_NODE_HOLDS_ARRAY(reply)) {
        json_node_unref(reply);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "query-cpus-fast reply was missing return data");
        return -1;
    }
    JsonArray *cpus = json_node_get_array(reply);
    int max = (int)vm->obj->def->vcpus_max;
    *tids = g_new0(pid_t, max > 0 ? max : 1);
    *n = max;
    for (guint i = 0; i < json_array_get_length(cpus); i++) {
        JsonObject *cpu = json_array_get_object_element(cpus, i);
        if (!cpu || !json_object_has_member(cpu, "cpu-index") ||
            !json_object_has_member(cpu, "thread-id"))
            continue;
        gint64 idx = json_object_get_int_member(cpu, "cpu-index");
        if (idx >= 0 && idx < max)
            (*tids)[idx] = (pid_t)json_object_get_int_member(cpu, "thread-id");
    }
    json_node_unref(reply);
    vm->vcpu_tids = g_memdup2(*tids, sizeof(pid_t) * (gsize)*n);
    vm->nvcpu_tids = *n;
    vm->vcpu_tids_start = vm->proc_start;
    return 0;
}

/* CPU time (ns) and last CPU of thread TID of PID, from its stat line. */
static void thread_stat(pid_t pid, pid_t tid, unsigned long long *ns, int *cpu)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/task/%d/stat", (int)pid, (int)tid);
    g_autofree char *text = NULL;
    *ns = 0;
    *cpu = -1;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return;
    const char *p = strrchr(text, ')');   /* the name may hold anything */
    if (!p)
        return;
    g_auto(GStrv) f = g_strsplit(p + 2, " ", -1);
    /* After the name: state is field 3, utime 14, stime 15, processor 39. */
    if (g_strv_length(f) < 37)
        return;
    unsigned long long tick = 1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK);
    *ns = (g_ascii_strtoull(f[11], NULL, 10) + g_ascii_strtoull(f[12], NULL, 10)) * tick;
    *cpu = (int)g_ascii_strtoll(f[36], NULL, 10);
}

void mv_qemu_vcpu_thread_times(pid_t pid, pid_t tid, mv_qemu_vcpu_times *t)
{
    int cpu;
    thread_stat(pid, tid, &t->time, &cpu);
    t->wait = t->delay = 0;
    /* The time queued: the second figure of schedstat (ns). */
    g_autofree char *path = g_strdup_printf("/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
    g_autofree char *text = NULL;
    unsigned long long run, queued;
    if (g_file_get_contents(path, &text, NULL, NULL) &&
        sscanf(text, "%llu %llu", &run, &queued) == 2)
        t->delay = queued;
    /* The time waiting, where the kernel keeps scheduler statistics: the
     * wait_sum line of sched, in milliseconds with six decimals. */
    g_free(path);
    g_free(text);
    path = g_strdup_printf("/proc/%d/task/%d/sched", (int)pid, (int)tid);
    text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return;
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (!g_str_has_prefix(line, "se.statistics.wait_sum") && !g_str_has_prefix(line, "se.wait_sum"))
            continue;
        const char *colon = strchr(line, ':');
        unsigned long long ms = 0, frac = 0;
        if (colon && sscanf(colon + 1, " %llu.%6llu", &ms, &frac) >= 1)
            t->wait = ms * 1000000ULL + frac;
        break;
    }
}

/* DOM's VM in a job, refused with INACTIVE when it does not run. */
static mv_qemu_vm *begin_active(virDomainPtr dom, mv_qemu_state **stp, const char *inactive)
{
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, stp, false);
    if (vm && !mv_qemu_vm_active(vm)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "%s", inactive);
        mv_qemu_vm_job_end(*stp, vm, -1);
        return NULL;
    }
    return vm;
}

int mv_qemu_domain_vcpu_info(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                             unsigned char *cpumaps, int maplen)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = begin_active(dom, &st, "cannot list vcpus for an inactive domain");
    if (!vm)
        return -1;
    g_autofree pid_t *tids = NULL;
    int n = 0;
    if (mv_qemu_vcpu_threads(st, vm, &tids, &n) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    pid_t pid = vm->pid;
    int got = 0;
    for (int i = 0; i < n && got < maxinfo; i++) {
        if (!tids[i])
            continue;   /* offline */
        info[got].number = (unsigned int)i;
        info[got].state = VIR_VCPU_RUNNING;
        thread_stat(pid, tids[i], &info[got].cpuTime, &info[got].cpu);
        if (cpumaps) {
            unsigned char *map = VIR_GET_CPUMAP(cpumaps, maplen, got);
            cpu_set_t set;
            if (sched_getaffinity(tids[i], sizeof(set), &set) == 0)
                set_to_map(&set, map, maplen);
            else
                default_map(vm->obj->def, map, maplen);
        }
        got++;
    }
    return mv_qemu_vm_job_end(st, vm, got);
}

/* vCPU VCPU's <vcpupin> in DEF becomes SET (canonical). */
static void set_vcpupin(mv_domain_def *def, unsigned int vcpu, const char *set)
{
    mv_domain_cputune *t = def->cputune;
    if (vcpu >= t->nvcpupin) {
        t->vcpupin = g_renew(char *, t->vcpupin, vcpu + 1);
        memset(t->vcpupin + t->nvcpupin, 0, (vcpu + 1 - t->nvcpupin) * sizeof(char *));
        t->nvcpupin = vcpu + 1;
    }
    g_free(t->vcpupin[vcpu]);
    t->vcpupin[vcpu] = g_strdup(set);
}

static const char *vcpupin_of(const mv_domain_def *def, unsigned int vcpu)
{
    const mv_domain_cputune *t = def->cputune;
    return vcpu < t->nvcpupin ? t->vcpupin[vcpu] : NULL;
}

/* MAP (MAPLEN bytes) from PIN, else the <vcpu cpuset> of DEF, else every
 * host CPU: the CPUs libvirt reports for a definition's vCPU or emulator. */
static void def_map(const mv_domain_def *def, const char *pin, unsigned char *map, int maplen)
{
    if (pin) {
        mv_domain_cpuset_to_map(pin, map, maplen);
        return;
    }
    default_map(def, map, maplen);
}

int mv_qemu_domain_pin_vcpu_flags(virDomainPtr dom, unsigned int vcpu, unsigned char *cpumap,
                                  int maplen, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    if (config && vcpu >= config->vcpus_max) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "vcpu %u is out of range of persistent cpu count %u", vcpu,
                        config->vcpus_current);
        return mv_qemu_vm_job_end(st, vm, -1);
    }
    /* libvirt's order: the persistent range, the map, the live range */
    cpu_set_t set;
    g_autofree char *cpuset = mv_domain_cpuset_from_map(cpumap, maplen);
    if (!mv_qemu_map_to_set(cpumap, maplen, &set) || !cpuset) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "Empty cpu list for pinning");
        return mv_qemu_vm_job_end(st, vm, -1);
    }
    g_autofree pid_t *tids = NULL;
    int n = 0;
    if (live) {
        if (mv_qemu_vcpu_threads(st, vm, &tids, &n) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        if ((int)vcpu >= n || !tids[vcpu]) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                            "vcpu %u is out of range of live cpu count %u", vcpu,
                            live->vcpus_current);
            return mv_qemu_vm_job_end(st, vm, -1);
        }
    }
    if (live) {
        if (mv_qemu_cgroup_pin(vm, MV_CGROUP_THREAD_VCPU, vcpu, cpuset) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        if (mv_qemu_thread_pin(tids[vcpu], &set) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        set_vcpupin(live, vcpu, cpuset);
        if (mv_qemu_status_save(st, vm) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    if (config) {
        set_vcpupin(config, vcpu, cpuset);
        if (mv_qemu_config_save(st, config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    return mv_qemu_vm_job_end(st, vm, 0);
}

int mv_qemu_domain_get_vcpu_pin_info(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                     int maplen, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    if (!live) {
        int n = 0;
        for (; n < ncpumaps && (unsigned int)n < config->vcpus_max; n++)
            def_map(config, vcpupin_of(config, n), VIR_GET_CPUMAP(cpumaps, maplen, n), maplen);
        pthread_mutex_unlock(&st->lock);
        return n;
    }
    if (mv_qemu_job_begin(st, vm, true) < 0) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    g_autofree pid_t *tids = NULL;
    int n = 0;
    if (mv_qemu_vcpu_threads(st, vm, &tids, &n) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    int i = 0;
    for (; i < ncpumaps && i < n; i++) {
        unsigned char *map = VIR_GET_CPUMAP(cpumaps, maplen, i);
        cpu_set_t set;
        if (tids[i] && sched_getaffinity(tids[i], sizeof(set), &set) == 0)
            set_to_map(&set, map, maplen);
        else
            def_map(vm->obj->def, vcpupin_of(vm->obj->def, i), map, maplen);
    }
    return mv_qemu_vm_job_end(st, vm, i);
}

/* Every thread of PID but the vCPUs' TIDS. */
static int emulator_threads(pid_t pid, const pid_t *tids, int n, GArray *out)
{
    g_autofree char *dir = g_strdup_printf("/proc/%d/task", (int)pid);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot list the threads of process %d", (int)pid);
        return -1;
    }
    const char *name;
    while ((name = g_dir_read_name(d))) {
        pid_t tid = (pid_t)atoi(name);
        bool is_vcpu = false;
        for (int i = 0; i < n; i++)
            is_vcpu = is_vcpu || tids[i] == tid;
        if (tid > 0 && !is_vcpu)
            g_array_append_val(out, tid);
    }
    g_dir_close(d);
    return 0;
}

/* The threads an emulator pin leaves alone: the vCPUs' TIDS (N) and the
 * I/O threads QEMU runs (in a job; the lock is dropped meanwhile). NULL
 * with an error. */
static GArray *not_emulator(mv_qemu_state *st, mv_qemu_vm *vm, const pid_t *tids, int n)
{
    GArray *skip = g_array_new(FALSE, FALSE, sizeof(pid_t));
    g_array_append_vals(skip, tids, (guint)n);
    if (mv_qemu_iothread_tids(st, vm, skip) < 0) {
        g_array_free(skip, TRUE);
        return NULL;
    }
    return skip;
}

/* Sets every thread of PID but TIDS (N) to SET. */
static int pin_emulator_threads(pid_t pid, const pid_t *tids, int n, const cpu_set_t *set)
{
    g_autoptr(GArray) threads = g_array_new(FALSE, FALSE, sizeof(pid_t));
    if (emulator_threads(pid, tids, n, threads) < 0)
        return -1;
    for (guint i = 0; i < threads->len; i++) {
        pid_t tid = g_array_index(threads, pid_t, i);
        /* A thread that ended meanwhile is no failure. */
        if (sched_setaffinity(tid, sizeof(*set), set) < 0 && errno != ESRCH) {
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "cannot set CPU affinity on process %d", (int)tid);
            return -1;
        }
    }
    return 0;
}

int mv_qemu_domain_pin_emulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    cpu_set_t set;
    g_autofree char *cpuset = mv_domain_cpuset_from_map(cpumap, maplen);
    if (!mv_qemu_map_to_set(cpumap, maplen, &set) || !cpuset) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "Empty cpu list for pinning");
        return mv_qemu_vm_job_end(st, vm, -1);
    }
    if (live) {
        g_autofree pid_t *tids = NULL;
        int n = 0;
        if (mv_qemu_cgroup_pin(vm, MV_CGROUP_THREAD_EMULATOR, 0, cpuset) < 0 ||
            mv_qemu_vcpu_threads(st, vm, &tids, &n) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        g_autoptr(GArray) skip = not_emulator(st, vm, tids, n);
        if (!skip || pin_emulator_threads(vm->pid, (pid_t *)(void *)skip->data, (int)skip->len,
                                          &set) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        live = vm->obj->def;   /* the lock was dropped around QMP */
        g_free(live->cputune->emulatorpin);
        live->cputune->emulatorpin = g_strdup(cpuset);
        if (mv_qemu_status_save(st, vm) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    if (config) {
        g_free(config->cputune->emulatorpin);
        config->cputune->emulatorpin = g_strdup(cpuset);
        if (mv_qemu_config_save(st, config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    return mv_qemu_vm_job_end(st, vm, 0);
}

int mv_qemu_domain_get_emulator_pin_info(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                         unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    cpu_set_t set;
    if (live && sched_getaffinity(vm->pid, sizeof(set), &set) == 0)
        set_to_map(&set, cpumap, maplen);
    else {
        const mv_domain_def *def = live ? live : config;
        def_map(def, def->cputune->emulatorpin, cpumap, maplen);
    }
    pthread_mutex_unlock(&st->lock);
    return 1;
}

int mv_qemu_vcpu_pins_apply(mv_qemu_state *st, mv_qemu_vm *vm)
{
    const mv_domain_def *def = vm->obj->def;
    const char *emulator = def->cputune->emulatorpin ? def->cputune->emulatorpin
                                                      : def->vcpu_cpuset;
    bool any = emulator != NULL;
    for (unsigned int i = 0; i < def->vcpus_max && !any; i++)
        any = vcpupin_of(def, i) || def->vcpu_cpuset;
    if (!any)
        return 0;
    g_autofree pid_t *tids = NULL;
    int n = 0;
    if (mv_qemu_vcpu_threads(st, vm, &tids, &n) < 0)
        return -1;
    def = vm->obj->def;   /* the lock was dropped around QMP */
    int maplen = VIR_CPU_MAPLEN(CPU_SETSIZE);
    g_autofree unsigned char *map = g_malloc0(maplen);
    cpu_set_t set;
    if (emulator) {
        g_autoptr(GArray) skip = not_emulator(st, vm, tids, n);
        if (!skip)
            return -1;
        def = vm->obj->def;   /* the lock was dropped around QMP */
        emulator = def->cputune->emulatorpin ? def->cputune->emulatorpin : def->vcpu_cpuset;
        mv_domain_cpuset_to_map(emulator, map, maplen);
        if (mv_qemu_map_to_set(map, maplen, &set) &&
            pin_emulator_threads(vm->pid, (pid_t *)(void *)skip->data, (int)skip->len, &set) < 0)
            return -1;
    }
    /* A vCPU without a pin of its own runs on every online CPU, not on
     * the emulator's: a vCPU plugged later is made by an emulator thread. */
    g_autofree unsigned char *online = NULL;
    int nhost = emulator ? mv_host_cpu_map(NULL, &online, NULL, 0) : 0;
    for (int i = 0; i < n; i++) {
        const char *pin = vcpupin_of(def, i) ? vcpupin_of(def, i) : def->vcpu_cpuset;
        if (!tids[i] || (!pin && !online))
            continue;
        if (pin) {
            mv_domain_cpuset_to_map(pin, map, maplen);
        } else {
            memset(map, 0, maplen);
            memcpy(map, online, MIN(VIR_CPU_MAPLEN(nhost), maplen));
        }
        if (mv_qemu_map_to_set(map, maplen, &set) && mv_qemu_thread_pin(tids[i], &set) < 0)
            return -1;
    }
    return 0;
}

/* CPU time per host CPU from the guest's v1 cpuacct cgroup, as libvirt's
 * qemuDomainGetPercpuStats (mv_cgroup_percpu_stats): cpu_time of each CPU
 * from the guest's cgroup, and where its vCPUs have cgroups of their own
 * vcpu_time, the sum of the online vCPUs' children on that CPU. The lock
 * is held. */
static int percpu_stats(mv_qemu_vm *vm, virTypedParameterPtr params, unsigned int nparams,
                        int start_cpu, unsigned int ncpus)
{
    mv_cgroup *cg = vm->cg;
    const mv_domain_def *def = vm->obj->def;
    unsigned int online = def->vcpus_current ? def->vcpus_current : def->vcpus_max;
    g_autofree char *name = mv_cgroup_thread_name(MV_CGROUP_THREAD_VCPU, 0);
    mv_cgroup *probe = cg && cg->dir[MV_CGROUP_CPUACCT] && !cg->v2[MV_CGROUP_CPUACCT]
                       ? mv_cgroup_child_layout(cg, MV_QEMU_ERR, name) : NULL;
    bool vcpus = probe && g_file_test(probe->dir[MV_CGROUP_CPUACCT], G_FILE_TEST_IS_DIR);
    mv_cgroup_free(probe);
    /* the children are looked up only when their times are asked for */
    mv_cgroup **children = vcpus ? g_new0(mv_cgroup *, online) : NULL;
    size_t n = vcpus && nparams >= 2 && ncpus != 0 ? online : 0;
    int r = 0;
    for (size_t v = 0; v < n && r == 0; v++)
        if (!(children[v] = mv_qemu_cgroup_child(vm, MV_CGROUP_THREAD_VCPU, (unsigned int)v)))
            r = -1;
    if (r == 0)
        r = mv_cgroup_percpu_stats(cg, MV_QEMU_ERR, children, n, params, nparams, start_cpu,
                                   ncpus);
    for (size_t v = 0; v < n; v++)
        mv_cgroup_free(children[v]);
    g_free(children);
    return r;
}

int mv_qemu_domain_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params,
                                 unsigned int nparams, int start_cpu, unsigned int ncpus,
                                 unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_TYPED_PARAM_STRING_OKAY, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    if (!mv_qemu_vm_active(vm)) {
        pthread_mutex_unlock(&st->lock);
        return mv_qemu_error_not_running();
    }
    pid_t pid = vm->pid;
    if (start_cpu != -1) {
        int r = percpu_stats(vm, params, nparams, start_cpu, ncpus);
        pthread_mutex_unlock(&st->lock);
        return r;
    }
    unsigned long long cg_ns = vm->cg ? mv_cgroup_cpu_ns(vm->cg) : 0;
    pthread_mutex_unlock(&st->lock);
    if (nparams == 0)
        return 3;
    unsigned long long user = 0, sys = 0;
    mv_process_proc_stat(pid, NULL, &user, &sys);
    unsigned long long tick = 1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK);
    const char *names[] = { VIR_DOMAIN_CPU_STATS_CPUTIME, VIR_DOMAIN_CPU_STATS_USERTIME,
                            VIR_DOMAIN_CPU_STATS_SYSTEMTIME };
    unsigned long long values[] = { cg_ns ? cg_ns : mv_qemu_process_cputime(pid), user * tick,
                                    sys * tick };
    unsigned int n = nparams < 3 ? nparams : 3;
    for (unsigned int i = 0; i < n; i++) {
        g_strlcpy(params[i].field, names[i], VIR_TYPED_PARAM_FIELD_LENGTH);
        params[i].type = VIR_TYPED_PARAM_ULLONG;
        params[i].value.ul = values[i];
    }
    return (int)n;
}
