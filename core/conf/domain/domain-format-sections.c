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
        mv_xml_add(w, "<initenv");
        mv_xml_attr(w, "name", os->initenv[i]->name);
        mv_xml_raw(w, ">");
        mv_xml_escape(w, os->initenv[i]->value);
        mv_xml_raw(w, "</initenv>\n");
    }
    mv_xml_elem_text(w, "initdir", os->initdir);
    mv_xml_elem_text(w, "inituser", os->inituser);
    mv_xml_elem_text(w, "initgroup", os->initgroup);
}

void mv_conf_domain_format_os(mv_xml_writer *w, const mv_domain_os_def *os)
{
    mv_xml_add(w, "<os>\n");
    w->indent += 2;
    mv_xml_add(w, "<type");
    mv_xml_attr(w, "arch", os->arch);
    mv_xml_attr(w, "machine", os->machine);
    mv_xml_raw(w, ">");
    mv_xml_escape(w, os->type);
    mv_xml_raw(w, "</type>\n");
    format_init(w, os);
    mv_xml_elem_text(w, "kernel", os->kernel);
    mv_xml_elem_text(w, "initrd", os->initrd);
    mv_xml_elem_text(w, "cmdline", os->cmdline);
    mv_xml_elem_text(w, "dtb", os->dtb);
    for (size_t i = 0; i < os->nboot_devs; i++)
        mv_xml_add(w, "<boot dev='%s'/>\n", mv_domain_boot_dev_to_string(os->boot_devs[i]));
    if (os->bootmenu) {
        mv_xml_add(w, "<bootmenu");
        mv_xml_attr(w, "enable", mv_conf_enum_to(mv_conf_domain_tristate_yesno, os->bootmenu));
        if (os->bootmenu_timeout >= 0)
            g_string_append_printf(w->buf, " timeout='%d'", os->bootmenu_timeout);
        mv_xml_raw(w, "/>\n");
    }
    if (os->bios_useserial || os->bios_reboot_timeout >= -1) {
        mv_xml_add(w, "<bios");
        mv_xml_attr(w, "useserial", mv_conf_enum_to(mv_conf_domain_tristate_yesno,
                                                    os->bios_useserial));
        if (os->bios_reboot_timeout >= -1)
            g_string_append_printf(w->buf, " rebootTimeout='%d'", os->bios_reboot_timeout);
        mv_xml_raw(w, "/>\n");
    }
    if (os->smbios_mode)
        mv_xml_add(w, "<smbios mode='%s'/>\n",
                   mv_conf_enum_to(mv_conf_domain_smbios_names, os->smbios_mode));
    w->indent -= 2;
    mv_xml_add(w, "</os>\n");
}

void mv_conf_domain_format_features(mv_xml_writer *w, const mv_domain_features *f)
{
    bool open = false;
    for (size_t i = 0; i < mv_conf_domain_nfeatures; i++) {
        const mv_conf_feature_info *info = &mv_conf_domain_feature_table[i];
        int v = *(const int *)((const char *)f + info->offset);
        if (!v)
            continue;
        if (!open)
            mv_xml_add(w, "<features>\n");
        open = true;
        mv_xml_add(w, "  <%s", info->name);
        if (info->kind != MV_CONF_FEATURE_PRESENCE)
            mv_xml_attr(w, "state", mv_conf_enum_to(mv_conf_domain_tristate_onoff, v));
        if (info->offset == offsetof(mv_domain_features, apic))
            mv_xml_attr(w, "eoi", mv_conf_enum_to(mv_conf_domain_tristate_onoff, f->apic_eoi));
        mv_xml_raw(w, "/>\n");
    }
    if (open)
        mv_xml_add(w, "</features>\n");
}

