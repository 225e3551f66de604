/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt-host.h —
 * connections, authentication and host (node) information.
 * Names, values and signatures match libvirt 9.0 so libvirt clients build
 * unchanged. */
#ifndef LIBVIRT_HOST_H
#define LIBVIRT_HOST_H

#ifndef __VIR_LIBVIRT_H_INCLUDES__
# error "Don't include this file directly, only use libvirt/libvirt.h"
#endif

typedef struct _virConnect virConnect;
typedef virConnect *virConnectPtr;

typedef enum {
    VIR_NODE_SUSPEND_TARGET_MEM    = 0,
    VIR_NODE_SUSPEND_TARGET_DISK   = 1,
    VIR_NODE_SUSPEND_TARGET_HYBRID = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_NODE_SUSPEND_TARGET_LAST,
#endif
} virNodeSuspendTarget;

typedef struct _virStream virStream;
typedef virStream *virStreamPtr;

#define VIR_SECURITY_LABEL_BUFLEN (4096 + 1)

typedef struct _virSecurityLabel virSecurityLabel;

/* Security label of a running domain and the host security model. */
struct _virSecurityLabel {
    char label[VIR_SECURITY_LABEL_BUFLEN];
    int enforcing;
};

typedef virSecurityLabel *virSecurityLabelPtr;

#define VIR_SECURITY_MODEL_BUFLEN (256 + 1)
#define VIR_SECURITY_DOI_BUFLEN (256 + 1)

typedef struct _virSecurityModel virSecurityModel;

struct _virSecurityModel {
    char model[VIR_SECURITY_MODEL_BUFLEN];
    char doi[VIR_SECURITY_DOI_BUFLEN];
};

typedef virSecurityModel *virSecurityModelPtr;
typedef struct _virNodeInfo virNodeInfo;

/* Host CPU and memory summary (virNodeGetInfo). */
struct _virNodeInfo {
    char model[32];
    unsigned long memory;
    unsigned int cpus;
    unsigned int mhz;
    unsigned int nodes;
    unsigned int sockets;
    unsigned int cores;
    unsigned int threads;
};

/* Per-CPU time counters (virNodeGetCPUStats). */
#define VIR_NODE_CPU_STATS_FIELD_LENGTH 80

typedef enum {
    VIR_NODE_CPU_STATS_ALL_CPUS = -1,
} virNodeGetCPUStatsAllCPUs;

#define VIR_NODE_CPU_STATS_KERNEL "kernel"
#define VIR_NODE_CPU_STATS_USER "user"
#define VIR_NODE_CPU_STATS_IDLE "idle"
#define VIR_NODE_CPU_STATS_IOWAIT "iowait"
#define VIR_NODE_CPU_STATS_INTR "intr"
#define VIR_NODE_CPU_STATS_UTILIZATION "utilization"

typedef struct _virNodeCPUStats virNodeCPUStats;

struct _virNodeCPUStats {
    char field[VIR_NODE_CPU_STATS_FIELD_LENGTH];
    unsigned long long value;
};

/* Host memory counters (virNodeGetMemoryStats). */
#define VIR_NODE_MEMORY_STATS_FIELD_LENGTH 80

typedef enum {
    VIR_NODE_MEMORY_STATS_ALL_CELLS = -1,
} virNodeGetMemoryStatsAllCells;

#define VIR_NODE_MEMORY_STATS_TOTAL "total"
#define VIR_NODE_MEMORY_STATS_FREE "free"
#define VIR_NODE_MEMORY_STATS_BUFFERS "buffers"
#define VIR_NODE_MEMORY_STATS_CACHED "cached"

typedef struct _virNodeMemoryStats virNodeMemoryStats;

struct _virNodeMemoryStats {
    char field[VIR_NODE_MEMORY_STATS_FIELD_LENGTH];
    unsigned long long value;
};

