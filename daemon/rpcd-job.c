/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-job.c — virDomainGetJobStats over RPC, whose typed
 * parameters (allocated by the call) the generated handlers do not carry:
 * the reply holds the job's type and its parameters. */
#include "daemon.h"

#include <string.h>

int mv_rpcd_custom_domain_get_job_stats(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                        void *ret)
{
    (void)call;
    mv_remote_domain_get_job_stats_args *a = args;
    mv_remote_domain_get_job_stats_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    int rc = virDomainGetJobStats(dom, &r->type, &params, &nparams, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0)
        return -1;
    if (nparams > MV_REMOTE_DOMAIN_JOB_STATS_MAX) {
        virTypedParamsFree(params, nparams);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                        "Too many job stats '%d' for limit '%d'", nparams,
                        MV_REMOTE_DOMAIN_JOB_STATS_MAX);
        return -1;
    }
    r->params.n = (uint32_t)nparams;
    r->params.v = params;
    return 0;
}
