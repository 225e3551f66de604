/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-disk.c — <disk>: parse, format, free (its
 * <iotune> in devices-disk-iotune.c), the parse-time ordering libvirt
 * applies, and the defaults filled after parsing (bus from the target
 * name, drive addresses, duplicate targets).
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

static const char *const disk_types[] = { "file", "block", "volume", NULL };
static const char *const disk_types_other[] = {
    "dir", "network", "nvme", "vhostuser", "vhostvdpa", NULL
};
static const char *const disk_devices[] = { "disk", "cdrom", "floppy", "lun", NULL };
static const char *const disk_buses[] = {
    "none", "ide", "fdc", "scsi", "virtio", "xen", "usb", "uml", "sata", "sd", NULL
};
static const char *const disk_caches[] = {
    "default", "none", "writethrough", "writeback", "directsync", "unsafe", NULL
};

const char *mv_domain_disk_bus_to_string(mv_domain_disk_bus bus)
{
    return bus == MV_DOMAIN_DISK_BUS_NONE ? NULL : mv_conf_dev_enum_to(disk_buses, bus);
}

/* "vdb" -> 1, "sdaa" -> 26; -1 for a name libvirt cannot number. */
int mv_conf_disk_name_index(const char *name)
{
    static const char *const prefixes[] = { "fd", "hd", "vd", "sd", "xvd", "ubd", NULL };
    if (!name)
        return -1;
    const char *p = NULL;
    for (int i = 0; prefixes[i] && !p; i++)
        if (g_str_has_prefix(name, prefixes[i]))
            p = name + strlen(prefixes[i]);
    if (!p || !*p || strlen(p) > 6)
        return -1;
    int idx = 0;
    for (int i = 0; p[i]; i++) {
        if (p[i] < 'a' || p[i] > 'z')
            return -1;
        idx = (idx + (i < 1 ? 0 : 1)) * 26 + (p[i] - 'a');
    }
    return idx;
}

static int parse_source(mv_domain_disk_def *d, xmlNodePtr src)
{
    if (!src)
        return 0;
    if (d->type == MV_DOMAIN_DISK_TYPE_FILE) {
        d->src_path = mv_xml_prop(src, "file");
    } else if (d->type == MV_DOMAIN_DISK_TYPE_BLOCK) {
        d->src_path = mv_xml_prop(src, "dev");
    } else {
        d->src_pool = mv_xml_prop(src, "pool");
        d->src_volume = mv_xml_prop(src, "volume");
        if (!d->src_pool || !d->src_volume) {
            mv_dev_error(VIR_ERR_XML_ERROR,
                         "'pool' and 'volume' must be specified together for 'pool' type source");
            return -1;
        }
    }
    return 0;
}

static int parse_type(xmlNodePtr node, mv_domain_disk_def *d)
{
    int t = 0, dev = 0;
    if (mv_conf_dev_prop_type(node, disk_types, disk_types_other, "disk", &t) < 0 ||
        mv_xml_prop_enum(node, "device", disk_devices, 0, &dev) < 0)
        return -1;
    d->type = t;
    d->device = dev;
    return 0;
}

/* libvirt's image formats (virStorageFileFormat without "none"); "aio"
 * is its old spelling of raw. */
static int check_format(mv_domain_disk_def *d)
{
    static const char *const formats[] = {
        "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd",
        "ploop", "cow", "qcow", "qcow2", "qed", "vmdk",
    };
    if (!d->driver_type)
        return 0;
    if (!strcmp(d->driver_type, "aio")) {
        g_free(d->driver_type);
        d->driver_type = g_strdup("raw");
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(formats); i++)
        if (!strcmp(d->driver_type, formats[i]))
            return 0;
    mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown driver format value '%s'", d->driver_type);
    return -1;
}