/* Kernel same-page merging tunables (virNodeSetMemoryParameters). */
#define VIR_NODE_MEMORY_SHARED_PAGES_TO_SCAN "shm_pages_to_scan"
#define VIR_NODE_MEMORY_SHARED_SLEEP_MILLISECS "shm_sleep_millisecs"
#define VIR_NODE_MEMORY_SHARED_PAGES_SHARED "shm_pages_shared"
#define VIR_NODE_MEMORY_SHARED_PAGES_SHARING "shm_pages_sharing"
#define VIR_NODE_MEMORY_SHARED_PAGES_UNSHARED "shm_pages_unshared"
#define VIR_NODE_MEMORY_SHARED_PAGES_VOLATILE "shm_pages_volatile"
#define VIR_NODE_MEMORY_SHARED_FULL_SCANS "shm_full_scans"
#define VIR_NODE_MEMORY_SHARED_MERGE_ACROSS_NODES "shm_merge_across_nodes"
#define VIR_NODEINFO_MAXCPUS(nodeinfo) \
    ((nodeinfo).nodes * (nodeinfo).sockets * (nodeinfo).cores * (nodeinfo).threads)

typedef virNodeInfo *virNodeInfoPtr;
typedef virNodeCPUStats *virNodeCPUStatsPtr;
typedef virNodeMemoryStats *virNodeMemoryStatsPtr;

/* AMD SEV platform data keys (virNodeGetSEVInfo). */
#define VIR_NODE_SEV_PDH "pdh"
#define VIR_NODE_SEV_CERT_CHAIN "cert-chain"
#define VIR_NODE_SEV_CPU0_ID "cpu0-id"
#define VIR_NODE_SEV_CBITPOS "cbitpos"
#define VIR_NODE_SEV_REDUCED_PHYS_BITS "reduced-phys-bits"
#define VIR_NODE_SEV_MAX_GUESTS "max-guests"
#define VIR_NODE_SEV_MAX_ES_GUESTS "max-es-guests"

/* Opening a connection, with or without interactive credentials. */
typedef enum {
    VIR_CONNECT_RO         = 1 << 0,
    VIR_CONNECT_NO_ALIASES = 1 << 1,
} virConnectFlags;

typedef enum {
    VIR_CRED_USERNAME     = 1,
    VIR_CRED_AUTHNAME     = 2,
    VIR_CRED_LANGUAGE     = 3,
    VIR_CRED_CNONCE       = 4,
    VIR_CRED_PASSPHRASE   = 5,
    VIR_CRED_ECHOPROMPT   = 6,
    VIR_CRED_NOECHOPROMPT = 7,
    VIR_CRED_REALM        = 8,
    VIR_CRED_EXTERNAL     = 9,
#ifdef VIR_ENUM_SENTINELS
    VIR_CRED_LAST,
#endif
} virConnectCredentialType;

struct _virConnectCredential {
    int type;
    const char *prompt;
    const char *challenge;
    const char *defresult;
    char *result;
    unsigned int resultlen;
};

typedef struct _virConnectCredential virConnectCredential;
typedef virConnectCredential *virConnectCredentialPtr;
typedef int (*virConnectAuthCallbackPtr)(virConnectCredentialPtr cred,
                                         unsigned int ncred, void *cbdata);

struct _virConnectAuth {
    int *credtype;
    unsigned int ncredtype;
    virConnectAuthCallbackPtr cb;
    void *cbdata;
};

typedef struct _virConnectAuth virConnectAuth;
typedef virConnectAuth *virConnectAuthPtr;

VIR_EXPORT_VAR virConnectAuthPtr virConnectAuthPtrDefault;

/* Raw and printable UUID sizes. */
#define VIR_UUID_BUFLEN (16)
#define VIR_UUID_STRING_BUFLEN (36+1)

/* Library and connection lifecycle. */
int virGetVersion(unsigned long *libVer, const char *type,
                  unsigned long *typeVer);
