/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-guest-fs.c — virDomainFSFreeze and virDomainFSThaw for
 * clients: the list of mount points (empty: all) passed on as the
 * caller's array. */
#include "daemon.h"

static int freeze_thaw(virConnectPtr conn, mv_remote_domain *wire, char **mountpoints,
                       uint32_t n, unsigned int flags, bool freeze, int *filesystems)
{
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, wire);
    if (!dom)
        return -1;
    const char **mp = n ? (const char **)mountpoints : NULL;
    int rc = freeze ? virDomainFSFreeze(dom, mp, n, flags) : virDomainFSThaw(dom, mp, n, flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (rc < 0)
        return -1;
    *filesystems = rc;
    return 0;
}

int mv_rpcd_custom_domain_fsfreeze(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)call;
    mv_remote_domain_fsfreeze_args *a = args;
    mv_remote_domain_fsfreeze_ret *r = ret;
    return freeze_thaw(conn, &a->dom, a->mountpoints.v, a->mountpoints.n, a->flags, true,
                       &r->filesystems);
}

int mv_rpcd_custom_domain_fsthaw(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)call;
    mv_remote_domain_fsthaw_args *a = args;
    mv_remote_domain_fsthaw_ret *r = ret;
    return freeze_thaw(conn, &a->dom, a->mountpoints.v, a->mountpoints.n, a->flags, false,
                       &r->filesystems);
}
