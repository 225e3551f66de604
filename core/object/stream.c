/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/object/stream.c — virStream handles: the driver operations a slot
 * attaches (mv_stream_attach), called in the application's thread under
 * the stream's lock, the end of a transfer, and the event callback, which
 * runs on a timer because an in-process stream is always ready — or, for a
 * stream served from a file descriptor (stream-fd.c), on that fd. Timer and
 * fd are watched on the application's registered loop (virEventAddTimeout
 * and virEventAddHandle, event/impl.c): the one call from object/ to event/. */
#include "core/object/stream.h"

#include <string.h>
#include <modvirt-plugin/streams.h>
#include "core/util/error.h"

struct mv_stream_watch {
    virStreamPtr st;             /* a reference, dropped with the timer */
    virStreamEventCallback cb;
    void *opaque;
    virFreeCallback ff;
    int timer;                   /* timer id, or handle id when BY_FD */
    bool by_fd;
    int events;                  /* what the application wants */
    bool removed;
};

virStreamPtr mv_stream_new(virConnectPtr conn, unsigned int flags)
{
    virStreamPtr st = g_new0(struct _virStream, 1);
    g_atomic_int_inc(&conn->refs);
    st->conn = conn;
    st->refs = 1;
    st->flags = flags;
    g_rec_mutex_init(&st->lock);
    st->state = MV_STREAM_NEW;
    st->fd = -1;
    st->magic = MV_MAGIC_STREAM;
    return st;
}

void mv_stream_ref(virStreamPtr st)
{
    g_atomic_int_inc(&st->refs);
}

/* Runs FN(ST) keeping the thread's error (or its absence): an abort after a
 * failure must not replace the error that explains the failure. */
static void keep_error(virStreamPtr st, void (*fn)(virStreamPtr))
{
    virError saved = { 0 };
    const virError *last = mv_error_last();

    if (last)
        mv_error_copy(&saved, last);
    fn(st);
    if (saved.code != VIR_ERR_OK)
        mv_error_set_raw(saved.domain, saved.code, saved.str1, saved.str2, saved.message);
    else
        mv_error_reset_last();
    mv_error_clear(&saved);
}

static void watch_drop(virStreamPtr st)
{
    struct mv_stream_watch *w = st->watch;
    if (!w)
        return;
    st->watch = NULL;
    w->removed = true;
    if (w->by_fd)
        virEventRemoveHandle(w->timer);   /* the loop then frees W */
    else
        virEventRemoveTimeout(w->timer);
}

/* The transfer is over: releases the driver's data, once. */
static void release(virStreamPtr st, mv_stream_state state)
{
    st->state = state;
    watch_drop(st);   /* before ops.free closes an fd the loop watches */
    st->fd = -1;
    if (st->opaque_live && st->ops.free)
        st->ops.free(st->opaque);
    st->opaque_live = false;
    st->opaque = NULL;
}

static void call_abort(virStreamPtr st)
{
    if (st->ops.abort)
        st->ops.abort(st, st->opaque);
}

/* A failed operation: libvirt marks the stream aborted. */
static void abandon(virStreamPtr st)
{
    keep_error(st, call_abort);
    release(st, MV_STREAM_ABORTED);
}

void mv_stream_unref(virStreamPtr st)
{
    if (!g_atomic_int_dec_and_test(&st->refs))
        return;
    /* Freed in the middle of a transfer: undo what is half done. */
    if (st->state == MV_STREAM_ATTACHED)
        abandon(st);
    virConnectPtr conn = st->conn;
    st->magic = MV_MAGIC_DEAD;
    g_rec_mutex_clear(&st->lock);
    g_free(st);
    mv_object_connect_unref(conn);
}

/* Under the lock: whether ST serves a transfer with the operation
 * (HAS_OP); otherwise reports why not. */
static bool usable(virStreamPtr st, bool has_op, const char *func)
{
    if (st->state == MV_STREAM_ATTACHED && has_op)
        return true;
    if (st->state == MV_STREAM_FINISHED || st->state == MV_STREAM_ABORTED)
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_OPERATION_INVALID, "stream is not open");
    else
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_NO_SUPPORT, "%s", func);
    return false;
}

/* Calls OP of ST with ARGS and the driver's opaque under the lock. -2 (would
 * block) and, with HOLE_OK, -3 (at a hole) pass through; any other negative
 * result abandons the transfer and becomes -1. */
