/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-controller.c — <controller> elements as QEMU
 * devices (virtio-scsi, lsi, ahci, virtio-serial, USB host controllers),
 * skipping those the machine type already has (PIIX IDE, ICH9 AHCI, the
 * root bus) and adding the USB controller libvirt adds implicitly.
 */
#include "qemu-command.h"

typedef struct model_map {
    const char *model;       /* libvirt's name; NULL: the default */
    const char *device;      /* QEMU's */
} model_map;

static const model_map scsi_models[] = {
    { NULL, "virtio-scsi-pci" }, { "auto", "virtio-scsi-pci" },
    { "virtio-scsi", "virtio-scsi-pci" },
    { "virtio-transitional", "virtio-scsi-pci-transitional" },
    { "virtio-non-transitional", "virtio-scsi-pci-non-transitional" },
    { "lsilogic", "lsi" },
};
static const model_map vserial_models[] = {
    { NULL, "virtio-serial-pci" }, { "virtio", "virtio-serial-pci" },
    { "virtio-transitional", "virtio-serial-pci-transitional" },
    { "virtio-non-transitional", "virtio-serial-pci-non-transitional" },
};
static const model_map usb_models[] = {
    { "piix3-uhci", "piix3-usb-uhci" }, { "piix4-uhci", "piix4-usb-uhci" },
    { "ehci", "usb-ehci" }, { "ich9-ehci1", "ich9-usb-ehci1" },
    { "pci-ohci", "pci-ohci" }, { "nec-xhci", "nec-usb-xhci" },
    { "qemu-xhci", "qemu-xhci" },
};

static const char *lookup(const model_map *map, size_t n, const char *model)
{
    for (size_t i = 0; i < n; i++)
        if (g_strcmp0(map[i].model, model) == 0)
            return map[i].device;
    return NULL;
}

/* Whether the machine type provides controller C itself. */
static int builtin(mv_qemu_build *b, const mv_domain_controller_def *c, bool *yes)
{
    const char *type = mv_domain_controller_type_to_string(c->type);
    *yes = false;
    switch (c->type) {
    case MV_DOMAIN_CONTROLLER_PCI:
        if (c->model && g_strcmp0(c->model, b->q35 ? "pcie-root" : "pci-root") != 0)
            return mv_qemu_unsupported("PCI controller model '%s' is not supported by this "
                                       "QEMU driver on machine type %s (root bus only)",
                                       c->model, b->q35 ? "q35" : "pc");
        *yes = true;
        return 0;
    case MV_DOMAIN_CONTROLLER_IDE:
        if (b->q35)
            return mv_qemu_unsupported("IDE controllers are not available on machine type q35 "
                                       "(use bus 'sata' for its disks)");
        /* fall through */
    case MV_DOMAIN_CONTROLLER_FDC:
        if (b->q35 || c->idx != 0)
            return mv_qemu_unsupported("%s controller index %d is not available on machine "
                                       "type %s", type, c->idx, b->q35 ? "q35" : "pc");
        *yes = true;
        return 0;
    case MV_DOMAIN_CONTROLLER_SATA:
        *yes = b->q35 && c->idx == 0;
        return 0;
    case MV_DOMAIN_CONTROLLER_CCID:
        return mv_qemu_unsupported("controller type 'ccid' is not supported by this QEMU driver");
    default:
        return 0;
    }
}

static int add_usb(mv_qemu_build *b, const mv_domain_controller_def *c)
{
    const char *model = c ? c->model : NULL;
    if (g_strcmp0(model, "none") == 0)
        return 0;
    if (c && c->idx != 0)
        return mv_qemu_unsupported("only USB controller index 0 is supported, not %d", c->idx);
    if (!model)
        model = b->q35 ? "qemu-xhci" : "piix3-uhci";
    const char *dev = lookup(usb_models, G_N_ELEMENTS(usb_models), model);
    if (!dev)
        return mv_qemu_unsupported("USB controller model '%s' is not supported by QEMU", model);
    GString *s = g_string_new(dev);
    mv_qemu_opt_fmt(s, "id", "usb");
    const mv_domain_device_info *info = c ? c->info : NULL;
    b->has_usb = true;
    if (b->q35 || !g_str_equal(dev, "piix3-usb-uhci") || (info && info->address))
        return mv_qemu_add_pci_device(b, info, s);
    mv_qemu_opt_fmt(s, "bus", "pci.0");
    mv_qemu_opt_fmt(s, "addr", "0x1.0x2");   /* function 2 of the PIIX3 */
    mv_qemu_add_opts(b, "-device", s);
    return 0;
}

static int add_controller(mv_qemu_build *b, const mv_domain_controller_def *c)
{
    const char *dev = NULL, *prefix = NULL;
    switch (c->type) {
    case MV_DOMAIN_CONTROLLER_USB:
        return add_usb(b, c);
    case MV_DOMAIN_CONTROLLER_SCSI:
        dev = lookup(scsi_models, G_N_ELEMENTS(scsi_models), c->model);
        prefix = "scsi";
        break;
    case MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL:
        dev = lookup(vserial_models, G_N_ELEMENTS(vserial_models), c->model);
        prefix = "virtio-serial";
        break;
    case MV_DOMAIN_CONTROLLER_SATA:
        dev = "ahci";
        prefix = "sata";
        break;
    default:
        return 0;
    }
    if (!dev)
        return mv_qemu_unsupported("%s controller model '%s' is not supported by QEMU",
                                   mv_domain_controller_type_to_string(c->type), c->model);
    GString *s = g_string_new(dev);
    mv_qemu_opt_fmt(s, "id", "%s%d", prefix, c->idx);
    if (c->type == MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL && c->ports >= 0)
        mv_qemu_opt_fmt(s, "max_ports", "%d", c->ports);
    if (c->type == MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL && c->vectors >= 0)
        mv_qemu_opt_fmt(s, "vectors", "%d", c->vectors);
    return mv_qemu_add_pci_device(b, c->info, s);
}

int mv_qemu_build_controllers(mv_qemu_build *b)
{
    bool usb_given = false;
    for (size_t i = 0; i < b->devs->ncontrollers; i++) {
        const mv_domain_controller_def *c = b->devs->controllers[i];
        bool skip;
        if (builtin(b, c, &skip) < 0)
            return -1;
        usb_given |= c->type == MV_DOMAIN_CONTROLLER_USB;
        if (!skip && add_controller(b, c) < 0)
            return -1;
    }
    /* libvirt gives every x86 guest a USB controller unless told 'none'. */
    return usb_given ? 0 : add_usb(b, NULL);
}
