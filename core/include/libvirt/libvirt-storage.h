/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt-storage.h —
 * storage pools and volumes.
 * Names, values and signatures match libvirt 9.0 so libvirt clients build
 * unchanged. */
#ifndef LIBVIRT_STORAGE_H
#define LIBVIRT_STORAGE_H

#ifndef __VIR_LIBVIRT_H_INCLUDES__
# error "Don't include this file directly, only use libvirt/libvirt.h"
#endif

typedef struct _virStoragePool virStoragePool;
typedef virStoragePool *virStoragePoolPtr;

/* Pool state, flags and info. */
typedef enum {
    VIR_STORAGE_POOL_INACTIVE     = 0,
    VIR_STORAGE_POOL_BUILDING     = 1,
    VIR_STORAGE_POOL_RUNNING      = 2,
    VIR_STORAGE_POOL_DEGRADED     = 3,
    VIR_STORAGE_POOL_INACCESSIBLE = 4,
#ifdef VIR_ENUM_SENTINELS
    VIR_STORAGE_POOL_STATE_LAST,
#endif
} virStoragePoolState;

typedef enum {
    VIR_STORAGE_POOL_BUILD_NEW          = 0,
    VIR_STORAGE_POOL_BUILD_REPAIR       = 1 << 0,
    VIR_STORAGE_POOL_BUILD_RESIZE       = 1 << 1,
    VIR_STORAGE_POOL_BUILD_NO_OVERWRITE = 1 << 2,
    VIR_STORAGE_POOL_BUILD_OVERWRITE    = 1 << 3,
} virStoragePoolBuildFlags;

typedef enum {
    VIR_STORAGE_POOL_DELETE_NORMAL = 0,
    VIR_STORAGE_POOL_DELETE_ZEROED = 1,
} virStoragePoolDeleteFlags;

typedef enum {
    VIR_STORAGE_POOL_CREATE_NORMAL                  = 0,
    VIR_STORAGE_POOL_CREATE_WITH_BUILD              = 1 << 0,
    VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE    = 1 << 1,
    VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE = 1 << 2,
} virStoragePoolCreateFlags;

typedef struct _virStoragePoolInfo virStoragePoolInfo;

/* Capacity summary of a pool (virStoragePoolGetInfo). */
struct _virStoragePoolInfo {
    int state;
    unsigned long long capacity;
    unsigned long long allocation;
    unsigned long long available;
};

typedef virStoragePoolInfo *virStoragePoolInfoPtr;
typedef struct _virStorageVol virStorageVol;
typedef virStorageVol *virStorageVolPtr;

/* Volume types, flags and info. */
typedef enum {
    VIR_STORAGE_VOL_FILE    = 0,
    VIR_STORAGE_VOL_BLOCK   = 1,
    VIR_STORAGE_VOL_DIR     = 2,
    VIR_STORAGE_VOL_NETWORK = 3,
    VIR_STORAGE_VOL_NETDIR  = 4,
    VIR_STORAGE_VOL_PLOOP   = 5,
#ifdef VIR_ENUM_SENTINELS
    VIR_STORAGE_VOL_LAST,
#endif
} virStorageVolType;

typedef enum {
    VIR_STORAGE_VOL_DELETE_NORMAL         = 0,
    VIR_STORAGE_VOL_DELETE_ZEROED         = 1 << 0,
    VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS = 1 << 1,
} virStorageVolDeleteFlags;

typedef enum {
    VIR_STORAGE_VOL_WIPE_ALG_ZERO       = 0,
    VIR_STORAGE_VOL_WIPE_ALG_NNSA       = 1,
    VIR_STORAGE_VOL_WIPE_ALG_DOD        = 2,
    VIR_STORAGE_VOL_WIPE_ALG_BSI        = 3,
    VIR_STORAGE_VOL_WIPE_ALG_GUTMANN    = 4,
    VIR_STORAGE_VOL_WIPE_ALG_SCHNEIER   = 5,
    VIR_STORAGE_VOL_WIPE_ALG_PFITZNER7  = 6,
    VIR_STORAGE_VOL_WIPE_ALG_PFITZNER33 = 7,
    VIR_STORAGE_VOL_WIPE_ALG_RANDOM     = 8,
    VIR_STORAGE_VOL_WIPE_ALG_TRIM       = 9,
#ifdef VIR_ENUM_SENTINELS
    VIR_STORAGE_VOL_WIPE_ALG_LAST,
#endif
} virStorageVolWipeAlgorithm;

typedef enum {
    VIR_STORAGE_VOL_USE_ALLOCATION = 0,
    VIR_STORAGE_VOL_GET_PHYSICAL   = 1,
} virStorageVolInfoFlags;

typedef struct _virStorageVolInfo virStorageVolInfo;

