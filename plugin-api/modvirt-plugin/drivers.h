/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/drivers.h — the driver tables a plugin registers.
 *
 * Every table starts with `size`, which the plugin sets to sizeof the table
 * it was compiled with. The core copies the table into a zero-filled table of
 * its own size, so a slot the plugin does not know is NULL and the public
 * call reports VIR_ERR_NO_SUPPORT. Slots are only appended; within ABI major
 * 1 none is removed or reordered.
 *
 * Slots take and return public libvirt types. Strings and arrays a slot
 * returns are owned by the caller and must be allocated with malloc (glib's
 * g_malloc is malloc-compatible); handles are created with the constructors
 * in objects.h. A slot that fails reports an error (error.h) and returns -1,
 * NULL, or 0 where libvirt's call returns 0 for failure.
 *
 * Where a public call has a variant with flags, the table has only the
 * variant: virDomainDestroy(d) calls domainDestroyFlags(d, 0). The listing
 * calls (NumOf*, List*) fall back to connectListAll* when their own slot is
 * NULL, so a driver needs only ListAll.
 */
#ifndef MODVIRT_PLUGIN_DRIVERS_H
#define MODVIRT_PLUGIN_DRIVERS_H

#include <libvirt/libvirt.h>
#include "abi.h"
#include "uri.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MV_OPEN_SUCCESS = 0,
    MV_OPEN_ERROR = -1,     /* an error was reported: the open fails */
    MV_OPEN_DECLINED = -2,  /* not for this driver: the core tries the next */
} mv_open_status;

typedef struct mv_hypervisor_driver {
    size_t size;
    /* Returns a malloc'd URI this driver would serve when the application
     * gave none, or NULL (no error) when the driver cannot be the default. */
    char *(*connectURIProbe)(void);
    mv_open_status (*connectOpen)(virConnectPtr conn, const mv_uri *uri,
                                  virConnectAuthPtr auth, unsigned int flags);
    int (*connectClose)(virConnectPtr conn);
    int (*connectGetVersion)(virConnectPtr conn, unsigned long *hvVer);
    char *(*connectGetHostname)(virConnectPtr conn);
    char *(*connectGetCapabilities)(virConnectPtr conn);
    char *(*connectGetDomainCapabilities)(virConnectPtr conn, const char *emulatorbin,
                                          const char *arch, const char *machine,
                                          const char *virttype, unsigned int flags);
    int (*connectGetMaxVcpus)(virConnectPtr conn, const char *type);
    int (*connectIsAlive)(virConnectPtr conn);
    int (*connectIsSecure)(virConnectPtr conn);
    int (*connectIsEncrypted)(virConnectPtr conn);
    int (*nodeGetInfo)(virConnectPtr conn, virNodeInfoPtr info);
    unsigned long long (*nodeGetFreeMemory)(virConnectPtr conn);
    int (*nodeGetCellsFreeMemory)(virConnectPtr conn, unsigned long long *freeMems,
                                  int startCell, int maxCells);

    int (*connectNumOfDomains)(virConnectPtr conn);
    int (*connectListDomains)(virConnectPtr conn, int *ids, int maxids);
    int (*connectNumOfDefinedDomains)(virConnectPtr conn);
    int (*connectListDefinedDomains)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectListAllDomains)(virConnectPtr conn, virDomainPtr **domains,
                                 unsigned int flags);
    virDomainPtr (*domainLookupByID)(virConnectPtr conn, int id);
    virDomainPtr (*domainLookupByUUID)(virConnectPtr conn, const unsigned char *uuid);
    virDomainPtr (*domainLookupByName)(virConnectPtr conn, const char *name);

    virDomainPtr (*domainCreateXML)(virConnectPtr conn, const char *xml, unsigned int flags);
    virDomainPtr (*domainDefineXMLFlags)(virConnectPtr conn, const char *xml, unsigned int flags);
    int (*domainUndefineFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainCreateWithFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainDestroyFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainShutdownFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainReboot)(virDomainPtr dom, unsigned int flags);
    int (*domainSuspend)(virDomainPtr dom);
    int (*domainResume)(virDomainPtr dom);
    int (*domainSaveFlags)(virDomainPtr dom, const char *to, const char *dxml,
                           unsigned int flags);
    int (*domainRestoreFlags)(virConnectPtr conn, const char *from, const char *dxml,
                              unsigned int flags);

    int (*domainGetInfo)(virDomainPtr dom, virDomainInfoPtr info);
    int (*domainGetState)(virDomainPtr dom, int *state, int *reason, unsigned int flags);
    char *(*domainGetOSType)(virDomainPtr dom);
    unsigned long long (*domainGetMaxMemory)(virDomainPtr dom);
    /* virDomainSetMaxMemory arrives with VIR_DOMAIN_MEM_MAXIMUM,
     * virDomainSetMemory with VIR_DOMAIN_AFFECT_LIVE. */
    int (*domainSetMemoryFlags)(virDomainPtr dom, unsigned long memory, unsigned int flags);
    /* virDomainSetVcpus arrives with VIR_DOMAIN_AFFECT_LIVE. */
    int (*domainSetVcpusFlags)(virDomainPtr dom, unsigned int nvcpus, unsigned int flags);
    int (*domainGetVcpusFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainGetMaxVcpus)(virDomainPtr dom);
    char *(*domainGetXMLDesc)(virDomainPtr dom, unsigned int flags);
    int (*domainGetAutostart)(virDomainPtr dom, int *autostart);
    int (*domainSetAutostart)(virDomainPtr dom, int autostart);
    int (*domainIsActive)(virDomainPtr dom);
    int (*domainIsPersistent)(virDomainPtr dom);
    int (*domainIsUpdated)(virDomainPtr dom);
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_1
    /* Appended in plugin ABI 1.1. DEV_NAME may be NULL (the first console
     * or serial port); serve ST with mv_stream_attach_fd. */
    int (*domainOpenConsole)(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                             unsigned int flags);