#define STREAM_CALL(st, op, hole_ok, func, ...) ({ \
        int r_ = -1; \
        g_rec_mutex_lock(&(st)->lock); \
        if (usable((st), (st)->ops.op != NULL, (func))) { \
            r_ = (st)->ops.op((st), __VA_ARGS__, (st)->opaque); \
            if (r_ < 0 && r_ != -2 && !(r_ == -3 && (hole_ok))) { \
                abandon(st); \
                r_ = -1; \
            } \
        } \
        g_rec_mutex_unlock(&(st)->lock); \
        r_; })

int mv_stream_send(virStreamPtr st, const char *data, size_t n, const char *func)
{
    return STREAM_CALL(st, send, false, func, data, n);
}

int mv_stream_recv(virStreamPtr st, char *data, size_t n, unsigned int flags, const char *func)
{
    return STREAM_CALL(st, recv, flags & VIR_STREAM_RECV_STOP_AT_HOLE, func, data, n, flags);
}

int mv_stream_send_hole(virStreamPtr st, long long length, unsigned int flags, const char *func)
{
    return STREAM_CALL(st, send_hole, false, func, length, flags);
}

int mv_stream_recv_hole(virStreamPtr st, long long *length, unsigned int flags,
                        const char *func)
{
    return STREAM_CALL(st, recv_hole, false, func, length, flags);
}

int mv_stream_in_data(virStreamPtr st, int *in_data, long long *length, const char *func)
{
    return STREAM_CALL(st, in_data, false, func, in_data, length);
}

int mv_stream_finish(virStreamPtr st, const char *func)
{
    int ret = 0;
    g_rec_mutex_lock(&st->lock);
    if (st->state == MV_STREAM_FINISHED) {
        ret = 0;   /* finishing twice is harmless */
    } else if (!usable(st, st->ops.finish != NULL, func)) {
        ret = -1;
    } else if (st->ops.finish(st, st->opaque) < 0) {
        abandon(st);
        ret = -1;
    } else {
        release(st, MV_STREAM_FINISHED);
    }
    g_rec_mutex_unlock(&st->lock);
    return ret;
}

int mv_stream_abort(virStreamPtr st, const char *func)
{
    int ret = 0;
    g_rec_mutex_lock(&st->lock);
    if (st->state != MV_STREAM_ATTACHED) {
        ret = 0;   /* nothing in progress, as libvirt's unused stream */
    } else if (!usable(st, st->ops.abort != NULL, func)) {
        ret = -1;
    } else {
        ret = st->ops.abort(st, st->opaque) < 0 ? -1 : 0;
        release(st, MV_STREAM_ABORTED);
    }
    g_rec_mutex_unlock(&st->lock);
    return ret;
}

static void abort_public(virStreamPtr st)
{
    mv_stream_abort(st, "virStreamAbort");
}

void mv_stream_abort_keep_error(virStreamPtr st)
{
    keep_error(st, abort_public);
}

int mv_stream_attach(virConnectPtr conn, virStreamPtr st, const mv_stream_ops *ops,
                     void *opaque)
{
    if (!mv_stream_ok(st)) {
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_INVALID_STREAM, "%s", __func__);
        return -1;
    }
    if (!ops || ops->size < sizeof(ops->size)) {
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_INVALID_ARG,
                        "ops in %s must be a filled mv_stream_ops", __func__);
        return -1;
    }
    int ret = -1;
    g_rec_mutex_lock(&st->lock);
    if (st->conn != conn) {
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_OPERATION_INVALID,
                        "stream belongs to another connection");
    } else if (st->state != MV_STREAM_NEW) {
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_OPERATION_INVALID,
                        "stream already serves a transfer");
    } else {
        /* As driver tables: operations the plugin does not know stay NULL. */
        memset(&st->ops, 0, sizeof(st->ops));
        memcpy(&st->ops, ops, MIN(ops->size, sizeof(st->ops)));
        st->ops.size = sizeof(st->ops);
        st->opaque = opaque;
        st->opaque_live = true;
        st->state = MV_STREAM_ATTACHED;
        ret = 0;
    }
    g_rec_mutex_unlock(&st->lock);
    return ret;
}

/* Event callbacks. */

