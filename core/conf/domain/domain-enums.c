/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-enums.c — the XML strings of the domain enums
 * (libvirt's spellings, indexed by the values in conf-domain.h) and the
 * public to/from string helpers drivers use. */
#include "core/conf/domain/domain-internal.h"

#include <stddef.h>
#include <string.h>

const char *const mv_conf_domain_lifecycle_names[] = {
    "destroy", "restart", "rename-restart", "preserve",
    "coredump-destroy", "coredump-restart", NULL };
const char *const mv_conf_domain_placement_names[] = { "static", "auto", NULL };
const char *const mv_conf_domain_numatune_mode_names[] = {
    "strict", "preferred", "interleave", "restrictive", NULL };
const char *const mv_conf_domain_numatune_placement_names[] = {
    "default", "static", "auto", NULL };
const char *const mv_conf_domain_boot_names[] = { "fd", "hd", "cdrom", "network", NULL };
const char *const mv_conf_domain_smbios_names[] = { "none", "emulate", "host", "sysinfo", NULL };
const char *const mv_conf_domain_cpu_mode_names[] = {
    "custom", "host-model", "host-passthrough", "maximum", NULL };
const char *const mv_conf_domain_cpu_match_names[] = { "", "minimum", "exact", "strict", NULL };
/* libvirt accepts check='default' (the value it writes as no attribute). */
const char *const mv_conf_domain_cpu_check_names[] = { "default", "none", "partial", "full", NULL };
const char *const mv_conf_domain_cpu_fallback_names[] = { "allow", "forbid", NULL };
const char *const mv_conf_domain_cpu_policy_names[] = {
    "force", "require", "optional", "disable", "forbid", NULL };
const char *const mv_conf_domain_clock_names[] = {
    "utc", "localtime", "variable", "timezone", "absolute", NULL };
const char *const mv_conf_domain_clock_basis_names[] = { "utc", "localtime", NULL };
const char *const mv_conf_domain_timer_names[] = {
    "platform", "pit", "rtc", "hpet", "tsc", "kvmclock", "hypervclock", "armvtimer", NULL };
const char *const mv_conf_domain_tickpolicy_names[] = {
    "", "delay", "catchup", "merge", "discard", NULL };
const char *const mv_conf_domain_track_names[] = { "", "boot", "guest", "wall", "realtime", NULL };
const char *const mv_conf_domain_timer_mode_names[] = {
    "", "auto", "native", "emulate", "paravirt", "smpsafe", NULL };

#define FEATURE(n, k, f) { n, MV_CONF_FEATURE_##k, offsetof(mv_domain_features, f) }
/* In libvirt's output order. */
const mv_conf_feature_info mv_conf_domain_feature_table[] = {
    FEATURE("acpi", PRESENCE, acpi),
    FEATURE("apic", PRESENCE, apic),
    FEATURE("pae", PRESENCE, pae),
    FEATURE("hap", STATE_OPTIONAL, hap),
    FEATURE("viridian", PRESENCE, viridian),
    FEATURE("privnet", PRESENCE, privnet),
    FEATURE("pvspinlock", STATE_OPTIONAL, pvspinlock),
    FEATURE("pmu", STATE_OPTIONAL, pmu),
    FEATURE("vmport", STATE_OPTIONAL, vmport),
    FEATURE("smm", STATE_OPTIONAL, smm),
    FEATURE("vmcoreinfo", STATE_OPTIONAL, vmcoreinfo),
    FEATURE("htm", STATE_REQUIRED, htm),
    FEATURE("nested-hv", STATE_REQUIRED, nested_hv),
    FEATURE("ccf-assist", STATE_REQUIRED, ccf_assist),
};
const size_t mv_conf_domain_nfeatures = G_N_ELEMENTS(mv_conf_domain_feature_table);

int mv_conf_enum_from(const char *const *table, const char *s)
{
    if (!s || !*s)
        return -1;
    for (int i = 0; table[i]; i++)
        if (!strcmp(table[i], s))
            return i;
    return -1;
}

/* NULL for the "" (absent) entries, so mv_xml_attr skips them. */
const char *mv_conf_enum_to(const char *const *table, int v)
{
    if (v < 0)
        return NULL;
    for (int i = 0; table[i]; i++)
        if (i == v)
            return *table[i] ? table[i] : NULL;
    return NULL;
}

/* The plugin API's pair of functions for each table (conf-domain.h). */

const char *mv_domain_lifecycle_action_to_string(int action)
{
    return mv_conf_enum_to(mv_conf_domain_lifecycle_names, action);
}

int mv_domain_lifecycle_action_from_string(const char *s)
{
    return mv_conf_enum_from(mv_conf_domain_lifecycle_names, s);
}

const char *mv_domain_boot_dev_to_string(int dev)
{
    return mv_conf_enum_to(mv_conf_domain_boot_names, dev);
}

int mv_domain_boot_dev_from_string(const char *s)
{
    return mv_conf_enum_from(mv_conf_domain_boot_names, s);
}

const char *mv_domain_cpu_mode_to_string(int mode)
{
    return mv_conf_enum_to(mv_conf_domain_cpu_mode_names, mode);
}

int mv_domain_cpu_mode_from_string(const char *s)
{
    return mv_conf_enum_from(mv_conf_domain_cpu_mode_names, s);
}

const char *mv_domain_clock_offset_to_string(int offset)
{
    return mv_conf_enum_to(mv_conf_domain_clock_names, offset);
}

int mv_domain_clock_offset_from_string(const char *s)
{
    return mv_conf_enum_from(mv_conf_domain_clock_names, s);
}
