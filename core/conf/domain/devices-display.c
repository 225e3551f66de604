/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-display.c — <graphics> (VNC, with its listen
 * addresses) and <video>: parse, format, free, and the video defaults
 * libvirt fills (model for the virt type, video memory, heads, primary).
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

static const char *const graphics_types[] = { "vnc", NULL };
static const char *const graphics_types_all[] = {
    "sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus", NULL
};
static const char *const listen_types[] = { "address", "network", "none", NULL };
static const char *const listen_types_all[] = { "address", "network", "none", "socket", NULL };
static const char *const video_types[] = {
    "default", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels", "virtio",
    "gop", "none", "bochs", "ramfb", NULL
};

static void listen_free(mv_domain_graphics_listen *l)
{
    if (!l)
        return;
    g_free(l->address);
    g_free(l->network);
    g_free(l);
}

static int parse_listens(mv_domain_graphics_def *g, xmlNodePtr node)
{
    for (xmlNodePtr n = mv_xml_child(node, "listen"); n; n = mv_xml_next(n)) {
        int t;
        if (mv_xml_prop_enum(n, "type", listen_types_all, MV_XML_PROP_REQUIRED, &t) < 0)
            return -1;
        if (t >= (int)G_N_ELEMENTS(listen_types) - 1) {
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported graphics listen type '%s'",
                         listen_types_all[t]);
            return -1;
        }
        mv_domain_graphics_listen *l = g_new0(mv_domain_graphics_listen, 1);
        l->type = t;
        l->address = t == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS ? mv_xml_prop(n, "address") : NULL;
        l->network = t == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK ? mv_xml_prop(n, "network") : NULL;
        MV_DEV_APPEND(g->listens, g->nlistens, l);
    }
    g_autofree char *attr = mv_xml_prop(node, "listen");
    if (attr && g->nlistens > 0) {
        const mv_domain_graphics_listen *first = g->listens[0];
        if (first->type != MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS || g_strcmp0(first->address, attr) != 0) {
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED,
                         "graphics 'listen' attribute '%s' must match 'address' attribute of first listen element (found '%s')",
                         attr, first->address ? first->address : "");
            return -1;
        }
    }
    if (g->nlistens == 0 && attr) {
        mv_domain_graphics_listen *l = g_new0(mv_domain_graphics_listen, 1);
        l->address = g_steal_pointer(&attr);
        MV_DEV_APPEND(g->listens, g->nlistens, l);
    }
    return 0;
}

/* A VNC server listens somewhere: libvirt writes an address listen with
 * no address (the driver's default) when none is given. */
int mv_conf_graphics_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    for (size_t i = 0; i < devs->ngraphics; i++) {
        mv_domain_graphics_def *g = devs->graphics[i];
        if (g->nlistens == 0)
            MV_DEV_APPEND(g->listens, g->nlistens, g_new0(mv_domain_graphics_listen, 1));
    }
    return 0;
}

static int parse_ports(mv_domain_graphics_def *g, xmlNodePtr node)
{
    g_autofree char *port = mv_xml_prop(node, "port");
    g_autofree char *autoport = mv_xml_prop(node, "autoport");
    g_autofree char *ws = mv_xml_prop(node, "websocket");
    if (port && mv_xml_parse_int(port, &g->port) < 0) {
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "cannot parse vnc port %s", port);
        return -1;
    }
    if (ws && mv_xml_parse_int(ws, &g->websocket) < 0) {
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "cannot parse vnc WebSocket port %s", ws);
        return -1;
    }
    /* No port: automatic unless autoport='no' says otherwise (port 0). */
    g->autoport = (port && g->port == -1) || g_strcmp0(autoport, "yes") == 0 ||
                  (!port && g_strcmp0(autoport, "no") != 0);
    if (g->autoport)
        g->port = -1;
    return 0;
}

mv_domain_graphics_def *mv_domain_graphics_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    int t;
    if (mv_xml_prop_enum(node, "type", graphics_types_all, MV_XML_PROP_REQUIRED, &t) < 0)
        return NULL;
    if (mv_conf_dev_enum_from(graphics_types, graphics_types_all[t]) < 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported graphics type '%s'",
                     graphics_types_all[t]);
        return NULL;
    }
    mv_domain_graphics_def *g = g_new0(mv_domain_graphics_def, 1);
    g->type = MV_DOMAIN_GRAPHICS_VNC;
    g->keymap = mv_xml_prop(node, "keymap");
    if (parse_ports(g, node) < 0 || parse_listens(g, node) < 0) {
        mv_domain_graphics_def_free(g);
        return NULL;
    }
    return g;
}

void mv_domain_graphics_def_format(mv_xml_writer *w, const mv_domain_graphics_def *g)
{
    mv_xml_start(w, "graphics");
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(graphics_types, g->type));
    if (g->port)
        mv_xml_attr_int(w, "port", g->port);
    mv_xml_attr(w, "autoport", g->autoport ? "yes" : "no");
    if (g->websocket)
        mv_xml_attr_int(w, "websocket", g->websocket);
    if (g->nlistens > 0 && g->listens[0]->type == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS)
        mv_xml_attr(w, "listen", g->listens[0]->address);
    mv_xml_attr(w, "keymap", g->keymap);
    size_t mark = mv_xml_children(w);
    for (size_t i = 0; i < g->nlistens; i++) {
        const mv_domain_graphics_listen *l = g->listens[i];
        mv_xml_start(w, "listen");
        mv_xml_attr(w, "type", mv_conf_dev_enum_to(listen_types, l->type));
        mv_xml_attr(w, "address", l->address);
        mv_xml_attr(w, "network", l->network);
        mv_xml_empty(w);
    }
    mv_xml_close_or_empty(w, mark, "graphics");
}

