/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/interface/interface-util.c — life cycle of a host interface
 * definition: free (recursive over bridge members) and deep copy through
 * the canonical XML.
 */
#include "core/conf/interface/interface.h"

void mv_interface_def_free(mv_interface_def *def)
{
    if (!def)
        return;
    g_free(def->name);
    mv_conf_network_list_free(def->protocols, def->nprotocols,
                      (GDestroyNotify)mv_conf_interface_protocol_free);
    g_free(def->mac);
    g_free(def->bridge_delay);
    mv_conf_network_list_free(def->members, def->nmembers, (GDestroyNotify)mv_interface_def_free);
    g_free(def->vlan_tag);
    g_free(def->vlan_dev);
    g_free(def);
}

mv_interface_def *mv_interface_def_copy(const mv_interface_def *def)
{
    g_autofree char *xml = mv_interface_def_format(def, 0);
    if (!xml)
        return NULL;
    return mv_interface_def_parse(xml, 0);
}
