/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-util.c — pieces every device family shares:
 * enum tables, the type attribute of a device, <boot> and <address>.
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

int mv_conf_dev_enum_from(const char *const *table, const char *s)
{
    for (int i = 0; s && table[i]; i++)
        if (strcmp(table[i], s) == 0)
            return i;
    return -1;
}

const char *mv_conf_dev_enum_to(const char *const *table, int v)
{
    for (int i = 0; table[i]; i++)
        if (i == v)
            return table[i];
    return NULL;
}

int mv_conf_dev_prop_type(xmlNodePtr node, const char *const *table,
                          const char *const *others, const char *what, int *out)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    if (type && mv_conf_dev_enum_from(others, type) >= 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported %s type '%s'", what, type);
        return -1;
    }
    return mv_xml_prop_enum(node, "type", table, 0, out);
}

/* ---- <address> ---- */

static const char *const address_types[] = { "none", "pci", "drive", "virtio-serial", NULL };
/* Types libvirt knows that modvirt does not model yet. */
static const char *const address_types_other[] = {
    "ccid", "usb", "spapr-vio", "virtio-s390", "ccw",
    "virtio-mmio", "isa", "dimm", "unassigned", NULL
};

static int pci_check(const mv_domain_device_address *a)
{
    const char *what = NULL;
    unsigned int val = 0, max = 0;
    if (a->domain > 0xFFFF)
        what = "domain", val = a->domain, max = 0xFFFF;
    else if (a->bus > 0xFF)
        what = "bus", val = a->bus, max = 0xFF;
    else if (a->slot > 0x1F)
        what = "slot", val = a->slot, max = 0x1F;
    else if (a->function > 7)
        what = "function", val = a->function, max = 7;
    if (!what)
        return 0;
    mv_error_report(VIR_FROM_NONE, VIR_ERR_XML_ERROR,
                    "Invalid PCI address %s='0x%x', must be <= 0x%X", what, val, max);
    return -1;
}

static int address_parse(xmlNodePtr node, mv_domain_device_address **out)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    if (!type) {
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "No type specified for device address");
        return -1;
    }
    int t = mv_conf_dev_enum_from(address_types, type);
    if (t <= 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s address type '%s'",
                     mv_conf_dev_enum_from(address_types_other, type) >= 0 ? "unsupported" : "unknown",
                     type);
        return -1;
    }
    g_autofree mv_domain_device_address *a = g_new0(mv_domain_device_address, 1);
    a->type = t;
    if (t == MV_DOMAIN_ADDRESS_PCI) {
        /* libvirt reads PCI address fields as C numbers (0x1f, 017, 31),
         * every other number of a definition as decimal. */
        if (mv_xml_prop_uint(node, "domain", MV_XML_PROP_ANY_BASE, &a->domain) < 0 ||
            mv_xml_prop_uint(node, "bus", MV_XML_PROP_ANY_BASE, &a->bus) < 0 ||
            mv_xml_prop_uint(node, "slot", MV_XML_PROP_ANY_BASE, &a->slot) < 0 ||
            mv_xml_prop_uint(node, "function", MV_XML_PROP_ANY_BASE, &a->function) < 0 ||
            mv_xml_prop_onoff(node, "multifunction", 0, &a->multifunction) < 0 ||
            pci_check(a) < 0)
            return -1;
    } else if (t == MV_DOMAIN_ADDRESS_VIRTIO_SERIAL) {
        if (mv_xml_prop_uint(node, "controller", 0, &a->controller) < 0 ||
            mv_xml_prop_uint(node, "bus", 0, &a->drive_bus) < 0 ||
            mv_xml_prop_uint(node, "port", 0, &a->port) < 0)
            return -1;
    } else {
        if (mv_xml_prop_uint(node, "controller", 0, &a->controller) < 0 ||
            mv_xml_prop_uint(node, "bus", 0, &a->drive_bus) < 0 ||
            mv_xml_prop_uint(node, "target", 0, &a->target) < 0 ||
            mv_xml_prop_uint(node, "unit", 0, &a->unit) < 0)
            return -1;
    }
    *out = g_steal_pointer(&a);
    return 0;
}

int mv_conf_dev_info_parse(xmlNodePtr dev, bool allow_boot, mv_domain_device_info **out)
{
    mv_domain_device_info *info = g_new0(mv_domain_device_info, 1);
    xmlNodePtr boot = allow_boot ? mv_xml_child(dev, "boot") : NULL;
    if (boot && mv_xml_prop_uint(boot, "order", MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO,
                                 &info->boot_order) < 0)
        goto error;
    xmlNodePtr addr = mv_xml_child(dev, "address");
    if (addr && address_parse(addr, &info->address) < 0)
        goto error;
    *out = info;
    return 0;
error:
    mv_conf_dev_info_free(info);
    return -1;
}

void mv_conf_dev_info_format(mv_xml_writer *w, const mv_domain_device_info *info)
{
    if (!info)
        return;
    if (info->boot_order) {
        mv_xml_start(w, "boot");
        mv_xml_attr_uint(w, "order", info->boot_order);
        mv_xml_empty(w);
    }
    const mv_domain_device_address *a = info->address;
    if (!a)
        return;
    if (a->type == MV_DOMAIN_ADDRESS_PCI) {
        mv_xml_start(w, "address");
        mv_xml_attr(w, "type", "pci");
        mv_xml_attr_hex(w, "domain", a->domain, 4);
        mv_xml_attr_hex(w, "bus", a->bus, 2);
        mv_xml_attr_hex(w, "slot", a->slot, 2);
        mv_xml_attr_hex(w, "function", a->function, 1);
        if (a->multifunction)
            mv_xml_attr(w, "multifunction", "on");
        mv_xml_empty(w);
    } else if (a->type == MV_DOMAIN_ADDRESS_DRIVE) {
        mv_xml_start(w, "address");
        mv_xml_attr(w, "type", "drive");
        mv_xml_attr_uint(w, "controller", a->controller);
        mv_xml_attr_uint(w, "bus", a->drive_bus);
        mv_xml_attr_uint(w, "target", a->target);
        mv_xml_attr_uint(w, "unit", a->unit);
        mv_xml_empty(w);
    } else if (a->type == MV_DOMAIN_ADDRESS_VIRTIO_SERIAL) {
        mv_xml_start(w, "address");
        mv_xml_attr(w, "type", "virtio-serial");
        mv_xml_attr_uint(w, "controller", a->controller);
        mv_xml_attr_uint(w, "bus", a->drive_bus);
        mv_xml_attr_uint(w, "port", a->port);
        mv_xml_empty(w);
    }
}

void mv_conf_dev_info_free(mv_domain_device_info *info)
{
    if (!info)
        return;
    g_free(info->address);
    g_free(info);
}

bool mv_conf_dev_address_equal(const mv_domain_device_address *a,
                               const mv_domain_device_address *b)
{
    if (!a || !b)
        return !a && !b;
    return a->type == b->type && a->domain == b->domain && a->bus == b->bus &&
           a->slot == b->slot && a->function == b->function &&
           a->controller == b->controller && a->drive_bus == b->drive_bus &&
           a->target == b->target && a->unit == b->unit && a->port == b->port;
}
