/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-format-sections.c — writing <os>, <features>,
 * <cpu> and <clock> in libvirt's order, with the attributes it makes
 * explicit (fallback='allow', dies='1', basis='utc', ...). */
#include "core/conf/domain/domain-internal.h"

#include <string.h>

static void format_init(mv_xml_writer *w, const mv_domain_os_def *os)
{
    mv_xml_elem_text(w, "init", os->init);
    for (size_t i = 0; i < os->ninitargs; i++)
        mv_xml_elem_text(w, "initarg", os->initargs[i]);
    for (size_t i = 0; i < os->ninitenv; i++) {
        mv_xml_start(w, "initenv");
        mv_xml_attr(w, "name", os->initenv[i]->name);
        mv_xml_end_text(w, "initenv", os->initenv[i]->value);
    }
    mv_xml_elem_text(w, "initdir", os->initdir);
    mv_xml_elem_text(w, "inituser", os->inituser);
    mv_xml_elem_text(w, "initgroup", os->initgroup);
}

void mv_conf_domain_format_os(mv_xml_writer *w, const mv_domain_os_def *os)
{
    mv_xml_start(w, "os");
    mv_xml_children(w);
    mv_xml_start(w, "type");
    mv_xml_attr(w, "arch", os->arch);
    mv_xml_attr(w, "machine", os->machine);
    mv_xml_end_text(w, "type", os->type);
    format_init(w, os);
    mv_xml_elem_text(w, "kernel", os->kernel);
    mv_xml_elem_text(w, "initrd", os->initrd);
    mv_xml_elem_text(w, "cmdline", os->cmdline);
    mv_xml_elem_text(w, "dtb", os->dtb);
    for (size_t i = 0; i < os->nboot_devs; i++) {
        mv_xml_start(w, "boot");
        mv_xml_attr(w, "dev", mv_domain_boot_dev_to_string(os->boot_devs[i]));
        mv_xml_empty(w);
    }
    if (os->bootmenu) {
        mv_xml_start(w, "bootmenu");
        mv_xml_attr(w, "enable", mv_conf_enum_to(mv_xml_yesno_names, os->bootmenu));
        if (os->bootmenu_timeout >= 0)
            mv_xml_attr_int(w, "timeout", os->bootmenu_timeout);
        mv_xml_empty(w);
    }
    if (os->bios_useserial || os->bios_reboot_timeout >= -1) {
        mv_xml_start(w, "bios");
        mv_xml_attr(w, "useserial", mv_conf_enum_to(mv_xml_yesno_names,
                                                    os->bios_useserial));
        if (os->bios_reboot_timeout >= -1)
            mv_xml_attr_int(w, "rebootTimeout", os->bios_reboot_timeout);
        mv_xml_empty(w);
    }
    if (os->smbios_mode) {
        mv_xml_start(w, "smbios");
        mv_xml_attr(w, "mode", mv_conf_enum_to(mv_conf_domain_smbios_names, os->smbios_mode));
        mv_xml_empty(w);
    }
    mv_xml_close(w, "os");
}

void mv_conf_domain_format_features(mv_xml_writer *w, const mv_domain_features *f)
{
    bool open = false;
    for (size_t i = 0; i < mv_conf_domain_nfeatures; i++) {
        const mv_conf_feature_info *info = &mv_conf_domain_feature_table[i];
        int v = *(const int *)((const char *)f + info->offset);
        if (!v)
            continue;
        if (!open) {
            mv_xml_start(w, "features");
            mv_xml_children(w);
        }
        open = true;
        mv_xml_start(w, info->name);
        if (info->kind != MV_CONF_FEATURE_PRESENCE)
            mv_xml_attr(w, "state", mv_conf_enum_to(mv_xml_onoff_names, v));
        if (info->offset == offsetof(mv_domain_features, apic))
            mv_xml_attr(w, "eoi", mv_conf_enum_to(mv_xml_onoff_names, f->apic_eoi));
        mv_xml_empty(w);
    }
    if (open)
        mv_xml_close(w, "features");
}

