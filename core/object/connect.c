/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/object/connect.c — creating and releasing virConnect objects.
 *
 * The one place where object/ calls up into registry/: a connection starts
 * with the registry's empty driver tables (so dispatch never meets NULL),
 * and whoever drops its last reference — the application, a handle, an
 * event callback — closes the drivers the registry opened for it. */
#include "core/object/object.h"
#include "core/registry/registry.h"
#include "core/util/error.h"
#include "core/util/uri.h"

#include <string.h>

/* A new connection keeps no error and has no callback of its own. */
static void error_state_init(mv_error_conn_state *st)
{
    g_mutex_init(&st->lock);
    memset(&st->last, 0, sizeof(st->last));
    st->handler = NULL;
    st->userdata = NULL;
}

static void error_state_clear(mv_error_conn_state *st)
{
    mv_error_clear(&st->last);
    g_mutex_clear(&st->lock);
}

virConnectPtr mv_object_connect_new(void)
{
    virConnectPtr conn = g_new0(struct _virConnect, 1);
    conn->magic = MV_MAGIC_CONNECT;
    conn->refs = 1;
    conn->net = &mv_registry_no_network;
    conn->storage = &mv_registry_no_storage;
    conn->iface = &mv_registry_no_interface;
    error_state_init(&conn->errors);
    return conn;
}

int mv_object_connect_unref(virConnectPtr conn)
{
    int left = g_atomic_int_add(&conn->refs, -1) - 1;
    if (left > 0)
        return left;
    mv_registry_close(conn);
    if (conn->close_free)
        conn->close_free(conn->close_opaque);
    mv_uri_free(conn->uri);
    g_free(conn->type);
    error_state_clear(&conn->errors);
    conn->magic = MV_MAGIC_DEAD;
    g_free(conn);
    return 0;
}
