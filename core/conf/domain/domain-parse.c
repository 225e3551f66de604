/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-parse.c — <domain> documents into mv_domain_def:
 * the root, identity (type, id, name, uuid, title, description, metadata)
 * and lifecycle actions here; memory/vCPUs, os, features, cpu and clock in
 * domain-parse-*.c; <devices> through devices.h. */
#include "core/conf/domain/domain-internal.h"
#include "core/conf/name.h"
#include "core/util/uuid.h"
#include <modvirt-plugin/error.h>

#include <string.h>

/* A type the driver declares is known from then on; a driver that declares
 * none (the test driver) takes every known type. */
static int parse_virt_type(mv_domain_def *def, xmlNodePtr root, const mv_domain_xmlopt *opt)
{
    g_autofree char *type = mv_xml_prop(root, "type");
    if (!type || !*type) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "missing domain type attribute");
        return -1;
    }
    bool declared = false;
    for (const char *const *t = opt->virt_types; t && *t && !declared; t++)
        declared = strcmp(*t, type) == 0;
    def->virt_type = declared ? mv_conf_domain_virt_type_declare(type)
                              : mv_domain_virt_type_from_string(type);
    if (declared && def->virt_type < 0)
        return -1;
    if (def->virt_type < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "invalid domain type %s", type);
        return -1;
    }
    if (opt->virt_types && !declared) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "domain type '%s' is not supported by this driver", type);
        return -1;
    }
    return 0;
}

static int parse_identity(mv_domain_def *def, xmlNodePtr root, unsigned int flags)
{
    if (!(flags & MV_DOMAIN_PARSE_INACTIVE) && mv_xml_prop_int(root, "id", 0, &def->id) < 0)
        return -1;
    def->name = mv_xml_child_text(root, "name");
    if (!def->name || !*def->name) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_NO_NAME, NULL);
        return -1;
    }
    if (strchr(def->name, '/')) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "name %s cannot contain '/'", def->name);
        return -1;
    }
    if (mv_conf_name_check_chars(def->name) < 0)
        return -1;
    g_autofree char *uuid = mv_xml_child_text(root, "uuid");
    if (uuid && *uuid) {
        if (mv_uuid_parse(uuid, def->uuid) < 0) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "malformed uuid element");
            return -1;
        }
    } else {
        mv_uuid_generate(def->uuid);
    }
    def->title = mv_xml_child_text(root, "title");
    if (def->title && strchr(def->title, '\n')) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "Domain title can't contain newlines");
        return -1;
    }
    def->description = mv_xml_child_text(root, "description");
    xmlNodePtr md = mv_xml_child(root, "metadata");
    if (md && !(def->metadata = mv_conf_domain_metadata_from_node(md)))
        return -1;
    return 0;
}

static int parse_lifecycle(xmlNodePtr root, const char *event, bool coredump_ok, int *out)
{
    g_autofree char *elem = g_strdup_printf("on_%s", event);
    g_autofree char *v = mv_xml_child_text(root, elem);
    if (!v || !*v)
        return 0;
    int a = mv_domain_lifecycle_action_from_string(v);
    if (a < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "unknown %s action: %s", elem, v);
        return -1;
    }
    if (!coredump_ok && (a == MV_DOMAIN_LIFECYCLE_COREDUMP_DESTROY ||
                         a == MV_DOMAIN_LIFECYCLE_COREDUMP_RESTART)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Lifecycle event '%s' doesn't support '%s' action", event, v);
        return -1;
    }
    *out = a;
    return 0;
}

/* libvirt refuses <os><boot> together with per-device <boot order>, and
 * adds no default boot device then: look for the latter without parsing.
 * Only devices that take a boot order count (disks and interfaces here);
 * a <boot> under any other device is dropped with it, as libvirt does, and
 * must not suppress the default (found by libFuzzer: a memballoon with a
 * <boot> lost <boot dev='hd'/> on the first round trip only). */
static bool has_per_device_boot(xmlNodePtr devices)
{
    for (xmlNodePtr c = devices ? devices->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            (xmlStrEqual(c->name, BAD_CAST "disk") || xmlStrEqual(c->name, BAD_CAST "interface")) &&
            mv_xml_child(c, "boot"))
            return true;
    return false;
}

static int parse_root(mv_domain_def *def, xmlNodePtr root, mv_domain_parse_ctx *ctx)
{
    if (parse_virt_type(def, root, ctx->opt) < 0 ||
        parse_identity(def, root, ctx->flags) < 0 ||
        mv_conf_domain_parse_resources(def, root) < 0)
        return -1;
    xmlNodePtr os = mv_xml_child(root, "os");
    if (mv_conf_domain_parse_os(def, os) < 0)
        return -1;
    xmlNodePtr features = mv_xml_child(root, "features");
    if (features && mv_conf_domain_parse_features(def, features) < 0)
        return -1;
    xmlNodePtr cpu = mv_xml_child(root, "cpu");
    if (cpu && mv_conf_domain_parse_cpu(def, cpu) < 0)
        return -1;
    xmlNodePtr clock = mv_xml_child(root, "clock");
    if (clock && mv_conf_domain_parse_clock(def, clock) < 0)
        return -1;
    if (parse_lifecycle(root, "poweroff", false, &def->on_poweroff) < 0 ||
        parse_lifecycle(root, "reboot", false, &def->on_reboot) < 0 ||
        parse_lifecycle(root, "crash", true, &def->on_crash) < 0)
        return -1;

    if (!def->os->arch)
        def->os->arch = g_strdup(ctx->opt->default_arch ? ctx->opt->default_arch
                                                        : mv_conf_domain_host_arch());
    ctx->arch = def->os->arch;
    ctx->os_type = def->os->type;
    xmlNodePtr devices = mv_xml_child(root, "devices");
    mv_domain_devices_free(def->devices);
    if (!(def->devices = mv_domain_devices_parse(devices, ctx)))
        return -1;
    if (mv_conf_domain_parse_idmap(def, root) < 0)   /* libvirt reads it after <devices> */
        return -1;
    return mv_conf_domain_post_parse(def, ctx, has_per_device_boot(devices));
}

mv_domain_def *mv_domain_def_parse(const char *xml, const mv_domain_xmlopt *opt,
                                   unsigned int flags)
{
    mv_domain_xmlopt o = { 0 };
    if (opt)
        memcpy(&o, opt, opt->size && opt->size < sizeof(o) ? opt->size : sizeof(o));
    o.size = sizeof(o);

    xmlDocPtr doc = mv_xml_read(xml, "domain", "domain_definition", VIR_FROM_DOMAIN);
    if (!doc)
        return NULL;
    mv_domain_def *def = mv_domain_def_new();
    mv_domain_parse_ctx ctx = { .opt = &o, .flags = flags, .def = def };
    int r = parse_root(def, xmlDocGetRootElement(doc), &ctx);
    xmlFreeDoc(doc);
    if (r < 0) {
        mv_domain_def_free(def);
        return NULL;
    }
    return def;
}
