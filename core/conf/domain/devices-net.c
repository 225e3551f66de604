/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-net.c — <interface> (user, ethernet, network,
 * bridge): parse, format, free, generated MAC addresses, and the MAC
 * helpers and lookups exported to plugins.
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

static const char *const net_types[] = { "user", "ethernet", "network", "bridge", NULL };
static const char *const net_types_other[] = {
    "vhostuser", "server", "client", "mcast", "internal", "direct", "hostdev",
    "udp", "vdpa", "null", "vds", NULL
};
/* Target names libvirt generates itself, dropped from inactive input. */
static const char *const generated_ifname_prefixes[] = { "vnet", "macvtap", "macvlan", NULL };
#define NET_MODEL_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

const char *mv_domain_net_type_to_string(mv_domain_net_type type)
{
    return mv_conf_dev_enum_to(net_types, type);
}

int mv_domain_mac_parse(const char *str, unsigned char mac[6])
{
    const char *p = str;
    for (int i = 0; p && i < 6; i++) {
        int v = 0, digits = 0;
        for (; g_ascii_isxdigit(*p) && digits < 3; p++, digits++)
            v = v * 16 + g_ascii_xdigit_value(*p);
        if (digits < 1 || digits > 2 || *p != (i < 5 ? ':' : '\0'))
            return -1;
        mac[i] = (unsigned char)v;
        if (i < 5)
            p++;
    }
    return p ? 0 : -1;
}

void mv_domain_mac_format(const unsigned char mac[6], char buf[18])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++) {
        buf[3 * i] = hex[mac[i] >> 4];
        buf[3 * i + 1] = hex[mac[i] & 0xf];
        buf[3 * i + 2] = i < 5 ? ':' : '\0';
    }
}

int mv_domain_mac_generate(const char *prefix, unsigned char mac[6])
{
    g_autofree char *full = g_strdup_printf("%s:00:00:00", prefix ? prefix : "52:54:00");
    if (mv_domain_mac_parse(full, mac) < 0) {
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "invalid MAC address prefix '%s'", prefix);
        return -1;
    }
    for (int i = 3; i < 6; i++)
        mac[i] = (unsigned char)g_random_int_range(0, 256);
    return 0;
}

static int parse_mac(mv_domain_net_def *net, xmlNodePtr node)
{
    g_autofree char *s = mv_xml_prop(mv_xml_child(node, "mac"), "address");
    if (!s)
        return 0;
    if (mv_domain_mac_parse(s, net->mac) < 0) {
        mv_dev_error(VIR_ERR_XML_ERROR, "unable to parse mac address '%s'", s);
        return -1;
    }
    if (net->mac[0] & 1) {
        mv_dev_error(VIR_ERR_XML_ERROR, "expected unicast mac address, found multicast '%s'", s);
        return -1;
    }
    net->has_mac = true;
    return 0;
}

static int parse_type(mv_domain_net_def *net, xmlNodePtr node)
{
    int t = 0;
    if (mv_conf_dev_prop_type(node, net_types, net_types_other, "interface", &t) < 0)
        return -1;
    net->type = t;
    return 0;
}

/* network and bridge need their <source> attribute. */
static int parse_source(mv_domain_net_def *net, xmlNodePtr node)
{
    const char *attr = net->type == MV_DOMAIN_NET_TYPE_NETWORK ? "network"
                     : net->type == MV_DOMAIN_NET_TYPE_BRIDGE ? "bridge" : NULL;
    if (!attr)
        return 0;
    xmlNodePtr src = mv_xml_child(node, "source");
    if (!src) {
        mv_dev_error(VIR_ERR_XML_ERROR, "interface type='%s' requires a 'source' element", attr);
        return -1;
    }
    char *v = mv_xml_prop(src, attr);
    if (!v) {
        mv_dev_error(VIR_ERR_XML_ERROR,
                     "No <source> '%s' attribute specified with <interface type='%s'/>", attr, attr);
        return -1;
    }
    if (net->type == MV_DOMAIN_NET_TYPE_NETWORK)
        net->network = v;
    else
        net->bridge = v;
    return 0;
}

