/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-disk.c — disks: a -blockdev for the storage
 * (file, host_device, host_cdrom), a -blockdev for the image format on top,
 * and the guest device (virtio-blk-pci, ide-hd/ide-cd, scsi-hd/scsi-cd,
 * floppy) attached to the bus libvirt's drive address names.
 */
#include "qemu-command.h"

#include <modvirt-plugin/error.h>

#include <string.h>

static const char *const formats[] = {
    "raw", "qcow2", "qcow", "vmdk", "vdi", "vpc", "vhdx", "qed", NULL
};

/* cache mode -> cache.direct, cache.no-flush, write-cache */
static const struct { const char *direct, *no_flush, *wce; } cache_modes[] = {
    [MV_DOMAIN_DISK_CACHE_NONE] = { "on", "off", "on" },
    [MV_DOMAIN_DISK_CACHE_WRITETHROUGH] = { "off", "off", "off" },
    [MV_DOMAIN_DISK_CACHE_WRITEBACK] = { "off", "off", "on" },
    [MV_DOMAIN_DISK_CACHE_DIRECTSYNC] = { "on", "off", "off" },
    [MV_DOMAIN_DISK_CACHE_UNSAFE] = { "off", "on", "on" },
};

static void add_cache(const mv_domain_disk_def *d, GString *s)
{
    if (d->cache == MV_DOMAIN_DISK_CACHE_DEFAULT || d->cache >= G_N_ELEMENTS(cache_modes))
        return;
    mv_qemu_opt_fmt(s, "cache.direct", "%s", cache_modes[d->cache].direct);
    mv_qemu_opt_fmt(s, "cache.no-flush", "%s", cache_modes[d->cache].no_flush);
}

static int source_path(mv_qemu_build *b, size_t i, const char **path)
{
    const mv_domain_disk_def *d = b->devs->disks[i];
    *path = d->src_path;
    if (d->type == MV_DOMAIN_DISK_TYPE_VOLUME) {
        *path = i < b->in->nvolume_paths ? b->in->volume_paths[i] : NULL;
        if (!*path)
            return mv_qemu_unsupported("volume '%s' of pool '%s' (disk '%s') was not resolved "
                                       "to a path", d->src_volume, d->src_pool, d->dst);
    }
    if (!*path && d->device != MV_DOMAIN_DISK_DEVICE_CDROM &&
        d->device != MV_DOMAIN_DISK_DEVICE_FLOPPY)
        return mv_qemu_unsupported("disk '%s' has no source", d->dst);
    return 0;
}

static int check_disk(const mv_domain_disk_def *d)
{
    if (d->driver_name && strcmp(d->driver_name, "qemu") != 0)
        return mv_qemu_unsupported("disk '%s': driver name '%s' is not supported by QEMU "
                                   "(only 'qemu')", d->dst, d->driver_name);
    if (d->driver_type && !g_strv_contains(formats, d->driver_type))
        return mv_qemu_unsupported("disk '%s': image format '%s' is not supported",
                                   d->dst, d->driver_type);
    if (d->device == MV_DOMAIN_DISK_DEVICE_LUN)
        return mv_qemu_unsupported("disk '%s': device 'lun' is not supported by this QEMU "
                                   "driver", d->dst);
    return mv_qemu_check_disk_iotune(d);
}

int mv_qemu_check_disk_iotune(const mv_domain_disk_def *d)
{
    /* QEMU ignores a group without limits. */
    if (d->iotune.group_name && !mv_domain_iotune_has_any(&d->iotune))
        return mv_qemu_unsupported("group_name can be configured only together with settings");
    for (int v = 0; v <= MV_DOMAIN_IOTUNE_SIZE_IOPS_SEC; v++) {
        if (d->iotune.v[v] > MV_QEMU_IOTUNE_MAX) {
            mv_error_report(VIR_FROM_QEMU, VIR_ERR_ARGUMENT_UNSUPPORTED,
                            "block I/O throttle limit must be no more than %llu using QEMU",
                            MV_QEMU_IOTUNE_MAX);
            return -1;
        }
    }
    return 0;
}

