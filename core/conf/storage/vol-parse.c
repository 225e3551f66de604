/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/vol-parse.c — reads <volume> into mv_storage_vol_def
 * for a pool: libvirt's defaults (raw format, allocation = capacity, path
 * and key under the pool's target) and libvirt's errors.
 */
#include "core/conf/storage/storage-priv.h"
#include "core/conf/name.h"
#include "core/util/error.h"

#include <modvirt-plugin/paths.h>
#include <string.h>

static int parse_name_type(xmlNodePtr root, mv_storage_vol_def *def)
{
    def->name = mv_xml_child_text(root, "name");
    if (!def->name || !*def->name) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "missing volume name element");
        return -1;
    }
    /* The name is a file name inside the pool: never a path. */
    if (strchr(def->name, '/')) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_OPERATION_INVALID,
                        "volume name '%s' cannot contain '/'", def->name);
        return -1;
    }
    if (mv_conf_name_check_chars(def->name) < 0 ||
        mv_path_check_name(def->name, "volume", VIR_FROM_STORAGE) < 0)
        return -1;
    g_autofree char *type = mv_xml_prop(root, "type");
    if (type) {
        int t = mv_storage_vol_type_from_string(type);
        if (t < 0) {
            mv_error_report(VIR_FROM_STORAGE, VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown volume type '%s'", type);
            return -1;
        }
        def->type = (mv_storage_vol_type)t;
    }
    def->key = mv_xml_child_text(root, "key");
    if (def->key && !*def->key)
        g_clear_pointer(&def->key, g_free);
    return 0;
}

static int parse_sizes(xmlNodePtr root, mv_storage_vol_def *def)
{
    int r = mv_conf_storage_size_parse(root, "capacity", "capacity", &def->capacity);
    if (r == 0)
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "missing capacity element");
    if (r <= 0)
        return -1;
    /* libvirt names capacity in this error too. */
    r = mv_conf_storage_size_parse(root, "allocation", "capacity", &def->allocation);
    if (r == 0)
        def->allocation = def->capacity;
    return r < 0 ? -1 : 0;
}

static int parse_target(xmlNodePtr root, mv_storage_vol_def *def)
{
    xmlNodePtr target = mv_xml_child(root, "target");
    def->target_path = mv_xml_child_text(target, "path");
    if (def->target_path && !*def->target_path)
        g_clear_pointer(&def->target_path, g_free);
    if (mv_conf_storage_format_parse(target, &def->format) < 0)
        return -1;
    return mv_conf_storage_perms_parse(target, def->perms);
}

static int parse_backing(xmlNodePtr root, mv_storage_vol_def *def)
{
    xmlNodePtr node = mv_xml_child(root, "backingStore");
    g_autofree char *path = mv_xml_child_text(node, "path");
    /* A backing store without a path is ignored, as libvirt does. */
    if (!path || !*path)
        return 0;
    mv_storage_file_format format;
    if (mv_conf_storage_format_parse(node, &format) < 0)
        return -1;
    mv_storage_vol_def_set_backing(def, path, format);
    return mv_conf_storage_perms_parse(node, def->backing->perms);
}

mv_storage_vol_def *mv_storage_vol_def_parse(const mv_storage_pool_def *pool,
                                             const char *xml, unsigned int flags)
{
    (void)flags;
    xmlDocPtr doc = mv_xml_read(xml, "volume", "storage_volume_definition", VIR_FROM_STORAGE);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    mv_storage_vol_def *def = mv_storage_vol_def_new();
    int ok = parse_name_type(root, def) == 0 && parse_sizes(root, def) == 0 &&
             parse_target(root, def) == 0 && parse_backing(root, def) == 0;
    xmlFreeDoc(doc);
    if (!ok) {
        mv_storage_vol_def_free(def);
        return NULL;
    }
    /* A volume of a pool lives at <pool target>/<name>, keyed by its path. */
    if (pool && pool->target_path) {
        g_free(def->target_path);
        g_free(def->key);
        def->target_path = g_strdup_printf("%s/%s", pool->target_path, def->name);
        def->key = g_strdup(def->target_path);
    }
    return def;
}
