/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-sched.c — a guest's CPU scheduler, as libvirt's qemu
 * driver offers it: "posix", with cpu_shares, vcpu_period/quota,
 * emulator_period/quota, global_period/quota and iothread_period/quota,
 * in that order. A running guest's values are its cgroups'
 * (qemu-cgroup.c; <modvirt-plugin/cgroup.h> reads and writes them): the
 * shares and global bandwidth the guest's cgroup, the vCPU bandwidth each
 * "vcpuN" child (read from vcpu0), the emulator's the "emulator" child,
 * the I/O threads' each "iothreadN" child (read from the first; 0 without
 * I/O threads). The persistent values are the definition's <cputune>,
 * saved when set; a running guest's are kept in its live <cputune>. */
#include "qemu-driver.h"

#include <modvirt-plugin/typed-params.h>

#include <string.h>

#define NPARAMS 9

#define PERIOD_MIN 1000LL
#define PERIOD_MAX 1000000LL
#define QUOTA_MIN 1000LL
#define QUOTA_MAX 17592186044415LL

enum { P_SHARES, P_VCPU_PERIOD, P_VCPU_QUOTA, P_EMU_PERIOD, P_EMU_QUOTA, P_GLOBAL_PERIOD,
       P_GLOBAL_QUOTA, P_IO_PERIOD, P_IO_QUOTA };

static const mv_typed_param_spec known[] = {
    { VIR_DOMAIN_SCHEDULER_CPU_SHARES, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_SCHEDULER_VCPU_PERIOD, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, VIR_TYPED_PARAM_LLONG },
    { VIR_DOMAIN_SCHEDULER_EMULATOR_PERIOD, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_SCHEDULER_EMULATOR_QUOTA, VIR_TYPED_PARAM_LLONG },
    { VIR_DOMAIN_SCHEDULER_GLOBAL_PERIOD, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_SCHEDULER_GLOBAL_QUOTA, VIR_TYPED_PARAM_LLONG },
    { VIR_DOMAIN_SCHEDULER_IOTHREAD_PERIOD, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_SCHEDULER_IOTHREAD_QUOTA, VIR_TYPED_PARAM_LLONG },
    { NULL, 0 },
};

static int cpu_not_mounted(void)
{
    mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "%s",
                    "cgroup CPU controller is not mounted");
    return -1;
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;
    return x < y ? -1 : x > y;
}

/* The bandwidth of child KIND/ID into *PERIOD, *QUOTA. */
static int child_bw(mv_qemu_vm *vm, mv_cgroup_thread kind, unsigned int id,
                    unsigned long long *period, long long *quota)
{
    mv_cgroup *ch = mv_qemu_cgroup_child(vm, kind, id);
    mv_cgroup_cpu v;
    int r = ch ? mv_cgroup_get_cpu(ch, MV_QEMU_ERR, &v) : -1;
    mv_cgroup_free(ch);
    if (r == 0) {
        *period = v.period;
        *quota = v.quota;
    }
    return r;
}

/* The ids of the I/O threads' children ("iothreadN"), lowest first. */
static GArray *iothread_ids(mv_qemu_vm *vm)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(unsigned int));
    GDir *d = g_dir_open(vm->cg->dir[MV_CGROUP_CPU], 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        guint64 n;
        if (g_str_has_prefix(name, "iothread") &&
            g_ascii_string_to_unsigned(name + strlen("iothread"), 10, 1, G_MAXUINT, &n, NULL)) {
            unsigned int id = (unsigned int)n;
            g_array_append_val(ids, id);
        }
    }
    if (d)
        g_dir_close(d);
    g_array_sort(ids, cmp_uint);
    return ids;
}

/* As libvirt reads them live: what MAX parameters ask for, the vCPUs'
 * from vcpu0's cgroup, the emulator's, the I/O threads' from the first
 * one's. */
static int threads_bw(mv_qemu_vm *vm, int max, unsigned long long *u, long long *l)
{
    if (max > 1 && child_bw(vm, MV_CGROUP_THREAD_VCPU, 0, &u[P_VCPU_PERIOD], &l[P_VCPU_QUOTA]) < 0)
        return -1;
    if (max > 3 &&
        child_bw(vm, MV_CGROUP_THREAD_EMULATOR, 0, &u[P_EMU_PERIOD], &l[P_EMU_QUOTA]) < 0)
        return -1;
    if (max <= 7)
        return 0;
    /* as libvirt: 0 for a guest running no I/O thread */
    g_autoptr(GArray) io = iothread_ids(vm);
    u[P_IO_PERIOD] = 0;
    l[P_IO_QUOTA] = 0;
    if (io->len && child_bw(vm, MV_CGROUP_THREAD_IOTHREAD, g_array_index(io, unsigned int, 0),
                            &u[P_IO_PERIOD], &l[P_IO_QUOTA]) < 0)
        return -1;
    return 0;
}

/* PERIOD/QUOTA on every child of KIND the guest runs: its online vCPUs,
 * the emulator, or each I/O thread's. */
