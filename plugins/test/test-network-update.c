/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-network-update.c — virNetworkUpdate for the test
 * driver: DHCP static hosts (add, delete, modify) and DNS hosts (add,
 * delete) on the live and/or persistent definition. New entries are checked
 * by the core's parser, through a small <network> built around them. */
#include "test-objects.h"
#include "test-network.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NET_ERR(code, ...) mv_error_report(VIR_FROM_NETWORK, code, __VA_ARGS__)

static const char *const section_names[] = {
    "none", "bridge", "domain", "ip", "ip-dhcp-host", "ip-dhcp-range", "forward",
    "forward-interface", "forward-pf", "portgroup", "dns-host", "dns-txt", "dns-srv",
};

/* The update's XML: one <host> element (attributes read, subtree kept). */
typedef struct upd_host {
    char *mac, *name, *ip, *id;
    char *text;            /* the element serialized, for the wrapper */
} upd_host;

static void upd_host_clear(upd_host *h)
{
    free(h->mac);
    free(h->name);
    free(h->ip);
    free(h->id);
    free(h->text);
}

static int upd_host_read(const char *xml, upd_host *h)
{
    mv_xml_doc *doc = mv_xml_doc_parse(xml, "host", "network_update", VIR_FROM_NETWORK);
    if (!doc)
        return -1;
    mv_xml_node *root = mv_xml_doc_root(doc);
    h->mac = mv_xml_node_prop(root, "mac");
    h->name = mv_xml_node_prop(root, "name");
    h->ip = mv_xml_node_prop(root, "ip");
    h->id = mv_xml_node_prop(root, "id");
    h->text = mv_xml_node_serialize(root);
    mv_xml_doc_free(doc);
    return 0;
}

/* A network named like NET holding only what the update adds: parsing it
 * validates the new entry exactly as a full definition would be. */
static mv_network_def *wrapper_parse(const mv_network_def *net, const mv_network_ip *ip,
                                     const char *host_xml)
{
    g_autofree char *name = g_markup_escape_text(net->name, -1);
    g_autoptr(GString) s = g_string_new(NULL);
    g_string_append_printf(s, "<network><name>%s</name>", name);
    if (ip) {
        g_autofree char *addr = mv_net_addr_format(&ip->address);
        g_string_append_printf(s, "<ip address='%s' prefix='%d'%s>", addr,
                               mv_network_ip_prefix(ip),
                               ip->address.family == MV_NET_FAMILY_IPV6 ? " family='ipv6'" : "");
        if (host_xml)
            g_string_append_printf(s, "<dhcp>%s</dhcp>", host_xml);
        g_string_append(s, "</ip>");
    } else {
        g_string_append_printf(s, "<dns>%s</dns>", host_xml);
    }
    g_string_append(s, "</network>");
    return mv_network_def_parse(s->str, 0);
}

static bool same_ip(const char *text, const mv_net_addr *addr)
{
    mv_net_addr a;
    return text && mv_net_addr_parse(text, &a) == 0 && mv_net_addr_compare(&a, addr) == 0;
}

static bool dhcp_host_matches_all(const mv_network_dhcp_host *e, const upd_host *h)
{
    return (!h->mac || (e->mac && strcasecmp(e->mac, h->mac) == 0)) &&
           (!h->name || g_strcmp0(e->name, h->name) == 0) &&
           (!h->id || g_strcmp0(e->id, h->id) == 0) &&
           (!h->ip || same_ip(h->ip, &e->ip));
}

static bool dhcp_host_clashes(const mv_network_dhcp_host *e, const mv_network_dhcp_host *n)
{
    return (n->mac && e->mac && strcasecmp(e->mac, n->mac) == 0) ||
           (n->name && g_strcmp0(e->name, n->name) == 0) ||
           (n->id && g_strcmp0(e->id, n->id) == 0) ||
           mv_net_addr_compare(&e->ip, &n->ip) == 0;
}

static mv_network_ip *dhcp_pick_ip(mv_network_def *def, int index, const upd_host *h)
{
    if (index >= 0) {
        if ((size_t)index < def->nips)
            return def->ips[index];
        NET_ERR(VIR_ERR_OPERATION_INVALID,
                "couldn't update dhcp host entry - no <ip> element found at index %d in network '%s'",
                index, def->name);
        return NULL;
    }
    mv_net_addr a;
    int family = h->ip && mv_net_addr_parse(h->ip, &a) == 0 ? a.family : MV_NET_FAMILY_IPV4;
    for (size_t i = 0; i < def->nips; i++)
        if (def->ips[i]->address.family == family)
            return def->ips[i];
    NET_ERR(VIR_ERR_OPERATION_INVALID,
            "couldn't update dhcp host entry - no <ip> element found in network '%s'", def->name);
    return NULL;
}

