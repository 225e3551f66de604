/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network-ip.c — one <ip> element of a network: address,
 * netmask or prefix, family, and its <dhcp> ranges and static hosts, with
 * libvirt's checks (family agreement, prefix bounds, ranges in the subnet).
 */
#include "core/conf/network/network.h"

#include <modvirt-plugin/error.h>
#include <string.h>

#define ERR(code, ...) mv_error_report(VIR_FROM_NETWORK, code, __VA_ARGS__)

int mv_network_ip_prefix(const mv_network_ip *ip)
{
    if (mv_net_addr_is_set(&ip->netmask))
        return mv_net_addr_netmask_prefix(&ip->netmask);
    if (ip->prefix > 0)
        return (int)ip->prefix;
    if (ip->address.family == MV_NET_FAMILY_IPV6)
        return 64;
    if (ip->address.family != MV_NET_FAMILY_IPV4)
        return -1;
    /* Classful defaults: A, B, C. */
    unsigned char first = ip->address.bytes[0];
    return first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : -1;
}

static int family_parse(const char *s, int *out, const char *netname)
{
    if (!s)
        *out = MV_NET_FAMILY_NONE;
    else if (strcmp(s, "ipv4") == 0)
        *out = MV_NET_FAMILY_IPV4;
    else if (strcmp(s, "ipv6") == 0)
        *out = MV_NET_FAMILY_IPV6;
    else {
        ERR(VIR_ERR_XML_ERROR, "Unrecognized family '%s' in network '%s'", s, netname);
        return -1;
    }
    return 0;
}

/* Family, netmask and prefix must agree with the address. */
static int ip_check_family(const mv_network_ip *ip, const char *addr, const char *mask,
                           const char *netname)
{
    bool v4 = ip->address.family == MV_NET_FAMILY_IPV4;
    if (ip->family == MV_NET_FAMILY_NONE && !v4) {
        ERR(VIR_ERR_CONFIG_UNSUPPORTED,
            "no family specified for non-IPv4 address '%s' in network '%s'", addr, netname);
        return -1;
    }
    if (ip->family == MV_NET_FAMILY_IPV4 && !v4) {
        ERR(VIR_ERR_CONFIG_UNSUPPORTED,
            "ipv4 family specified for non-IPv4 address '%s' in network '%s'", addr, netname);
        return -1;
    }
    if (ip->family == MV_NET_FAMILY_IPV6 && v4) {
        ERR(VIR_ERR_CONFIG_UNSUPPORTED,
            "Family 'ipv6' specified for non-IPv6 address '%s' in network '%s'", addr, netname);
        return -1;
    }
    if (v4 && mask && ip->netmask.family != MV_NET_FAMILY_IPV4) {
        ERR(VIR_ERR_CONFIG_UNSUPPORTED,
            "Invalid netmask '%s' for address '%s' in network '%s' (both must be IPv4)",
            mask, addr, netname);
        return -1;
    }
    if (!v4 && mask) {
        ERR(VIR_ERR_CONFIG_UNSUPPORTED,
            "netmask not allowed for IPv6 address '%s' in network '%s'", addr, netname);
        return -1;
    }
    if (ip->prefix > (v4 ? 32u : 128u)) {
        ERR(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid IPv%d prefix '%u' in network '%s'",
            v4 ? 4 : 6, ip->prefix, netname);
        return -1;
    }
    return 0;
}

static int range_parse(xmlNodePtr node, mv_network_ip *ip, const char *netname)
{
    g_autofree char *start = mv_xml_prop(node, "start");
    g_autofree char *end = mv_xml_prop(node, "end");
    mv_network_dhcp_range r = { 0 };
    const char *missing = !start ? "start" : !end ? "end" : NULL;
    if (missing) {
        ERR(VIR_ERR_XML_ERROR, "Missing '%s' attribute in dhcp range for network '%s'",
            missing, netname);
        return -1;
    }
    const char *bad = mv_net_addr_parse(start, &r.start) < 0 ? start
                    : mv_net_addr_parse(end, &r.end) < 0 ? end : NULL;
    if (bad) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR,
                        "Cannot parse socket address '%s': Name or service not known", bad);
        return -1;
    }
    if (mv_conf_network_range_check(&r.start, &r.end, ip) < 0)
        return -1;
    MV_CONF_NETWORK_APPEND(ip->ranges, ip->nranges, g_memdup2(&r, sizeof(r)));
    return 0;
}

static int host_check_mac(const char *mac, bool v6, const char *netname)
{
    unsigned char b[6];
    if (v6) {
        ERR(VIR_ERR_XML_ERROR,
            "Invalid to specify MAC address '%s' in network '%s' IPv6 static host definition",
            mac, netname);
        return -1;
    }
    if (mv_net_mac_parse(mac, b) < 0) {
        ERR(VIR_ERR_XML_ERROR, "Cannot parse MAC address '%s' in network '%s'", mac, netname);
        return -1;
    }
    if (b[0] & 1) {
        ERR(VIR_ERR_XML_ERROR, "expected unicast mac address, found multicast '%s' in network '%s'",
            mac, netname);
        return -1;
    }
    return 0;
}