static int parse_driver_target(mv_domain_disk_def *d, xmlNodePtr node)
{
    xmlNodePtr drv = mv_xml_child(node, "driver");
    int v = 0;
    if (drv) {
        d->driver_name = mv_xml_prop(drv, "name");
        d->driver_type = mv_xml_prop(drv, "type");
        if (check_format(d) < 0)
            return -1;
        if (mv_xml_prop_enum(drv, "cache", disk_caches, 0, &v) < 0)
            return -1;
        d->cache = v;
        if (mv_xml_prop_uint(drv, "iothread", MV_XML_PROP_NONZERO, &d->iothread) < 0)
            return -1;
    }
    xmlNodePtr tgt = mv_xml_child(node, "target");
    d->dst = mv_xml_prop(tgt, "dev");
    if (!d->dst) {
        mv_dev_error(VIR_ERR_NO_TARGET, "%s", d->src_path ? d->src_path : "(null)");
        return -1;
    }
    v = MV_DOMAIN_DISK_BUS_NONE;
    if (mv_xml_prop_enum(tgt, "bus", disk_buses, MV_XML_PROP_NONZERO, &v) < 0)
        return -1;
    d->bus = v;
    return 0;
}

mv_domain_disk_def *mv_domain_disk_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    mv_domain_disk_def *d = g_new0(mv_domain_disk_def, 1);
    if (parse_type(node, d) < 0 ||
        parse_source(d, mv_xml_child(node, "source")) < 0 ||
        parse_driver_target(d, node) < 0)
        goto error;
    if (d->device == MV_DOMAIN_DISK_DEVICE_LUN && d->type != MV_DOMAIN_DISK_TYPE_BLOCK &&
        d->type != MV_DOMAIN_DISK_TYPE_VOLUME) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED,
                     "disk device='lun' is only valid for block type disk source");
        goto error;
    }
    /* Only removable media may be empty. */
    bool has_source = d->type == MV_DOMAIN_DISK_TYPE_VOLUME ? d->src_pool && d->src_volume
                                                            : d->src_path != NULL;
    if (!has_source && d->device != MV_DOMAIN_DISK_DEVICE_CDROM &&
        d->device != MV_DOMAIN_DISK_DEVICE_FLOPPY) {
        mv_dev_error(VIR_ERR_NO_SOURCE, "%s", d->dst);
        goto error;
    }
    if (mv_conf_disk_iotune_parse(node, &d->iotune) < 0)
        goto error;
    d->readonly = mv_xml_child(node, "readonly") != NULL;
    d->shareable = mv_xml_child(node, "shareable") != NULL;
    d->serial = mv_xml_child_text(node, "serial");
    if (mv_conf_dev_info_parse(node, true, &d->info) < 0)
        goto error;
    return d;
error:
    mv_domain_disk_def_free(d);
    return NULL;
}

static mv_domain_disk_bus default_bus(const mv_domain_disk_def *d)
{
    static const struct { const char *prefix; mv_domain_disk_bus bus; } map[] = {
        { "hd", MV_DOMAIN_DISK_BUS_IDE }, { "sd", MV_DOMAIN_DISK_BUS_SCSI },
        { "vd", MV_DOMAIN_DISK_BUS_VIRTIO }, { "xvd", MV_DOMAIN_DISK_BUS_XEN },
        { "ubd", MV_DOMAIN_DISK_BUS_UML },
    };
    if (d->device == MV_DOMAIN_DISK_DEVICE_FLOPPY)
        return MV_DOMAIN_DISK_BUS_FDC;
    for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
        if (g_str_has_prefix(d->dst, map[i].prefix))
            return map[i].bus;
    return MV_DOMAIN_DISK_BUS_IDE;
}

/* Bus a disk ends up on: the one written, else the default post-parse
 * picks. */
static mv_domain_disk_bus effective_bus(const mv_domain_disk_def *d)
{
    return d->bus != MV_DOMAIN_DISK_BUS_NONE ? d->bus : default_bus(d);
}