/* Under the lock: what an attached in-process stream can do right now. */
static int ready_events(virStreamPtr st)
{
    int ev = 0;
    if (st->state != MV_STREAM_ATTACHED)
        return VIR_STREAM_EVENT_HANGUP;
    if (st->ops.recv)
        ev |= VIR_STREAM_EVENT_READABLE;
    if (st->ops.send)
        ev |= VIR_STREAM_EVENT_WRITABLE;
    return ev;
}

/* The timer runs while the stream has something the application wants,
 * and sleeps (-1) otherwise. */
static int watch_frequency(virStreamPtr st, int events)
{
    return (events & ready_events(st)) ? 0 : -1;
}

static void watch_fire(int timer, void *opaque)
{
    struct mv_stream_watch *w = opaque;
    virStreamPtr st = w->st;
    g_rec_mutex_lock(&st->lock);
    int ev = w->removed ? 0 : (w->events & ready_events(st));
    if (!ev && !w->removed)
        virEventUpdateTimeout(timer, -1);
    g_rec_mutex_unlock(&st->lock);
    if (ev)
        w->cb(st, ev, w->opaque);
}

/* An fd stream: the loop says what the fd is ready for. */
static void watch_fire_fd(int watch, int fd, int events, void *opaque)
{
    (void)watch; (void)fd;
    struct mv_stream_watch *w = opaque;
    virStreamPtr st = w->st;
    g_rec_mutex_lock(&st->lock);
    bool removed = w->removed;
    if (st->state != MV_STREAM_ATTACHED)
        events |= VIR_STREAM_EVENT_HANGUP;
    g_rec_mutex_unlock(&st->lock);
    if (!removed && events)
        w->cb(st, events, w->opaque);
}

static void watch_free(void *opaque)
{
    struct mv_stream_watch *w = opaque;
    if (w->ff)
        w->ff(w->opaque);
    mv_stream_unref(w->st);
    g_free(w);
}

int mv_stream_watch_add(virStreamPtr st, int events, virStreamEventCallback cb,
                        void *opaque, virFreeCallback ff, const char *func)
{
    int ret = -1;
    g_rec_mutex_lock(&st->lock);
    if (!usable(st, true, func)) {
        /* reported */
    } else if (st->watch) {
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_INTERNAL_ERROR,
                        "stream already has a callback registered");
    } else {
        struct mv_stream_watch *w = g_new0(struct mv_stream_watch, 1);
        *w = (struct mv_stream_watch){ .st = st, .cb = cb, .opaque = opaque, .ff = ff,
                                       .events = events };
        mv_stream_ref(st);
        if (st->fd >= 0 && st->state == MV_STREAM_ATTACHED) {
            w->by_fd = true;
            w->timer = virEventAddHandle(st->fd, events & (VIR_STREAM_EVENT_READABLE |
                                                           VIR_STREAM_EVENT_WRITABLE),
                                         watch_fire_fd, w, watch_free);
        } else {
            w->timer = virEventAddTimeout(watch_frequency(st, events), watch_fire, w,
                                          watch_free);
        }
        if (w->timer < 0) {
            g_atomic_int_add(&st->refs, -1);   /* the caller still holds one */
            g_free(w);
            mv_error_report(VIR_FROM_STREAMS, VIR_ERR_INTERNAL_ERROR,
                            "cannot register file watch on stream");
        } else {
            st->watch = w;
            ret = 0;
        }
    }
    g_rec_mutex_unlock(&st->lock);
    return ret;
}

/* Under the lock: the registered watch, or NULL after reporting. */
static struct mv_stream_watch *watch_get(virStreamPtr st)
{
    if (!st->watch)
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_INTERNAL_ERROR,
                        "stream does not have a callback registered");
    return st->watch;
}

int mv_stream_watch_update(virStreamPtr st, int events)
{
    g_rec_mutex_lock(&st->lock);
    struct mv_stream_watch *w = watch_get(st);
    if (w) {
        w->events = events;
        if (w->by_fd)
            virEventUpdateHandle(w->timer, events & (VIR_STREAM_EVENT_READABLE |
                                                     VIR_STREAM_EVENT_WRITABLE));
        else
            virEventUpdateTimeout(w->timer, watch_frequency(st, events));
    }
    g_rec_mutex_unlock(&st->lock);
    return w ? 0 : -1;
}

int mv_stream_watch_remove(virStreamPtr st)
{
    g_rec_mutex_lock(&st->lock);
    bool found = watch_get(st) != NULL;
    watch_drop(st);
    g_rec_mutex_unlock(&st->lock);
    return found ? 0 : -1;
}
