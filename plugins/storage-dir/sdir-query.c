/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-query.c — the slots that read: listing and
 * lookups of pools and volumes, info and XML with live figures, autostart
 * (the storage driver table in sdir-plugin.c names them). */
#include "sdir.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#define SDIR_LIST_FLAGS (VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE | \
    VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE | VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT | \
    VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT | VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART | \
    VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART)

/* A NULL-terminated malloc'd array of handles, or -1 (nothing leaked). */
static int sdir_handles(GPtrArray *handles, void ***out, void (*unref)(void *))
{
    int n = handles->len;
    void **list = calloc(n + 1, sizeof(*list));
    for (int i = 0; i < n; i++) {
        if (!handles->pdata[i] || !list) {
            for (int j = 0; j < n; j++)
                if (handles->pdata[j])
                    unref(handles->pdata[j]);
            free(list);
            return -1;
        }
        list[i] = handles->pdata[i];
    }
    *out = list;
    return n;
}

static void sdir_vol_unref(void *h) { virStorageVolFree(h); }

int mv_sdir_pool_list_all(virConnectPtr conn, virStoragePoolPtr **pools, unsigned int flags)
{
    if (mv_error_check_flags(flags, SDIR_LIST_FLAGS | MV_SDIR_TYPE_FLAGS, MV_SDIR_ERR,
                             "storageConnectListAllStoragePools") < 0)
        return -1;
    mv_sdir_state *st = mv_sdir_lock(conn);
    int n = mv_object_list_all(conn, &mv_sdir_pool_kind, st->pools->pdata, st->pools->len,
                               (void ***)pools, flags);
    mv_sdir_unlock(st);
    return n;
}

static virStoragePoolPtr sdir_lookup_pool(virConnectPtr conn, const char *name,
                                          const unsigned char *uuid)
{
    mv_sdir_state *st = mv_sdir_lock(conn);
    mv_sdir_pool *p = name ? mv_sdir_pool_find(st, name) : mv_sdir_pool_find_uuid(st, uuid);
    virStoragePoolPtr ret = p ? mv_sdir_pool_handle(conn, p) : NULL;
    mv_sdir_unlock(st);
    return ret;
}

virStoragePoolPtr mv_sdir_pool_lookup_name(virConnectPtr conn, const char *name)
{
    return sdir_lookup_pool(conn, name, NULL);
}

virStoragePoolPtr mv_sdir_pool_lookup_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    return sdir_lookup_pool(conn, NULL, uuid);
}

virStoragePoolPtr mv_sdir_pool_lookup_volume(virStorageVolPtr vol)
{
    return sdir_lookup_pool(virStorageVolGetConnect(vol), mv_storage_vol_get_pool_name(vol), NULL);
}

virStoragePoolPtr mv_sdir_pool_lookup_path(virConnectPtr conn, const char *path)
{
    g_autofree char *clean = g_canonicalize_filename(path, "/");
    mv_sdir_state *st = mv_sdir_lock(conn);
    virStoragePoolPtr ret = NULL;
    bool found = false;
    for (guint i = 0; i < st->pools->len && !found; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        if ((found = p->active && strcmp(p->def->target_path, clean) == 0))
            ret = mv_sdir_pool_handle(conn, p);
    }
    if (!found)
        mv_error_report(MV_SDIR_ERR, VIR_ERR_NO_STORAGE_POOL,
                        "no storage pool with matching target path '%s'", path);
    mv_sdir_unlock(st);
    return ret;
}

#define POOL_BEGIN(pool, st, p, fail)                                       \
    mv_sdir_state *st = mv_sdir_lock(virStoragePoolGetConnect(pool));       \
    mv_sdir_pool *p = mv_sdir_pool_find(st, virStoragePoolGetName(pool));   \
    if (!p) {                                                               \
        mv_sdir_unlock(st);                                                 \
        return fail;                                                        \
    }

int mv_sdir_pool_get_info(virStoragePoolPtr pool, virStoragePoolInfoPtr info)
{
    POOL_BEGIN(pool, st, p, -1);
    mv_sdir_pool_sizes(p);
    memset(info, 0, sizeof(*info));
    info->state = p->active ? VIR_STORAGE_POOL_RUNNING : VIR_STORAGE_POOL_INACTIVE;
    info->capacity = p->active ? p->def->capacity : 0;
    info->allocation = p->active ? p->def->allocation : 0;
    info->available = p->active ? p->def->available : 0;
    mv_sdir_unlock(st);
    return 0;
}

char *mv_sdir_pool_get_xml(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_STORAGE_XML_INACTIVE, MV_SDIR_ERR,
                             "storagePoolGetXMLDesc") < 0)
        return NULL;
    POOL_BEGIN(pool, st, p, NULL);
    mv_sdir_pool_sizes(p);
    bool pending = (flags & VIR_STORAGE_XML_INACTIVE) && p->newdef;
    char *xml = mv_storage_pool_def_format(pending ? p->newdef : p->def, flags);
    mv_sdir_unlock(st);
    return xml;
}

int mv_sdir_pool_get_autostart(virStoragePoolPtr pool, int *autostart)
{
    POOL_BEGIN(pool, st, p, -1);
    *autostart = p->autostart;
    mv_sdir_unlock(st);
    return 0;
}

int mv_sdir_pool_set_autostart(virStoragePoolPtr pool, int autostart)
{
    POOL_BEGIN(pool, st, p, -1);
    int ret = -1;
    if (!p->persistent)
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INTERNAL_ERROR,
                        "cannot set autostart for transient pool");
    else if (mv_sdir_autostart_set(st, p->def->name, autostart != 0) == 0)
        ret = 0, p->autostart = autostart != 0;
    mv_sdir_unlock(st);
    return ret;
}

