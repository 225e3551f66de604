/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-display.c — what the guest shows and how the
 * host sees it: input devices, VNC (loopback by default, the port chosen by
 * the driver for autoport) or -display none, and video adapters.
 */
#include "qemu-command.h"

static const char *const input_names[3][2] = {
    /* usb, virtio; by mv_domain_input_type */
    [MV_DOMAIN_INPUT_MOUSE] = { "usb-mouse", "virtio-mouse-pci" },
    [MV_DOMAIN_INPUT_TABLET] = { "usb-tablet", "virtio-tablet-pci" },
    [MV_DOMAIN_INPUT_KEYBOARD] = { "usb-kbd", "virtio-keyboard-pci" },
};

static int add_input(mv_qemu_build *b, const mv_domain_input_def *in, size_t i)
{
    if (in->bus == MV_DOMAIN_INPUT_BUS_PS2 && in->type != MV_DOMAIN_INPUT_TABLET)
        return 0;   /* the i8042 of the machine */
    bool usb = in->bus == MV_DOMAIN_INPUT_BUS_USB;
    if ((!usb && in->bus != MV_DOMAIN_INPUT_BUS_VIRTIO) || in->type > MV_DOMAIN_INPUT_KEYBOARD)
        return mv_qemu_unsupported("input device %zu: this type on this bus is not supported "
                                   "by QEMU on x86", i);
    if (usb && !b->has_usb)
        return mv_qemu_unsupported("USB input device %zu needs a USB controller (model is 'none')", i);
    GString *s = g_string_new(input_names[in->type][usb ? 0 : 1]);
    mv_qemu_opt_fmt(s, "id", "input%zu", i);
    if (!usb)
        return mv_qemu_add_pci_device(b, in->info, s);
    mv_qemu_opt_fmt(s, "bus", "usb.0");
    mv_qemu_add_opts(b, "-device", s);
    return 0;
}

int mv_qemu_build_inputs(mv_qemu_build *b)
{
    for (size_t i = 0; i < b->devs->ninputs; i++)
        if (add_input(b, b->devs->inputs[i], i) < 0)
            return -1;
    return 0;
}

static int vnc_address(const mv_domain_graphics_def *g, GString *s)
{
    const mv_domain_graphics_listen *l = g->nlistens ? g->listens[0] : NULL;
    if (l && l->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK)
        return mv_qemu_unsupported("VNC listen type 'network' is not supported by this QEMU "
                                   "driver yet; give an address");
    const char *addr = l && l->address ? l->address : "127.0.0.1";
    if (g_strstr_len(addr, -1, ":") && addr[0] != '[')
        g_string_append_printf(s, "[%s]", addr);
    else
        mv_qemu_opt_str(s, NULL, addr);
    return 0;
}

int mv_qemu_build_graphics(mv_qemu_build *b)
{
    if (b->devs->ngraphics == 0) {
        mv_qemu_add_opt(b, "-display", "none");
        return 0;
    }
    if (b->devs->ngraphics > 1)
        return mv_qemu_unsupported("only one graphics device is supported by this QEMU driver");
    const mv_domain_graphics_def *g = b->devs->graphics[0];
    if (g->type != MV_DOMAIN_GRAPHICS_VNC)
        return mv_qemu_unsupported("graphics type %d is not supported (vnc only)", g->type);
    if (g->nlistens && g->listens[0]->type == MV_DOMAIN_GRAPHICS_LISTEN_NONE) {
        mv_qemu_add_opt(b, "-vnc", "none");
        return 0;
    }
    int port = g->autoport || g->port < 0 ? b->in->vnc_port : g->port;
    if (port < 5900 || port > 65535)
        return mv_qemu_unsupported("VNC port %d is out of range (5900 to 65535)", port);
    if (g->websocket < 0)
        return mv_qemu_unsupported("automatic VNC websocket ports are not supported yet");
    GString *s = g_string_new(NULL);
    if (vnc_address(g, s) < 0) {
        g_string_free(s, TRUE);
        return -1;
    }
    g_string_append_printf(s, ":%d", port - 5900);
    if (g->websocket > 0)
        mv_qemu_opt_fmt(s, "websocket", "%d", g->websocket);
    mv_qemu_add_opts(b, "-vnc", s);
    if (g->keymap)
        mv_qemu_add_opt(b, "-k", g->keymap);
    return 0;
}

