/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-sched.c — a container's CPU scheduler, as libvirt's LXC
 * driver offers it: "posix", with cpu_shares and, where the cpu
 * controller has CFS bandwidth, vcpu_period and vcpu_quota. The running
 * container's values are its cgroup's (cpu.shares / cpu.cfs_* on cgroup
 * v1, cpu.weight / cpu.max on v2); the persistent ones are the
 * definition's <cputune>, saved when set. */
#include "lxc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPARAMS_BW 3

/* libvirt's ranges for the bandwidth (microseconds). */
#define PERIOD_MIN 1000LL
#define PERIOD_MAX 1000000LL
#define QUOTA_MIN 1000LL
#define QUOTA_MAX 17592186044415LL

/* The container's CPU cgroup values; -1 with the error reported. */
typedef struct cpu_values {
    unsigned long long shares, period;
    long long quota;
    bool bandwidth;               /* the controller has CFS bandwidth */
} cpu_values;

static bool has_bandwidth(mv_lxc_cgroup *cg)
{
    g_autofree char *path = mv_lxc_cgroup_file(cg, MV_LXC_CG_CPU, "cpu.cfs_period_us", "cpu.max");
    return path && g_file_test(path, G_FILE_TEST_EXISTS);
}

static int read_live(mv_lxc_cgroup *cg, cpu_values *v)
{
    memset(v, 0, sizeof(*v));
    if (!cg || !cg->dir[MV_LXC_CG_CPU]) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "cgroup CPU controller is not mounted");
        return -1;
    }
    bool v2 = cg->v2[MV_LXC_CG_CPU];
    g_autofree char *sp = mv_lxc_cgroup_file(cg, MV_LXC_CG_CPU, "cpu.shares", "cpu.weight");
    g_autofree char *s = mv_lxc_cg_read(sp);
    unsigned long long n = s ? g_ascii_strtoull(s, NULL, 10) : 0;
    /* cgroup v2's weight [1, 10000] back to shares, as libvirt maps them */
    v->shares = v2 ? 2 + ((n ? n : 1) - 1) * 262142 / 9999 : n;
    v->bandwidth = has_bandwidth(cg);
    if (!v->bandwidth)
        return 0;
    if (v2) {
        g_autofree char *mp = mv_lxc_cgroup_file(cg, MV_LXC_CG_CPU, NULL, "cpu.max");
        g_autofree char *m = mv_lxc_cg_read(mp);
        char quota[32] = "max";
        unsigned long long period = 100000;
        if (m)
            sscanf(m, "%31s %llu", quota, &period);
        v->period = period;
        v->quota = strcmp(quota, "max") ? g_ascii_strtoll(quota, NULL, 10) : -1;
    } else {
        g_autofree char *pp = mv_lxc_cgroup_file(cg, MV_LXC_CG_CPU, "cpu.cfs_period_us", NULL);
        g_autofree char *qp = mv_lxc_cgroup_file(cg, MV_LXC_CG_CPU, "cpu.cfs_quota_us", NULL);
        g_autofree char *p = mv_lxc_cg_read(pp);
        g_autofree char *q = mv_lxc_cg_read(qp);
        v->period = p ? g_ascii_strtoull(p, NULL, 10) : 0;
        v->quota = q ? g_ascii_strtoll(q, NULL, 10) : -1;
    }
    return 0;
}

static int write_cg(mv_lxc_cgroup *cg, const char *v1, const char *v2, const char *val)
{
    g_autofree char *path = mv_lxc_cgroup_file(cg, MV_LXC_CG_CPU, v1, v2);
    int r = path ? mv_lxc_cg_write(path, val) : -ENOENT;
    if (r < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, -r, "cannot set '%s' to '%s'",
                              path ? path : v1, val);
        return -1;
    }
    return 0;
}

