/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-guest-info.c — virDomainGetGuestInfo for clients: the typed
 * parameters the guest agent's answers became, at most libvirt's 2048. */
#include "daemon.h"

int mv_rpcd_custom_domain_get_guest_info(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                         void *ret)
{
    (void)call;
    mv_remote_domain_get_guest_info_args *a = args;
    mv_remote_domain_get_guest_info_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    int rc = virDomainGetGuestInfo(dom, a->types, &params, &nparams, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0)
        return -1;
    if (nparams > MV_REMOTE_DOMAIN_GUEST_INFO_PARAMS_MAX) {
        virTypedParamsFree(params, nparams);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                        "Number of guest info parameters, %d exceeds the max limit: %d",
                        nparams, MV_REMOTE_DOMAIN_GUEST_INFO_PARAMS_MAX);
        return -1;
    }
    r->params.n = (uint32_t)nparams;
    r->params.v = params;
    return 0;
}
