/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-guest-info.c — virDomainGetGuestInfo over RPC: the
 * reply's typed parameters become the caller's array. */
#include "remote.h"

#include <string.h>

int mv_remote_domain_get_guest_info(virDomainPtr dom, unsigned int types,
                                    virTypedParameterPtr *params, int *nparams,
                                    unsigned int flags)
{
    mv_remote_domain_get_guest_info_args a;
    mv_remote_domain_get_guest_info_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.types = types;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_GUEST_INFO,
                       mv_remote_domain_get_guest_info_args_xdr, &a,
                       mv_remote_domain_get_guest_info_ret_xdr, &r) < 0)
        return -1;
    *params = r.params.v;   /* taken from the reply */
    *nparams = (int)r.params.n;
    return 0;
}