static int set_children_bw(mv_qemu_vm *vm, mv_cgroup_thread kind, unsigned long long period,
                           long long quota)
{
    if (!period && !quota)
        return 0;
    const mv_domain_def *def = vm->obj->def;
    g_autoptr(GArray) ids = kind == MV_CGROUP_THREAD_IOTHREAD
                            ? iothread_ids(vm) : g_array_new(FALSE, FALSE, sizeof(unsigned int));
    if (kind == MV_CGROUP_THREAD_VCPU) {
        unsigned int online = def->vcpus_current ? def->vcpus_current : def->vcpus_max;
        for (unsigned int i = 0; i < online; i++)
            g_array_append_val(ids, i);
    } else if (kind == MV_CGROUP_THREAD_EMULATOR) {
        unsigned int zero = 0;
        g_array_append_val(ids, zero);
    }
    for (guint i = 0; i < ids->len; i++) {
        mv_cgroup *ch = mv_qemu_cgroup_child(vm, kind, g_array_index(ids, unsigned int, i));
        int r = ch ? mv_qemu_cgroup_set_bw(ch, period, quota) : -1;
        mv_cgroup_free(ch);
        if (r < 0)
            return -1;
    }
    return 0;
}

char *mv_qemu_get_scheduler_type(virDomainPtr dom, int *nparams)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    char *type = NULL;
    if (!mv_qemu_vm_active(vm)) {
        *nparams = NPARAMS;
        type = g_strdup("posix");
    } else if (!vm->cg || !vm->cg->dir[MV_CGROUP_CPU]) {
        cpu_not_mounted();
    } else {
        mv_cgroup_cpu v;
        if (mv_cgroup_get_cpu(vm->cg, MV_QEMU_ERR, &v) == 0) {
            *nparams = v.bandwidth ? NPARAMS : 1;
            type = g_strdup("posix");
        }
    }
    pthread_mutex_unlock(&st->lock);
    return type;
}

/* Which definitions FLAGS name: *LIVE, *CONFIG; -1 with libvirt's errors. */
static int pick(mv_qemu_vm *vm, unsigned int flags, bool *live, bool *config)
{
    bool active = mv_qemu_vm_active(vm);
    bool current = !(flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG));
    *live = (flags & VIR_DOMAIN_AFFECT_LIVE) || (current && active);
    *config = (flags & VIR_DOMAIN_AFFECT_CONFIG) || (current && !active);
    if (*live && !active)
        return mv_qemu_error_not_running();
    if (*config && !vm->obj->persistent) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot change persistent config of a transient domain");
        return -1;
    }
    return 0;
}

int mv_qemu_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                 unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                             VIR_TYPED_PARAM_STRING_OKAY, MV_QEMU_ERR, __func__) < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    bool live, config;
    if (pick(vm, flags, &live, &config) < 0)
        goto out;
    const mv_domain_def *def = live ? vm->obj->def
                                    : (vm->obj->new_def ? vm->obj->new_def : vm->obj->def);
    const mv_domain_cputune *t = def->cputune;
    unsigned long long u[NPARAMS] = { t->shares, t->period, 0, t->emulator_period, 0,
                                      t->global_period, 0, t->iothread_period, 0 };
    long long l[NPARAMS] = { 0, 0, t->quota, 0, t->emulator_quota, 0, t->global_quota, 0,
                             t->iothread_quota };
    int count = NPARAMS;
    if (live) {
        mv_cgroup_cpu v;
        if (!vm->cg || !vm->cg->dir[MV_CGROUP_CPU]) {
            cpu_not_mounted();
            goto out;
        }
        if (mv_cgroup_get_cpu(vm->cg, MV_QEMU_ERR, &v) < 0)
            goto out;
        u[P_SHARES] = v.shares;
        u[P_GLOBAL_PERIOD] = v.period;
        l[P_GLOBAL_QUOTA] = v.quota;
        if (!v.bandwidth)
            count = 1;
        else if (threads_bw(vm, *nparams, u, l) < 0)
            goto out;
    }
    int n = 0;
    for (int i = 0; i < count && n < *nparams; i++, n++) {
        memset(&params[n], 0, sizeof(params[n]));
        g_strlcpy(params[n].field, known[i].field, sizeof(params[n].field));
        params[n].type = known[i].type;
        if (known[i].type == VIR_TYPED_PARAM_LLONG)
            params[n].value.l = l[i];
        else
            params[n].value.ul = u[i];
    }
    *nparams = n;
    ret = 0;
out:
    pthread_mutex_unlock(&st->lock);
    return ret;
}

/* libvirt's checks: known names of their types, once each, then ranges. */
static bool params_ok(virTypedParameterPtr params, int nparams)
{
    if (mv_typed_params_validate(MV_QEMU_ERR, params, nparams, known) < 0)
        return false;
    for (int i = 0; i < nparams; i++) {
        size_t k = 0;
        while (strcmp(known[k].field, params[i].field))
            k++;
        if (k == P_SHARES)
            continue;
        bool period = known[k].type == VIR_TYPED_PARAM_ULLONG;
        long long lo = period ? PERIOD_MIN : QUOTA_MIN, hi = period ? PERIOD_MAX : QUOTA_MAX;
        bool bad = period ? params[i].value.ul && (params[i].value.ul < (unsigned long long)lo ||
                                                    params[i].value.ul > (unsigned long long)hi)
                          : params[i].value.l > 0 && (params[i].value.l < lo ||
                                                      params[i].value.l > hi);
        if (bad) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                            "value of '%s' is out of range [%lld, %lld]", params[i].field, lo, hi);
            return false;
        }
    }
    return true;
}

