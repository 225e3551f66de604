/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-pool.c — the life cycle of dir pools: define and
 * create (with libvirt's duplicate checks), build and delete of the target
 * directory, start, destroy, refresh, undefine, with libvirt's errors and
 * pool events. */
#include "sdir.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SDIR_DEFAULT_POOL_MODE 0711
#define SDIR_BUILD_FLAGS (VIR_STORAGE_POOL_BUILD_OVERWRITE | VIR_STORAGE_POOL_BUILD_NO_OVERWRITE)

/* libvirt's duplicate checks: *SAME is the pool with DEF's name and uuid. */
static int sdir_pool_check_dup(mv_sdir_state *st, const mv_storage_pool_def *def,
                               mv_sdir_pool **same)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    *same = NULL;
    for (guint i = 0; i < st->pools->len; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        bool n = mv_storage_pool_def_same_name(p->def, def);
        bool u = mv_storage_pool_def_same_uuid(p->def, def);
        if (n && u) {
            *same = p;
        } else if (n || u) {
            mv_uuid_format(p->def->uuid, uuid);
            mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_FAILED,
                            u ? "pool '%s' is already defined with uuid %s"
                              : "pool '%s' already exists with uuid %s", p->def->name, uuid);
            return -1;
        }
    }
    for (guint i = 0; i < st->pools->len; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        if (p != *same && mv_storage_pool_def_same_storage(p->def, def)) {
            mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_FAILED,
                            "Storage source conflict with pool: '%s'", p->def->name);
            return -1;
        }
    }
    return 0;
}

static mv_storage_pool_def *sdir_pool_parse(const char *xml)
{
    mv_storage_pool_def *def = mv_storage_pool_def_parse(xml, 0);
    if (!def)
        return NULL;
    if (def->type != MV_STORAGE_POOL_DIR) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "pool type '%s' is not supported by the storage-dir plugin (only 'dir')",
                        mv_storage_pool_type_to_string(def->type));
    } else if (!def->target_path || def->target_path[0] != '/') {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_XML_ERROR,
                        "storage pool '%s' needs an absolute target path", def->name);
    } else if (mv_path_check_name(def->name, "pool", MV_SDIR_ERR) == 0) {
        /* its definition is the file NAME.xml */
        return def;
    }
    mv_storage_pool_def_free(def);
    return NULL;
}

/* mkdir -p of the target; the last component gets the XML's permissions. */
static int sdir_pool_build(mv_sdir_pool *p, unsigned int flags)
{
    const mv_storage_perms *perms = p->def->target_perms;
    const char *dir = p->def->target_path;
    mode_t mode = perms->mode >= 0 ? (mode_t)perms->mode : SDIR_DEFAULT_POOL_MODE;
    if ((flags & SDIR_BUILD_FLAGS) == SDIR_BUILD_FLAGS) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INVALID_ARG,
                        "Flags 'VIR_STORAGE_POOL_BUILD_OVERWRITE' and "
                        "'VIR_STORAGE_POOL_BUILD_NO_OVERWRITE' are mutually exclusive");
        return -1;
    }
    g_autofree char *parent = g_path_get_dirname(dir);
    if (mv_file_mkdir_p(parent, 0755) < 0)
        return -1;
    if (mkdir(dir, mode) < 0 && errno != EEXIST) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create path '%s'", dir);
        return -1;
    }
    if (chmod(dir, mode) < 0 ||
        ((perms->owner >= 0 || perms->group >= 0) &&
         chown(dir, perms->owner, perms->group) < 0)) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot set permissions of '%s'", dir);
        return -1;
    }
    return 0;
}

static int sdir_pool_do_start(mv_sdir_state *st, mv_sdir_pool *p, unsigned int flags)
{
    if (flags & VIR_STORAGE_POOL_CREATE_WITH_BUILD) {
        if (sdir_pool_build(p, flags & SDIR_BUILD_FLAGS) < 0)
            return -1;
    }
    if (mv_sdir_pool_start(st, p) < 0)
        return -1;
    if (mv_sdir_status_save(st, p) < 0) {
        mv_sdir_pool_stop(st, p);
        return -1;
    }
    mv_sdir_pool_event(st, p, VIR_STORAGE_POOL_EVENT_STARTED);
    return 0;
}

#define SDIR_CREATE_FLAGS (VIR_STORAGE_POOL_CREATE_WITH_BUILD | \
                           VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE | \
                           VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE)

virStoragePoolPtr mv_sdir_pool_create_xml(virConnectPtr conn, const char *xml,
                                                 unsigned int flags)
{
    mv_sdir_pool *p;
    if (mv_error_check_flags(flags, SDIR_CREATE_FLAGS, MV_SDIR_ERR, "storagePoolCreateXML") < 0)
        return NULL;
    mv_storage_pool_def *def = sdir_pool_parse(xml);
    if (!def)
        return NULL;
    mv_sdir_state *st = mv_sdir_lock(conn);
    virStoragePoolPtr ret = NULL;
    if (sdir_pool_check_dup(st, def, &p) < 0) {
        mv_storage_pool_def_free(def);
    } else if (p) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_INVALID,
                        p->active ? "pool is already active as '%s'"
                                  : "pool '%s' is already defined: start it instead",
                        p->def->name);
        mv_storage_pool_def_free(def);
    } else {
        p = mv_sdir_pool_add(st, def);
        if (sdir_pool_do_start(st, p, flags) < 0)
            mv_sdir_pool_remove(st, p);
        else
            ret = mv_sdir_pool_handle(conn, p);
    }
    mv_sdir_unlock(st);
    return ret;
}

