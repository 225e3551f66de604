/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/storage.c — the virStoragePool* and virStorageVol* entry points
 * and the pool listing calls on a connection: libvirt's argument and
 * read-only checks, then the connection's storage driver. */
#include "core/api/api-internal.h"

#include <string.h>

#define MV_FROM_THIS VIR_FROM_STORAGE

/* The pool handle */

virConnectPtr virStoragePoolGetConnect(virStoragePoolPtr pool)
{
    MV_API_POOL(pool, NULL);
    return conn_;
}

int virStoragePoolRef(virStoragePoolPtr pool)
{
    MV_API_POOL(pool, -1);
    return mv_api_object_ref(pool);
}

int virStoragePoolFree(virStoragePoolPtr pool)
{
    MV_API_POOL(pool, -1);
    return mv_api_object_unref(pool);
}

const char *virStoragePoolGetName(virStoragePoolPtr pool)
{
    MV_API_POOL(pool, NULL);
    return pool->name;
}

int virStoragePoolGetUUID(virStoragePoolPtr pool, unsigned char *uuid)
{
    MV_API_POOL(pool, -1);
    MV_API_NONNULL(uuid, -1);
    return mv_api_uuid_get(pool->uuid, uuid);
}

int virStoragePoolGetUUIDString(virStoragePoolPtr pool, char *buf)
{
    MV_API_POOL(pool, -1);
    MV_API_NONNULL(buf, -1);
    return mv_api_uuid_string_get(pool->uuid, buf);
}

/* The volume handle */

virConnectPtr virStorageVolGetConnect(virStorageVolPtr vol)
{
    MV_API_VOL(vol, NULL);
    return conn_;
}

int virStorageVolRef(virStorageVolPtr vol)
{
    MV_API_VOL(vol, -1);
    return mv_api_object_ref(vol);
}

int virStorageVolFree(virStorageVolPtr vol)
{
    MV_API_VOL(vol, -1);
    return mv_api_object_unref(vol);
}

const char *virStorageVolGetName(virStorageVolPtr vol)
{
    MV_API_VOL(vol, NULL);
    return vol->name;
}

const char *virStorageVolGetKey(virStorageVolPtr vol)
{
    MV_API_VOL(vol, NULL);
    return vol->key;
}

/* Listing: the NumOf and List calls use the driver's own slot when it has
 * one, otherwise its ListAll slot. */

int virConnectNumOfStoragePools(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->storage->connectNumOfStoragePools || !conn->storage->connectListAllStoragePools)
        MV_API_DISPATCH_INT(storage, connectNumOfStoragePools, (conn));
    virStoragePoolPtr *list = NULL;
    int n = conn->storage->connectListAllStoragePools(conn, &list,
                                                      VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectListStoragePools(virConnectPtr conn, char **const names, int maxnames)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn->storage->connectListStoragePools || !conn->storage->connectListAllStoragePools)
        MV_API_DISPATCH_INT(storage, connectListStoragePools, (conn, names, maxnames));
    virStoragePoolPtr *list = NULL;
    int n = conn->storage->connectListAllStoragePools(conn, &list,
                                                      VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    return mv_api_list_names(conn, (void **)list, n, names, maxnames);
}

int virConnectNumOfDefinedStoragePools(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->storage->connectNumOfDefinedStoragePools ||
        !conn->storage->connectListAllStoragePools)
        MV_API_DISPATCH_INT(storage, connectNumOfDefinedStoragePools, (conn));
    virStoragePoolPtr *list = NULL;
    int n = conn->storage->connectListAllStoragePools(conn, &list,
                                                      VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectListDefinedStoragePools(virConnectPtr conn, char **const names, int maxnames)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn->storage->connectListDefinedStoragePools ||
        !conn->storage->connectListAllStoragePools)
        MV_API_DISPATCH_INT(storage, connectListDefinedStoragePools, (conn, names, maxnames));
    virStoragePoolPtr *list = NULL;
    int n = conn->storage->connectListAllStoragePools(conn, &list,
                                                      VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, names, maxnames);
}

