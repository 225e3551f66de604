/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-iface-addrs.c — virDomainInterfaceAddresses for qemu
 * guests, from the three sources libvirt knows:
 * - lease: the DHCP leases of the virtual networks the guest's
 *   <interface type='network'> are on (virNetworkGetDHCPLeases through the
 *   connection's network driver, bridge-net's dnsmasq), by MAC;
 * - agent: guest-network-get-interfaces, an alias "eth0:1" folded into
 *   "eth0";
 * - arp: the host's neighbour table (/proc/net/arp), complete entries
 *   whose MAC is one of the guest's, IPv4 without a prefix. */
#include "qemu-driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the three sources need of one <interface>, copied under the lock. */
typedef struct {
    char *ifname;
    char *network;              /* NULL unless type network */
    char mac[18];
} nic;

static void nics_free(nic *nics, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_free(nics[i].ifname);
        g_free(nics[i].network);
    }
    g_free(nics);
}

/* The running domain's interfaces, or -1 (reported). */
static int nics_get(virDomainPtr dom, nic **out)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    if (!mv_qemu_vm_active(vm)) {
        pthread_mutex_unlock(&st->lock);
        return mv_qemu_error_not_running();
    }
    const mv_domain_devices *devs = vm->obj->def->devices;
    size_t n = devs ? devs->nnets : 0;
    nic *nics = g_new0(nic, n + 1);
    for (size_t i = 0; i < n; i++) {
        const mv_domain_net_def *net = devs->nets[i];
        nics[i].ifname = g_strdup(net->ifname);
        if (net->type == MV_DOMAIN_NET_TYPE_NETWORK)
            nics[i].network = g_strdup(net->network);
        mv_domain_mac_format(net->mac, nics[i].mac);
    }
    pthread_mutex_unlock(&st->lock);
    *out = nics;
    return (int)n;
}

static void add_addr(virDomainInterfacePtr iface, int type, const char *addr,
                     unsigned int prefix)
{
    iface->addrs = g_renew(virDomainIPAddress, iface->addrs, iface->naddrs + 1);
    iface->addrs[iface->naddrs].type = type;
    iface->addrs[iface->naddrs].addr = g_strdup(addr);
    iface->addrs[iface->naddrs].prefix = prefix;
    iface->naddrs++;
}

static virDomainInterfacePtr iface_new(GPtrArray *list, const char *name, const char *hwaddr)
{
    virDomainInterfacePtr iface = g_new0(virDomainInterface, 1);
    iface->name = g_strdup(name);
    iface->hwaddr = g_strdup(hwaddr);
    g_ptr_array_add(list, iface);
    return iface;
}

/* LIST as the caller's NULL-terminated array; the count. */
static int list_out(GPtrArray *list, virDomainInterfacePtr **ifaces)
{
    int n = (int)list->len;
    g_ptr_array_add(list, NULL);
    *ifaces = (virDomainInterfacePtr *)g_ptr_array_free(list, FALSE);
    return n;
}

static void list_free(GPtrArray *list)
{
    for (guint i = 0; i < list->len; i++)
        virDomainInterfaceFree(list->pdata[i]);
    g_ptr_array_free(list, TRUE);
}

static int from_leases(virDomainPtr dom, const nic *nics, int n, GPtrArray *list)
{
    virConnectPtr conn = virDomainGetConnect(dom);
    for (int i = 0; i < n; i++) {
        if (!nics[i].network)
            continue;
        virNetworkPtr net = virNetworkLookupByName(conn, nics[i].network);
        if (!net)
            return -1;
        virNetworkDHCPLeasePtr *leases = NULL;
        int nl = virNetworkGetDHCPLeases(net, nics[i].mac, &leases, 0);
        virNetworkFree(net);
        if (nl < 0)
            return -1;
        if (nl > 0) {
            virDomainInterfacePtr iface = iface_new(list, nics[i].ifname, nics[i].mac);
            for (int j = 0; j < nl; j++)
                add_addr(iface, leases[j]->type == VIR_IP_ADDR_TYPE_IPV6
                                    ? VIR_IP_ADDR_TYPE_IPV6 : VIR_IP_ADDR_TYPE_IPV4,
                         leases[j]->ipaddr, leases[j]->prefix);
        }
        for (int j = 0; j < nl; j++)
            virNetworkDHCPLeaseFree(leases[j]);
        free(leases);
    }
    return 0;
}