static int update_dhcp_host(mv_network_def *def, unsigned int command, int index, const upd_host *h)
{
    mv_network_ip *ip = dhcp_pick_ip(def, index, h);
    if (!ip)
        return -1;
    g_autoptr(mv_network_def) w = wrapper_parse(def, ip, command == VIR_NETWORK_UPDATE_COMMAND_DELETE
                                                ? NULL : h->text);
    if (!w)
        return -1;
    mv_network_ip *wip = w->ips[0];
    size_t i;
    if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
        for (i = 0; i < ip->nhosts && !dhcp_host_matches_all(ip->hosts[i], h); i++)
            ;
        if (i == ip->nhosts) {
            NET_ERR(VIR_ERR_OPERATION_INVALID,
                    "couldn't locate a matching dhcp host entry in network '%s'", def->name);
            return -1;
        }
        mv_test_obj_move_item((gpointer **)&ip->hosts, &ip->nhosts, i,
                              (gpointer **)&wip->hosts, &wip->nhosts, 0);
        return 0;
    }
    const mv_network_dhcp_host *nh = wip->hosts[0];
    if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY) {
        for (i = 0; i < ip->nhosts; i++) {
            const mv_network_dhcp_host *e = ip->hosts[i];
            if (nh->mac ? (e->mac && strcasecmp(e->mac, nh->mac) == 0)
                        : (nh->id ? !g_strcmp0(e->id, nh->id) : !g_strcmp0(e->name, nh->name)))
                break;
        }
        if (i == ip->nhosts) {
            NET_ERR(VIR_ERR_OPERATION_INVALID,
                    "couldn't locate an existing dhcp host entry with \"mac='%s'\" \"name='%s'\" "
                    "\"ip='%s'\" in network '%s'", h->mac ? h->mac : "(null)",
                    h->name ? h->name : "(null)", h->ip ? h->ip : "(null)", def->name);
            return -1;
        }
        /* Swap: the new entry in, the old one out to be freed with W. */
        mv_test_obj_move_item((gpointer **)&wip->hosts, &wip->nhosts, 0,
                              (gpointer **)&ip->hosts, &ip->nhosts, i);
        mv_test_obj_move_item((gpointer **)&ip->hosts, &ip->nhosts, i + 1,
                              (gpointer **)&wip->hosts, &wip->nhosts, 0);
        return 0;
    }
    for (i = 0; i < ip->nhosts; i++) {
        if (dhcp_host_clashes(ip->hosts[i], nh)) {
            NET_ERR(VIR_ERR_OPERATION_INVALID,
                    "there is an existing dhcp host entry in network '%s' that matches "
                    "\"<host mac='%s' name='%s' ip='%s'/>\"", def->name,
                    h->mac ? h->mac : "(null)", h->name ? h->name : "(null)",
                    h->ip ? h->ip : "(null)");
            return -1;
        }
    }
    mv_test_obj_move_item((gpointer **)&wip->hosts, &wip->nhosts, 0, (gpointer **)&ip->hosts,
                          &ip->nhosts,
                          command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ? 0 : ip->nhosts);
    return 0;
}

static bool dns_host_matches(const mv_network_dns_host *e, const mv_network_dns_host *n)
{
    if (mv_net_addr_compare(&e->ip, &n->ip) == 0)
        return true;
    for (size_t i = 0; i < e->nhostnames; i++)
        for (size_t j = 0; j < n->nhostnames; j++)
            if (g_strcmp0(e->hostnames[i], n->hostnames[j]) == 0)
                return true;
    return false;
}

static int update_dns_host(mv_network_def *def, unsigned int command, const upd_host *h)
{
    if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY) {
        NET_ERR(VIR_ERR_OPERATION_UNSUPPORTED,
                "DNS HOST records cannot be modified, only added or deleted");
        return -1;
    }
    g_autoptr(mv_network_def) w = wrapper_parse(def, NULL, h->text);
    if (!w)
        return -1;
    mv_network_dns *dns = def->dns, *wdns = w->dns;
    size_t found = 0, at = 0;
    for (size_t i = 0; i < dns->nhosts; i++) {
        if (dns_host_matches(dns->hosts[i], wdns->hosts[0])) {
            found++;
            at = i;
        }
    }
    if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
        if (found != 1) {
            NET_ERR(VIR_ERR_OPERATION_INVALID, found
                    ? "multiple matching DNS HOST records were found in network %s"
                    : "couldn't locate a matching DNS HOST record in network %s", def->name);
            return -1;
        }
        mv_test_obj_move_item((gpointer **)&dns->hosts, &dns->nhosts, at,
                              (gpointer **)&wdns->hosts, &wdns->nhosts, 0);
        return 0;
    }
    if (found) {
        NET_ERR(VIR_ERR_OPERATION_INVALID,
                "there is already at least one DNS HOST record with a matching field in network %s",
                def->name);
        return -1;
    }
    mv_test_obj_move_item((gpointer **)&wdns->hosts, &wdns->nhosts, 0, (gpointer **)&dns->hosts,
                          &dns->nhosts,
                          command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ? 0 : dns->nhosts);
    return 0;
}

