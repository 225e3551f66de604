/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-iface-addrs.c — virDomainInterfaceAddresses over
 * RPC: the reply's nested lists become the caller's array of interfaces. */
#include "remote.h"

#include <string.h>

int mv_remote_domain_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                         unsigned int source, unsigned int flags)
{
    mv_remote_domain_interface_addresses_args a;
    mv_remote_domain_interface_addresses_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.source = source;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_INTERFACE_ADDRESSES,
                       mv_remote_domain_interface_addresses_args_xdr, &a,
                       mv_remote_domain_interface_addresses_ret_xdr, &r) < 0)
        return -1;
    uint32_t n = r.ifaces.n;
    virDomainInterfacePtr *out = g_new0(virDomainInterfacePtr, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        mv_remote_domain_interface *w = &r.ifaces.v[i];
        virDomainInterfacePtr iface = g_new0(virDomainInterface, 1);
        iface->name = g_steal_pointer(&w->name);
        iface->hwaddr = g_steal_pointer(&w->hwaddr);
        iface->naddrs = w->addrs.n;
        iface->addrs = g_new0(virDomainIPAddress, w->addrs.n ? w->addrs.n : 1);
        for (uint32_t j = 0; j < w->addrs.n; j++) {
            iface->addrs[j].type = w->addrs.v[j].type;
            iface->addrs[j].addr = g_steal_pointer(&w->addrs.v[j].addr);
            iface->addrs[j].prefix = w->addrs.v[j].prefix;
        }
        out[i] = iface;
    }
    mv_xdr_free(mv_remote_domain_interface_addresses_ret_xdr, &r);
    *ifaces = out;
    return (int)n;
}
