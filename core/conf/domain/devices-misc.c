/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-misc.c — the small device families: <filesystem>
 * (mount), <input>, <memballoon> and <rng>: parse, format, free, and the
 * input bus libvirt picks when none is given.
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

static const char *const fs_types[] = { "mount", NULL };
static const char *const fs_types_other[] = {
    "block", "file", "template", "ram", "bind", "volume", NULL
};
static const char *const fs_access[] = { "passthrough", "mapped", "squash", NULL };
static const char *const input_types[] = { "mouse", "tablet", "keyboard", NULL };
static const char *const input_types_other[] = { "passthrough", "evdev", NULL };
static const char *const input_buses[] = {
    "default", "ps2", "usb", "xen", "parallels", "virtio", "none", NULL
};
static const char *const balloon_models[] = {
    "virtio", "xen", "none", "virtio-transitional", "virtio-non-transitional", NULL
};
static const char *const rng_models[] = {
    "virtio", "virtio-transitional", "virtio-non-transitional", NULL
};
static const char *const rng_backends[] = { "random", "builtin", NULL };

/* Closes W's open element NAME with the device info as its only children. */
static void close_with_info(mv_xml_writer *w, const mv_domain_device_info *info, const char *name)
{
    size_t mark = mv_xml_children(w);
    mv_conf_dev_info_format(w, info);
    mv_xml_close_or_empty(w, mark, name);
}

/* ---- filesystem ---- */

mv_domain_fs_def *mv_domain_fs_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    int t = 0, access = 0;
    /* libvirt reads the access mode through XPath, where "" is absent. */
    if (mv_conf_dev_prop_type(node, fs_types, fs_types_other, "filesystem", &t) < 0 ||
        mv_xml_prop_enum(node, "accessmode", fs_access, MV_XML_PROP_NONEMPTY, &access) < 0)
        return NULL;
    mv_domain_fs_def *fs = g_new0(mv_domain_fs_def, 1);
    fs->type = t;
    fs->accessmode = access;
    fs->src_dir = mv_xml_prop(mv_xml_child(node, "source"), "dir");
    fs->dst = mv_xml_prop(mv_xml_child(node, "target"), "dir");
    fs->readonly = mv_xml_child(node, "readonly") != NULL;
    if (!fs->src_dir)
        mv_dev_error(VIR_ERR_NO_SOURCE, "%s", fs->dst ? fs->dst : "(null)");
    else if (!fs->dst)
        mv_dev_error(VIR_ERR_NO_TARGET, "%s", fs->src_dir);
    if (!fs->src_dir || !fs->dst || mv_conf_dev_info_parse(node, false, &fs->info) < 0) {
        mv_domain_fs_def_free(fs);
        return NULL;
    }
    return fs;
}

void mv_domain_fs_def_format(mv_xml_writer *w, const mv_domain_fs_def *fs)
{
    mv_xml_start(w, "filesystem");
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(fs_types, fs->type));
    mv_xml_attr(w, "accessmode", mv_conf_dev_enum_to(fs_access, fs->accessmode));
    mv_xml_children(w);
    mv_xml_start(w, "source");
    mv_xml_attr(w, "dir", fs->src_dir);
    mv_xml_empty(w);
    mv_xml_start(w, "target");
    mv_xml_attr(w, "dir", fs->dst);
    mv_xml_empty(w);
    if (fs->readonly)
        mv_xml_literal(w, "<readonly/>\n");
    mv_conf_dev_info_format(w, fs->info);
    mv_xml_close(w, "filesystem");
}

void mv_domain_fs_def_free(mv_domain_fs_def *fs)
{
    if (!fs)
        return;
    g_free(fs->src_dir);
    g_free(fs->dst);
    mv_conf_dev_info_free(fs->info);
    g_free(fs);
}

/* ---- input ---- */

