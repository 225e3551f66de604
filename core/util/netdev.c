/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/netdev.c — host network devices' counters, from
 * /sys/class/net/DEV/statistics, seen from the guest's end. */
#include <modvirt-plugin/netdev.h>
#include <modvirt-plugin/error.h>

#include <glib.h>
#include <stdio.h>
#include <string.h>

/* One counter of IFNAME, or -1 when it cannot be read. */
static long long counter(const char *ifname, const char *name)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/statistics/%s", ifname, name);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return -1;
    char *end;
    long long v = g_ascii_strtoll(text, &end, 10);
    return end != text ? v : -1;
}

int mv_netdev_guest_counters(int from, const char *ifname, virDomainInterfaceStatsPtr stats)
{
    if (!ifname || !*ifname || strchr(ifname, '/') || !strcmp(ifname, ".") ||
        !strcmp(ifname, "..")) {
        mv_error_report(from, VIR_ERR_INTERNAL_ERROR, "invalid network device name '%s'",
                        ifname ? ifname : "");
        return -1;
    }
    stats->rx_bytes = counter(ifname, "tx_bytes");
    stats->rx_packets = counter(ifname, "tx_packets");
    stats->rx_errs = counter(ifname, "tx_errors");
    stats->rx_drop = counter(ifname, "tx_dropped");
    stats->tx_bytes = counter(ifname, "rx_bytes");
    stats->tx_packets = counter(ifname, "rx_packets");
    stats->tx_errs = counter(ifname, "rx_errors");
    stats->tx_drop = counter(ifname, "rx_dropped");
    if (stats->rx_bytes < 0 || stats->tx_bytes < 0) {
        mv_error_report(from, VIR_ERR_INTERNAL_ERROR,
                        "cannot read the counters of network device '%s'", ifname);
        return -1;
    }
    return 0;
}

const mv_domain_net_def *mv_netdev_find(const mv_domain_def *def, const char *device)
{
    char mac[18];
    for (size_t i = 0; i < def->devices->nnets; i++) {
        const mv_domain_net_def *net = def->devices->nets[i];
        const unsigned char *m = net->mac;
        snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                 m[5]);
        if (!g_ascii_strcasecmp(mac, device) || (net->ifname && !strcmp(net->ifname, device)))
            return net;
    }
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "'%s' is not a known interface",
                    device);
    return NULL;
}
