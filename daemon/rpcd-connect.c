/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-connect.c — the hand-written connection procedures: open and
 * close, type and URI, the features the daemon has, the auth schemes, the
 * close callback, and DOMAIN_CREATE_WITH_FLAGS (whose reply carries the
 * started domain). */
#include "daemon.h"

#include <string.h>

/* libvirt's private feature numbers (the client asks for them by number). */
enum {
    FEATURE_REMOTE = 2,
    FEATURE_FD_PASSING = 8,
    FEATURE_TYPED_PARAM_STRING = 9,
    FEATURE_PROGRAM_KEEPALIVE = 10,
    FEATURE_REMOTE_EVENT_CALLBACK = 14,
    FEATURE_REMOTE_CLOSE_CALLBACK = 15,
    FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER = 16,
};

/* What libvirt's handlers say before the client opened its connection. */
void mvd_connect_close_callback(virConnectPtr conn, int reason, void *opaque)
{
    (void)conn;
    mvd_events_conn_closed(opaque, reason);
}

static void close_callback_free(void *opaque)
{
    mvd_client_unref(opaque);
}

int mv_rpcd_custom_connect_open(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)conn; (void)ret;
    mv_remote_connect_open_args *a = args;
    mvd_client *c = call->client;
    unsigned int flags = a->flags;

    if (c->readonly)
        flags |= VIR_CONNECT_RO;
    g_mutex_lock(&c->lock);
    bool open = c->conn != NULL;
    g_mutex_unlock(&c->lock);
    if (open) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "connection already open");
        return -1;
    }
    mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": opening %s%s", c->id,
            a->name ? a->name : "the default URI", flags & VIR_CONNECT_RO ? " read-only" : "");
    virConnectPtr fresh = (flags & VIR_CONNECT_RO) ? virConnectOpenReadOnly(a->name)
                                                   : virConnectOpen(a->name);
    if (!fresh)
        return -1;
    g_mutex_lock(&c->lock);
    if (c->conn) {
        g_mutex_unlock(&c->lock);
        virConnectClose(fresh);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "connection already open");
        return -1;
    }
    c->conn = fresh;
    g_mutex_unlock(&c->lock);
    return 0;
}

/* The socket closes once the output queued up to CONNECT_CLOSE's reply,
 * the reply last, has gone out: not when earlier output (an event) has. */
static void close_replied(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    c->close_replied = true;
    g_mutex_unlock(&c->lock);
}

int mv_rpcd_custom_connect_close(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)conn; (void)args; (void)ret;
    mvd_client *c = call->client;
    call->after_reply = close_replied;
    /* As libvirtd: the socket is closed once this reply is out. The
     * connection is closed before the reply when no other call of the
     * client runs (no more are read now), so that a client that closed
     * finds what it released released: test:///default's state, shared by
     * the daemon's connections, starts afresh when the last one goes.
     * Otherwise the client's teardown closes it. */
    g_mutex_lock(&c->lock);
    c->closing = true;
    mvd_server_update(c);
    bool alone = c->running == 1;
    g_mutex_unlock(&c->lock);
    if (!alone)
        return 0;
    mvd_events_clear(c);
    mvd_streams_clear(c);
    /* An event being delivered when its callback went keeps the
     * connection until the delivery returns. */
    mvd_events_settle();
    g_mutex_lock(&c->lock);
    virConnectPtr own = c->conn;
    c->conn = NULL;
    g_mutex_unlock(&c->lock);
    if (own && virConnectClose(own) < 0)
        virResetLastError();
    return 0;
}

int mv_rpcd_custom_connect_get_type(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)call; (void)args;
    mv_remote_connect_get_type_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    const char *type = virConnectGetType(conn);
    if (!type)
        return -1;
    r->type = g_strdup(type);
    return 0;
}

int mv_rpcd_custom_connect_get_uri(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)call; (void)args;
    mv_remote_connect_get_uri_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    char *uri = virConnectGetURI(conn);
    if (!uri)
        return -1;
    r->uri = g_strdup(uri);
    free(uri);
    return 0;
}

int mv_rpcd_custom_connect_supports_feature(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                            void *ret)
{
    mv_remote_connect_supports_feature_args *a = args;
    mv_remote_connect_supports_feature_ret *r = ret;

    /* Asked before the client opens its connection. */
    if (a->feature == FEATURE_PROGRAM_KEEPALIVE) {
        mvd_client_set_keepalive(call->client);
        r->supported = 1;
        return 0;
    }
    if (!mvd_need_conn(conn))
        return -1;
    switch (a->feature) {
    case FEATURE_FD_PASSING:
    case FEATURE_REMOTE_EVENT_CALLBACK:
    case FEATURE_REMOTE_CLOSE_CALLBACK:
    /* What every driver of libvirt 9 says yes to. */
    case FEATURE_TYPED_PARAM_STRING:
    case FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER:
        r->supported = 1;
        break;
    default:
        /* FEATURE_REMOTE is the client's own business; migration is not
         * served by modvirt's drivers. */
        r->supported = 0;
        break;
    }
    return 0;
}

int mv_rpcd_custom_auth_list(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)conn; (void)args;
    mv_remote_auth_list_ret *r = ret;
    /* What the client's socket requires (none: the socket's file
     * permissions, or the TLS certificate), until it has passed it. */
    r->types.n = 1;
    r->types.v = g_new0(int, 1);
    r->types.v[0] = mvd_auth_pending(call->client) ? call->client->auth : MVD_AUTH_NONE;
    return 0;
}

int mv_rpcd_custom_connect_register_close_callback(mv_rpcd_call *call, virConnectPtr conn,
                                                   void *args, void *ret)
{
    (void)args; (void)ret;
    mvd_client *c = call->client;
    if (!mvd_need_conn(conn))
        return -1;
    g_mutex_lock(&c->reg_lock);
    int rv = 0;
    if (!c->close_callback) {
        /* A driver without close callbacks never closes on its own:
         * nothing to relay, and libvirtd accepts the registration too. */
        if (virConnectRegisterCloseCallback(conn, mvd_connect_close_callback, mvd_client_ref(c),
                                            close_callback_free) < 0) {
            mvd_client_unref(c);
            virResetLastError();
        } else {
            c->close_callback = true;
        }
    }
    g_mutex_unlock(&c->reg_lock);
    return rv;
}

int mv_rpcd_custom_connect_unregister_close_callback(mv_rpcd_call *call, virConnectPtr conn,
                                                     void *args, void *ret)
{
    (void)args; (void)ret;
    mvd_client *c = call->client;
    if (!mvd_need_conn(conn))
        return -1;
    g_mutex_lock(&c->reg_lock);
    int rv = 0;
    if (c->close_callback) {
        if (virConnectUnregisterCloseCallback(conn, mvd_connect_close_callback) < 0)
            virResetLastError();
        c->close_callback = false;
    }
    g_mutex_unlock(&c->reg_lock);
    return rv;
}

int mv_rpcd_custom_domain_create_with_flags(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                            void *ret)
{
    (void)call;
    mv_remote_domain_create_with_flags_args *a = args;
    mv_remote_domain_create_with_flags_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    int rv = virDomainCreateWithFlags(dom, a->flags);
    if (rv == 0) {
        /* The reply carries the domain with the id it now runs under. */
        virDomainPtr now = virDomainLookupByUUID(conn, a->dom.uuid);
        if (now) {
            mv_remote_domain_put(&r->dom, now, true);
            virDomainFree(now);
        } else {
            virResetLastError();
            mv_remote_domain_put(&r->dom, dom, true);
        }
    }
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rv;
}
