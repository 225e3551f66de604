/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-disk-errors.c — virDomainGetDiskErrors for clients: run
 * with room for as many errors as the client has (at most libvirt's 256),
 * or with none to count them; the reply carries those filled and the
 * count. */
#include "daemon.h"

#include <stdlib.h>

int mv_rpcd_custom_domain_get_disk_errors(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                          void *ret)
{
    (void)call;
    mv_remote_domain_get_disk_errors_args *a = args;
    mv_remote_domain_get_disk_errors_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    if (a->maxerrors > MV_REMOTE_DOMAIN_DISK_ERRORS_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "maxerrors too large");
        return -1;
    }
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virDomainDiskError *errors = a->maxerrors ? g_new0(virDomainDiskError, a->maxerrors) : NULL;
    int n = virDomainGetDiskErrors(dom, errors, a->maxerrors, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (n < 0) {
        g_free(errors);
        return -1;
    }
    r->nerrors = n;
    if (errors) {
        r->errors.n = (uint32_t)n;
        r->errors.v = g_new0(mv_remote_disk_error, n ? n : 1);
        for (int i = 0; i < n; i++) {
            r->errors.v[i].disk = errors[i].disk;   /* the reply frees them */
            r->errors.v[i].error = errors[i].error;
        }
        g_free(errors);
    }
    return 0;
}
