/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-chardev.c — <serial>, <console> and <channel>:
 * parse, format, free, target port defaults, and libvirt's console/serial
 * aliasing for HVM guests (the first console is the first serial port).
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

static const char *const chr_types[] = {
    "null", "vc", "pty", "dev", "file", "pipe", "stdio", "tcp", "unix", NULL
};
static const char *const chr_types_other[] = {
    "udp", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus", NULL
};
static const char *const serial_targets[] = {
    "isa-serial", "usb-serial", "pci-serial", "spapr-vio-serial", "system-serial",
    "sclp-serial", "isa-debug", NULL
};
static const char *const console_targets[] = {
    "serial", "xen", "uml", "virtio", "lxc", "openvz", "sclp", "sclplm", NULL
};
static const char *const channel_targets[] = { "guestfwd", "virtio", "xen", NULL };
static const char *const chr_elems[] = { "serial", "console", "channel", NULL };
static const char *const chr_states[] = { "default", "connected", "disconnected", NULL };

const char *mv_domain_chr_type_to_string(mv_domain_chr_type type)
{
    return mv_conf_dev_enum_to(chr_types, type);
}

static bool chr_has_path(mv_domain_chr_type t)
{
    return t == MV_DOMAIN_CHR_TYPE_DEV || t == MV_DOMAIN_CHR_TYPE_FILE ||
           t == MV_DOMAIN_CHR_TYPE_PIPE || t == MV_DOMAIN_CHR_TYPE_UNIX;
}

static int parse_type(mv_domain_chr_def *chr, xmlNodePtr node)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    int t = type ? mv_conf_dev_enum_from(chr_types, type) : MV_DOMAIN_CHR_TYPE_PTY;
    if (t < 0) {
        if (mv_conf_dev_enum_from(chr_types_other, type) >= 0)
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED,
                         "unsupported type presented to host for character device: %s", type);
        else
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED,
                         "unknown type presented to host for character device: %s", type);
        return -1;
    }
    chr->type = t;
    return 0;
}

/* A virtio channel's unix socket may be left to the driver to name. */
static bool path_optional(const mv_domain_chr_def *chr)
{
    return chr->device == MV_DOMAIN_CHR_DEVICE_CHANNEL && chr->type == MV_DOMAIN_CHR_TYPE_UNIX &&
           g_strcmp0(chr->target_type, "virtio") == 0;
}

static int parse_source(mv_domain_chr_def *chr, xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    xmlNodePtr src = mv_xml_child(node, "source");
    g_autofree char *mode = mv_xml_prop(src, "mode");
    if (mode && strcmp(mode, "bind") != 0 && strcmp(mode, "connect") != 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown source mode '%s'", mode);
        return -1;
    }
    chr->listen = mode && strcmp(mode, "bind") == 0;
    if (chr_has_path(chr->type) ||
        (chr->type == MV_DOMAIN_CHR_TYPE_PTY && !(ctx->flags & MV_DOMAIN_PARSE_INACTIVE)))
        chr->path = mv_xml_prop(src, "path");
    if (chr->type == MV_DOMAIN_CHR_TYPE_TCP) {
        chr->host = mv_xml_prop(src, "host");
        chr->service = mv_xml_prop(src, "service");
        g_autofree char *proto = mv_xml_prop(mv_xml_child(node, "protocol"), "type");
        if (proto && strcmp(proto, "raw") != 0 && strcmp(proto, "telnet") != 0) {
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown protocol '%s'", proto);
            return -1;
        }
        chr->telnet = proto && strcmp(proto, "telnet") == 0;
    }
    const char *missing = (chr_has_path(chr->type) && !chr->path && !path_optional(chr)) ? "path"
                        : (chr->type == MV_DOMAIN_CHR_TYPE_TCP && !chr->host) ? "host"
                        : (chr->type == MV_DOMAIN_CHR_TYPE_TCP && !chr->service) ? "service" : NULL;
    if (missing) {
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "Missing source %s attribute for char device", missing);
        return -1;
    }
    return 0;
}

static int parse_channel_target(mv_domain_chr_def *chr, xmlNodePtr tgt,
                                const mv_domain_parse_ctx *ctx)
{
    if (!chr->target_type) {
        mv_dev_error(VIR_ERR_XML_ERROR, "target type must be specified for channel device");
        return -1;
    }
    if (strcmp(chr->target_type, "guestfwd") == 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED,
                     "unsupported target type '%s' specified for character device",
                     chr->target_type);
        return -1;
    }
    chr->target_name = mv_xml_prop(tgt, "name");
    g_autofree char *state = mv_xml_prop(tgt, "state");
    if (state && !(ctx->flags & MV_DOMAIN_PARSE_INACTIVE)) {
        int st = mv_conf_dev_enum_from(chr_states, state);
        if (st <= 0) {
            mv_dev_error(VIR_ERR_XML_ERROR, "invalid channel state value '%s'", state);
            return -1;
        }
        chr->state = st;
    }
    return 0;
}

