/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-objects.c — finding pools and volumes with
 * libvirt's storage driver errors, the state checks its calls make, handles
 * and pool events. */
#include "sdir.h"

#include <string.h>

mv_sdir_pool *mv_sdir_pool_find(mv_sdir_state *st, const char *name)
{
    for (guint i = 0; i < st->pools->len; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        if (strcmp(p->def->name, name) == 0)
            return p;
    }
    mv_error_report(MV_SDIR_ERR, VIR_ERR_NO_STORAGE_POOL,
                    "no storage pool with matching name '%s'", name);
    return NULL;
}

mv_sdir_pool *mv_sdir_pool_find_uuid(mv_sdir_state *st, const unsigned char *uuid)
{
    char str[VIR_UUID_STRING_BUFLEN];
    for (guint i = 0; i < st->pools->len; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        if (memcmp(p->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return p;
    }
    mv_uuid_format(uuid, str);
    mv_error_report(MV_SDIR_ERR, VIR_ERR_NO_STORAGE_POOL,
                    "no storage pool with matching uuid '%s'", str);
    return NULL;
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
