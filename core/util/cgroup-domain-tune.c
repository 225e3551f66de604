/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup-domain-tune.c — virDomainGet/SetMemoryParameters and
 * virDomainGet/SetBlkioParameters for a driver whose running guests live
 * in a cgroup (qemu, lxc), as libvirt's drivers serve them: the running
 * guest's values are its cgroup's (its block I/O devices are kept in the
 * running definition as written and read back), the persistent ones its
 * definition's;
 * the driver locks the domain around the call and saves what it says
 * changed. */
#include "mv-config.h"
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/error.h>
#include <modvirt-plugin/typed-params.h>

#include <string.h>

#define MEMTUNE_NPARAMS 3
#define BLKIO_NPARAMS 6

static void put_ull(virTypedParameterPtr p, const char *field, unsigned long long v)
{
    memset(p, 0, sizeof(*p));
    g_strlcpy(p->field, field, sizeof(p->field));
    p->type = VIR_TYPED_PARAM_ULLONG;
    p->value.ul = v;
}

static int memory_not_mounted(int from)
{
    mv_error_report(from, VIR_ERR_OPERATION_INVALID, "cgroup memory controller is not mounted");
    return -1;
}

int mv_cgroup_domain_get_memtune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                 virTypedParameterPtr params, int *nparams, unsigned int flags)
{
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(obj, flags, &live, &config) < 0)
        return -1;
    if (live && (!cg || !cg->dir[MV_CGROUP_MEMORY]))
        return memory_not_mounted(from);
    if (*nparams == 0) {
        *nparams = MEMTUNE_NPARAMS;
        return 0;
    }
    mv_domain_memtune m;
    if (config)
        m = *config->memtune;
    else if (mv_cgroup_get_memtune(cg, from, &m) < 0)
        return -1;
    const unsigned long long v[MEMTUNE_NPARAMS] = { m.hard_limit, m.soft_limit,
                                                    m.swap_hard_limit };
    static const char *const names[MEMTUNE_NPARAMS] = {
        VIR_DOMAIN_MEMORY_HARD_LIMIT, VIR_DOMAIN_MEMORY_SOFT_LIMIT,
        VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT,
    };
    int n = 0;
    for (; n < *nparams && n < MEMTUNE_NPARAMS; n++)
        put_ull(&params[n], names[n], v[n]);
    *nparams = n;
    return 0;
}

int mv_cgroup_domain_set_memtune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                 virTypedParameterPtr params, int nparams, unsigned int flags,
                                 mv_domain_def **changed_live, mv_domain_def **changed_config)
{
    mv_domain_def *live, *config;
    *changed_live = *changed_config = NULL;
    if (mv_typed_params_validate_memtune(params, nparams) < 0)
        return -1;
    if (mv_domain_obj_get_defs(obj, flags, &live, &config) < 0)
        return -1;
    if (live && (!cg || !cg->dir[MV_CGROUP_MEMORY]))
        return memory_not_mounted(from);
    mv_domain_memtune want = *obj->def->memtune;
    bool hard = virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_HARD_LIMIT,
                                        &want.hard_limit) == 1;
    bool soft = virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SOFT_LIMIT,
                                        &want.soft_limit) == 1;
    bool swap = virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT,
                                        &want.swap_hard_limit) == 1;
    /* Checked against the running definition's limits, as libvirt does. */
    if ((hard || swap) && want.hard_limit > want.swap_hard_limit) {
        mv_error_report(from, VIR_ERR_INVALID_ARG,
                        "memory hard_limit tunable value must be lower than or equal to "
                        "swap_hard_limit");
        return -1;
    }
    if (live) {
        *changed_live = live;
        if (mv_cgroup_set_memtune(cg, from, live->memtune, &want, hard, soft, swap) < 0)
            return -1;
    }
    if (config) {
        if (hard)
            config->memtune->hard_limit = want.hard_limit;
        if (soft)
            config->memtune->soft_limit = want.soft_limit;
        if (swap)
            config->memtune->swap_hard_limit = want.swap_hard_limit;
        *changed_config = config;
    }
    return 0;
}

