/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/event/source.c — driver event sources: the callbacks applications
 * registered on connections attached to a source, the queue of events the
 * driver produced, and their delivery from a timer on the application's
 * event loop (so callbacks run on the application's thread, in order). */
#include "core/event/event.h"
#include "core/object/handles.h"
#include "core/util/error.h"

#include <string.h>

typedef struct ev_callback {
    int id;
    virConnectPtr conn;          /* holds a reference, as libvirt does */
    mv_event_family family;
    int event_id;
    bool has_uuid;
    unsigned char uuid[VIR_UUID_BUFLEN];
    void (*cb)(void);
    void *opaque;
    virFreeCallback freecb;
    bool legacy;
    bool deleted;
} ev_callback;

typedef struct ev_event {
    mv_event_family family;
    int event_id;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;
    int event, detail;           /* lifecycle; agent state and reason; metadata type */
    char *str;                   /* metadata namespace URI */
    virTypedParameterPtr params; /* job completed: the job's statistics */
    int nparams;
} ev_event;

struct mv_event_source {
    GMutex lock;
    GPtrArray *callbacks;        /* ev_callback* */
    GQueue pending;              /* ev_event* */
    int timer;                   /* on the registered loop; -1: none */
    int next_id;
    bool dispatching;
    mv_event_watch_func watch;   /* told when an event id gains or loses its callbacks */
    void *watch_opaque;
};

static const char *const family_names[] = { "domain", "network", "storage pool" };

mv_event_source *mv_event_source_new(void)
{
    mv_event_source *src = g_new0(mv_event_source, 1);
    g_mutex_init(&src->lock);
    src->callbacks = g_ptr_array_new();
    g_queue_init(&src->pending);
    src->timer = -1;
    return src;
}

static void event_free(gpointer data)
{
    ev_event *ev = data;
    g_free(ev->name);
    g_free(ev->str);
    for (int i = 0; i < ev->nparams; i++)
        if (ev->params[i].type == VIR_TYPED_PARAM_STRING)
            g_free(ev->params[i].value.s);
    g_free(ev->params);
    g_free(ev);
}

static void callback_free(ev_callback *c)
{
    if (c->freecb)
        c->freecb(c->opaque);
    mv_object_connect_unref(c->conn);
    g_free(c);
}

void mv_event_source_free(mv_event_source *src)
{
    if (!src)
        return;
    if (src->timer >= 0)
        virEventRemoveTimeout(src->timer);
    for (guint i = 0; i < src->callbacks->len; i++)
        callback_free(src->callbacks->pdata[i]);
    g_ptr_array_free(src->callbacks, TRUE);
    g_queue_clear_full(&src->pending, event_free);
    g_mutex_clear(&src->lock);
    g_free(src);
}

void mv_connect_set_event_source(virConnectPtr conn, mv_driver_kind kind, mv_event_source *src)
{
    if (mv_conn_ok(conn) && (unsigned)kind < G_N_ELEMENTS(conn->events))
        conn->events[kind] = src;
}

static const mv_driver_kind family_kinds[] = {
    MV_DRIVER_HYPERVISOR, MV_DRIVER_NETWORK, MV_DRIVER_STORAGE,
};

static mv_event_source *source_of(virConnectPtr conn, mv_event_family family)
{
    return conn->events[family_kinds[family]];
}

void mv_event_source_set_watch(mv_event_source *src, mv_event_watch_func fn, void *opaque)
{
    g_mutex_lock(&src->lock);
    src->watch = fn;
    src->watch_opaque = opaque;
    g_mutex_unlock(&src->lock);
}

/* Live callbacks of FAMILY for EVENT_ID; called with the lock held. */
static guint count_live(mv_event_source *src, mv_event_family family, int event_id)
{
    guint n = 0;
    for (guint i = 0; i < src->callbacks->len; i++) {
        const ev_callback *c = src->callbacks->pdata[i];
        n += !c->deleted && c->family == family && c->event_id == event_id;
    }
    return n;
}

/* Drops the handle a callback was given; as the public virXxxFree calls
 * do, it leaves no last error behind on the loop's thread. */
static void release_handle(void *handle)
{
    mv_error_reset_last();
    mv_handle_unref(handle);
}

/* Calls one callback for one event, with a handle for its connection. */
static void deliver(const ev_callback *c, const ev_event *ev)
{
    switch (ev->family) {
    case MV_EVENT_DOMAIN: {
        virDomainPtr dom = mv_domain_new(c->conn, ev->name, ev->uuid, ev->id);
        if (!dom)
            return;
        switch (ev->event_id) {
        case VIR_DOMAIN_EVENT_ID_LIFECYCLE:
            ((virConnectDomainEventCallback)c->cb)(c->conn, dom, ev->event, ev->detail, c->opaque);
            break;
        case VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE:
            ((virConnectDomainEventAgentLifecycleCallback)c->cb)(c->conn, dom, ev->event,
                                                                 ev->detail, c->opaque);
            break;
        case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED:
            ((virConnectDomainEventJobCompletedCallback)c->cb)(c->conn, dom, ev->params,
                                                               ev->nparams, c->opaque);
            break;
        case VIR_DOMAIN_EVENT_ID_METADATA_CHANGE:
            ((virConnectDomainEventMetadataChangeCallback)c->cb)(c->conn, dom, ev->event,
                                                                 ev->str, c->opaque);
            break;
        default:
            ((virConnectDomainEventGenericCallback)c->cb)(c->conn, dom, c->opaque);
            break;
        }
        release_handle(dom);
        break;
    }
    case MV_EVENT_NETWORK: {
        virNetworkPtr net = mv_network_new(c->conn, ev->name, ev->uuid);
        if (!net)
            return;
        ((virConnectNetworkEventLifecycleCallback)c->cb)(c->conn, net, ev->event, ev->detail,
                                                         c->opaque);
        release_handle(net);
        break;
    }
    case MV_EVENT_POOL: {
        virStoragePoolPtr pool = mv_storage_pool_new(c->conn, ev->name, ev->uuid);
        if (!pool)
            return;
        if (ev->event_id == VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE)
            ((virConnectStoragePoolEventLifecycleCallback)c->cb)(c->conn, pool, ev->event,
                                                                 ev->detail, c->opaque);
        else
            ((virConnectStoragePoolEventGenericCallback)c->cb)(c->conn, pool, c->opaque);
        release_handle(pool);
        break;
    }
    }
}

static bool matches(const ev_callback *c, const ev_event *ev)
{
    return !c->deleted && c->family == ev->family && c->event_id == ev->event_id &&
           (!c->has_uuid || memcmp(c->uuid, ev->uuid, VIR_UUID_BUFLEN) == 0);
}

/* Drops callbacks marked deleted; lock held, not dispatching. Returns those
 * to free once the lock is released. */
static GPtrArray *purge_deleted(mv_event_source *src)
{
    GPtrArray *dead = g_ptr_array_new();
    for (guint i = 0; i < src->callbacks->len;) {
        ev_callback *c = src->callbacks->pdata[i];
        if (c->deleted) {
            g_ptr_array_add(dead, c);
            g_ptr_array_remove_index(src->callbacks, i);
        } else {
            i++;
        }
    }
    if (src->callbacks->len == 0 && src->timer >= 0) {
        virEventRemoveTimeout(src->timer);
        src->timer = -1;
    }
    return dead;
}

static void free_dead(GPtrArray *dead)
{
    for (guint i = 0; i < dead->len; i++)
        callback_free(dead->pdata[i]);
    g_ptr_array_free(dead, TRUE);
}

/* The timer: delivers everything queued so far. */
static void flush(int timer, void *opaque)
{
    mv_event_source *src = opaque;
    g_mutex_lock(&src->lock);
    GQueue batch = src->pending;
    g_queue_init(&src->pending);
    virEventUpdateTimeout(timer, -1);
    /* Callbacks removed meanwhile are only marked: the snapshot stays valid. */
    src->dispatching = true;
    g_autoptr(GPtrArray) snapshot = g_ptr_array_copy(src->callbacks, NULL, NULL);
    g_mutex_unlock(&src->lock);

    ev_event *ev;
    while ((ev = g_queue_pop_head(&batch))) {
        for (guint i = 0; i < snapshot->len; i++) {
            ev_callback *c = snapshot->pdata[i];
            if (matches(c, ev))
                deliver(c, ev);
        }
        event_free(ev);
    }

    g_mutex_lock(&src->lock);
    src->dispatching = false;
    GPtrArray *dead = purge_deleted(src);
    g_mutex_unlock(&src->lock);
    free_dead(dead);
}

static ev_event *event_new(mv_event_family family, int event_id, const char *name,
                           const unsigned char *uuid, int id, int event, int detail)
{
    ev_event *ev = g_new0(ev_event, 1);
    ev->family = family;
    ev->event_id = event_id;
    ev->name = g_strdup(name);
    memcpy(ev->uuid, uuid, VIR_UUID_BUFLEN);
    ev->id = id;
    ev->event = event;
    ev->detail = detail;
    return ev;
}

/* Queues EV for delivery, or drops it when nobody listens. */
static void push(mv_event_source *src, ev_event *ev)
{
    g_mutex_lock(&src->lock);
    if (src->timer >= 0) {
        g_queue_push_tail(&src->pending, ev);
        virEventUpdateTimeout(src->timer, 0);
        ev = NULL;
    }
    g_mutex_unlock(&src->lock);
    if (ev)
        event_free(ev);
}

static void queue_event(mv_event_source *src, mv_event_family family, int event_id,
                        const char *name, const unsigned char *uuid, int id,
                        int event, int detail)
{
    if (!src || !name || !uuid)
        return;
    push(src, event_new(family, event_id, name, uuid, id, event, detail));
}

void mv_event_queue_domain_lifecycle(mv_event_source *src, const char *name,
                                     const unsigned char *uuid, int id, int event, int detail)
{
    queue_event(src, MV_EVENT_DOMAIN, VIR_DOMAIN_EVENT_ID_LIFECYCLE, name, uuid, id, event, detail);
}

void mv_event_queue_domain_reboot(mv_event_source *src, const char *name,
                                  const unsigned char *uuid, int id)
{
    queue_event(src, MV_EVENT_DOMAIN, VIR_DOMAIN_EVENT_ID_REBOOT, name, uuid, id, 0, 0);
}

void mv_event_queue_domain_agent_lifecycle(mv_event_source *src, const char *name,
                                           const unsigned char *uuid, int id, int state,
                                           int reason)
{
    queue_event(src, MV_EVENT_DOMAIN, VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, name, uuid, id,
                state, reason);
}

void mv_event_queue_domain_metadata_change(mv_event_source *src, const char *name,
                                           const unsigned char *uuid, int id, int type,
                                           const char *nsuri)
{
    if (!src || !name || !uuid)
        return;
    ev_event *ev = event_new(MV_EVENT_DOMAIN, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, name, uuid,
                             id, type, 0);
    ev->str = g_strdup(nsuri);
    push(src, ev);
}

void mv_event_queue_domain_job_completed(mv_event_source *src, const char *name,
                                         const unsigned char *uuid, int id,
                                         const virTypedParameter *params, int nparams)
{
    if (!src || !name || !uuid || nparams < 0 || (nparams && !params))
        return;
    ev_event *ev = event_new(MV_EVENT_DOMAIN, VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, name, uuid, id,
                             0, 0);
    ev->params = g_new0(virTypedParameter, nparams ? nparams : 1);
    ev->nparams = nparams;
    for (int i = 0; i < nparams; i++) {
        ev->params[i] = params[i];
        if (params[i].type == VIR_TYPED_PARAM_STRING)
            ev->params[i].value.s = g_strdup(params[i].value.s);
    }
    push(src, ev);
}

void mv_event_queue_network_lifecycle(mv_event_source *src, const char *name,
                                      const unsigned char *uuid, int event, int detail)
{
    queue_event(src, MV_EVENT_NETWORK, VIR_NETWORK_EVENT_ID_LIFECYCLE, name, uuid, -1, event, detail);
}

void mv_event_queue_storage_pool_lifecycle(mv_event_source *src, const char *name,
                                           const unsigned char *uuid, int event, int detail)
{
    queue_event(src, MV_EVENT_POOL, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, name, uuid, -1,
                event, detail);
}

void mv_event_queue_storage_pool_refresh(mv_event_source *src, const char *name,
                                         const unsigned char *uuid)
{
    queue_event(src, MV_EVENT_POOL, VIR_STORAGE_POOL_EVENT_ID_REFRESH, name, uuid, -1, 0, 0);
}

static bool same_registration(const ev_callback *c, virConnectPtr conn, mv_event_family family,
                              int event_id, const unsigned char *uuid, void (*cb)(void))
{
    return !c->deleted && c->conn == conn && c->family == family && c->event_id == event_id &&
           c->cb == cb && c->has_uuid == (uuid != NULL) &&
           (!uuid || memcmp(c->uuid, uuid, VIR_UUID_BUFLEN) == 0);
}

int mv_event_register(virConnectPtr conn, mv_event_family family, int event_id,
                      const unsigned char *uuid, void (*cb)(void), void *opaque,
                      virFreeCallback freecb, bool legacy, const char *func)
{
    mv_event_source *src = source_of(conn, family);
    if (!src) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_SUPPORT, "%s", func);
        return -1;
    }
    g_mutex_lock(&src->lock);
    for (guint i = 0; i < src->callbacks->len; i++) {
        if (same_registration(src->callbacks->pdata[i], conn, family, event_id, uuid, cb)) {
            g_mutex_unlock(&src->lock);
            mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "event callback already tracked");
            return -1;
        }
    }
    if (src->timer < 0) {
        src->timer = virEventAddTimeout(-1, flush, src, NULL);
        if (src->timer < 0) {
            g_mutex_unlock(&src->lock);
            mv_error_report(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                            "could not initialize %s event timer", family_names[family]);
            return -1;
        }
    }
    ev_callback *c = g_new0(ev_callback, 1);
    c->id = src->next_id++;
    c->conn = conn;
    g_atomic_int_inc(&conn->refs);
    c->family = family;
    c->event_id = event_id;
    c->has_uuid = uuid != NULL;
    if (uuid)
        memcpy(c->uuid, uuid, VIR_UUID_BUFLEN);
    c->cb = cb;
    c->opaque = opaque;
    c->freecb = freecb;
    c->legacy = legacy;
    g_ptr_array_add(src->callbacks, c);
    int id = c->id;
    mv_event_watch_func watch = count_live(src, family, event_id) == 1 ? src->watch : NULL;
    void *watch_opaque = src->watch_opaque;
    g_mutex_unlock(&src->lock);
    if (watch && watch(src, family_kinds[family], event_id, 1, watch_opaque) < 0) {
        if (!mv_error_is_set())
            mv_error_report(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                            "the driver could not start watching %s events", family_names[family]);
        virError saved;
        memset(&saved, 0, sizeof(saved));
        mv_error_copy(&saved, mv_error_last());
        g_mutex_lock(&src->lock);
        c->deleted = true;
        GPtrArray *dead = src->dispatching ? g_ptr_array_new() : purge_deleted(src);
        g_mutex_unlock(&src->lock);
        free_dead(dead);
        mv_error_relay(&saved);
        mv_error_clear(&saved);
        return -1;
    }
    return legacy ? 0 : id;
}

