/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/connect.c — opening, sharing and closing connections, and the
 * library-level calls (virInitialize, virGetVersion). */
#include "mv-config.h"
#include "core/api/api-internal.h"
#include "core/registry/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* As libvirt: the host calls (and virConnectRef) report under
 * VIR_FROM_DOMAIN, while virConnectClose reports under VIR_FROM_NONE. */
#define MV_FROM_THIS VIR_FROM_DOMAIN

/* LIBVIR_VERSION_NUMBER: the libvirt API level modvirt implements. */
#define MV_LIBVIRT_API_LEVEL 9000000UL

/* As libvirt's default: each credential is asked on the terminal, its
 * prompt on stdout ("PROMPT: "), the answer read from stdin (end of input
 * is an empty answer); a passphrase is read without echo, from the
 * controlling terminal when there is one. An external credential is left
 * to whatever authenticated the user already (PolicyKit only). */
static int default_auth_cb(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    (void)cbdata;
    for (unsigned int i = 0; i < ncred; i++) {
        char buf[1024] = "";
        char *answer = NULL;
        switch (cred[i].type) {
        case VIR_CRED_EXTERNAL:
            if (!cred[i].challenge || strcmp(cred[i].challenge, "PolicyKit"))
                return -1;
            continue;
        case VIR_CRED_USERNAME:
        case VIR_CRED_AUTHNAME:
        case VIR_CRED_ECHOPROMPT:
        case VIR_CRED_REALM:
            if (printf("%s: ", cred[i].prompt ? cred[i].prompt : "") < 0 || fflush(stdout) != 0)
                return -1;
            if (!fgets(buf, sizeof(buf), stdin)) {
                if (!feof(stdin))
                    return -1;
                buf[0] = '\0';
            }
            buf[strcspn(buf, "\n")] = '\0';
            answer = strdup(buf);
            break;
        case VIR_CRED_PASSPHRASE:
        case VIR_CRED_NOECHOPROMPT: {
            if (printf("%s: ", cred[i].prompt ? cred[i].prompt : "") < 0 || fflush(stdout) != 0)
                return -1;
            const char *pw = getpass("");
            answer = strdup(pw ? pw : "");
            break;
        }
        default:
            return -1;
        }
        if (!answer)
            return -1;
        cred[i].result = answer;
        cred[i].resultlen = (unsigned int)strlen(answer);
    }
    return 0;
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