static int blkio_not_mounted(int from)
{
    mv_error_report(from, VIR_ERR_OPERATION_INVALID, "blkio cgroup isn't mounted");
    return -1;
}

int mv_cgroup_domain_get_blkiotune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                   virTypedParameterPtr params, int *nparams, unsigned int flags)
{
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(obj, flags, &live, &config) < 0)
        return -1;
    if (live && (!cg || !cg->dir[MV_CGROUP_BLKIO]))
        return blkio_not_mounted(from);
    if (*nparams == 0) {
        *nparams = BLKIO_NPARAMS;
        return 0;
    }
    mv_domain_blkiotune b;
    if (live) {
        /* the weight is the cgroup's, the devices the running definition's */
        b = *live->blkiotune;
        if (mv_cgroup_get_blkio_weight(cg, &b.weight) < 0)
            return -1;
    } else {
        b = *config->blkiotune;
    }
    *nparams = mv_domain_blkiotune_params(&b, params, MIN(*nparams, BLKIO_NPARAMS));
    return 0;
}

/* The devices of one device parameter written to CG, each read back, the
 * whole list merged into B unless one failed. */
static int set_blkio_devices(mv_cgroup *cg, mv_domain_blkiotune *b, const char *field,
                             mv_domain_blkio_device *devs, size_t ndevs)
{
    for (size_t k = 0; cg && k < ndevs; k++)
        if (mv_cgroup_set_blkio_device(cg, field, &devs[k]) < 0 ||
            mv_cgroup_get_blkio_device(cg, field, &devs[k]) < 0)
            return -1;
    mv_domain_blkiotune_merge(b, field, devs, ndevs);
    return 0;
}

/* PARAMS applied to DEF (and, when CG is given, to the running guest's
 * cgroup first), each on its own: one that fails does not stop the rest. */
static int set_blkio(mv_cgroup *cg, mv_domain_def *def, const virTypedParameter *params,
                     int nparams)
{
    int ret = 0;
    for (int i = 0; i < nparams; i++) {
        const virTypedParameter *p = &params[i];
        if (!strcmp(p->field, VIR_DOMAIN_BLKIO_WEIGHT)) {
            if (!cg)
                def->blkiotune->weight = p->value.ui;
            else if (mv_cgroup_set_blkio_weight(cg, p->value.ui) < 0 ||
                     mv_cgroup_get_blkio_weight(cg, &def->blkiotune->weight) < 0)
                ret = -1;
            continue;
        }
        mv_domain_blkio_device *devs;
        size_t ndevs;
        if (mv_domain_blkiotune_parse_devices(p->field, p->value.s, &devs, &ndevs) < 0) {
            ret = -1;
            continue;
        }
        if (set_blkio_devices(cg, def->blkiotune, p->field, devs, ndevs) < 0)
            ret = -1;
        for (size_t k = 0; k < ndevs; k++)
            g_free(devs[k].path);
        g_free(devs);
    }
    return ret;
}

int mv_cgroup_domain_set_blkiotune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                   virTypedParameterPtr params, int nparams, unsigned int flags,
                                   mv_domain_def **changed_live, mv_domain_def **changed_config)
{
    mv_domain_def *live, *config;
    *changed_live = *changed_config = NULL;
    if (mv_typed_params_validate_blkiotune(params, nparams) < 0)
        return -1;
    if (mv_domain_obj_get_defs(obj, flags, &live, &config) < 0)
        return -1;
    if (live && (!cg || !cg->dir[MV_CGROUP_BLKIO]))
        return blkio_not_mounted(from);
    int ret = 0;
    if (live) {
        *changed_live = live;
        if (set_blkio(cg, live, params, nparams) < 0)
            ret = -1;
    }
    /* a running guest's failure leaves the persistent definition as it is */
    if (config && ret == 0) {
        *changed_config = config;
        if (set_blkio(NULL, config, params, nparams) < 0)
            ret = -1;
    }
    return ret;
}
