/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-iface-addrs.c — virDomainInterfaceAddresses for clients:
 * the domain's interfaces, each with its addresses, as nested lists
 * (refused beyond libvirt's 2048 of either). */
#include "daemon.h"

#include <stdlib.h>

int mv_rpcd_custom_domain_interface_addresses(mv_rpcd_call *call, virConnectPtr conn,
                                              void *args, void *ret)
{
    (void)call;
    mv_remote_domain_interface_addresses_args *a = args;
    mv_remote_domain_interface_addresses_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virDomainInterfacePtr *ifaces = NULL;
    int n = virDomainInterfaceAddresses(dom, &ifaces, a->source, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (n < 0)
        return -1;
    int rc = 0;
    if (n > MV_REMOTE_DOMAIN_INTERFACE_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                        "Number of interfaces, %d exceeds the max limit: %d", n,
                        MV_REMOTE_DOMAIN_INTERFACE_MAX);
        rc = -1;
    }
    for (int i = 0; rc == 0 && i < n; i++) {
        if (ifaces[i]->naddrs > MV_REMOTE_DOMAIN_IP_ADDR_MAX) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                            "Number of interfaces, %u exceeds the max limit: %d",
                            ifaces[i]->naddrs, MV_REMOTE_DOMAIN_IP_ADDR_MAX);
            rc = -1;
        }
    }
    if (rc == 0) {
        /* The strings move to the reply, which frees them. */
        r->ifaces.n = (uint32_t)n;
        r->ifaces.v = g_new0(mv_remote_domain_interface, n ? n : 1);
        for (int i = 0; i < n; i++) {
            mv_remote_domain_interface *w = &r->ifaces.v[i];
            virDomainInterfacePtr iface = ifaces[i];
            w->name = g_steal_pointer(&iface->name);
            w->hwaddr = g_steal_pointer(&iface->hwaddr);
            w->addrs.n = iface->naddrs;
            w->addrs.v = g_new0(mv_remote_domain_ip_addr, iface->naddrs ? iface->naddrs : 1);
            for (unsigned int j = 0; j < iface->naddrs; j++) {
                w->addrs.v[j].type = iface->addrs[j].type;
                w->addrs.v[j].addr = g_steal_pointer(&iface->addrs[j].addr);
                w->addrs.v[j].prefix = iface->addrs[j].prefix;
            }
        }
    }
    for (int i = 0; i < n; i++)
        virDomainInterfaceFree(ifaces[i]);
    free(ifaces);
    return rc;
}