#endif
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_2
    /* Appended in plugin ABI 1.2. For drivers reaching another process:
     * 0, or 1 when the peer does not speak keepalive. */
    int (*connectSetKeepAlive)(virConnectPtr conn, int interval, unsigned int count);
    /* Appended in plugin ABI 1.2: the guest's reset button and NMI, and
     * what the guest says of itself (its host name, its clock). */
    int (*domainReset)(virDomainPtr dom, unsigned int flags);
    int (*domainInjectNMI)(virDomainPtr dom, unsigned int flags);
    char *(*domainGetHostname)(virDomainPtr dom, unsigned int flags);
    int (*domainGetTime)(virDomainPtr dom, long long *seconds, unsigned int *nseconds,
                         unsigned int flags);
    int (*domainSetTime)(virDomainPtr dom, long long seconds, unsigned int nseconds,
                         unsigned int flags);
    /* Appended in plugin ABI 1.2: the scheduler. virDomainGetSchedulerType
     * sets *NPARAMS to the number of parameters; the reads fill at most
     * *NPARAMS of PARAMS and set how many they filled. The calls without
     * flags arrive with FLAGS 0; the Flags reads with
     * VIR_TYPED_PARAM_STRING_OKAY added. */
    char *(*domainGetSchedulerType)(virDomainPtr dom, int *nparams);
    int (*domainGetSchedulerParametersFlags)(virDomainPtr dom, virTypedParameterPtr params,
                                             int *nparams, unsigned int flags);
    int (*domainSetSchedulerParametersFlags)(virDomainPtr dom, virTypedParameterPtr params,
                                             int nparams, unsigned int flags);
    /* Appended in plugin ABI 1.2: the title, description and <metadata>
     * elements (mv_domain_obj_get_metadata / _set_metadata serve them). */
    int (*domainSetMetadata)(virDomainPtr dom, int type, const char *metadata, const char *key,
                             const char *uri, unsigned int flags);
    char *(*domainGetMetadata)(virDomainPtr dom, int type, const char *uri, unsigned int flags);
    /* Appended in plugin ABI 1.2: the disks in error. ERRORS NULL (and
     * MAXERRORS 0): how many; else at most MAXERRORS filled (each disk
     * malloc'd, the caller frees it), their number returned. */
    int (*domainGetDiskErrors)(virDomainPtr dom, virDomainDiskErrorPtr errors,
                               unsigned int maxerrors, unsigned int flags);
    /* Appended in plugin ABI 1.2: an image of the display SCREEN, served on
     * ST (mv_stream_attach_fd on a file works); returns its MIME type,
     * malloc'd. */
    char *(*domainScreenshot)(virDomainPtr dom, virStreamPtr st, unsigned int screen,
                              unsigned int flags);
    /* Appended in plugin ABI 1.2: jobs, managed save and core dumps.
     * domainGetJobStats allocates *PARAMS (the caller frees them with
     * virTypedParamsFree); with VIR_DOMAIN_JOB_STATS_COMPLETED it describes
     * the last completed job, which KEEP_COMPLETED keeps for later reads.
     * The paths given to domainCoreDump* are absolute. */
    int (*domainGetJobInfo)(virDomainPtr dom, virDomainJobInfoPtr info);
    int (*domainGetJobStats)(virDomainPtr dom, int *type, virTypedParameterPtr *params,
                             int *nparams, unsigned int flags);
    int (*domainAbortJob)(virDomainPtr dom);
    int (*domainAbortJobFlags)(virDomainPtr dom, unsigned int flags);
    int (*domainManagedSave)(virDomainPtr dom, unsigned int flags);
    int (*domainHasManagedSaveImage)(virDomainPtr dom, unsigned int flags);
    int (*domainManagedSaveRemove)(virDomainPtr dom, unsigned int flags);
    char *(*domainManagedSaveGetXMLDesc)(virDomainPtr dom, unsigned int flags);
    int (*domainManagedSaveDefineXML)(virDomainPtr dom, const char *dxml, unsigned int flags);
    int (*domainCoreDump)(virDomainPtr dom, const char *to, unsigned int flags);
    int (*domainCoreDumpWithFormat)(virDomainPtr dom, const char *to, unsigned int dumpformat,
                                    unsigned int flags);
    /* Appended in plugin ABI 1.2: statistics. domainMemoryStats gets
     * NR_STATS between 1 and VIR_DOMAIN_MEMORY_STAT_NR and returns how many
     * it filled; domainBlockStats gets every field -1 (libvirt's "not
     * counted") and sets those it counts, domainInterfaceStats fills the
     * whole struct (the core copies what the caller has room for); PATH is a
     * disk's target or source, DEVICE an interface's name or MAC. The typed
     * parameter reads set *NPARAMS to how many there are when it is 0, and
     * otherwise fill at most *NPARAMS and set how many they filled; they
     * arrive with VIR_TYPED_PARAM_STRING_OKAY added. domainGetBlockIoTune
     * may get a NULL DISK when *NPARAMS is 0. connectGetAllDomainStats
     * serves both bulk calls: DOMS is NULL (NDOMS 0) for every domain of
     * the connection, or the caller's domains; it returns a NULL-terminated
     * g_malloc'd array of g_malloc'd records (each with a new domain
     * handle and g_malloc'd parameters) and their count. */
    int (*domainMemoryStats)(virDomainPtr dom, virDomainMemoryStatPtr stats,
                             unsigned int nr_stats, unsigned int flags);
    int (*domainSetMemoryStatsPeriod)(virDomainPtr dom, int period, unsigned int flags);
    int (*domainBlockStats)(virDomainPtr dom, const char *path, virDomainBlockStatsPtr stats);
    int (*domainBlockStatsFlags)(virDomainPtr dom, const char *path,
                                 virTypedParameterPtr params, int *nparams, unsigned int flags);
    int (*domainInterfaceStats)(virDomainPtr dom, const char *device,
                                virDomainInterfaceStatsPtr stats);
    int (*domainGetBlockInfo)(virDomainPtr dom, const char *path, virDomainBlockInfoPtr info,
                              unsigned int flags);
    int (*domainSetBlockIoTune)(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                                int nparams, unsigned int flags);
    int (*domainGetBlockIoTune)(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                                int *nparams, unsigned int flags);
    int (*connectGetAllDomainStats)(virConnectPtr conn, virDomainPtr *doms, unsigned int ndoms,
                                    unsigned int stats, virDomainStatsRecordPtr **retStats,
                                    unsigned int flags);
    /* Appended in plugin ABI 1.2: virtual CPUs and pinning, the domain's
     * CPU time per host CPU, the host's CPU and memory counters and CPUs.
     * The core has checked the arguments as libvirt does (maps given and
     * MAPLEN above zero, a single one of VIR_DOMAIN_AFFECT_LIVE and
     * _CONFIG); virDomainPinVcpu arrives as domainPinVcpuFlags with FLAGS
     * 0; domainGetCPUStats with VIR_TYPED_PARAM_STRING_OKAY added. */
    int (*domainGetVcpus)(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                          unsigned char *cpumaps, int maplen);
    int (*domainPinVcpuFlags)(virDomainPtr dom, unsigned int vcpu, unsigned char *cpumap,
                              int maplen, unsigned int flags);
    int (*domainGetVcpuPinInfo)(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                int maplen, unsigned int flags);
    int (*domainPinEmulator)(virDomainPtr dom, unsigned char *cpumap, int maplen,
                             unsigned int flags);
    int (*domainGetEmulatorPinInfo)(virDomainPtr dom, unsigned char *cpumaps, int maplen,
                                    unsigned int flags);
    int (*domainGetCPUStats)(virDomainPtr dom, virTypedParameterPtr params,
                             unsigned int nparams, int start_cpu, unsigned int ncpus,
                             unsigned int flags);
    int (*nodeGetCPUStats)(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params,
                           int *nparams, unsigned int flags);
    int (*nodeGetMemoryStats)(virConnectPtr conn, int cellNum, virNodeMemoryStatsPtr params,
                              int *nparams, unsigned int flags);
    int (*nodeGetCPUMap)(virConnectPtr conn, unsigned char **cpumap, unsigned int *online,
                         unsigned int flags);
    /* Appended in plugin ABI 1.2: the QEMU guest agent. CMD is a JSON
     * command for the agent; TIMEOUT in seconds or one of
     * virDomainQemuAgentCommandTimeoutValues. The reply as JSON text. */
    char *(*domainQemuAgentCommand)(virDomainPtr dom, const char *cmd, int timeout,
                                    unsigned int flags);
    /* Appended in plugin ABI 1.2: a guest user's password, through the
     * guest agent. */
    int (*domainSetUserPassword)(virDomainPtr dom, const char *user, const char *password,
                                 unsigned int flags);
    /* Appended in plugin ABI 1.2: the guest's filesystems frozen and
     * thawed through its agent; the number frozen or thawed. */
    int (*domainFSFreeze)(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                          unsigned int flags);
    int (*domainFSThaw)(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                        unsigned int flags);
    /* Appended in plugin ABI 1.2: the guest's interfaces and addresses from
     * a virDomainInterfaceAddressesSource; *IFACES malloc'ed (freed by
     * the caller with virDomainInterfaceFree and free), the count. */
    int (*domainInterfaceAddresses)(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                    unsigned int source, unsigned int flags);
    /* Appended in plugin ABI 1.2: what the guest agent says of the guest,
     * as libvirt's typed parameters (*PARAMS malloc'ed, the caller's). */
    int (*domainGetGuestInfo)(virDomainPtr dom, unsigned int types, virTypedParameterPtr *params,
                              int *nparams, unsigned int flags);
    /* Appended in plugin ABI 1.2: a guest user's authorized SSH keys
     * through the agent (*KEYS malloc'ed, NULL-terminated, the caller's). */
    int (*domainAuthorizedSSHKeysGet)(virDomainPtr dom, const char *user, char ***keys,
                                      unsigned int flags);
    int (*domainAuthorizedSSHKeysSet)(virDomainPtr dom, const char *user, const char **keys,
                                      unsigned int nkeys, unsigned int flags);
    /* Appended in plugin ABI 1.2: the memory and block I/O tunables. The
     * reads arrive with VIR_TYPED_PARAM_STRING_OKAY added; *NPARAMS 0 asks
     * how many there are (PARAMS may be NULL), else they fill at most
     * *NPARAMS of PARAMS and set how many they filled. The sets get
     * parameters whose names are terminated, not yet checked against the
     * driver's list (mv_typed_params_validate). */
    int (*domainSetMemoryParameters)(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                     unsigned int flags);
    int (*domainGetMemoryParameters)(virDomainPtr dom, virTypedParameterPtr params,
                                     int *nparams, unsigned int flags);
    int (*domainSetBlkioParameters)(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                    unsigned int flags);
    int (*domainGetBlkioParameters)(virDomainPtr dom, virTypedParameterPtr params,
                                    int *nparams, unsigned int flags);
    /* Appended in plugin ABI 1.2: the I/O threads. domainGetIOThreadInfo
     * sets *INFO to a malloc'ed array of malloc'ed entries (each freed with
     * virDomainIOThreadInfoFree) and returns how many; INFO is not NULL and
     * *INFO already NULL. domainPinIOThread gets a CPUMAP of MAPLEN (> 0)
     * bytes. domainSetIOThreadParams gets NPARAMS (> 0) parameters whose
     * names are terminated, not yet checked against the driver's list. */
    int (*domainGetIOThreadInfo)(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                 unsigned int flags);
    int (*domainPinIOThread)(virDomainPtr dom, unsigned int iothread_id, unsigned char *cpumap,
                             int maplen, unsigned int flags);
    int (*domainAddIOThread)(virDomainPtr dom, unsigned int iothread_id, unsigned int flags);
    int (*domainDelIOThread)(virDomainPtr dom, unsigned int iothread_id, unsigned int flags);
    int (*domainSetIOThreadParams)(virDomainPtr dom, unsigned int iothread_id,
                                   virTypedParameterPtr params, int nparams,
                                   unsigned int flags);
