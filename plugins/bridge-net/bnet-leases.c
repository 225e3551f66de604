/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-leases.c — virNetworkGetDHCPLeases from
 * dnsmasq's lease file (RUN/NAME.leases): "EXPIRY MAC IP NAME CLIENTID"
 * for IPv4, "EXPIRY IAID IP NAME DUID" for IPv6, '*' for none. Expired
 * leases are skipped; fields are filled as libvirt's network driver does. */
#include "bnet-net.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *bnet_field(const char *s)
{
    return strcmp(s, "*") == 0 ? NULL : g_strdup(s);
}

static virNetworkDHCPLeasePtr bnet_lease_parse(const mv_bnet_net *n, char **f, time_t now)
{
    long long expiry = g_ascii_strtoll(f[0], NULL, 10);
    if (expiry > 0 && expiry < now)
        return NULL;
    mv_net_addr addr;
    if (mv_net_addr_parse(f[2], &addr) < 0)
        return NULL;
    const mv_network_ip *ip = mv_network_def_get_ip(n->def, addr.family);
    bool v6 = addr.family == MV_NET_FAMILY_IPV6;
    virNetworkDHCPLeasePtr l = g_new0(virNetworkDHCPLease, 1);
    l->iface = g_strdup(n->run.bridge);
    l->expirytime = expiry;
    l->type = v6 ? VIR_IP_ADDR_TYPE_IPV6 : VIR_IP_ADDR_TYPE_IPV4;
    l->mac = v6 ? NULL : g_ascii_strdown(f[1], -1);
    l->iaid = v6 ? g_strdup(f[1]) : NULL;
    l->ipaddr = g_strdup(f[2]);
    l->prefix = ip ? (unsigned int)mv_network_ip_prefix(ip) : 0;
    l->hostname = bnet_field(f[3]);
    l->clientid = bnet_field(f[4]);
    return l;
}

int mv_bnet_leases_get(mv_bnet_state *st, const mv_bnet_net *n, const char *mac,
                       virNetworkDHCPLeasePtr **leases)
{
    g_autofree char *path = mv_bnet_run_path(st, n->def->name, ".leases");
    g_autofree char *text = NULL;
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify)virNetworkDHCPLeaseFree);
    time_t now = time(NULL);
    if (n->active && (text = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL))) {
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        for (char **line = lines; *line; line++) {
            g_auto(GStrv) f = g_strsplit_set(*line, " ", -1);
            if (g_strv_length(f) < 5 || strcmp(f[0], "duid") == 0)
                continue;
            if (mac && g_ascii_strcasecmp(f[1], mac) != 0)
                continue;
            virNetworkDHCPLeasePtr l = bnet_lease_parse(n, f, now);
            if (l)
                g_ptr_array_add(out, l);
        }
    }
    int count = (int)out->len;
    if (leases) {
        g_ptr_array_set_free_func(out, NULL);
        g_ptr_array_add(out, NULL);
        *leases = (virNetworkDHCPLeasePtr *)g_ptr_array_steal(out, NULL);
    }
    return count;
}
