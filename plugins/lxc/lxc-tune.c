/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-tune.c — a guest's memory and block I/O tunables, as
 * libvirt's LXC driver offers them: hard_limit, soft_limit and
 * swap_hard_limit (min_guarantee is not one), a running guest's read from
 * and written to its cgroup, the persistent ones the definition's
 * <memtune>, saved when set; <blkiotune> likewise (a running guest's
 * weight read from its cgroup, its devices from the running definition).
 * The work is the plugin API's (<modvirt-plugin/cgroup.h>); this file
 * locks, checks the flags and saves. */
#include "lxc.h"

#define LIVE_CONFIG (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)

/* Saves what a set changed: the status for the running definition, the
 * persistent definition's file. */
static int save(mv_lxc_state *st, const mv_lxc_dom *d, const mv_domain_def *live,
                const mv_domain_def *config)
{
    if (live && mv_lxc_status_save(st, d) < 0)
        return -1;
    if (config && mv_lxc_config_save(st, config) < 0)
        return -1;
    return 0;
}

int mv_lxc_get_memory_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                              unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG | VIR_TYPED_PARAM_STRING_OKAY, MV_LXC_ERR,
                             "lxcDomainGetMemoryParameters") < 0)
        return -1;
    flags &= ~VIR_TYPED_PARAM_STRING_OKAY;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = mv_cgroup_domain_get_memtune(d->obj, d->run.cg, MV_LXC_ERR, params, nparams,
                                           flags);
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_set_memory_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                              unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG, MV_LXC_ERR,
                             "lxcDomainSetMemoryParameters") < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_domain_def *live, *config;
    int ret = mv_cgroup_domain_set_memtune(d->obj, d->run.cg, MV_LXC_ERR, params, nparams, flags,
                                           &live, &config);
    if (save(st, d, live, config) < 0)
        ret = -1;
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_get_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                             unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG | VIR_TYPED_PARAM_STRING_OKAY, MV_LXC_ERR,
                             "lxcDomainGetBlkioParameters") < 0)
        return -1;
    flags &= ~VIR_TYPED_PARAM_STRING_OKAY;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = mv_cgroup_domain_get_blkiotune(d->obj, d->run.cg, MV_LXC_ERR, params, nparams,
                                             flags);
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_set_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                             unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG, MV_LXC_ERR,
                             "lxcDomainSetBlkioParameters") < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_domain_def *live, *config;
    int ret = mv_cgroup_domain_set_blkiotune(d->obj, d->run.cg, MV_LXC_ERR, params, nparams,
                                             flags, &live, &config);
    if (save(st, d, live, config) < 0)
        ret = -1;
    mv_lxc_unlock(st);
    return ret;
}