#endif
} mv_hypervisor_driver;

/* Secondary drivers. connectOpen/connectClose are called when the driver is
 * used on a connection: always for a shared (host-wide) driver, which may
 * decline; for a driver supplied with the connection's own mv_connect_driver
 * they may be NULL (it then shares the hypervisor driver's state). */
typedef struct mv_network_driver {
    size_t size;
    mv_open_status (*connectOpen)(virConnectPtr conn, const mv_uri *uri, unsigned int flags);
    int (*connectClose)(virConnectPtr conn);
    int (*connectNumOfNetworks)(virConnectPtr conn);
    int (*connectListNetworks)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectNumOfDefinedNetworks)(virConnectPtr conn);
    int (*connectListDefinedNetworks)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectListAllNetworks)(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags);
    virNetworkPtr (*networkLookupByUUID)(virConnectPtr conn, const unsigned char *uuid);
    virNetworkPtr (*networkLookupByName)(virConnectPtr conn, const char *name);
    /* virNetworkCreateXML arrives with flags 0, likewise DefineXML. */
    virNetworkPtr (*networkCreateXMLFlags)(virConnectPtr conn, const char *xml, unsigned int flags);
    virNetworkPtr (*networkDefineXMLFlags)(virConnectPtr conn, const char *xml, unsigned int flags);
    int (*networkUndefine)(virNetworkPtr net);
    int (*networkUpdate)(virNetworkPtr net, unsigned int command, unsigned int section,
                         int parentIndex, const char *xml, unsigned int flags);
    int (*networkCreate)(virNetworkPtr net);
    int (*networkDestroy)(virNetworkPtr net);
    char *(*networkGetXMLDesc)(virNetworkPtr net, unsigned int flags);
    char *(*networkGetBridgeName)(virNetworkPtr net);
    int (*networkGetAutostart)(virNetworkPtr net, int *autostart);
    int (*networkSetAutostart)(virNetworkPtr net, int autostart);
    int (*networkIsActive)(virNetworkPtr net);
    int (*networkIsPersistent)(virNetworkPtr net);
    int (*networkGetDHCPLeases)(virNetworkPtr net, const char *mac,
                                virNetworkDHCPLeasePtr **leases, unsigned int flags);
} mv_network_driver;

