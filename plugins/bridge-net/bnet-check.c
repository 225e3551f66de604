/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-check.c — what define and start refuse before
 * anything changes (bad names and addresses, a taken bridge, a subnet
 * that collides with an active network or a host route) and the defaults
 * libvirt fills at define: a free virbrN bridge name and a bridge MAC. */
#include "bnet-net.h"

#include <string.h>

static int bnet_bad_config(const mv_network_def *def, const char *fmt, const char *arg)
{
    g_autofree char *msg = g_strdup_printf(fmt, arg);
    mv_error_report(MV_BNET_ERR, VIR_ERR_CONFIG_UNSUPPORTED, "network '%s': %s", def->name, msg);
    return -1;
}

/* An interface name also used in nft rules: keep it to safe characters. */
static bool bnet_bridge_name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 15)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!g_ascii_isalnum(name[i]) && !strchr("_.-", name[i]))
            return false;
    return true;
}

static int bnet_check_ip(const mv_network_def *def, const mv_network_ip *ip)
{
    g_autofree char *addr = mv_net_addr_format(&ip->address);
    int prefix = mv_network_ip_prefix(ip);
    if (!addr || prefix < 0)
        return bnet_bad_config(def, "invalid address or netmask '%s'", addr ? addr : "");
    bool v4 = ip->address.family == MV_NET_FAMILY_IPV4;
    if (prefix == (v4 ? 32 : 128) || prefix == 0)
        return bnet_bad_config(def, "address '%s' has no room for a subnet", addr);
    mv_net_addr net, last = ip->address;
    mv_net_addr_mask(&ip->address, (unsigned int)prefix, &net);
    int bits = v4 ? 32 : 128;
    for (int i = prefix; i < bits; i++)
        last.bytes[i / 8] |= (unsigned char)(0x80 >> (i % 8));
    if (mv_net_addr_compare(&net, &ip->address) == 0 ||
        (v4 && mv_net_addr_compare(&last, &ip->address) == 0))
        return bnet_bad_config(def, "address '%s' is the network or broadcast address of its "
                               "subnet, not a usable host address", addr);
    for (size_t r = 0; r < ip->nranges; r++) {
        const mv_network_dhcp_range *rg = ip->ranges[r];
        if (!mv_net_addr_in_subnet(&rg->start, &net, (unsigned int)prefix) ||
            !mv_net_addr_in_subnet(&rg->end, &net, (unsigned int)prefix) ||
            mv_net_addr_compare(&rg->start, &rg->end) > 0)
            return bnet_bad_config(def, "a DHCP range is not entirely within network %s", addr);
    }
    return 0;
}

int mv_bnet_check_def(const mv_network_def *def)
{
    if (mv_path_check_name(def->name, "network", MV_BNET_ERR) < 0)
        return -1;
    if (def->bridge && !bnet_bridge_name_ok(def->bridge))
        return bnet_bad_config(def, "bridge name '%s' must be 1 to 15 letters, digits, "
                               "'_', '.' or '-'", def->bridge);
    if (def->forward->mode == MV_NETWORK_FORWARD_BRIDGE) {
        if (!def->bridge && def->forward->nifaces == 0)
            return bnet_bad_config(def, "%s", "forward mode 'bridge' needs <bridge name='...'/>");
        return 0;
    }
    if (!mv_bnet_net_has_host_side(def))
        return 0;
    for (size_t i = 0; i < def->nips; i++)
        if (bnet_check_ip(def, def->ips[i]) < 0)
            return -1;
    return 0;
}

static bool bnet_bridge_used(mv_bnet_state *st, const char *name, const char *skip_net)
{
    for (guint i = 0; i < st->nets->len; i++) {
        const mv_bnet_net *n = st->nets->pdata[i];
        if (skip_net && strcmp(n->def->name, skip_net) == 0)
            continue;
        if (g_strcmp0(n->def->bridge, name) == 0 ||
            (n->newdef && g_strcmp0(n->newdef->bridge, name) == 0) ||
            g_strcmp0(n->run.bridge, name) == 0)
            return true;
    }
    return false;
}

