/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-disk-errors.c — virDomainGetDiskErrors over RPC:
 * the caller's room goes with the call; a reply with more errors than
 * that is refused, as libvirt's client refuses it. */
#include "remote.h"

#include <string.h>

int mv_remote_domain_get_disk_errors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                     unsigned int maxerrors, unsigned int flags)
{
    if (maxerrors > MV_REMOTE_DOMAIN_DISK_ERRORS_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "too many disk errors requested: %u > %d",
                        maxerrors, MV_REMOTE_DOMAIN_DISK_ERRORS_MAX);
        return -1;
    }
    mv_remote_domain_get_disk_errors_args a;
    mv_remote_domain_get_disk_errors_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.maxerrors = maxerrors;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_DISK_ERRORS,
                       mv_remote_domain_get_disk_errors_args_xdr, &a,
                       mv_remote_domain_get_disk_errors_ret_xdr, &r) < 0)
        return -1;
    if (r.errors.n > maxerrors) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "returned number of disk errors exceeds limit");
        mv_xdr_free(mv_remote_domain_get_disk_errors_ret_xdr, &r);
        return -1;
    }
    /* The disks' strings are the caller's now. */
    for (uint32_t i = 0; i < r.errors.n; i++) {
        errors[i].disk = r.errors.v[i].disk;
        errors[i].error = r.errors.v[i].error;
    }
    int n = r.nerrors;
    g_free(r.errors.v);
    return n;
}
