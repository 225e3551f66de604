/* core/object/connect.c — creating and releasing virConnect objects. */
#include "core/object/object.h"
#include "core/api/error-internal.h"
#include "core/registry/registry.h"
#include "core/util/uri.h"

virConnectPtr mv_object_connect_new(void)
{
    virConnectPtr conn = g_new0(struct _virConnect, 1);
    conn->magic = MV_MAGIC_CONNECT;
    conn->refs = 1;
    conn->net = &mv_registry_no_network;
    conn->storage = &mv_registry_no_storage;
    conn->iface = &mv_registry_no_interface;
    mv_error_conn_state_init(&conn->errors);
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
    mv_error_conn_state_clear(&conn->errors);
    conn->magic = MV_MAGIC_DEAD;
    g_free(conn);
    return 0;
}
