/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/object/stream.h — the stream handle's life (object/stream.c): the
 * driver's operations attached to it, called under the stream's lock, and
 * the event callback kept on the application's loop. These calls set the
 * thread's error on failure; the public entry points (api/stream.c) reset
 * and dispatch it.
 */
#ifndef MV_STREAM_H
#define MV_STREAM_H

#include "core/object/object.h"

virStreamPtr mv_stream_new(virConnectPtr conn, unsigned int flags);
void mv_stream_ref(virStreamPtr st);
/* Drops one reference; the last one abandons a transfer still attached
 * (ops.abort, then ops.free) and releases the connection. */
void mv_stream_unref(virStreamPtr st);

/* The transfer operations: what the driver returns (-2 and -3 pass
 * through). A failed operation abandons the transfer, as libvirt marks a
 * failed stream aborted; a missing one is VIR_ERR_NO_SUPPORT naming FUNC. */
int mv_stream_send(virStreamPtr st, const char *data, size_t n, const char *func);
int mv_stream_recv(virStreamPtr st, char *data, size_t n, unsigned int flags,
                   const char *func);
int mv_stream_send_hole(virStreamPtr st, long long length, unsigned int flags,
                        const char *func);
int mv_stream_recv_hole(virStreamPtr st, long long *length, unsigned int flags,
                        const char *func);
int mv_stream_in_data(virStreamPtr st, int *in_data, long long *length, const char *func);
/* Ends the transfer: ops.finish (a failure abandons it) or ops.abort, then
 * ops.free. Abort of an unused or ended stream is a no-op, as libvirt's. */
int mv_stream_finish(virStreamPtr st, const char *func);
int mv_stream_abort(virStreamPtr st, const char *func);
/* Aborts after an application callback failed, keeping the callback's
 * error (none: dispatch then gives libvirt's "unknown cause"). */
void mv_stream_abort_keep_error(virStreamPtr st);

/* virStreamEventAddCallback and friends, on the registered event loop. */
int mv_stream_watch_add(virStreamPtr st, int events, virStreamEventCallback cb,
                        void *opaque, virFreeCallback ff, const char *func);
int mv_stream_watch_update(virStreamPtr st, int events);
int mv_stream_watch_remove(virStreamPtr st);

#endif
