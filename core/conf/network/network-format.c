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
    mv_xml_add(w, "<bridge");
    mv_xml_attr(w, "name", def->bridge);
    if (routed)
        g_string_append_printf(w->buf, " stp='%s' delay='%lu'", def->stp ? "on" : "off",
                               def->delay);
    mv_xml_raw(w, "/>\n");
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
    mv_xml_add(&w, "<network>\n");
    w.indent += 2;
    mv_xml_elem_text(&w, "name", def->name);
    mv_uuid_format(def->uuid, uuid);
    mv_xml_elem_text(&w, "uuid", uuid);
    mv_conf_network_forward_format(&w, def->forward);
    bridge_format(&w, def);
    if (def->mtu)
        mv_xml_add(&w, "<mtu size='%u'/>\n", def->mtu);
    if (def->mac)
        mv_xml_add(&w, "<mac address='%s'/>\n", def->mac);
    if (def->domain) {
        mv_xml_add(&w, "<domain");
        mv_xml_attr(&w, "name", def->domain);
        mv_conf_network_attr_tristate(&w, "localOnly", def->domain_local_only);
        mv_xml_raw(&w, "/>\n");
    }
    mv_conf_network_dns_format(&w, def->dns);
    for (size_t i = 0; i < def->nips; i++)
        mv_conf_network_ip_format(&w, def->ips[i]);
    w.indent -= 2;
    mv_xml_add(&w, "</network>\n");
    return mv_xml_writer_finish(&w);
}
