/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-guest.c — what the host knows of a running container's
 * network identity, as libvirt's LXC driver answers it: its hostname and
 * addresses from the DHCP leases of its virtual networks, its addresses
 * from the host's neighbour table (the plugin API's lookups), and that it
 * never has a managed save image. */
#include "lxc.h"

#include <modvirt-plugin/guest-leases.h>

/* The running container's interfaces and name (copied under the lock: the
 * lookups call the network driver), or NULL (reported). */
static mv_guest_nics *running_nics(virDomainPtr dom, char **name)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return NULL;
    mv_guest_nics *nics = NULL;
    if (!mv_lxc_dom_active(d)) {
        mv_lxc_report_not_running();
    } else {
        nics = mv_guest_nics_new(d->obj->def);
        if (name)
            *name = g_strdup(d->obj->def->name);
    }
    mv_lxc_unlock(st);
    return nics;
}

/* The lease source only (flags 0 means it too). */
char *mv_lxc_get_hostname(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_GET_HOSTNAME_LEASE, MV_LXC_ERR,
                             "lxcDomainGetHostname") < 0)
        return NULL;
    g_autofree char *name = NULL;
    mv_guest_nics *nics = running_nics(dom, &name);
    if (!nics)
        return NULL;
    char *hostname = mv_guest_leases_hostname(MV_LXC_ERR, virDomainGetConnect(dom), nics, name);
    mv_guest_nics_free(nics);
    return hostname;
}

/* The lease and arp sources; there is no agent in a container. */
int mv_lxc_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                               unsigned int source, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_LXC_ERR, "lxcDomainInterfaceAddresses") < 0)
        return -1;
    mv_guest_nics *nics = running_nics(dom, NULL);
    if (!nics)
        return -1;
    int rc = -1;
    switch (source) {
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE:
        rc = mv_guest_leases_addresses(virDomainGetConnect(dom), nics, ifaces);
        break;
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP:
        rc = mv_guest_arp_addresses(MV_LXC_ERR, nics, ifaces);
        break;
    default:
        mv_error_report(MV_LXC_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "Unknown IP address data source %d", (int)source);
    }
    mv_guest_nics_free(nics);
    return rc;
}

/* A container cannot be saved: never an image, running or not. */
int mv_lxc_has_managed_save_image(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_LXC_ERR, "lxcDomainHasManagedSaveImage") < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_lxc_unlock(st);
    return 0;
}