typedef struct mv_storage_driver {
    size_t size;
    mv_open_status (*connectOpen)(virConnectPtr conn, const mv_uri *uri, unsigned int flags);
    int (*connectClose)(virConnectPtr conn);
    int (*connectNumOfStoragePools)(virConnectPtr conn);
    int (*connectListStoragePools)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectNumOfDefinedStoragePools)(virConnectPtr conn);
    int (*connectListDefinedStoragePools)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectListAllStoragePools)(virConnectPtr conn, virStoragePoolPtr **pools,
                                      unsigned int flags);
    char *(*connectFindStoragePoolSources)(virConnectPtr conn, const char *type,
                                           const char *srcSpec, unsigned int flags);
    virStoragePoolPtr (*storagePoolLookupByName)(virConnectPtr conn, const char *name);
    virStoragePoolPtr (*storagePoolLookupByUUID)(virConnectPtr conn, const unsigned char *uuid);
    virStoragePoolPtr (*storagePoolLookupByVolume)(virStorageVolPtr vol);
    virStoragePoolPtr (*storagePoolLookupByTargetPath)(virConnectPtr conn, const char *path);
    virStoragePoolPtr (*storagePoolCreateXML)(virConnectPtr conn, const char *xml, unsigned int flags);
    virStoragePoolPtr (*storagePoolDefineXML)(virConnectPtr conn, const char *xml, unsigned int flags);
    int (*storagePoolBuild)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolUndefine)(virStoragePoolPtr pool);
    int (*storagePoolCreate)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolDestroy)(virStoragePoolPtr pool);
    int (*storagePoolDelete)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolRefresh)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolGetInfo)(virStoragePoolPtr pool, virStoragePoolInfoPtr info);
    char *(*storagePoolGetXMLDesc)(virStoragePoolPtr pool, unsigned int flags);
    int (*storagePoolGetAutostart)(virStoragePoolPtr pool, int *autostart);
    int (*storagePoolSetAutostart)(virStoragePoolPtr pool, int autostart);
    int (*storagePoolNumOfVolumes)(virStoragePoolPtr pool);
    int (*storagePoolListVolumes)(virStoragePoolPtr pool, char **const names, int maxnames);
    int (*storagePoolListAllVolumes)(virStoragePoolPtr pool, virStorageVolPtr **vols,
                                     unsigned int flags);
    int (*storagePoolIsActive)(virStoragePoolPtr pool);
    int (*storagePoolIsPersistent)(virStoragePoolPtr pool);
    virStorageVolPtr (*storageVolLookupByName)(virStoragePoolPtr pool, const char *name);
    virStorageVolPtr (*storageVolLookupByKey)(virConnectPtr conn, const char *key);
    virStorageVolPtr (*storageVolLookupByPath)(virConnectPtr conn, const char *path);
    virStorageVolPtr (*storageVolCreateXML)(virStoragePoolPtr pool, const char *xml,
                                            unsigned int flags);
    virStorageVolPtr (*storageVolCreateXMLFrom)(virStoragePoolPtr pool, const char *xml,
                                                virStorageVolPtr clonevol, unsigned int flags);
    int (*storageVolDelete)(virStorageVolPtr vol, unsigned int flags);
    /* virStorageVolWipe arrives as VIR_STORAGE_VOL_WIPE_ALG_ZERO. */
    int (*storageVolWipePattern)(virStorageVolPtr vol, unsigned int algorithm,
                                 unsigned int flags);
    /* virStorageVolGetInfo arrives with flags 0. */
    int (*storageVolGetInfoFlags)(virStorageVolPtr vol, virStorageVolInfoPtr info,
                                  unsigned int flags);
    char *(*storageVolGetXMLDesc)(virStorageVolPtr vol, unsigned int flags);
    char *(*storageVolGetPath)(virStorageVolPtr vol);
    int (*storageVolResize)(virStorageVolPtr vol, unsigned long long capacity,
                            unsigned int flags);
    /* Streams (streams.h): the slot checks, then attaches its stream
     * operations to STREAM and returns; the data flows afterwards. */
    int (*storageVolUpload)(virStorageVolPtr vol, virStreamPtr stream,
                            unsigned long long offset, unsigned long long length,
                            unsigned int flags);
    int (*storageVolDownload)(virStorageVolPtr vol, virStreamPtr stream,
                              unsigned long long offset, unsigned long long length,
                              unsigned int flags);
} mv_storage_driver;

