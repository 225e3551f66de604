/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-tune.c — the memory and block I/O tunables over
 * RPC: the reads send how many parameters the caller has room for (0 asks
 * how many there are), and a reply with more than that is refused, as
 * libvirt's client refuses it; the sets send at most libvirt's 16. */
#include "remote.h"

#include <string.h>

int mv_remote_domain_get_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int *nparams, unsigned int flags)
{
    mv_remote_domain_get_memory_parameters_args a;
    mv_remote_domain_get_memory_parameters_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.nparams = *nparams;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_MEMORY_PARAMETERS,
                       mv_remote_domain_get_memory_parameters_args_xdr, &a,
                       mv_remote_domain_get_memory_parameters_ret_xdr, &r) < 0)
        return -1;
    return mv_remote_params_take(r.params.v, r.params.n, r.nparams, params, nparams);
}

int mv_remote_domain_set_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int nparams, unsigned int flags)
{
    if (!mv_remote_params_fit(nparams, MV_REMOTE_DOMAIN_MEMORY_PARAMETERS_MAX))
        return -1;
    mv_remote_domain_set_memory_parameters_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.params.n = (uint32_t)nparams;
    a.params.v = params;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_SET_MEMORY_PARAMETERS,
                          mv_remote_domain_set_memory_parameters_args_xdr, &a,
                          mv_remote_void_xdr, NULL);
}

int mv_remote_domain_get_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                          int *nparams, unsigned int flags)
{
    mv_remote_domain_get_blkio_parameters_args a;
    mv_remote_domain_get_blkio_parameters_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.nparams = *nparams;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_BLKIO_PARAMETERS,
                       mv_remote_domain_get_blkio_parameters_args_xdr, &a,
                       mv_remote_domain_get_blkio_parameters_ret_xdr, &r) < 0)
        return -1;
    return mv_remote_params_take(r.params.v, r.params.n, r.nparams, params, nparams);
}

int mv_remote_domain_set_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                          int nparams, unsigned int flags)
{
    if (!mv_remote_params_fit(nparams, MV_REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX))
        return -1;
    mv_remote_domain_set_blkio_parameters_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.params.n = (uint32_t)nparams;
    a.params.v = params;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_SET_BLKIO_PARAMETERS,
                          mv_remote_domain_set_blkio_parameters_args_xdr, &a,
                          mv_remote_void_xdr, NULL);
}
