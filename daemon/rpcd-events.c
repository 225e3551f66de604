/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-events.c — event registration for clients, and the relay of
 * what their connections report: each registration is one public
 * registration on the client's connection, whose callback (on the event
 * loop thread) sends the matching event message. The callback id libvirt's
 * clients see is the one the daemon's connection handed out, as libvirtd's. */
#define VIR_ENUM_SENTINELS   /* the *_ID_LAST bounds */
#include "daemon.h"

#include <string.h>

typedef enum { REG_DOMAIN, REG_NETWORK, REG_POOL } reg_kind;

struct mvd_event_reg {
    mvd_client *client;          /* a reference, dropped with the registration */
    reg_kind kind;
    int event_id;
    int callback_id;             /* -1 until registered */
    bool legacy;                 /* registered by 105 or 167: no callback id */
};

static mvd_event_reg *reg_new(mvd_client *c, reg_kind kind, int event_id, bool legacy)
{
    mvd_event_reg *r = g_new0(mvd_event_reg, 1);
    r->client = mvd_client_ref(c);
    r->kind = kind;
    r->event_id = event_id;
    r->callback_id = -1;
    r->legacy = legacy;
    return r;
}

static void reg_free(void *opaque)
{
    mvd_event_reg *r = opaque;
    mvd_client_unref(r->client);
    g_free(r);
}

static void relay(mvd_event_reg *r, int proc, mv_xdr_proc codec, void *msg)
{
    if (g_atomic_int_get(&r->callback_id) < 0)
        return;
    mv_rpc_header h = { MV_RPC_REMOTE_PROGRAM, MV_RPC_REMOTE_VERSION, proc, MV_RPC_MESSAGE, 0,
                        MV_RPC_OK };
    if (!mvd_client_send_msg(r->client, &h, codec, msg))
        mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT ": cannot encode event %d",
                r->client->id, proc);
}

static int on_domain_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail,
                               void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    if (r->legacy) {
        mv_remote_domain_event_lifecycle_msg m = { .event = event, .detail = detail };
        mv_remote_domain_put(&m.dom, dom, false);
        relay(r, MV_REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE, mv_remote_domain_event_lifecycle_msg_xdr, &m);
    } else {
        mv_remote_domain_event_callback_lifecycle_msg m = { .callbackID = r->callback_id,
                                                            .event = event, .detail = detail };
        mv_remote_domain_put(&m.dom, dom, false);
        relay(r, MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
              mv_remote_domain_event_callback_lifecycle_msg_xdr, &m);
    }
    return 0;
}

static void on_domain_reboot(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    if (r->legacy) {
        mv_remote_domain_event_reboot_msg m = { 0 };
        mv_remote_domain_put(&m.dom, dom, false);
        relay(r, MV_REMOTE_PROC_DOMAIN_EVENT_REBOOT, mv_remote_domain_event_reboot_msg_xdr, &m);
    } else {
        mv_remote_domain_event_callback_reboot_msg m = { .callbackID = r->callback_id };
        mv_remote_domain_put(&m.dom, dom, false);
        relay(r, MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT,
              mv_remote_domain_event_callback_reboot_msg_xdr, &m);
    }
}

static void on_domain_agent_lifecycle(virConnectPtr conn, virDomainPtr dom, int state, int reason,
                                      void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    mv_remote_domain_event_callback_agent_lifecycle_msg m = { .callbackID = r->callback_id,
                                                              .state = state, .reason = reason };
    mv_remote_domain_put(&m.dom, dom, false);
    relay(r, MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE,
          mv_remote_domain_event_callback_agent_lifecycle_msg_xdr, &m);
}

static void on_domain_job_completed(virConnectPtr conn, virDomainPtr dom,
                                    virTypedParameterPtr params, int nparams, void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    mv_remote_domain_event_callback_job_completed_msg m = { .callbackID = r->callback_id };
    mv_remote_domain_put(&m.dom, dom, false);
    m.params.n = (uint32_t)MIN(nparams, MV_REMOTE_DOMAIN_JOB_STATS_MAX);
    m.params.v = params;
    relay(r, MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_JOB_COMPLETED,
          mv_remote_domain_event_callback_job_completed_msg_xdr, &m);
}