int mv_bnet_check_bridge_unique(mv_bnet_state *st, const mv_network_def *def)
{
    if (!def->bridge || def->forward->mode == MV_NETWORK_FORWARD_BRIDGE ||
        !bnet_bridge_used(st, def->bridge, def->name))
        return 0;
    mv_error_report(MV_BNET_ERR, VIR_ERR_INTERNAL_ERROR,
                    "bridge name '%s' already in use.", def->bridge);
    return -1;
}

/* libvirt's defaults at define: the first free virbrN and a random MAC in
 * 52:54:00, so the bridge keeps one address for its whole life. */
int mv_bnet_assign_bridge(mv_bnet_state *st, mv_network_def *def)
{
    if (!mv_bnet_net_has_host_side(def))
        return 0;
    for (int i = 0; !def->bridge && i < 256; i++) {
        g_autofree char *name = g_strdup_printf("virbr%d", i);
        if (!bnet_bridge_used(st, name, def->name) && !mv_bnet_link_exists(name))
            def->bridge = g_steal_pointer(&name);
    }
    if (!def->bridge) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_INTERNAL_ERROR,
                        "Bridge generation exceeded max id 256");
        return -1;
    }
    if (!def->mac) {
        unsigned char mac[6] = { 0x52, 0x54, 0x00 };
        char buf[18];
        for (int i = 3; i < 6; i++)
            mac[i] = (unsigned char)g_random_int_range(0, 256);
        mv_net_mac_format(mac, buf);
        def->mac = g_strdup(buf);
    }
    return 0;
}

static int bnet_check_subnet(mv_bnet_state *st, const mv_bnet_net *self, const mv_network_ip *ip)
{
    unsigned int prefix = (unsigned int)mv_network_ip_prefix(ip);
    g_autofree char *addr = mv_net_addr_format(&ip->address);
    for (guint i = 0; i < st->nets->len; i++) {
        const mv_bnet_net *o = st->nets->pdata[i];
        if (o == self || !o->active || !mv_bnet_net_has_host_side(o->def))
            continue;
        for (size_t j = 0; j < o->def->nips; j++) {
            const mv_network_ip *oip = o->def->ips[j];
            if (mv_net_subnets_overlap(&ip->address, prefix, &oip->address,
                                       (unsigned int)mv_network_ip_prefix(oip))) {
                mv_error_report(MV_BNET_ERR, VIR_ERR_OPERATION_INVALID,
                                "network '%s': subnet of %s/%u overlaps active network '%s'",
                                self->def->name, addr, prefix, o->def->name);
                return -1;
            }
        }
    }
    g_autofree char *dev = NULL;
    int r = mv_bnet_route_overlap(&ip->address, prefix, NULL, &dev);
    if (r > 0)
        mv_error_report(MV_BNET_ERR, VIR_ERR_INTERNAL_ERROR,
                        "Network is already in use by interface %s (network '%s', %s/%u "
                        "overlaps a route of the host)", dev, self->def->name, addr, prefix);
    return r == 0 ? 0 : -1;
}

int mv_bnet_check_start(mv_bnet_state *st, const mv_bnet_net *n)
{
    const mv_network_def *def = n->def;
    if (mv_bnet_check_def(def) < 0)
        return -1;
    if (!def->bridge) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_INTERNAL_ERROR,
                        "network '%s' does not have a bridge name.", def->name);
        return -1;
    }
    if (mv_bnet_link_exists(def->bridge)) {
        mv_error_report(MV_BNET_ERR, VIR_ERR_OPERATION_INVALID,
                        "network '%s': bridge '%s' already exists on the host and was not "
                        "created by this network; choose another <bridge name>",
                        def->name, def->bridge);
        return -1;
    }
    for (size_t i = 0; i < def->nips; i++)
        if (bnet_check_subnet(st, n, def->ips[i]) < 0)
            return -1;
    return 0;
}
