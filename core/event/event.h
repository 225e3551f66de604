/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/event/event.h — the core's event machinery (core-private): the
 * registered loop (impl.c), the default GLib loop (loop.c) and per-driver
 * event sources with their callbacks (source.c). */
#ifndef MV_EVENT_H
#define MV_EVENT_H

#include <stdbool.h>
#include "core/object/object.h"

typedef enum {
    MV_EVENT_DOMAIN,
    MV_EVENT_NETWORK,
    MV_EVENT_POOL,
} mv_event_family;

/* Registers CB for events of FAMILY/EVENT_ID on CONN's source, optionally
 * only for the object with UUID. LEGACY marks virConnectDomainEventRegister
 * callbacks (removed by function, not id). Returns the callback id, or -1
 * with an error. */
int mv_event_register(virConnectPtr conn, mv_event_family family, int event_id,
                      const unsigned char *uuid, void (*cb)(void), void *opaque,
                      virFreeCallback freecb, bool legacy, const char *func);
/* Removes callback ID (or, with ID < 0, the legacy callback CB) of CONN. */
int mv_event_deregister(virConnectPtr conn, mv_event_family family, int id,
                        void (*cb)(void), const char *func);

#endif