static void on_domain_metadata_change(virConnectPtr conn, virDomainPtr dom, int type,
                                      const char *nsuri, void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    mv_remote_domain_event_callback_metadata_change_msg m = { .callbackID = r->callback_id,
                                                              .type = type,
                                                              .nsuri = (char *)nsuri };
    mv_remote_domain_put(&m.dom, dom, false);
    relay(r, MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_METADATA_CHANGE,
          mv_remote_domain_event_callback_metadata_change_msg_xdr, &m);
}

/* Event ids modvirt's drivers never raise: registered so that a client
 * asking for every event (virsh event --all) is served, never called. */
static void on_domain_other(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    (void)conn; (void)dom; (void)opaque;
}

static void on_network_lifecycle(virConnectPtr conn, virNetworkPtr net, int event, int detail,
                                 void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    mv_remote_network_event_lifecycle_msg m = { .callbackID = r->callback_id, .event = event,
                                                .detail = detail };
    mv_remote_network_put(&m.net, net, false);
    relay(r, MV_REMOTE_PROC_NETWORK_EVENT_LIFECYCLE, mv_remote_network_event_lifecycle_msg_xdr, &m);
}

static void on_pool_lifecycle(virConnectPtr conn, virStoragePoolPtr pool, int event, int detail,
                              void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    mv_remote_storage_pool_event_lifecycle_msg m = { .callbackID = r->callback_id,
                                                     .event = event, .detail = detail };
    mv_remote_pool_put(&m.pool, pool, false);
    relay(r, MV_REMOTE_PROC_STORAGE_POOL_EVENT_LIFECYCLE,
          mv_remote_storage_pool_event_lifecycle_msg_xdr, &m);
}

static void on_pool_refresh(virConnectPtr conn, virStoragePoolPtr pool, void *opaque)
{
    (void)conn;
    mvd_event_reg *r = opaque;
    mv_remote_storage_pool_event_refresh_msg m = { .callbackID = r->callback_id };
    mv_remote_pool_put(&m.pool, pool, false);
    relay(r, MV_REMOTE_PROC_STORAGE_POOL_EVENT_REFRESH,
          mv_remote_storage_pool_event_refresh_msg_xdr, &m);
}

static virConnectDomainEventGenericCallback domain_callback(int id)
{
    switch (id) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE:
        return VIR_DOMAIN_EVENT_CALLBACK(on_domain_lifecycle);
    case VIR_DOMAIN_EVENT_ID_REBOOT:
        return VIR_DOMAIN_EVENT_CALLBACK(on_domain_reboot);
    case VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE:
        return VIR_DOMAIN_EVENT_CALLBACK(on_domain_agent_lifecycle);
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED:
        return VIR_DOMAIN_EVENT_CALLBACK(on_domain_job_completed);
    case VIR_DOMAIN_EVENT_ID_METADATA_CHANGE:
        return VIR_DOMAIN_EVENT_CALLBACK(on_domain_metadata_change);
    default:
        return on_domain_other;
    }
}

static virConnectNetworkEventGenericCallback network_callback(int id)
{
    (void)id;
    return VIR_NETWORK_EVENT_CALLBACK(on_network_lifecycle);
}

static virConnectStoragePoolEventGenericCallback pool_callback(int id)
{
    return id == VIR_STORAGE_POOL_EVENT_ID_REFRESH ? VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool_refresh)
                                                   : VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool_lifecycle);
}

/* Registers R on CONN for OBJ (a handle of R's kind, or NULL). Under
 * reg_lock. Returns the callback id or -1. */
static int reg_add(mvd_client *c, virConnectPtr conn, mvd_event_reg *r, void *obj)
{
    g_ptr_array_add(c->regs, r);
    int id;
    switch (r->kind) {
    case REG_DOMAIN:
        id = virConnectDomainEventRegisterAny(conn, obj, r->event_id, domain_callback(r->event_id),
                                              r, reg_free);
        break;
    case REG_NETWORK:
        id = virConnectNetworkEventRegisterAny(conn, obj, r->event_id,
                                               network_callback(r->event_id), r, reg_free);
        break;
    default:
        id = virConnectStoragePoolEventRegisterAny(conn, obj, r->event_id,
                                                   pool_callback(r->event_id), r, reg_free);
        break;
    }
    if (id < 0) {
        g_ptr_array_remove(c->regs, r);
        reg_free(r);
        return -1;
    }
    g_atomic_int_set(&r->callback_id, id);
    mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": %s event %d registered as callback %d%s",
            c->id, r->kind == REG_DOMAIN ? "domain" : r->kind == REG_NETWORK ? "network" : "pool",
            r->event_id, id, r->legacy ? " (legacy)" : "");
    return id;
}

