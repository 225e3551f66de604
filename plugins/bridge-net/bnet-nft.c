/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-nft.c — the firewall of a network: one nftables
 * table `inet modvirt-<bridge>` per network, replaced or deleted in one
 * atomic batch through libnftables. nat: masquerade the IPv4 subnet to
 * elsewhere, forward it out and replies back in; route: forward both ways
 * without NAT; isolated (no <forward>): no forwarding; open: no table. */
#include "bnet-net.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <nftables/libnftables.h>

/* Runs SCRIPT; with REPORT, a failure is reported naming BRIDGE. */
static int bnet_nft_run(const char *script, const char *bridge, bool report)
{
    struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
    if (!ctx) {
        if (report)
            mv_error_report(MV_BNET_ERR, VIR_ERR_NO_MEMORY, "nft context");
        return -1;
    }
    nft_ctx_buffer_output(ctx);
    nft_ctx_buffer_error(ctx);
    int rc = nft_run_cmd_from_buffer(ctx, script);
    if (rc != 0) {
        const char *err = nft_ctx_get_error_buffer(ctx);
        if (report)
            mv_error_report(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR,
                            "cannot set the firewall of bridge '%s' with nftables: %s",
                            bridge, err ? err : "unknown error");
        else
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "nft on '%s' failed: %s", bridge, err ? err : "");
    }
    nft_ctx_free(ctx);
    return rc == 0 ? 0 : -1;
}

static char *bnet_subnet(const mv_network_ip *ip, const char **fam)
{
    int prefix = mv_network_ip_prefix(ip);
    mv_net_addr net;
    mv_net_addr_mask(&ip->address, (unsigned int)prefix, &net);
    g_autofree char *a = mv_net_addr_format(&net);
    *fam = ip->address.family == MV_NET_FAMILY_IPV4 ? "ip" : "ip6";
    return g_strdup_printf("%s/%d", a, prefix);
}

/* NAT of one IPv4 subnet S, optionally only towards the <forward dev>. */
static void bnet_nft_nat(GString *post, const mv_network_forward *fw, const char *s,
                         const char *out)
{
    g_autofree char *a = mv_net_addr_format(&fw->nat_addr_start);
    g_autofree char *b = mv_net_addr_format(&fw->nat_addr_end);
    g_autofree char *ports = fw->nat_port_start
        ? g_strdup_printf(":%u-%u", fw->nat_port_start, fw->nat_port_end)
        : g_strdup(":1024-65535");
    g_autofree char *to = a ? g_strdup_printf("snat ip to %s%s%s", a, b ? "-" : "", b ? b : "")
                            : g_strdup("masquerade");
    g_string_append_printf(post, "    ip saddr %s ip daddr 224.0.0.0/24 return\n"
                           "    ip saddr %s ip daddr 255.255.255.255 return\n", s, s);
    g_string_append_printf(post, "    %sip saddr %s ip daddr != %s meta l4proto { tcp, udp } %s%s%s\n",
                           out, s, s, to, a ? "" : " to ", a ? "" : ports);
    g_string_append_printf(post, "    %sip saddr %s ip daddr != %s %s\n", out, s, s, to);
}

static char *bnet_nft_script(const mv_network_def *def, const char *br)
{
    const mv_network_forward *fw = def->forward;
    g_autoptr(GString) fwd = g_string_new(NULL);
    g_autoptr(GString) post = g_string_new(NULL);
    g_autofree char *out = fw->nifaces && fw->ifaces[0]->dev
        ? g_strdup_printf("oifname \"%s\" ", fw->ifaces[0]->dev) : g_strdup("");
    for (size_t i = 0; fw->mode != MV_NETWORK_FORWARD_NONE && i < def->nips; i++) {
        const char *fam;
        g_autofree char *s = bnet_subnet(def->ips[i], &fam);
        bool nat = fw->mode == MV_NETWORK_FORWARD_NAT && !strcmp(fam, "ip");
        g_string_append_printf(fwd, "    iifname \"%s\" %s%s saddr %s accept\n", br, out, fam, s);
        g_string_append_printf(fwd, "    oifname \"%s\" %s daddr %s%s accept\n", br, fam, s,
                               nat ? " ct state related,established" : "");
        if (nat)
            bnet_nft_nat(post, fw, s, out);
    }
    g_string_append_printf(fwd, "    iifname \"%s\" oifname \"%s\" accept\n"
                           "    iifname \"%s\" reject\n    oifname \"%s\" reject\n", br, br, br, br);
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, "table inet modvirt-%s {}\ndelete table inet modvirt-%s\n"
                           "table inet modvirt-%s {\n"
                           "  chain forward {\n    type filter hook forward priority filter; policy accept;\n"
                           "%s  }\n", br, br, br, fwd->str);
    if (post->len)
        g_string_append_printf(t, "  chain postrouting {\n"
                               "    type nat hook postrouting priority srcnat; policy accept;\n"
                               "%s  }\n", post->str);
    g_string_append(t, "}\n");
    return g_string_free(t, FALSE);
}

int mv_bnet_nft_apply(const mv_network_def *def, const char *bridge)
{
    if (def->forward->mode == MV_NETWORK_FORWARD_OPEN)
        return 0;
    if (def->forward->nifaces && def->forward->ifaces[0]->dev) {
        const char *dev = def->forward->ifaces[0]->dev;
        for (const char *p = dev; *p; p++)
            if (!g_ascii_isalnum(*p) && !strchr("_.-", *p)) {
                mv_error_report(MV_BNET_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                                "network '%s': forward device '%s' has unusual characters",
                                def->name, dev);
                return -1;
            }
    }
    g_autofree char *script = bnet_nft_script(def, bridge);
    return bnet_nft_run(script, bridge, true);
}

void mv_bnet_nft_remove(const char *bridge)
{
    g_autofree char *script = g_strdup_printf("table inet modvirt-%s {}\n"
                                              "delete table inet modvirt-%s\n", bridge, bridge);
    bnet_nft_run(script, bridge, false);
}

static int bnet_sysctl_on(const char *path)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "1\n", 2) != 2) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        mv_error_report_errno(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR, e,
                              "cannot enable IP forwarding in %s", path);
        return -1;
    }
    close(fd);
    return 0;
}

/* nat and route networks need the kernel to forward their families. */
int mv_bnet_ip_forward_enable(const mv_network_def *def)
{
    int mode = def->forward->mode;
    if (mode != MV_NETWORK_FORWARD_NAT && mode != MV_NETWORK_FORWARD_ROUTE)
        return 0;
    if (mv_network_def_get_ip(def, MV_NET_FAMILY_IPV4) &&
        bnet_sysctl_on("/proc/sys/net/ipv4/ip_forward") < 0)
        return -1;
    if (mv_network_def_get_ip(def, MV_NET_FAMILY_IPV6) &&
        bnet_sysctl_on("/proc/sys/net/ipv6/conf/all/forwarding") < 0)
        return -1;
    return 0;
}