/* The two -blockdev nodes of disk I; NODE gets the format node's name. */
static void add_blockdevs(mv_qemu_build *b, size_t i, const char *path, char **node)
{
    const mv_domain_disk_def *d = b->devs->disks[i];
    bool cdrom = d->device == MV_DOMAIN_DISK_DEVICE_CDROM;
    bool ro = d->readonly || cdrom;
    const char *driver = "file";
    if (d->type == MV_DOMAIN_DISK_TYPE_BLOCK)
        driver = cdrom ? "host_cdrom" : "host_device";
    GString *s = g_string_new(NULL);
    mv_qemu_opt_fmt(s, "driver", "%s", driver);
    mv_qemu_opt_str(s, "filename", path);
    mv_qemu_opt_fmt(s, "node-name", "disk%zu-storage", i);
    mv_qemu_opt_fmt(s, "auto-read-only", "on");
    mv_qemu_opt_fmt(s, "discard", "unmap");
    add_cache(d, s);
    mv_qemu_add_opts(b, "-blockdev", s);
    s = g_string_new(NULL);
    mv_qemu_opt_fmt(s, "node-name", "disk%zu-format", i);
    mv_qemu_opt_fmt(s, "read-only", ro ? "on" : "off");
    add_cache(d, s);
    mv_qemu_opt_fmt(s, "driver", "%s", d->driver_type ? d->driver_type : "raw");
    mv_qemu_opt_fmt(s, "file", "disk%zu-storage", i);
    mv_qemu_add_opts(b, "-blockdev", s);
    *node = g_strdup_printf("disk%zu-format", i);
}

static int scsi_bus(mv_qemu_build *b, const mv_domain_disk_def *d, GString *s)
{
    const mv_domain_device_address *a = d->info->address;
    const mv_domain_controller_def *c =
        mv_domain_devices_find_controller(b->devs, MV_DOMAIN_CONTROLLER_SCSI, (int)a->controller);
    g_string_append(s, d->device == MV_DOMAIN_DISK_DEVICE_CDROM ? "scsi-cd" : "scsi-hd");
    mv_qemu_opt_fmt(s, "bus", "scsi%u.0", a->controller);
    if (c && g_strcmp0(c->model, "lsilogic") == 0) {
        if (a->drive_bus || a->target)
            return mv_qemu_unsupported("disk '%s': the lsilogic controller has one bus and "
                                       "target; use the unit", d->dst);
        mv_qemu_opt_fmt(s, "scsi-id", "%u", a->unit);
    } else {
        mv_qemu_opt_fmt(s, "channel", "%u", a->drive_bus);
        mv_qemu_opt_fmt(s, "scsi-id", "%u", a->target);
        mv_qemu_opt_fmt(s, "lun", "%u", a->unit);
    }
    mv_qemu_opt_fmt(s, "id", "scsi%u-%u-%u-%u", a->controller, a->drive_bus, a->target, a->unit);
    return 0;
}

/* The device for buses with drive addresses (ide, sata, scsi, fdc). */
static int drive_bus(mv_qemu_build *b, const mv_domain_disk_def *d, GString *s)
{
    const mv_domain_device_address *a = d->info ? d->info->address : NULL;
    bool cdrom = d->device == MV_DOMAIN_DISK_DEVICE_CDROM;
    if (!a || a->type != MV_DOMAIN_ADDRESS_DRIVE)
        return mv_qemu_unsupported("disk '%s' needs a drive address on bus '%s'", d->dst,
                                   mv_domain_disk_bus_to_string(d->bus));
    switch (d->bus) {
    case MV_DOMAIN_DISK_BUS_IDE:
        if (b->q35)
            return mv_qemu_unsupported("disk '%s': IDE is not available on machine type q35; "
                                       "use bus 'sata'", d->dst);
        if (a->controller || a->drive_bus > 1 || a->unit > 1 || a->target)
            return mv_qemu_unsupported("disk '%s': IDE address %u:%u:%u:%u does not exist "
                                       "(one controller, 2 buses, 2 units)", d->dst,
                                       a->controller, a->drive_bus, a->target, a->unit);
        if (d->readonly && !cdrom)
            return mv_qemu_unsupported("disk '%s': read-only IDE disks are not supported", d->dst);
        g_string_append(s, cdrom ? "ide-cd" : "ide-hd");
        mv_qemu_opt_fmt(s, "bus", "ide.%u", a->drive_bus);
        mv_qemu_opt_fmt(s, "unit", "%u", a->unit);
        mv_qemu_opt_fmt(s, "id", "ide0-%u-%u", a->drive_bus, a->unit);
        return 0;
    case MV_DOMAIN_DISK_BUS_SATA:
        if (a->drive_bus || a->target || a->unit > 5)
            return mv_qemu_unsupported("disk '%s': SATA address %u:%u:%u:%u does not exist",
                                       d->dst, a->controller, a->drive_bus, a->target, a->unit);
        if (d->readonly && !cdrom)
            return mv_qemu_unsupported("disk '%s': read-only SATA disks are not supported", d->dst);
        g_string_append(s, cdrom ? "ide-cd" : "ide-hd");
        if (b->q35 && a->controller == 0)
            mv_qemu_opt_fmt(s, "bus", "ide.%u", a->unit);
        else
            mv_qemu_opt_fmt(s, "bus", "sata%u.%u", a->controller, a->unit);
        mv_qemu_opt_fmt(s, "id", "sata%u-0-%u", a->controller, a->unit);
        return 0;
    case MV_DOMAIN_DISK_BUS_SCSI:
        return scsi_bus(b, d, s);
    default:   /* fdc */
        if (b->q35 || a->controller || a->drive_bus || a->unit > 1)
            return mv_qemu_unsupported("disk '%s': floppy drives need machine type pc, "
                                       "units 0 and 1", d->dst);
        g_string_append(s, "floppy");
        mv_qemu_opt_fmt(s, "unit", "%u", a->unit);
        mv_qemu_opt_fmt(s, "id", "fdc0-0-%u", a->unit);
        return 0;
    }
}

