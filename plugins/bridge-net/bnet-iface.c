/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-iface.c — the host interface driver's slots (the
 * table is in bnet-plugin.c): the existing links of the process's network
 * namespace, listed, looked up, described and set up or down over
 * rtnetlink. Links are not defined here: modvirt does not write the
 * distribution's network configuration.
 */
#include "bnet-iface.h"

#include <net/if.h>
#include <string.h>

/* Local URIs of the drivers that rely on us for host interfaces. */
mv_open_status mv_bnet_iface_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags)
{
    (void)conn;
    (void)flags;
    return uri->server || uri->transport ? MV_OPEN_DECLINED : MV_OPEN_SUCCESS;
}

/* No per-connection state: every call reads the kernel. */
int mv_bnet_iface_close(virConnectPtr conn)
{
    (void)conn;
    return 0;
}

static virInterfacePtr mv_bnet_iface_handle(virConnectPtr conn, mv_bnet_iface_link *link)
{
    g_autofree char *mac = mv_bnet_iface_nl_mac(link);
    return mv_interface_new(conn, rtnl_link_get_name(link), mac);
}

static bool mv_bnet_iface_is_up(mv_bnet_iface_link *link)
{
    return rtnl_link_get_flags(link) & IFF_UP;
}

#define MV_BNET_IFACE_FILTERS \
    (VIR_CONNECT_LIST_INTERFACES_ACTIVE | VIR_CONNECT_LIST_INTERFACES_INACTIVE)

static bool mv_bnet_iface_match(mv_bnet_iface_link *link, unsigned int flags)
{
    unsigned int filters = flags & MV_BNET_IFACE_FILTERS;
    if (!filters || filters == MV_BNET_IFACE_FILTERS)
        return true;
    return mv_bnet_iface_is_up(link) == !!(flags & VIR_CONNECT_LIST_INTERFACES_ACTIVE);
}

/* Listing and lookups */

static void mv_bnet_iface_unref(gpointer h)
{
    virInterfaceFree(h);
}

int mv_bnet_iface_list_all(virConnectPtr conn, virInterfacePtr **ifaces, unsigned int flags)
{
    if (mv_error_check_flags(flags, MV_BNET_IFACE_FILTERS,
                             MV_BNET_IFACE_ERR, __func__) < 0)
        return -1;
    g_auto(mv_bnet_iface_nl) nl = { 0 };
    if (mv_bnet_iface_nl_open(&nl) < 0)
        return -1;
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(mv_bnet_iface_unref);
    int n = 0;
    for (struct nl_object *o = nl_cache_get_first(nl.links); o; o = nl_cache_get_next(o)) {
        mv_bnet_iface_link *link = (mv_bnet_iface_link *)o;
        if (!mv_bnet_iface_nl_listed(&nl, link) || !mv_bnet_iface_match(link, flags))
            continue;
        n++;
        if (!ifaces)
            continue;
        virInterfacePtr h = mv_bnet_iface_handle(conn, link);
        if (!h)
            return -1;
        g_ptr_array_add(list, h);
    }
    if (ifaces) {
        g_ptr_array_add(list, NULL);
        g_ptr_array_set_free_func(list, NULL);
        *ifaces = (virInterfacePtr *)g_ptr_array_free(g_steal_pointer(&list), FALSE);
    }
    return n;
}

virInterfacePtr mv_bnet_iface_lookup_name(virConnectPtr conn, const char *name)
{
    g_auto(mv_bnet_iface_nl) nl = { 0 };
    if (mv_bnet_iface_nl_open(&nl) < 0)
        return NULL;
    g_autoptr(mv_bnet_iface_link) link = mv_bnet_iface_nl_find(&nl, name);
    return link ? mv_bnet_iface_handle(conn, link) : NULL;
}

