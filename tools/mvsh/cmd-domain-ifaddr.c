/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-ifaddr.c — domifaddr: the guest's interfaces and
 * their IP addresses from DHCP leases, the guest agent or the host's ARP
 * table, in virsh's table. */
#include "mvsh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

static int cmd_domifaddr(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *only = mvsh_arg(a, "interface");
    const char *src = mvsh_arg(a, "source");
    bool full = mvsh_flag(a, "full");
    unsigned int source = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
    if (src) {
        if (strcmp(src, "lease") == 0) {
            source = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
        } else if (strcmp(src, "agent") == 0) {
            source = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT;
        } else if (strcmp(src, "arp") == 0) {
            source = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP;
        } else {
            mvsh_error("Unknown data source '%s'", src);
            virDomainFree(dom);
            return -1;
        }
    }
    virDomainInterfacePtr *ifaces = NULL;
    int n = virDomainInterfaceAddresses(dom, &ifaces, source, 0);
    virDomainFree(dom);
    if (n < 0)
        return mvsh_fail("Failed to query for interfaces addresses");

    mvsh_print_extra(sh, " %-10s %-20s %-8s     %s\n%s\n", "Name", "MAC address", "Protocol",
                     "Address",
                     "-------------------------------------------------------------------------------");
    for (int i = 0; i < n; i++) {
        const virDomainInterface *iface = ifaces[i];
        if (only && strcmp(only, iface->name) != 0)
            continue;
        if (iface->naddrs == 0) {
            printf(" %-10s %-17s    %-12s %s\n", iface->name,
                   iface->hwaddr ? iface->hwaddr : "N/A", "N/A", "N/A");
            continue;
        }
        for (unsigned int j = 0; j < iface->naddrs; j++) {
            const virDomainIPAddress *ip = &iface->addrs[j];
            const char *type = ip->type == VIR_IP_ADDR_TYPE_IPV4 ? "ipv4"
                             : ip->type == VIR_IP_ADDR_TYPE_IPV6 ? "ipv6" : "";
            g_autofree char *addr = g_strdup_printf("%-12s %s/%u", type, ip->addr, ip->prefix);
            /* The name and MAC only on an interface's first line, unless
             * --full. */
            if (full || j == 0)
                printf(" %-10s %-17s    %s\n", iface->name, iface->hwaddr ? iface->hwaddr : "",
                       addr);
            else
                printf(" %-10s %-17s    %s\n", "-", "-", addr);
        }
    }
    for (int i = 0; i < n; i++)
        virDomainInterfaceFree(ifaces[i]);
    free(ifaces);
    return 0;
}

static const mvsh_opt domifaddr_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "interface", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "full", MVSH_OT_BOOL, 0 },
    { "source", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domifaddr = {
    .name = "domifaddr",
    .summary = "Get network interfaces' addresses for a running domain",
    .usage = "domifaddr <domain> [--interface <string>] [--full] [--source <string>]",
    .description = "Lists the running guest's interfaces with their MAC and IP addresses, "
                   "from the DHCP leases of the host's virtual networks (--source lease, the "
                   "default), the guest agent (agent) or the host's ARP table (arp); "
                   "--interface shows only the interface of that name; --full repeats the "
                   "name and MAC on every address's line.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domifaddr_opts, .run = cmd_domifaddr,
};
