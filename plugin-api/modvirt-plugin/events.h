/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/events.h — lifecycle events from drivers to applications.
 *
 * A driver owns one event source per state it keeps (for example one for a
 * shared in-memory state, one per embedded root), attaches it to every
 * connection it opens on that state, and queues events on it from any
 * thread. The core delivers each event on the application's event loop, in
 * queue order, to every callback registered on a connection attached to the
 * source, with a handle made for that callback's connection.
 */
#ifndef MODVIRT_PLUGIN_EVENTS_H
#define MODVIRT_PLUGIN_EVENTS_H

#include <libvirt/libvirt.h>
#include "abi.h"
#include "objects.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mv_event_source mv_event_source;

mv_event_source *mv_event_source_new(void);
/* Frees SRC; call it only once no open connection is attached to it
 * (callbacks hold their connection open, so after the last close). */
void mv_event_source_free(mv_event_source *src);

/* Attaches SRC to CONN for the events of the driver of KIND: domain events
 * come from the MV_DRIVER_HYPERVISOR source, network events from the
 * MV_DRIVER_NETWORK one, storage pool events from MV_DRIVER_STORAGE. Call it
 * in connectOpen. Without a source, registering callbacks of that family
 * fails with VIR_ERR_NO_SUPPORT. */
void mv_connect_set_event_source(virConnectPtr conn, mv_driver_kind kind, mv_event_source *src);

/* Told when the first callback for EVENT_ID of the KIND family is
 * registered on a connection attached to SRC (ACTIVE = 1) and when the last
 * one is removed (ACTIVE = 0): a driver that must subscribe somewhere to
 * produce events (the remote plugin, at its daemon) does it here. On
 * activation, -1 with an error reported makes the registration fail. Called
 * on the thread that registers, with no lock of the core held. */
typedef int (*mv_event_watch_func)(mv_event_source *src, mv_driver_kind kind, int event_id,
                                   int active, void *opaque);
/* Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_event_source_set_watch(mv_event_source *src, mv_event_watch_func fn, void *opaque);

/* Queueing: EVENT and DETAIL are libvirt's values (virDomainEventType and
 * its detail enums, ...). Cheap when nobody listens. */
void mv_event_queue_domain_lifecycle(mv_event_source *src, const char *name,
                                     const unsigned char *uuid, int id,
                                     int event, int detail);
void mv_event_queue_domain_reboot(mv_event_source *src, const char *name,
                                  const unsigned char *uuid, int id);
/* The guest agent's channel connected or went away: STATE and REASON are
 * VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_* and _REASON_*. Since
 * plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_event_queue_domain_agent_lifecycle(mv_event_source *src, const char *name,
                                           const unsigned char *uuid, int id, int state,
                                           int reason);
/* The domain's <description>, <title> or a <metadata> element (TYPE, a
 * VIR_DOMAIN_METADATA_*; NSURI the element's namespace, else NULL) was
 * changed. Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_event_queue_domain_metadata_change(mv_event_source *src, const char *name,
                                           const unsigned char *uuid, int id, int type,
                                           const char *nsuri);
/* A job ended: PARAMS are its statistics, as virDomainGetJobStats with
 * VIR_DOMAIN_JOB_STATS_COMPLETED reports them. They are copied; the
 * caller keeps its own. Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_event_queue_domain_job_completed(mv_event_source *src, const char *name,
                                         const unsigned char *uuid, int id,
                                         const virTypedParameter *params, int nparams);
void mv_event_queue_network_lifecycle(mv_event_source *src, const char *name,
                                      const unsigned char *uuid, int event, int detail);
void mv_event_queue_storage_pool_lifecycle(mv_event_source *src, const char *name,
                                           const unsigned char *uuid, int event, int detail);
void mv_event_queue_storage_pool_refresh(mv_event_source *src, const char *name,
                                         const unsigned char *uuid);

#ifdef __cplusplus
}
#endif

#endif
