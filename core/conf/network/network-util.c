/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network-util.c — life cycle of a network definition:
 * free, deep copy (through the canonical XML, as libvirt copies), identity
 * comparison for defines, and small lookups drivers need.
 */
#include "core/conf/network/network.h"
#include "core/util/uuid.h"

#include <modvirt-plugin/error.h>
#include <string.h>

void mv_network_def_free(mv_network_def *def)
{
    if (!def)
        return;
    g_free(def->name);
    mv_conf_network_forward_free(def->forward);
    g_free(def->bridge);
    g_free(def->mac);
    g_free(def->domain);
    mv_conf_network_dns_free(def->dns);
    mv_conf_network_list_free(def->ips, def->nips, (GDestroyNotify)mv_conf_network_ip_free);
    g_free(def);
}

mv_network_def *mv_network_def_copy(const mv_network_def *def)
{
    g_autofree char *xml = mv_network_def_format(def, 0);
    if (!xml)
        return NULL;
    return mv_network_def_parse(xml, 0);
}

int mv_network_def_same_identity(const mv_network_def *existing, const mv_network_def *new_def)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    bool same_uuid = memcmp(existing->uuid, new_def->uuid, VIR_UUID_BUFLEN) == 0;
    bool same_name = g_strcmp0(existing->name, new_def->name) == 0;
    if (same_uuid == same_name)
        return same_uuid ? 1 : 0;
    mv_uuid_format(existing->uuid, uuid);
    if (same_uuid)
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_OPERATION_FAILED,
                        "network '%s' is already defined with uuid %s", existing->name, uuid);
    else
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_OPERATION_FAILED,
                        "network '%s' already exists with uuid %s", existing->name, uuid);
    return -1;
}

const mv_network_ip *mv_network_def_get_ip(const mv_network_def *def, int family)
{
    for (size_t i = 0; def && i < def->nips; i++)
        if (def->ips[i]->address.family == family)
            return def->ips[i];
    return NULL;
}