void mv_domain_graphics_def_free(mv_domain_graphics_def *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nlistens; i++)
        listen_free(g->listens[i]);
    g_free(g->listens);
    g_free(g->keymap);
    g_free(g);
}

/* ---- video ---- */

static int parse_video_number(xmlNodePtr model, const char *attr, unsigned int *out)
{
    g_autofree char *s = mv_xml_prop(model, attr);
    if (s && mv_xml_parse_uint(s, out) < 0) {
        mv_dev_error(VIR_ERR_INTERNAL_ERROR, "cannot parse video %s '%s'", attr, s);
        return -1;
    }
    return 0;
}

mv_domain_video_def *mv_domain_video_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    mv_domain_video_def *v = g_new0(mv_domain_video_def, 1);
    xmlNodePtr model = mv_xml_child(node, "model");
    g_autofree char *type = mv_xml_prop(model, "type");
    g_autofree char *primary = mv_xml_prop(model, "primary");
    int t = type ? mv_conf_dev_enum_from(video_types, type) : MV_DOMAIN_VIDEO_DEFAULT;
    if (t < 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown video model '%s'", type);
        goto error;
    }
    v->type = t;
    v->primary = g_strcmp0(primary, "yes") == 0;
    if (parse_video_number(model, "ram", &v->ram) < 0 ||
        parse_video_number(model, "vram", &v->vram) < 0 ||
        parse_video_number(model, "vgamem", &v->vgamem) < 0 ||
        parse_video_number(model, "heads", &v->heads) < 0 ||
        mv_conf_dev_info_parse(node, false, &v->info) < 0)
        goto error;
    return v;
error:
    mv_domain_video_def_free(v);
    return NULL;
}

/* The primary video goes first; only one may be primary. */
int mv_conf_videos_insert(mv_domain_devices *devs, mv_domain_video_def *v)
{
    if (!v->primary) {
        MV_DEV_APPEND(devs->videos, devs->nvideos, v);
        return 0;
    }
    if (devs->nvideos > 0 && devs->videos[0]->primary) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Only one primary video device is supported");
        return -1;
    }
    MV_DEV_INSERT(devs->videos, devs->nvideos, 0, v);
    return 0;
}

static unsigned int default_vram(const mv_domain_video_def *v)
{
    switch (v->type) {
    case MV_DOMAIN_VIDEO_VGA:
    case MV_DOMAIN_VIDEO_CIRRUS:
    case MV_DOMAIN_VIDEO_VMVGA:
    case MV_DOMAIN_VIDEO_BOCHS:
        return 16 * 1024;
    case MV_DOMAIN_VIDEO_XEN:
        return 4 * 1024;
    case MV_DOMAIN_VIDEO_QXL:
        return 64 * 1024;
    default:
        return 0;
    }
}

static unsigned int round_pow2(unsigned int v)
{
    unsigned int r = 1;
    if (v == 0 || v > (1u << 31))
        return v;
    while (r < v)
        r <<= 1;
    return r;
}

int mv_conf_videos_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx)
{
    /* Graphics without video: libvirt adds one of the default model. */
    if (devs->ngraphics > 0 && devs->nvideos == 0) {
        mv_domain_video_def *v = g_new0(mv_domain_video_def, 1);
        v->info = g_new0(mv_domain_device_info, 1);
        MV_DEV_APPEND(devs->videos, devs->nvideos, v);
    }
    for (size_t i = 0; i < devs->nvideos; i++) {
        mv_domain_video_def *v = devs->videos[i];
        if (v->type == MV_DOMAIN_VIDEO_DEFAULT && ctx->opt->default_video)
            v->type = ctx->opt->default_video(ctx->def, ctx->opt->opaque);
        if (v->vram == 0)
            v->vram = default_vram(v);
        if (v->ram == 0 && v->type == MV_DOMAIN_VIDEO_QXL)
            v->ram = 64 * 1024;
        v->vram = round_pow2(v->vram);
        v->ram = round_pow2(v->ram);
        if (v->heads == 0 && v->type != MV_DOMAIN_VIDEO_NONE)
            v->heads = 1;
    }
    if (devs->nvideos > 0)
        devs->videos[0]->primary = true;
    return 0;
}

void mv_domain_video_def_format(mv_xml_writer *w, const mv_domain_video_def *v)
{
    mv_xml_start(w, "video");
    mv_xml_children(w);
    mv_xml_start(w, "model");
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(video_types, v->type));
    const struct { const char *name; unsigned int val; } nums[] = {
        { "ram", v->ram }, { "vram", v->vram }, { "vgamem", v->vgamem }, { "heads", v->heads },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(nums); i++)
        if (nums[i].val)
            mv_xml_attr_uint(w, nums[i].name, nums[i].val);
    if (v->primary)
        mv_xml_attr(w, "primary", "yes");
    mv_xml_empty(w);
    mv_conf_dev_info_format(w, v->info);
    mv_xml_close(w, "video");
}

void mv_domain_video_def_free(mv_domain_video_def *v)
{
    if (!v)
        return;
    mv_conf_dev_info_free(v->info);
    g_free(v);
}
