/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network-forward.c — <forward>: the mode, its uplink
 * interfaces and the <nat> address/port ranges; plus the rules tying the
 * mode to <bridge>, <mtu> and <ip> (libvirt's checks and messages).
 */
#include "core/conf/network/network.h"

#include <modvirt-plugin/error.h>
#include <string.h>

static const char *const forward_modes[] = {
    [MV_NETWORK_FORWARD_NONE] = "none",
    [MV_NETWORK_FORWARD_NAT] = "nat",
    [MV_NETWORK_FORWARD_ROUTE] = "route",
    [MV_NETWORK_FORWARD_OPEN] = "open",
    [MV_NETWORK_FORWARD_BRIDGE] = "bridge",
    [MV_NETWORK_FORWARD_PRIVATE] = "private",
    [MV_NETWORK_FORWARD_VEPA] = "vepa",
    [MV_NETWORK_FORWARD_PASSTHROUGH] = "passthrough",
};

const char *mv_network_forward_mode_to_string(int mode)
{
    if (mode <= MV_NETWORK_FORWARD_NONE || mode >= (int)G_N_ELEMENTS(forward_modes))
        return NULL;
    return forward_modes[mode];
}

static int forward_mode_parse(const char *s)
{
    for (size_t i = 0; i < G_N_ELEMENTS(forward_modes); i++)
        if (strcmp(s, forward_modes[i]) == 0)
            return (int)i;
    return -1;
}

static int nat_addr_parse(xmlNodePtr addr, const char *which, mv_net_addr *out,
                          const char *netname)
{
    g_autofree char *v = mv_xml_prop(addr, which);
    if (!v) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "missing '%s' attribute in <address> element in <nat> in <forward> in network %s",
                        which, netname);
        return -1;
    }
    if (mv_net_addr_parse(v, out) < 0 || out->family != MV_NET_FAMILY_IPV4) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "Bad ipv4 %s address '%s' in <nat> in <forward> in network '%s'",
                        which, v, netname);
        return -1;
    }
    return 0;
}

static int nat_port_parse(xmlNodePtr port, const char *which, unsigned int min,
                          unsigned int *out, const char *netname)
{
    g_autofree char *v = mv_xml_prop(port, which);
    if (!v || mv_xml_parse_uint(v, out) < 0 || *out > 65535 || *out < min) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_DETAIL,
                        "Missing or invalid '%s' attribute in <port> in <nat> in <forward> in network %s",
                        which, netname);
        return -1;
    }
    return 0;
}

static int nat_parse(xmlNodePtr nat, mv_network_forward *fwd, const char *netname)
{
    xmlNodePtr addr = mv_xml_child(nat, "address");
    xmlNodePtr port = mv_xml_child(nat, "port");
    if (fwd->mode != MV_NETWORK_FORWARD_NAT) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "The <nat> element can only be used when <forward> 'mode' is 'nat' in network %s",
                        netname);
        return -1;
    }
    if (addr) {
        if (nat_addr_parse(addr, "start", &fwd->nat_addr_start, netname) < 0 ||
            nat_addr_parse(addr, "end", &fwd->nat_addr_end, netname) < 0 ||
            mv_conf_network_range_check(&fwd->nat_addr_start, &fwd->nat_addr_end, NULL) < 0)
            return -1;
    }
    if (port) {
        if (nat_port_parse(port, "start", 0, &fwd->nat_port_start, netname) < 0 ||
            nat_port_parse(port, "end", fwd->nat_port_start, &fwd->nat_port_end, netname) < 0)
            return -1;
    }
    return 0;
}

static void add_iface(mv_network_forward *fwd, char *dev)
{
    mv_network_forward_if *fi = g_new0(mv_network_forward_if, 1);
    fi->dev = dev;
    MV_CONF_NETWORK_APPEND(fwd->ifaces, fwd->nifaces, fi);
}

static void iface_free(gpointer p)
{
    mv_network_forward_if *fi = p;
    g_free(fi->dev);
    g_free(fi);
}

static int ifaces_parse(xmlNodePtr node, mv_network_forward *fwd, char *dev,
                        const char *netname)
{
    size_t n = 0;
    for (xmlNodePtr c = mv_xml_child(node, "interface"); c; c = mv_xml_next(c), n++) {
        g_autofree char *d = mv_xml_prop(c, "dev");
        if (!d || !*d) {
            mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                            "Missing required dev attribute in <forward> <interface> element of network %s",
                            netname);
            return -1;
        }
        if (n == 0 && dev && strcmp(dev, d) != 0) {
            mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                            "<forward dev='%s'> must match first <interface dev='%s'/> in network %s",
                            dev, d, netname);
            return -1;
        }
        add_iface(fwd, g_steal_pointer(&d));
    }
    if (n == 0 && dev)
        add_iface(fwd, g_strdup(dev));
    return 0;
}

