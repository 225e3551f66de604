/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network-format.c — writes a network definition the way
 * libvirt does: element order name, uuid, forward, bridge, mtu, mac,
 * domain, dns, ip; defaults (stp, delay) made explicit where libvirt does.
 */
#include "core/conf/network/network.h"
#include "core/util/uuid.h"

#include <modvirt-plugin/error.h>

/* libvirt writes <bridge> for routed modes or whenever a name is set, and
 * stp/delay only in routed modes (none, nat, route, open). */
static void bridge_format(mv_xml_writer *w, const mv_network_def *def)
{
    int mode = def->forward->mode;
    bool routed = mode == MV_NETWORK_FORWARD_NONE || mode == MV_NETWORK_FORWARD_NAT ||
                  mode == MV_NETWORK_FORWARD_ROUTE || mode == MV_NETWORK_FORWARD_OPEN;
    if (!routed && !def->bridge)
        return;
    mv_xml_start(w, "bridge");
    mv_xml_attr(w, "name", def->bridge);
    if (routed) {
        mv_xml_attr(w, "stp", def->stp ? "on" : "off");
        mv_xml_attr_uint(w, "delay", def->delay);
    }
    mv_xml_empty(w);
}

char *mv_network_def_format(const mv_network_def *def, unsigned int flags)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    mv_xml_writer w;
    if (!def || !def->forward || !def->dns) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_INTERNAL_ERROR, "incomplete network definition");
        return NULL;
    }
    mv_xml_writer_init(&w);
    mv_xml_start(&w, "network");
    mv_xml_children(&w);
    mv_xml_elem_text(&w, "name", def->name);
    mv_uuid_format(def->uuid, uuid);
    mv_xml_elem_text(&w, "uuid", uuid);
    mv_conf_network_forward_format(&w, def->forward);
    bridge_format(&w, def);
    if (def->mtu) {
        mv_xml_start(&w, "mtu");
        mv_xml_attr_uint(&w, "size", def->mtu);
        mv_xml_empty(&w);
    }
    mv_xml_elem_attr(&w, "mac", "address", def->mac);
    if (def->domain) {
        mv_xml_start(&w, "domain");
        mv_xml_attr(&w, "name", def->domain);
        mv_conf_network_attr_tristate(&w, "localOnly", def->domain_local_only);
        mv_xml_empty(&w);
    }
    mv_conf_network_dns_format(&w, def->dns);
    for (size_t i = 0; i < def->nips; i++)
        mv_conf_network_ip_format(&w, def->ips[i]);
    mv_xml_close(&w, "network");
    return mv_xml_writer_finish(&w);
}