static int sdir_pool_state(virStoragePoolPtr pool, bool persistent)
{
    POOL_BEGIN(pool, st, p, -1);
    int ret = persistent ? p->persistent : p->active;
    mv_sdir_unlock(st);
    return ret;
}

int mv_sdir_pool_is_active(virStoragePoolPtr pool) { return sdir_pool_state(pool, false); }
int mv_sdir_pool_is_persistent(virStoragePoolPtr pool) { return sdir_pool_state(pool, true); }

int mv_sdir_vol_list_all(virStoragePoolPtr pool, virStorageVolPtr **vols, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_SDIR_ERR, "storagePoolListAllVolumes") < 0)
        return -1;
    virConnectPtr conn = virStoragePoolGetConnect(pool);
    g_autoptr(GPtrArray) h = g_ptr_array_new();
    mv_sdir_state *st = mv_sdir_lock(conn);
    mv_sdir_pool *p = mv_sdir_pool_active(st, virStoragePoolGetName(pool));
    for (guint i = 0; p && i < p->vols->len; i++)
        g_ptr_array_add(h, vols ? (void *)mv_sdir_vol_handle(conn, p, p->vols->pdata[i]) : p);
    mv_sdir_unlock(st);
    if (!p)
        return -1;
    return vols ? sdir_handles(h, (void ***)vols, sdir_vol_unref) : (int)h->len;
}

/* Volumes */

virStorageVolPtr mv_sdir_vol_lookup_name(virStoragePoolPtr pool, const char *name)
{
    virConnectPtr conn = virStoragePoolGetConnect(pool);
    mv_sdir_state *st = mv_sdir_lock(conn);
    mv_sdir_pool *p = mv_sdir_pool_active(st, virStoragePoolGetName(pool));
    mv_sdir_vol *v = p ? mv_sdir_vol_find(p, name) : NULL;
    virStorageVolPtr ret = v ? mv_sdir_vol_handle(conn, p, v) : NULL;
    mv_sdir_unlock(st);
    return ret;
}

/* Keys are paths: both lookups take the path, cleaned, and find the pool
 * whose directory holds it. */
static virStorageVolPtr sdir_vol_by_path_or_key(virConnectPtr conn, const char *path,
                                                const char *what)
{
    g_autofree char *clean = path[0] == '/' ? g_canonicalize_filename(path, "/") : NULL;
    g_autofree char *dir = clean ? g_path_get_dirname(clean) : NULL;
    g_autofree char *base = clean ? g_path_get_basename(clean) : NULL;
    mv_sdir_state *st = mv_sdir_lock(conn);
    virStorageVolPtr ret = NULL;
    bool found = false;
    for (guint i = 0; clean && i < st->pools->len && !found; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        mv_sdir_vol *v;
        if (p->active && strcmp(p->def->target_path, dir) == 0 &&
            (v = g_hash_table_lookup(p->by_name, base)) && (found = true))
            ret = mv_sdir_vol_handle(conn, p, v);
    }
    if (!found)
        mv_error_report(MV_SDIR_ERR, VIR_ERR_NO_STORAGE_VOL,
                        "no storage vol with matching %s '%s'", what, path);
    mv_sdir_unlock(st);
    return ret;
}

virStorageVolPtr mv_sdir_vol_lookup_key(virConnectPtr conn, const char *key)
{
    return sdir_vol_by_path_or_key(conn, key, "key");
}

virStorageVolPtr mv_sdir_vol_lookup_path(virConnectPtr conn, const char *path)
{
    return sdir_vol_by_path_or_key(conn, path, "path");
}

/* As libvirt, info and XML look at the file again. */
static int sdir_vol_restat(mv_sdir_pool *p, mv_sdir_vol *v)
{
    int rc = mv_sdir_vol_stat(p->dirfd, v->def, v->record);
    if (rc >= 0)
        return 0;
    mv_sdir_vol_report_unusable(p->dirfd, v->def, -rc, "cannot stat file");
    return -1;
}

int mv_sdir_vol_get_info(virStorageVolPtr vol, virStorageVolInfoPtr info, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_STORAGE_VOL_GET_PHYSICAL, MV_SDIR_ERR,
                             "storageVolGetInfoFlags") < 0)
        return -1;
    MV_SDIR_VOL_BEGIN(vol, st, p, v, -1);
    int ret = sdir_vol_restat(p, v);
    if (ret == 0) {
        memset(info, 0, sizeof(*info));
        info->type = VIR_STORAGE_VOL_FILE;
        info->capacity = v->def->capacity;
        info->allocation = v->def->allocation;
        if (flags & VIR_STORAGE_VOL_GET_PHYSICAL) {
            struct stat sb;
            if (fstatat(p->dirfd, v->def->name, &sb, AT_SYMLINK_NOFOLLOW) == 0)
                info->allocation = sb.st_size;
        }
    }
    mv_sdir_unlock(st);
    return ret;
}

char *mv_sdir_vol_get_xml(virStorageVolPtr vol, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_SDIR_ERR, "storageVolGetXMLDesc") < 0)
        return NULL;
    MV_SDIR_VOL_BEGIN(vol, st, p, v, NULL);
    char *xml = sdir_vol_restat(p, v) == 0 ? mv_storage_vol_def_format(p->def, v->def, 0) : NULL;
    mv_sdir_unlock(st);
    return xml;
}

char *mv_sdir_vol_get_path(virStorageVolPtr vol)
{
    MV_SDIR_VOL_BEGIN(vol, st, p, v, NULL);
    char *path = g_strdup(v->def->target_path);
    mv_sdir_unlock(st);
    return path;
}