/* libvirt inserts each parsed disk next to the disks of the same bus,
 * before the first one with a higher target index. That is a stable sort
 * by target index inside groups of one bus, the groups in order of first
 * appearance: done here in O(n log n) for any count. */
typedef struct disk_key {
    unsigned int group;
    int idx;
    size_t pos;
    mv_domain_disk_def *disk;
} disk_key;

static int disk_key_cmp(const void *pa, const void *pb)
{
    const disk_key *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->idx != b->idx)
        return a->idx < b->idx ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static mv_domain_disk_bus written_bus(const mv_domain_disk_def *d)
{
    return d->bus;
}

static void sort_by_bus(mv_domain_devices *devs,
                        mv_domain_disk_bus (*bus_of)(const mv_domain_disk_def *))
{
    int group_of_bus[MV_DOMAIN_DISK_BUS_SD + 1];
    unsigned int ngroups = 0;
    for (size_t b = 0; b < G_N_ELEMENTS(group_of_bus); b++)
        group_of_bus[b] = -1;
    g_autofree disk_key *keys = g_new(disk_key, devs->ndisks);
    for (size_t i = 0; i < devs->ndisks; i++) {
        mv_domain_disk_def *d = devs->disks[i];
        mv_domain_disk_bus bus = bus_of(d);
        if (group_of_bus[bus] < 0)
            group_of_bus[bus] = (int)ngroups++;
        keys[i] = (disk_key){ (unsigned int)group_of_bus[bus],
                              mv_conf_disk_name_index(d->dst), i, d };
    }
    qsort(keys, devs->ndisks, sizeof(*keys), disk_key_cmp);
    for (size_t i = 0; i < devs->ndisks; i++)
        devs->disks[i] = keys[i].disk;
}

/* libvirt 9.0 groups by the bus as written, the default bus coming only
 * after post-parse: disks without bus='' form one group of their own, and
 * the same XML formatted with their buses filled in sorts differently, so
 * libvirt's own output is not stable under a second define. The second
 * sort, by the bus each disk ends up on, gives the order libvirt settles
 * on from the second define on, which parses back to itself. */
void mv_conf_disks_sort(mv_domain_devices *devs)
{
    if (devs->ndisks < 2)
        return;
    sort_by_bus(devs, written_bus);
    sort_by_bus(devs, effective_bus);
}

/* Units per controller and per bus for the drive buses libvirt numbers. */
static int assign_drive_address(mv_domain_disk_def *d)
{
    unsigned int per_ctrl, per_bus;
    switch (d->bus) {
    case MV_DOMAIN_DISK_BUS_SCSI: per_ctrl = 7; per_bus = 7; break;
    case MV_DOMAIN_DISK_BUS_IDE: per_ctrl = 4; per_bus = 2; break;
    case MV_DOMAIN_DISK_BUS_FDC: per_ctrl = 2; per_bus = 2; break;
    case MV_DOMAIN_DISK_BUS_SATA: per_ctrl = 6; per_bus = 6; break;
    default: return 0;
    }
    if (d->info->address)
        return 0;
    int idx = mv_conf_disk_name_index(d->dst);
    if (idx < 0) {
        mv_dev_error(VIR_ERR_XML_ERROR, "Unknown disk name '%s' and no address specified", d->dst);
        return -1;
    }
    mv_domain_device_address *a = g_new0(mv_domain_device_address, 1);
    a->type = MV_DOMAIN_ADDRESS_DRIVE;
    a->controller = (unsigned int)idx / per_ctrl;
    a->drive_bus = ((unsigned int)idx % per_ctrl) / per_bus;
    a->unit = (unsigned int)idx % per_bus;
    d->info->address = a;
    return 0;
}

static int check_bus(const mv_domain_disk_def *d)
{
    bool floppy = d->device == MV_DOMAIN_DISK_DEVICE_FLOPPY;
    if (floppy != (d->bus == MV_DOMAIN_DISK_BUS_FDC)) {
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "Invalid bus type '%s' for %s",
                     mv_conf_dev_enum_to(disk_buses, d->bus), floppy ? "floppy disk" : "disk");
        return -1;
    }
    return 0;
}

