/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network-dns.c — <dns>: the enable switch and static
 * <host ip> records with their hostnames, read and written as libvirt does.
 */
#include "core/conf/network/network.h"

#include <modvirt-plugin/error.h>

static void dns_host_free(mv_network_dns_host *h)
{
    if (!h)
        return;
    mv_conf_network_list_free(h->hostnames, h->nhostnames, g_free);
    g_free(h);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(mv_network_dns_host, dns_host_free)

#define host_fail(what, netname) \
    mv_conf_network_fail(VIR_FROM_NETWORK, VIR_ERR_XML_DETAIL, "%s in network '%s' DNS HOST record", \
                 what, netname)

static int dns_host_parse(xmlNodePtr node, mv_network_dns *dns, const char *netname)
{
    g_autoptr(mv_network_dns_host) h = g_new0(mv_network_dns_host, 1);
    g_autofree char *ip = mv_xml_prop(node, "ip");
    if (!ip)
        return host_fail("Missing IP address", netname);
    if (mv_net_addr_parse(ip, &h->ip) < 0)
        return host_fail("Invalid IP address", netname);
    for (xmlNodePtr c = mv_xml_child(node, "hostname"); c; c = mv_xml_next(c)) {
        g_autofree char *name = mv_xml_text(c);
        if (!*name)
            continue;
        MV_CONF_NETWORK_APPEND(h->hostnames, h->nhostnames, g_steal_pointer(&name));
    }
    if (h->nhostnames == 0)
        return host_fail("Missing hostname", netname);
    MV_CONF_NETWORK_APPEND(dns->hosts, dns->nhosts, g_steal_pointer(&h));
    return 0;
}

mv_network_dns *mv_conf_network_dns_parse(xmlNodePtr node, const char *netname)
{
    mv_network_dns *dns = g_new0(mv_network_dns, 1);
    if (!node)
        return dns;
    if (mv_xml_prop_enum(node, "enable", mv_xml_yesno_names, 0, &dns->enable) < 0)
        goto error;
    for (xmlNodePtr h = mv_xml_child(node, "host"); h; h = mv_xml_next(h))
        if (dns_host_parse(h, dns, netname) < 0)
            goto error;
    return dns;

error:
    mv_conf_network_dns_free(dns);
    return NULL;
}

void mv_conf_network_dns_format(mv_xml_writer *w, const mv_network_dns *dns)
{
    if (!dns->enable && !dns->nhosts)
        return;
    mv_xml_start(w, "dns");
    mv_conf_network_attr_tristate(w, "enable", dns->enable);
    size_t mark = mv_xml_children(w);
    for (size_t i = 0; i < dns->nhosts; i++) {
        mv_xml_start(w, "host");
        mv_conf_network_attr_addr(w, "ip", &dns->hosts[i]->ip);
        mv_xml_children(w);
        for (size_t j = 0; j < dns->hosts[i]->nhostnames; j++)
            mv_xml_elem_text(w, "hostname", dns->hosts[i]->hostnames[j]);
        mv_xml_close(w, "host");
    }
    mv_xml_close_or_empty(w, mark, "dns");
}

void mv_conf_network_dns_free(mv_network_dns *dns)
{
    if (!dns)
        return;
    mv_conf_network_list_free(dns->hosts, dns->nhosts, (GDestroyNotify)dns_host_free);
    g_free(dns);
}
