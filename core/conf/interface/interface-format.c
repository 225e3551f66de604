/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/interface/interface-format.c — writes a host interface the way
 * libvirt does: start, mtu and protocols at the top level, then link and
 * the type's own part (mac, <bridge> members, <vlan>).
 */
#include "core/conf/interface/interface.h"

#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/error.h>

static const char *const start_modes[] = { NULL, "none", "onboot", "hotplug" };
static const char *const types[] = { "ethernet", "bridge", "vlan" };

static void format_iface(mv_xml_writer *w, const mv_interface_def *def, bool top);

static void format_link(mv_xml_writer *w, const mv_interface_def *def)
{
    if (!def->link_speed && def->link_state <= 0)
        return;
    mv_xml_start(w, "link");
    if (def->link_speed)
        mv_xml_attr_uint(w, "speed", def->link_speed);
    if (def->link_state > 0 && def->link_state < (int)G_N_ELEMENTS(mv_conf_interface_link_states) - 1)
        mv_xml_attr(w, "state", mv_conf_interface_link_states[def->link_state]);
    mv_xml_empty(w);
}

static void format_bridge(mv_xml_writer *w, const mv_interface_def *def)
{
    mv_xml_start(w, "bridge");
    if (def->bridge_stp)
        mv_xml_attr(w, "stp", def->bridge_stp == MV_INTERFACE_TRISTATE_YES ? "on" : "off");
    mv_xml_attr(w, "delay", def->bridge_delay);
    mv_xml_children(w);
    for (size_t i = 0; i < def->nmembers; i++)
        format_iface(w, def->members[i], false);
    mv_xml_close(w, "bridge");
}

static void format_vlan(mv_xml_writer *w, const mv_interface_def *def)
{
    mv_xml_start(w, "vlan");
    mv_xml_attr(w, "tag", def->vlan_tag);
    mv_xml_children(w);
    mv_xml_elem_attr(w, "interface", "name", def->vlan_dev);
    mv_xml_close(w, "vlan");
}

static void format_top(mv_xml_writer *w, const mv_interface_def *def)
{
    if (def->start_mode > 0 && def->start_mode < (int)G_N_ELEMENTS(start_modes))
        mv_xml_elem_attr(w, "start", "mode", start_modes[def->start_mode]);
    if (def->mtu) {
        mv_xml_start(w, "mtu");
        mv_xml_attr_uint(w, "size", def->mtu);
        mv_xml_empty(w);
    }
    for (size_t i = 0; i < def->nprotocols; i++)
        mv_conf_interface_protocol_format(w, def->protocols[i]);
}

static void format_iface(mv_xml_writer *w, const mv_interface_def *def, bool top)
{
    mv_xml_start(w, "interface");
    mv_xml_attr(w, "type", types[def->type]);
    mv_xml_attr(w, "name", def->name);
    mv_xml_children(w);
    if (top)
        format_top(w, def);
    if (def->type == MV_INTERFACE_TYPE_BRIDGE) {
        format_bridge(w, def);
    } else {
        format_link(w, def);
        if (def->type == MV_INTERFACE_TYPE_VLAN)
            format_vlan(w, def);
        else
            mv_xml_elem_attr(w, "mac", "address", def->mac);
    }
    mv_xml_close(w, "interface");
}

char *mv_interface_def_format(const mv_interface_def *def, unsigned int flags)
{
    mv_xml_writer w;
    if (!def || def->type < 0 || def->type >= (int)G_N_ELEMENTS(types)) {
        mv_error_report(VIR_FROM_INTERFACE, VIR_ERR_INTERNAL_ERROR,
                        "unexpected interface type %d", def ? def->type : -1);
        return NULL;
    }
    mv_xml_writer_init(&w);
    format_iface(&w, def, true);
    return mv_xml_writer_finish(&w);
}
