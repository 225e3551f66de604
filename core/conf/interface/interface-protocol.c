/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/interface/interface-protocol.c — <protocol family='ipv4|ipv6'>
 * of a host interface: dhcp (with peerdns), IPv6 autoconf, static
 * addresses with prefixes and the default route's gateway.
 */
#include "core/conf/interface/interface.h"

#include <modvirt-plugin/error.h>
#include <string.h>

/* Checks that ADDR is an address of the protocol's family. */
static int check_addr(const char *addr, int family, const char *what, const char *ifname)
{
    mv_net_addr a;
    if (mv_net_addr_parse(addr, &a) < 0 || a.family != family)
        return mv_conf_interface_fail("invalid %s '%s' for protocol family %s in interface '%s'",
                                      what, addr, family == MV_NET_FAMILY_IPV4 ? "ipv4" : "ipv6",
                                      ifname);
    return 0;
}

static void ip_free(gpointer p)
{
    mv_interface_ip *ip = p;
    g_free(ip->address);
    g_free(ip);
}

static int ip_parse(xmlNodePtr node, mv_interface_protocol *p, const char *ifname)
{
    g_autofree char *addr = mv_xml_prop(node, "address");
    g_autofree char *prefix = mv_xml_prop(node, "prefix");
    int plen = 0;
    int max = p->family == MV_NET_FAMILY_IPV4 ? 32 : 128;
    if (mv_xml_prop_int(node, "prefix", MV_XML_PROP_ANY_BASE, &plen) < 0)
        return -1;
    if (!addr)
        return 0;   /* libvirt ignores an <ip> without an address */
    if (check_addr(addr, p->family, "IP address", ifname) < 0)
        return -1;
    if (plen < 0 || plen > max)
        return mv_conf_interface_fail("invalid prefix '%s' for IP address '%s' in interface '%s'",
                                      prefix, addr, ifname);
    mv_interface_ip *ip = g_new0(mv_interface_ip, 1);
    ip->address = g_steal_pointer(&addr);
    ip->prefix = (unsigned int)plen;
    MV_CONF_NETWORK_APPEND(p->ips, p->nips, ip);
    return 0;
}

static int protocol_fill(xmlNodePtr node, mv_interface_protocol *p, const char *ifname)
{
    xmlNodePtr dhcp = mv_xml_child(node, "dhcp");
    p->autoconf = p->family == MV_NET_FAMILY_IPV6 && mv_xml_child(node, "autoconf");
    p->dhcp = dhcp != NULL;
    if (mv_xml_prop_enum(dhcp, "peerdns", mv_xml_yesno_names, 0, &p->peerdns) < 0)
        return -1;
    for (xmlNodePtr ip = mv_xml_child(node, "ip"); ip; ip = mv_xml_next(ip))
        if (ip_parse(ip, p, ifname) < 0)
            return -1;
    mv_xml_prop_string(mv_xml_child(node, "route"), "gateway", MV_XML_PROP_NONEMPTY, &p->gateway);
    if (p->gateway && check_addr(p->gateway, p->family, "gateway", ifname) < 0)
        return -1;
    return 0;
}

mv_interface_protocol *mv_conf_interface_protocol_parse(xmlNodePtr node, const char *ifname)
{
    g_autofree char *family = mv_xml_prop(node, "family");
    mv_interface_protocol *p = g_new0(mv_interface_protocol, 1);
    if (!family) {
        mv_conf_interface_fail("protocol misses the family attribute");
        goto error;
    }
    if (strcmp(family, "ipv4") == 0) {
        p->family = MV_NET_FAMILY_IPV4;
    } else if (strcmp(family, "ipv6") == 0) {
        p->family = MV_NET_FAMILY_IPV6;
    } else {
        mv_conf_interface_fail("unsupported protocol family '%s'", family);
        goto error;
    }
    if (protocol_fill(node, p, ifname) < 0)
        goto error;
    return p;

error:
    mv_conf_interface_protocol_free(p);
    return NULL;
}

void mv_conf_interface_protocol_format(mv_xml_writer *w, const mv_interface_protocol *p)
{
    mv_xml_start(w, "protocol");
    mv_xml_attr(w, "family", p->family == MV_NET_FAMILY_IPV4 ? "ipv4" : "ipv6");
    mv_xml_children(w);
    if (p->autoconf)
        mv_xml_literal(w, "<autoconf/>\n");
    if (p->dhcp) {
        mv_xml_start(w, "dhcp");
        mv_conf_network_attr_tristate(w, "peerdns", p->peerdns);
        mv_xml_empty(w);
    }
    for (size_t i = 0; i < p->nips; i++) {
        mv_xml_start(w, "ip");
        mv_xml_attr(w, "address", p->ips[i]->address);
        if (p->ips[i]->prefix)
            mv_xml_attr_uint(w, "prefix", p->ips[i]->prefix);
        mv_xml_empty(w);
    }
    mv_xml_elem_attr(w, "route", "gateway", p->gateway);
    mv_xml_close(w, "protocol");
}

void mv_conf_interface_protocol_free(mv_interface_protocol *p)
{
    if (!p)
        return;
    mv_conf_network_list_free(p->ips, p->nips, ip_free);
    g_free(p->gateway);
    g_free(p);
}
