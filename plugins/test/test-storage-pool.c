/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-storage-pool.c — the test driver's storage pools as
 * libvirt's test driver keeps them: 100 GiB each, allocation the sum of the
 * volumes', libvirt's state checks, errors and pool events. Volumes are in
 * test-storage-vol.c. */
#include "test-objects.h"
#include "test-storage.h"

#include <stdlib.h>
#include <string.h>

static const char *pool_name(gconstpointer o) { return ((const mv_test_pool *)o)->def->name; }
static const unsigned char *pool_uuid(gconstpointer o) { return ((const mv_test_pool *)o)->def->uuid; }

/* VIR_CONNECT_LIST_STORAGE_POOLS_DIR and the following bits, one per type,
 * in libvirt's order of pool types except iscsi-direct, which came last. */
static unsigned int pool_type_flag(int type)
{
    if (type == MV_STORAGE_POOL_ISCSI_DIRECT)
        return VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT;
    return VIR_CONNECT_LIST_STORAGE_POOLS_DIR << (type > MV_STORAGE_POOL_ISCSI_DIRECT ? type - 1 : type);
}

#define POOL_TYPE_FLAGS (((VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT << 1) - 1) & \
                         ~(VIR_CONNECT_LIST_STORAGE_POOLS_DIR - 1))

static bool pool_match(gconstpointer o, unsigned int flags)
{
    const mv_test_pool *p = o;
    if ((flags & POOL_TYPE_FLAGS) && !(flags & pool_type_flag(p->def->type)))
        return false;
    return mv_object_filter(flags, p->active, p->persistent, p->autostart);
}

static gpointer pool_handle(virConnectPtr conn, gconstpointer o)
{
    const mv_test_pool *p = o;
    return mv_storage_pool_new(conn, p->def->name, p->def->uuid);
}

static void pool_unref(gpointer h) { virStoragePoolFree(h); }

static const mv_object_kind pool_kind = {
    .size = sizeof(mv_object_kind), .err_domain = VIR_FROM_TEST,
    .err_code = VIR_ERR_NO_STORAGE_POOL, .what = "storage pool", .name = pool_name, .uuid = pool_uuid, .match = pool_match,
    .handle = pool_handle, .unref = pool_unref,
};

static void pool_event(mv_test_state *st, const mv_test_pool *p, int event)
{
    mv_event_queue_storage_pool_lifecycle(st->events, p->def->name, p->def->uuid, event, 0);
}

mv_test_pool *mv_test_pool_find_name(mv_test_state *st, const char *name)
{
    return mv_object_lookup_name(&pool_kind, st->pools->pdata, st->pools->len, name);
}

int mv_test_pool_check_active(const mv_test_pool *pool)
{
    if (pool->active)
        return 0;
    mv_test_obj_invalid("storage pool '%s' is not active", pool->def->name);
    return -1;
}

static int pool_check_inactive(const mv_test_pool *pool)
{
    if (!pool->active)
        return 0;
    mv_test_obj_invalid("storage pool '%s' is active", pool->def->name);
    return -1;
}

/* Slots with a pool handle: check flags, lock, find the pool by name. */
#define POOL_BEGIN(pool, st, p, fail)                                       \
    mv_test_state *st = mv_test_lock(virStoragePoolGetConnect(pool));       \
    mv_test_pool *p = mv_test_pool_find_name(st, virStoragePoolGetName(pool)); \
    if (!p) {                                                               \
        mv_test_unlock(st);                                                 \
        return fail;                                                        \
    }

/* Listing */

int mv_test_list_all_pools(virConnectPtr conn, virStoragePoolPtr **pools, unsigned int flags)
{
    if (mv_error_check_flags(flags, MV_TEST_LIST_FILTERS | POOL_TYPE_FLAGS, VIR_FROM_TEST,
                             "testConnectListAllStoragePools") < 0)
        return -1;
    mv_test_state *st = mv_test_lock(conn);
    int ret = mv_object_list_all(conn, &pool_kind, st->pools->pdata, st->pools->len, (void ***)pools, flags);
    mv_test_unlock(st);
    return ret;
}

/* Lookups */

virStoragePoolPtr mv_test_lookup_pool_name(virConnectPtr conn, const char *name)
{
    mv_test_state *st = mv_test_lock(conn);
    mv_test_pool *p = mv_test_pool_find_name(st, name);
    virStoragePoolPtr ret = p ? pool_handle(conn, p) : NULL;
    mv_test_unlock(st);
    return ret;
}

static mv_test_pool *pool_find_uuid(mv_test_state *st, const unsigned char *uuid)
{
    mv_test_pool *p = mv_object_lookup_uuid(&pool_kind, st->pools->pdata, st->pools->len, uuid);
    return p;
}

