/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-sched.c — the scheduler procedures, whose typed parameters
 * the generated handlers do not carry: the reads run with room for as
 * many parameters as the client has (at most libvirt's 16) and reply with
 * those filled; the sets pass the client's parameters on. */
#include "daemon.h"

#include <string.h>

int mv_rpcd_custom_domain_get_scheduler_type(mv_rpcd_call *call, virConnectPtr conn,
                                             void *args, void *ret)
{
    (void)call;
    mv_remote_domain_get_scheduler_type_args *a = args;
    mv_remote_domain_get_scheduler_type_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    char *type = virDomainGetSchedulerType(dom, &r->nparams);
    if (type) {
        r->type = g_strdup(type);
        free(type);
    }
    MVD_KEEP_ERROR(virDomainFree(dom));
    return type ? 0 : -1;
}

/* The reads: FLAGS < 0 for the call without flags. */
static int get_params(virConnectPtr conn, mv_remote_domain *wire, int nparams, long flags,
                      uint32_t *n, virTypedParameter **out)
{
    if (!mvd_need_conn(conn))
        return -1;
    if (nparams > MV_REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "nparams too large");
        return -1;
    }
    virDomainPtr dom = mv_remote_domain_get(conn, wire);
    if (!dom)
        return -1;
    virTypedParameter *params = g_new0(virTypedParameter, nparams > 0 ? nparams : 1);
    int rc = flags < 0 ? virDomainGetSchedulerParameters(dom, params, &nparams)
                       : virDomainGetSchedulerParametersFlags(dom, params, &nparams,
                                                              (unsigned int)flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0) {
        g_free(params);
        return -1;
    }
    *n = (uint32_t)nparams;
    *out = params;
    return 0;
}

int mv_rpcd_custom_domain_get_scheduler_parameters(mv_rpcd_call *call, virConnectPtr conn,
                                                   void *args, void *ret)
{
    (void)call;
    mv_remote_domain_get_scheduler_parameters_args *a = args;
    mv_remote_domain_get_scheduler_parameters_ret *r = ret;
    return get_params(conn, &a->dom, a->nparams, -1, &r->params.n, &r->params.v);
}

int mv_rpcd_custom_domain_get_scheduler_parameters_flags(mv_rpcd_call *call, virConnectPtr conn,
                                                         void *args, void *ret)
{
    (void)call;
    mv_remote_domain_get_scheduler_parameters_flags_args *a = args;
    mv_remote_domain_get_scheduler_parameters_flags_ret *r = ret;
    return get_params(conn, &a->dom, a->nparams, a->flags, &r->params.n, &r->params.v);
}

/* The sets: FLAGS < 0 for the call without flags. */
static int set_params(virConnectPtr conn, mv_remote_domain *wire, virTypedParameter *params,
                      uint32_t n, long flags)
{
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, wire);
    if (!dom)
        return -1;
    virTypedParameter none;
    int rc = flags < 0
        ? virDomainSetSchedulerParameters(dom, n ? params : &none, (int)n)
        : virDomainSetSchedulerParametersFlags(dom, n ? params : &none, (int)n,
                                               (unsigned int)flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc;
}

int mv_rpcd_custom_domain_set_scheduler_parameters(mv_rpcd_call *call, virConnectPtr conn,
                                                   void *args, void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_set_scheduler_parameters_args *a = args;
    return set_params(conn, &a->dom, a->params.v, a->params.n, -1);
}

int mv_rpcd_custom_domain_set_scheduler_parameters_flags(mv_rpcd_call *call, virConnectPtr conn,
                                                         void *args, void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_set_scheduler_parameters_flags_args *a = args;
    return set_params(conn, &a->dom, a->params.v, a->params.n, a->flags);
}
