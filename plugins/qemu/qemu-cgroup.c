/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-cgroup.c — each guest's cgroup "mvqemu-TAG-NAME" (TAG
 * tells roots apart), made with the plugin API's machinery when QEMU has
 * started (still paused), with the guest's <memory>/<memtune> limits and
 * its <cputune> shares and global period/quota and its <blkiotune>, QEMU
 * moved into it; its directories kept in the status file so that another
 * process finds it again; removed when QEMU has ended, however it ended.
 * Where no cgroup can be made (an unprivileged root, no hierarchy
 * visible), a guest that asks for no limits runs without one, as libvirt
 * runs it; one that does is refused.
 *
 * Inside it, as libvirt's qemu driver: the child cgroups of QEMU's
 * threads ("emulator", "vcpuN", "iothreadN") in the cpu, cpuacct and
 * cpuset hierarchies, each with its <cputune> bandwidth (<period>/<quota>
 * per vCPU, <emulator_period>/<emulator_quota>, <iothread_period>/
 * <iothread_quota>) and pin (cpuset.cpus from <vcpupin>/<emulatorpin>/
 * <iothreadpin>, else <vcpu cpuset>). Being directories of the
 * guest's cgroup, they are found again from the status file's directories
 * by name, and go with it. */
#include "qemu-driver.h"

#include <string.h>

static bool wants_limits(const mv_domain_def *def)
{
    const mv_domain_memtune *m = def->memtune;
    const mv_domain_cputune *t = def->cputune;
    return m->hard_limit != MV_DOMAIN_MEMORY_UNLIMITED ||
           m->soft_limit != MV_DOMAIN_MEMORY_UNLIMITED ||
           m->swap_hard_limit != MV_DOMAIN_MEMORY_UNLIMITED || t->shares_given ||
           t->global_period || t->global_quota || def->blkiotune->weight ||
           def->blkiotune->ndevices;
}

int mv_qemu_cgroup_setup(mv_qemu_state *st, mv_qemu_vm *vm)
{
    const mv_domain_def *def = vm->obj->def;
    g_autofree char *leaf = g_strdup_printf("mvqemu-%08x-%s", g_str_hash(st->run_dir), def->name);
    mv_cgroup *cg = mv_cgroup_new(leaf, 0);
    if (!cg) {
        if (wants_limits(def))
            return -1;
        mv_log(MV_LOG_INFO, MV_QEMU_SRC, "domain '%s' runs without a cgroup: %s", def->name,
               virGetLastErrorMessage());
        mv_error_reset();
        return 0;
    }
    if (mv_cgroup_apply_memtune(cg, def, false) < 0 || mv_cgroup_apply_cputune(cg, def, true) < 0 ||
        mv_cgroup_apply_blkiotune(cg, def) < 0 || mv_cgroup_add_process(cg, vm->pid) < 0) {
        mv_cgroup_remove(cg);
        mv_cgroup_free(cg);
        return -1;
    }
    vm->cg = cg;
    return 0;
}

void mv_qemu_cgroup_release(mv_qemu_vm *vm)
{
    if (!vm->cg)
        return;
    /* QEMU has ended; what it left (a helper) goes with it. */
    if (!mv_cgroup_empty(vm->cg))
        mv_cgroup_kill(vm->cg);
    mv_cgroup_remove(vm->cg);
    mv_cgroup_free(vm->cg);
    vm->cg = NULL;
}

void mv_qemu_cgroup_status(GString *s, const mv_qemu_vm *vm)
{
    for (guint i = 0; vm->cg && i < vm->cg->dirs->len; i++)
        g_string_append_printf(s, "cgroup=%s\n", (const char *)vm->cg->dirs->pdata[i]);
}

mv_cgroup *mv_qemu_cgroup_from_status(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autoptr(GPtrArray) dirs = g_ptr_array_new();
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, "cgroup=/"))
            g_ptr_array_add(dirs, *l + strlen("cgroup="));
    if (!dirs->len)
        return NULL;
    g_ptr_array_add(dirs, NULL);
    return mv_cgroup_from_dirs((char **)dirs->pdata);
}

/* --- the threads' cgroups: vcpuN, emulator, iothreadN ------------------ */

static bool bw_tuned(const mv_domain_def *def)
{
    const mv_domain_cputune *t = def->cputune;
    return t->period || t->quota || t->emulator_period || t->emulator_quota ||
           t->iothread_period || t->iothread_quota;
}

int mv_qemu_cgroup_set_bw(mv_cgroup *cg, unsigned long long period, long long quota)
{
    if (!period && !quota)
        return 0;
    mv_cgroup_cpu v;
    if (mv_cgroup_get_cpu(cg, MV_QEMU_ERR, &v) < 0)
        return -1;
    if (!v.bandwidth) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "%s",
                        "cgroup cpu bandwidth is not supported on this host");
        return -1;
    }
    unsigned long long old = v.period;
    if (period)
        v.period = period;
    if (quota)
        v.quota = quota;
    if (mv_cgroup_set_cpu(cg, MV_QEMU_ERR, &v, false, period != 0, quota != 0) == 0)
        return 0;
    /* as libvirt: a quota refused puts the old period back (the error
     * told stays the quota's unless that fails too) */
    if (period && v.period != old) {
        v.period = old;
        mv_cgroup_set_cpu(cg, MV_QEMU_ERR, &v, false, true, false);
    }
    return -1;
}

mv_cgroup *mv_qemu_cgroup_child(mv_qemu_vm *vm, mv_cgroup_thread kind, unsigned int id)
{
    g_autofree char *name = mv_cgroup_thread_name(kind, id);
    return mv_cgroup_child(vm->cg, MV_QEMU_ERR, name, false);
}