static int input_parse_enums(mv_domain_input_def *in, xmlNodePtr node)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    g_autofree char *bus = mv_xml_prop(node, "bus");
    int t = mv_conf_dev_enum_from(input_types, type);
    int b = bus ? mv_conf_dev_enum_from(input_buses, bus) : MV_DOMAIN_INPUT_BUS_DEFAULT;
    if (!type)
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "missing input device type");
    else if (t < 0)
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s input device type '%s'",
                     mv_conf_dev_enum_from(input_types_other, type) >= 0 ? "unsupported" : "unknown",
                     type);
    else if (b <= 0 && bus)
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown input bus type '%s'", bus);
    else if (b == MV_DOMAIN_INPUT_BUS_PS2 && t == MV_DOMAIN_INPUT_TABLET)
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "ps2 bus does not support %s input device", type);
    if (t < 0 || b < 0 || (b == 0 && bus) || (b == MV_DOMAIN_INPUT_BUS_PS2 && t == MV_DOMAIN_INPUT_TABLET))
        return -1;
    in->type = t;
    in->bus = b;
    return 0;
}

mv_domain_input_def *mv_domain_input_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    mv_domain_input_def *in = g_new0(mv_domain_input_def, 1);
    if (input_parse_enums(in, node) < 0 || mv_conf_dev_info_parse(node, false, &in->info) < 0) {
        mv_domain_input_def_free(in);
        return NULL;
    }
    return in;
}

static bool arch_is_x86(const char *arch)
{
    return !arch || !*arch || g_str_equal(arch, "i686") || g_str_equal(arch, "x86_64");
}

int mv_conf_inputs_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx)
{
    for (size_t i = 0; i < devs->ninputs; i++) {
        mv_domain_input_def *in = devs->inputs[i];
        if (in->bus != MV_DOMAIN_INPUT_BUS_DEFAULT)
            continue;
        if (g_strcmp0(ctx->os_type, "hvm") == 0) {
            if (in->type != MV_DOMAIN_INPUT_TABLET && arch_is_x86(ctx->arch))
                in->bus = MV_DOMAIN_INPUT_BUS_PS2;
            else if (ctx->arch && g_str_has_prefix(ctx->arch, "s390"))
                in->bus = MV_DOMAIN_INPUT_BUS_VIRTIO;
            else
                in->bus = MV_DOMAIN_INPUT_BUS_USB;
        } else if (g_strcmp0(ctx->os_type, "xen") == 0 || g_strcmp0(ctx->os_type, "xenpvh") == 0) {
            in->bus = MV_DOMAIN_INPUT_BUS_XEN;
        }
    }
    return 0;
}

void mv_domain_input_def_format(mv_xml_writer *w, const mv_domain_input_def *in)
{
    mv_xml_start(w, "input");
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(input_types, in->type));
    if (in->bus != MV_DOMAIN_INPUT_BUS_DEFAULT)
        mv_xml_attr(w, "bus", mv_conf_dev_enum_to(input_buses, in->bus));
    close_with_info(w, in->info, "input");
}

void mv_domain_input_def_free(mv_domain_input_def *in)
{
    if (!in)
        return;
    mv_conf_dev_info_free(in->info);
    g_free(in);
}

/* ---- memballoon ---- */

mv_domain_memballoon_def *mv_domain_memballoon_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    int model, period = 0;
    if (mv_xml_prop_enum(node, "model", balloon_models, MV_XML_PROP_REQUIRED, &model) < 0)
        return NULL;
    /* libvirt takes the period as a C number (0x10, 010) and drops a
     * negative one. */
    if (mv_xml_prop_int(mv_xml_child(node, "stats"), "period", MV_XML_PROP_ANY_BASE, &period) < 0)
        return NULL;
    mv_domain_memballoon_def *m = g_new0(mv_domain_memballoon_def, 1);
    m->model = model;
    m->stats_period = period > 0 ? (unsigned int)period : 0;
    if (mv_conf_dev_info_parse(node, false, &m->info) < 0) {
        mv_domain_memballoon_def_free(m);
        return NULL;
    }
    return m;
}

void mv_domain_memballoon_def_format(mv_xml_writer *w, const mv_domain_memballoon_def *m)
{
    mv_xml_start(w, "memballoon");
    mv_xml_attr(w, "model", mv_conf_dev_enum_to(balloon_models, m->model));
    size_t mark = mv_xml_children(w);
    if (m->stats_period) {
        mv_xml_start(w, "stats");
        mv_xml_attr_uint(w, "period", m->stats_period);
        mv_xml_empty(w);
    }
    mv_conf_dev_info_format(w, m->info);
    mv_xml_close_or_empty(w, mark, "memballoon");
}

