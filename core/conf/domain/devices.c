/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices.c — the <devices> element as a whole: parse
 * each family in libvirt's order, fill defaults and cross-device checks,
 * format in libvirt's element order, free, copy and ABI comparison. The
 * families themselves live in devices-<family>.c.
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

/* Parsing without defaults keeps every list exactly as written, so that a
 * formatted definition reads back unchanged (deep copies rely on it). */
static bool keep_order(const mv_domain_parse_ctx *ctx)
{
    return ctx->flags & MV_DOMAIN_PARSE_NO_DEFAULTS;
}

#define PARSE_LIST(node, name, parse_call, add_stmt) do { \
        for (xmlNodePtr n = mv_xml_child(node, name); n; n = mv_xml_next(n)) { \
            __typeof__(parse_call) item = parse_call; \
            if (!item) \
                goto error; \
            add_stmt; \
        } \
    } while (0)

static void video_add(mv_domain_devices *devs, mv_domain_video_def *v, bool raw, int *rc)
{
    if (raw) {
        MV_DEV_APPEND(devs->videos, devs->nvideos, v);
    } else if (mv_conf_videos_insert(devs, v) < 0) {
        mv_domain_video_def_free(v);
        *rc = -1;
    }
}

mv_domain_devices *mv_domain_devices_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    mv_domain_devices *devs = g_new0(mv_domain_devices, 1);
    if (!node)
        return devs;
    bool raw = keep_order(ctx);
    int rc = 0;
    xmlNodePtr emu = mv_xml_child(node, "emulator");
    devs->emulator = emu ? mv_xml_text(emu) : NULL;
    PARSE_LIST(node, "disk", mv_domain_disk_def_parse(n, ctx),
               MV_DEV_APPEND(devs->disks, devs->ndisks, item));
    if (!raw)
        mv_conf_disks_sort(devs);
    if (mv_xml_count(node, "controller") > MV_CONF_DEV_MAX_CONTROLLERS) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "more than %d controllers",
                     MV_CONF_DEV_MAX_CONTROLLERS);
        goto error;
    }
    /* In document order; post-parse puts them in libvirt's order. */
    PARSE_LIST(node, "controller", mv_domain_controller_def_parse(n, ctx),
               MV_DEV_APPEND(devs->controllers, devs->ncontrollers, item));
    PARSE_LIST(node, "filesystem", mv_domain_fs_def_parse(n, ctx),
               MV_DEV_APPEND(devs->filesystems, devs->nfilesystems, item));
    PARSE_LIST(node, "interface", mv_domain_net_def_parse(n, ctx),
               MV_DEV_APPEND(devs->nets, devs->nnets, item));
    PARSE_LIST(node, "serial", mv_domain_chr_def_parse(n, MV_DOMAIN_CHR_DEVICE_SERIAL, ctx),
               MV_DEV_APPEND(devs->serials, devs->nserials, item));
    /* libvirt numbers consoles by position, whatever port is written. */
    PARSE_LIST(node, "console", mv_domain_chr_def_parse(n, MV_DOMAIN_CHR_DEVICE_CONSOLE, ctx),
               if (!raw) item->target_port = (int)devs->nconsoles;
               MV_DEV_APPEND(devs->consoles, devs->nconsoles, item));
    PARSE_LIST(node, "channel", mv_domain_chr_def_parse(n, MV_DOMAIN_CHR_DEVICE_CHANNEL, ctx),
               MV_DEV_APPEND(devs->channels, devs->nchannels, item));
    PARSE_LIST(node, "input", mv_domain_input_def_parse(n, ctx),
               MV_DEV_APPEND(devs->inputs, devs->ninputs, item));
    PARSE_LIST(node, "graphics", mv_domain_graphics_def_parse(n, ctx),
               MV_DEV_APPEND(devs->graphics, devs->ngraphics, item));
    PARSE_LIST(node, "video", mv_domain_video_def_parse(n, ctx), video_add(devs, item, raw, &rc));
    if (rc < 0)
        goto error;
    xmlNodePtr balloon = mv_xml_child(node, "memballoon");
    if (balloon && mv_xml_next(balloon)) {
        mv_dev_error(VIR_ERR_XML_ERROR, "only a single memory balloon device is supported");
        goto error;
    }
    if (balloon && !(devs->memballoon = mv_domain_memballoon_def_parse(balloon, ctx)))
        goto error;
    PARSE_LIST(node, "rng", mv_domain_rng_def_parse(n, ctx),
               MV_DEV_APPEND(devs->rngs, devs->nrngs, item));
    return devs;
error:
    mv_domain_devices_free(devs);
    return NULL;
}