int mv_qemu_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                 unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_QEMU_ERR, __func__) < 0)
        return -1;
    if (!params_ok(params, nparams))
        return -1;
    const virTypedParameter *p[NPARAMS];
    for (int i = 0; i < NPARAMS; i++)
        p[i] = virTypedParamsGet(params, nparams, known[i].field);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    bool live, config;
    if (pick(vm, flags, &live, &config) < 0)
        goto out;
    if (live) {
        mv_cgroup_cpu v;
        if (!vm->cg || !vm->cg->dir[MV_CGROUP_CPU]) {
            cpu_not_mounted();
            goto out;
        }
        if (mv_cgroup_get_cpu(vm->cg, MV_QEMU_ERR, &v) < 0)
            goto out;
        bool set_period = p[P_GLOBAL_PERIOD] && p[P_GLOBAL_PERIOD]->value.ul;
        bool set_quota = p[P_GLOBAL_QUOTA] && p[P_GLOBAL_QUOTA]->value.l;
        if ((set_period || set_quota) && !v.bandwidth) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                            "cgroup cpu bandwidth is not supported on this host");
            goto out;
        }
        if (p[P_SHARES])
            v.shares = p[P_SHARES]->value.ul;
        if (set_period)
            v.period = p[P_GLOBAL_PERIOD]->value.ul;
        if (set_quota)
            v.quota = p[P_GLOBAL_QUOTA]->value.l;
        if (mv_cgroup_set_cpu(vm->cg, MV_QEMU_ERR, &v, p[P_SHARES], set_period, set_quota) < 0)
            goto out;
        mv_domain_cputune *t = vm->obj->def->cputune;
        /* the threads' bandwidths, each in libvirt's order of parameters */
        for (int k = 0; k < 3; k++) {
            static const mv_cgroup_thread kinds[] = { MV_CGROUP_THREAD_VCPU,
                                                      MV_CGROUP_THREAD_EMULATOR,
                                                      MV_CGROUP_THREAD_IOTHREAD };
            static const int at[] = { P_VCPU_PERIOD, P_EMU_PERIOD, P_IO_PERIOD };
            unsigned long long period = p[at[k]] ? p[at[k]]->value.ul : 0;
            long long quota = p[at[k] + 1] ? p[at[k] + 1]->value.l : 0;
            if (!period && !quota)
                continue;
            if (!v.bandwidth) {
                mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                                "cgroup cpu bandwidth is not supported on this host");
                goto out;
            }
            if (set_children_bw(vm, kinds[k], period, 0) < 0 ||
                set_children_bw(vm, kinds[k], 0, quota) < 0)
                goto out;
            if (k == 0) {
                if (period)
                    t->period = period;
                if (quota)
                    t->quota = quota;
            } else if (k == 1) {
                if (period)
                    t->emulator_period = period;
                if (quota)
                    t->emulator_quota = quota;
            } else {
                if (period)
                    t->iothread_period = period;
                if (quota)
                    t->iothread_quota = quota;
            }
        }
        if (p[P_SHARES]) {
            t->shares = v.shares;
            t->shares_given = 1;
        }
        if (set_period)
            t->global_period = v.period;
        if (set_quota)
            t->global_quota = v.quota;
        if (mv_qemu_status_save(st, vm) < 0)
            goto out;
    }
    if (config) {
        mv_domain_def *def = vm->obj->new_def ? vm->obj->new_def : vm->obj->def;
        mv_domain_cputune *t = def->cputune;
        if (p[P_SHARES]) {
            t->shares = p[P_SHARES]->value.ul;
            t->shares_given = 1;
        }
        if (p[P_VCPU_PERIOD]) t->period = p[P_VCPU_PERIOD]->value.ul;
        if (p[P_VCPU_QUOTA]) t->quota = p[P_VCPU_QUOTA]->value.l;
        if (p[P_EMU_PERIOD]) t->emulator_period = p[P_EMU_PERIOD]->value.ul;
        if (p[P_EMU_QUOTA]) t->emulator_quota = p[P_EMU_QUOTA]->value.l;
        if (p[P_GLOBAL_PERIOD]) t->global_period = p[P_GLOBAL_PERIOD]->value.ul;
        if (p[P_GLOBAL_QUOTA]) t->global_quota = p[P_GLOBAL_QUOTA]->value.l;
        if (p[P_IO_PERIOD]) t->iothread_period = p[P_IO_PERIOD]->value.ul;
        if (p[P_IO_QUOTA]) t->iothread_quota = p[P_IO_QUOTA]->value.l;
        if (mv_qemu_config_save(st, def) < 0)
            goto out;
    }
    ret = 0;
out:
    pthread_mutex_unlock(&st->lock);
    return ret;
}
