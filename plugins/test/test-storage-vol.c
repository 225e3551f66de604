/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-storage-vol.c — the test driver's storage volumes: kept
 * in their pool's list, key and path "<pool target>/<name>", allocation
 * counted against the pool's 100 GiB; libvirt's test driver checks and
 * errors (a volume is reachable only while its pool is active). */
#include "test-objects.h"
#include "test-storage.h"

#include <stdlib.h>
#include <string.h>

/* What volumes are called in not-found errors (they are found by hand:
 * by name within a pool, by key or path across pools). */
static const mv_object_kind vol_kind = {
    .size = sizeof(mv_object_kind), .err_domain = VIR_FROM_TEST,
    .err_code = VIR_ERR_NO_STORAGE_VOL, .what = "storage vol",
};

static mv_storage_vol_def *vol_find(mv_test_pool *p, const char *name)
{
    for (guint i = 0; i < p->vols->len; i++) {
        mv_storage_vol_def *v = p->vols->pdata[i];
        if (strcmp(v->name, name) == 0)
            return v;
    }
    mv_object_not_found(&vol_kind, "name", name);
    return NULL;
}

static virStorageVolPtr vol_handle(virConnectPtr conn, const mv_test_pool *p,
                                   const mv_storage_vol_def *v)
{
    return mv_storage_vol_new(conn, p->def->name, v->name, v->key);
}

/* The active pool called NAME, or NULL with libvirt's error. */
static mv_test_pool *pool_active(mv_test_state *st, const char *name)
{
    mv_test_pool *p = mv_test_pool_find_name(st, name);
    return p && mv_test_pool_check_active(p) == 0 ? p : NULL;
}

/* Slots with a volume handle: lock, find its (active) pool and itself. */
#define VOL_BEGIN(vol, st, p, v, fail)                                          \
    mv_test_state *st = mv_test_lock(virStorageVolGetConnect(vol));             \
    mv_test_pool *p = pool_active(st, mv_storage_vol_get_pool_name(vol));       \
    mv_storage_vol_def *v = p ? vol_find(p, virStorageVolGetName(vol)) : NULL;  \
    if (!v) {                                                                   \
        mv_test_unlock(st);                                                     \
        return fail;                                                            \
    }

#define POOL_ACTIVE_BEGIN(pool, st, p, fail)                                \
    mv_test_state *st = mv_test_lock(virStoragePoolGetConnect(pool));       \
    mv_test_pool *p = pool_active(st, virStoragePoolGetName(pool));         \
    if (!p) {                                                               \
        mv_test_unlock(st);                                                 \
        return fail;                                                        \
    }

/* Lookups */

virStorageVolPtr mv_test_vol_lookup_name(virStoragePoolPtr pool, const char *name)
{
    POOL_ACTIVE_BEGIN(pool, st, p, NULL);
    mv_storage_vol_def *v = vol_find(p, name);
    virStorageVolPtr ret = v ? vol_handle(virStoragePoolGetConnect(pool), p, v) : NULL;
    mv_test_unlock(st);
    return ret;
}

/* Key and path are the same for test volumes, but looked up separately. */
static virStorageVolPtr vol_lookup_across(virConnectPtr conn, const char *what, const char *value)
{
    bool by_key = strcmp(what, "key") == 0;
    mv_test_state *st = mv_test_lock(conn);
    virStorageVolPtr ret = NULL;
    for (guint i = 0; i < st->pools->len && !ret; i++) {
        mv_test_pool *p = st->pools->pdata[i];
        for (guint j = 0; p->active && j < p->vols->len && !ret; j++) {
            mv_storage_vol_def *v = p->vols->pdata[j];
            if (g_strcmp0(by_key ? v->key : v->target_path, value) == 0)
                ret = vol_handle(conn, p, v);
        }
    }
    if (!ret)
        mv_object_not_found(&vol_kind, what, value);
    mv_test_unlock(st);
    return ret;
}

virStorageVolPtr mv_test_vol_lookup_key(virConnectPtr conn, const char *key)
{
    return vol_lookup_across(conn, "key", key);
}