typedef struct mv_interface_driver {
    size_t size;
    mv_open_status (*connectOpen)(virConnectPtr conn, const mv_uri *uri, unsigned int flags);
    int (*connectClose)(virConnectPtr conn);
    int (*connectNumOfInterfaces)(virConnectPtr conn);
    int (*connectListInterfaces)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectNumOfDefinedInterfaces)(virConnectPtr conn);
    int (*connectListDefinedInterfaces)(virConnectPtr conn, char **const names, int maxnames);
    int (*connectListAllInterfaces)(virConnectPtr conn, virInterfacePtr **ifaces,
                                    unsigned int flags);
    virInterfacePtr (*interfaceLookupByName)(virConnectPtr conn, const char *name);
    virInterfacePtr (*interfaceLookupByMACString)(virConnectPtr conn, const char *mac);
    char *(*interfaceGetXMLDesc)(virInterfacePtr iface, unsigned int flags);
    virInterfacePtr (*interfaceDefineXML)(virConnectPtr conn, const char *xml, unsigned int flags);
    int (*interfaceUndefine)(virInterfacePtr iface);
    int (*interfaceCreate)(virInterfacePtr iface, unsigned int flags);
    int (*interfaceDestroy)(virInterfacePtr iface, unsigned int flags);
    int (*interfaceIsActive)(virInterfacePtr iface);
    int (*interfaceChangeBegin)(virConnectPtr conn, unsigned int flags);
    int (*interfaceChangeCommit)(virConnectPtr conn, unsigned int flags);
    int (*interfaceChangeRollback)(virConnectPtr conn, unsigned int flags);
} mv_interface_driver;

