/* core/conf/domain/devices-util.c — pieces every device family shares:
 * enum tables, attributes with libvirt's error texts, <boot> and
 * <address>, and the child-writer idiom for elements that may be empty.
 */
#include "core/conf/domain/devices-util.h"

#include <errno.h>
#include <stdlib.h>
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

static void report_invalid(xmlNodePtr node, const char *attr, const char *value,
                           const char *expect)
{
    mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                    "Invalid value for attribute '%s' in element '%s': '%s'.%s%s",
                    attr, (const char *)node->name, value, expect ? " " : "",
                    expect ? expect : "");
}

int mv_conf_dev_prop_enum(xmlNodePtr node, const char *attr, const char *const *table,
                          bool required, int dflt, int *out)
{
    g_autofree char *s = mv_xml_prop(node, attr);
    if (!s) {
        if (required) {
            mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                            "Missing required attribute '%s' in element '%s'",
                            attr, (const char *)node->name);
            return -1;
        }
        *out = dflt;
        return 0;
    }
    int v = mv_conf_dev_enum_from(table, s);
    if (v < 0) {
        report_invalid(node, attr, s, NULL);
        return -1;
    }
    *out = v;
    return 0;
}

int mv_conf_dev_prop_type(xmlNodePtr node, const char *const *table,
                          const char *const *others, const char *what, int *out)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    if (type && mv_conf_dev_enum_from(others, type) >= 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported %s type '%s'", what, type);
        return -1;
    }
    return mv_conf_dev_prop_enum(node, "type", table, false, 0, out);
}

/* Numbers in attributes follow strtol's base 0 (0x.. hex, decimal). */
static int parse_number(const char *s, bool is_signed, long long *out)
{
    if (!s || !*s || g_ascii_isspace(*s) || (!is_signed && *s == '-'))
        return -1;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 0);
    if (errno || *end || (is_signed ? (v < INT32_MIN || v > INT32_MAX) : (v < 0 || v > UINT32_MAX)))
        return -1;
    *out = v;
    return 0;
}

static int prop_number(xmlNodePtr node, const char *attr, bool is_signed, long long *out)
{
    g_autofree char *s = mv_xml_prop(node, attr);
    if (!s)
        return 1;
    if (parse_number(s, is_signed, out) < 0) {
        report_invalid(node, attr, s, is_signed ? "Expected integer value"
                                                : "Expected non-negative integer value");
        return -1;
    }
    return 0;
}

int mv_conf_dev_prop_uint(xmlNodePtr node, const char *attr, unsigned int *out)
{
    long long v;
    int r = prop_number(node, attr, false, &v);
    if (r == 0)
        *out = (unsigned int)v;
    return r;
}

int mv_conf_dev_prop_int(xmlNodePtr node, const char *attr, int *out)
{
    long long v;
    int r = prop_number(node, attr, true, &v);
    if (r == 0)
        *out = (int)v;
    return r;
}

/* ---- <address> ---- */

static const char *const address_types[] = { "none", "pci", "drive", NULL };
/* Types libvirt knows that modvirt does not model yet. */
static const char *const address_types_other[] = {
    "virtio-serial", "ccid", "usb", "spapr-vio", "virtio-s390", "ccw",
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
        if (mv_conf_dev_prop_uint(node, "domain", &a->domain) < 0 ||
            mv_conf_dev_prop_uint(node, "bus", &a->bus) < 0 ||
            mv_conf_dev_prop_uint(node, "slot", &a->slot) < 0 ||
            mv_conf_dev_prop_uint(node, "function", &a->function) < 0)
            return -1;
        g_autofree char *mf = mv_xml_prop(node, "multifunction");
        if (mf && strcmp(mf, "on") != 0 && strcmp(mf, "off") != 0) {
            report_invalid(node, "multifunction", mf, NULL);
            return -1;
        }
        a->multifunction = mf && strcmp(mf, "on") == 0;
        if (pci_check(a) < 0)
            return -1;
    } else {
        if (mv_conf_dev_prop_uint(node, "controller", &a->controller) < 0 ||
            mv_conf_dev_prop_uint(node, "bus", &a->drive_bus) < 0 ||
            mv_conf_dev_prop_uint(node, "target", &a->target) < 0 ||
            mv_conf_dev_prop_uint(node, "unit", &a->unit) < 0)
            return -1;
    }
    *out = g_steal_pointer(&a);
    return 0;
}

int mv_conf_dev_info_parse(xmlNodePtr dev, bool allow_boot, mv_domain_device_info **out)
{
    mv_domain_device_info *info = g_new0(mv_domain_device_info, 1);
    xmlNodePtr boot = allow_boot ? mv_xml_child(dev, "boot") : NULL;
    if (boot) {
        int r = mv_conf_dev_prop_uint(boot, "order", &info->boot_order);
        if (r == 1)
            mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                            "Missing required attribute 'order' in element 'boot'");
        else if (r == 0 && info->boot_order == 0)
            mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                            "Invalid value for attribute 'order' in element 'boot': Zero is not permitted");
        if (r != 0 || info->boot_order == 0)
            goto error;
    }
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
    if (info->boot_order)
        mv_xml_add(w, "<boot order='%u'/>\n", info->boot_order);
    const mv_domain_device_address *a = info->address;
    if (!a)
        return;
    if (a->type == MV_DOMAIN_ADDRESS_PCI)
        mv_xml_add(w, "<address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'%s/>\n",
                   a->domain, a->bus, a->slot, a->function,
                   a->multifunction ? " multifunction='on'" : "");
    else if (a->type == MV_DOMAIN_ADDRESS_DRIVE)
        mv_xml_add(w, "<address type='drive' controller='%u' bus='%u' target='%u' unit='%u'/>\n",
                   a->controller, a->drive_bus, a->target, a->unit);
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
           a->target == b->target && a->unit == b->unit;
}

void mv_conf_dev_child_init(mv_xml_writer *child, const mv_xml_writer *w)
{
    mv_xml_writer_init(child);
    child->indent = w->indent + 2;
}

void mv_conf_dev_close(mv_xml_writer *w, mv_xml_writer *child, const char *name)
{
    if (child->buf->len == 0) {
        mv_xml_raw(w, "/>\n");
    } else {
        mv_xml_raw(w, ">\n");
        mv_xml_raw(w, child->buf->str);
        mv_xml_add(w, "</%s>\n", name);
    }
    mv_xml_writer_clear(child);
}
