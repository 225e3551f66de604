/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-util.h — helpers shared by the device parsers
 * and formatters (devices-*.c): enum tables, the device type attribute,
 * the common <boot>/<address> part, lists, and the per-family
 * entry points devices.c glues together. Core-private.
 */
#ifndef MV_CONF_DOMAIN_DEVICES_UTIL_H
#define MV_CONF_DOMAIN_DEVICES_UTIL_H

#include "core/conf/domain/devices.h"
#include "core/conf/xml-prop.h"
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/error.h>

/* Enum tables are NULL-terminated arrays indexed by value. */
int mv_conf_dev_enum_from(const char *const *table, const char *s);
const char *mv_conf_dev_enum_to(const char *const *table, int v);

/* The type attribute of device element NODE, read as mv_xml_prop_enum
 * reads it (1, 0 when absent, -1), except that the values in OTHERS (types
 * libvirt knows and modvirt does not model) fail with
 * VIR_ERR_CONFIG_UNSUPPORTED naming WHAT. */
int mv_conf_dev_prop_type(xmlNodePtr node, const char *const *table,
                          const char *const *others, const char *what, int *out);

/* <boot order> and <address> of device element DEV (always allocates). */
int mv_conf_dev_info_parse(xmlNodePtr dev, bool allow_boot, mv_domain_device_info **out);
void mv_conf_dev_info_format(mv_xml_writer *w, const mv_domain_device_info *info);
void mv_conf_dev_info_free(mv_domain_device_info *info);
bool mv_conf_dev_address_equal(const mv_domain_device_address *a,
                               const mv_domain_device_address *b);

/* Appends ITEM to the pointer array *ITEMS of *N elements. */
#define MV_DEV_APPEND(items, n, item) do { \
        (items) = g_renew(__typeof__(*(items)), (items), (n) + 1); \
        (items)[(n)++] = (item); \
    } while (0)
/* Inserts ITEM at POS. */
#define MV_DEV_INSERT(items, n, pos, item) do { \
        (items) = g_renew(__typeof__(*(items)), (items), (n) + 1); \
        memmove(&(items)[(pos) + 1], &(items)[(pos)], ((n) - (pos)) * sizeof(*(items))); \
        (items)[(pos)] = (item); \
        (n)++; \
    } while (0)

/* Bound on controllers, so that hostile input cannot make the
 * per-controller work (ordering, implicit controllers) quadratic. */
#define MV_CONF_DEV_MAX_CONTROLLERS 4096

/* Error helpers (VIR_FROM_DOMAIN). */
#define mv_dev_error(code, ...) mv_error_report(VIR_FROM_DOMAIN, code, __VA_ARGS__)

/* ---- per family (devices-disk.c, -net.c, -chardev.c, -display.c,
 * -controller.c, -misc.c) ---- */
mv_domain_disk_def *mv_domain_disk_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_disk_def_format(mv_xml_writer *w, const mv_domain_disk_def *d);
void mv_domain_disk_def_free(mv_domain_disk_def *d);
void mv_conf_disks_sort(mv_domain_devices *devs);
int mv_conf_disks_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx);
int mv_conf_disk_name_index(const char *name);
/* devices-disk-iotune.c: <iotune> of the <disk> NODE into T; 0 or -1. */
int mv_conf_disk_iotune_parse(xmlNodePtr node, mv_domain_iotune *t);
void mv_conf_disk_iotune_format(mv_xml_writer *w, const mv_domain_iotune *t);

mv_domain_fs_def *mv_domain_fs_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_fs_def_format(mv_xml_writer *w, const mv_domain_fs_def *fs);
void mv_domain_fs_def_free(mv_domain_fs_def *fs);

mv_domain_net_def *mv_domain_net_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_net_def_format(mv_xml_writer *w, const mv_domain_net_def *net);
void mv_domain_net_def_free(mv_domain_net_def *net);
int mv_conf_nets_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx);

mv_domain_chr_def *mv_domain_chr_def_parse(xmlNodePtr node, mv_domain_chr_device device,
                                           const mv_domain_parse_ctx *ctx);
void mv_domain_chr_def_format(mv_xml_writer *w, const mv_domain_chr_def *chr,
                              unsigned int flags);
void mv_domain_chr_def_free(mv_domain_chr_def *chr);
int mv_conf_chrs_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx);
void mv_conf_consoles_format(mv_xml_writer *w, const mv_domain_devices *devs, bool hvm,
                             unsigned int flags);

mv_domain_graphics_def *mv_domain_graphics_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_graphics_def_format(mv_xml_writer *w, const mv_domain_graphics_def *g);
void mv_domain_graphics_def_free(mv_domain_graphics_def *g);
int mv_conf_graphics_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx);
mv_domain_video_def *mv_domain_video_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_video_def_format(mv_xml_writer *w, const mv_domain_video_def *v);
void mv_domain_video_def_free(mv_domain_video_def *v);
int mv_conf_videos_insert(mv_domain_devices *devs, mv_domain_video_def *v);
int mv_conf_videos_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx);

mv_domain_controller_def *mv_domain_controller_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_controller_def_format(mv_xml_writer *w, const mv_domain_controller_def *c);
void mv_domain_controller_def_free(mv_domain_controller_def *c);
int mv_conf_controllers_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx);

mv_domain_input_def *mv_domain_input_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_input_def_format(mv_xml_writer *w, const mv_domain_input_def *in);
void mv_domain_input_def_free(mv_domain_input_def *in);
int mv_conf_inputs_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx);
mv_domain_memballoon_def *mv_domain_memballoon_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_memballoon_def_format(mv_xml_writer *w, const mv_domain_memballoon_def *m);
void mv_domain_memballoon_def_free(mv_domain_memballoon_def *m);
mv_domain_rng_def *mv_domain_rng_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx);
void mv_domain_rng_def_format(mv_xml_writer *w, const mv_domain_rng_def *r);
void mv_domain_rng_def_free(mv_domain_rng_def *r);

#endif
