/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-objects.c — finding pools and volumes with
 * libvirt's storage driver errors, the state checks its calls make, handles
 * and pool events. */
#include "sdir.h"

#include <string.h>

/* Every pool here is a directory pool: a type filter without the dir
 * flag keeps none. */
static bool sdir_pool_match(const void *obj, unsigned int flags)
{
    const mv_sdir_pool *p = obj;
    if ((flags & MV_SDIR_TYPE_FLAGS) && !(flags & VIR_CONNECT_LIST_STORAGE_POOLS_DIR))
        return false;
    return mv_object_filter(flags, p->active, p->persistent, p->autostart);
}

static const char *sdir_pool_name(const void *obj)
{
    return ((const mv_sdir_pool *)obj)->def->name;
}

static const unsigned char *sdir_pool_uuid(const void *obj)
{
    return ((const mv_sdir_pool *)obj)->def->uuid;
}

static void *sdir_pool_new_handle(virConnectPtr conn, const void *obj)
{
    return mv_sdir_pool_handle(conn, obj);
}

static void sdir_pool_unref(void *handle)
{
    virStoragePoolFree(handle);
}

const mv_object_kind mv_sdir_pool_kind = {
    .size = sizeof(mv_object_kind),
    .err_domain = MV_SDIR_ERR,
    .err_code = VIR_ERR_NO_STORAGE_POOL,
    .what = "storage pool",
    .name = sdir_pool_name,
    .uuid = sdir_pool_uuid,
    .match = sdir_pool_match,
    .handle = sdir_pool_new_handle,
    .unref = sdir_pool_unref,
};

mv_sdir_pool *mv_sdir_pool_find(mv_sdir_state *st, const char *name)
{
    return mv_object_lookup_name(&mv_sdir_pool_kind, st->pools->pdata, st->pools->len, name);
}

mv_sdir_pool *mv_sdir_pool_find_uuid(mv_sdir_state *st, const unsigned char *uuid)
{
    return mv_object_lookup_uuid(&mv_sdir_pool_kind, st->pools->pdata, st->pools->len, uuid);
}

mv_sdir_pool *mv_sdir_pool_active(mv_sdir_state *st, const char *name)
{
    mv_sdir_pool *p = mv_sdir_pool_find(st, name);
    if (p && !p->active) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_INVALID,
                        "storage pool '%s' is not active", name);
        return NULL;
    }
    return p;
}

int mv_sdir_pool_check_inactive(const mv_sdir_pool *p)
{
    if (!p->active)
        return 0;
    mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_INVALID,
                    "storage pool '%s' is already active", p->def->name);
    return -1;
}

int mv_sdir_pool_check_idle(const mv_sdir_pool *p)
{
    if (p->jobs == 0)
        return 0;
    mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_INVALID,
                    "pool '%s' has asynchronous jobs running.", p->def->name);
    return -1;
}

mv_sdir_vol *mv_sdir_vol_find(mv_sdir_pool *p, const char *name)
{
    mv_sdir_vol *v = g_hash_table_lookup(p->by_name, name);
    if (!v)
        mv_error_report(MV_SDIR_ERR, VIR_ERR_NO_STORAGE_VOL,
                        "no storage vol with matching name '%s'", name);
    return v;
}

int mv_sdir_vol_check_idle(const mv_sdir_vol *v)
{
    if (!v->busy && !v->readers)
        return 0;
    mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_INVALID,
                    "volume '%s' is still in use.", v->def->name);
    return -1;
}

virStoragePoolPtr mv_sdir_pool_handle(virConnectPtr conn, const mv_sdir_pool *p)
{
    return mv_storage_pool_new(conn, p->def->name, p->def->uuid);
}

virStorageVolPtr mv_sdir_vol_handle(virConnectPtr conn, const mv_sdir_pool *p,
                                    const mv_sdir_vol *v)
{
    return mv_storage_vol_new(conn, p->def->name, v->def->name, v->def->key);
}

void mv_sdir_pool_event(mv_sdir_state *st, const mv_sdir_pool *p, int event)
{
    mv_event_queue_storage_pool_lifecycle(st->events, p->def->name, p->def->uuid, event, 0);
}

int mv_sdir_job_begin(mv_sdir_pool *p, mv_sdir_vol *v, bool writer)
{
    if (writer ? mv_sdir_vol_check_idle(v) < 0 : v->busy > 0) {
        if (!writer)
            mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_INVALID,
                            "volume '%s' is still being allocated.", v->def->name);
        return -1;
    }
    *(writer ? &v->busy : &v->readers) += 1;
    p->jobs++;
    return 0;
}

void mv_sdir_job_end(mv_sdir_pool *p, mv_sdir_vol *v, bool writer)
{
    *(writer ? &v->busy : &v->readers) -= 1;
    p->jobs--;
}
