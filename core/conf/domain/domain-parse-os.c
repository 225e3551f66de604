/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-parse-os.c — <os> (type, arch, machine, boot
 * order, direct kernel boot, container init, bootmenu, bios, smbios) and
 * <features>. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <string.h>

/* libvirt reads at most this many <boot dev> elements. */
#define MAX_BOOT_DEVS 4

static const char *const os_type_names[] = { "hvm", "xen", "linux", "exe", "uml", "xenpvh", NULL };

static int range_error(const char *what, const char *range)
{
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                    "invalid value for %s, must be in range %s", what, range);
    return -1;
}

static int parse_type(mv_domain_os_def *os, xmlNodePtr type)
{
    os->type = mv_xml_text(type);
    if (!os->type || !*os->type) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "an os <type> must be specified");
        return -1;
    }
    if (mv_conf_enum_from(os_type_names, os->type) < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "unknown OS type '%s'", os->type);
        return -1;
    }
    os->arch = mv_xml_prop(type, "arch");
    if (os->arch && !mv_conf_domain_arch_known(os->arch)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "Unknown architecture %s", os->arch);
        return -1;
    }
    os->machine = mv_xml_prop(type, "machine");
    return 0;
}

static int parse_init(mv_domain_os_def *os, xmlNodePtr node)
{
    os->init = mv_xml_child_text(node, "init");
    if (!os->init || !*os->init) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "init binary must be specified");
        return -1;
    }
    os->initdir = mv_xml_child_text(node, "initdir");
    os->inituser = mv_xml_child_text(node, "inituser");
    os->initgroup = mv_xml_child_text(node, "initgroup");
    GPtrArray *args = g_ptr_array_new();
    GPtrArray *env = g_ptr_array_new();
    int r = 0;
    for (xmlNodePtr c = node->children; c && r == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(c->name, BAD_CAST "initarg")) {
            g_ptr_array_add(args, mv_xml_text(c));
        } else if (xmlStrEqual(c->name, BAD_CAST "initenv")) {
            mv_domain_os_env *e = g_new0(mv_domain_os_env, 1);
            e->name = mv_xml_prop(c, "name");
            e->value = mv_xml_text(c);
            g_ptr_array_add(env, e);
            if (!e->name) {
                mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                                "No name supplied for <initenv> element");
                r = -1;
            }
        }
    }
    os->ninitargs = args->len;
    os->initargs = (char **)g_ptr_array_free(args, FALSE);
    os->ninitenv = env->len;
    os->initenv = (mv_domain_os_env **)g_ptr_array_free(env, FALSE);
    return r;
}

static int parse_boot_devs(mv_domain_os_def *os, xmlNodePtr node)
{
    os->boot_devs = g_new0(int, MAX_BOOT_DEVS);
    for (xmlNodePtr b = mv_xml_child(node, "boot"); b && os->nboot_devs < MAX_BOOT_DEVS;
         b = mv_xml_next(b)) {
        int dev;
        if (mv_xml_prop_enum(b, "dev", mv_conf_domain_boot_names, MV_XML_PROP_REQUIRED, &dev) < 0)
            return -1;
        os->boot_devs[os->nboot_devs++] = dev;
    }
    return 0;
}

static int parse_bootmenu_bios(mv_domain_os_def *os, xmlNodePtr node)
{
    xmlNodePtr menu = mv_xml_child(node, "bootmenu");
    if (mv_xml_prop_enum(menu, "enable", mv_xml_yesno_names, 0, &os->bootmenu) < 0)
        return -1;
    /* As libvirt, the timeout is read only for a menu that is enabled. */
    unsigned int timeout;
    int r;
    if (os->bootmenu == MV_TRISTATE_ON &&
        (r = mv_xml_prop_uint(menu, "timeout", 0, &timeout)) != 0) {
        if (r < 0)
            return -1;
        if (timeout > 65535)
            return range_error("boot menu timeout", "[0,65535]");
        os->bootmenu_timeout = (int)timeout;
    }
    xmlNodePtr bios = mv_xml_child(node, "bios");
    g_autofree char *serial = mv_xml_prop(bios, "useserial");
    if (serial)
        os->bios_useserial = !strcmp(serial, "yes") ? MV_TRISTATE_ON : MV_TRISTATE_OFF;
    int reboot;
    if ((r = mv_xml_prop_int(bios, "rebootTimeout", 0, &reboot)) < 0)
        return -1;
    if (r > 0) {
        if (reboot < -1 || reboot > 65535)
            return range_error("rebootTimeout", "[-1,65535]");
        os->bios_reboot_timeout = reboot;
    }
    g_autofree char *smbios = mv_xml_prop(mv_xml_child(node, "smbios"), "mode");
    if (smbios && (os->smbios_mode = mv_conf_enum_from(mv_conf_domain_smbios_names, smbios)) <= 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "unknown smbios mode '%s'", smbios);
        return -1;
    }
    return 0;
}

int mv_conf_domain_parse_os(mv_domain_def *def, xmlNodePtr node)
{
    mv_domain_os_def *os = def->os;
    if (parse_type(os, mv_xml_child(node, "type")) < 0)
        return -1;
    if (!strcmp(os->type, "exe"))
        return parse_init(os, node);
    os->kernel = mv_xml_child_text(node, "kernel");
    os->initrd = mv_xml_child_text(node, "initrd");
    os->cmdline = mv_xml_child_text(node, "cmdline");
    os->dtb = mv_xml_child_text(node, "dtb");
    if (parse_boot_devs(os, node) < 0)
        return -1;
    return parse_bootmenu_bios(os, node);
}

static int parse_feature(mv_domain_features *f, xmlNodePtr node)
{
    const mv_conf_feature_info *info = NULL;
    for (size_t i = 0; i < mv_conf_domain_nfeatures && !info; i++)
        if (xmlStrEqual(node->name, BAD_CAST mv_conf_domain_feature_table[i].name))
            info = &mv_conf_domain_feature_table[i];
    if (!info) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "unexpected feature '%s'",
                        (const char *)node->name);
        return -1;
    }
    int *slot = (int *)((char *)f + info->offset);
    int state = MV_TRISTATE_ON;
    if (info->kind != MV_CONF_FEATURE_PRESENCE) {
        unsigned int flags = info->kind == MV_CONF_FEATURE_STATE_REQUIRED ? MV_XML_PROP_REQUIRED : 0;
        if (mv_xml_prop_enum(node, "state", mv_xml_onoff_names, flags, &state) < 0)
            return -1;
    }
    *slot = state;
    if (slot == &f->apic &&
        mv_xml_prop_enum(node, "eoi", mv_xml_onoff_names, 0, &f->apic_eoi) < 0)
        return -1;
    return 0;
}

int mv_conf_domain_parse_features(mv_domain_def *def, xmlNodePtr features)
{
    for (xmlNodePtr c = features->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && parse_feature(def->features, c) < 0)
            return -1;
    return 0;
}
