/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/event.c — registering and removing event callbacks (domain,
 * network, storage pool) and the connection close callback. Delivery is
 * core/event/source.c's. */
#define VIR_ENUM_SENTINELS   /* for the *_ID_LAST bounds */
#include "core/api/api-internal.h"
#include "core/event/event.h"

#define MV_FROM_THIS VIR_FROM_DOMAIN

/* Checks the optional object filter OBJ (valid, on CONN) and the event id
 * bound; reports and returns false when the call must fail. */
static bool check_filter(virConnectPtr conn, bool obj_given, bool obj_ok, virConnectPtr obj_conn,
                         const char *what, int event_id, int last, int from, const char *func)
{
    if (obj_given && (!obj_ok || obj_conn != conn)) {
        mv_api_bad_arg(conn, from, func, "%s in %s must match connection", what, func);
        return false;
    }
    if (event_id < 0 || event_id >= last) {
        mv_api_bad_arg(conn, from, func, "eventID in %s must be less than %d", func, last);
        return false;
    }
    return true;
}

/* Runs a registration or removal RESULT, dispatching its error. */
static int finish(virConnectPtr conn, int result)
{
    if (result < 0)
        mv_error_dispatch(conn);
    return result;
}

/* The *DeregisterAny calls: a negative id is a bad argument. */
static int deregister_any(virConnectPtr conn, mv_event_family family, int id, int from,
                          const char *func)
{
    if (id < 0) {
        mv_api_bad_arg(conn, from, func, "callbackID in %s must be zero or greater", func);
        return -1;
    }
    return finish(conn, mv_event_deregister(conn, family, id, NULL, func));
}

int virConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                     virConnectDomainEventGenericCallback cb,
                                     void *opaque, virFreeCallback freecb)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(cb, -1);
    if (!check_filter(conn_, dom != NULL, mv_domain_ok(dom), dom ? dom->conn : NULL, "dom",
                      eventID, VIR_DOMAIN_EVENT_ID_LAST, MV_FROM_THIS, __func__))
        return -1;
    return finish(conn_, mv_event_register(conn_, MV_EVENT_DOMAIN, eventID, dom ? dom->uuid : NULL,
                                           (void (*)(void))cb, opaque, freecb, false, __func__));
}

int virConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    MV_API_CONN(conn, -1);
    return deregister_any(conn_, MV_EVENT_DOMAIN, callbackID, MV_FROM_THIS, __func__);
}

int virConnectDomainEventRegister(virConnectPtr conn, virConnectDomainEventCallback cb,
                                  void *opaque, virFreeCallback freecb)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(cb, -1);
    return finish(conn_, mv_event_register(conn_, MV_EVENT_DOMAIN, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           NULL, (void (*)(void))cb, opaque, freecb, true,
                                           __func__));
}

int virConnectDomainEventDeregister(virConnectPtr conn, virConnectDomainEventCallback cb)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(cb, -1);
    return finish(conn_, mv_event_deregister(conn_, MV_EVENT_DOMAIN, -1, (void (*)(void))cb,
                                             __func__));
}

#undef MV_FROM_THIS
#define MV_FROM_THIS VIR_FROM_NETWORK

int virConnectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net, int eventID,
                                      virConnectNetworkEventGenericCallback cb,
                                      void *opaque, virFreeCallback freecb)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(cb, -1);
    if (!check_filter(conn_, net != NULL, mv_network_ok(net), net ? net->conn : NULL, "net",
                      eventID, VIR_NETWORK_EVENT_ID_LAST, MV_FROM_THIS, __func__))
        return -1;
    return finish(conn_, mv_event_register(conn_, MV_EVENT_NETWORK, eventID, net ? net->uuid : NULL,
                                           (void (*)(void))cb, opaque, freecb, false, __func__));
}

int virConnectNetworkEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    MV_API_CONN(conn, -1);
    return deregister_any(conn_, MV_EVENT_NETWORK, callbackID, MV_FROM_THIS, __func__);
}

#undef MV_FROM_THIS
#define MV_FROM_THIS VIR_FROM_STORAGE

int virConnectStoragePoolEventRegisterAny(virConnectPtr conn, virStoragePoolPtr pool,
                                          int eventID,
                                          virConnectStoragePoolEventGenericCallback cb,
                                          void *opaque, virFreeCallback freecb)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(cb, -1);
    if (!check_filter(conn_, pool != NULL, mv_pool_ok(pool), pool ? pool->conn : NULL, "pool",
                      eventID, VIR_STORAGE_POOL_EVENT_ID_LAST, MV_FROM_THIS, __func__))
        return -1;
    return finish(conn_, mv_event_register(conn_, MV_EVENT_POOL, eventID, pool ? pool->uuid : NULL,
                                           (void (*)(void))cb, opaque, freecb, false, __func__));
}

int virConnectStoragePoolEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    MV_API_CONN(conn, -1);
    return deregister_any(conn_, MV_EVENT_POOL, callbackID, MV_FROM_THIS, __func__);
}

#undef MV_FROM_THIS
#define MV_FROM_THIS VIR_FROM_DOMAIN

int virConnectRegisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb,
                                    void *opaque, virFreeCallback freecb)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(cb, -1);
    g_mutex_lock(&conn_->errors.lock);
    bool taken = conn_->close_cb != NULL;
    if (!taken) {
        conn_->close_cb = cb;
        conn_->close_opaque = opaque;
        conn_->close_free = freecb;
    }
    g_mutex_unlock(&conn_->errors.lock);
    if (taken) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_OPERATION_INVALID,
                        "A close callback is already registered");
        mv_error_dispatch(conn_);
        return -1;
    }
    return 0;
}

int virConnectUnregisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(cb, -1);
    g_mutex_lock(&conn_->errors.lock);
    bool match = conn_->close_cb == cb;
    virFreeCallback freecb = match ? conn_->close_free : NULL;
    void *opaque = conn_->close_opaque;
    if (match) {
        conn_->close_cb = NULL;
        conn_->close_free = NULL;
        conn_->close_opaque = NULL;
    }
    g_mutex_unlock(&conn_->errors.lock);
    if (!match) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_OPERATION_INVALID,
                        "A different callback was requested");
        mv_error_dispatch(conn_);
        return -1;
    }
    if (freecb)
        freecb(opaque);
    return 0;
}

void mv_connect_closed(virConnectPtr conn, int reason)
{
    if (!mv_conn_ok(conn))
        return;
    g_mutex_lock(&conn->errors.lock);
    virConnectCloseFunc cb = conn->close_cb;
    void *opaque = conn->close_opaque;
    virFreeCallback freecb = conn->close_free;
    conn->close_cb = NULL;
    conn->close_opaque = NULL;
    conn->close_free = NULL;
    g_mutex_unlock(&conn->errors.lock);
    if (cb)
        cb(conn, reason, opaque);
    if (freecb)
        freecb(opaque);
}
