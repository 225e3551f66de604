/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-iface-xml.c — the definition of a live link as
 * libvirt's udev interface backend describes it (type from the link kind,
 * mtu, link state and speed, mac, bridge with members, vlan), plus its IP
 * addresses as netcf reports them. It is written as an input document and
 * parsed by the core, so what the application sees is the core's output.
 */
#include "bnet-iface.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netlink/route/link/vlan.h>
#include <string.h>

static void doc_attr(GString *doc, const char *attr, const char *value)
{
    g_autofree char *esc = g_markup_escape_text(value, -1);
    g_string_append_printf(doc, " %s='%s'", attr, esc);
}

/* One <protocol> per family with every address of the link, as netcf's
 * live state has them (link-local ones included). */
static void doc_protocols(GString *doc, mv_bnet_iface_nl *nl, int ifindex)
{
    static const struct { int af; const char *name; } fams[] = {
        { AF_INET, "ipv4" }, { AF_INET6, "ipv6" },
    };
    for (size_t f = 0; f < G_N_ELEMENTS(fams); f++) {
        bool open = false;
        for (struct nl_object *o = nl_cache_get_first(nl->addrs); o; o = nl_cache_get_next(o)) {
            struct rtnl_addr *a = (struct rtnl_addr *)o;
            struct nl_addr *local = rtnl_addr_get_local(a);
            char buf[INET6_ADDRSTRLEN];
            if (rtnl_addr_get_ifindex(a) != ifindex || rtnl_addr_get_family(a) != fams[f].af ||
                !local || !inet_ntop(fams[f].af, nl_addr_get_binary_addr(local), buf, sizeof(buf)))
                continue;
            if (!open)
                g_string_append_printf(doc, "<protocol family='%s'>", fams[f].name);
            open = true;
            g_string_append_printf(doc, "<ip address='%s' prefix='%d'/>", buf,
                                   rtnl_addr_get_prefixlen(a));
        }
        if (open)
            g_string_append(doc, "</protocol>");
    }
}

/* <link>: the kernel's operstate (IF_OPER_*, in libvirt's order) and speed. */
static void doc_link_state(GString *doc, mv_bnet_iface_link *link)
{
    static const char *const states[] = {
        "unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up",
    };
    unsigned int speed = mv_bnet_iface_nl_speed(link);
    uint8_t op = rtnl_link_get_operstate(link);
    g_string_append(doc, "<link");
    if (speed)
        g_string_append_printf(doc, " speed='%u'", speed);
    if (op < G_N_ELEMENTS(states))
        g_string_append_printf(doc, " state='%s'", states[op]);
    g_string_append(doc, "/>");
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(rtnl_link_get_name(*(mv_bnet_iface_link *const *)a),
                  rtnl_link_get_name(*(mv_bnet_iface_link *const *)b));
}

/* As libvirt's udev backend, guests' taps (vnetN) are not listed as members. */
static bool is_guest_tap(const char *name)
{
    return g_str_has_prefix(name, "vnet") && g_ascii_isdigit(name[4]);
}

static int doc_iface(GString *doc, mv_bnet_iface_nl *nl, mv_bnet_iface_link *link, bool top);

/* <bridge stp delay> with the ports sorted by name; the delay is the
 * kernel's forward_delay in clock ticks, which is what libvirt prints. */
static int doc_bridge(GString *doc, mv_bnet_iface_nl *nl, mv_bnet_iface_link *br)
{
    unsigned int stp, delay;
    int ifindex = rtnl_link_get_ifindex(br);
    int rc = mv_bnet_iface_nl_bridge(nl, ifindex, &stp, &delay);
    if (rc < 0)
        return -1;
    g_string_append(doc, "<bridge");
    if (rc)
        g_string_append_printf(doc, " stp='%s' delay='%u'", stp ? "on" : "off", delay);
    g_string_append(doc, ">");
    g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func((GDestroyNotify)rtnl_link_put);
    for (struct nl_object *o = nl_cache_get_first(nl->links); o; o = nl_cache_get_next(o)) {
        mv_bnet_iface_link *l = (mv_bnet_iface_link *)o;
        if (rtnl_link_get_master(l) == ifindex && !is_guest_tap(rtnl_link_get_name(l))) {
            nl_object_get(o);
            g_ptr_array_add(ports, l);
        }
    }
    g_ptr_array_sort(ports, by_name);
    for (guint i = 0; i < ports->len; i++)
        if (doc_iface(doc, nl, ports->pdata[i], false) < 0)
            return -1;
    g_string_append(doc, "</bridge>");
    return 0;
}

static int doc_iface(GString *doc, mv_bnet_iface_nl *nl, mv_bnet_iface_link *link, bool top)
{
    const char *kind = rtnl_link_get_type(link);
    char lower[IFNAMSIZ] = "";
    bool bridge = top && kind && strcmp(kind, "bridge") == 0;
    bool vlan = rtnl_link_is_vlan(link) &&
                rtnl_link_i2name(nl->links, rtnl_link_get_link(link), lower, sizeof(lower));
    g_string_append_printf(doc, "<interface type='%s'",
                           bridge ? "bridge" : vlan ? "vlan" : "ethernet");
    doc_attr(doc, "name", rtnl_link_get_name(link));
    g_string_append(doc, ">");
    if (top) {
        g_string_append_printf(doc, "<mtu size='%u'/>", rtnl_link_get_mtu(link));
        doc_protocols(doc, nl, rtnl_link_get_ifindex(link));
    }
    if (bridge) {
        if (doc_bridge(doc, nl, link) < 0)
            return -1;
    } else {
        doc_link_state(doc, link);
        g_autofree char *mac = mv_bnet_iface_nl_mac(link);
        if (vlan) {
            g_string_append_printf(doc, "<vlan tag='%d'><interface", rtnl_link_vlan_get_id(link));
            doc_attr(doc, "name", lower);
            g_string_append(doc, "/></vlan>");
        } else if (mac && strlen(mac) == 17) {   /* Ethernet-sized only */
            g_string_append_printf(doc, "<mac address='%s'/>", mac);
        }
    }
    g_string_append(doc, "</interface>");
    return 0;
}

mv_interface_def *mv_bnet_iface_def(mv_bnet_iface_nl *nl, mv_bnet_iface_link *link)
{
    if (mv_bnet_iface_nl_load_addrs(nl) < 0)
        return NULL;
    g_autoptr(GString) doc = g_string_new(NULL);
    if (doc_iface(doc, nl, link, true) < 0)
        return NULL;
    return mv_interface_def_parse(doc->str, 0);
}
