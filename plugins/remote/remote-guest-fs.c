/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-guest-fs.c — virDomainFSFreeze and virDomainFSThaw
 * over RPC: the mount points go as a list, refused beyond libvirt's 256 as
 * libvirt's client refuses them. */
#include "remote.h"

#include <string.h>

static int freeze_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                       unsigned int flags, int proc)
{
    if (n > MV_REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%s length greater than maximum: %d > %d",
                        "mountpoints", (int)n, MV_REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX);
        return -1;
    }
    /* Both procedures carry the same fields. */
    mv_remote_domain_fsfreeze_args a;
    mv_remote_domain_fsfreeze_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.mountpoints.n = n;
    a.mountpoints.v = (char **)mountpoints;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), proc, mv_remote_domain_fsfreeze_args_xdr, &a,
                       mv_remote_domain_fsfreeze_ret_xdr, &r) < 0)
        return -1;
    return r.filesystems;
}

int mv_remote_domain_fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned int n,
                               unsigned int flags)
{
    return freeze_thaw(dom, mountpoints, n, flags, MV_REMOTE_PROC_DOMAIN_FSFREEZE);
}

int mv_remote_domain_fs_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                             unsigned int flags)
{
    return freeze_thaw(dom, mountpoints, n, flags, MV_REMOTE_PROC_DOMAIN_FSTHAW);
}