static int reg_deregister(virConnectPtr conn, reg_kind kind, int id)
{
    switch (kind) {
    case REG_DOMAIN:
        return virConnectDomainEventDeregisterAny(conn, id);
    case REG_NETWORK:
        return virConnectNetworkEventDeregisterAny(conn, id);
    default:
        return virConnectStoragePoolEventDeregisterAny(conn, id);
    }
}

/* Finds and deregisters the registration with callback ID ID of KIND.
 * Under reg_lock. */
static int reg_remove(mvd_client *c, virConnectPtr conn, reg_kind kind, int id,
                      const char *what)
{
    for (guint i = 0; i < c->regs->len; i++) {
        mvd_event_reg *r = c->regs->pdata[i];
        if (r->kind == kind && !r->legacy && r->callback_id == id) {
            g_ptr_array_remove_index(c->regs, i);
            return reg_deregister(conn, kind, id);
        }
    }
    mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s event callback %d not registered",
                    what, id);
    return -1;
}

/* ---- domains -------------------------------------------------------------- */

static int legacy_register(mvd_client *c, virConnectPtr conn, int event_id)
{
    g_mutex_lock(&c->reg_lock);
    int rv = -1;
    for (guint i = 0; i < c->regs->len; i++) {
        mvd_event_reg *r = c->regs->pdata[i];
        if (r->kind == REG_DOMAIN && r->legacy && r->event_id == event_id) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                            "domain event %d already registered", event_id);
            goto out;
        }
    }
    if (reg_add(c, conn, reg_new(c, REG_DOMAIN, event_id, true), NULL) >= 0)
        rv = 0;
out:
    g_mutex_unlock(&c->reg_lock);
    return rv;
}

static int legacy_deregister(mvd_client *c, virConnectPtr conn, int event_id)
{
    g_mutex_lock(&c->reg_lock);
    int rv = -1;
    for (guint i = 0; i < c->regs->len; i++) {
        mvd_event_reg *r = c->regs->pdata[i];
        if (r->kind == REG_DOMAIN && r->legacy && r->event_id == event_id) {
            int id = r->callback_id;
            g_ptr_array_remove_index(c->regs, i);
            rv = virConnectDomainEventDeregisterAny(conn, id);
            goto out;
        }
    }
    mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "domain event %d not registered",
                    event_id);
out:
    g_mutex_unlock(&c->reg_lock);
    return rv;
}

int mv_rpcd_custom_connect_domain_event_register(mv_rpcd_call *call, virConnectPtr conn,
                                                 void *args, void *ret)
{
    (void)args;
    mv_remote_connect_domain_event_register_ret *r = ret;
    if (!mvd_need_conn(conn) || legacy_register(call->client, conn, VIR_DOMAIN_EVENT_ID_LIFECYCLE) < 0)
        return -1;
    r->cb_registered = 1;
    return 0;
}

int mv_rpcd_custom_connect_domain_event_deregister(mv_rpcd_call *call, virConnectPtr conn,
                                                   void *args, void *ret)
{
    (void)args;
    mv_remote_connect_domain_event_deregister_ret *r = ret;
    if (!mvd_need_conn(conn) ||
        legacy_deregister(call->client, conn, VIR_DOMAIN_EVENT_ID_LIFECYCLE) < 0)
        return -1;
    r->cb_registered = 0;
    return 0;
}

int mv_rpcd_custom_connect_domain_event_register_any(mv_rpcd_call *call, virConnectPtr conn,
                                                     void *args, void *ret)
{
    (void)ret;
    mv_remote_connect_domain_event_register_any_args *a = args;
    if (!mvd_need_conn(conn))
        return -1;
    /* The old form carries only the events it had when the callback form
     * came (up to DEVICE_REMOVED); newer ones need the callback form. */
    if (a->eventID < 0 || a->eventID > VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "unsupported event ID %d",
                        a->eventID);
        return -1;
    }
    return legacy_register(call->client, conn, a->eventID);
}

