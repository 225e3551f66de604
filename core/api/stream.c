/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/stream.c — the virStream* entry points: libvirt's checks, then
 * the operations the driver attached (object/stream.c), and the *All
 * loops that move a whole transfer between the stream and the
 * application's callbacks, sparse or not. */
#include "core/api/api-internal.h"

#include <errno.h>
#include <modvirt-plugin/error.h>
#include <modvirt/modvirt.h>
#include "core/object/stream.h"

#define MV_FROM_THIS VIR_FROM_STREAMS

/* Bytes per call in the *All loops: libvirt's 256 KiB message payload,
 * which also stays in cache for the copy on either side. */
#define MV_STREAM_CHUNK (256 * 1024)

/* Passes RET through, dispatching the error of a failure (-1). */
static int done(virConnectPtr conn, int ret)
{
    if (ret == -1)
        mv_error_dispatch(conn);
    return ret;
}

virStreamPtr virStreamNew(virConnectPtr conn, unsigned int flags)
{
    MV_API_CONN(conn, NULL);
    return mv_stream_new(conn_, flags);
}

int virStreamRef(virStreamPtr st)
{
    MV_API_STREAM(st, -1);
    mv_stream_ref(st);
    return 0;
}

int virStreamFree(virStreamPtr st)
{
    MV_API_STREAM(st, -1);
    mv_stream_unref(st);
    return 0;
}

int virStreamSend(virStreamPtr st, const char *data, size_t nbytes)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(data, -1);
    return done(conn_, mv_stream_send(st, data, nbytes, __func__));
}

int virStreamRecv(virStreamPtr st, char *data, size_t nbytes)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(data, -1);
    return done(conn_, mv_stream_recv(st, data, nbytes, 0, __func__));
}

int virStreamRecvFlags(virStreamPtr st, char *data, size_t nbytes, unsigned int flags)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(data, -1);
    if (mv_error_check_flags(flags, VIR_STREAM_RECV_STOP_AT_HOLE, MV_FROM_THIS, __func__) < 0)
        return done(conn_, -1);
    return done(conn_, mv_stream_recv(st, data, nbytes, flags, __func__));
}

int virStreamSendHole(virStreamPtr st, long long length, unsigned int flags)
{
    MV_API_STREAM(st, -1);
    if (length < 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__,
                       "length in %s must be zero or greater", __func__);
        return -1;
    }
    return done(conn_, mv_stream_send_hole(st, length, flags, __func__));
}

int virStreamRecvHole(virStreamPtr st, long long *length, unsigned int flags)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(length, -1);
    return done(conn_, mv_stream_recv_hole(st, length, flags, __func__));
}

int virStreamInData(virStreamPtr st, int *data, long long *length)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(data, -1);
    MV_API_NONNULL(length, -1);
    return done(conn_, mv_stream_in_data(st, data, length, __func__));
}

int virStreamFinish(virStreamPtr st)
{
    MV_API_STREAM(st, -1);
    return done(conn_, mv_stream_finish(st, __func__));
}

int virStreamAbort(virStreamPtr st)
{
    MV_API_STREAM(st, -1);
    return done(conn_, mv_stream_abort(st, __func__));
}

/* Events */

int virStreamEventAddCallback(virStreamPtr stream, int events, virStreamEventCallback cb,
                              void *opaque, virFreeCallback ff)
{
    MV_API_STREAM(stream, -1);
    MV_API_NONNULL(cb, -1);
    return done(conn_, mv_stream_watch_add(stream, events, cb, opaque, ff, __func__));
}

int virStreamEventUpdateCallback(virStreamPtr stream, int events)
{
    MV_API_STREAM(stream, -1);
    return done(conn_, mv_stream_watch_update(stream, events));
}

int virStreamEventRemoveCallback(virStreamPtr stream)
{
    MV_API_STREAM(stream, -1);
    return done(conn_, mv_stream_watch_remove(stream));
}

/* The *All loops */

/* The loops block in the application's callbacks: refused on a
 * non-blocking stream, as libvirt. WHAT is "sources" or "sinks". */
static bool blocking_only(virStreamPtr st, const char *what)
{
    if (!(st->flags & VIR_STREAM_NONBLOCK))
        return true;
    mv_error_report(MV_FROM_THIS, VIR_ERR_OPERATION_INVALID,
                    "data %s cannot be used for non-blocking streams", what);
    mv_error_dispatch(st->conn);
    return false;
}

/* An application callback failed: aborts the transfer, keeping the
 * callback's error for the caller, and fails. */
static int callback_failed(virStreamPtr st)
{
    mv_stream_abort_keep_error(st);
    return done(st->conn, -1);
}

