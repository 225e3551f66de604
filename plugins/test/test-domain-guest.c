/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-guest.c — the test driver's answers for what a
 * guest does or says of itself, as libvirt's test driver gives them: the
 * reset button and the NMI do nothing but check the domain runs; the host
 * name is the domain's name followed by "host"; the clock reads
 * 627319920.0 until set, then what was set (kept while the process runs,
 * across restarts of the domain); the guest has two filesystems, "/" and
 * "/boot", which it freezes and thaws (their state kept as the clock's). */
#include "test-domain.h"

#include <string.h>

#define MV_TEST_GUEST_TIME 627319920LL

static const char *const guest_mounts[] = { "/", "/boot" };

mv_test_dom_priv *mv_test_dom_priv_get(mv_domain_obj *d)
{
    if (!d->priv) {
        mv_test_dom_priv *p = g_new0(mv_test_dom_priv, 1);
        p->seconds = MV_TEST_GUEST_TIME;
        d->priv = p;
    }
    return d->priv;
}

void mv_test_dom_priv_free(void *data)
{
    mv_test_dom_priv *p = data;
    if (!p)
        return;
    if (p->iothreads)
        g_array_unref(p->iothreads);
    g_free(p);
}

static int check_running(virDomainPtr dom)
{
    mv_test_state *st;
    if (!mv_test_dom_lock_active(dom, &st))
        return -1;
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_reset(virDomainPtr dom, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainReset", -1);
    return check_running(dom);
}

int mv_test_domain_inject_nmi(virDomainPtr dom, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainInjectNMI", -1);
    return check_running(dom);
}

char *mv_test_domain_get_hostname(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetHostname", NULL);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return NULL;
    char *name = g_strdup_printf("%shost", d->def->name);
    mv_test_unlock(st);
    return name;
}

int mv_test_domain_get_time(virDomainPtr dom, long long *seconds, unsigned int *nseconds,
                            unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetTime", -1);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    const mv_test_dom_priv *p = d->priv;
    *seconds = p ? p->seconds : MV_TEST_GUEST_TIME;
    *nseconds = p ? p->nseconds : 0;
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_set_time(virDomainPtr dom, long long seconds, unsigned int nseconds,
                            unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_TIME_SYNC, "testDomainSetTime", -1);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    mv_test_dom_priv *p = mv_test_dom_priv_get(d);
    p->seconds = seconds;
    p->nseconds = nseconds;
    mv_test_unlock(st);
    return 0;
}

/* libvirt's test driver: a running domain accepts any password. */
int mv_test_domain_set_user_password(virDomainPtr dom, const char *user, const char *password,
                                     unsigned int flags)
{
    (void)user;
    (void)password;
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_PASSWORD_ENCRYPTED, "testDomainSetUserPassword", -1);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    mv_test_unlock(st);
    return 0;
}

/* Freezes (FREEZE) or thaws the mount points named (all when none are):
 * each must be one of the guest's; the number whose state changed. */
static int fs_freeze_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                          bool freeze)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    bool want[G_N_ELEMENTS(guest_mounts)] = { false };
    for (unsigned int i = 0; i < n; i++) {
        size_t j = 0;
        while (j < G_N_ELEMENTS(guest_mounts) && strcmp(mountpoints[i], guest_mounts[j]) != 0)
            j++;
        if (j == G_N_ELEMENTS(guest_mounts)) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID,
                            "mount point not found: %s",
                            mountpoints[i]);
            mv_test_unlock(st);
            return -1;
        }
        want[j] = true;
    }
    mv_test_dom_priv *p = mv_test_dom_priv_get(d);
    int changed = 0;
    for (size_t j = 0; j < G_N_ELEMENTS(guest_mounts); j++) {
        if ((n == 0 || want[j]) && p->frozen[j] != freeze) {
            p->frozen[j] = freeze;
            changed++;
        }
    }
    mv_test_unlock(st);
    return changed;
}

int mv_test_domain_fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned int n,
                             unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainFSFreeze", -1);
    return fs_freeze_thaw(dom, mountpoints, n, true);
}

int mv_test_domain_fs_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                           unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainFSThaw", -1);
    return fs_freeze_thaw(dom, mountpoints, n, false);
}

/* libvirt's test driver makes the addresses up: every interface has one
 * IPv4 address in a /24, 192.168.122.X on a virtual network (X from the
 * domain's id and the interface's index), 192.168.0.(index + 1) else; all
 * three sources give the same. */
int mv_test_domain_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned int source, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainInterfaceAddresses", -1);
    if (source >= VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP + 1) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "Unknown IP address data source %u", source);
        return -1;
    }
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    const mv_domain_devices *devs = d->def->devices;
    size_t n = devs ? devs->nnets : 0;
    virDomainInterfacePtr *out = g_new0(virDomainInterfacePtr, n + 1);
    for (size_t i = 0; i < n; i++) {
        const mv_domain_net_def *net = devs->nets[i];
        virDomainInterfacePtr iface = g_new0(virDomainInterface, 1);
        char mac[18];
        mv_domain_mac_format(net->mac, mac);
        iface->name = g_strdup(net->ifname);
        iface->hwaddr = g_strdup(mac);
        iface->naddrs = 1;
        iface->addrs = g_new0(virDomainIPAddress, 1);
        iface->addrs[0].type = VIR_IP_ADDR_TYPE_IPV4;
        iface->addrs[0].prefix = 24;
        if (net->type == MV_DOMAIN_NET_TYPE_NETWORK)
            iface->addrs[0].addr = g_strdup_printf("192.168.122.%d",
                                                   3 + (d->def->id - 1) * 20 + (int)i);
        else
            iface->addrs[0].addr = g_strdup_printf("192.168.0.%zu", i + 1);
        out[i] = iface;
    }
    mv_test_unlock(st);
    *ifaces = out;
    return (int)n;
}
