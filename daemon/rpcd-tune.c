/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-tune.c — the memory and block I/O tunable procedures: the
 * reads run with room for as many parameters as the client has (0 asks how
 * many there are, answered in the reply's nparams), the sets pass the
 * client's parameters on, as libvirt's daemon serves them. */
#include "daemon.h"

#include <string.h>

typedef int (*set_fn)(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                      unsigned int flags);

/* The reads in the shape of mvd_read_params' (no device named). */
static int memory_read(virDomainPtr dom, const char *what, virTypedParameterPtr params,
                       int *nparams, unsigned int flags)
{
    (void)what;
    return virDomainGetMemoryParameters(dom, params, nparams, flags);
}

static int blkio_read(virDomainPtr dom, const char *what, virTypedParameterPtr params,
                      int *nparams, unsigned int flags)
{
    (void)what;
    return virDomainGetBlkioParameters(dom, params, nparams, flags);
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
    return mvd_read_params(conn, &a->dom, NULL, a->nparams, a->flags,
                           MV_REMOTE_DOMAIN_MEMORY_PARAMETERS_MAX, memory_read, &r->nparams,
                           &r->params.v, &r->params.n);
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
    return mvd_read_params(conn, &a->dom, NULL, a->nparams, a->flags,
                           MV_REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX, blkio_read, &r->nparams,
                           &r->params.v, &r->params.n);
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
