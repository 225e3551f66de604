/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-open.c — opening and closing a remote connection,
 * and the slots whose calls are not generated.
 *
 * The handshake is libvirt's client's, in its order: AUTH_LIST, then
 * CONNECT_SUPPORTS_FEATURE for keepalive (which also starts the daemon's
 * pings), CONNECT_OPEN with the URI and flags, and the features the client
 * relies on afterwards (event callback ids, close callback). Calls that do
 * not depend on each other's answers are sent together, in one write, and
 * their replies awaited together.
 */
#include "remote.h"

#include <string.h>

#define MV_LOG_SRC "remote"

typedef struct remote_conn {
    mv_remote_client *client;
    mv_remote_events *events;
} remote_conn;

/* AUTH_LIST's answer: none (or an empty list) needs no exchange. */
static bool needs_auth(const mv_remote_auth_list_ret *al)
{
    return al->types.n > 0 && al->types.v[0] != MV_REMOTE_AUTH_NONE;
}

static mv_remote_batch_call call_of(mv_remote_pending *p, int proc, mv_xdr_proc args_xdr,
                                    void *args, mv_xdr_proc ret_xdr, void *ret)
{
    return (mv_remote_batch_call){ p, 0, proc, args_xdr, args, ret_xdr, ret, 0 };
}

/* Two round trips. AUTH_LIST, the keepalive feature and CONNECT_OPEN need
 * nothing from each other, so they leave in one write; the features and
 * the type asked afterwards need the opened connection (a daemon runs a
 * client's calls concurrently), so they follow in a second one. Where the
 * daemon requires authentication it refuses the other two ("authentication
 * required"); then the exchange runs and they are sent again. Where the
 * daemon most likely requires it (plain TCP, where SASL is the default, or
 * auth= in the URI), AUTH_LIST goes alone first. */
static int handshake(virConnectPtr conn, mv_remote_client *c, int fd, const mv_remote_target *t,
                     virConnectAuthPtr auth, unsigned int flags, bool *keepalive,
                     bool *callback_ids)
{
    mv_remote_auth_list_ret al;
    memset(&al, 0, sizeof(al));
    mv_remote_connect_supports_feature_args ka_args = {
        .feature = MV_REMOTE_FEATURE_PROGRAM_KEEPALIVE };
    mv_remote_connect_supports_feature_ret ka_ret = { 0 };
    mv_remote_connect_open_args open_args = { .name = t->name, .flags = flags & VIR_CONNECT_RO };
    mv_remote_pending au, ka, op;
    mv_remote_batch_call first[] = {
        call_of(&au, MV_REMOTE_PROC_AUTH_LIST, mv_remote_void_xdr, NULL,
                mv_remote_auth_list_ret_xdr, &al),
        call_of(&ka, MV_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                mv_remote_connect_supports_feature_args_xdr, &ka_args,
                mv_remote_connect_supports_feature_ret_xdr, &ka_ret),
        call_of(&op, MV_REMOTE_PROC_CONNECT_OPEN, mv_remote_connect_open_args_xdr, &open_args,
                mv_remote_void_xdr, NULL),
    };
    bool together = !t->auth && !t->plain_tcp;
    if (mv_remote_client_send_batch(c, first, together ? G_N_ELEMENTS(first) : 1) < 0)
        return -1;
    int auth_rc = mv_remote_client_finish(c, &au);
    bool again = !together;
    if (auth_rc == 0 && (needs_auth(&al) || t->auth)) {
        if (together) {
            /* Refused before authentication: asked again after it. */
            mv_remote_client_finish(c, &ka);
            mv_remote_client_finish(c, &op);
            mv_error_reset();
            again = true;
        }
        auth_rc = mv_remote_authenticate(c, fd, t, auth, &al);
    }
    mv_xdr_free(mv_remote_auth_list_ret_xdr, &al);
    if (auth_rc < 0) {
        if (together && !again) {
            virErrorPtr auth_err = virSaveLastError();
            mv_remote_client_finish(c, &ka);
            mv_remote_client_finish(c, &op);
            if (auth_err) {
                mv_error_relay(auth_err);
                virFreeError(auth_err);
            }
        }
        return -1;
    }
    if (again && mv_remote_client_send_batch(c, first + 1, G_N_ELEMENTS(first) - 1) < 0)
        return -1;
    *keepalive = mv_remote_client_finish(c, &ka) == 0 && ka_ret.supported;
    mv_error_reset();
    if (mv_remote_client_finish(c, &op) < 0)
        return -1;

    mv_remote_connect_supports_feature_args ev_args = {
        .feature = MV_REMOTE_FEATURE_REMOTE_EVENT_CALLBACK };
    mv_remote_connect_supports_feature_args cl_args = {
        .feature = MV_REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK };
    mv_remote_connect_supports_feature_ret ev_ret = { 0 }, cl_ret = { 0 };
    mv_remote_connect_get_type_ret type_ret = { 0 };
    mv_remote_pending ev, cl, ty;
    mv_remote_batch_call second[] = {
        call_of(&ev, MV_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                mv_remote_connect_supports_feature_args_xdr, &ev_args,
                mv_remote_connect_supports_feature_ret_xdr, &ev_ret),
        call_of(&cl, MV_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                mv_remote_connect_supports_feature_args_xdr, &cl_args,
                mv_remote_connect_supports_feature_ret_xdr, &cl_ret),
        call_of(&ty, MV_REMOTE_PROC_CONNECT_GET_TYPE, mv_remote_void_xdr, NULL,
                mv_remote_connect_get_type_ret_xdr, &type_ret),
    };
    if (mv_remote_client_send_batch(c, second, G_N_ELEMENTS(second)) < 0)
        return -1;
    *callback_ids = mv_remote_client_finish(c, &ev) == 0 && ev_ret.supported;
    mv_error_reset();
    mv_remote_client_finish(c, &cl);
    mv_error_reset();
    if (mv_remote_client_finish(c, &ty) < 0)
        return -1;
    mv_connect_set_type(conn, type_ret.type);
    mv_xdr_free(mv_remote_connect_get_type_ret_xdr, &type_ret);
    return 0;
}