virStoragePoolPtr mv_test_lookup_pool_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    mv_test_state *st = mv_test_lock(conn);
    mv_test_pool *p = pool_find_uuid(st, uuid);
    virStoragePoolPtr ret = p ? pool_handle(conn, p) : NULL;
    mv_test_unlock(st);
    return ret;
}

virStoragePoolPtr mv_test_lookup_pool_volume(virStorageVolPtr vol)
{
    const char *name = mv_storage_vol_get_pool_name(vol);
    virConnectPtr conn = virStorageVolGetConnect(vol);
    mv_test_state *st = mv_test_lock(conn);
    mv_test_pool *p = mv_test_pool_find_name(st, name);
    virStoragePoolPtr ret = p ? pool_handle(conn, p) : NULL;
    mv_test_unlock(st);
    return ret;
}

/* The pool DEF names (same name and UUID), or NULL; -1 with libvirt's
 * error when only one of them matches or another pool has its storage. */
static int pool_find_same(mv_test_state *st, const mv_storage_pool_def *def, mv_test_pool **out)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    *out = NULL;
    for (guint i = 0; i < st->pools->len; i++) {
        mv_test_pool *p = st->pools->pdata[i];
        bool same_name = mv_storage_pool_def_same_name(p->def, def);
        bool same_uuid = mv_storage_pool_def_same_uuid(p->def, def);
        if (same_name && same_uuid) {
            *out = p;
            continue;
        }
        if (same_name || same_uuid) {
            mv_uuid_format(p->def->uuid, uuid);
            mv_error_report(VIR_FROM_STORAGE, VIR_ERR_OPERATION_FAILED,
                            same_name ? "pool '%s' already exists with uuid %s"
                                      : "pool '%s' is already defined with uuid %s",
                            p->def->name, uuid);
            return -1;
        }
    }
    for (guint i = 0; i < st->pools->len; i++) {
        mv_test_pool *p = st->pools->pdata[i];
        if (p != *out && mv_storage_pool_def_same_storage(p->def, def)) {
            mv_error_report(VIR_FROM_STORAGE, VIR_ERR_OPERATION_FAILED,
                            "Storage source conflict with pool: '%s'", p->def->name);
            return -1;
        }
    }
    return 0;
}

static mv_test_pool *pool_add(mv_test_state *st, mv_storage_pool_def *def)
{
    mv_test_pool *p = g_new0(mv_test_pool, 1);
    p->def = def;
    p->vols = g_ptr_array_new_with_free_func((GDestroyNotify)mv_storage_vol_def_free);
    g_ptr_array_add(st->pools, p);
    return p;
}

static void pool_set_def(mv_test_pool *p, mv_storage_pool_def *def)
{
    mv_storage_pool_def_free(p->def);
    p->def = def;
}

/* Parses XML and finds the pool it names; DEF is NULL on error. */
static mv_test_state *pool_parse(virConnectPtr conn, const char *xml,
                                 mv_storage_pool_def **def, mv_test_pool **same)
{
    if (!(*def = mv_storage_pool_def_parse(xml, 0)))
        return NULL;
    /* libvirt's test driver gives every new pool its default size. */
    (*def)->capacity = MV_TEST_POOL_CAPACITY;
    mv_test_state *st = mv_test_lock(conn);
    if (pool_find_same(st, *def, same) < 0) {
        mv_storage_pool_def_free(*def);
        *def = NULL;
    }
    return st;
}

/* Life cycle */

virStoragePoolPtr mv_test_create_pool(virConnectPtr conn, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStoragePoolCreateXML") < 0)
        return NULL;
    mv_storage_pool_def *def;
    mv_test_pool *p;
    mv_test_state *st = pool_parse(conn, xml, &def, &p);
    virStoragePoolPtr ret = NULL;
    if (!def) {
        /* error reported */
    } else if (p && p->active) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_OPERATION_INVALID,
                        "pool is already active as '%s'", p->def->name);
        mv_storage_pool_def_free(def);
    } else {
        if (p)
            pool_set_def(p, def);   /* as libvirt: the pool becomes transient */
        else
            p = pool_add(st, def);
        p->active = true;
        p->persistent = false;
        mv_test_pool_refresh_sizes(p);
        pool_event(st, p, VIR_STORAGE_POOL_EVENT_STARTED);
        ret = pool_handle(conn, p);
    }
    if (st)
        mv_test_unlock(st);
    return ret;
}

/* A pool redefined while active keeps its live definition (the new one is
 * dropped: mv_test_pool has no slot for a pending definition). */
