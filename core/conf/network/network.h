/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network.h — the pieces of the <network> definition
 * (core-private). network-parse.c/network-format.c handle the top level and
 * call the per-element code here: <forward>, <ip>/<dhcp>, <dns>. NETNAME is
 * the network's name, which libvirt's error messages quote. The small
 * list/writer/error helpers are shared with core/conf/interface. Most
 * attributes are read with MV_XML_PROP_NONEMPTY: libvirt reads them through
 * XPath string(), where an empty value is an absent one.
 */
#ifndef MV_CONF_NETWORK_H
#define MV_CONF_NETWORK_H

#include "core/conf/xml.h"
#include "core/conf/xml-prop.h"
#include <modvirt-plugin/conf-network.h>

/* Appends ITEM to the pointer list LIST of N items (grows by one). */
#define MV_CONF_NETWORK_APPEND(list, n, item)                  \
    do {                                                       \
        (list) = g_renew(__typeof__(*(list)), (list), (n) + 1); \
        (list)[(n)++] = (item);                                \
    } while (0)

/* Frees the N items of the pointer array LIST with FREE_ITEM, then LIST. */
void mv_conf_network_list_free(void *list, size_t n, GDestroyNotify free_item);

/* Reports CODE for DOMAIN with a printf message; returns -1. */
int mv_conf_network_fail(int domain, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Writes " NAME='yes|no'" for a tristate that is set. */
void mv_conf_network_attr_tristate(mv_xml_writer *w, const char *name, int value);
/* Writes " NAME='ADDR'" when ADDR is set. */
void mv_conf_network_attr_addr(mv_xml_writer *w, const char *name, const mv_net_addr *addr);
/* Checks START..END as libvirt does for DHCP and NAT ranges: same family,
 * inside NET (when not NULL), not reversed, at most 65536 addresses. */
int mv_conf_network_range_check(const mv_net_addr *start, const mv_net_addr *end,
                                const mv_network_ip *net);

/* <forward> (NODE may be NULL: mode NONE). */
mv_network_forward *mv_conf_network_forward_parse(xmlNodePtr node, const char *netname);
void mv_conf_network_forward_format(mv_xml_writer *w, const mv_network_forward *fwd);
void mv_conf_network_forward_free(mv_network_forward *fwd);

/* One <ip> element with its <dhcp>. */
mv_network_ip *mv_conf_network_ip_parse(xmlNodePtr node, const char *netname);
void mv_conf_network_ip_format(mv_xml_writer *w, const mv_network_ip *ip);
void mv_conf_network_ip_free(mv_network_ip *ip);

/* <dns> (NODE may be NULL: nothing set). */
mv_network_dns *mv_conf_network_dns_parse(xmlNodePtr node, const char *netname);
void mv_conf_network_dns_format(mv_xml_writer *w, const mv_network_dns *dns);
void mv_conf_network_dns_free(mv_network_dns *dns);

/* Cross-element rules that depend on the forward mode. 0 or -1. */
int mv_conf_network_check_forward(const mv_network_def *def, xmlNodePtr bridge);

#endif
