/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-net.c — what a guest's disks and NICs resolve to on the
 * host: tap devices (created here, on the interface's bridge, up, with the
 * guest MAC's host twin fe:..; the fd goes to QEMU and the tap disappears
 * with it), the bridge of a bridge-net network and the path of a storage
 * volume, both asked through the public API of the same connection. */
#include "qemu-driver.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <net/if_arp.h>

static int ifreq_ioctl(unsigned long req, struct ifreq *ifr)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -1;
    int r = ioctl(s, req, ifr);
    int saved = errno;
    close(s);
    errno = saved;
    return r;
}

int mv_qemu_tap_open(const mv_domain_net_def *net, const char *bridge, char **ifname)
{
    const char *want = net->ifname;
    /* libvirt's reserved prefixes are generated names: pick a fresh one. */
    if (want && (g_str_has_prefix(want, "vnet") || g_str_has_prefix(want, "macvtap")))
        want = NULL;
    if (want && strlen(want) >= IFNAMSIZ) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface name '%s' is too long", want);
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Unable to open /dev/net/tun, is tun module loaded?");
        return -1;
    }
    struct ifreq ifr = { 0 };
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    g_strlcpy(ifr.ifr_name, want ? want : "vnet%d", IFNAMSIZ);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Unable to create tap device %s", want ? want : "vnet%d");
        close(fd);
        return -1;
    }
    char name[IFNAMSIZ];
    g_strlcpy(name, ifr.ifr_name, sizeof(name));

    /* The host side's MAC: the guest's with a first byte of 0xfe, so the
     * bridge never takes the guest's address as its own. */
    struct ifreq mac = { 0 };
    g_strlcpy(mac.ifr_name, name, IFNAMSIZ);
    mac.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(mac.ifr_hwaddr.sa_data, net->mac, 6);
    mac.ifr_hwaddr.sa_data[0] = (char)0xfe;
    if (ifreq_ioctl(SIOCSIFHWADDR, &mac) < 0)
        goto fail;
    if (bridge) {
        struct ifreq br = { 0 };
        g_strlcpy(br.ifr_name, bridge, IFNAMSIZ);
        br.ifr_ifindex = (int)if_nametoindex(name);
        if (ifreq_ioctl(SIOCBRADDIF, &br) < 0) {
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "Unable to add bridge %s port %s", bridge, name);
            close(fd);
            return -1;
        }
    }
    struct ifreq up = { 0 };
    g_strlcpy(up.ifr_name, name, IFNAMSIZ);
    if (ifreq_ioctl(SIOCGIFFLAGS, &up) < 0)
        goto fail;
    up.ifr_flags |= IFF_UP;
    if (ifreq_ioctl(SIOCSIFFLAGS, &up) < 0)
        goto fail;
    *ifname = g_strdup(name);
    return fd;

fail:
    mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                          "Unable to set up tap device %s", name);
    close(fd);
    return -1;
}

/* The public calls below reset the thread's error on success and set it on
 * failure, as any application sees them. */
char *mv_qemu_net_bridge(virConnectPtr conn, const mv_domain_net_def *net)
{
    if (net->type == MV_DOMAIN_NET_TYPE_BRIDGE) {
        if (!net->bridge || if_nametoindex(net->bridge) == 0) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "Cannot get interface MTU on '%s': No such device",
                            net->bridge ? net->bridge : "");
            return NULL;
        }
        return g_strdup(net->bridge);
    }
    virNetworkPtr n = virNetworkLookupByName(conn, net->network);
    if (!n)
        return NULL;
    char *bridge = NULL;
    if (virNetworkIsActive(n) != 1) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "network '%s' is not active",
                        net->network);
    } else {
        char *b = virNetworkGetBridgeName(n);
        bridge = b ? g_strdup(b) : NULL;
        free(b);
    }
    virNetworkFree(n);
    return bridge;
}

char *mv_qemu_volume_path(virConnectPtr conn, const mv_domain_disk_def *disk)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName(conn, disk->src_pool);
    if (!pool)
        return NULL;
    char *path = NULL;
    virStorageVolPtr vol = virStorageVolLookupByName(pool, disk->src_volume);
    if (vol) {
        char *p = virStorageVolGetPath(vol);
        path = p ? g_strdup(p) : NULL;
        free(p);
        virStorageVolFree(vol);
    }
    virStoragePoolFree(pool);
    return path;
}