/* Applies the update to a copy of BASE; the copy, or NULL with an error. */
static mv_network_def *update_copy(const mv_network_def *base, unsigned int command,
                                   unsigned int section, int index, const upd_host *h)
{
    g_autoptr(mv_network_def) def = mv_network_def_copy(base);
    if (!def)
        return NULL;
    int ret = section == VIR_NETWORK_SECTION_IP_DHCP_HOST
                  ? update_dhcp_host(def, command, index, h)
                  : update_dns_host(def, command, h);
    return ret < 0 ? NULL : g_steal_pointer(&def);
}

static int update_check(const mv_test_net *n, unsigned int command, unsigned int section)
{
    if (section != VIR_NETWORK_SECTION_IP_DHCP_HOST && section != VIR_NETWORK_SECTION_DNS_HOST) {
        if (section < G_N_ELEMENTS(section_names))
            NET_ERR(VIR_ERR_OPERATION_UNSUPPORTED, "can't update '%s' section of network '%s'",
                    section_names[section], n->def->name);
        else
            NET_ERR(VIR_ERR_OPERATION_UNSUPPORTED,
                    "can't update unrecognized section of network '%s'", n->def->name);
        return -1;
    }
    if (command < VIR_NETWORK_UPDATE_COMMAND_MODIFY || command > VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST) {
        NET_ERR(VIR_ERR_OPERATION_UNSUPPORTED, "unrecognized network update command code %d",
                (int)command);
        return -1;
    }
    return 0;
}

/* Which definitions to change: CURRENT means the live one of a running
 * network, else the persistent one. */
static int update_targets(const mv_test_net *n, unsigned int flags, bool *live, bool *config)
{
    if (!(flags & (VIR_NETWORK_UPDATE_AFFECT_LIVE | VIR_NETWORK_UPDATE_AFFECT_CONFIG)))
        flags |= n->active ? VIR_NETWORK_UPDATE_AFFECT_LIVE : VIR_NETWORK_UPDATE_AFFECT_CONFIG;
    *live = flags & VIR_NETWORK_UPDATE_AFFECT_LIVE;
    *config = flags & VIR_NETWORK_UPDATE_AFFECT_CONFIG;
    if (*live && !n->active) {
        NET_ERR(VIR_ERR_OPERATION_INVALID, "network is not running");
        return -1;
    }
    if (*config && !n->persistent) {
        NET_ERR(VIR_ERR_OPERATION_INVALID, "cannot change persistent config of a transient network");
        return -1;
    }
    return 0;
}

static int update_apply(mv_test_net *n, unsigned int command, unsigned int section,
                        int index, unsigned int flags, const upd_host *h)
{
    bool live, config;
    if (update_targets(n, flags, &live, &config) < 0)
        return -1;
    g_autoptr(mv_network_def) cfg = NULL;
    g_autoptr(mv_network_def) cur = NULL;
    if (config && !(cfg = update_copy(n->new_def ? n->new_def : n->def, command, section, index, h)))
        return -1;
    if (live && !(cur = update_copy(n->def, command, section, index, h)))
        return -1;
    if (cfg)
        mv_test_net_set_config(n, g_steal_pointer(&cfg));
    if (cur) {
        mv_network_def_free(n->def);
        n->def = g_steal_pointer(&cur);
    }
    return 0;
}

int mv_test_update_network(virNetworkPtr net, unsigned int command, unsigned int section,
                           int parentIndex, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_NETWORK_UPDATE_AFFECT_LIVE |
                                    VIR_NETWORK_UPDATE_AFFECT_CONFIG, VIR_FROM_TEST,
                             "testNetworkUpdate") < 0)
        return -1;
    const char *name = virNetworkGetName(net);
    mv_test_state *st = mv_test_lock(virNetworkGetConnect(net));
    mv_test_net *n = mv_test_net_find_name(st, name);
    upd_host h = { 0 };
    int ret = -1;
    if (n && update_check(n, command, section) == 0 && upd_host_read(xml, &h) == 0)
        ret = update_apply(n, command, section, parentIndex, flags, &h);
    upd_host_clear(&h);
    mv_test_unlock(st);
    return ret;
}
