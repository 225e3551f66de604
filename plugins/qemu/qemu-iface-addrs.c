/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-iface-addrs.c — virDomainInterfaceAddresses for qemu
 * guests, from the three sources libvirt knows:
 * - lease: the DHCP leases of the virtual networks the guest's
 *   <interface type='network'> are on, by MAC (the plugin API's lookup,
 *   which also gives virDomainGetHostname's lease source here);
 * - agent: guest-network-get-interfaces, an alias "eth0:1" folded into
 *   "eth0";
 * - arp: the host's neighbour table (the plugin API's lookup). */
#include "qemu-driver.h"

#include <modvirt-plugin/guest-leases.h>

#include <stdlib.h>
#include <string.h>

/* The running domain's interfaces and (NAME not NULL) name, copied under
 * the lock (the lookups call the network driver), or NULL (reported). */
static mv_guest_nics *nics_get(virDomainPtr dom, char **name)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    mv_guest_nics *nics = NULL;
    if (!mv_qemu_vm_active(vm)) {
        mv_qemu_error_not_running();
    } else {
        nics = mv_guest_nics_new(vm->obj->def);
        if (name)
            *name = g_strdup(vm->obj->def->name);
    }
    pthread_mutex_unlock(&st->lock);
    return nics;
}

static int from_agent(virDomainPtr dom, GPtrArray *list)
{
    JsonNode *r = mv_qemu_agent_run(dom, "guest-network-get-interfaces", NULL);
    if (!r)
        return -1;
    if (!JSON_NODE_HOLDS_ARRAY(r)) {
        json_node_unref(r);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "qemu agent didn't return an array of interfaces");
        return -1;
    }
    JsonArray *arr = json_node_get_array(r);
    int rc = 0;
    for (guint i = 0; rc == 0 && i < json_array_get_length(arr); i++) {
        JsonObject *o = json_array_get_object_element(arr, i);
        const char *name = o ? json_object_get_string_member_with_default(o, "name", NULL)
                             : NULL;
        if (!name) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "qemu agent didn't provide 'name' field");
            rc = -1;
            break;
        }
        /* An alias (eth0:1) adds its addresses to its interface. */
        g_autofree char *base = g_strndup(name, strcspn(name, ":"));
        virDomainInterfacePtr iface = NULL;
        for (guint k = 0; k < list->len && !iface; k++)
            if (strcmp(((virDomainInterfacePtr)list->pdata[k])->name, base) == 0)
                iface = list->pdata[k];
        if (!iface)
            iface = mv_guest_iface_new(list, base,
                                       json_object_get_string_member_with_default(
                                           o, "hardware-address", NULL));
        JsonArray *ips = json_object_has_member(o, "ip-addresses")
            ? json_object_get_array_member(o, "ip-addresses") : NULL;
        for (guint j = 0; ips && j < json_array_get_length(ips); j++) {
            JsonObject *ip = json_array_get_object_element(ips, j);
            const char *type = ip ? json_object_get_string_member_with_default(
                                        ip, "ip-address-type", NULL) : NULL;
            const char *addr = ip ? json_object_get_string_member_with_default(
                                        ip, "ip-address", NULL) : NULL;
            if (!type || !addr) {
                mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                                "qemu agent didn't provide 'ip-address-type' or 'ip-address'"
                                " field");
                rc = -1;
                break;
            }
            if (strcmp(type, "ipv4") != 0 && strcmp(type, "ipv6") != 0) {
                mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                                "unknown ip address type '%s'", type);
                rc = -1;
                break;
            }
            gint64 prefix = json_object_get_int_member_with_default(ip, "prefix", 0);
            mv_guest_iface_add_addr(iface, strcmp(type, "ipv4") == 0 ? VIR_IP_ADDR_TYPE_IPV4
                                                                     : VIR_IP_ADDR_TYPE_IPV6,
                                    addr, (unsigned int)prefix);
        }
    }
    json_node_unref(r);
    return rc;
}

int mv_qemu_domain_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned int source, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return -1;
    mv_guest_nics *nics = nics_get(dom, NULL);
    if (!nics)
        return -1;
    int rc;
    switch (source) {
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE:
        rc = mv_guest_leases_addresses(virDomainGetConnect(dom), nics, ifaces);
        break;
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT: {
        GPtrArray *list = g_ptr_array_new();
        rc = from_agent(dom, list);
        if (rc < 0)
            mv_guest_ifaces_free(list);
        else
            rc = mv_guest_ifaces_take(list, ifaces);
        break;
    }
    case VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP:
        rc = mv_guest_arp_addresses(MV_QEMU_ERR, nics, ifaces);
        break;
    default:
        mv_error_report(MV_QEMU_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "Unknown IP address data source %u", source);
        rc = -1;
    }
    mv_guest_nics_free(nics);
    return rc;
}

char *mv_qemu_domain_lease_hostname(virDomainPtr dom)
{
    g_autofree char *name = NULL;
    mv_guest_nics *nics = nics_get(dom, &name);
    if (!nics)
        return NULL;
    char *hostname = mv_guest_leases_hostname(MV_QEMU_ERR, virDomainGetConnect(dom), nics, name);
    mv_guest_nics_free(nics);
    return hostname;
}
