/* core/api/storage.c — the virStoragePool* and virStorageVol* entry points
 * and the pool listing calls on a connection: libvirt's argument and
 * read-only checks, then the connection's storage driver. */
#include "core/object/handles.h"

#define MV_FROM_THIS VIR_FROM_STORAGE

MV_API_DEFINE_REFCOUNT(virStoragePool, virStoragePoolPtr, MV_API_POOL)
MV_API_DEFINE_STRING_GETTER(virStoragePoolGetName, virStoragePoolPtr, MV_API_POOL, name)
MV_API_DEFINE_UUID_GETTERS(virStoragePool, virStoragePoolPtr, MV_API_POOL)
MV_API_DEFINE_LOOKUP_UUID_STRING(virStoragePool, virStoragePoolPtr,
                                 "uuidstr in %s must be a valid UUID", __func__)

MV_API_DEFINE_REFCOUNT(virStorageVol, virStorageVolPtr, MV_API_VOL)
MV_API_DEFINE_STRING_GETTER(virStorageVolGetName, virStorageVolPtr, MV_API_VOL, name)
MV_API_DEFINE_STRING_GETTER(virStorageVolGetKey, virStorageVolPtr, MV_API_VOL, key)

/* Listing */

MV_API_DEFINE_NUM_OF(virConnectNumOfStoragePools, virConnectPtr, MV_API_CONN, storage,
                     connectNumOfStoragePools, connectListAllStoragePools, virStoragePoolPtr,
                     VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE)
MV_API_DEFINE_LIST_NAMES(virConnectListStoragePools, virConnectPtr, MV_API_CONN, storage,
                         connectListStoragePools, connectListAllStoragePools, virStoragePoolPtr,
                         VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE)
MV_API_DEFINE_NUM_OF(virConnectNumOfDefinedStoragePools, virConnectPtr, MV_API_CONN, storage,
                     connectNumOfDefinedStoragePools, connectListAllStoragePools,
                     virStoragePoolPtr, VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE)
MV_API_DEFINE_LIST_NAMES(virConnectListDefinedStoragePools, virConnectPtr, MV_API_CONN, storage,
                         connectListDefinedStoragePools, connectListAllStoragePools,
                         virStoragePoolPtr, VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE)
MV_API_DEFINE_NUM_OF(virStoragePoolNumOfVolumes, virStoragePoolPtr, MV_API_POOL, storage,
                     storagePoolNumOfVolumes, storagePoolListAllVolumes, virStorageVolPtr, 0)
MV_API_DEFINE_LIST_NAMES(virStoragePoolListVolumes, virStoragePoolPtr, MV_API_POOL, storage,
                         storagePoolListVolumes, storagePoolListAllVolumes, virStorageVolPtr, 0)

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
 * libvirt refuses both directions on a read-only connection. */

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
    MV_API_DISPATCH_INT(storage, storageVolUpload, (vol, stream, offset, length, flags));
}

int virStorageVolDownload(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                          unsigned long long length, unsigned int flags)
{
    MV_API_VOL(vol, -1);
    if (!vol_stream_ok(conn_, vol, stream, __func__))
        return -1;
    MV_API_DISPATCH_INT(storage, storageVolDownload, (vol, stream, offset, length, flags));
}