static void format_cpu_body(mv_xml_writer *w, const mv_domain_cpu_def *cpu)
{
    if (cpu->model) {
        mv_xml_start(w, "model");
        mv_xml_attr(w, "fallback", mv_conf_enum_to(mv_conf_domain_cpu_fallback_names,
                                                   cpu->fallback));
        mv_xml_end_text(w, "model", cpu->model);
    }
    mv_xml_elem_text(w, "vendor", cpu->vendor);
    if (cpu->sockets) {
        mv_xml_start(w, "topology");
        mv_xml_attr_uint(w, "sockets", cpu->sockets);
        mv_xml_attr_uint(w, "dies", cpu->dies);
        mv_xml_attr_uint(w, "cores", cpu->cores);
        mv_xml_attr_uint(w, "threads", cpu->threads);
        mv_xml_empty(w);
    }
    for (size_t i = 0; i < cpu->nfeatures; i++) {
        mv_xml_start(w, "feature");
        mv_xml_attr(w, "policy", mv_conf_enum_to(mv_conf_domain_cpu_policy_names,
                                                 cpu->features[i]->policy));
        mv_xml_attr(w, "name", cpu->features[i]->name);
        mv_xml_empty(w);
    }
}

void mv_conf_domain_format_cpu(mv_xml_writer *w, const mv_domain_cpu_def *cpu)
{
    if (!cpu)
        return;
    mv_xml_start(w, "cpu");
    if (cpu->mode != MV_DOMAIN_CPU_MODE_CUSTOM || cpu->model) {
        mv_xml_attr(w, "mode", mv_domain_cpu_mode_to_string(cpu->mode));
        if (cpu->mode == MV_DOMAIN_CPU_MODE_CUSTOM)
            mv_xml_attr(w, "match", mv_conf_enum_to(mv_conf_domain_cpu_match_names, cpu->match));
    }
    if (cpu->check)
        mv_xml_attr(w, "check", mv_conf_enum_to(mv_conf_domain_cpu_check_names, cpu->check));
    mv_xml_attr(w, "migratable", mv_conf_enum_to(mv_xml_onoff_names, cpu->migratable));
    size_t mark = mv_xml_children(w);
    format_cpu_body(w, cpu);
    mv_xml_close_or_empty(w, mark, "cpu");
}

static void format_timer(mv_xml_writer *w, const mv_domain_timer *t)
{
    mv_xml_start(w, "timer");
    mv_xml_attr(w, "name", mv_conf_enum_to(mv_conf_domain_timer_names, t->name));
    mv_xml_attr(w, "present", mv_conf_enum_to(mv_xml_yesno_names, t->present));
    mv_xml_attr(w, "tickpolicy", mv_conf_enum_to(mv_conf_domain_tickpolicy_names, t->tickpolicy));
    mv_xml_attr(w, "track", mv_conf_enum_to(mv_conf_domain_track_names, t->track));
    if (t->frequency)
        mv_xml_attr_uint(w, "frequency", t->frequency);
    mv_xml_attr(w, "mode", mv_conf_enum_to(mv_conf_domain_timer_mode_names, t->mode));
    mv_xml_empty(w);
}

void mv_conf_domain_format_clock(mv_xml_writer *w, const mv_domain_clock_def *c)
{
    mv_xml_start(w, "clock");
    mv_xml_attr(w, "offset", mv_domain_clock_offset_to_string(c->offset));
    switch (c->offset) {
    case MV_DOMAIN_CLOCK_UTC:
    case MV_DOMAIN_CLOCK_LOCALTIME:
        if (c->adjustment_reset)
            mv_xml_attr(w, "adjustment", "reset");
        break;
    case MV_DOMAIN_CLOCK_VARIABLE:
        mv_xml_attr_int(w, "adjustment", c->adjustment);
        mv_xml_attr(w, "basis", mv_conf_enum_to(mv_conf_domain_clock_basis_names, c->basis));
        break;
    case MV_DOMAIN_CLOCK_TIMEZONE:
        mv_xml_attr(w, "timezone", c->timezone);
        break;
    default:
        mv_xml_attr_uint(w, "start", c->start);
    }
    size_t mark = mv_xml_children(w);
    for (size_t i = 0; i < c->ntimers; i++)
        format_timer(w, c->timers[i]);
    mv_xml_close_or_empty(w, mark, "clock");
}
