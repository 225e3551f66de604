/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-iface-nl.c — rtnetlink for the host interface
 * driver: libnl-route caches of the namespace's links and addresses, IFF_UP
 * changes, and what libnl-route 3.7 does not parse (a bridge's STP state and
 * forward delay), read from a raw RTM_GETLINK dump.
 */
#include "bnet-iface.h"

#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/sockios.h>
#include <netlink/msg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int nl_fail(const char *what, int err)
{
    mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_SYSTEM_ERROR, "%s: %s", what, nl_geterror(err));
    return -1;
}

int mv_bnet_iface_nl_open(mv_bnet_iface_nl *nl)
{
    int err;
    memset(nl, 0, sizeof(*nl));
    if (!(nl->sk = nl_socket_alloc())) {
        mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    if ((err = nl_connect(nl->sk, NETLINK_ROUTE)) < 0)
        return nl_fail("cannot open a route netlink socket", err);
    if ((err = rtnl_link_alloc_cache(nl->sk, AF_UNSPEC, &nl->links)) < 0)
        return nl_fail("cannot list the host's network links", err);
    return 0;
}

int mv_bnet_iface_nl_load_addrs(mv_bnet_iface_nl *nl)
{
    int err = nl->addrs ? 0 : rtnl_addr_alloc_cache(nl->sk, &nl->addrs);
    return err < 0 ? nl_fail("cannot list the host's IP addresses", err) : 0;
}

void mv_bnet_iface_nl_close(mv_bnet_iface_nl *nl)
{
    g_clear_pointer(&nl->addrs, nl_cache_free);
    g_clear_pointer(&nl->links, nl_cache_free);
    g_clear_pointer(&nl->sk, nl_socket_free);
}

mv_bnet_iface_link *mv_bnet_iface_nl_find(mv_bnet_iface_nl *nl, const char *name)
{
    mv_bnet_iface_link *link = rtnl_link_get_by_name(nl->links, name);
    if (!link)
        mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_NO_INTERFACE,
                        "couldn't find interface named '%s'", name);
    return link;
}

static bool kind_is(mv_bnet_iface_link *link, const char *kind)
{
    const char *k = rtnl_link_get_type(link);
    return k && strcmp(k, kind) == 0;
}

/* As libvirt's udev backend: bridge ports appear inside their bridge and
 * taps (guests' NICs) not at all; like netcf, loopback is not listed. */
bool mv_bnet_iface_nl_listed(mv_bnet_iface_nl *nl, mv_bnet_iface_link *link)
{
    if ((rtnl_link_get_flags(link) & IFF_LOOPBACK) || kind_is(link, "tun"))
        return false;
    int master = rtnl_link_get_master(link);
    if (!master)
        return true;
    g_autoptr(mv_bnet_iface_link) m = rtnl_link_get(nl->links, master);
    return !(m && kind_is(m, "bridge"));
}

char *mv_bnet_iface_nl_mac(mv_bnet_iface_link *link)
{
    struct nl_addr *a = rtnl_link_get_addr(link);
    unsigned int len = a ? nl_addr_get_len(a) : 0;
    if (!len)
        return NULL;
    const unsigned char *b = nl_addr_get_binary_addr(a);
    GString *s = g_string_sized_new(len * 3);
    for (unsigned int i = 0; i < len; i++)
        g_string_append_printf(s, i ? ":%02x" : "%02x", b[i]);
    return g_string_free(s, FALSE);
}

/* libvirt's rule (virNetDevGetLinkInfo): a speed only for Ethernet links
 * that are up, since drivers report nonsense otherwise. Read with ethtool
 * rather than sysfs, which shows the namespace sysfs was mounted in. */
unsigned int mv_bnet_iface_nl_speed(mv_bnet_iface_link *link)
{
    if (rtnl_link_get_operstate(link) != IF_OPER_UP ||
        rtnl_link_get_arptype(link) != ARPHRD_ETHER)
        return 0;
    struct ethtool_cmd cmd = { .cmd = ETHTOOL_GSET };
    struct ifreq ifr = { .ifr_data = (void *)&cmd };
    g_strlcpy(ifr.ifr_name, rtnl_link_get_name(link), sizeof(ifr.ifr_name));
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    int rc = ioctl(fd, SIOCETHTOOL, &ifr);
    close(fd);
    uint32_t speed = rc < 0 ? 0 : ethtool_cmd_speed(&cmd);
    return speed == (uint32_t)SPEED_UNKNOWN ? 0 : speed;
}

typedef struct {
    int ifindex;
    bool found;
    unsigned int stp, delay;
} bridge_query;

static int bridge_msg(struct nl_msg *msg, void *arg)
{
    bridge_query *q = arg;
    struct nlmsghdr *h = nlmsg_hdr(msg);
    struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1], *br[IFLA_BR_MAX + 1];
    const struct ifinfomsg *ifi = nlmsg_data(h);
    if (h->nlmsg_type != RTM_NEWLINK || ifi->ifi_index != q->ifindex ||
        nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 || !tb[IFLA_LINKINFO] ||
        nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) < 0 ||
        !info[IFLA_INFO_DATA] ||
        nla_parse_nested(br, IFLA_BR_MAX, info[IFLA_INFO_DATA], NULL) < 0)
        return NL_OK;
    q->found = true;
    if (br[IFLA_BR_STP_STATE])
        q->stp = nla_get_u32(br[IFLA_BR_STP_STATE]);
    if (br[IFLA_BR_FORWARD_DELAY])
        q->delay = nla_get_u32(br[IFLA_BR_FORWARD_DELAY]);
    return NL_OK;
}

int mv_bnet_iface_nl_bridge(mv_bnet_iface_nl *nl, int ifindex,
                            unsigned int *stp, unsigned int *delay)
{
    bridge_query q = { .ifindex = ifindex };
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
    int err = cb ? nl_send_simple(nl->sk, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi)) : -NLE_NOMEM;
    if (err >= 0) {
        nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, bridge_msg, &q);
        err = nl_recvmsgs(nl->sk, cb);
    }
    nl_cb_put(cb);
    if (err < 0)
        return nl_fail("cannot read the bridge settings", err);
    *stp = q.stp;
    *delay = q.delay;
    return q.found;
}

int mv_bnet_iface_nl_set_up(mv_bnet_iface_nl *nl, mv_bnet_iface_link *link, bool up)
{
    g_autoptr(mv_bnet_iface_link) change = rtnl_link_alloc();
    if (!change) {
        mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    if (up)
        rtnl_link_set_flags(change, IFF_UP);
    else
        rtnl_link_unset_flags(change, IFF_UP);
    int err = rtnl_link_change(nl->sk, link, change, 0);
    if (err < 0) {
        /* libvirt's text (virNetDevSetIFFlag), libnl's reason. */
        mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_SYSTEM_ERROR,
                        "Cannot set interface flags on '%s': %s",
                        rtnl_link_get_name(link), nl_geterror(err));
        return -1;
    }
    return 0;
}