int virInitialize(void);
virConnectPtr virConnectOpen(const char *name);
virConnectPtr virConnectOpenReadOnly(const char *name);
virConnectPtr virConnectOpenAuth(const char *name, virConnectAuthPtr auth,
                                 unsigned int flags);
int virConnectRef(virConnectPtr conn);
int virConnectClose(virConnectPtr conn);

/* Identity parameter keys (virConnectSetIdentity). */
#define VIR_CONNECT_IDENTITY_USER_NAME "user-name"
#define VIR_CONNECT_IDENTITY_UNIX_USER_ID "unix-user-id"
#define VIR_CONNECT_IDENTITY_GROUP_NAME "group-name"
#define VIR_CONNECT_IDENTITY_UNIX_GROUP_ID "unix-group-id"
#define VIR_CONNECT_IDENTITY_PROCESS_ID "process-id"
#define VIR_CONNECT_IDENTITY_PROCESS_TIME "process-time"
#define VIR_CONNECT_IDENTITY_SASL_USER_NAME "sasl-user-name"
#define VIR_CONNECT_IDENTITY_X509_DISTINGUISHED_NAME "x509-distinguished-name"
#define VIR_CONNECT_IDENTITY_SELINUX_CONTEXT "selinux-context"

/* Facts about an open connection and its host. */
const char *virConnectGetType(virConnectPtr conn);
int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer);
int virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer);
char *virConnectGetHostname(virConnectPtr conn);
char *virConnectGetURI(virConnectPtr conn);

typedef void (*virConnectCloseFunc)(virConnectPtr conn, int reason,
                                    void *opaque);

int virConnectGetMaxVcpus(virConnectPtr conn, const char *type);
int virNodeGetInfo(virConnectPtr conn, virNodeInfoPtr info);
char *virConnectGetCapabilities(virConnectPtr conn);
unsigned long long virNodeGetFreeMemory(virConnectPtr conn);
int virNodeGetCellsFreeMemory(virConnectPtr conn, unsigned long long *freeMems,
                              int startCell, int maxCells);
int virConnectIsEncrypted(virConnectPtr conn);
int virConnectIsSecure(virConnectPtr conn);
int virConnectIsAlive(virConnectPtr conn);
int virConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count);

/* Host CPU model comparison and baseline. */
typedef enum {
    VIR_CPU_COMPARE_ERROR        = -1,
    VIR_CPU_COMPARE_INCOMPATIBLE = 0,
    VIR_CPU_COMPARE_IDENTICAL    = 1,
    VIR_CPU_COMPARE_SUPERSET     = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_CPU_COMPARE_LAST,
#endif
} virCPUCompareResult;

typedef enum {
    VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE = 1 << 0,
    VIR_CONNECT_COMPARE_CPU_VALIDATE_XML      = 1 << 1,
} virConnectCompareCPUFlags;

typedef enum {
    VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES = 1 << 0,
    VIR_CONNECT_BASELINE_CPU_MIGRATABLE      = 1 << 1,
} virConnectBaselineCPUFlags;

typedef enum {
    VIR_NODE_ALLOC_PAGES_ADD = 0,
    VIR_NODE_ALLOC_PAGES_SET = 1,
} virNodeAllocPagesFlags;

/* A callback for when the connection closes for a reason other than
 * virConnectClose (at most one per connection). */
int virConnectRegisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb,
                                    void *opaque, virFreeCallback freecb);
int virConnectUnregisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb);

/* The host's CPU time and memory counters, and its CPUs. */
int virNodeGetCPUStats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params,
                       int *nparams, unsigned int flags);
int virNodeGetMemoryStats(virConnectPtr conn, int cellNum, virNodeMemoryStatsPtr params,
                          int *nparams, unsigned int flags);
int virNodeGetCPUMap(virConnectPtr conn, unsigned char **cpumap, unsigned int *online,
                     unsigned int flags);

#endif /* LIBVIRT_HOST_H */