int mv_rpcd_custom_connect_domain_event_deregister_any(mv_rpcd_call *call, virConnectPtr conn,
                                                       void *args, void *ret)
{
    (void)ret;
    mv_remote_connect_domain_event_deregister_any_args *a = args;
    if (!mvd_need_conn(conn))
        return -1;
    if (a->eventID < 0 || a->eventID > VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "unsupported event ID %d",
                        a->eventID);
        return -1;
    }
    return legacy_deregister(call->client, conn, a->eventID);
}

/* The first checks of a callback-id registration: an open connection and
 * an event id below LAST ("unsupported WHATevent ID N" otherwise). */
static bool callback_register_ok(virConnectPtr conn, int event_id, int last, const char *what)
{
    if (!mvd_need_conn(conn))
        return false;
    if (event_id >= 0 && event_id < last)
        return true;
    mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "unsupported %sevent ID %d", what,
                    event_id);
    return false;
}

/* Registers KIND's EVENT_ID for the client, filtered on OBJ when set: the
 * callback id, or -1. */
static int callback_register(mv_rpcd_call *call, virConnectPtr conn, reg_kind kind,
                             int event_id, void *obj)
{
    mvd_client *c = call->client;
    g_mutex_lock(&c->reg_lock);
    int id = reg_add(c, conn, reg_new(c, kind, event_id, false), obj);
    g_mutex_unlock(&c->reg_lock);
    return id;
}

static int callback_deregister(mv_rpcd_call *call, virConnectPtr conn, reg_kind kind, int id,
                               const char *what)
{
    mvd_client *c = call->client;
    if (!mvd_need_conn(conn))
        return -1;
    g_mutex_lock(&c->reg_lock);
    int rv = reg_remove(c, conn, kind, id, what);
    g_mutex_unlock(&c->reg_lock);
    return rv;
}

int mv_rpcd_custom_connect_domain_event_callback_register_any(mv_rpcd_call *call,
                                                              virConnectPtr conn, void *args,
                                                              void *ret)
{
    mv_remote_connect_domain_event_callback_register_any_args *a = args;
    mv_remote_connect_domain_event_callback_register_any_ret *r = ret;
    if (!callback_register_ok(conn, a->eventID, VIR_DOMAIN_EVENT_ID_LAST, ""))
        return -1;
    virDomainPtr dom = NULL;
    if (a->dom && !(dom = mv_remote_domain_get(conn, a->dom)))
        return -1;
    int id = callback_register(call, conn, REG_DOMAIN, a->eventID, dom);
    if (dom)
        MVD_KEEP_ERROR(virDomainFree(dom));
    if (id < 0)
        return -1;
    r->callbackID = id;
    return 0;
}

int mv_rpcd_custom_connect_domain_event_callback_deregister_any(mv_rpcd_call *call,
                                                                virConnectPtr conn, void *args,
                                                                void *ret)
{
    (void)ret;
    mv_remote_connect_domain_event_callback_deregister_any_args *a = args;
    return callback_deregister(call, conn, REG_DOMAIN, a->callbackID, "domain");
}

/* ---- networks and pools --------------------------------------------------- */

int mv_rpcd_custom_connect_network_event_register_any(mv_rpcd_call *call, virConnectPtr conn,
                                                      void *args, void *ret)
{
    mv_remote_connect_network_event_register_any_args *a = args;
    mv_remote_connect_network_event_register_any_ret *r = ret;
    if (!callback_register_ok(conn, a->eventID, VIR_NETWORK_EVENT_ID_LAST, "network "))
        return -1;
    virNetworkPtr net = NULL;
    if (a->net && !(net = mv_remote_network_get(conn, a->net)))
        return -1;
    int id = callback_register(call, conn, REG_NETWORK, a->eventID, net);
    if (net)
        MVD_KEEP_ERROR(virNetworkFree(net));
    if (id < 0)
        return -1;
    r->callbackID = id;
    return 0;
}

