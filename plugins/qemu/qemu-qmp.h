/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-qmp.h — a client of QEMU's monitor protocol (QMP):
 * connect (with retries while QEMU starts), greeting and capabilities
 * negotiation, commands with replies matched by id, asynchronous events.
 *
 * Threads: after the handshake the socket is read on the GMainContext given
 * at open (events and EOF are delivered in that context's thread), and
 * commands are sent from any other thread, one at a time. With no context,
 * the thread that runs a command reads the socket itself (and receives the
 * events that arrive meanwhile; between commands nothing is read).
 * Callbacks must not run commands on their monitor (on CTX's thread that is
 * refused at once; without CTX it would wait for its own timeout): hand the
 * work to another thread. The open calls read the handshake on the calling
 * thread, so do not call them on CTX's thread either.
 */
#ifndef MV_QEMU_QMP_H
#define MV_QEMU_QMP_H

#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct mv_qmp mv_qmp;

/* An asynchronous event: EVENT is its name, DATA its "data" member (NULL
 * when absent; borrowed for the call), TS_USEC QEMU's timestamp. */
typedef void (*mv_qmp_event_cb)(mv_qmp *mon, const char *event, JsonObject *data,
                                gint64 ts_usec, void *opaque);
/* The socket was closed by QEMU, failed, or carried something that is not
 * QMP. Called at most once, and never after mv_qmp_close() returned. */
typedef void (*mv_qmp_eof_cb)(mv_qmp *mon, void *opaque);

/* Connects to the QMP unix socket PATH. Retries (every 1-5 ms) while the
 * socket does not exist or refuses, until TIMEOUT_MS; gives up at once when
 * PIDFD (>= 0) becomes readable, i.e. the process exited ("QEMU exited while
 * connecting to the monitor", VIR_ERR_OPERATION_FAILED). Then negotiates
 * capabilities within the same TIMEOUT_MS: qmp_capabilities is sent at once
 * and its reply awaited; the greeting is consumed whenever it comes (its
 * absence is only logged). Afterwards the socket is read on CTX (NULL: see
 * above). NULL with a VIR_FROM_QEMU error on failure
 * (VIR_ERR_OPERATION_TIMEOUT on timeout). PIDFD stays the caller's. */
mv_qmp *mv_qmp_open(const char *path, int pidfd, int timeout_ms, GMainContext *ctx,
                    mv_qmp_event_cb ev, mv_qmp_eof_cb eof_cb, void *opaque);

/* The same over an already connected stream socket FD, which the call takes
 * over (closed on failure too). */
mv_qmp *mv_qmp_open_fd(int fd, int pidfd, int timeout_ms, GMainContext *ctx,
                       mv_qmp_event_cb ev, mv_qmp_eof_cb eof_cb, void *opaque);

/* Runs CMD with ARGS (NULL or an object; the call keeps its own reference)
 * and waits up to TIMEOUT_MS (< 0: forever) for the reply. Returns the
 * "return" member (json_node_unref it; an empty object for commands that
 * return {}), or NULL with a VIR_FROM_QEMU error:
 *  - VIR_ERR_INTERNAL_ERROR "unable to execute QEMU command 'CMD': DESC"
 *    for a QMP error reply (libvirt's code and wording),
 *  - VIR_ERR_OPERATION_TIMEOUT when no reply came in time (the late reply
 *    is discarded when it arrives),
 *  - VIR_ERR_OPERATION_FAILED "monitor closed ..." once the monitor saw EOF
 *    (also for a command waiting when it happens),
 *  - VIR_ERR_INTERNAL_ERROR when called on CTX's own thread (that would
 *    deadlock).
 * Callable from several threads at once: commands are serialized, each
 * waiting at most its own TIMEOUT_MS in total. */
JsonNode *mv_qmp_command(mv_qmp *mon, const char *cmd, JsonObject *args, int timeout_ms);

/* CMD without arguments, its return value dropped: 0, or -1 with an error. */
int mv_qmp_run(mv_qmp *mon, const char *cmd, int timeout_ms);

/* True once EOF was seen (or the monitor was found broken). */
gboolean mv_qmp_is_closed(mv_qmp *mon);

/* Stops reading, fails the commands still waiting, shuts the socket down and
 * drops the reference mv_qmp_open*() returned (MON is freed unless someone
 * holds another). Callable from any thread, including from the event and EOF
 * callbacks. When called from another thread while a callback runs, it waits
 * for that callback to return, so after it returns no callback runs and
 * OPAQUE may be freed. Call it once. NULL is ignored. */
void mv_qmp_close(mv_qmp *mon);

/* Extra references, for a thread that may still send a command while
 * another closes the monitor: a command on a closed monitor fails with
 * "monitor closed" instead of touching freed memory. A command in flight
 * holds its own reference already. */
mv_qmp *mv_qmp_ref(mv_qmp *mon);
void mv_qmp_unref(mv_qmp *mon);

#endif
