/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-compare.c — identity (same name and uuid) and
 * ABI stability between two definitions of one guest, with libvirt's
 * "Target ... does not match source ..." messages. */
#include "core/conf/domain/domain-internal.h"
#include "core/util/uuid.h"
#include <modvirt-plugin/error.h>

#include <string.h>

int mv_domain_def_same_identity(const mv_domain_def *a, const mv_domain_def *b)
{
    return a && b && a->name && b->name && !strcmp(a->name, b->name) &&
           !memcmp(a->uuid, b->uuid, VIR_UUID_BUFLEN);
}

static int differ(const char *what, const char *dst, const char *src)
{
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                    "Target domain %s %s does not match source %s", what,
                    dst ? dst : "(none)", src ? src : "(none)");
    return -1;
}

static int differ_ull(const char *what, unsigned long long dst, unsigned long long src)
{
    g_autofree char *d = g_strdup_printf("%llu", dst);
    g_autofree char *s = g_strdup_printf("%llu", src);
    return differ(what, d, s);
}

static int check_str(const char *what, const char *dst, const char *src)
{
    return g_strcmp0(dst, src) ? differ(what, dst, src) : 0;
}

static int check_features(const mv_domain_features *a, const mv_domain_features *b)
{
    for (size_t i = 0; i < mv_conf_domain_nfeatures; i++) {
        const mv_conf_feature_info *info = &mv_conf_domain_feature_table[i];
        int va = *(const int *)((const char *)a + info->offset);
        int vb = *(const int *)((const char *)b + info->offset);
        if (va != vb) {
            const char *sa = mv_conf_enum_to(mv_xml_onoff_names, va);
            const char *sb = mv_conf_enum_to(mv_xml_onoff_names, vb);
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                            "State of feature '%s' differs: source: '%s', destination: '%s'",
                            info->name, sa ? sa : "absent", sb ? sb : "absent");
            return -1;
        }
    }
    return 0;
}

static int check_cpu(const mv_domain_cpu_def *a, const mv_domain_cpu_def *b)
{
    if (!a && !b)
        return 0;
    if (!a || !b) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Target CPU %s does not match source %s",
                        b ? "present" : "absent", a ? "present" : "absent");
        return -1;
    }
    if (a->mode != b->mode)
        return differ("CPU mode", mv_domain_cpu_mode_to_string(b->mode),
                      mv_domain_cpu_mode_to_string(a->mode));
    if (check_str("CPU model", b->model, a->model) < 0 ||
        check_str("CPU vendor", b->vendor, a->vendor) < 0)
        return -1;
    if (a->sockets != b->sockets || a->dies != b->dies || a->cores != b->cores ||
        a->threads != b->threads)
        return differ("CPU topology", "(changed)", "(original)");
    if (a->nfeatures != b->nfeatures)
        return differ_ull("CPU feature count", b->nfeatures, a->nfeatures);
    for (size_t i = 0; i < a->nfeatures; i++)
        if (strcmp(a->features[i]->name, b->features[i]->name) ||
            a->features[i]->policy != b->features[i]->policy)
            return differ("CPU feature", b->features[i]->name, a->features[i]->name);
    return 0;
}

int mv_domain_def_check_abi_stability(const mv_domain_def *a, const mv_domain_def *b)
{
    char ua[VIR_UUID_STRING_BUFLEN], ub[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(a->uuid, ua);
    mv_uuid_format(b->uuid, ub);
    if (a->virt_type != b->virt_type)
        return differ("virt type", mv_domain_virt_type_to_string(b->virt_type),
                      mv_domain_virt_type_to_string(a->virt_type));
    if (strcmp(ua, ub))
        return differ("uuid", ub, ua);
    if (g_strcmp0(a->name, b->name)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Target domain name '%s' does not match source '%s'", b->name, a->name);
        return -1;
    }
    if (a->memory != b->memory)
        return differ_ull("max memory", b->memory, a->memory);
    if (a->max_memory != b->max_memory || a->max_memory_slots != b->max_memory_slots)
        return differ_ull("maxMemory", b->max_memory, a->max_memory);
    if (a->vcpus_max != b->vcpus_max)
        return differ_ull("vCPU max", b->vcpus_max, a->vcpus_max);
    if (check_str("OS type", b->os->type, a->os->type) < 0 ||
        check_str("architecture", b->os->arch, a->os->arch) < 0 ||
        check_str("machine type", b->os->machine, a->os->machine) < 0 ||
        check_features(a->features, b->features) < 0 ||
        check_cpu(a->cpu, b->cpu) < 0)
        return -1;
    return mv_domain_devices_check_abi(a->devices, b->devices);
}