int virStoragePoolNumOfVolumes(virStoragePoolPtr pool)
{
    MV_API_POOL(pool, -1);
    if (conn_->storage->storagePoolNumOfVolumes || !conn_->storage->storagePoolListAllVolumes)
        MV_API_DISPATCH_INT(storage, storagePoolNumOfVolumes, (pool));
    virStorageVolPtr *list = NULL;
    int n = conn_->storage->storagePoolListAllVolumes(pool, &list, 0);
    return mv_api_list_names(conn_, (void **)list, n, NULL, G_MAXINT);
}

int virStoragePoolListVolumes(virStoragePoolPtr pool, char **const names, int maxnames)
{
    MV_API_POOL(pool, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn_->storage->storagePoolListVolumes || !conn_->storage->storagePoolListAllVolumes)
        MV_API_DISPATCH_INT(storage, storagePoolListVolumes, (pool, names, maxnames));
    virStorageVolPtr *list = NULL;
    int n = conn_->storage->storagePoolListAllVolumes(pool, &list, 0);
    return mv_api_list_names(conn_, (void **)list, n, names, maxnames);
}

int virConnectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                                  unsigned int flags)
{
    if (pools)
        *pools = NULL;
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, storage, connectListAllStoragePools,
                    (conn, pools, flags));
}

int virStoragePoolListAllVolumes(virStoragePoolPtr pool, virStorageVolPtr **vols,
                                 unsigned int flags)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RO, storage, storagePoolListAllVolumes,
                    (pool, vols, flags));
}

char *virConnectFindStoragePoolSources(virConnectPtr conn, const char *type,
                                       const char *srcSpec, unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, type, storage, connectFindStoragePoolSources,
                        (conn, type, srcSpec, flags));
}

/* Pool lookups */

virStoragePoolPtr virStoragePoolLookupByName(virConnectPtr conn, const char *name)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, name, storage, storagePoolLookupByName,
                        (conn, name));
}

virStoragePoolPtr virStoragePoolLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, uuid, storage, storagePoolLookupByUUID,
                        (conn, uuid));
}

virStoragePoolPtr virStoragePoolLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    MV_API_CONN(conn, NULL);
    MV_API_NONNULL(uuidstr, NULL);
    if (!mv_api_uuid_parse(conn, MV_FROM_THIS, __func__, uuidstr, uuid, NULL))
        return NULL;
    return virStoragePoolLookupByUUID(conn, uuid);
}

virStoragePoolPtr virStoragePoolLookupByVolume(virStorageVolPtr vol)
{
    MV_API_CALL_PTR(MV_API_VOL, vol, MV_RO, storage, storagePoolLookupByVolume, (vol));
}

virStoragePoolPtr virStoragePoolLookupByTargetPath(virConnectPtr conn, const char *path)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, path, storage, storagePoolLookupByTargetPath,
                        (conn, path));
}

/* Pool life cycle */

virStoragePoolPtr virStoragePoolCreateXML(virConnectPtr conn, const char *xmlDesc,
                                          unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xmlDesc, storage, storagePoolCreateXML,
                        (conn, xmlDesc, flags));
}

virStoragePoolPtr virStoragePoolDefineXML(virConnectPtr conn, const char *xml,
                                          unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xml, storage, storagePoolDefineXML,
                        (conn, xml, flags));
}

int virStoragePoolBuild(virStoragePoolPtr pool, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RW, storage, storagePoolBuild, (pool, flags));
}

int virStoragePoolUndefine(virStoragePoolPtr pool)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RW, storage, storagePoolUndefine, (pool));
}

int virStoragePoolCreate(virStoragePoolPtr pool, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RW, storage, storagePoolCreate, (pool, flags));
}

int virStoragePoolDestroy(virStoragePoolPtr pool)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RW, storage, storagePoolDestroy, (pool));
}

