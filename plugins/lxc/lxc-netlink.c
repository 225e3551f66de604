/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-netlink.c — the few rtnetlink requests a container's
 * interfaces need (create a veth pair, put a link on a bridge, up, into a
 * network namespace, delete), by hand on a stack buffer: they run in the
 * forked supervisor, where nothing may allocate or take a lock. */
#include "lxc.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
    struct nlmsghdr *h;
    size_t cap;
} nl_msg;

static struct rtattr *nl_attr(nl_msg *m, unsigned short type, const void *data, size_t len)
{
    size_t off = NLMSG_ALIGN(m->h->nlmsg_len);
    if (off + RTA_SPACE(len) > m->cap)
        return NULL;
    struct rtattr *a = (struct rtattr *)((char *)m->h + off);
    a->rta_type = type;
    a->rta_len = (unsigned short)RTA_LENGTH(len);
    if (len)
        memcpy(RTA_DATA(a), data, len);
    m->h->nlmsg_len = (unsigned int)(off + RTA_SPACE(len));
    return a;
}

static void nl_end(nl_msg *m, struct rtattr *nest)
{
    nest->rta_len = (unsigned short)((char *)m->h + m->h->nlmsg_len - (char *)nest);
}

static struct ifinfomsg *nl_begin(nl_msg *m, void *buf, size_t cap, int type, int flags)
{
    memset(buf, 0, cap);
    m->h = buf;
    m->cap = cap;
    m->h->nlmsg_type = (unsigned short)type;
    m->h->nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
    m->h->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    struct ifinfomsg *ifi = NLMSG_DATA(m->h);
    ifi->ifi_family = AF_UNSPEC;
    return ifi;
}

/* Sends M and reads the kernel's answer: 0 or -errno. */
static int nl_talk(nl_msg *m)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -errno;
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    int ret = 0;
    if (sendto(fd, m->h, m->h->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        ret = -errno;
    } else {
        char ans[4096] __attribute__((aligned(4)));
        ssize_t n;
        do
            n = recv(fd, ans, sizeof(ans), 0);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            ret = -errno;
        } else {
            struct nlmsghdr *h = (struct nlmsghdr *)ans;
            if (NLMSG_OK(h, (size_t)n) && h->nlmsg_type == NLMSG_ERROR)
                ret = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
            else
                ret = -EPROTO;
        }
    }
    close(fd);
    return ret;
}

int mv_lxc_nl_veth_create(const char *host, const char *guest, const unsigned char *mac)
{
    char buf[512] __attribute__((aligned(4)));
    nl_msg m;
    nl_begin(&m, buf, sizeof(buf), RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    nl_attr(&m, IFLA_IFNAME, host, strlen(host) + 1);
    struct rtattr *info = nl_attr(&m, IFLA_LINKINFO, NULL, 0);
    nl_attr(&m, IFLA_INFO_KIND, "veth", 4);
    struct rtattr *data = nl_attr(&m, IFLA_INFO_DATA, NULL, 0);
    struct ifinfomsg peer = { .ifi_family = AF_UNSPEC };
    struct rtattr *p = nl_attr(&m, VETH_INFO_PEER, &peer, sizeof(peer));
    nl_attr(&m, IFLA_IFNAME, guest, strlen(guest) + 1);
    struct rtattr *last = nl_attr(&m, IFLA_ADDRESS, mac, 6);
    if (!info || !data || !p || !last)
        return -ENOBUFS;
    nl_end(&m, p);
    nl_end(&m, data);
    nl_end(&m, info);
    return nl_talk(&m);
}

int mv_lxc_nl_link_set(const char *name, const char *master, bool up, pid_t netns_pid)
{
    char buf[256] __attribute__((aligned(4)));
    nl_msg m;
    struct ifinfomsg *ifi = nl_begin(&m, buf, sizeof(buf), RTM_NEWLINK, 0);
    if (!(ifi->ifi_index = (int)if_nametoindex(name)))
        return -ENODEV;
    if (master) {
        unsigned int idx = if_nametoindex(master);
        if (!idx)
            return -ENODEV;
        nl_attr(&m, IFLA_MASTER, &idx, sizeof(idx));
    }
    if (up) {
        ifi->ifi_flags = IFF_UP;
        ifi->ifi_change = IFF_UP;
    }
    if (netns_pid > 0) {
        unsigned int pid = (unsigned int)netns_pid;
        nl_attr(&m, IFLA_NET_NS_PID, &pid, sizeof(pid));
    }
    return nl_talk(&m);
}

int mv_lxc_nl_link_delete(const char *name)
{
    char buf[128] __attribute__((aligned(4)));
    nl_msg m;
    struct ifinfomsg *ifi = nl_begin(&m, buf, sizeof(buf), RTM_DELLINK, 0);
    if (!(ifi->ifi_index = (int)if_nametoindex(name)))
        return -ENODEV;
    return nl_talk(&m);
}