static void parse_ifname(mv_domain_net_def *net, xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    net->ifname = mv_xml_prop(mv_xml_child(node, "target"), "dev");
    if (!net->ifname || !(ctx->flags & MV_DOMAIN_PARSE_INACTIVE))
        return;
    for (int i = 0; net->ifname && generated_ifname_prefixes[i]; i++)
        if (g_str_has_prefix(net->ifname, generated_ifname_prefixes[i]))
            g_clear_pointer(&net->ifname, g_free);
}

mv_domain_net_def *mv_domain_net_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    mv_domain_net_def *net = g_new0(mv_domain_net_def, 1);
    if (parse_type(net, node) < 0 || parse_mac(net, node) < 0 || parse_source(net, node) < 0)
        goto error;
    parse_ifname(net, node, ctx);
    net->model = mv_xml_prop(mv_xml_child(node, "model"), "type");
    if (net->model && strspn(net->model, NET_MODEL_CHARS) < strlen(net->model)) {
        mv_dev_error(VIR_ERR_INVALID_ARG, "Model name contains invalid characters");
        goto error;
    }
    if (mv_conf_dev_info_parse(node, true, &net->info) < 0)
        goto error;
    return net;
error:
    mv_domain_net_def_free(net);
    return NULL;
}

int mv_conf_nets_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx)
{
    for (size_t i = 0; i < devs->nnets; i++) {
        mv_domain_net_def *net = devs->nets[i];
        if (net->has_mac)
            continue;
        if (mv_domain_mac_generate(ctx->opt->mac_prefix, net->mac) < 0)
            return -1;
        net->has_mac = true;
    }
    return 0;
}

void mv_domain_net_def_format(mv_xml_writer *w, const mv_domain_net_def *net)
{
    mv_xml_start(w, "interface");
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(net_types, net->type));
    size_t mark = mv_xml_children(w);
    if (net->has_mac) {
        char buf[18];
        mv_domain_mac_format(net->mac, buf);
        mv_xml_elem_attr(w, "mac", "address", buf);
    }
    mv_xml_elem_attr(w, "source", "network",
                    net->type == MV_DOMAIN_NET_TYPE_NETWORK ? net->network : NULL);
    mv_xml_elem_attr(w, "source", "bridge",
                    net->type == MV_DOMAIN_NET_TYPE_BRIDGE ? net->bridge : NULL);
    mv_xml_elem_attr(w, "target", "dev", net->ifname);
    mv_xml_elem_attr(w, "model", "type", net->model);
    mv_conf_dev_info_format(w, net->info);
    mv_xml_close_or_empty(w, mark, "interface");
}

void mv_domain_net_def_free(mv_domain_net_def *net)
{
    if (!net)
        return;
    g_free(net->network);
    g_free(net->bridge);
    g_free(net->ifname);
    g_free(net->model);
    mv_conf_dev_info_free(net->info);
    g_free(net);
}

mv_domain_net_def *mv_domain_devices_find_net(const mv_domain_devices *devs, const char *mac)
{
    unsigned char want[6];
    if (!devs || !mac || mv_domain_mac_parse(mac, want) < 0)
        return NULL;
    for (size_t i = 0; i < devs->nnets; i++)
        if (devs->nets[i]->has_mac && memcmp(devs->nets[i]->mac, want, 6) == 0)
            return devs->nets[i];
    return NULL;
}

mv_domain_net_def *mv_domain_devices_find_net_by_ifname(const mv_domain_devices *devs,
                                                        const char *ifname)
{
    for (size_t i = 0; devs && ifname && i < devs->nnets; i++)
        if (g_strcmp0(devs->nets[i]->ifname, ifname) == 0)
            return devs->nets[i];
    return NULL;
}