int virStoragePoolDelete(virStoragePoolPtr pool, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RW, storage, storagePoolDelete, (pool, flags));
}

int virStoragePoolRefresh(virStoragePoolPtr pool, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RW, storage, storagePoolRefresh, (pool, flags));
}

/* Pool properties */

int virStoragePoolGetInfo(virStoragePoolPtr pool, virStoragePoolInfoPtr info)
{
    if (info)
        memset(info, 0, sizeof(*info));
    MV_API_CALL_INT_ARG(MV_API_POOL, pool, MV_RO, info, storage, storagePoolGetInfo,
                        (pool, info));
}

char *virStoragePoolGetXMLDesc(virStoragePoolPtr pool, unsigned int flags)
{
    MV_API_CALL_PTR(MV_API_POOL, pool, MV_RO, storage, storagePoolGetXMLDesc, (pool, flags));
}

int virStoragePoolGetAutostart(virStoragePoolPtr pool, int *autostart)
{
    MV_API_CALL_INT_ARG(MV_API_POOL, pool, MV_RO, autostart, storage, storagePoolGetAutostart,
                        (pool, autostart));
}

int virStoragePoolSetAutostart(virStoragePoolPtr pool, int autostart)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RW, storage, storagePoolSetAutostart,
                    (pool, autostart));
}

int virStoragePoolIsActive(virStoragePoolPtr pool)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RO, storage, storagePoolIsActive, (pool));
}

int virStoragePoolIsPersistent(virStoragePoolPtr pool)
{
    MV_API_CALL_INT(MV_API_POOL, pool, MV_RO, storage, storagePoolIsPersistent, (pool));
}

/* Volume lookups */

virStorageVolPtr virStorageVolLookupByName(virStoragePoolPtr pool, const char *name)
{
    MV_API_CALL_PTR_ARG(MV_API_POOL, pool, MV_RO, name, storage, storageVolLookupByName,
                        (pool, name));
}

virStorageVolPtr virStorageVolLookupByKey(virConnectPtr conn, const char *key)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, key, storage, storageVolLookupByKey,
                        (conn, key));
}

virStorageVolPtr virStorageVolLookupByPath(virConnectPtr conn, const char *path)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, path, storage, storageVolLookupByPath,
                        (conn, path));
}

/* Volume life cycle */

virStorageVolPtr virStorageVolCreateXML(virStoragePoolPtr pool, const char *xmlDesc,
                                        unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_POOL, pool, MV_RW, xmlDesc, storage, storageVolCreateXML,
                        (pool, xmlDesc, flags));
}

virStorageVolPtr virStorageVolCreateXMLFrom(virStoragePoolPtr pool, const char *xmlDesc,
                                            virStorageVolPtr clonevol, unsigned int flags)
{
    MV_API_POOL(pool, NULL);
    if (!mv_vol_ok(clonevol)) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_STORAGE_VOL, "%s", __func__);
        mv_error_dispatch(conn_);
        return NULL;
    }
    MV_API_NONNULL(xmlDesc, NULL);
    /* The clone source may sit on another, read-only, connection. */
    if (mv_api_denied(clonevol->conn, MV_FROM_THIS, __func__))
        return NULL;
    MV_API_WRITABLE(NULL);
    MV_API_DISPATCH(storage, storageVolCreateXMLFrom, (pool, xmlDesc, clonevol, flags), NULL);
}

int virStorageVolDelete(virStorageVolPtr vol, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_VOL, vol, MV_RW, storage, storageVolDelete, (vol, flags));
}

int virStorageVolWipe(virStorageVolPtr vol, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_VOL, vol, MV_RW, storage, storageVolWipePattern,
                    (vol, VIR_STORAGE_VOL_WIPE_ALG_ZERO, flags));
}

int virStorageVolWipePattern(virStorageVolPtr vol, unsigned int algorithm, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_VOL, vol, MV_RW, storage, storageVolWipePattern,
                    (vol, algorithm, flags));
}

