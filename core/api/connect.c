/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/connect.c — opening, sharing and closing connections, and the
 * library-level calls (virInitialize, virGetVersion). */
#include "mv-config.h"
#include "core/api/api-internal.h"
#include "core/registry/registry.h"

#include <string.h>

/* As libvirt: the host calls (and virConnectRef) report under
 * VIR_FROM_DOMAIN, while virConnectClose reports under VIR_FROM_NONE. */
#define MV_FROM_THIS VIR_FROM_DOMAIN

/* LIBVIR_VERSION_NUMBER: the libvirt API level modvirt implements. */
#define MV_LIBVIRT_API_LEVEL 9000000UL

static int default_auth_cb(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    /* No interactive prompting from a library: no credential is filled. */
    return ncred ? -1 : 0;
}

static int default_cred_types[] = {
    VIR_CRED_AUTHNAME, VIR_CRED_ECHOPROMPT, VIR_CRED_REALM,
    VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL,
};

static virConnectAuth default_auth = {
    default_cred_types, G_N_ELEMENTS(default_cred_types), default_auth_cb, NULL,
};
virConnectAuthPtr virConnectAuthPtrDefault = &default_auth;

int virInitialize(void)
{
    return mv_registry_init();
}

int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer)
{
    mv_error_reset_last();
    virInitialize();
    if (!libVer) {
        /* libvirt fails here without saying why; so do we. */
        mv_error_dispatch(NULL);
        return -1;
    }
    *libVer = MV_LIBVIRT_API_LEVEL;
    if (typeVer)
        *typeVer = MV_LIBVIRT_API_LEVEL;
    return 0;
}

static virConnectPtr connect_open(const char *name, virConnectAuthPtr auth, unsigned int flags)
{
    mv_error_reset_last();
    if (virInitialize() < 0) {
        mv_error_dispatch(NULL);
        return NULL;
    }
    virConnectPtr conn = mv_object_connect_new();
    conn->flags = flags;
    if (mv_registry_open(conn, name, auth, flags) < 0) {
        mv_error_dispatch(NULL);
        mv_object_connect_unref(conn);
        return NULL;
    }
    return conn;
}

virConnectPtr virConnectOpen(const char *name)
{
    return connect_open(name, NULL, 0);
}

virConnectPtr virConnectOpenReadOnly(const char *name)
{
    return connect_open(name, NULL, VIR_CONNECT_RO);
}

virConnectPtr virConnectOpenAuth(const char *name, virConnectAuthPtr auth, unsigned int flags)
{
    return connect_open(name, auth, flags);
}

#undef MV_FROM_THIS
#define MV_FROM_THIS VIR_FROM_NONE

int virConnectClose(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    return mv_object_connect_unref(conn_);
}

#undef MV_FROM_THIS
#define MV_FROM_THIS VIR_FROM_DOMAIN

int virConnectRef(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    g_atomic_int_inc(&conn_->refs);
    return 0;
}

const char *virConnectGetType(virConnectPtr conn)
{
    MV_API_CONN(conn, NULL);
    return conn_->type ? conn_->type : conn_->entry->name;
}

char *virConnectGetURI(virConnectPtr conn)
{
    MV_API_CONN(conn, NULL);
    return strdup(conn_->uri->original);
}

int virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(libVer, -1);
    *libVer = MV_LIBVIRT_API_LEVEL;
    return 0;
}
