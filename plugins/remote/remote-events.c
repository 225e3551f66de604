/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-events.c — events from the daemon.
 *
 * A connection has one event source, attached for domains, networks and
 * pools. The core tells it when the first callback for an event id is
 * registered and when the last goes: the registration at the daemon
 * follows (one per event id, for every object; the core filters by object
 * and delivers on the application's event loop). What the daemon sends is
 * decoded and queued on the source.
 */
#include "remote.h"

#include <string.h>

#define MV_LOG_SRC "remote"

typedef struct registration {
    mv_driver_kind kind;
    int event_id;
    int callback_id;             /* the daemon's, or -1 (legacy domain registration) */
} registration;

struct mv_remote_events {
    virConnectPtr conn;
    mv_remote_client *client;
    mv_event_source *src;
    bool callback_ids;           /* the daemon numbers registrations */
    GMutex lock;
    GArray *regs;                /* registration */
};

static int register_at_daemon(mv_remote_events *ev, mv_driver_kind kind, int event_id)
{
    mv_remote_client *c = ev->client;
    int id = -1;
    int rc;
    switch (kind) {
    case MV_DRIVER_HYPERVISOR:
        if (ev->callback_ids) {
            mv_remote_connect_domain_event_callback_register_any_args a = { .eventID = event_id };
            mv_remote_connect_domain_event_callback_register_any_ret r = { 0 };
            rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                                       mv_remote_connect_domain_event_callback_register_any_args_xdr, &a,
                                       mv_remote_connect_domain_event_callback_register_any_ret_xdr, &r);
            id = r.callbackID;
        } else {
            mv_remote_connect_domain_event_register_any_args a = { .eventID = event_id };
            rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY,
                                       mv_remote_connect_domain_event_register_any_args_xdr, &a,
                                       mv_remote_void_xdr, NULL);
        }
        break;
    case MV_DRIVER_NETWORK: {
        mv_remote_connect_network_event_register_any_args a = { .eventID = event_id };
        mv_remote_connect_network_event_register_any_ret r = { 0 };
        rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY,
                                   mv_remote_connect_network_event_register_any_args_xdr, &a,
                                   mv_remote_connect_network_event_register_any_ret_xdr, &r);
        id = r.callbackID;
        break;
    }
    case MV_DRIVER_STORAGE: {
        mv_remote_connect_storage_pool_event_register_any_args a = { .eventID = event_id };
        mv_remote_connect_storage_pool_event_register_any_ret r = { 0 };
        rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY,
                                   mv_remote_connect_storage_pool_event_register_any_args_xdr, &a,
                                   mv_remote_connect_storage_pool_event_register_any_ret_xdr, &r);
        id = r.callbackID;
        break;
    }
    default:
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_NO_SUPPORT, "no events of this kind");
        return -1;
    }
    if (rc < 0)
        return -1;
    registration reg = { kind, event_id, id };
    g_mutex_lock(&ev->lock);
    g_array_append_val(ev->regs, reg);
    g_mutex_unlock(&ev->lock);
    return 0;
}

static void deregister_at_daemon(mv_remote_events *ev, mv_driver_kind kind, int event_id)
{
    registration reg = { 0 };
    bool found = false;
    g_mutex_lock(&ev->lock);
    for (guint i = 0; i < ev->regs->len; i++) {
        registration *r = &g_array_index(ev->regs, registration, i);
        if (r->kind == kind && r->event_id == event_id) {
            reg = *r;
            found = true;
            g_array_remove_index_fast(ev->regs, i);
            break;
        }
    }
    g_mutex_unlock(&ev->lock);
    if (!found)
        return;
    mv_remote_client *c = ev->client;
    int rc;
    switch (kind) {
    case MV_DRIVER_HYPERVISOR:
        if (ev->callback_ids) {
            mv_remote_connect_domain_event_callback_deregister_any_args a = { .callbackID = reg.callback_id };
            rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                                       mv_remote_connect_domain_event_callback_deregister_any_args_xdr, &a,
                                       mv_remote_void_xdr, NULL);
        } else {
            mv_remote_connect_domain_event_deregister_any_args a = { .eventID = event_id };
            rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY,
                                       mv_remote_connect_domain_event_deregister_any_args_xdr, &a,
                                       mv_remote_void_xdr, NULL);
        }
        break;
    case MV_DRIVER_NETWORK: {
        mv_remote_connect_network_event_deregister_any_args a = { .callbackID = reg.callback_id };
        rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY,
                                   mv_remote_connect_network_event_deregister_any_args_xdr, &a,
                                   mv_remote_void_xdr, NULL);
        break;
    }
    default: {
        mv_remote_connect_storage_pool_event_deregister_any_args a = { .callbackID = reg.callback_id };
        rc = mv_remote_client_call(c, MV_REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY,
                                   mv_remote_connect_storage_pool_event_deregister_any_args_xdr, &a,
                                   mv_remote_void_xdr, NULL);
        break;
    }
    }
    /* The last callback is gone either way; a dead connection has no
     * registration left to drop. */
    if (rc < 0)
        mv_error_reset();
}

static int watch(mv_event_source *src, mv_driver_kind kind, int event_id, int active, void *opaque)
{
    mv_remote_events *ev = opaque;
    if (active)
        return register_at_daemon(ev, kind, event_id);
    deregister_at_daemon(ev, kind, event_id);
    return 0;
}

