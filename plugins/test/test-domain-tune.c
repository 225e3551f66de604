/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-tune.c — the test driver's memory and block I/O
 * tunables, as libvirt 9.0's test driver keeps them: in the definition
 * the flags name (<memtune>, <blkiotune>), with nothing to apply them to.
 * The memory reads answer hard_limit, soft_limit and swap_hard_limit; a
 * set checks the hard limit against the swap limit of the live
 * definition, as libvirt's does. The block I/O reads answer the weight
 * and the five per-device lists; a set applies every parameter it can,
 * failing if one could not be applied. */
#include "test-domain.h"

#include <modvirt-plugin/typed-params.h>

#include <string.h>

#define MV_TEST_MEMTUNE_NPARAMS 3
#define MV_TEST_BLKIO_NPARAMS 6

int mv_test_domain_set_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                         int nparams, unsigned int flags)
{
    mv_test_state *st;
    bool live;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainSetMemoryParameters", -1);
    if (mv_typed_params_validate_memtune(params, nparams) < 0)
        return -1;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, &live);
    if (!def)
        goto out;
    unsigned long long hard = 0, soft = 0, swap = 0;
    bool set_hard = virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_HARD_LIMIT,
                                            &hard) == 1;
    bool set_soft = virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SOFT_LIMIT,
                                            &soft) == 1;
    bool set_swap = virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT,
                                            &swap) == 1;
    if (set_hard || set_swap) {
        unsigned long long mem = set_hard ? hard : d->def->memtune->hard_limit;
        unsigned long long sw = set_swap ? swap : d->def->memtune->swap_hard_limit;
        if (mem > sw) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                            "memory hard_limit tunable value must be lower than or equal to "
                            "swap_hard_limit");
            goto out;
        }
    }
    if (set_soft)
        def->memtune->soft_limit = soft;
    if (set_hard)
        def->memtune->hard_limit = hard;
    if (set_swap)
        def->memtune->swap_hard_limit = swap;
    ret = 0;
out:
    mv_test_unlock(st);
    return ret;
}

static void put_ull(virTypedParameterPtr p, const char *field, unsigned long long v)
{
    memset(p, 0, sizeof(*p));
    g_strlcpy(p->field, field, sizeof(p->field));
    p->type = VIR_TYPED_PARAM_ULLONG;
    p->value.ul = v;
}

int mv_test_domain_get_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                         int *nparams, unsigned int flags)
{
    mv_test_state *st;
    bool live;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                        VIR_TYPED_PARAM_STRING_OKAY, "testDomainGetMemoryParameters", -1);
    if (*nparams == 0) {
        *nparams = MV_TEST_MEMTUNE_NPARAMS;
        return 0;
    }
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    const mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, &live);
    if (def) {
        const mv_domain_memtune *m = def->memtune;
        if (*nparams > 0)
            put_ull(&params[0], VIR_DOMAIN_MEMORY_HARD_LIMIT, m->hard_limit);
        if (*nparams > 1)
            put_ull(&params[1], VIR_DOMAIN_MEMORY_SOFT_LIMIT, m->soft_limit);
        if (*nparams > 2)
            put_ull(&params[2], VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, m->swap_hard_limit);
        if (*nparams > MV_TEST_MEMTUNE_NPARAMS)
            *nparams = MV_TEST_MEMTUNE_NPARAMS;
    }
    mv_test_unlock(st);
    return def ? 0 : -1;
}

int mv_test_domain_set_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                        int nparams, unsigned int flags)
{
    mv_test_state *st;
    bool live;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainSetBlkioParameters", -1);
    if (mv_typed_params_validate_blkiotune(params, nparams) < 0)
        return -1;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, &live);
    int ret = def ? 0 : -1;
    for (int i = 0; def && i < nparams; i++) {
        const virTypedParameter *p = &params[i];
        if (!strcmp(p->field, VIR_DOMAIN_BLKIO_WEIGHT)) {
            def->blkiotune->weight = p->value.ui;
            continue;
        }
        mv_domain_blkio_device *devs;
        size_t ndevs;
        if (mv_domain_blkiotune_parse_devices(p->field, p->value.s, &devs, &ndevs) < 0) {
            ret = -1;
            continue;
        }
        mv_domain_blkiotune_merge(def->blkiotune, p->field, devs, ndevs);
        for (size_t k = 0; k < ndevs; k++)
            g_free(devs[k].path);
        g_free(devs);
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_domain_get_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                        int *nparams, unsigned int flags)
{
    mv_test_state *st;
    bool live;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                        VIR_TYPED_PARAM_STRING_OKAY, "testDomainGetBlkioParameters", -1);
    if (*nparams == 0) {
        *nparams = MV_TEST_BLKIO_NPARAMS;
        return 0;
    }
    int max = MIN(*nparams, MV_TEST_BLKIO_NPARAMS);
    *nparams = 0;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    const mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, &live);
    if (def)
        *nparams = mv_domain_blkiotune_params(def->blkiotune, params, max);
    mv_test_unlock(st);
    return def ? 0 : -1;
}
