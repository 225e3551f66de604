/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-sched.c — the scheduler calls over RPC: typed
 * parameters go and come as libvirt's remote_typed_param; a reply with
 * more parameters than the caller has room for is refused, as libvirt's
 * client refuses it. */
#include "remote.h"

#include <string.h>

char *mv_remote_domain_get_scheduler_type(virDomainPtr dom, int *nparams)
{
    mv_remote_domain_get_scheduler_type_args a;
    mv_remote_domain_get_scheduler_type_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_SCHEDULER_TYPE,
                       mv_remote_domain_get_scheduler_type_args_xdr, &a,
                       mv_remote_domain_get_scheduler_type_ret_xdr, &r) < 0)
        return NULL;
    *nparams = r.nparams;
    char *type = r.type;   /* taken from the reply */
    return type;
}

/* Copies the N parameters of a reply into the caller's PARAMS (room for
 * *NPARAMS), taking their strings; -1 when they do not fit. */
static int take_params(virTypedParameter *got, uint32_t n, virTypedParameterPtr params,
                       int *nparams)
{
    if (n > (uint32_t)*nparams) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC,
                        "returned number of parameters exceeds limit");
        return -1;
    }
    if (n)
        memcpy(params, got, n * sizeof(*got));
    *nparams = (int)n;
    return 0;
}

int mv_remote_domain_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                          int *nparams, unsigned int flags)
{
    int rc;
    uint32_t n = 0;
    virTypedParameter *got = NULL;
    /* The call without flags keeps its own procedure, for daemons that
     * answer only that one. */
    if (flags == 0) {
        mv_remote_domain_get_scheduler_parameters_args a;
        mv_remote_domain_get_scheduler_parameters_ret r;
        memset(&a, 0, sizeof(a));
        memset(&r, 0, sizeof(r));
        mv_remote_domain_put(&a.dom, dom, false);
        a.nparams = *nparams;
        rc = mv_remote_call(virDomainGetConnect(dom),
                            MV_REMOTE_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS,
                            mv_remote_domain_get_scheduler_parameters_args_xdr, &a,
                            mv_remote_domain_get_scheduler_parameters_ret_xdr, &r);
        n = r.params.n;
        got = r.params.v;
    } else {
        mv_remote_domain_get_scheduler_parameters_flags_args a;
        mv_remote_domain_get_scheduler_parameters_flags_ret r;
        memset(&a, 0, sizeof(a));
        memset(&r, 0, sizeof(r));
        mv_remote_domain_put(&a.dom, dom, false);
        a.nparams = *nparams;
        a.flags = flags;
        rc = mv_remote_call(virDomainGetConnect(dom),
                            MV_REMOTE_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS,
                            mv_remote_domain_get_scheduler_parameters_flags_args_xdr, &a,
                            mv_remote_domain_get_scheduler_parameters_flags_ret_xdr, &r);
        n = r.params.n;
        got = r.params.v;
    }
    if (rc == 0 && take_params(got, n, params, nparams) == 0) {
        g_free(got);   /* the strings now belong to the caller's array */
        return 0;
    }
    virTypedParamsFree(got, (int)n);
    return -1;
}

int mv_remote_domain_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                          int nparams, unsigned int flags)
{
    if (!mv_remote_params_fit(nparams, MV_REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX))
        return -1;
    if (flags == 0) {
        mv_remote_domain_set_scheduler_parameters_args a;
        memset(&a, 0, sizeof(a));
        mv_remote_domain_put(&a.dom, dom, false);
        a.params.n = (uint32_t)nparams;
        a.params.v = params;
        return mv_remote_call(virDomainGetConnect(dom),
                              MV_REMOTE_PROC_DOMAIN_SET_SCHEDULER_PARAMETERS,
                              mv_remote_domain_set_scheduler_parameters_args_xdr, &a,
                              mv_remote_void_xdr, NULL);
    }
    mv_remote_domain_set_scheduler_parameters_flags_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.params.n = (uint32_t)nparams;
    a.params.v = params;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom),
                          MV_REMOTE_PROC_DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS,
                          mv_remote_domain_set_scheduler_parameters_flags_args_xdr, &a,
                          mv_remote_void_xdr, NULL);
}
