/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-tune.c — the memory and block I/O tunable procedures: the
 * reads run with room for as many parameters as the client has (0 asks how
 * many there are, answered in the reply's nparams), the sets pass the
 * client's parameters on, as libvirt's daemon serves them. */
#include "daemon.h"

#include <string.h>

typedef int (*read_fn)(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                       unsigned int flags);
typedef int (*set_fn)(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                      unsigned int flags);

static int read_params(virConnectPtr conn, mv_remote_domain *wire, int nparams,
                       unsigned int flags, int max, read_fn read, int *count,
                       virTypedParameter **out, uint32_t *n)
{
    if (!mvd_need_conn(conn))
        return -1;
    if (nparams > max) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "nparams too large");
        return -1;
    }
    virDomainPtr dom = mv_remote_domain_get(conn, wire);
    if (!dom)
        return -1;
    virTypedParameter *params = nparams > 0 ? g_new0(virTypedParameter, nparams) : NULL;
    int got = nparams;
    int rc = read(dom, params, &got, flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0) {
        g_free(params);
        return -1;
    }
    if (nparams == 0) {
        *count = got;
        return 0;
    }
    *out = params;
    *n = (uint32_t)got;
    return 0;
}

static int set_params(virConnectPtr conn, mv_remote_domain *wire, virTypedParameter *params,
                      uint32_t n, unsigned int flags, set_fn set)
{
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, wire);
    if (!dom)
        return -1;
    virTypedParameter none;
    int rc = set(dom, n ? params : &none, (int)n, flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc;
}

int mv_rpcd_custom_domain_get_memory_parameters(mv_rpcd_call *call, virConnectPtr conn,
                                                void *args, void *ret)
{
    (void)call;
    mv_remote_domain_get_memory_parameters_args *a = args;
    mv_remote_domain_get_memory_parameters_ret *r = ret;
    return read_params(conn, &a->dom, a->nparams, a->flags,
                       MV_REMOTE_DOMAIN_MEMORY_PARAMETERS_MAX, virDomainGetMemoryParameters,
                       &r->nparams, &r->params.v, &r->params.n);
}

int mv_rpcd_custom_domain_set_memory_parameters(mv_rpcd_call *call, virConnectPtr conn,
                                                void *args, void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_set_memory_parameters_args *a = args;
    return set_params(conn, &a->dom, a->params.v, a->params.n, a->flags,
                      virDomainSetMemoryParameters);
}

int mv_rpcd_custom_domain_get_blkio_parameters(mv_rpcd_call *call, virConnectPtr conn,
                                               void *args, void *ret)
{
    (void)call;
    mv_remote_domain_get_blkio_parameters_args *a = args;
    mv_remote_domain_get_blkio_parameters_ret *r = ret;
    return read_params(conn, &a->dom, a->nparams, a->flags,
                       MV_REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX, virDomainGetBlkioParameters,
                       &r->nparams, &r->params.v, &r->params.n);
}

int mv_rpcd_custom_domain_set_blkio_parameters(mv_rpcd_call *call, virConnectPtr conn,
                                               void *args, void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_set_blkio_parameters_args *a = args;
    return set_params(conn, &a->dom, a->params.v, a->params.n, a->flags,
                      virDomainSetBlkioParameters);
}