int virStorageVolResize(virStorageVolPtr vol, unsigned long long capacity, unsigned int flags)
{
    MV_API_VOL(vol, -1);
    MV_API_WRITABLE(-1);
    /* Only a relative or shrinking resize may name a zero capacity. */
    if (capacity == 0 &&
        !(flags & (VIR_STORAGE_VOL_RESIZE_DELTA | VIR_STORAGE_VOL_RESIZE_SHRINK))) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__,
                       "capacity in %s cannot be zero without 'delta' or 'shrink' flags set",
                       __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(storage, storageVolResize, (vol, capacity, flags));
}

/* Volume properties */

int virStorageVolGetInfo(virStorageVolPtr vol, virStorageVolInfoPtr info)
{
    if (info)
        memset(info, 0, sizeof(*info));
    MV_API_CALL_INT_ARG(MV_API_VOL, vol, MV_RO, info, storage, storageVolGetInfoFlags,
                        (vol, info, 0));
}

int virStorageVolGetInfoFlags(virStorageVolPtr vol, virStorageVolInfoPtr info,
                              unsigned int flags)
{
    if (info)
        memset(info, 0, sizeof(*info));
    MV_API_CALL_INT_ARG(MV_API_VOL, vol, MV_RO, info, storage, storageVolGetInfoFlags,
                        (vol, info, flags));
}

char *virStorageVolGetXMLDesc(virStorageVolPtr vol, unsigned int flags)
{
    MV_API_CALL_PTR(MV_API_VOL, vol, MV_RO, storage, storageVolGetXMLDesc, (vol, flags));
}

char *virStorageVolGetPath(virStorageVolPtr vol)
{
    MV_API_CALL_PTR(MV_API_VOL, vol, MV_RO, storage, storageVolGetPath, (vol));
}

/* Streams: the driver's slot attaches its operations to STREAM (streams.h).
 * libvirt refuses both directions on a read-only connection.
 *
 * These two call the slot by its name in the storage driver table,
 * mv_storage_driver in plugin-api/modvirt-plugin/drivers.h: conn->storage
 * is the core's copy of the table the plugin registered, so the function
 * behind storageVolUpload is the one the plugin's table names (for
 * storage-dir, in plugins/storage-dir/sdir-plugin.c). */

static bool vol_stream_ok(virConnectPtr conn, virStorageVolPtr vol, virStreamPtr stream,
                          const char *func)
{
    if (!mv_stream_ok(stream)) {
        mv_api_invalid_handle(VIR_FROM_STREAMS, VIR_ERR_INVALID_STREAM, func);
        return false;
    }
    if (mv_api_denied(conn, MV_FROM_THIS, func))
        return false;
    if (stream->conn != conn) {
        mv_api_bad_arg(conn, MV_FROM_THIS, func,
                       "stream in %s must match connection of volume '%s'", func, vol->name);
        return false;
    }
    return true;
}

int virStorageVolUpload(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                        unsigned long long length, unsigned int flags)
{
    MV_API_VOL(vol, -1);
    if (!vol_stream_ok(conn_, vol, stream, __func__))
        return -1;
    const mv_storage_driver *storage = conn_->storage;
    if (!storage->storageVolUpload) {
        mv_api_unsupported(conn_, MV_FROM_THIS, __func__);
        return -1;
    }
    return mv_api_result_int(conn_,
                             storage->storageVolUpload(vol, stream, offset, length, flags));
}

int virStorageVolDownload(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                          unsigned long long length, unsigned int flags)
{
    MV_API_VOL(vol, -1);
    if (!vol_stream_ok(conn_, vol, stream, __func__))
        return -1;
    const mv_storage_driver *storage = conn_->storage;
    if (!storage->storageVolDownload) {
        mv_api_unsupported(conn_, MV_FROM_THIS, __func__);
        return -1;
    }
    return mv_api_result_int(conn_,
                             storage->storageVolDownload(vol, stream, offset, length, flags));
}
