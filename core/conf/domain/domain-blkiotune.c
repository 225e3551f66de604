/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-blkiotune.c — <blkiotune> as libvirt 9.0 reads
 * and writes it: a <weight> and <device> entries (a path, then its
 * weight, read/write IOPS and bytes per second), written after
 * <currentMemory> and before <memtune>; zero values and devices with
 * nothing set are left out. As libvirt reads them by XPath, the first
 * <weight> of any <blkiotune> counts (unreadable, it reads as none) and
 * the devices of every <blkiotune> add up; device values are read as
 * virStrToLong_ui/_ull read them (a negative one wraps around); bad values
 * and duplicate paths are refused with libvirt's messages. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <string.h>

/* The text of the first child NAME of NODE, NULL when none or empty. */
static char *child_text(xmlNodePtr node, const char *name)
{
    char *text = mv_xml_text(mv_xml_child(node, name));
    if (text && !*text)
        g_clear_pointer(&text, g_free);
    return text;
}

/* TEXT as libvirt's virStrToLong_ui (MAX G_MAXUINT) or _ull reads it:
 * white space and a sign before the digits, nothing after them; "-N" is
 * MAX + 1 - N. */
static bool wrapped_number(const char *text, unsigned long long max, unsigned long long *out)
{
    const char *p = text;
    while (g_ascii_isspace(*p))
        p++;
    if (*p != '-')
        return mv_xml_number_unsigned(text, 0, max, out);
    unsigned long long mag;
    if (!g_ascii_isdigit(p[1]) || !mv_xml_number_unsigned(p + 1, 0, max, &mag))
        return false;
    *out = mag ? max - mag + 1 : 0;
    return true;
}

static int device_value(xmlNodePtr node, const char *name, const char *what,
                        unsigned long long max, unsigned long long *out)
{
    g_autofree char *text = child_text(node, name);
    if (!text)
        return 0;
    if (!wrapped_number(text, max, out)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "could not parse %s %s",
                        what, text);
        return -1;
    }
    return 0;
}

static int parse_device(xmlNodePtr node, mv_domain_blkio_device *dev)
{
    g_autofree char *path = child_text(node, "path");
    unsigned long long weight = 0, riops = 0, wiops = 0;
    if (!path) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "missing per-device path");
        return -1;
    }
    if (device_value(node, "weight", "weight", G_MAXUINT, &weight) < 0 ||
        device_value(node, "read_bytes_sec", "read bytes sec", G_MAXUINT64,
                     &dev->read_bytes) < 0 ||
        device_value(node, "write_bytes_sec", "write bytes sec", G_MAXUINT64,
                     &dev->write_bytes) < 0 ||
        device_value(node, "read_iops_sec", "read iops sec", G_MAXUINT, &riops) < 0 ||
        device_value(node, "write_iops_sec", "write iops sec", G_MAXUINT, &wiops) < 0)
        return -1;
    dev->weight = (unsigned int)weight;
    dev->read_iops = (unsigned int)riops;
    dev->write_iops = (unsigned int)wiops;
    dev->path = g_steal_pointer(&path);
    return 0;
}

int mv_conf_domain_parse_blkiotune(mv_domain_def *def, xmlNodePtr root)
{
    mv_domain_blkiotune *b = def->blkiotune;
    bool weight_seen = false;
    for (xmlNodePtr bt = mv_xml_child(root, "blkiotune"); bt; bt = mv_xml_next(bt)) {
        xmlNodePtr w = weight_seen ? NULL : mv_xml_child(bt, "weight");
        if (w) {
            g_autofree char *text = mv_xml_text(w);
            unsigned long long v;
            weight_seen = true;
            if (text && wrapped_number(text, G_MAXUINT, &v))
                b->weight = (unsigned int)v;
        }
        for (xmlNodePtr d = mv_xml_child(bt, "device"); d; d = mv_xml_next(d)) {
            mv_domain_blkio_device dev = { 0 };
            if (parse_device(d, &dev) < 0)
                return -1;
            for (size_t j = 0; j < b->ndevices; j++) {
                if (!strcmp(b->devices[j].path, dev.path)) {
                    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                                    "duplicate blkio device path '%s'", dev.path);
                    g_free(dev.path);
                    return -1;
                }
            }
            b->devices = g_renew(mv_domain_blkio_device, b->devices, b->ndevices + 1);
            b->devices[b->ndevices++] = dev;
        }
    }
    return 0;
}

static bool device_set(const mv_domain_blkio_device *d)
{
    return d->weight || d->read_iops || d->write_iops || d->read_bytes || d->write_bytes;
}

void mv_conf_domain_format_blkiotune(mv_xml_writer *w, const mv_domain_blkiotune *b)
{
    bool any = b->weight != 0;
    for (size_t i = 0; i < b->ndevices && !any; i++)
        any = device_set(&b->devices[i]);
    if (!any)
        return;
    mv_xml_start(w, "blkiotune");
    mv_xml_children(w);
    if (b->weight)
        mv_xml_elem_uint(w, "weight", b->weight);
    for (size_t i = 0; i < b->ndevices; i++) {
        const mv_domain_blkio_device *d = &b->devices[i];
        if (!device_set(d))
            continue;
        mv_xml_start(w, "device");
        mv_xml_children(w);
        mv_xml_elem_text(w, "path", d->path);
        if (d->weight)
            mv_xml_elem_uint(w, "weight", d->weight);
        if (d->read_iops)
            mv_xml_elem_uint(w, "read_iops_sec", d->read_iops);
        if (d->write_iops)
            mv_xml_elem_uint(w, "write_iops_sec", d->write_iops);
        if (d->read_bytes)
            mv_xml_elem_uint(w, "read_bytes_sec", d->read_bytes);
        if (d->write_bytes)
            mv_xml_elem_uint(w, "write_bytes_sec", d->write_bytes);
        mv_xml_close(w, "device");
    }
    mv_xml_close(w, "blkiotune");
}

void mv_conf_domain_blkiotune_free(mv_domain_blkiotune *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->ndevices; i++)
        g_free(b->devices[i].path);
    g_free(b->devices);
    g_free(b);
}