/* What a plugin registers for its URI schemes: its driver tables.
 *
 * network/storage/interface may be NULL. With host_services set, the
 * connection then gets the host-wide drivers other plugins registered
 * (plugin.h: storage-dir's pools and volumes, bridge-net's networks and
 * interfaces) for the same root as the connection's URI — SCHEME:///system,
 * SCHEME:///session or SCHEME:///embed?root=DIR — exactly as qemu and lxc
 * get them; without it the calls of that kind report VIR_ERR_NO_SUPPORT.
 * Host-wide drivers serve local URIs only.
 *
 * hypervisor may be NULL for a service that has no domains (storage:///,
 * network:///): the core then accepts SCHEME:///system (root only) and
 * SCHEME:///embed?root=/ABSOLUTE/DIR, answers the host calls, and opens the
 * other tables, which do the work. */
typedef struct mv_connect_driver {
    size_t size;
    const char *name;                 /* virConnectGetType(): "QEMU", "TEST" */
    const char *const *uri_schemes;   /* NULL-terminated, e.g. {"qemu", NULL} */
    int local_only;                   /* refuse URIs naming a server */
    const mv_hypervisor_driver *hypervisor;
    const mv_network_driver *network;
    const mv_storage_driver *storage;
    const mv_interface_driver *interface;
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_2
    /* Appended in plugin ABI 1.2. Nonzero: the connections of this driver
     * use the host's secondary drivers for the kinds it has no table of. */
    int host_services;
#endif
} mv_connect_driver;

#ifdef __cplusplus
}
#endif

#endif