mv_open_status mv_remote_connect_open(virConnectPtr conn, const mv_uri *uri,
                                      virConnectAuthPtr auth, unsigned int flags)
{
    mv_remote_target t;
    if (mv_remote_target_parse(uri, flags, &t) < 0)
        return MV_OPEN_ERROR;
    int fd = mv_remote_transport_connect(&t);
    if (fd < 0) {
        mv_remote_target_clear(&t);
        return MV_OPEN_ERROR;
    }
    remote_conn *rc = g_new0(remote_conn, 1);
    rc->client = mv_remote_client_new(fd, conn);
    mv_remote_client_set_channel(rc->client, mv_remote_target_take_channel(&t));
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, rc);
    bool keepalive = false, callback_ids = false;
    if (handshake(conn, rc->client, fd, &t, auth, flags, &keepalive, &callback_ids) < 0
        || mv_remote_client_start(rc->client, keepalive) < 0) {
        mv_remote_target_clear(&t);
        mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, NULL);
        mv_remote_client_free(rc->client);
        g_free(rc);
        return MV_OPEN_ERROR;
    }
    rc->events = mv_remote_events_new(conn, rc->client, callback_ids);
    mv_remote_client_set_events(rc->client, rc->events);
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "%s: opened '%s' on %s (keepalive %s, callback ids %s)",
           uri->original, t.name, t.socket, keepalive ? "yes" : "no",
           callback_ids ? "yes" : "no");
    mv_remote_target_clear(&t);
    return MV_OPEN_SUCCESS;
}

mv_remote_client *mv_remote_client_of(virConnectPtr conn)
{
    remote_conn *rc = mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);
    return rc->client;
}

int mv_remote_connect_close(virConnectPtr conn)
{
    remote_conn *rc = mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);
    if (!rc)
        return 0;
    int ret = mv_remote_client_call(rc->client, MV_REMOTE_PROC_CONNECT_CLOSE, mv_remote_void_xdr,
                                    NULL, mv_remote_void_xdr, NULL);
    mv_remote_client_set_events(rc->client, NULL);
    mv_remote_client_free(rc->client);
    mv_remote_events_free(rc->events);
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, NULL);
    g_free(rc);
    return ret;
}

int mv_remote_connect_is_alive(virConnectPtr conn)
{
    return mv_remote_client_alive(mv_remote_client_of(conn)) ? 1 : 0;
}

int mv_remote_connect_set_keep_alive(virConnectPtr conn, int interval, unsigned int count)
{
    return mv_remote_client_set_keepalive(mv_remote_client_of(conn), interval, count);
}

/* Encrypted when a security layer (TLS) carries the connection; as
 * libvirt, the daemon is still asked (a dead connection fails the call). */
int mv_remote_connect_is_encrypted(virConnectPtr conn)
{
    mv_remote_connect_is_secure_ret r = { 0 };
    if (mv_remote_call(conn, MV_REMOTE_PROC_CONNECT_IS_SECURE, mv_remote_void_xdr, NULL,
                       mv_remote_connect_is_secure_ret_xdr, &r) < 0)
        return -1;
    return mv_remote_client_encrypted(mv_remote_client_of(conn)) ? 1 : 0;
}

/* Secure when the daemon's connection is and the transport is too: a
 * local socket (unix, or an ssh command's) or a security layer; plain TCP
 * is not, as with libvirt's client. */
int mv_remote_connect_is_secure(virConnectPtr conn)
{
    int secure = mv_remote_slot_connectIsSecure(conn);
    if (secure <= 0)
        return secure;
    mv_remote_client *c = mv_remote_client_of(conn);
    return mv_remote_client_encrypted(c) || mv_remote_client_local(c) ? 1 : 0;
}

/* The reply names the started domain again: the handle takes its id. */
int mv_remote_domain_create_with_flags(virDomainPtr dom, unsigned int flags)
{
    mv_remote_domain_create_with_flags_args a;
    mv_remote_domain_create_with_flags_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
                       mv_remote_domain_create_with_flags_args_xdr, &a,
                       mv_remote_domain_create_with_flags_ret_xdr, &r) < 0)
        return -1;
    mv_domain_set_id(dom, r.dom.id);
    mv_xdr_free(mv_remote_domain_create_with_flags_ret_xdr, &r);
    return 0;
}