virStorageVolPtr mv_test_vol_lookup_path(virConnectPtr conn, const char *path)
{
    return vol_lookup_across(conn, "path", path);
}

/* Listing */

int mv_test_vol_count(virStoragePoolPtr pool)
{
    POOL_ACTIVE_BEGIN(pool, st, p, -1);
    int ret = p->vols->len;
    mv_test_unlock(st);
    return ret;
}

int mv_test_vol_list(virStoragePoolPtr pool, char **const names, int max)
{
    POOL_ACTIVE_BEGIN(pool, st, p, -1);
    int n = 0;
    for (guint i = 0; i < p->vols->len && n < max; i++)
        names[n++] = strdup(((mv_storage_vol_def *)p->vols->pdata[i])->name);
    mv_test_unlock(st);
    return n;
}

int mv_test_vol_list_all(virStoragePoolPtr pool, virStorageVolPtr **vols, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStoragePoolListAllVolumes") < 0)
        return -1;
    virConnectPtr conn = virStoragePoolGetConnect(pool);
    mv_test_state *st = mv_test_lock(conn);
    mv_test_pool *p = mv_test_pool_find_name(st, virStoragePoolGetName(pool));
    int ret = -1;
    if (p && !p->active)
        mv_test_obj_invalid("storage pool is not active");
    else if (p && !vols)
        ret = p->vols->len;
    else if (p) {
        virStorageVolPtr *list = calloc(p->vols->len + 1, sizeof(*list));
        for (ret = 0; list && ret < (int)p->vols->len; ret++)
            if (!(list[ret] = vol_handle(conn, p, p->vols->pdata[ret])))
                break;
        if (!list || ret < (int)p->vols->len) {
            for (int i = 0; list && i < ret; i++)
                virStorageVolFree(list[i]);
            free(list);
            ret = -1;
        } else {
            *vols = list;
        }
    }
    mv_test_unlock(st);
    return ret;
}

/* Creation */

/* Adds the volume XML describes to P; NULL with libvirt's error. */
static mv_storage_vol_def *vol_add(mv_test_pool *p, const char *xml)
{
    mv_storage_vol_def *v = mv_storage_vol_def_parse(p->def, xml, 0);
    if (!v)
        return NULL;
    for (guint i = 0; i < p->vols->len; i++) {
        if (mv_storage_vol_def_same_name(p->vols->pdata[i], v)) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_FAILED, "storage vol already exists");
            mv_storage_vol_def_free(v);
            return NULL;
        }
    }
    mv_test_pool_refresh_sizes(p);
    if (v->allocation > p->def->available) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR,
                        "Not enough free space in pool for volume '%s'", v->name);
        mv_storage_vol_def_free(v);
        return NULL;
    }
    g_ptr_array_add(p->vols, v);
    mv_test_pool_refresh_sizes(p);
    return v;
}

virStorageVolPtr mv_test_vol_create(virStoragePoolPtr pool, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStorageVolCreateXML") < 0)
        return NULL;
    POOL_ACTIVE_BEGIN(pool, st, p, NULL);
    mv_storage_vol_def *v = vol_add(p, xml);
    virStorageVolPtr ret = v ? vol_handle(virStoragePoolGetConnect(pool), p, v) : NULL;
    mv_test_unlock(st);
    return ret;
}

/* The source must be a volume of the same pool, as libvirt's test driver
 * looks it up there; the new volume takes its size from XML. */
virStorageVolPtr mv_test_vol_clone(virStoragePoolPtr pool, const char *xml,
                                   virStorageVolPtr clonevol, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStorageVolCreateXMLFrom") < 0)
        return NULL;
    const char *src = virStorageVolGetName(clonevol);
    POOL_ACTIVE_BEGIN(pool, st, p, NULL);
    mv_storage_vol_def *v = vol_find(p, src) ? vol_add(p, xml) : NULL;
    virStorageVolPtr ret = v ? vol_handle(virStoragePoolGetConnect(pool), p, v) : NULL;
    mv_test_unlock(st);
    return ret;
}

