/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network-parse.c — reads a <network> document: name,
 * uuid, <bridge>, <mac>, <mtu>, <domain>, then <dns>, <ip> and <forward>
 * through their own files, and finally the rules that tie them together.
 */
#include "core/conf/network/network.h"
#include "core/conf/name.h"
#include "core/util/uuid.h"

#include <limits.h>
#include <modvirt-plugin/error.h>
#include <modvirt-plugin/paths.h>
#include <string.h>

#define ERR(code, ...) mv_error_report(VIR_FROM_NETWORK, code, __VA_ARGS__)

static int parse_identity(xmlNodePtr root, mv_network_def *def)
{
    def->name = mv_xml_child_text(root, "name");
    if (!def->name || !*def->name) {
        ERR(VIR_ERR_NO_NAME, NULL);
        return -1;
    }
    if (strchr(def->name, '/')) {
        mv_error_report(VIR_FROM_XML, VIR_ERR_XML_DETAIL, "invalid char in name: /");
        return -1;
    }
    if (mv_conf_name_check_chars(def->name) < 0)
        return -1;
    if (mv_path_check_name(def->name, "network", VIR_FROM_NETWORK) < 0)
        return -1;
    g_autofree char *uuid = mv_xml_child_text(root, "uuid");
    if (!uuid || !*uuid) {   /* libvirt reads an empty <uuid> as none */
        mv_uuid_generate(def->uuid);
    } else if (mv_uuid_parse(uuid, def->uuid) < 0) {
        ERR(VIR_ERR_INTERNAL_ERROR, "malformed uuid element");
        return -1;
    }
    return 0;
}

static int parse_bridge(xmlNodePtr bridge, mv_network_def *def)
{
    g_autofree char *stp = mv_xml_prop(bridge, "stp");
    g_autofree char *delay = NULL;
    mv_xml_prop_string(bridge, "delay", MV_XML_PROP_NONEMPTY, &delay);
    mv_xml_prop_string(bridge, "name", MV_XML_PROP_NONEMPTY, &def->bridge);
    /* As libvirt: anything but "off" leaves STP on. */
    def->stp = !(stp && strcmp(stp, "off") == 0);
    unsigned long long d = 0;
    if (delay && (mv_xml_parse_ull(delay, &d) < 0 || d > ULONG_MAX)) {
        ERR(VIR_ERR_XML_ERROR, "Invalid delay value in network '%s'", def->name);
        return -1;
    }
    def->delay = (unsigned long)d;
    return 0;
}

static int parse_mac(xmlNodePtr mac, mv_network_def *def)
{
    g_autofree char *addr = NULL;
    unsigned char b[6];
    mv_xml_prop_string(mac, "address", MV_XML_PROP_NONEMPTY, &addr);
    char buf[18];
    if (!addr)
        return 0;
    if (mv_net_mac_parse(addr, b) < 0) {
        ERR(VIR_ERR_XML_ERROR, "Invalid bridge mac address '%s' in network '%s'", addr, def->name);
        return -1;
    }
    if (b[0] & 1) {
        ERR(VIR_ERR_XML_ERROR, "Invalid multicast bridge mac address '%s' in network '%s'",
            addr, def->name);
        return -1;
    }
    mv_net_mac_format(b, buf);
    def->mac = g_strdup(buf);
    return 0;
}

static int parse_mtu_domain(xmlNodePtr root, mv_network_def *def)
{
    xmlNodePtr domain = mv_xml_child(root, "domain");
    g_autofree char *mtu = NULL;
    mv_xml_prop_string(mv_xml_child(root, "mtu"), "size", MV_XML_PROP_NONEMPTY, &mtu);
    if (mtu && mv_xml_parse_uint(mtu, &def->mtu) < 0) {
        ERR(VIR_ERR_XML_ERROR, "Invalid mtu size '%s' in network '%s'", mtu, def->name);
        return -1;
    }
    def->domain = mv_xml_prop(domain, "name");
    if (def->domain && mv_xml_prop_enum(domain, "localOnly", mv_xml_yesno_names, 0,
                                        &def->domain_local_only) < 0)
        return -1;
    return 0;
}

static int parse_ips(xmlNodePtr root, mv_network_def *def)
{
    for (xmlNodePtr n = mv_xml_child(root, "ip"); n; n = mv_xml_next(n)) {
        mv_network_ip *ip = mv_conf_network_ip_parse(n, def->name);
        if (!ip)
            return -1;
        MV_CONF_NETWORK_APPEND(def->ips, def->nips, ip);
    }
    return 0;
}

static int parse_root(xmlNodePtr root, mv_network_def *def)
{
    xmlNodePtr bridge = mv_xml_child(root, "bridge");
    if (parse_identity(root, def) < 0 || parse_mtu_domain(root, def) < 0)
        return -1;
    if (!(def->dns = mv_conf_network_dns_parse(mv_xml_child(root, "dns"), def->name)))
        return -1;
    if (parse_bridge(bridge, def) < 0 || parse_mac(mv_xml_child(root, "mac"), def) < 0)
        return -1;
    if (parse_ips(root, def) < 0)
        return -1;
    def->forward = mv_conf_network_forward_parse(mv_xml_child(root, "forward"), def->name);
    if (!def->forward)
        return -1;
    return mv_conf_network_check_forward(def, bridge);
}

mv_network_def *mv_network_def_parse(const char *xml, unsigned int flags)
{
    xmlDocPtr doc = mv_xml_read(xml, "network", "network_definition", VIR_FROM_NETWORK);
    if (!doc)
        return NULL;
    mv_network_def *def = g_new0(mv_network_def, 1);
    int rc = parse_root(xmlDocGetRootElement(doc), def);
    xmlFreeDoc(doc);
    if (rc < 0) {
        mv_network_def_free(def);
        return NULL;
    }
    return def;
}
