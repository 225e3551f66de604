/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-defaults.c — what libvirt checks and fills in
 * once a <domain> is parsed: memory and vCPU consistency, currentMemory,
 * the default boot device; then the devices' defaults and the driver's
 * own post-parse callback. (The uuid, arch, vCPU count and lifecycle
 * defaults are set while parsing.) Last, the <cputune> ranges and the
 * <idmap> checks, which libvirt makes when validating. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <string.h>

static int check(const mv_domain_def *def, bool per_device_boot)
{
    if (!def->memory) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                        "Memory size must be specified via <memory> or in the <numa> configuration");
        return -1;
    }
    if (def->max_memory && def->max_memory < def->memory) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                        "maximum memory size must be equal or greater than the actual memory size");
        return -1;
    }
    if (!def->vcpus_max) {
        /* libvirt's wording for a zero <vcpu>. */
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "CPU IDs in <numa> exceed the <vcpu> count");
        return -1;
    }
    if (def->vcpus_current > def->vcpus_max) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "maximum vCPU count must not be less than current vCPU count");
        return -1;
    }
    if (per_device_boot && def->os->nboot_devs) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                        "per-device boot elements cannot be used together with os/boot elements");
        return -1;
    }
    return 0;
}

int mv_conf_domain_post_parse(mv_domain_def *def, const mv_domain_parse_ctx *ctx,
                              bool per_device_boot)
{
    if (check(def, per_device_boot) < 0)
        return -1;
    if (!(ctx->flags & MV_DOMAIN_PARSE_NO_DEFAULTS)) {
        if (!def->current_memory || def->current_memory > def->memory)
            def->current_memory = def->memory;
        mv_domain_os_def *os = def->os;
        if (!strcmp(os->type, "hvm") && !os->nboot_devs && !per_device_boot) {
            if (!os->boot_devs)
                os->boot_devs = g_new0(int, 1);
            os->boot_devs[os->nboot_devs++] = MV_DOMAIN_BOOT_DISK;
        }
        if (mv_domain_devices_post_parse(def, ctx) < 0)
            return -1;
    }
    if (ctx->opt->post_parse && ctx->opt->post_parse(def, ctx->flags, ctx->opt->opaque) < 0)
        return -1;
    if (mv_conf_domain_validate_tune(def) < 0)
        return -1;
    return mv_conf_domain_validate_iothreads(def);
}
