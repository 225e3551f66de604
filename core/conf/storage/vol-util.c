/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/vol-util.c — allocating, freeing, copying and
 * comparing volume definitions.
 */
#include "core/conf/storage/storage-priv.h"

static void backing_free(mv_storage_backing *b)
{
    if (!b)
        return;
    g_free(b->path);
    mv_conf_storage_perms_free(b->perms);
    g_free(b);
}

mv_storage_vol_def *mv_storage_vol_def_new(void)
{
    mv_storage_vol_def *def = g_new0(mv_storage_vol_def, 1);
    def->type = MV_STORAGE_VOL_FILE;
    def->format = MV_STORAGE_FORMAT_RAW;
    def->perms = mv_conf_storage_perms_new();
    return def;
}

void mv_storage_vol_def_free(mv_storage_vol_def *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->key);
    g_free(def->target_path);
    mv_conf_storage_perms_free(def->perms);
    backing_free(def->backing);
    g_free(def);
}

void mv_storage_vol_def_set_backing(mv_storage_vol_def *def, const char *path,
                                    mv_storage_file_format format)
{
    backing_free(def->backing);
    def->backing = g_new0(mv_storage_backing, 1);
    def->backing->path = g_strdup(path);
    def->backing->format = format;
    def->backing->perms = mv_conf_storage_perms_new();
}

mv_storage_vol_def *mv_storage_vol_def_copy(const mv_storage_vol_def *def)
{
    if (!def)
        return NULL;
    mv_storage_vol_def *c = mv_storage_vol_def_new();
    c->name = g_strdup(def->name);
    c->key = g_strdup(def->key);
    c->type = def->type;
    c->capacity = def->capacity;
    c->allocation = def->allocation;
    c->target_path = g_strdup(def->target_path);
    c->format = def->format;
    mv_conf_storage_perms_free(c->perms);
    c->perms = mv_conf_storage_perms_copy(def->perms);
    if (def->backing) {
        mv_storage_vol_def_set_backing(c, def->backing->path, def->backing->format);
        mv_conf_storage_perms_free(c->backing->perms);
        c->backing->perms = mv_conf_storage_perms_copy(def->backing->perms);
    }
    return c;
}

bool mv_storage_vol_def_same_name(const mv_storage_vol_def *a, const mv_storage_vol_def *b)
{
    return a && b && g_strcmp0(a->name, b->name) == 0;
}
