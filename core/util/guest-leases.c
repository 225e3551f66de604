/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/guest-leases.c — a guest's addresses and hostname as the host
 * sees them: the DHCP leases of its virtual networks (through the
 * connection's network driver, by MAC) and the neighbour table
 * (/proc/net/arp). */
#include <modvirt-plugin/guest-leases.h>
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/error.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *ifname;
    char *network;              /* NULL unless type network */
    char mac[18];
} guest_nic;

struct mv_guest_nics {
    guest_nic *v;
    size_t n;
};

mv_guest_nics *mv_guest_nics_new(const mv_domain_def *def)
{
    const mv_domain_devices *devs = def ? def->devices : NULL;
    mv_guest_nics *nics = g_new0(mv_guest_nics, 1);
    nics->n = devs ? devs->nnets : 0;
    nics->v = g_new0(guest_nic, nics->n + 1);
    for (size_t i = 0; i < nics->n; i++) {
        const mv_domain_net_def *net = devs->nets[i];
        nics->v[i].ifname = g_strdup(net->ifname);
        if (net->type == MV_DOMAIN_NET_TYPE_NETWORK)
            nics->v[i].network = g_strdup(net->network);
        mv_domain_mac_format(net->mac, nics->v[i].mac);
    }
    return nics;
}

void mv_guest_nics_free(mv_guest_nics *nics)
{
    if (!nics)
        return;
    for (size_t i = 0; i < nics->n; i++) {
        g_free(nics->v[i].ifname);
        g_free(nics->v[i].network);
    }
    g_free(nics->v);
    g_free(nics);
}

void mv_guest_iface_add_addr(virDomainInterfacePtr iface, int type, const char *addr,
                             unsigned int prefix)
{
    iface->addrs = g_renew(virDomainIPAddress, iface->addrs, iface->naddrs + 1);
    iface->addrs[iface->naddrs].type = type;
    iface->addrs[iface->naddrs].addr = g_strdup(addr);
    iface->addrs[iface->naddrs].prefix = prefix;
    iface->naddrs++;
}

virDomainInterfacePtr mv_guest_iface_new(GPtrArray *list, const char *name, const char *hwaddr)
{
    virDomainInterfacePtr iface = g_new0(virDomainInterface, 1);
    iface->name = g_strdup(name);
    iface->hwaddr = g_strdup(hwaddr);
    g_ptr_array_add(list, iface);
    return iface;
}

int mv_guest_ifaces_take(GPtrArray *list, virDomainInterfacePtr **ifaces)
{
    int n = (int)list->len;
    g_ptr_array_add(list, NULL);
    *ifaces = (virDomainInterfacePtr *)g_ptr_array_free(list, FALSE);
    return n;
}

void mv_guest_ifaces_free(GPtrArray *list)
{
    for (guint i = 0; i < list->len; i++)
        virDomainInterfaceFree(list->pdata[i]);
    g_ptr_array_free(list, TRUE);
}

static void leases_free(virNetworkDHCPLeasePtr *leases, int n)
{
    for (int j = 0; j < n; j++)
        virNetworkDHCPLeaseFree(leases[j]);
    free(leases);
}

/* The leases of NIC's network for its MAC, or -1 (reported). */
static int nic_leases(virConnectPtr conn, const guest_nic *nic, virNetworkDHCPLeasePtr **leases)
{
    virNetworkPtr net = virNetworkLookupByName(conn, nic->network);
    if (!net)
        return -1;
    int n = virNetworkGetDHCPLeases(net, nic->mac, leases, 0);
    virNetworkFree(net);
    return n;
}

int mv_guest_leases_addresses(virConnectPtr conn, const mv_guest_nics *nics,
                              virDomainInterfacePtr **ifaces)
{
    GPtrArray *list = g_ptr_array_new();
    for (size_t i = 0; i < nics->n; i++) {
        if (!nics->v[i].network)
            continue;
        virNetworkDHCPLeasePtr *leases = NULL;
        int nl = nic_leases(conn, &nics->v[i], &leases);
        if (nl < 0) {
            mv_guest_ifaces_free(list);
            return -1;
        }
        virDomainInterfacePtr iface = nl > 0 ? mv_guest_iface_new(list, nics->v[i].ifname, nics->v[i].mac) : NULL;
        for (int j = 0; j < nl; j++)
            mv_guest_iface_add_addr(iface, leases[j]->type == VIR_IP_ADDR_TYPE_IPV6
                                               ? VIR_IP_ADDR_TYPE_IPV6 : VIR_IP_ADDR_TYPE_IPV4,
                                    leases[j]->ipaddr, leases[j]->prefix);
        leases_free(leases, nl);
    }
    return mv_guest_ifaces_take(list, ifaces);
}

int mv_guest_arp_addresses(int from, const mv_guest_nics *nics, virDomainInterfacePtr **ifaces)
{
    g_autofree char *table = NULL;
    if (!g_file_get_contents("/proc/net/arp", &table, NULL, NULL)) {
        mv_error_report(from, VIR_ERR_INTERNAL_ERROR, "failed to read the ARP table");
        return -1;
    }
    g_auto(GStrv) lines = g_strsplit(table, "\n", -1);
    GPtrArray *list = g_ptr_array_new();
    for (size_t i = 0; i < nics->n; i++) {
        virDomainInterfacePtr iface = NULL;
        for (size_t l = 1; lines[0] && lines[l]; l++) {   /* line 0: the column names */
            char ip[64], hw[32];
            unsigned int type, flags;
            if (sscanf(lines[l], "%63s 0x%x 0x%x %31s", ip, &type, &flags, hw) != 4)
                continue;
            if (!(flags & 0x2) || g_ascii_strcasecmp(hw, nics->v[i].mac) != 0)  /* ATF_COM */
                continue;
            if (!iface)
                iface = mv_guest_iface_new(list, nics->v[i].ifname, nics->v[i].mac);
            mv_guest_iface_add_addr(iface, VIR_IP_ADDR_TYPE_IPV4, ip, 0);
        }
    }
    return mv_guest_ifaces_take(list, ifaces);
}

char *mv_guest_leases_hostname(int from, virConnectPtr conn, const mv_guest_nics *nics,
                               const char *name)
{
    for (size_t i = 0; i < nics->n; i++) {
        if (!nics->v[i].network)
            continue;
        virNetworkDHCPLeasePtr *leases = NULL;
        int nl = nic_leases(conn, &nics->v[i], &leases);
        if (nl < 0)
            return NULL;
        char *hostname = NULL;
        for (int j = 0; j < nl && !hostname; j++)
            if (leases[j]->hostname)
                hostname = g_strdup(leases[j]->hostname);
        leases_free(leases, nl);
        if (hostname)
            return hostname;
    }
    mv_error_report(from, VIR_ERR_NO_HOSTNAME, "no hostname found for domain %s", name);
    return NULL;
}