/* Writes what V asks for (SET_*) into the running container's cgroup. */
static int write_live(mv_lxc_cgroup *cg, const cpu_values *v, bool set_shares, bool set_period,
                      bool set_quota)
{
    char buf[64];
    bool v2 = cg->v2[MV_LXC_CG_CPU];
    if (set_shares) {
        unsigned long long s = v->shares < 2 ? 2 : v->shares > 262144 ? 262144 : v->shares;
        snprintf(buf, sizeof(buf), "%llu", v2 ? 1 + ((s - 2) * 9999) / 262142 : v->shares);
        if (write_cg(cg, "cpu.shares", "cpu.weight", buf) < 0)
            return -1;
    }
    if (!set_period && !set_quota)
        return 0;
    if (v2) {
        if (v->quota < 0)
            snprintf(buf, sizeof(buf), "max %llu", v->period);
        else
            snprintf(buf, sizeof(buf), "%lld %llu", v->quota, v->period);
        return write_cg(cg, NULL, "cpu.max", buf);
    }
    if (set_period) {
        snprintf(buf, sizeof(buf), "%llu", v->period);
        if (write_cg(cg, "cpu.cfs_period_us", NULL, buf) < 0)
            return -1;
    }
    if (set_quota) {
        snprintf(buf, sizeof(buf), "%lld", v->quota);
        if (write_cg(cg, "cpu.cfs_quota_us", NULL, buf) < 0)
            return -1;
    }
    return 0;
}

char *mv_lxc_get_scheduler_type(virDomainPtr dom, int *nparams)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return NULL;
    char *type = NULL;
    /* Not running: no cgroup, libvirt's defaults. */
    if (!mv_lxc_dom_active(d)) {
        *nparams = NPARAMS_BW;
        type = g_strdup("posix");
    } else if (!d->run.cg || !d->run.cg->dir[MV_LXC_CG_CPU]) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "cgroup CPU controller is not mounted");
    } else {
        *nparams = has_bandwidth(d->run.cg) ? NPARAMS_BW : 1;
        type = g_strdup("posix");
    }
    mv_lxc_unlock(st);
    return type;
}

/* Which definitions FLAGS (AFFECT_*) name, as libvirt resolves them;
 * false with the error reported. */
static bool pick(mv_lxc_dom *d, unsigned int flags, bool *live, bool *config)
{
    bool active = mv_lxc_dom_active(d);
    bool current = !(flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG));
    *live = (flags & VIR_DOMAIN_AFFECT_LIVE) || (current && active);
    *config = (flags & VIR_DOMAIN_AFFECT_CONFIG) || (current && !active);
    if (*live && !active) {
        mv_lxc_report_not_running();
        return false;
    }
    if (*config && !d->obj->persistent) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot change persistent config of a transient domain");
        return false;
    }
    return true;
}

static void put(virTypedParameterPtr p, const char *name, int type, unsigned long long u,
                long long l)
{
    memset(p, 0, sizeof(*p));
    g_strlcpy(p->field, name, sizeof(p->field));
    p->type = type;
    if (type == VIR_TYPED_PARAM_LLONG)
        p->value.l = l;
    else
        p->value.ul = u;
}

int mv_lxc_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                             VIR_TYPED_PARAM_STRING_OKAY, MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    bool live, config;
    cpu_values v;
    if (!pick(d, flags, &live, &config))
        goto out;
    if (config) {
        const mv_domain_def *def = d->obj->new_def ? d->obj->new_def : d->obj->def;
        v.shares = def->cputune->shares;
        v.period = def->cputune->period;
        v.quota = def->cputune->quota;
        v.bandwidth = true;
    } else if (read_live(d->run.cg, &v) < 0) {
        goto out;
    }
    int n = 0;
    if (n < *nparams)
        put(&params[n++], VIR_DOMAIN_SCHEDULER_CPU_SHARES, VIR_TYPED_PARAM_ULLONG, v.shares, 0);
    if (v.bandwidth && n < *nparams)
        put(&params[n++], VIR_DOMAIN_SCHEDULER_VCPU_PERIOD, VIR_TYPED_PARAM_ULLONG, v.period, 0);
    if (v.bandwidth && n < *nparams)
        put(&params[n++], VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, VIR_TYPED_PARAM_LLONG, 0, v.quota);
    *nparams = n;
    ret = 0;
