/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/object/object.h — the refcounted handles behind virConnectPtr,
 * virDomainPtr, ... (core-private; plugins see them only as opaque types).
 *
 * Every handle starts with a magic number (checked by the public API to
 * report VIR_ERR_INVALID_* for NULL or freed handles) and an atomic
 * reference count; every non-connection handle holds a reference on its
 * connection, so the connection outlives them.
 */
#ifndef MV_OBJECT_H
#define MV_OBJECT_H

#include <glib.h>
#include <stdbool.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <modvirt-plugin/plugin.h>

#define MV_MAGIC_CONNECT   0x4d56434eu
#define MV_MAGIC_DOMAIN    0x4d56444fu
#define MV_MAGIC_NETWORK   0x4d564e45u
#define MV_MAGIC_POOL      0x4d56504fu
#define MV_MAGIC_VOL       0x4d56564fu
#define MV_MAGIC_INTERFACE 0x4d564946u
#define MV_MAGIC_STREAM    0x4d565354u
#define MV_MAGIC_DEAD      0xdeaddeadu

/* Per-connection error state (virConnGetLastError, virConnSetErrorFunc). */
typedef struct mv_error_conn_state {
    GMutex lock;
    virError last;
    virErrorFunc handler;
    void *userdata;
} mv_error_conn_state;

struct mv_registry_connect;   /* registry/registry.h */

struct _virConnect {
    guint32 magic;
    gint refs;
    unsigned int flags;                 /* VIR_CONNECT_RO, ... */
    mv_uri *uri;
    const struct mv_registry_connect *entry;
    /* Core copies of the driver tables (never NULL once open: an empty,
     * zero-filled table stands in for a missing driver). */
    const mv_hypervisor_driver *hv;
    const mv_network_driver *net;
    const mv_storage_driver *storage;
    const mv_interface_driver *iface;
    /* Which secondary drivers had their connectOpen succeed. */
    bool net_open, storage_open, iface_open;
    void *priv[4];
    char *type;                         /* virConnectGetType when the driver set it */
    mv_error_conn_state errors;
    /* Event sources of the drivers serving this connection, by kind. */
    struct mv_event_source *events[4];
    /* virConnectRegisterCloseCallback (under errors.lock). */
    virConnectCloseFunc close_cb;
    void *close_opaque;
    virFreeCallback close_free;
};

struct _virDomain {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;
};

struct _virNetwork {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
};

struct _virStoragePool {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
};

struct _virStorageVol {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *pool;
    char *name;
    char *key;
};

struct _virInterface {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    char *mac;
};

/* A stream's life: created, then attached by a driver slot to the
 * transfer it serves, then finished or aborted (no way back). */
typedef enum {
    MV_STREAM_NEW,
    MV_STREAM_ATTACHED,
    MV_STREAM_FINISHED,
    MV_STREAM_ABORTED,
} mv_stream_state;

struct mv_stream_watch;   /* object/stream.c: a registered event callback */

struct _virStream {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    unsigned int flags;              /* VIR_STREAM_NONBLOCK */
    GRecMutex lock;                  /* state, ops calls, watch */
    mv_stream_state state;
    /* Zero-filled core-size copy of the driver's operations, as for driver
     * tables; OPAQUE is released (ops.free) once, when OPAQUE_LIVE drops. */
    mv_stream_ops ops;
    void *opaque;
    bool opaque_live;
    struct mv_stream_watch *watch;   /* virStreamEventAddCallback, or NULL */
    int fd;                          /* mv_stream_attach_fd: watched by fd; else -1 */
};

static inline bool mv_conn_ok(virConnectPtr c)       { return c && c->magic == MV_MAGIC_CONNECT; }
static inline bool mv_domain_ok(virDomainPtr d)      { return d && d->magic == MV_MAGIC_DOMAIN && mv_conn_ok(d->conn); }
static inline bool mv_network_ok(virNetworkPtr n)    { return n && n->magic == MV_MAGIC_NETWORK && mv_conn_ok(n->conn); }
static inline bool mv_pool_ok(virStoragePoolPtr p)   { return p && p->magic == MV_MAGIC_POOL && mv_conn_ok(p->conn); }
static inline bool mv_vol_ok(virStorageVolPtr v)     { return v && v->magic == MV_MAGIC_VOL && mv_conn_ok(v->conn); }
static inline bool mv_iface_ok(virInterfacePtr i)    { return i && i->magic == MV_MAGIC_INTERFACE && mv_conn_ok(i->conn); }
static inline bool mv_stream_ok(virStreamPtr s)      { return s && s->magic == MV_MAGIC_STREAM && mv_conn_ok(s->conn); }

/* Connection lifetime (object/connect.c). mv_object_connect_new returns a
 * connection with one reference and empty driver tables. */
virConnectPtr mv_object_connect_new(void);
/* Drops one reference; at zero closes the drivers and frees. Returns the
 * references left. */
int mv_object_connect_unref(virConnectPtr conn);

#endif