/* Child KIND/ID made, CPUS (or NULL) its cpuset, PERIOD/QUOTA its
 * bandwidth, then thread TID (or with PROCESS all of process TID) in. */
static int setup_child(mv_qemu_vm *vm, mv_cgroup_thread kind, unsigned int id, const char *cpus,
                       unsigned long long period, long long quota, pid_t tid, bool process)
{
    g_autofree char *name = mv_cgroup_thread_name(kind, id);
    mv_cgroup *ch = mv_cgroup_child(vm->cg, MV_QEMU_ERR, name, true);
    if (!ch)
        return -1;
    int r = (cpus && mv_cgroup_set_cpuset_cpus(ch, cpus) < 0) ||
            mv_qemu_cgroup_set_bw(ch, period, quota) < 0 ||
            (process ? mv_cgroup_add_process(ch, tid) : mv_cgroup_add_thread(ch, tid)) < 0 ? -1 : 0;
    mv_cgroup_free(ch);
    return r;
}

/* The I/O threads QEMU runs, into their children ("iothreadN" from the
 * object id QEMU reports, libvirt's alias for I/O thread N). */
static int setup_iothreads(mv_qemu_state *st, mv_qemu_vm *vm)
{
    GArray *threads = NULL;
    if (mv_qemu_iothread_list(st, vm, &threads) < 0)
        return -1;
    int ret = 0;
    for (guint i = 0; vm->cg && i < threads->len && ret == 0; i++) {
        const mv_qemu_iothread_tid *t = &g_array_index(threads, mv_qemu_iothread_tid, i);
        const mv_domain_cputune *tune = vm->obj->def->cputune;
        const mv_domain_iothread *io = mv_domain_iothread_find(vm->obj->def, t->id);
        ret = setup_child(vm, MV_CGROUP_THREAD_IOTHREAD, t->id,
                          io && io->cpuset ? io->cpuset : vm->obj->def->vcpu_cpuset,
                          tune->iothread_period, tune->iothread_quota, t->tid, false);
    }
    g_array_free(threads, TRUE);
    return ret;
}

int mv_qemu_cgroup_threads(mv_qemu_state *st, mv_qemu_vm *vm, bool emulator)
{
    const mv_domain_def *def = vm->obj->def;
    const mv_domain_cputune *t = def->cputune;
    mv_cgroup *cg = vm->cg;
    if (bw_tuned(def) && (!cg || !cg->dir[MV_CGROUP_CPU])) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "cgroup cpu is required for scheduler tuning");
        return -1;
    }
    /* without cpu and cpuset controllers there is nothing to tell apart */
    if (!cg || (!cg->dir[MV_CGROUP_CPU] && !cg->dir[MV_CGROUP_CPUSET]))
        return 0;
    if (emulator &&
        setup_child(vm, MV_CGROUP_THREAD_EMULATOR, 0,
                    t->emulatorpin ? t->emulatorpin : def->vcpu_cpuset, t->emulator_period,
                    t->emulator_quota, vm->pid, true) < 0)
        return -1;
    g_autofree pid_t *tids = NULL;
    int n = 0;
    if (mv_qemu_vcpu_threads(st, vm, &tids, &n) < 0)
        return -1;
    /* the lock was dropped around QMP */
    def = vm->obj->def;
    t = def->cputune;
    if (!vm->cg)
        return 0;
    for (int i = 0; i < n; i++) {
        if (!tids[i])
            continue;
        const char *pin = (size_t)i < t->nvcpupin && t->vcpupin[i] ? t->vcpupin[i]
                                                                   : def->vcpu_cpuset;
        if (setup_child(vm, MV_CGROUP_THREAD_VCPU, (unsigned int)i, pin, t->period, t->quota,
                        tids[i], false) < 0)
            return -1;
    }
    return emulator ? setup_iothreads(st, vm) : 0;
}

int mv_qemu_cgroup_iothread_add(mv_qemu_vm *vm, unsigned int id, pid_t tid)
{
    const mv_cgroup *cg = vm->cg;
    if (!cg || (!cg->dir[MV_CGROUP_CPU] && !cg->dir[MV_CGROUP_CPUSET]))
        return 0;
    const mv_domain_def *def = vm->obj->def;
    const mv_domain_iothread *io = mv_domain_iothread_find(def, id);
    return setup_child(vm, MV_CGROUP_THREAD_IOTHREAD, id,
                       io && io->cpuset ? io->cpuset : def->vcpu_cpuset,
                       def->cputune->iothread_period, def->cputune->iothread_quota, tid, false);
}

int mv_qemu_cgroup_iothread_remove(mv_qemu_vm *vm, unsigned int id)
{
    const mv_cgroup *cg = vm->cg;
    if (!cg || (!cg->dir[MV_CGROUP_CPU] && !cg->dir[MV_CGROUP_CPUSET]))
        return 0;
    mv_cgroup *ch = mv_qemu_cgroup_child(vm, MV_CGROUP_THREAD_IOTHREAD, id);
    int r = ch ? mv_cgroup_remove(ch) : -1;
    mv_cgroup_free(ch);
    return r;
}

int mv_qemu_cgroup_pin(mv_qemu_vm *vm, mv_cgroup_thread kind, unsigned int id, const char *cpus)
{
    if (!vm->cg || !vm->cg->dir[MV_CGROUP_CPUSET])
        return 0;
    mv_cgroup *ch = mv_qemu_cgroup_child(vm, kind, id);
    int r = ch ? mv_cgroup_set_cpuset_cpus(ch, cpus) : -1;
    mv_cgroup_free(ch);
    return r;
}
