/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-abi.c — whether a new device list keeps the
 * guest-visible hardware of the old one (live update, migration): same
 * number and kind of devices, same targets, buses, models, MACs and
 * addresses, as libvirt's ABI stability check compares them.
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

static int count_differs(const char *what, size_t a, size_t b)
{
    if (a == b)
        return 0;
    mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Target domain %s count %zu does not match source %zu",
                 what, b, a);
    return -1;
}

static int str_differs(const char *what, const char *a, const char *b)
{
    if (g_strcmp0(a, b) == 0)
        return 0;
    mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Target %s %s does not match source %s",
                 what, b ? b : "(none)", a ? a : "(none)");
    return -1;
}

static int int_differs(const char *what, long long a, long long b)
{
    if (a == b)
        return 0;
    mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Target %s %lld does not match source %lld", what, b, a);
    return -1;
}

static int info_differs(const mv_domain_device_info *a, const mv_domain_device_info *b)
{
    if (mv_conf_dev_address_equal(a ? a->address : NULL, b ? b->address : NULL))
        return 0;
    mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Target device address does not match source");
    return -1;
}

static int disk_differs(const mv_domain_disk_def *a, const mv_domain_disk_def *b)
{
    return int_differs("disk device", a->device, b->device) ||
           str_differs("disk", a->dst, b->dst) ||
           str_differs("disk bus", mv_domain_disk_bus_to_string(a->bus),
                       mv_domain_disk_bus_to_string(b->bus)) ||
           str_differs("disk serial", a->serial, b->serial) ||
           int_differs("disk readonly", a->readonly, b->readonly) ||
           info_differs(a->info, b->info);
}

static int net_differs(const mv_domain_net_def *a, const mv_domain_net_def *b)
{
    char ma[18] = "", mb[18] = "";
    if (a->has_mac)
        mv_domain_mac_format(a->mac, ma);
    if (b->has_mac)
        mv_domain_mac_format(b->mac, mb);
    return str_differs("network card mac", ma, mb) ||
           str_differs("network card model", a->model, b->model) ||
           info_differs(a->info, b->info);
}

static int chr_differs(const mv_domain_chr_def *a, const mv_domain_chr_def *b)
{
    return str_differs("character device target type", a->target_type, b->target_type) ||
           int_differs("character device port", a->target_port, b->target_port) ||
           info_differs(a->info, b->info);
}

static int video_differs(const mv_domain_video_def *a, const mv_domain_video_def *b)
{
    return int_differs("video card model", a->type, b->type) ||
           int_differs("video card ram", a->ram, b->ram) ||
           int_differs("video card vram", a->vram, b->vram) ||
           int_differs("video card heads", a->heads, b->heads) ||
           info_differs(a->info, b->info);
}

static int input_differs(const mv_domain_input_def *a, const mv_domain_input_def *b)
{
    return int_differs("input device type", a->type, b->type) ||
           int_differs("input device bus", a->bus, b->bus) || info_differs(a->info, b->info);
}

static int controller_differs(const mv_domain_controller_def *a, const mv_domain_controller_def *b)
{
    return str_differs("controller type", mv_domain_controller_type_to_string(a->type),
                       mv_domain_controller_type_to_string(b->type)) ||
           int_differs("controller index", a->idx, b->idx) ||
           str_differs("controller model", a->model, b->model) ||
           info_differs(a->info, b->info);
}

static int fs_differs(const mv_domain_fs_def *a, const mv_domain_fs_def *b)
{
    return str_differs("filesystem target", a->dst, b->dst) || info_differs(a->info, b->info);
}

static int rng_differs(const mv_domain_rng_def *a, const mv_domain_rng_def *b)
{
    return int_differs("RNG model", a->model, b->model) || info_differs(a->info, b->info);
}

#define CHECK_LIST(what, la, na, lb, nb, fn) do { \
        if (count_differs(what, na, nb)) \
            return -1; \
        for (size_t i_ = 0; i_ < (na); i_++) \
            if (fn((la)[i_], (lb)[i_])) \
                return -1; \
    } while (0)

int mv_domain_devices_check_abi(const mv_domain_devices *a, const mv_domain_devices *b)
{
    static const mv_domain_devices empty;
    a = a ? a : &empty;
    b = b ? b : &empty;
    CHECK_LIST("disk", a->disks, a->ndisks, b->disks, b->ndisks, disk_differs);
    CHECK_LIST("controller", a->controllers, a->ncontrollers, b->controllers, b->ncontrollers,
               controller_differs);
    CHECK_LIST("filesystem", a->filesystems, a->nfilesystems, b->filesystems, b->nfilesystems,
               fs_differs);
    CHECK_LIST("net card", a->nets, a->nnets, b->nets, b->nnets, net_differs);
    CHECK_LIST("serial port", a->serials, a->nserials, b->serials, b->nserials, chr_differs);
    CHECK_LIST("console", a->consoles, a->nconsoles, b->consoles, b->nconsoles, chr_differs);
    CHECK_LIST("channel", a->channels, a->nchannels, b->channels, b->nchannels, chr_differs);
    CHECK_LIST("input device", a->inputs, a->ninputs, b->inputs, b->ninputs, input_differs);
    CHECK_LIST("video card", a->videos, a->nvideos, b->videos, b->nvideos, video_differs);
    CHECK_LIST("RNG device", a->rngs, a->nrngs, b->rngs, b->nrngs, rng_differs);
    if (count_differs("memory balloon", a->memballoon != NULL, b->memballoon != NULL))
        return -1;
    if (a->memballoon && (int_differs("memballoon model", a->memballoon->model, b->memballoon->model) ||
                          info_differs(a->memballoon->info, b->memballoon->info)))
        return -1;
    return 0;
}
