/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/interface/interface-parse.c — reads an <interface> document
 * (virInterface XML): the top-level interface with start mode, mtu and
 * protocols, and the type-specific parts (mac/link, <bridge> with member
 * interfaces, <vlan>), with libvirt's errors and modvirt's value checks.
 */
#include "core/conf/interface/interface.h"
#include "core/conf/name.h"

#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/error.h>
#include <modvirt-plugin/paths.h>
#include <string.h>

#define FAIL mv_conf_interface_fail

static const char *const start_modes[] = { "", "none", "onboot", "hotplug" };
const char *const mv_conf_interface_link_states[9] = {
    "", "unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up", NULL,
};
static const char *const types[] = { "ethernet", "bridge", "vlan", NULL };

static int lookup(const char *const *table, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(table[i], s) == 0)
            return (int)i;
    return -1;
}

static int parse_link(xmlNodePtr link, mv_interface_def *def)
{
    if (mv_xml_prop_uint(link, "speed", 0, &def->link_speed) < 0 ||
        mv_xml_prop_enum(link, "state", mv_conf_interface_link_states, MV_XML_PROP_NONEMPTY,
                         &def->link_state) < 0)
        return -1;
    return 0;
}

static int parse_mac(xmlNodePtr root, mv_interface_def *def)
{
    unsigned char b[6];
    mv_xml_prop_string(mv_xml_child(root, "mac"), "address", MV_XML_PROP_NONEMPTY, &def->mac);
    if (def->mac && mv_net_mac_parse(def->mac, b) < 0)
        return FAIL("invalid MAC address '%s' in interface '%s'", def->mac, def->name);
    return 0;
}

static int parse_top(xmlNodePtr root, mv_interface_def *def)
{
    g_autofree char *mode = NULL, *mtu = NULL;
    mv_xml_prop_string(mv_xml_child(root, "start"), "mode", MV_XML_PROP_NONEMPTY, &mode);
    mv_xml_prop_string(mv_xml_child(root, "mtu"), "size", MV_XML_PROP_NONEMPTY, &mtu);
    if (mode) {
        def->start_mode = lookup(start_modes, G_N_ELEMENTS(start_modes), mode);
        if (def->start_mode <= 0)
            return FAIL("unknown interface startmode %s", mode);
    }
    if (mtu && mv_xml_parse_uint(mtu, &def->mtu) < 0)
        return FAIL("interface mtu value is improper");
    for (xmlNodePtr n = mv_xml_child(root, "protocol"); n; n = mv_xml_next(n)) {
        mv_interface_protocol *p = mv_conf_interface_protocol_parse(n, def->name);
        if (!p)
            return -1;
        MV_CONF_NETWORK_APPEND(def->protocols, def->nprotocols, p);
    }
    return 0;
}

static int parse_vlan(xmlNodePtr root, mv_interface_def *def)
{
    xmlNodePtr vlan = mv_xml_child(root, "vlan");
    unsigned int tag;
    if (!vlan)
        return FAIL("vlan interface misses the vlan element");
    def->vlan_tag = mv_xml_prop(vlan, "tag");
    if (!def->vlan_tag)
        return FAIL("vlan interface misses the tag attribute");
    if (mv_xml_parse_uint(def->vlan_tag, &tag) < 0 || tag > 4095)
        return FAIL("invalid vlan tag '%s' in interface '%s'", def->vlan_tag, def->name);
    def->vlan_dev = mv_xml_prop(mv_xml_child(vlan, "interface"), "name");
    if (!def->vlan_dev || !*def->vlan_dev)
        return FAIL("vlan interface misses name attribute");
    return 0;
}

static mv_interface_def *parse_iface(xmlNodePtr node, bool member);