static void host_free(mv_network_dhcp_host *h)
{
    if (!h)
        return;
    g_free(h->mac);
    g_free(h->id);
    g_free(h->name);
    g_free(h);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(mv_network_dhcp_host, host_free)

static int host_parse(xmlNodePtr node, mv_network_ip *ip, const char *netname)
{
    bool v6 = ip->address.family == MV_NET_FAMILY_IPV6;
    g_autoptr(mv_network_dhcp_host) h = g_new0(mv_network_dhcp_host, 1);
    g_autofree char *ipstr = mv_xml_prop(node, "ip");
    h->mac = mv_xml_prop(node, "mac");
    h->id = mv_xml_prop(node, "id");
    h->name = mv_xml_prop(node, "name");
    if (h->mac && host_check_mac(h->mac, v6, netname) < 0)
        return -1;
    if (ipstr && mv_net_addr_parse(ipstr, &h->ip) < 0) {
        ERR(VIR_ERR_XML_ERROR, "Invalid IP address in static host definition for network '%s'",
            netname);
        return -1;
    }
    if (v6 && !h->id && !h->name) {
        ERR(VIR_ERR_XML_ERROR,
            "Static host definition in IPv6 network '%s' must have id or name attribute", netname);
        return -1;
    }
    if (!v6 && !h->mac && !h->name) {
        ERR(VIR_ERR_XML_ERROR,
            "Static host definition in IPv4 network '%s' must have mac or name attribute", netname);
        return -1;
    }
    if (!ipstr) {
        ERR(VIR_ERR_XML_ERROR, "Missing IP address in static host definition for network '%s'",
            netname);
        return -1;
    }
    MV_CONF_NETWORK_APPEND(ip->hosts, ip->nhosts, g_steal_pointer(&h));
    return 0;
}

static int dhcp_parse(xmlNodePtr dhcp, mv_network_ip *ip, const char *netname)
{
    for (xmlNodePtr r = mv_xml_child(dhcp, "range"); r; r = mv_xml_next(r))
        if (range_parse(r, ip, netname) < 0)
            return -1;
    for (xmlNodePtr h = mv_xml_child(dhcp, "host"); h; h = mv_xml_next(h))
        if (host_parse(h, ip, netname) < 0)
            return -1;
    return 0;
}

static int ip_parse_addresses(xmlNodePtr node, mv_network_ip *ip, const char *netname)
{
    g_autofree char *family = mv_xml_prop(node, "family");
    g_autofree char *addr = mv_xml_prop(node, "address");
    g_autofree char *mask = mv_xml_prop(node, "netmask");
    int has_prefix = mv_xml_prop_uint(node, "prefix", 0, &ip->prefix);
    if (has_prefix < 0 || family_parse(family, &ip->family, netname) < 0)
        return -1;
    if (!addr) {
        ERR(VIR_ERR_XML_ERROR, "Missing required address attribute in network '%s'", netname);
        return -1;
    }
    if (mv_net_addr_parse(addr, &ip->address) < 0) {
        ERR(VIR_ERR_XML_ERROR, "Invalid address '%s' in network '%s'", addr, netname);
        return -1;
    }
    if (mask && mv_net_addr_parse(mask, &ip->netmask) < 0) {
        ERR(VIR_ERR_XML_ERROR, "Invalid netmask '%s' in network '%s'", mask, netname);
        return -1;
    }
    if (mask && has_prefix) {
        ERR(VIR_ERR_CONFIG_UNSUPPORTED,
            "Network '%s' IP address cannot have both a prefix and a netmask", netname);
        return -1;
    }
    return ip_check_family(ip, addr, mask, netname);
}

mv_network_ip *mv_conf_network_ip_parse(xmlNodePtr node, const char *netname)
{
    mv_network_ip *ip = g_new0(mv_network_ip, 1);
    xmlNodePtr dhcp = mv_xml_child(node, "dhcp");
    if (ip_parse_addresses(node, ip, netname) < 0 ||
        (dhcp && dhcp_parse(dhcp, ip, netname) < 0)) {
        mv_conf_network_ip_free(ip);
        return NULL;
    }
    return ip;
}

static void dhcp_format(mv_xml_writer *w, const mv_network_ip *ip)
{
    mv_xml_start(w, "dhcp");
    mv_xml_children(w);
    for (size_t i = 0; i < ip->nranges; i++) {
        mv_xml_start(w, "range");
        mv_conf_network_attr_addr(w, "start", &ip->ranges[i]->start);
        mv_conf_network_attr_addr(w, "end", &ip->ranges[i]->end);
        mv_xml_empty(w);
    }
    for (size_t i = 0; i < ip->nhosts; i++) {
        const mv_network_dhcp_host *h = ip->hosts[i];
        mv_xml_start(w, "host");
        mv_xml_attr(w, "mac", h->mac);
        mv_xml_attr(w, "id", h->id);
        mv_xml_attr(w, "name", h->name);
        mv_conf_network_attr_addr(w, "ip", &h->ip);
        mv_xml_empty(w);
    }
    mv_xml_close(w, "dhcp");
}

void mv_conf_network_ip_format(mv_xml_writer *w, const mv_network_ip *ip)
{
    mv_xml_start(w, "ip");
    if (ip->family != MV_NET_FAMILY_NONE)
        mv_xml_attr(w, "family", ip->family == MV_NET_FAMILY_IPV4 ? "ipv4" : "ipv6");
    mv_conf_network_attr_addr(w, "address", &ip->address);
    mv_conf_network_attr_addr(w, "netmask", &ip->netmask);
    if (ip->prefix > 0)
        mv_xml_attr_uint(w, "prefix", ip->prefix);
    mv_xml_children(w);
    if (ip->nranges || ip->nhosts)
        dhcp_format(w, ip);
    mv_xml_close(w, "ip");
}

void mv_conf_network_ip_free(mv_network_ip *ip)
{
    if (!ip)
        return;
    mv_conf_network_list_free(ip->ranges, ip->nranges, g_free);
    mv_conf_network_list_free(ip->hosts, ip->nhosts, (GDestroyNotify)host_free);
    g_free(ip);
}