/* Size summary of a volume (virStorageVolGetInfo). */
struct _virStorageVolInfo {
    int type;
    unsigned long long capacity;
    unsigned long long allocation;
};

typedef virStorageVolInfo *virStorageVolInfoPtr;

typedef enum {
    VIR_STORAGE_XML_INACTIVE = 1,
} virStorageXMLFlags;

virConnectPtr virStoragePoolGetConnect(virStoragePoolPtr pool);
int virConnectNumOfStoragePools(virConnectPtr conn);
int virConnectListStoragePools(virConnectPtr conn, char **const names,
                               int maxnames);
int virConnectNumOfDefinedStoragePools(virConnectPtr conn);
int virConnectListDefinedStoragePools(virConnectPtr conn, char **const names,
                                      int maxnames);

typedef enum {
    VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE     = 1 << 0,
    VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE       = 1 << 1,
    VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT   = 1 << 2,
    VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT    = 1 << 3,
    VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART    = 1 << 4,
    VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART = 1 << 5,
    VIR_CONNECT_LIST_STORAGE_POOLS_DIR          = 1 << 6,
    VIR_CONNECT_LIST_STORAGE_POOLS_FS           = 1 << 7,
    VIR_CONNECT_LIST_STORAGE_POOLS_NETFS        = 1 << 8,
    VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL      = 1 << 9,
    VIR_CONNECT_LIST_STORAGE_POOLS_DISK         = 1 << 10,
    VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI        = 1 << 11,
    VIR_CONNECT_LIST_STORAGE_POOLS_SCSI         = 1 << 12,
    VIR_CONNECT_LIST_STORAGE_POOLS_MPATH        = 1 << 13,
    VIR_CONNECT_LIST_STORAGE_POOLS_RBD          = 1 << 14,
    VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG     = 1 << 15,
    VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER      = 1 << 16,
    VIR_CONNECT_LIST_STORAGE_POOLS_ZFS          = 1 << 17,
    VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE     = 1 << 18,
    VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT = 1 << 19,
} virConnectListAllStoragePoolsFlags;

int virConnectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                                  unsigned int flags);
char *virConnectFindStoragePoolSources(virConnectPtr conn, const char *type,
                                       const char *srcSpec, unsigned int flags);
virStoragePoolPtr virStoragePoolLookupByName(virConnectPtr conn,
        const char *name);
virStoragePoolPtr virStoragePoolLookupByUUID(virConnectPtr conn,
        const unsigned char *uuid);
virStoragePoolPtr virStoragePoolLookupByUUIDString(virConnectPtr conn,
        const char *uuid);
virStoragePoolPtr virStoragePoolLookupByVolume(virStorageVolPtr vol);
virStoragePoolPtr virStoragePoolLookupByTargetPath(virConnectPtr conn,
        const char *path);

typedef enum {
    VIR_STORAGE_POOL_DEFINE_VALIDATE = 1,
} virStoragePoolDefineFlags;

virStoragePoolPtr virStoragePoolCreateXML(virConnectPtr conn,
                                          const char *xmlDesc,
                                          unsigned int flags);
virStoragePoolPtr virStoragePoolDefineXML(virConnectPtr conn,
                                          const char *xmlDesc,
                                          unsigned int flags);
int virStoragePoolBuild(virStoragePoolPtr pool, unsigned int flags);
int virStoragePoolUndefine(virStoragePoolPtr pool);
int virStoragePoolCreate(virStoragePoolPtr pool, unsigned int flags);
int virStoragePoolDestroy(virStoragePoolPtr pool);
int virStoragePoolDelete(virStoragePoolPtr pool, unsigned int flags);
int virStoragePoolRef(virStoragePoolPtr pool);
int virStoragePoolFree(virStoragePoolPtr pool);
int virStoragePoolRefresh(virStoragePoolPtr pool, unsigned int flags);
const char*virStoragePoolGetName(virStoragePoolPtr pool);
int virStoragePoolGetUUID(virStoragePoolPtr pool, unsigned char *uuid);
int virStoragePoolGetUUIDString(virStoragePoolPtr pool, char *buf);
int virStoragePoolGetInfo(virStoragePoolPtr vol, virStoragePoolInfoPtr info);
char *virStoragePoolGetXMLDesc(virStoragePoolPtr pool, unsigned int flags);
int virStoragePoolGetAutostart(virStoragePoolPtr pool, int *autostart);
int virStoragePoolSetAutostart(virStoragePoolPtr pool, int autostart);
int virStoragePoolNumOfVolumes(virStoragePoolPtr pool);
int virStoragePoolListVolumes(virStoragePoolPtr pool, char **const names,
                              int maxnames);
int virStoragePoolListAllVolumes(virStoragePoolPtr pool,
                                 virStorageVolPtr **vols, unsigned int flags);