/* A delay is a non-negative decimal number of seconds, as "0.01". */
static bool delay_valid(const char *s)
{
    size_t digits = strspn(s, "0123456789");
    if (digits == 0)
        return false;
    if (s[digits] == '.')
        return strspn(s + digits + 1, "0123456789") > 0 &&
               s[digits + 1 + strspn(s + digits + 1, "0123456789")] == '\0';
    return s[digits] == '\0';
}

static int parse_bridge(xmlNodePtr root, mv_interface_def *def)
{
    xmlNodePtr br = mv_xml_child(root, "bridge");
    g_autofree char *stp = NULL;
    mv_xml_prop_string(br, "stp", MV_XML_PROP_NONEMPTY, &stp);
    if (!br)
        return FAIL("bridge interface misses the bridge element");
    if (stp && strcmp(stp, "on") == 0)
        def->bridge_stp = MV_INTERFACE_TRISTATE_YES;
    else if (stp && strcmp(stp, "off") == 0)
        def->bridge_stp = MV_INTERFACE_TRISTATE_NO;
    else if (stp)
        return FAIL("bridge interface stp should be on or off got %s", stp);
    mv_xml_prop_string(br, "delay", MV_XML_PROP_NONEMPTY, &def->bridge_delay);
    if (def->bridge_delay && !delay_valid(def->bridge_delay))
        return FAIL("invalid bridge delay '%s' in interface '%s'", def->bridge_delay, def->name);
    for (xmlNodePtr m = mv_xml_child(br, "interface"); m; m = mv_xml_next(m)) {
        mv_interface_def *sub = parse_iface(m, true);
        if (!sub)
            return -1;
        MV_CONF_NETWORK_APPEND(def->members, def->nmembers, sub);
    }
    return 0;
}

static int parse_type(xmlNodePtr node, bool member, int *out)
{
    g_autofree char *type = NULL;
    if (mv_xml_prop_string(node, "type", MV_XML_PROP_REQUIRED, &type) < 0)
        return -1;
    if (strcmp(type, "bond") == 0) {
        mv_error_report(VIR_FROM_INTERFACE, VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface type 'bond' is not supported");
        return -1;
    }
    if (!member)
        return mv_xml_prop_enum(node, "type", types, 0, out) < 0 ? -1 : 0;
    *out = lookup(types, G_N_ELEMENTS(types) - 1, type);
    if (*out < 0 || *out == MV_INTERFACE_TYPE_BRIDGE)
        return FAIL("interface has unsupported type '%s'", type);
    return 0;
}

static int parse_fill(xmlNodePtr node, bool member, mv_interface_def *def)
{
    if (parse_type(node, member, &def->type) < 0)
        return -1;
    def->name = mv_xml_prop(node, "name");
    if (!def->name || !*def->name)
        return FAIL("interface has no name");
    if (mv_conf_name_check_chars(def->name) < 0 ||
        mv_path_check_name(def->name, "interface", VIR_FROM_INTERFACE) < 0)
        return -1;
    if (!member && parse_top(node, def) < 0)
        return -1;
    if (def->type == MV_INTERFACE_TYPE_BRIDGE)
        return parse_bridge(node, def);
    if (parse_link(mv_xml_child(node, "link"), def) < 0)
        return -1;
    if (def->type == MV_INTERFACE_TYPE_VLAN)
        return parse_vlan(node, def);
    return parse_mac(node, def);
}

static mv_interface_def *parse_iface(xmlNodePtr node, bool member)
{
    mv_interface_def *def = g_new0(mv_interface_def, 1);
    if (parse_fill(node, member, def) < 0) {
        mv_interface_def_free(def);
        return NULL;
    }
    return def;
}

mv_interface_def *mv_interface_def_parse(const char *xml, unsigned int flags)
{
    xmlDocPtr doc = mv_xml_read(xml, "interface", "interface_definition", VIR_FROM_INTERFACE);
    if (!doc)
        return NULL;
    mv_interface_def *def = parse_iface(xmlDocGetRootElement(doc), false);
    xmlFreeDoc(doc);
    return def;
}