mv_network_forward *mv_conf_network_forward_parse(xmlNodePtr node, const char *netname)
{
    mv_network_forward *fwd = g_new0(mv_network_forward, 1);
    if (!node)
        return fwd;
    g_autofree char *mode = mv_xml_prop(node, "mode");
    g_autofree char *dev = NULL;
    mv_xml_prop_string(node, "dev", MV_XML_PROP_NONEMPTY, &dev);
    fwd->mode = mode ? forward_mode_parse(mode) : MV_NETWORK_FORWARD_NAT;
    if (fwd->mode < 0) {
        /* libvirt knows hostdev (SR-IOV pools of PCI functions); modvirt
         * does not implement it. */
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_CONFIG_UNSUPPORTED,
                        strcmp(mode, "hostdev") == 0 ? "forwarding type '%s' is not supported"
                                                     : "unknown forwarding type '%s'", mode);
        goto error;
    }
    xmlNodePtr nat = mv_xml_child(node, "nat");
    if (nat && nat_parse(nat, fwd, netname) < 0)
        goto error;
    if (ifaces_parse(node, fwd, dev, netname) < 0)
        goto error;
    return fwd;

error:
    mv_conf_network_forward_free(fwd);
    return NULL;
}

static void nat_format(mv_xml_writer *w, const mv_network_forward *fwd)
{
    bool addr = mv_net_addr_is_set(&fwd->nat_addr_start);
    bool port = fwd->nat_port_start || fwd->nat_port_end;
    if (!addr && !port)
        return;
    mv_xml_start(w, "nat");
    mv_xml_children(w);
    if (addr) {
        mv_xml_start(w, "address");
        mv_conf_network_attr_addr(w, "start", &fwd->nat_addr_start);
        mv_conf_network_attr_addr(w, "end", &fwd->nat_addr_end);
        mv_xml_empty(w);
    }
    if (port) {
        mv_xml_start(w, "port");
        mv_xml_attr_uint(w, "start", fwd->nat_port_start);
        if (fwd->nat_port_end)
            mv_xml_attr_uint(w, "end", fwd->nat_port_end);
        mv_xml_empty(w);
    }
    mv_xml_close(w, "nat");
}

void mv_conf_network_forward_format(mv_xml_writer *w, const mv_network_forward *fwd)
{
    const char *mode = mv_network_forward_mode_to_string(fwd->mode);
    if (!mode)
        return;
    bool nat = mv_net_addr_is_set(&fwd->nat_addr_start) || fwd->nat_port_start ||
               fwd->nat_port_end;
    mv_xml_start(w, "forward");
    if (fwd->nifaces)
        mv_xml_attr(w, "dev", fwd->ifaces[0]->dev);
    mv_xml_attr(w, "mode", mode);
    if (!nat && !fwd->nifaces) {
        mv_xml_empty(w);
        return;
    }
    mv_xml_children(w);
    nat_format(w, fwd);
    for (size_t i = 0; i < fwd->nifaces; i++)
        mv_xml_elem_attr(w, "interface", "dev", fwd->ifaces[i]->dev);
    mv_xml_close(w, "forward");
}

void mv_conf_network_forward_free(mv_network_forward *fwd)
{
    if (!fwd)
        return;
    mv_conf_network_list_free(fwd->ifaces, fwd->nifaces, iface_free);
    g_free(fwd);
}

/* Modes where the network owns its bridge (and its IP setup). */
static bool mode_is_routed(int mode)
{
    return mode == MV_NETWORK_FORWARD_NONE || mode == MV_NETWORK_FORWARD_NAT ||
           mode == MV_NETWORK_FORWARD_ROUTE || mode == MV_NETWORK_FORWARD_OPEN;
}

static int check_routed(const mv_network_def *def)
{
    int mode = def->forward->mode;
    if (mode != MV_NETWORK_FORWARD_NONE && def->nips == 0) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "%s forwarding requested, but no IP address provided for network '%s'",
                        mv_network_forward_mode_to_string(mode), def->name);
        return -1;
    }
    if (def->forward->nifaces > 1) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "multiple forwarding interfaces specified for network '%s', only one is supported",
                        def->name);
        return -1;
    }
    return 0;
}

int mv_conf_network_check_forward(const mv_network_def *def, xmlNodePtr bridge)
{
    int mode = def->forward->mode;
    const char *ms = mv_network_forward_mode_to_string(mode);
    if (mode_is_routed(mode))
        return check_routed(def);
    if (def->bridge && mode != MV_NETWORK_FORWARD_BRIDGE) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "bridge name not allowed in %s mode (network '%s')", ms, def->name);
        return -1;
    }
    if (def->bridge && def->forward->nifaces) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "A network with forward mode='%s' can specify a bridge name or a forward dev, but not both (network '%s')",
                        ms, def->name);
        return -1;
    }
    if (mv_xml_has_prop(bridge, "stp") || mv_xml_has_prop(bridge, "delay")) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in %s (network '%s')",
                        ms, def->name);
        return -1;
    }
    if (def->mtu) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_XML_ERROR,
                        "mtu size only allowed in open, route, nat, and isolated mode, not in %s (network '%s')",
                        ms, def->name);
        return -1;
    }
    return 0;
}