/* Sends all N bytes of BUF (the driver may take fewer per call). */
static int send_fully(virStreamPtr st, const char *buf, int n, const char *func)
{
    for (int off = 0; off < n;) {
        int sent = mv_stream_send(st, buf + off, n - off, func);
        if (sent < 0)
            return -1;
        off += sent;
    }
    return 0;
}

/* Gives all N bytes of BUF to the application's SINK. */
static int sink_fully(virStreamPtr st, virStreamSinkFunc sink, const char *buf, int n,
                      void *opaque)
{
    for (int off = 0; off < n;) {
        int took = sink(st, buf + off, n - off, opaque);
        if (took < 0)
            return -1;
        off += took;
    }
    return 0;
}

/* SparseSendAll, once the section at hand is a hole of LEN bytes: tell the
 * stream, then have the application skip it in its source. */
static int send_hole_section(virStreamPtr st, virStreamSourceSkipFunc skip, long long len,
                             void *opaque)
{
    if (mv_stream_send_hole(st, len, 0, "virStreamSendHole") < 0)
        return done(st->conn, -1);
    if (skip(st, len, opaque) < 0) {
        mv_error_report_errno(MV_FROM_THIS, VIR_ERR_SYSTEM_ERROR, errno, "unable to skip hole");
        return callback_failed(st);
    }
    return 0;
}

/* The send loop; without HOLE (plain SendAll) everything is data. */
static int send_all(virStreamPtr st, virStreamSourceFunc handler, virStreamSourceHoleFunc hole,
                    virStreamSourceSkipFunc skip, void *opaque)
{
    if (!blocking_only(st, "sources"))
        return -1;
    g_autofree char *buf = g_malloc(MV_STREAM_CHUNK);
    long long data_left = hole ? 0 : G_MAXINT64;   /* of the data section at hand */
    for (;;) {
        if (data_left == 0) {
            int in_data = 0;
            long long len = 0;
            if (hole(st, &in_data, &len, opaque) < 0)
                return callback_failed(st);
            if (!in_data && len > 0) {
                if (send_hole_section(st, skip, len, opaque) < 0)
                    return -1;
                continue;
            }
            data_left = len;   /* 0 at the end: the source then gives 0 */
        }
        int got = handler(st, buf, (int)MIN((long long)MV_STREAM_CHUNK, data_left), opaque);
        if (got < 0)
            return callback_failed(st);
        if (got == 0)
            return 0;
        if (send_fully(st, buf, got, "virStreamSend") < 0)
            return done(st->conn, -1);
        data_left -= MIN(got, data_left);
    }
}

/* The receive loop; with HOLE (SparseRecvAll) holes reach it. */
static int recv_all(virStreamPtr st, virStreamSinkFunc handler, virStreamSinkHoleFunc hole,
                    void *opaque)
{
    if (!blocking_only(st, "sinks"))
        return -1;
    g_autofree char *buf = g_malloc(MV_STREAM_CHUNK);
    unsigned int flags = hole ? VIR_STREAM_RECV_STOP_AT_HOLE : 0;
    for (;;) {
        int got = mv_stream_recv(st, buf, MV_STREAM_CHUNK, flags, "virStreamRecvFlags");
        if (got == -3) {
            long long len = 0;
            if (mv_stream_recv_hole(st, &len, 0, "virStreamRecvHole") < 0)
                return done(st->conn, -1);
            if (hole(st, len, opaque) < 0)
                return callback_failed(st);
            continue;
        }
        if (got < 0)
            return done(st->conn, -1);
        if (got == 0)
            return 0;
        if (sink_fully(st, handler, buf, got, opaque) < 0)
            return callback_failed(st);
    }
}

int virStreamSendAll(virStreamPtr st, virStreamSourceFunc handler, void *opaque)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(handler, -1);
    return send_all(st, handler, NULL, NULL, opaque);
}

int virStreamSparseSendAll(virStreamPtr st, virStreamSourceFunc handler,
                           virStreamSourceHoleFunc holeHandler,
                           virStreamSourceSkipFunc skipHandler, void *opaque)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(handler, -1);
    MV_API_NONNULL(holeHandler, -1);
    MV_API_NONNULL(skipHandler, -1);
    return send_all(st, handler, holeHandler, skipHandler, opaque);
}

int virStreamRecvAll(virStreamPtr st, virStreamSinkFunc handler, void *opaque)
{
    MV_API_STREAM(st, -1);
    MV_API_NONNULL(handler, -1);
    return recv_all(st, handler, NULL, opaque);
}

int virStreamSparseRecvAll(virStreamPtr stream, virStreamSinkFunc handler,
                           virStreamSinkHoleFunc holeHandler, void *opaque)
{
    MV_API_STREAM(stream, -1);
    MV_API_NONNULL(handler, -1);
    MV_API_NONNULL(holeHandler, -1);
    return recv_all(stream, handler, holeHandler, opaque);
}