virStoragePoolPtr mv_test_define_pool(virConnectPtr conn, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_STORAGE_POOL_DEFINE_VALIDATE, VIR_FROM_TEST,
                             "testStoragePoolDefineXML") < 0)
        return NULL;
    mv_storage_pool_def *def;
    mv_test_pool *p;
    mv_test_state *st = pool_parse(conn, xml, &def, &p);
    virStoragePoolPtr ret = NULL;
    if (def) {
        if (!p)
            p = pool_add(st, def);
        else if (!p->active)
            pool_set_def(p, def);
        else
            mv_storage_pool_def_free(def);
        p->persistent = true;
        mv_test_pool_refresh_sizes(p);
        pool_event(st, p, VIR_STORAGE_POOL_EVENT_DEFINED);
        ret = pool_handle(conn, p);
    }
    if (st)
        mv_test_unlock(st);
    return ret;
}

/* Build and delete: only allowed on an inactive pool; nothing to do on disk. */
static int pool_inactive_op(virStoragePoolPtr pool, unsigned int flags, const char *func, int event)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, func) < 0)
        return -1;
    POOL_BEGIN(pool, st, p, -1);
    int ret = pool_check_inactive(p);
    if (ret == 0)
        pool_event(st, p, event);
    mv_test_unlock(st);
    return ret;
}

int mv_test_build_pool(virStoragePoolPtr pool, unsigned int flags)
{
    return pool_inactive_op(pool, flags, "testStoragePoolBuild", VIR_STORAGE_POOL_EVENT_CREATED);
}

int mv_test_delete_pool(virStoragePoolPtr pool, unsigned int flags)
{
    return pool_inactive_op(pool, flags, "testStoragePoolDelete", VIR_STORAGE_POOL_EVENT_DELETED);
}

int mv_test_undefine_pool(virStoragePoolPtr pool)
{
    POOL_BEGIN(pool, st, p, -1);
    int ret = pool_check_inactive(p);
    if (ret == 0) {
        pool_event(st, p, VIR_STORAGE_POOL_EVENT_UNDEFINED);
        mv_test_obj_remove(st->pools, p);
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_start_pool(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStoragePoolCreate") < 0)
        return -1;
    POOL_BEGIN(pool, st, p, -1);
    int ret = pool_check_inactive(p);
    if (ret == 0) {
        p->active = true;
        pool_event(st, p, VIR_STORAGE_POOL_EVENT_STARTED);
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_destroy_pool(virStoragePoolPtr pool)
{
    POOL_BEGIN(pool, st, p, -1);
    int ret = mv_test_pool_check_active(p);
    if (ret == 0) {
        p->active = false;
        pool_event(st, p, VIR_STORAGE_POOL_EVENT_STOPPED);
        if (!p->persistent)
            mv_test_obj_remove(st->pools, p);
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_refresh_pool(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStoragePoolRefresh") < 0)
        return -1;
    POOL_BEGIN(pool, st, p, -1);
    int ret = mv_test_pool_check_active(p);
    if (ret == 0)
        mv_event_queue_storage_pool_refresh(st->events, p->def->name, p->def->uuid);
    mv_test_unlock(st);
    return ret;
}

/* Properties */

int mv_test_pool_info(virStoragePoolPtr pool, virStoragePoolInfoPtr info)
{
    POOL_BEGIN(pool, st, p, -1);
    mv_test_pool_refresh_sizes(p);
    memset(info, 0, sizeof(*info));
    info->state = p->active ? VIR_STORAGE_POOL_RUNNING : VIR_STORAGE_POOL_INACTIVE;
    info->capacity = p->def->capacity;
    info->allocation = p->def->allocation;
    info->available = p->def->available;
    mv_test_unlock(st);
    return 0;
}

char *mv_test_pool_xml(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testStoragePoolGetXMLDesc") < 0)
        return NULL;
    POOL_BEGIN(pool, st, p, NULL);
    mv_test_pool_refresh_sizes(p);
    char *xml = mv_storage_pool_def_format(p->def, 0);
    mv_test_unlock(st);
    return xml;
}

int mv_test_pool_get_autostart(virStoragePoolPtr pool, int *autostart)
{
    POOL_BEGIN(pool, st, p, -1);
    *autostart = p->autostart;
    mv_test_unlock(st);
    return 0;
}

int mv_test_pool_set_autostart(virStoragePoolPtr pool, int autostart)
{
    POOL_BEGIN(pool, st, p, -1);
    int ret = 0;
    if (!p->persistent) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "pool has no config file");
        ret = -1;
    } else {
        p->autostart = autostart != 0;
    }
    mv_test_unlock(st);
    return ret;
}

static int pool_state(virStoragePoolPtr pool, bool persistent)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    virStoragePoolGetUUID(pool, uuid);
    mv_test_state *st = mv_test_lock(virStoragePoolGetConnect(pool));
    mv_test_pool *p = pool_find_uuid(st, uuid);
    int ret = p ? (persistent ? p->persistent : p->active) : -1;
    mv_test_unlock(st);
    return ret;
}

int mv_test_pool_is_active(virStoragePoolPtr pool)
{
    return pool_state(pool, false);
}

int mv_test_pool_is_persistent(virStoragePoolPtr pool)
{
    return pool_state(pool, true);
}