int mv_event_deregister(virConnectPtr conn, mv_event_family family, int id,
                        void (*cb)(void), const char *func)
{
    mv_event_source *src = source_of(conn, family);
    if (!src) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_SUPPORT, "%s", func);
        return -1;
    }
    g_mutex_lock(&src->lock);
    ev_callback *found = NULL;
    for (guint i = 0; i < src->callbacks->len && !found; i++) {
        ev_callback *c = src->callbacks->pdata[i];
        if (!c->deleted && c->conn == conn && c->family == family &&
            (id >= 0 ? (!c->legacy && c->id == id) : (c->legacy && c->cb == cb)))
            found = c;
    }
    if (!found) {
        g_mutex_unlock(&src->lock);
        if (id >= 0)
            mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                            "could not find event callback %d for deletion", id);
        else
            mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                            "could not find event callback for removal");
        return -1;
    }
    found->deleted = true;
    mv_event_family fam = found->family;
    int event_id = found->event_id;
    mv_event_watch_func watch = count_live(src, fam, event_id) == 0 ? src->watch : NULL;
    void *watch_opaque = src->watch_opaque;
    GPtrArray *dead = src->dispatching ? g_ptr_array_new() : purge_deleted(src);
    g_mutex_unlock(&src->lock);
    free_dead(dead);
    if (watch)
        watch(src, family_kinds[fam], event_id, 0, watch_opaque);
    mv_error_reset_last();
    return 0;
}