void mv_domain_memballoon_def_free(mv_domain_memballoon_def *m)
{
    if (!m)
        return;
    mv_conf_dev_info_free(m->info);
    g_free(m);
}

/* ---- rng ---- */

static int rng_parse_backend(mv_domain_rng_def *r, xmlNodePtr node)
{
    xmlNodePtr be = mv_xml_child(node, "backend");
    if (!be || mv_xml_next(be)) {
        mv_dev_error(VIR_ERR_XML_ERROR, "only one RNG backend is supported");
        return -1;
    }
    g_autofree char *model = mv_xml_prop(be, "model");
    int m = mv_conf_dev_enum_from(rng_backends, model);
    if (!model) {
        mv_dev_error(VIR_ERR_XML_ERROR, "missing RNG device backend model");
        return -1;
    }
    if (m < 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s RNG backend model '%s'",
                     g_str_equal(model, "egd") ? "unsupported" : "unknown", model);
        return -1;
    }
    r->backend = m;
    if (m == MV_DOMAIN_RNG_BACKEND_RANDOM) {
        r->source = mv_xml_text(be);
        if (!*r->source)
            g_free(r->source), r->source = g_strdup("/dev/random");
    }
    return 0;
}

/* libvirt reads <rate> through XPath ("" is absent) with messages of its
 * own, and the period only with a rate of bytes. */
static int rng_parse_number(xmlNodePtr rate, const char *name, unsigned int *out)
{
    g_autofree char *v = NULL;
    unsigned long long n;
    if (mv_xml_prop_string(rate, name, MV_XML_PROP_NONEMPTY, &v) <= 0)
        return 0;
    if (!mv_xml_number_unsigned(v, 0, G_MAXUINT, &n)) {
        mv_dev_error(VIR_ERR_XML_ERROR, "invalid RNG rate %s value", name);
        return -1;
    }
    *out = (unsigned int)n;
    return 0;
}

static int rng_parse_rate(mv_domain_rng_def *r, xmlNodePtr rate)
{
    if (rng_parse_number(rate, "bytes", &r->rate_bytes) < 0)
        return -1;
    return r->rate_bytes ? rng_parse_number(rate, "period", &r->rate_period) : 0;
}

mv_domain_rng_def *mv_domain_rng_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    g_autofree char *model = mv_xml_prop(node, "model");
    int m = mv_conf_dev_enum_from(rng_models, model);
    if (!model) {
        mv_dev_error(VIR_ERR_XML_ERROR, "missing RNG device model");
        return NULL;
    }
    if (m < 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown RNG model '%s'", model);
        return NULL;
    }
    mv_domain_rng_def *r = g_new0(mv_domain_rng_def, 1);
    r->model = m;
    if (rng_parse_rate(r, mv_xml_child(node, "rate")) < 0 ||
        rng_parse_backend(r, node) < 0 || mv_conf_dev_info_parse(node, false, &r->info) < 0) {
        mv_domain_rng_def_free(r);
        return NULL;
    }
    return r;
}

void mv_domain_rng_def_format(mv_xml_writer *w, const mv_domain_rng_def *r)
{
    mv_xml_start(w, "rng");
    mv_xml_attr(w, "model", mv_conf_dev_enum_to(rng_models, r->model));
    mv_xml_children(w);
    if (r->rate_bytes) {
        mv_xml_start(w, "rate");
        mv_xml_attr_uint(w, "bytes", r->rate_bytes);
        if (r->rate_period)
            mv_xml_attr_uint(w, "period", r->rate_period);
        mv_xml_empty(w);
    }
    mv_xml_start(w, "backend");
    mv_xml_attr(w, "model", mv_conf_dev_enum_to(rng_backends, r->backend));
    if (r->source)
        mv_xml_end_text(w, "backend", r->source);
    else
        mv_xml_empty(w);
    mv_conf_dev_info_format(w, r->info);
    mv_xml_close(w, "rng");
}

void mv_domain_rng_def_free(mv_domain_rng_def *r)
{
    if (!r)
        return;
    g_free(r->source);
    mv_conf_dev_info_free(r->info);
    g_free(r);
}
