/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-chardev.c — serial ports, consoles and
 * channels: a -chardev backend (pty, file, unix socket, tcp, null) and the
 * device (isa-serial, pci-serial, virtconsole, virtserialport). A console
 * of target type serial is the first serial port itself and adds nothing.
 */
#include "qemu-command.h"

static int add_backend(mv_qemu_build *b, const mv_domain_chr_def *c, const char *id)
{
    GString *s = g_string_new(NULL);
    switch (c->type) {
    case MV_DOMAIN_CHR_TYPE_NULL:
    case MV_DOMAIN_CHR_TYPE_PTY:
        mv_qemu_opt_fmt(s, NULL, c->type == MV_DOMAIN_CHR_TYPE_PTY ? "pty" : "null");
        mv_qemu_opt_fmt(s, "id", "%s", id);
        break;
    case MV_DOMAIN_CHR_TYPE_FILE:
    case MV_DOMAIN_CHR_TYPE_UNIX:
        if (!c->path)
            goto no_source;
        mv_qemu_opt_fmt(s, NULL, c->type == MV_DOMAIN_CHR_TYPE_FILE ? "file" : "socket");
        mv_qemu_opt_fmt(s, "id", "%s", id);
        mv_qemu_opt_str(s, "path", c->path);
        break;
    case MV_DOMAIN_CHR_TYPE_TCP:
        if (!c->host || !c->service)
            goto no_source;
        mv_qemu_opt_fmt(s, NULL, "socket");
        mv_qemu_opt_fmt(s, "id", "%s", id);
        mv_qemu_opt_str(s, "host", c->host);
        mv_qemu_opt_str(s, "port", c->service);
        if (c->telnet)
            mv_qemu_opt_fmt(s, "telnet", "on");
        break;
    default:
        g_string_free(s, TRUE);
        return mv_qemu_unsupported("character device type '%s' is not supported by this QEMU "
                                   "driver (pty, file, unix, tcp, null)",
                                   mv_domain_chr_type_to_string(c->type));
    }
    if ((c->type == MV_DOMAIN_CHR_TYPE_UNIX || c->type == MV_DOMAIN_CHR_TYPE_TCP) && c->listen) {
        mv_qemu_opt_fmt(s, "server", "on");
        mv_qemu_opt_fmt(s, "wait", "off");
    }
    mv_qemu_add_opts(b, "-chardev", s);
    return 0;

no_source:
    g_string_free(s, TRUE);
    return mv_qemu_unsupported("character device '%s' (%s) has no source", id,
                               mv_domain_chr_type_to_string(c->type));
}

static int add_serial(mv_qemu_build *b, const mv_domain_chr_def *c, size_t i)
{
    g_autofree char *id = g_strdup_printf("charserial%zu", i);
    const char *target = c->target_type ? c->target_type : "isa-serial";
    bool pci = g_str_equal(target, "pci-serial");
    if (!pci && !g_str_equal(target, "isa-serial"))
        return mv_qemu_unsupported("serial target type '%s' is not supported by this QEMU "
                                   "driver (isa-serial, pci-serial)", target);
    if (!pci && c->target_port > 3)
        return mv_qemu_unsupported("isa-serial port %d does not exist (0 to 3)", c->target_port);
    if (add_backend(b, c, id) < 0)
        return -1;
    GString *s = g_string_new(target);
    mv_qemu_opt_fmt(s, "chardev", "%s", id);
    mv_qemu_opt_fmt(s, "id", "serial%zu", i);
    if (pci)
        return mv_qemu_add_pci_device(b, c->info, s);
    mv_qemu_opt_fmt(s, "index", "%d", c->target_port);
    mv_qemu_add_opts(b, "-device", s);
    return 0;
}

static int add_console(mv_qemu_build *b, const mv_domain_chr_def *c, size_t i)
{
    if (g_strcmp0(c->target_type, "serial") == 0)
        return 0;   /* the first serial port, already there */
    if (g_strcmp0(c->target_type, "virtio") != 0)
        return mv_qemu_unsupported("console target type '%s' is not supported by QEMU on x86 "
                                   "(serial, virtio)", c->target_type ? c->target_type : "");
    if (!mv_domain_devices_find_controller(b->devs, MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL, 0))
        return mv_qemu_unsupported("virtio console %zu needs a virtio-serial controller", i);
    g_autofree char *id = g_strdup_printf("charconsole%zu", i);
    if (add_backend(b, c, id) < 0)
        return -1;
    GString *s = g_string_new("virtconsole");
    mv_qemu_opt_fmt(s, "bus", "virtio-serial0.0");
    mv_qemu_opt_fmt(s, "chardev", "%s", id);
    mv_qemu_opt_fmt(s, "id", "console%zu", i);
    mv_qemu_add_opts(b, "-device", s);
    return 0;
}

/* A virtio channel: a virtserialport at its virtio-serial address (the
 * driver assigns one before building), named after its target. */
static int add_channel(mv_qemu_build *b, const mv_domain_chr_def *c, size_t i)
{
    if (g_strcmp0(c->target_type, "virtio") != 0)
        return mv_qemu_unsupported("channel target type '%s' is not supported by this QEMU "
                                   "driver (virtio)", c->target_type);
    const mv_domain_device_address *a = c->info ? c->info->address : NULL;
    if (!a || a->type != MV_DOMAIN_ADDRESS_VIRTIO_SERIAL)
        return mv_qemu_unsupported("channel %zu has no virtio-serial address", i);
    if (!mv_domain_devices_find_controller(b->devs, MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL,
                                           (int)a->controller))
        return mv_qemu_unsupported("channel %zu needs virtio-serial controller %u", i,
                                   a->controller);
    g_autofree char *id = g_strdup_printf("charchannel%zu", i);
    if (add_backend(b, c, id) < 0)
        return -1;
    GString *s = g_string_new("virtserialport");
    mv_qemu_opt_fmt(s, "bus", "virtio-serial%u.%u", a->controller, a->drive_bus);
    mv_qemu_opt_fmt(s, "nr", "%u", a->port);
    mv_qemu_opt_fmt(s, "chardev", "%s", id);
    mv_qemu_opt_fmt(s, "id", "channel%zu", i);
    if (c->target_name)
        mv_qemu_opt_str(s, "name", c->target_name);
    mv_qemu_add_opts(b, "-device", s);
    return 0;
}

int mv_qemu_build_chardevs(mv_qemu_build *b)
{
    for (size_t i = 0; i < b->devs->nserials; i++)
        if (add_serial(b, b->devs->serials[i], i) < 0)
            return -1;
    for (size_t i = 0; i < b->devs->nconsoles; i++)
        if (add_console(b, b->devs->consoles[i], i) < 0)
            return -1;
    for (size_t i = 0; i < b->devs->nchannels; i++)
        if (add_channel(b, b->devs->channels[i], i) < 0)
            return -1;
    return 0;
}