static int parse_target(mv_domain_chr_def *chr, xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    xmlNodePtr tgt = mv_xml_child(node, "target");
    chr->target_port = -1;
    if (!tgt) {
        if (chr->device == MV_DOMAIN_CHR_DEVICE_CHANNEL) {
            mv_dev_error(VIR_ERR_XML_ERROR, "target type must be specified for channel device");
            return -1;
        }
        return 0;
    }
    chr->target_type = mv_xml_prop(tgt, "type");
    const char *const *table = chr->device == MV_DOMAIN_CHR_DEVICE_SERIAL ? serial_targets
                             : chr->device == MV_DOMAIN_CHR_DEVICE_CHANNEL ? channel_targets
                                                                          : console_targets;
    if (chr->target_type && mv_conf_dev_enum_from(table, chr->target_type) < 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED,
                     "unknown target type '%s' specified for character device", chr->target_type);
        return -1;
    }
    if (chr->device == MV_DOMAIN_CHR_DEVICE_CHANNEL)
        return parse_channel_target(chr, tgt, ctx);
    g_autofree char *port = mv_xml_prop(tgt, "port");
    if (port && mv_xml_parse_int(port, &chr->target_port) < 0) {
        mv_dev_error(VIR_ERR_XML_ERROR, "Invalid port number: %s", port);
        return -1;
    }
    return 0;
}

mv_domain_chr_def *mv_domain_chr_def_parse(xmlNodePtr node, mv_domain_chr_device device,
                                           const mv_domain_parse_ctx *ctx)
{
    mv_domain_chr_def *chr = g_new0(mv_domain_chr_def, 1);
    chr->device = device;
    /* The target first: whether a unix path is needed depends on it. */
    if (parse_type(chr, node) < 0 || parse_target(chr, node, ctx) < 0 ||
        parse_source(chr, node, ctx) < 0 || mv_conf_dev_info_parse(node, false, &chr->info) < 0) {
        mv_domain_chr_def_free(chr);
        return NULL;
    }
    if (!(ctx->flags & MV_DOMAIN_PARSE_INACTIVE))
        chr->alias = mv_xml_prop(mv_xml_child(node, "alias"), "name");
    return chr;
}

static bool chr_source_equal(const mv_domain_chr_def *a, const mv_domain_chr_def *b)
{
    return a->type == b->type && g_strcmp0(a->path, b->path) == 0 &&
           a->listen == b->listen && g_strcmp0(a->host, b->host) == 0 &&
           g_strcmp0(a->service, b->service) == 0 && a->telnet == b->telnet;
}

/* A console standing for serial port SERIAL (libvirt's alias stub). */
static mv_domain_chr_def *console_for_serial(const mv_domain_chr_def *serial)
{
    mv_domain_chr_def *c = g_new0(mv_domain_chr_def, 1);
    c->device = MV_DOMAIN_CHR_DEVICE_CONSOLE;
    c->type = serial->type;
    c->path = g_strdup(serial->path);
    c->listen = serial->listen;
    c->host = g_strdup(serial->host);
    c->service = g_strdup(serial->service);
    c->telnet = serial->telnet;
    c->target_type = g_strdup("serial");
    c->target_port = serial->target_port;
    c->info = g_new0(mv_domain_device_info, 1);
    return c;
}

static bool is_serial_console(const mv_domain_chr_def *c)
{
    return !c->target_type || strcmp(c->target_type, "serial") == 0;
}

/* HVM: consoles[0] of target serial (or none) is serial port 0. Any other
 * console without a target type counts as serial too (libvirt refuses it
 * the same way), or it would be formatted as one that reads back as
 * standing for a serial port. */
static int console_compat(mv_domain_devices *devs)
{
    for (size_t i = 1; i < devs->nconsoles; i++) {
        if (is_serial_console(devs->consoles[i])) {
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Only the first console can be a serial port");
            return -1;
        }
    }
    if (devs->nconsoles > 0 && is_serial_console(devs->consoles[0])) {
        mv_domain_chr_def *c = devs->consoles[0];
        if (devs->nserials == 0) {
            c->device = MV_DOMAIN_CHR_DEVICE_SERIAL;
            g_clear_pointer(&c->target_type, g_free);
            c->target_port = 0;
            MV_DEV_APPEND(devs->serials, devs->nserials, c);
            devs->consoles[0] = console_for_serial(c);
        } else if (!chr_source_equal(devs->serials[0], c)) {
            mv_domain_chr_def_free(c);
            devs->consoles[0] = console_for_serial(devs->serials[0]);
        } else if (!c->target_type) {
            c->target_type = g_strdup("serial");
        }
    } else if (devs->nserials > 0 &&
               (!devs->serials[0]->target_type ||
                strcmp(devs->serials[0]->target_type, "isa-serial") == 0)) {
        MV_DEV_INSERT(devs->consoles, devs->nconsoles, 0, console_for_serial(devs->serials[0]));
        /* Ports follow positions, as parsing numbers them: libvirt 9.0
         * keeps the old numbers here and so renumbers on the next define. */
        for (size_t i = 1; i < devs->nconsoles; i++)
            devs->consoles[i]->target_port = (int)i;
    }
    return 0;
}