static const char *disk_source_name(const mv_domain_disk_def *d)
{
    return d->src_path ? d->src_path : d->src_volume ? d->src_volume : "<null>";
}

int mv_conf_disks_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < devs->ndisks; i++) {
        mv_domain_disk_def *d = devs->disks[i];
        if (d->bus == MV_DOMAIN_DISK_BUS_NONE)
            d->bus = default_bus(d);
        if (check_bus(d) < 0 || assign_drive_address(d) < 0)
            return -1;
        const mv_domain_disk_def *other = g_hash_table_lookup(seen, d->dst);
        if (other) {
            mv_dev_error(VIR_ERR_XML_ERROR, "target '%s' duplicated for disk sources '%s' and '%s'",
                         d->dst, disk_source_name(other), disk_source_name(d));
            return -1;
        }
        g_hash_table_insert(seen, d->dst, d);
    }
    return 0;
}

static void format_source(mv_xml_writer *w, const mv_domain_disk_def *d)
{
    if (d->type == MV_DOMAIN_DISK_TYPE_VOLUME) {
        if (!d->src_pool && !d->src_volume)
            return;
        mv_xml_start(w, "source");
        mv_xml_attr(w, "pool", d->src_pool);
        mv_xml_attr(w, "volume", d->src_volume);
    } else {
        if (!d->src_path)
            return;
        mv_xml_start(w, "source");
        mv_xml_attr(w, d->type == MV_DOMAIN_DISK_TYPE_BLOCK ? "dev" : "file", d->src_path);
    }
    mv_xml_empty(w);
}

void mv_domain_disk_def_format(mv_xml_writer *w, const mv_domain_disk_def *d)
{
    mv_xml_start(w, "disk");
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(disk_types, d->type));
    mv_xml_attr(w, "device", mv_conf_dev_enum_to(disk_devices, d->device));
    mv_xml_children(w);
    if (d->driver_name || d->driver_type || d->cache || d->iothread) {
        mv_xml_start(w, "driver");
        mv_xml_attr(w, "name", d->driver_name);
        mv_xml_attr(w, "type", d->driver_type);
        mv_xml_attr(w, "cache", d->cache ? mv_conf_dev_enum_to(disk_caches, d->cache) : NULL);
        if (d->iothread)
            mv_xml_attr_uint(w, "iothread", d->iothread);
        mv_xml_empty(w);
    }
    format_source(w, d);
    mv_xml_start(w, "target");
    mv_xml_attr(w, "dev", d->dst);
    mv_xml_attr(w, "bus", mv_domain_disk_bus_to_string(d->bus));
    mv_xml_empty(w);
    mv_conf_disk_iotune_format(w, &d->iotune);
    if (d->readonly)
        mv_xml_literal(w, "<readonly/>\n");
    if (d->shareable)
        mv_xml_literal(w, "<shareable/>\n");
    mv_xml_elem_text(w, "serial", d->serial);
    mv_conf_dev_info_format(w, d->info);
    mv_xml_close(w, "disk");
}

void mv_domain_disk_def_free(mv_domain_disk_def *d)
{
    if (!d)
        return;
    g_free(d->driver_name);
    g_free(d->driver_type);
    g_free(d->src_path);
    g_free(d->src_pool);
    g_free(d->src_volume);
    g_free(d->dst);
    g_free(d->serial);
    mv_domain_iotune_clear(&d->iotune);
    mv_conf_dev_info_free(d->info);
    g_free(d);
}

mv_domain_disk_def *mv_domain_devices_find_disk(const mv_domain_devices *devs, const char *target)
{
    for (size_t i = 0; devs && target && i < devs->ndisks; i++)
        if (g_strcmp0(devs->disks[i]->dst, target) == 0)
            return devs->disks[i];
    return NULL;
}