static const char *const video_names[] = {
    "default", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels", "virtio", "gop",
    "none", "bochs", "ramfb",
};

/* QEMU device for a video model: primary, secondary (NULL: not possible). */
static const char *video_device(mv_domain_video_type t, bool primary)
{
    switch (t) {
    case MV_DOMAIN_VIDEO_VGA: return primary ? "VGA" : NULL;
    case MV_DOMAIN_VIDEO_CIRRUS: return primary ? "cirrus-vga" : NULL;
    case MV_DOMAIN_VIDEO_VMVGA: return primary ? "vmware-svga" : NULL;
    case MV_DOMAIN_VIDEO_QXL: return primary ? "qxl-vga" : "qxl";
    case MV_DOMAIN_VIDEO_VIRTIO: return primary ? "virtio-vga" : "virtio-gpu-pci";
    case MV_DOMAIN_VIDEO_BOCHS: return "bochs-display";
    case MV_DOMAIN_VIDEO_RAMFB: return primary ? "ramfb" : NULL;
    default: return NULL;
    }
}

static int add_video(mv_qemu_build *b, const mv_domain_video_def *v, size_t i)
{
    if (v->type == MV_DOMAIN_VIDEO_NONE)
        return 0;
    const char *dev = video_device(v->type, i == 0);
    if (!dev)
        return mv_qemu_unsupported("video model '%s' is not supported by QEMU as %s video "
                                   "device", v->type < G_N_ELEMENTS(video_names) ?
                                   video_names[v->type] : "?",
                                   i == 0 ? "the primary" : "a secondary");
    GString *s = g_string_new(dev);
    mv_qemu_opt_fmt(s, "id", "video%zu", i);
    if (v->type == MV_DOMAIN_VIDEO_QXL) {
        mv_qemu_opt_fmt(s, "ram_size", "%u", v->ram * 1024);
        mv_qemu_opt_fmt(s, "vram_size", "%u", v->vram * 1024);
    }
    if ((v->type == MV_DOMAIN_VIDEO_VGA || v->type == MV_DOMAIN_VIDEO_VMVGA) && v->vram)
        mv_qemu_opt_fmt(s, "vgamem_mb", "%u", v->vram / 1024);
    if (v->type == MV_DOMAIN_VIDEO_QXL && v->vgamem)
        mv_qemu_opt_fmt(s, "vgamem_mb", "%u", v->vgamem / 1024);
    if ((v->type == MV_DOMAIN_VIDEO_QXL || v->type == MV_DOMAIN_VIDEO_VIRTIO) && v->heads > 1)
        mv_qemu_opt_fmt(s, "max_outputs", "%u", v->heads);
    if (v->type == MV_DOMAIN_VIDEO_RAMFB) {
        mv_qemu_add_opts(b, "-device", s);
        return 0;
    }
    if (i == 0 && b->video_slot && !(v->info && v->info->address)) {
        mv_qemu_opt_fmt(s, "bus", "%s", b->pci_bus);
        mv_qemu_opt_fmt(s, "addr", "0x%x", b->video_slot);
        mv_qemu_add_opts(b, "-device", s);
        return 0;
    }
    return mv_qemu_add_pci_device(b, v->info, s);
}

int mv_qemu_build_videos(mv_qemu_build *b)
{
    for (size_t i = 0; i < b->devs->nvideos; i++)
        if (add_video(b, b->devs->videos[i], i) < 0)
            return -1;
    return 0;
}