int mv_rpcd_custom_connect_network_event_deregister_any(mv_rpcd_call *call, virConnectPtr conn,
                                                        void *args, void *ret)
{
    (void)ret;
    mv_remote_connect_network_event_deregister_any_args *a = args;
    return callback_deregister(call, conn, REG_NETWORK, a->callbackID, "network");
}

int mv_rpcd_custom_connect_storage_pool_event_register_any(mv_rpcd_call *call,
                                                           virConnectPtr conn, void *args,
                                                           void *ret)
{
    mv_remote_connect_storage_pool_event_register_any_args *a = args;
    mv_remote_connect_storage_pool_event_register_any_ret *r = ret;
    if (!callback_register_ok(conn, a->eventID, VIR_STORAGE_POOL_EVENT_ID_LAST, "storage pool "))
        return -1;
    virStoragePoolPtr pool = NULL;
    if (a->pool && !(pool = mv_remote_pool_get(conn, a->pool)))
        return -1;
    int id = callback_register(call, conn, REG_POOL, a->eventID, pool);
    if (pool)
        MVD_KEEP_ERROR(virStoragePoolFree(pool));
    if (id < 0)
        return -1;
    r->callbackID = id;
    return 0;
}

int mv_rpcd_custom_connect_storage_pool_event_deregister_any(mv_rpcd_call *call,
                                                             virConnectPtr conn, void *args,
                                                             void *ret)
{
    (void)ret;
    mv_remote_connect_storage_pool_event_deregister_any_args *a = args;
    return callback_deregister(call, conn, REG_POOL, a->callbackID, "storage pool");
}

/* ---- teardown and the close callback -------------------------------------- */

void mvd_events_clear(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    virConnectPtr conn = c->conn;
    g_mutex_unlock(&c->lock);
    g_mutex_lock(&c->reg_lock);
    GPtrArray *regs = c->regs;
    c->regs = g_ptr_array_new();
    bool close_cb = c->close_callback;
    c->close_callback = false;
    g_mutex_unlock(&c->reg_lock);
    for (guint i = 0; conn && i < regs->len; i++) {
        mvd_event_reg *r = regs->pdata[i];
        if (reg_deregister(conn, r->kind, r->callback_id) < 0)
            virResetLastError();
    }
    g_ptr_array_unref(regs);
    if (conn && close_cb)
        if (virConnectUnregisterCloseCallback(conn, mvd_connect_close_callback) < 0)
            virResetLastError();
}

typedef struct {
    gint refs;
    GMutex lock;
    GCond cond;
    bool ran;
} settle_mark;

static void settle_mark_unref(void *opaque)
{
    settle_mark *m = opaque;
    if (!g_atomic_int_dec_and_test(&m->refs))
        return;
    g_mutex_clear(&m->lock);
    g_cond_clear(&m->cond);
    g_free(m);
}

static void settle_ran(int timer, void *opaque)
{
    settle_mark *m = opaque;
    virEventRemoveTimeout(timer);
    g_mutex_lock(&m->lock);
    m->ran = true;
    g_cond_signal(&m->cond);
    g_mutex_unlock(&m->lock);
}

void mvd_events_settle(void)
{
    /* The loop runs one handler at a time: a timer added now runs after the
     * delivery in progress, if any, has returned. */
    settle_mark *m = g_new0(settle_mark, 1);
    m->refs = 2;
    g_mutex_init(&m->lock);
    g_cond_init(&m->cond);
    if (virEventAddTimeout(0, settle_ran, m, settle_mark_unref) < 0) {
        virResetLastError();
        m->refs = 1;
        settle_mark_unref(m);
        return;
    }
    g_mutex_lock(&m->lock);
    while (!m->ran)
        g_cond_wait(&m->cond, &m->lock);
    g_mutex_unlock(&m->lock);
    settle_mark_unref(m);
}

void mvd_events_conn_closed(mvd_client *c, int reason)
{
    mv_remote_connect_event_connection_closed_msg m = { .reason = reason };
    mv_rpc_header h = { MV_RPC_REMOTE_PROGRAM, MV_RPC_REMOTE_VERSION,
                        MV_REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED, MV_RPC_MESSAGE, 0,
                        MV_RPC_OK };
    mvd_client_send_msg(c, &h, mv_remote_connect_event_connection_closed_msg_xdr, &m);
}