virConnectPtr virStorageVolGetConnect(virStorageVolPtr vol);
virStorageVolPtr virStorageVolLookupByName(virStoragePoolPtr pool,
                                           const char *name);
virStorageVolPtr virStorageVolLookupByKey(virConnectPtr conn, const char *key);
virStorageVolPtr virStorageVolLookupByPath(virConnectPtr conn,
                                           const char *path);
const char*virStorageVolGetName(virStorageVolPtr vol);
const char*virStorageVolGetKey(virStorageVolPtr vol);

typedef enum {
    VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA = 1 << 0,
    VIR_STORAGE_VOL_CREATE_REFLINK           = 1 << 1,
    VIR_STORAGE_VOL_CREATE_VALIDATE          = 1 << 2,
} virStorageVolCreateFlags;

virStorageVolPtr virStorageVolCreateXML(virStoragePoolPtr pool,
                                        const char *xmldesc,
                                        unsigned int flags);
virStorageVolPtr virStorageVolCreateXMLFrom(virStoragePoolPtr pool,
                                            const char *xmldesc,
                                            virStorageVolPtr clonevol,
                                            unsigned int flags);

typedef enum {
    VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM = 1,
} virStorageVolDownloadFlags;

int virStorageVolDownload(virStorageVolPtr vol, virStreamPtr stream,
                          unsigned long long offset, unsigned long long length,
                          unsigned int flags);

typedef enum {
    VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM = 1,
} virStorageVolUploadFlags;

int virStorageVolUpload(virStorageVolPtr vol, virStreamPtr stream,
                        unsigned long long offset, unsigned long long length,
                        unsigned int flags);

int virStorageVolDelete(virStorageVolPtr vol, unsigned int flags);
int virStorageVolWipe(virStorageVolPtr vol, unsigned int flags);
int virStorageVolWipePattern(virStorageVolPtr vol, unsigned int algorithm,
                             unsigned int flags);
int virStorageVolRef(virStorageVolPtr vol);
int virStorageVolFree(virStorageVolPtr vol);
int virStorageVolGetInfo(virStorageVolPtr vol, virStorageVolInfoPtr info);
int virStorageVolGetInfoFlags(virStorageVolPtr vol, virStorageVolInfoPtr info,
                              unsigned int flags);
char *virStorageVolGetXMLDesc(virStorageVolPtr pool, unsigned int flags);
char *virStorageVolGetPath(virStorageVolPtr vol);

typedef enum {
    VIR_STORAGE_VOL_RESIZE_ALLOCATE = 1 << 0,
    VIR_STORAGE_VOL_RESIZE_DELTA    = 1 << 1,
    VIR_STORAGE_VOL_RESIZE_SHRINK   = 1 << 2,
} virStorageVolResizeFlags;

int virStorageVolResize(virStorageVolPtr vol, unsigned long long capacity,
                        unsigned int flags);
int virStoragePoolIsActive(virStoragePoolPtr pool);
int virStoragePoolIsPersistent(virStoragePoolPtr pool);

#define VIR_STORAGE_POOL_EVENT_CALLBACK(cb) ((virConnectStoragePoolEventGenericCallback)(void (*)(void))(cb))

/* Storage pool events. */
typedef enum {
    VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE = 0,
    VIR_STORAGE_POOL_EVENT_ID_REFRESH   = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_STORAGE_POOL_EVENT_ID_LAST,
#endif
} virStoragePoolEventID;

typedef void (*virConnectStoragePoolEventGenericCallback)(virConnectPtr conn,
        virStoragePoolPtr pool, void *opaque);

typedef enum {
    VIR_STORAGE_POOL_EVENT_DEFINED   = 0,
    VIR_STORAGE_POOL_EVENT_UNDEFINED = 1,
    VIR_STORAGE_POOL_EVENT_STARTED   = 2,
    VIR_STORAGE_POOL_EVENT_STOPPED   = 3,
    VIR_STORAGE_POOL_EVENT_CREATED   = 4,
    VIR_STORAGE_POOL_EVENT_DELETED   = 5,
#ifdef VIR_ENUM_SENTINELS
    VIR_STORAGE_POOL_EVENT_LAST,
#endif
} virStoragePoolEventLifecycleType;

typedef void (*virConnectStoragePoolEventLifecycleCallback)(virConnectPtr conn,
        virStoragePoolPtr pool, int event, int detail, void *opaque);

/* Storage pool events. */
int virConnectStoragePoolEventRegisterAny(virConnectPtr conn,
                                          virStoragePoolPtr pool, int eventID,
                                          virConnectStoragePoolEventGenericCallback cb,
                                          void *opaque, virFreeCallback freecb);
int virConnectStoragePoolEventDeregisterAny(virConnectPtr conn, int callbackID);

#endif /* LIBVIRT_STORAGE_H */