int mv_test_vol_delete(virStorageVolPtr vol, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStorageVolDelete") < 0)
        return -1;
    VOL_BEGIN(vol, st, p, v, -1);
    g_ptr_array_remove(p->vols, v);
    mv_test_pool_refresh_sizes(p);
    mv_test_unlock(st);
    return 0;
}

/* Not in libvirt 9.0's test driver (NO_SUPPORT there): nothing to wipe in
 * memory, so a valid request succeeds. */
int mv_test_vol_wipe(virStorageVolPtr vol, unsigned int algorithm, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStorageVolWipePattern") < 0)
        return -1;
    if (algorithm > VIR_STORAGE_VOL_WIPE_ALG_TRIM) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "wiping algorithm %u not supported", algorithm);
        return -1;
    }
    VOL_BEGIN(vol, st, p, v, -1);
    mv_test_unlock(st);
    return 0;
}

/* Properties */

int mv_test_vol_get_info(virStorageVolPtr vol, virStorageVolInfoPtr info, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStorageVolGetInfo") < 0)
        return -1;
    VOL_BEGIN(vol, st, p, v, -1);
    memset(info, 0, sizeof(*info));
    info->type = v->type;
    info->capacity = v->capacity;
    info->allocation = v->allocation;
    mv_test_unlock(st);
    return 0;
}

char *mv_test_vol_xml(virStorageVolPtr vol, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStorageVolGetXMLDesc") < 0)
        return NULL;
    VOL_BEGIN(vol, st, p, v, NULL);
    char *xml = mv_storage_vol_def_format(p->def, v, 0);
    mv_test_unlock(st);
    return xml;
}

char *mv_test_vol_path(virStorageVolPtr vol)
{
    VOL_BEGIN(vol, st, p, v, NULL);
    char *path = strdup(v->target_path ? v->target_path : "");
    mv_test_unlock(st);
    return path;
}

/* Not in libvirt 9.0's test driver (NO_SUPPORT there); these are the
 * checks and messages of libvirt's storage driver. */
static int vol_new_capacity(const mv_storage_vol_def *v, unsigned long long capacity,
                            unsigned int flags, unsigned long long *out)
{
    unsigned long long cap = capacity;
    if (flags & VIR_STORAGE_VOL_RESIZE_DELTA) {
        if (!(flags & VIR_STORAGE_VOL_RESIZE_SHRINK))
            cap = v->capacity + capacity;
        else if (capacity > v->capacity) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                            "can't shrink capacity below zero");
            return -1;
        } else
            cap = v->capacity - capacity;
    }
    if (cap < v->allocation) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "can't shrink capacity below existing allocation");
        return -1;
    }
    if (cap < v->capacity && !(flags & VIR_STORAGE_VOL_RESIZE_SHRINK)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "Can't shrink capacity below current capacity unless shrink flag explicitly specified");
        return -1;
    }
    *out = cap;
    return 0;
}

int mv_test_vol_resize(virStorageVolPtr vol, unsigned long long capacity, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_STORAGE_VOL_RESIZE_ALLOCATE |
                                    VIR_STORAGE_VOL_RESIZE_DELTA |
                                    VIR_STORAGE_VOL_RESIZE_SHRINK, VIR_FROM_TEST,
                             "testStorageVolResize") < 0)
        return -1;
    VOL_BEGIN(vol, st, p, v, -1);
    unsigned long long cap = v->capacity;
    int ret = vol_new_capacity(v, capacity, flags, &cap);
    mv_test_pool_refresh_sizes(p);
    unsigned long long grow = (flags & VIR_STORAGE_VOL_RESIZE_ALLOCATE) ? cap - v->allocation
                              : cap > v->capacity ? cap - v->capacity : 0;
    if (ret == 0 && grow > p->def->available) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_FAILED,
                        "Not enough space left in storage pool");
        ret = -1;
    }
    if (ret == 0) {
        v->capacity = cap;
        if (flags & VIR_STORAGE_VOL_RESIZE_ALLOCATE)
            v->allocation = cap;
        mv_test_pool_refresh_sizes(p);
    }
    mv_test_unlock(st);
    return ret;
}