mv_remote_events *mv_remote_events_new(virConnectPtr conn, mv_remote_client *c, bool callback_ids)
{
    mv_remote_events *ev = g_new0(mv_remote_events, 1);
    ev->conn = conn;
    ev->client = c;
    ev->callback_ids = callback_ids;
    g_mutex_init(&ev->lock);
    ev->regs = g_array_new(FALSE, FALSE, sizeof(registration));
    ev->src = mv_event_source_new();
    mv_event_source_set_watch(ev->src, watch, ev);
    mv_connect_set_event_source(conn, MV_DRIVER_HYPERVISOR, ev->src);
    mv_connect_set_event_source(conn, MV_DRIVER_NETWORK, ev->src);
    mv_connect_set_event_source(conn, MV_DRIVER_STORAGE, ev->src);
    return ev;
}

void mv_remote_events_free(mv_remote_events *ev)
{
    if (!ev)
        return;
    mv_event_source_free(ev->src);
    g_array_free(ev->regs, TRUE);
    g_mutex_clear(&ev->lock);
    g_free(ev);
}

/* Decodes an event message of type T with CODEC into a zeroed MSG. */
#define DECODE(x, codec, msg) \
    (memset(&(msg), 0, sizeof(msg)), (codec)((x), &(msg)) \
     || (mv_xdr_free((codec), &(msg)), mv_log(MV_LOG_WARN, MV_LOG_SRC, \
                                              "malformed event %d dropped", proc), false))

void mv_remote_events_dispatch(mv_remote_events *ev, int proc, mv_xdr *x)
{
    switch (proc) {
    case MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE: {
        mv_remote_domain_event_callback_lifecycle_msg m;
        if (!DECODE(x, mv_remote_domain_event_callback_lifecycle_msg_xdr, m))
            return;
        mv_event_queue_domain_lifecycle(ev->src, m.dom.name, m.dom.uuid, m.dom.id, m.event, m.detail);
        mv_xdr_free(mv_remote_domain_event_callback_lifecycle_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE: {
        mv_remote_domain_event_lifecycle_msg m;
        if (!DECODE(x, mv_remote_domain_event_lifecycle_msg_xdr, m))
            return;
        mv_event_queue_domain_lifecycle(ev->src, m.dom.name, m.dom.uuid, m.dom.id, m.event, m.detail);
        mv_xdr_free(mv_remote_domain_event_lifecycle_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT: {
        mv_remote_domain_event_callback_reboot_msg m;
        if (!DECODE(x, mv_remote_domain_event_callback_reboot_msg_xdr, m))
            return;
        mv_event_queue_domain_reboot(ev->src, m.dom.name, m.dom.uuid, m.dom.id);
        mv_xdr_free(mv_remote_domain_event_callback_reboot_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_DOMAIN_EVENT_REBOOT: {
        mv_remote_domain_event_reboot_msg m;
        if (!DECODE(x, mv_remote_domain_event_reboot_msg_xdr, m))
            return;
        mv_event_queue_domain_reboot(ev->src, m.dom.name, m.dom.uuid, m.dom.id);
        mv_xdr_free(mv_remote_domain_event_reboot_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE: {
        mv_remote_domain_event_callback_agent_lifecycle_msg m;
        if (!DECODE(x, mv_remote_domain_event_callback_agent_lifecycle_msg_xdr, m))
            return;
        mv_event_queue_domain_agent_lifecycle(ev->src, m.dom.name, m.dom.uuid, m.dom.id, m.state,
                                              m.reason);
        mv_xdr_free(mv_remote_domain_event_callback_agent_lifecycle_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_JOB_COMPLETED: {
        mv_remote_domain_event_callback_job_completed_msg m;
        if (!DECODE(x, mv_remote_domain_event_callback_job_completed_msg_xdr, m))
            return;
        mv_event_queue_domain_job_completed(ev->src, m.dom.name, m.dom.uuid, m.dom.id, m.params.v,
                                            (int)m.params.n);
        mv_xdr_free(mv_remote_domain_event_callback_job_completed_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_METADATA_CHANGE: {
        mv_remote_domain_event_callback_metadata_change_msg m;
        if (!DECODE(x, mv_remote_domain_event_callback_metadata_change_msg_xdr, m))
            return;
        mv_event_queue_domain_metadata_change(ev->src, m.dom.name, m.dom.uuid, m.dom.id, m.type,
                                              m.nsuri);
        mv_xdr_free(mv_remote_domain_event_callback_metadata_change_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_NETWORK_EVENT_LIFECYCLE: {
        mv_remote_network_event_lifecycle_msg m;
        if (!DECODE(x, mv_remote_network_event_lifecycle_msg_xdr, m))
            return;
        mv_event_queue_network_lifecycle(ev->src, m.net.name, m.net.uuid, m.event, m.detail);
        mv_xdr_free(mv_remote_network_event_lifecycle_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_STORAGE_POOL_EVENT_LIFECYCLE: {
        mv_remote_storage_pool_event_lifecycle_msg m;
        if (!DECODE(x, mv_remote_storage_pool_event_lifecycle_msg_xdr, m))
            return;
        mv_event_queue_storage_pool_lifecycle(ev->src, m.pool.name, m.pool.uuid, m.event, m.detail);
        mv_xdr_free(mv_remote_storage_pool_event_lifecycle_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_STORAGE_POOL_EVENT_REFRESH: {
        mv_remote_storage_pool_event_refresh_msg m;
        if (!DECODE(x, mv_remote_storage_pool_event_refresh_msg_xdr, m))
            return;
        mv_event_queue_storage_pool_refresh(ev->src, m.pool.name, m.pool.uuid);
        mv_xdr_free(mv_remote_storage_pool_event_refresh_msg_xdr, &m);
        return;
    }
    case MV_REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED: {
        mv_remote_connect_event_connection_closed_msg m;
        if (!DECODE(x, mv_remote_connect_event_connection_closed_msg_xdr, m))
            return;
        mv_connect_closed(ev->conn, m.reason);
        return;
    }
    default:
        mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "event %d not handled", proc);
        return;
    }
}