out:
    mv_lxc_unlock(st);
    return ret;
}

/* libvirt's checks of a set: known names of the right type, each once,
 * then each within range. */
static bool params_ok(virTypedParameterPtr params, int nparams)
{
    static const mv_typed_param_spec known[] = {
        { VIR_DOMAIN_SCHEDULER_CPU_SHARES, VIR_TYPED_PARAM_ULLONG },
        { VIR_DOMAIN_SCHEDULER_VCPU_PERIOD, VIR_TYPED_PARAM_ULLONG },
        { VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, VIR_TYPED_PARAM_LLONG },
        { NULL, 0 },
    };
    if (mv_typed_params_validate(MV_LXC_ERR, params, nparams, known) < 0)
        return false;
    for (int i = 0; i < nparams; i++) {
        size_t k = 0;
        while (strcmp(known[k].field, params[i].field))
            k++;
        long long lo = k == 1 ? PERIOD_MIN : QUOTA_MIN, hi = k == 1 ? PERIOD_MAX : QUOTA_MAX;
        long long val = k == 2 ? params[i].value.l : (long long)params[i].value.ul;
        if (k > 0 && ((val > 0 && val < lo) || val > hi ||
                      (k == 1 && params[i].value.ul > (unsigned long long)PERIOD_MAX))) {
            mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG,
                            "value of '%s' is out of range [%lld, %lld]", params[i].field, lo, hi);
            return false;
        }
    }
    return true;
}

int mv_lxc_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_LXC_ERR, __func__) < 0)
        return -1;
    if (!params_ok(params, nparams))
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    bool live, config;
    if (!pick(d, flags, &live, &config))
        goto out;
    const virTypedParameter *shares = virTypedParamsGet(params, nparams,
                                                        VIR_DOMAIN_SCHEDULER_CPU_SHARES);
    const virTypedParameter *period = virTypedParamsGet(params, nparams,
                                                        VIR_DOMAIN_SCHEDULER_VCPU_PERIOD);
    const virTypedParameter *quota = virTypedParamsGet(params, nparams,
                                                       VIR_DOMAIN_SCHEDULER_VCPU_QUOTA);
    if (live) {
        cpu_values v;
        if (read_live(d->run.cg, &v) < 0)
            goto out;
        if ((period || quota) && !v.bandwidth) {
            mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                            "cgroup cpu bandwidth is not supported on this host");
            goto out;
        }
        if (shares)
            v.shares = shares->value.ul;
        if (period && period->value.ul)
            v.period = period->value.ul;
        if (quota && quota->value.l)
            v.quota = quota->value.l;
        if (write_live(d->run.cg, &v, shares, period && period->value.ul,
                       quota && quota->value.l) < 0)
            goto out;
        mv_domain_cputune *t = d->obj->def->cputune;
        if (shares) {
            t->shares = v.shares;
            t->shares_given = 1;
        }
        if (period && period->value.ul)
            t->period = v.period;
        if (quota && quota->value.l)
            t->quota = v.quota;
        if (mv_lxc_status_save(st, d) < 0)
            goto out;
    }
    if (config) {
        mv_domain_def *def = d->obj->new_def ? d->obj->new_def : d->obj->def;
        mv_domain_cputune *t = def->cputune;
        if (shares) {
            t->shares = shares->value.ul;
            t->shares_given = 1;
        }
        if (period)
            t->period = period->value.ul;
        if (quota)
            t->quota = quota->value.l;
        if (mv_lxc_config_save(st, def) < 0)
            goto out;
    }
    ret = 0;
out:
    mv_lxc_unlock(st);
    return ret;
}
