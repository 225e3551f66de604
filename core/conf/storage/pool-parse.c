/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/pool-parse.c — reads <pool> into mv_storage_pool_def,
 * with libvirt's defaults (generated uuid, source format per pool type)
 * and libvirt's errors.
 */
#include "core/conf/storage/storage-priv.h"
#include "core/conf/name.h"
#include "core/util/uuid.h"
#include "core/util/error.h"

#include <modvirt-plugin/paths.h>
#include <string.h>

static int parse_type(xmlNodePtr root, mv_storage_pool_def *def)
{
    int t;
    if (mv_xml_prop_enum(root, "type", mv_conf_storage_pool_type_names, MV_XML_PROP_REQUIRED,
                         &t) < 0)
        return -1;
    if (!mv_conf_storage_pool_rules_get(t)->supported) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_CONFIG_UNSUPPORTED,
                        "storage pool type '%s' is not supported",
                        mv_storage_pool_type_to_string(t));
        return -1;
    }
    def->type = (mv_storage_pool_type)t;
    return 0;
}

static int parse_hosts(xmlNodePtr src, mv_storage_pool_source *s)
{
    s->hosts = g_new0(mv_storage_pool_host *, mv_xml_count(src, "host"));
    for (xmlNodePtr h = mv_xml_child(src, "host"); h; h = mv_xml_next(h)) {
        mv_storage_pool_host *host = g_new0(mv_storage_pool_host, 1);
        s->hosts[s->nhosts++] = host;
        host->name = mv_xml_prop(h, "name");
        if (mv_xml_prop_int(h, "port", 0, &host->port) < 0)
            return -1;
    }
    return 0;
}

static int parse_source(xmlNodePtr root, mv_storage_pool_def *def,
                        const mv_conf_storage_pool_rules *rules)
{
    mv_storage_pool_source *s = def->source;
    xmlNodePtr src = mv_xml_child(root, "source");
    if (parse_hosts(src, s) < 0)
        return -1;
    s->devices = g_new0(mv_storage_pool_device *, mv_xml_count(src, "device"));
    for (xmlNodePtr d = mv_xml_child(src, "device"); d; d = mv_xml_next(d)) {
        mv_storage_pool_device *dev = g_new0(mv_storage_pool_device, 1);
        s->devices[s->ndevices++] = dev;
        dev->path = mv_xml_prop(d, "path");
    }
    s->dir = mv_xml_prop(mv_xml_child(src, "dir"), "path");
    s->name = mv_xml_child_text(src, "name");
    g_autofree char *format = mv_xml_prop(mv_xml_child(src, "format"), "type");
    if (!rules->formats)
        return 0;
    if (!format) {
        s->format = g_strdup(rules->formats[0]);
        return 0;
    }
    for (const char *const *f = rules->formats; *f; f++)
        if (!strcmp(*f, format)) {
            s->format = g_strdup(format);
            return 0;
        }
    mv_error_report(VIR_FROM_STORAGE, VIR_ERR_CONFIG_UNSUPPORTED,
                    "unknown pool format type %s", format);
    return -1;
}

static int parse_name_uuid(xmlNodePtr root, mv_storage_pool_def *def,
                           const mv_conf_storage_pool_rules *rules)
{
    def->name = mv_xml_child_text(root, "name");
    if (def->name && !*def->name)
        g_clear_pointer(&def->name, g_free);
    if (!def->name && rules->name_from_source)
        def->name = g_strdup(def->source->name);
    if (!def->name) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "missing pool source name element");
        return -1;
    }
    if (strchr(def->name, '/')) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "name %s cannot contain '/'",
                        def->name);
        return -1;
    }
    if (mv_conf_name_check_chars(def->name) < 0)
        return -1;
    /* Pool names become file names in the drivers' config directories. */
    if (mv_path_check_name(def->name, "storage pool", VIR_FROM_STORAGE) < 0)
        return -1;
    g_autofree char *uuid = mv_xml_child_text(root, "uuid");
    if (!uuid || !*uuid) {
        mv_uuid_generate(def->uuid);
    } else if (mv_uuid_parse(uuid, def->uuid) < 0) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "malformed uuid element");
        return -1;
    }
    return 0;
}

static int check_source(const mv_storage_pool_def *def, const mv_conf_storage_pool_rules *rules)
{
    const mv_storage_pool_source *s = def->source;
    const char *missing = NULL;
    if (rules->need_host && (!s->nhosts || !s->hosts[0]->name))
        missing = "missing storage pool source host name";
    else if (rules->need_dir && !s->dir)
        missing = "missing storage pool source path";
    else if (rules->need_device && (!s->ndevices || !s->devices[0]->path))
        missing = "missing storage pool source device name";
    if (missing) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "%s", missing);
        return -1;
    }
    return 0;
}

static int default_source_name(mv_storage_pool_def *def, const mv_conf_storage_pool_rules *rules)
{
    if (rules->source_name_default && !def->source->name)
        def->source->name = g_strdup(def->name);
    return 0;
}

static int parse_features(xmlNodePtr root, mv_storage_pool_def *def)
{
    xmlNodePtr cow = mv_xml_child(mv_xml_child(root, "features"), "cow");
    int state = MV_STORAGE_COW_DEFAULT;
    if (mv_xml_prop_enum(cow, "state", mv_xml_yesno_names, 0, &state) < 0)
        return -1;
    def->cow = state;   /* mv_storage_cow counts as the yes/no table does */
    return 0;
}

static int parse_sizes(xmlNodePtr root, mv_storage_pool_def *def)
{
    if (mv_conf_storage_size_parse(root, "capacity", "capacity", &def->capacity) < 0 ||
        mv_conf_storage_size_parse(root, "allocation", "allocation", &def->allocation) < 0 ||
        mv_conf_storage_size_parse(root, "available", "available", &def->available) < 0)
        return -1;
    return 0;
}

static int parse_target(xmlNodePtr root, mv_storage_pool_def *def,
                        const mv_conf_storage_pool_rules *rules)
{
    xmlNodePtr target = mv_xml_child(root, "target");
    g_autofree char *path = mv_xml_child_text(target, "path");
    if (path && *path) {
        def->target_path = mv_conf_storage_path_clean(path);
    } else if (rules->source_name_default) {
        /* Cleaned like a written path, or a source name with slashes would
         * give a target that reads back as another one. */
        g_autofree char *dev = g_strdup_printf("/dev/%s", def->source->name);
        def->target_path = mv_conf_storage_path_clean(dev);
    } else if (rules->need_target) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "missing storage pool target path");
        return -1;
    }
    return mv_conf_storage_perms_parse(target, def->target_perms);
}

mv_storage_pool_def *mv_storage_pool_def_parse(const char *xml, unsigned int flags)
{
    (void)flags;
    xmlDocPtr doc = mv_xml_read(xml, "pool", "storage_pool_definition", VIR_FROM_STORAGE);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    mv_storage_pool_def *def = mv_storage_pool_def_new();
    const mv_conf_storage_pool_rules *rules = NULL;
    int ok = parse_type(root, def) == 0 &&
             (rules = mv_conf_storage_pool_rules_get(def->type)) &&
             parse_source(root, def, rules) == 0 &&
             parse_name_uuid(root, def, rules) == 0 &&
             check_source(def, rules) == 0 &&
             default_source_name(def, rules) == 0 &&
             parse_features(root, def) == 0 &&
             parse_sizes(root, def) == 0 &&
             parse_target(root, def, rules) == 0;
    xmlFreeDoc(doc);
    if (!ok) {
        mv_storage_pool_def_free(def);
        return NULL;
    }
    return def;
}