virStoragePoolPtr mv_sdir_pool_define(virConnectPtr conn, const char *xml,
                                             unsigned int flags)
{
    mv_sdir_pool *p;
    if (mv_error_check_flags(flags, VIR_STORAGE_POOL_DEFINE_VALIDATE, MV_SDIR_ERR,
                             "storagePoolDefineXML") < 0)
        return NULL;
    mv_storage_pool_def *def = sdir_pool_parse(xml);
    if (!def)
        return NULL;
    mv_sdir_state *st = mv_sdir_lock(conn);
    virStoragePoolPtr ret = NULL;
    if (sdir_pool_check_dup(st, def, &p) < 0 || mv_sdir_pool_save(st, def) < 0) {
        mv_storage_pool_def_free(def);
    } else {
        if (!p) {
            p = mv_sdir_pool_add(st, def);
        } else if (p->active) {   /* takes effect at the next start */
            mv_storage_pool_def_free(p->newdef);
            p->newdef = def;
        } else {
            mv_storage_pool_def_free(p->def);
            p->def = def;
        }
        p->persistent = true;
        mv_sdir_pool_event(st, p, VIR_STORAGE_POOL_EVENT_DEFINED);
        ret = mv_sdir_pool_handle(conn, p);
    }
    mv_sdir_unlock(st);
    return ret;
}

/* Slots with a pool handle: lock, find the pool by name. */
#define POOL_BEGIN(pool, st, p)                                             \
    mv_sdir_state *st = mv_sdir_lock(virStoragePoolGetConnect(pool));       \
    mv_sdir_pool *p = mv_sdir_pool_find(st, virStoragePoolGetName(pool));   \
    int ret = -1;                                                           \
    if (!p)                                                                 \
        goto out;

int mv_sdir_pool_build(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, SDIR_BUILD_FLAGS, MV_SDIR_ERR, "storagePoolBuild") < 0)
        return -1;
    POOL_BEGIN(pool, st, p);
    if (mv_sdir_pool_check_inactive(p) == 0 && sdir_pool_build(p, flags) == 0) {
        mv_sdir_pool_event(st, p, VIR_STORAGE_POOL_EVENT_CREATED);
        ret = 0;
    }
out:
    mv_sdir_unlock(st);
    return ret;
}

int mv_sdir_pool_start_slot(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, SDIR_CREATE_FLAGS, MV_SDIR_ERR, "storagePoolCreate") < 0)
        return -1;
    POOL_BEGIN(pool, st, p);
    if (mv_sdir_pool_check_inactive(p) == 0)
        ret = sdir_pool_do_start(st, p, flags);
out:
    mv_sdir_unlock(st);
    return ret;
}

/* Stops P; a transient pool goes away. */
static void sdir_pool_shutdown(mv_sdir_state *st, mv_sdir_pool *p)
{
    mv_sdir_pool_stop(st, p);
    mv_sdir_status_remove(st, p->def->name);
    mv_sdir_pool_event(st, p, VIR_STORAGE_POOL_EVENT_STOPPED);
    if (!p->persistent)
        mv_sdir_pool_remove(st, p);
}

int mv_sdir_pool_destroy(virStoragePoolPtr pool)
{
    POOL_BEGIN(pool, st, p);
    if (!mv_sdir_pool_active(st, p->def->name) || mv_sdir_pool_check_idle(p) < 0)
        goto out;
    sdir_pool_shutdown(st, p);
    ret = 0;
out:
    mv_sdir_unlock(st);
    return ret;
}

int mv_sdir_pool_delete(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_SDIR_ERR, "storagePoolDelete") < 0)
        return -1;
    POOL_BEGIN(pool, st, p);
    if (mv_sdir_pool_check_inactive(p) < 0)
        goto out;
    if (rmdir(p->def->target_path) < 0) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "failed to remove pool '%s'", p->def->target_path);
        goto out;
    }
    mv_sdir_records_forget(st, p);
    mv_sdir_pool_event(st, p, VIR_STORAGE_POOL_EVENT_DELETED);
    ret = 0;
out:
    mv_sdir_unlock(st);
    return ret;
}

int mv_sdir_pool_undefine(virStoragePoolPtr pool)
{
    POOL_BEGIN(pool, st, p);
    if (p->active) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_INVALID,
                        "storage pool '%s' is still active", p->def->name);
    } else if (mv_sdir_pool_unsave(st, p->def->name) == 0) {
        mv_sdir_pool_event(st, p, VIR_STORAGE_POOL_EVENT_UNDEFINED);
        mv_sdir_pool_remove(st, p);
        ret = 0;
    }
out:
    mv_sdir_unlock(st);
    return ret;
}

int mv_sdir_pool_refresh_slot(virStoragePoolPtr pool, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_SDIR_ERR, "storagePoolRefresh") < 0)
        return -1;
    POOL_BEGIN(pool, st, p);
    if (!mv_sdir_pool_active(st, p->def->name) || mv_sdir_pool_check_idle(p) < 0)
        goto out;
    if (mv_sdir_pool_refresh(st, p) < 0) {
        sdir_pool_shutdown(st, p);   /* as libvirt: it cannot be refreshed */
        goto out;
    }
    mv_event_queue_storage_pool_refresh(st->events, p->def->name, p->def->uuid);
    ret = 0;
out:
    mv_sdir_unlock(st);
    return ret;
}