/* A disk's <driver iothread='N'>: virtio disks only, and N one of the
 * domain's I/O threads (libvirt's checks and messages). */
static int check_iothread(const mv_domain_def *def, const mv_domain_disk_def *d)
{
    if (d->bus != MV_DOMAIN_DISK_BUS_VIRTIO)
        return mv_qemu_unsupported("IOThreads not available for bus %s target %s",
                                   mv_domain_disk_bus_to_string(d->bus), d->dst);
    if (!mv_domain_iothread_find(def, d->iothread))
        return mv_qemu_unsupported("Disk iothread '%u' not defined in iothreadid", d->iothread);
    return 0;
}

static int add_disk(mv_qemu_build *b, size_t i)
{
    const mv_domain_disk_def *d = b->devs->disks[i];
    const char *path;
    if (check_disk(d) < 0 || source_path(b, i, &path) < 0)
        return -1;
    bool virtio = d->bus == MV_DOMAIN_DISK_BUS_VIRTIO;
    if (virtio && d->device != MV_DOMAIN_DISK_DEVICE_DISK)
        return mv_qemu_unsupported("disk '%s': a %s cannot be on bus 'virtio'", d->dst,
                                   d->device == MV_DOMAIN_DISK_DEVICE_CDROM ? "cdrom" : "floppy");
    if (!virtio && d->bus != MV_DOMAIN_DISK_BUS_IDE && d->bus != MV_DOMAIN_DISK_BUS_SATA &&
        d->bus != MV_DOMAIN_DISK_BUS_SCSI && d->bus != MV_DOMAIN_DISK_BUS_FDC)
        return mv_qemu_unsupported("disk '%s': bus '%s' is not supported by this QEMU driver "
                                   "(virtio, scsi, sata, ide, fdc)", d->dst,
                                   mv_domain_disk_bus_to_string(d->bus));
    if (d->iothread && check_iothread(b->def, d) < 0)
        return -1;
    GString *s = g_string_new(virtio ? "virtio-blk-pci" : NULL);
    if (d->iothread)
        mv_qemu_opt_fmt(s, "iothread", "iothread%u", d->iothread);
    if (!virtio && drive_bus(b, d, s) < 0) {
        g_string_free(s, TRUE);
        return -1;
    }
    g_autofree char *node = NULL;
    if (path)
        add_blockdevs(b, i, path, &node);
    if (node)
        mv_qemu_opt_fmt(s, "drive", "%s", node);
    if (virtio)
        mv_qemu_opt_fmt(s, "id", "virtio-disk%zu", i);
    if (d->cache != MV_DOMAIN_DISK_CACHE_DEFAULT && d->cache < G_N_ELEMENTS(cache_modes))
        mv_qemu_opt_fmt(s, "write-cache", "%s", cache_modes[d->cache].wce);
    if (d->shareable)
        mv_qemu_opt_fmt(s, "share-rw", "on");
    if (d->serial)
        mv_qemu_opt_str(s, "serial", d->serial);
    mv_qemu_opt_boot(s, d->info);
    if (virtio)
        return mv_qemu_add_pci_device(b, d->info, s);
    mv_qemu_add_opts(b, "-device", s);
    return 0;
}

int mv_qemu_build_disks(mv_qemu_build *b)
{
    for (size_t i = 0; i < b->devs->ndisks; i++)
        if (add_disk(b, i) < 0)
            return -1;
    return 0;
}