/* libvirt: a boot order belongs to one device. */
static int check_boot_orders(const mv_domain_devices *devs)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < devs->ndisks + devs->nnets; i++) {
        const mv_domain_device_info *info = i < devs->ndisks ? devs->disks[i]->info
                                                             : devs->nets[i - devs->ndisks]->info;
        if (!info || !info->boot_order)
            continue;
        if (!g_hash_table_add(seen, GUINT_TO_POINTER(info->boot_order))) {
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "boot order '%u' used for more than one device",
                         info->boot_order);
            return -1;
        }
    }
    return 0;
}

int mv_domain_devices_post_parse(mv_domain_def *def, const mv_domain_parse_ctx *ctx)
{
    mv_domain_devices *devs = def->devices;
    if (!devs)
        return 0;
    if (!devs->emulator && ctx->opt->default_emulator)
        devs->emulator = g_strdup(ctx->opt->default_emulator);
    if (mv_conf_disks_post_parse(devs, ctx) < 0 ||
        mv_conf_nets_post_parse(devs, ctx) < 0 ||
        mv_conf_chrs_post_parse(devs, ctx) < 0 ||
        mv_conf_inputs_post_parse(devs, ctx) < 0 ||
        mv_conf_graphics_post_parse(devs, ctx) < 0 ||
        mv_conf_videos_post_parse(devs, ctx) < 0 ||
        mv_conf_controllers_post_parse(devs, ctx) < 0)
        return -1;
    return check_boot_orders(devs);
}

#define FORMAT_LIST(w, items, n, fn) do { \
        for (size_t i_ = 0; i_ < (n); i_++) \
            fn(w, (items)[i_]); \
    } while (0)

static void format_devices(mv_xml_writer *w, const mv_domain_devices *devs, bool hvm,
                           unsigned int flags)
{
    mv_xml_start(w, "devices");
    mv_xml_children(w);
    mv_xml_elem_text(w, "emulator", devs->emulator);
    FORMAT_LIST(w, devs->disks, devs->ndisks, mv_domain_disk_def_format);
    FORMAT_LIST(w, devs->controllers, devs->ncontrollers, mv_domain_controller_def_format);
    FORMAT_LIST(w, devs->filesystems, devs->nfilesystems, mv_domain_fs_def_format);
    FORMAT_LIST(w, devs->nets, devs->nnets, mv_domain_net_def_format);
    for (size_t i = 0; i < devs->nserials; i++)
        mv_domain_chr_def_format(w, devs->serials[i], flags);
    mv_conf_consoles_format(w, devs, hvm, flags);
    for (size_t i = 0; i < devs->nchannels; i++)
        mv_domain_chr_def_format(w, devs->channels[i], flags);
    FORMAT_LIST(w, devs->inputs, devs->ninputs, mv_domain_input_def_format);
    FORMAT_LIST(w, devs->graphics, devs->ngraphics, mv_domain_graphics_def_format);
    FORMAT_LIST(w, devs->videos, devs->nvideos, mv_domain_video_def_format);
    if (devs->memballoon)
        mv_domain_memballoon_def_format(w, devs->memballoon);
    FORMAT_LIST(w, devs->rngs, devs->nrngs, mv_domain_rng_def_format);
    mv_xml_close(w, "devices");
}

void mv_domain_devices_format(mv_xml_writer *w, const mv_domain_def *def, unsigned int flags)
{
    if (!def->devices)
        return;
    bool hvm = def->os && g_strcmp0(def->os->type, "hvm") == 0;
    format_devices(w, def->devices, hvm, flags);
}

#define FREE_LIST(items, n, fn) do { \
        for (size_t i_ = 0; i_ < (n); i_++) \
            fn((items)[i_]); \
        g_free(items); \
    } while (0)

void mv_domain_devices_free(mv_domain_devices *devs)
{
    if (!devs)
        return;
    g_free(devs->emulator);
    FREE_LIST(devs->disks, devs->ndisks, mv_domain_disk_def_free);
    FREE_LIST(devs->filesystems, devs->nfilesystems, mv_domain_fs_def_free);
    FREE_LIST(devs->nets, devs->nnets, mv_domain_net_def_free);
    FREE_LIST(devs->serials, devs->nserials, mv_domain_chr_def_free);
    FREE_LIST(devs->consoles, devs->nconsoles, mv_domain_chr_def_free);
    FREE_LIST(devs->channels, devs->nchannels, mv_domain_chr_def_free);
    FREE_LIST(devs->graphics, devs->ngraphics, mv_domain_graphics_def_free);
    FREE_LIST(devs->videos, devs->nvideos, mv_domain_video_def_free);
    FREE_LIST(devs->inputs, devs->ninputs, mv_domain_input_def_free);
    FREE_LIST(devs->controllers, devs->ncontrollers, mv_domain_controller_def_free);
    mv_domain_memballoon_def_free(devs->memballoon);
    FREE_LIST(devs->rngs, devs->nrngs, mv_domain_rng_def_free);
    g_free(devs);
}