static int from_arp(const nic *nics, int n, GPtrArray *list)
{
    g_autofree char *table = NULL;
    if (!g_file_get_contents("/proc/net/arp", &table, NULL, NULL)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR, "failed to read the ARP table");
        return -1;
    }
    g_auto(GStrv) lines = g_strsplit(table, "\n", -1);
    for (int i = 0; i < n; i++) {
        virDomainInterfacePtr iface = NULL;
        for (size_t l = 1; lines[l]; l++) {      /* line 0: the column names */
            char ip[64], hw[32];
            unsigned int type, flags;
            if (sscanf(lines[l], "%63s 0x%x 0x%x %31s", ip, &type, &flags, hw) != 4)
                continue;
            if (!(flags & 0x2) || g_ascii_strcasecmp(hw, nics[i].mac) != 0)  /* ATF_COM */
                continue;
            if (!iface)
                iface = iface_new(list, nics[i].ifname, nics[i].mac);
            add_addr(iface, VIR_IP_ADDR_TYPE_IPV4, ip, 0);
        }
    }
    return 0;
}

static int from_agent(virDomainPtr dom, GPtrArray *list)
{
    JsonNode *r = mv_qemu_agent_run(dom, "guest-network-get-interfaces", NULL);
    if (!r)
        return -1;
    if (!JSON_NODE_HOLDS_ARRAY(r)) {
        json_node_unref(r);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "qemu agent didn't return an array of interfaces");
        return -1;
    }
    JsonArray *arr = json_node_get_array(r);
    int rc = 0;
    for (guint i = 0; rc == 0 && i < json_array_get_length(arr); i++) {
        JsonObject *o = json_array_get_object_element(arr, i);
        const char *name = o ? json_object_get_string_member_with_default(o, "name", NULL)
                             : NULL;
        if (!name) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "qemu agent didn't provide 'name' field");
            rc = -1;
            break;
        }
        /* An alias (eth0:1) adds its addresses to its interface. */
        g_autofree char *base = g_strndup(name, strcspn(name, ":"));
        virDomainInterfacePtr iface = NULL;
        for (guint k = 0; k < list->len && !iface; k++)
            if (strcmp(((virDomainInterfacePtr)list->pdata[k])->name, base) == 0)
                iface = list->pdata[k];
        if (!iface)
            iface = iface_new(list, base,
                              json_object_get_string_member_with_default(o, "hardware-address",
                                                                         NULL));
        JsonArray *ips = json_object_has_member(o, "ip-addresses")
            ? json_object_get_array_member(o, "ip-addresses") : NULL;
        for (guint j = 0; ips && j < json_array_get_length(ips); j++) {
            JsonObject *ip = json_array_get_object_element(ips, j);
            const char *type = ip ? json_object_get_string_member_with_default(
                                        ip, "ip-address-type", NULL) : NULL;
            const char *addr = ip ? json_object_get_string_member_with_default(
                                        ip, "ip-address", NULL) : NULL;
            if (!type || !addr) {
                mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                                "qemu agent didn't provide 'ip-address-type' or 'ip-address'"
                                " field");
                rc = -1;
                break;
            }
            if (strcmp(type, "ipv4") != 0 && strcmp(type, "ipv6") != 0) {
                mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                                "unknown ip address type '%s'", type);
                rc = -1;
                break;
            }
            gint64 prefix = json_object_get_int_member_with_default(ip, "prefix", 0);
            add_addr(iface, strcmp(type, "ipv4") == 0 ? VIR_IP_ADDR_TYPE_IPV4
                                                      : VIR_IP_ADDR_TYPE_IPV6,
                     addr, (unsigned int)prefix);
        }
    }
    json_node_unref(r);
    return rc;
}

int mv_qemu_domain_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned int source, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return -1;
    nic *nics = NULL;
    int n = nics_get(dom, &nics);
    if (n < 0)
        return -1;
    GPtrArray *list = g_ptr_array_new();
    int rc;
    switch (source) {
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE:
        rc = from_leases(dom, nics, n, list);
        break;
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT:
        rc = from_agent(dom, list);
        break;
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP:
        rc = from_arp(nics, n, list);
        break;
    default:
        mv_error_report(MV_QEMU_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "Unknown IP address data source %u", source);
        rc = -1;
    }
    nics_free(nics, (size_t)n);
    if (rc < 0) {
        list_free(list);
        return -1;
    }
    return list_out(list, ifaces);
}