int mv_conf_chrs_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx)
{
    /* A serial port without one gets the highest port in use plus one. */
    int max = -1;
    for (size_t i = 0; i < devs->nserials; i++)
        max = MAX(max, devs->serials[i]->target_port);
    for (size_t i = 0; i < devs->nserials; i++) {
        if (devs->serials[i]->target_port >= 0)
            continue;
        if (max < G_MAXINT)
            max++;
        devs->serials[i]->target_port = max;
    }
    if (g_strcmp0(ctx->os_type, "hvm") == 0)
        return console_compat(devs);
    return 0;
}

static void format_source(mv_xml_writer *w, const mv_domain_chr_def *chr, unsigned int flags)
{
    bool tcp = chr->type == MV_DOMAIN_CHR_TYPE_TCP;
    bool pty_live = chr->type == MV_DOMAIN_CHR_TYPE_PTY && !(flags & VIR_DOMAIN_XML_INACTIVE);
    if (!chr->path && !tcp)
        return;
    if (!tcp && !chr_has_path(chr->type) && !pty_live)
        return;
    mv_xml_start(w, "source");
    if (tcp || chr->type == MV_DOMAIN_CHR_TYPE_UNIX)
        mv_xml_attr(w, "mode", chr->listen ? "bind" : "connect");
    mv_xml_attr(w, "host", chr->host);
    mv_xml_attr(w, "service", chr->service);
    mv_xml_attr(w, "path", chr->path);
    mv_xml_empty(w);
    if (tcp)
        mv_xml_literal(w, chr->telnet ? "<protocol type='telnet'/>\n" : "<protocol type='raw'/>\n");
}

/* Formats CHR's source and address as element ELEM with the given target. */
static void format_chr(mv_xml_writer *w, const mv_domain_chr_def *chr, mv_domain_chr_device elem,
                       const char *target_type, int port, unsigned int flags)
{
    const char *name = mv_conf_dev_enum_to(chr_elems, elem);
    mv_xml_start(w, name);
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(chr_types, chr->type));
    mv_xml_children(w);
    format_source(w, chr, flags);
    if (elem == MV_DOMAIN_CHR_DEVICE_CHANNEL) {
        mv_xml_start(w, "target");
        mv_xml_attr(w, "type", target_type);
        mv_xml_attr(w, "name", chr->target_name);
        if (chr->state != MV_DOMAIN_CHR_STATE_DEFAULT && !(flags & VIR_DOMAIN_XML_INACTIVE))
            mv_xml_attr(w, "state", mv_conf_dev_enum_to(chr_states, chr->state));
        mv_xml_empty(w);
    } else if (target_type || port >= 0) {
        mv_xml_start(w, "target");
        mv_xml_attr(w, "type", target_type);
        if (port >= 0)
            mv_xml_attr_int(w, "port", port);
        mv_xml_empty(w);
    }
    if (chr->alias && !(flags & VIR_DOMAIN_XML_INACTIVE)) {
        mv_xml_start(w, "alias");
        mv_xml_attr(w, "name", chr->alias);
        mv_xml_empty(w);
    }
    mv_conf_dev_info_format(w, chr->info);
    mv_xml_close(w, name);
}

void mv_domain_chr_def_format(mv_xml_writer *w, const mv_domain_chr_def *chr, unsigned int flags)
{
    format_chr(w, chr, chr->device, chr->target_type, chr->target_port, flags);
}

void mv_conf_consoles_format(mv_xml_writer *w, const mv_domain_devices *devs, bool hvm,
                             unsigned int flags)
{
    for (size_t i = 0; i < devs->nconsoles; i++) {
        const mv_domain_chr_def *c = devs->consoles[i];
        if (hvm && is_serial_console(c) && i < devs->nserials)
            format_chr(w, devs->serials[i], MV_DOMAIN_CHR_DEVICE_CONSOLE, "serial",
                       devs->serials[i]->target_port, flags);
        else
            mv_domain_chr_def_format(w, c, flags);
    }
}

void mv_domain_chr_def_free(mv_domain_chr_def *chr)
{
    if (!chr)
        return;
    g_free(chr->path);
    g_free(chr->host);
    g_free(chr->service);
    g_free(chr->target_type);
    g_free(chr->target_name);
    g_free(chr->alias);
    mv_conf_dev_info_free(chr->info);
    g_free(chr);
}