/* Among the listed links, as libvirt's udev backend; case does not matter. */
virInterfacePtr mv_bnet_iface_lookup_mac(virConnectPtr conn, const char *mac)
{
    g_auto(mv_bnet_iface_nl) nl = { 0 };
    if (mv_bnet_iface_nl_open(&nl) < 0)
        return NULL;
    mv_bnet_iface_link *found = NULL;
    for (struct nl_object *o = nl_cache_get_first(nl.links); o; o = nl_cache_get_next(o)) {
        mv_bnet_iface_link *link = (mv_bnet_iface_link *)o;
        g_autofree char *m = mv_bnet_iface_nl_mac(link);
        if (!m || g_ascii_strcasecmp(m, mac) != 0 || !mv_bnet_iface_nl_listed(&nl, link))
            continue;
        if (found) {
            mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_MULTIPLE_INTERFACES,
                            "the MAC address '%s' matches multiple interfaces", mac);
            return NULL;
        }
        found = link;
    }
    if (!found) {
        mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_NO_INTERFACE,
                        "couldn't find interface with MAC address '%s'", mac);
        return NULL;
    }
    return mv_bnet_iface_handle(conn, found);
}

/* The link behind a handle, read afresh; a handle can outlive its link. */
#define MV_BNET_IFACE_BEGIN(iface, nl, link, fail)                          \
    g_auto(mv_bnet_iface_nl) nl = { 0 };                                    \
    if (mv_bnet_iface_nl_open(&nl) < 0)                                     \
        return fail;                                                        \
    g_autoptr(mv_bnet_iface_link) link =                                    \
        mv_bnet_iface_nl_find(&nl, virInterfaceGetName(iface));             \
    if (!link)                                                              \
        return fail;

/* State */

/* VIR_INTERFACE_XML_INACTIVE is accepted and changes nothing, as with
 * libvirt's udev backend: there is no configuration, only the live link. */
char *mv_bnet_iface_get_xml(virInterfacePtr iface, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_INTERFACE_XML_INACTIVE, MV_BNET_IFACE_ERR, __func__) < 0)
        return NULL;
    MV_BNET_IFACE_BEGIN(iface, nl, link, NULL);
    mv_interface_def *def = mv_bnet_iface_def(&nl, link);
    if (!def)
        return NULL;
    char *xml = mv_interface_def_format(def, flags);
    mv_interface_def_free(def);
    return xml;
}

/* Active means administratively up (IFF_UP), what Create/Destroy change. */
int mv_bnet_iface_is_active(virInterfacePtr iface)
{
    MV_BNET_IFACE_BEGIN(iface, nl, link, -1);
    return mv_bnet_iface_is_up(link);
}

/* Like ifup/ifdown under netcf: bringing up a link that is up succeeds. */
static int mv_bnet_iface_set_state(virInterfacePtr iface, unsigned int flags,
                                   const char *func, bool up)
{
    if (mv_error_check_flags(flags, 0, MV_BNET_IFACE_ERR, func) < 0)
        return -1;
    MV_BNET_IFACE_BEGIN(iface, nl, link, -1);
    if (mv_bnet_iface_is_up(link) == up)
        return 0;
    return mv_bnet_iface_nl_set_up(&nl, link, up);
}

int mv_bnet_iface_create(virInterfacePtr iface, unsigned int flags)
{
    return mv_bnet_iface_set_state(iface, flags, __func__, true);
}

int mv_bnet_iface_destroy(virInterfacePtr iface, unsigned int flags)
{
    return mv_bnet_iface_set_state(iface, flags, __func__, false);
}

/* Definitions: refused, and the message says why. */

#define MV_BNET_IFACE_WHY \
    "modvirt's bridge-net driver manages the host's existing network links and " \
    "does not write the distribution's network configuration"

virInterfacePtr mv_bnet_iface_define(virConnectPtr conn, const char *xml, unsigned int flags)
{
    (void)conn;
    (void)xml;
    (void)flags;
    mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_NO_SUPPORT,
                    "cannot define a host interface: " MV_BNET_IFACE_WHY
                    "; create the link with the system's network tools (ip link, "
                    "NetworkManager, ifupdown, systemd-networkd)");
    return NULL;
}

int mv_bnet_iface_undefine(virInterfacePtr iface)
{
    mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_NO_SUPPORT,
                    "cannot undefine interface '%s': " MV_BNET_IFACE_WHY
                    "; remove it with the system's network tools",
                    virInterfaceGetName(iface));
    return -1;
}

int mv_bnet_iface_change(virConnectPtr conn, unsigned int flags)
{
    (void)conn;
    (void)flags;
    mv_error_report(MV_BNET_IFACE_ERR, VIR_ERR_NO_SUPPORT,
                    "interface change transactions are not available: " MV_BNET_IFACE_WHY
                    ", so there is no configuration to snapshot or roll back");
    return -1;
}