static void format_cpu_body(mv_xml_writer *w, const mv_domain_cpu_def *cpu)
{
    if (cpu->model) {
        mv_xml_add(w, "<model");
        mv_xml_attr(w, "fallback", mv_conf_enum_to(mv_conf_domain_cpu_fallback_names,
                                                   cpu->fallback));
        mv_xml_raw(w, ">");
        mv_xml_escape(w, cpu->model);
        mv_xml_raw(w, "</model>\n");
    }
    mv_xml_elem_text(w, "vendor", cpu->vendor);
    if (cpu->sockets)
        mv_xml_add(w, "<topology sockets='%u' dies='%u' cores='%u' threads='%u'/>\n",
                   cpu->sockets, cpu->dies, cpu->cores, cpu->threads);
    for (size_t i = 0; i < cpu->nfeatures; i++) {
        mv_xml_add(w, "<feature");
        mv_xml_attr(w, "policy", mv_conf_enum_to(mv_conf_domain_cpu_policy_names,
                                                 cpu->features[i]->policy));
        mv_xml_attr(w, "name", cpu->features[i]->name);
        mv_xml_raw(w, "/>\n");
    }
}

void mv_conf_domain_format_cpu(mv_xml_writer *w, const mv_domain_cpu_def *cpu)
{
    if (!cpu)
        return;
    mv_xml_add(w, "<cpu");
    if (cpu->mode != MV_DOMAIN_CPU_MODE_CUSTOM || cpu->model) {
        mv_xml_attr(w, "mode", mv_domain_cpu_mode_to_string(cpu->mode));
        if (cpu->mode == MV_DOMAIN_CPU_MODE_CUSTOM)
            mv_xml_attr(w, "match", mv_conf_enum_to(mv_conf_domain_cpu_match_names, cpu->match));
    }
    mv_xml_attr(w, "check", mv_conf_enum_to(mv_conf_domain_cpu_check_names, cpu->check));
    mv_xml_attr(w, "migratable", mv_conf_enum_to(mv_conf_domain_tristate_onoff, cpu->migratable));
    if (!cpu->model && !cpu->vendor && !cpu->sockets && !cpu->nfeatures) {
        mv_xml_raw(w, "/>\n");
        return;
    }
    mv_xml_raw(w, ">\n");
    w->indent += 2;
    format_cpu_body(w, cpu);
    w->indent -= 2;
    mv_xml_add(w, "</cpu>\n");
}

static void format_timer(mv_xml_writer *w, const mv_domain_timer *t)
{
    mv_xml_add(w, "<timer");
    mv_xml_attr(w, "name", mv_conf_enum_to(mv_conf_domain_timer_names, t->name));
    mv_xml_attr(w, "present", mv_conf_enum_to(mv_conf_domain_tristate_yesno, t->present));
    mv_xml_attr(w, "tickpolicy", mv_conf_enum_to(mv_conf_domain_tickpolicy_names, t->tickpolicy));
    mv_xml_attr(w, "track", mv_conf_enum_to(mv_conf_domain_track_names, t->track));
    if (t->frequency)
        g_string_append_printf(w->buf, " frequency='%llu'", t->frequency);
    mv_xml_attr(w, "mode", mv_conf_enum_to(mv_conf_domain_timer_mode_names, t->mode));
    mv_xml_raw(w, "/>\n");
}

void mv_conf_domain_format_clock(mv_xml_writer *w, const mv_domain_clock_def *c)
{
    mv_xml_add(w, "<clock");
    mv_xml_attr(w, "offset", mv_domain_clock_offset_to_string(c->offset));
    switch (c->offset) {
    case MV_DOMAIN_CLOCK_UTC:
    case MV_DOMAIN_CLOCK_LOCALTIME:
        if (c->adjustment_reset)
            mv_xml_attr(w, "adjustment", "reset");
        break;
    case MV_DOMAIN_CLOCK_VARIABLE:
        g_string_append_printf(w->buf, " adjustment='%lld' basis='%s'", c->adjustment,
                               mv_conf_enum_to(mv_conf_domain_clock_basis_names, c->basis));
        break;
    case MV_DOMAIN_CLOCK_TIMEZONE:
        mv_xml_attr(w, "timezone", c->timezone);
        break;
    default:
        g_string_append_printf(w->buf, " start='%llu'", c->start);
    }
    if (!c->ntimers) {
        mv_xml_raw(w, "/>\n");
        return;
    }
    mv_xml_raw(w, ">\n");
    w->indent += 2;
    for (size_t i = 0; i < c->ntimers; i++)
        format_timer(w, c->timers[i]);
    w->indent -= 2;
    mv_xml_add(w, "</clock>\n");
}
