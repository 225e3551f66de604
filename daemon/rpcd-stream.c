/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-stream.c — streams: volume upload and download (sparse too)
 * and domain consoles, carried as libvirt carries them. After the call's
 * empty reply, data flows as STREAM messages under the call's procedure
 * and serial: status CONTINUE with data, STREAM_HOLE messages for holes,
 * CONTINUE with no data for the end of the data, OK with no data for the
 * finish (which the daemon confirms with the same), ERROR with an error
 * for an abort.
 *
 * The daemon's end is a non-blocking virStream on the client's connection,
 * served on the event loop thread: the stream's READABLE events send data
 * to the client, and input from the client waits in a queue that a timer
 * (or WRITABLE, when the stream was full) drains into the stream. Flow
 * control both ways: reading from the stream stops while the client has
 * more than MVD_STREAM_HIGH_WATER bytes of output waiting, and the client
 * is not read while a stream's input queue holds more than that. */
#include "daemon.h"
#include <modvirt/modvirt.h>

#include <string.h>

typedef struct {
    uint8_t *buf;
    size_t len;
    size_t off;                  /* data consumed so far */
    mv_rpc_header hdr;
} stream_in;

struct mvd_stream {
    gint refs;
    mvd_client *client;          /* a reference */
    virStreamPtr st;
    int proc;
    uint32_t serial;
    bool sparse;                 /* holes go both ways */
    bool can_recv;               /* data flows from the stream to the client */

    GMutex lock;
    GQueue rxq;                  /* stream_in */
    size_t rx_bytes;
    bool held;                   /* counted in the client's stream_hold */
    bool started, closed, recv_eof;
    bool send_blocked;           /* the stream said -2: wait for WRITABLE */
    bool tx_wait;                /* the client's output is backed up */
    bool watching;
    long long data_left;         /* sparse download: data before the next hole */
    int kick;                    /* timer draining the input queue, or -1 */
};

static mvd_stream *stream_ref(mvd_stream *s)
{
    g_atomic_int_inc(&s->refs);
    return s;
}

static void stream_unref(void *p)
{
    mvd_stream *s = p;
    if (!g_atomic_int_dec_and_test(&s->refs))
        return;
    stream_in *in;
    while ((in = g_queue_pop_head(&s->rxq))) {
        g_free(in->buf);
        g_free(in);
    }
    virStreamFree(s->st);
    mvd_client_unref(s->client);
    g_mutex_clear(&s->lock);
    g_free(s);
}

/* ---- sending to the client ------------------------------------------------ */

static void send_status(mvd_stream *s, int type, int status)
{
    mv_rpc_header h = { MV_RPC_REMOTE_PROGRAM, MV_RPC_REMOTE_VERSION, s->proc, type, s->serial,
                        status };
    if (status == MV_RPC_ERROR)
        mvd_client_send_error(s->client, &h, type);
    else
        mvd_client_send_msg(s->client, &h, NULL, NULL);
}

static void send_hole(mvd_stream *s, long long length)
{
    mv_rpc_header h = { MV_RPC_REMOTE_PROGRAM, MV_RPC_REMOTE_VERSION, s->proc, MV_RPC_STREAM_HOLE,
                        s->serial, MV_RPC_CONTINUE };
    mv_rpc_stream_hole hole = { length, 0 };
    mvd_client_send_msg(s->client, &h, mv_rpc_stream_hole_xdr, &hole);
}

/* ---- state ------------------------------------------------------------------ */

/* Under S->lock: the stream events S needs now. */
static int wanted_events(mvd_stream *s)
{
    int ev = 0;
    if (s->can_recv && !s->recv_eof && !s->tx_wait)
        ev |= VIR_STREAM_EVENT_READABLE;
    if (s->send_blocked)
        ev |= VIR_STREAM_EVENT_WRITABLE;
    return ev;
}

static void update_watch(mvd_stream *s)
{
    if (s->watching && !s->closed)
        virStreamEventUpdateCallback(s->st, wanted_events(s));
}

static void kick(mvd_stream *s)
{
    if (s->kick >= 0 && s->started && !s->closed && !s->send_blocked &&
        !g_queue_is_empty(&s->rxq))
        virEventUpdateTimeout(s->kick, 0);
}

/* Under S->lock: the client may be read again when the queue is short. */
static void update_hold(mvd_stream *s)
{
    bool hold = !s->closed && s->rx_bytes > MVD_STREAM_HIGH_WATER;
    if (hold == s->held)
        return;
    s->held = hold;
    mvd_client *c = s->client;
    g_mutex_lock(&c->lock);
    c->stream_hold += hold ? 1 : -1;
    mvd_server_update(c);
    g_mutex_unlock(&c->lock);
}

/* Under S->lock: the transfer is over; stops everything. */
static void stream_close(mvd_stream *s, bool abort)
{
    if (s->closed)
        return;
    s->closed = true;
    if (s->watching) {
        virStreamEventRemoveCallback(s->st);
        s->watching = false;
    }
    if (s->kick >= 0) {
        virEventRemoveTimeout(s->kick);
        s->kick = -1;
    }
    if (abort && virStreamAbort(s->st) < 0)
        virResetLastError();
    stream_in *in;
    while ((in = g_queue_pop_head(&s->rxq))) {
        g_free(in->buf);
        g_free(in);
    }
    s->rx_bytes = 0;
    update_hold(s);
    mvd_client *c = s->client;
    g_mutex_lock(&c->lock);
    GList *l = g_list_find(c->streams, s);
    if (l)
        c->streams = g_list_delete_link(c->streams, l);
    g_mutex_unlock(&c->lock);
    if (l)
        stream_unref(s);   /* the client's list's reference */
}

/* Under S->lock: a failure of the stream: the client gets the error as a
 * STREAM message. */
static void stream_fail(mvd_stream *s)
{
    send_status(s, MV_RPC_STREAM, MV_RPC_ERROR);
    virResetLastError();
    stream_close(s, true);
}

/* ---- client to stream ------------------------------------------------------- */

static void pop_in(mvd_stream *s)
{
    stream_in *in = g_queue_pop_head(&s->rxq);
    s->rx_bytes -= in->len;
    g_free(in->buf);
    g_free(in);
}

/* Under S->lock: feeds queued input to the stream until it is empty, the
 * stream is full, or the transfer ends. */
static void drain_input(mvd_stream *s)
{
    stream_in *in;
    while (!s->closed && (in = g_queue_peek_head(&s->rxq))) {
        const uint8_t *body = in->buf + MV_RPC_LEN_SIZE + MV_RPC_HEADER_SIZE;
        size_t blen = in->len - MV_RPC_LEN_SIZE - MV_RPC_HEADER_SIZE;

        if (in->hdr.type == MV_RPC_STREAM_HOLE) {
            mv_xdr x;
            mv_rpc_stream_hole hole = { 0 };
            mv_xdr_init_decode(&x, body, blen);
            if (!s->sparse) {
                mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unexpected stream hole");
                stream_fail(s);
                return;
            }
            if (!mv_rpc_stream_hole_xdr(&x, &hole)) {
                mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to decode message payload");
                stream_fail(s);
                return;
            }
            if (virStreamSendHole(s->st, hole.length, hole.flags) < 0) {
                stream_fail(s);
                return;
            }
            pop_in(s);
            continue;
        }
        switch (in->hdr.status) {
        case MV_RPC_CONTINUE: {
            if (in->off == blen) {
                pop_in(s);
                continue;
            }
            int n = virStreamSend(s->st, (const char *)body + in->off, blen - in->off);
            if (n == -2) {
                s->send_blocked = true;
                update_watch(s);
                return;
            }
            if (n < 0) {
                stream_fail(s);
                return;
            }
            in->off += (size_t)n;
            continue;
        }
        case MV_RPC_OK:
            /* The client's end: finish (an upload is complete only now),
             * and confirm with an empty OK, or say why it failed. */
            if (virStreamFinish(s->st) < 0) {
                send_status(s, MV_RPC_REPLY, MV_RPC_ERROR);
                virResetLastError();
            } else {
                send_status(s, MV_RPC_STREAM, MV_RPC_OK);
            }
            stream_close(s, false);
            return;
        default:
            /* The client aborted. */
            if (virStreamAbort(s->st) < 0)
                virResetLastError();
            mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "stream aborted at client request");
            send_status(s, MV_RPC_REPLY, MV_RPC_ERROR);
            virResetLastError();
            stream_close(s, false);
            return;
        }
    }
    update_hold(s);
}

static void on_kick(int timer, void *opaque)
{
    mvd_stream *s = stream_ref(opaque);
    virEventUpdateTimeout(timer, -1);
    g_mutex_lock(&s->lock);
    if (!s->closed && !s->send_blocked)
        drain_input(s);
    g_mutex_unlock(&s->lock);
    stream_unref(s);
}

/* ---- stream to client ------------------------------------------------------- */

/* Under S->lock: sends what the stream has, a few chunks at a time so that
 * one stream does not hold the loop. */
static void pump_output(mvd_stream *s)
{
    for (int round = 0; round < 4 && !s->closed && !s->recv_eof; round++) {
        if (mvd_client_backlog(s->client) > MVD_STREAM_HIGH_WATER) {
            s->tx_wait = true;
            update_watch(s);
            return;
        }
        size_t want = MV_RPC_STREAM_CHUNK;
        if (s->sparse) {
            if (s->data_left == 0) {
                int in_data = 0;
                long long len = 0;
                if (virStreamInData(s->st, &in_data, &len) < 0) {
                    stream_fail(s);
                    return;
                }
                if (!in_data && len > 0) {
                    send_hole(s, len);
                    /* The hole is skipped in the stream by receiving it. */
                    if (virStreamRecvHole(s->st, &len, 0) < 0) {
                        virResetLastError();
                    }
                    continue;
                }
                s->data_left = len;
            }
            if (s->data_left > 0 && (long long)want > s->data_left)
                want = (size_t)s->data_left;
        }
        mv_rpc_header h = { MV_RPC_REMOTE_PROGRAM, MV_RPC_REMOTE_VERSION, s->proc, MV_RPC_STREAM,
                            s->serial, MV_RPC_CONTINUE };
        mv_xdr x;
        mv_rpc_message_begin(&x, &h);
        size_t base = x.len;
        uint8_t *dst = mv_xdr_reserve(&x, want);
        int n = dst ? virStreamRecv(s->st, (char *)dst, want) : -1;
        if (n == -2) {
            mv_xdr_dispose(&x);
            return;
        }
        if (n < 0) {
            mv_xdr_dispose(&x);
            stream_fail(s);
            return;
        }
        x.len = base + (size_t)n;
        if (n == 0) {
            mv_xdr_dispose(&x);
            /* End of data: a CONTINUE with no data. The client then
             * finishes (an empty OK), which the daemon confirms. */
            s->recv_eof = true;
            send_status(s, MV_RPC_STREAM, MV_RPC_CONTINUE);
            update_watch(s);
            return;
        }
        if (s->sparse && s->data_left > 0)
            s->data_left -= n;
        mv_rpc_message_finish(&x);
        size_t len;
        uint8_t *buf = mv_xdr_steal(&x, &len);
        mvd_client_send(s->client, buf, len);
    }
}

static void on_stream_event(virStreamPtr st, int events, void *opaque)
{
    (void)st;
    mvd_stream *s = stream_ref(opaque);
    g_mutex_lock(&s->lock);
    if (s->closed)
        goto out;
    if ((events & VIR_STREAM_EVENT_WRITABLE) && s->send_blocked) {
        s->send_blocked = false;
        update_watch(s);
        drain_input(s);
    }
    if (!s->closed && (events & VIR_STREAM_EVENT_READABLE))
        pump_output(s);
    if (!s->closed && (events & (VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR)) &&
        !(events & VIR_STREAM_EVENT_READABLE)) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%s",
                        (events & VIR_STREAM_EVENT_HANGUP) ? "stream had unexpected termination"
                                                           : "stream had I/O failure");
        stream_fail(s);
    }
out:
    g_mutex_unlock(&s->lock);
    stream_unref(s);
}

/* ---- life cycle --------------------------------------------------------------- */

static mvd_stream *stream_new(mv_rpcd_call *call, virStreamPtr st, bool sparse, bool can_recv)
{
    mvd_stream *s = g_new0(mvd_stream, 1);
    s->refs = 1;   /* the client's list */
    s->client = mvd_client_ref(call->client);
    s->st = st;
    s->proc = call->hdr.proc;
    s->serial = call->hdr.serial;
    s->sparse = sparse;
    s->can_recv = can_recv;
    s->kick = -1;
    g_mutex_init(&s->lock);
    g_queue_init(&s->rxq);
    mvd_client *c = call->client;
    g_mutex_lock(&c->lock);
    c->streams = g_list_prepend(c->streams, s);
    g_mutex_unlock(&c->lock);
    call->stream = s;
    return s;
}

/* Every entry point holds a reference of its own while it has S locked:
 * closing drops the client list's, which may be the last but this one. */
void mvd_stream_start(mvd_stream *s)
{
    stream_ref(s);
    g_mutex_lock(&s->lock);
    if (!s->closed) {
        s->started = true;
        s->kick = virEventAddTimeout(-1, on_kick, stream_ref(s), stream_unref);
        if (s->kick < 0)
            stream_unref(s);
        if (virStreamEventAddCallback(s->st, wanted_events(s), on_stream_event, stream_ref(s),
                                      stream_unref) < 0) {
            stream_unref(s);
            stream_fail(s);
        } else {
            s->watching = true;
        }
        kick(s);
    }
    g_mutex_unlock(&s->lock);
    stream_unref(s);
}

void mvd_stream_discard(mvd_stream *s)
{
    stream_ref(s);
    g_mutex_lock(&s->lock);
    stream_close(s, true);
    g_mutex_unlock(&s->lock);
    stream_unref(s);
}

void mvd_stream_input(mvd_client *c, uint8_t *buf, size_t len, const mv_rpc_header *hdr)
{
    mvd_stream *s = NULL;
    g_mutex_lock(&c->lock);
    for (GList *l = c->streams; l; l = l->next) {
        mvd_stream *t = l->data;
        if (t->serial == hdr->serial && t->proc == hdr->proc) {
            s = stream_ref(t);
            break;
        }
    }
    g_mutex_unlock(&c->lock);
    if (!s) {
        /* Data may still come after a stream ended: dropped, as libvirt does. */
        mvd_log(MVD_LOG_DEBUG, "client %" G_GUINT64_FORMAT ": ignoring stream data for serial %u "
                "proc %d", c->id, hdr->serial, hdr->proc);
        g_free(buf);
        return;
    }
    g_mutex_lock(&s->lock);
    if (s->closed) {
        g_free(buf);
    } else {
        stream_in *in = g_new0(stream_in, 1);
        *in = (stream_in){ buf, len, 0, *hdr };
        g_queue_push_tail(&s->rxq, in);
        s->rx_bytes += len;
        update_hold(s);
        kick(s);
    }
    g_mutex_unlock(&s->lock);
    stream_unref(s);
}

void mvd_streams_tx_drained(mvd_client *c)
{
    GPtrArray *list = g_ptr_array_new();
    g_mutex_lock(&c->lock);
    for (GList *l = c->streams; l; l = l->next)
        g_ptr_array_add(list, stream_ref(l->data));
    g_mutex_unlock(&c->lock);
    for (guint i = 0; i < list->len; i++) {
        mvd_stream *s = list->pdata[i];
        g_mutex_lock(&s->lock);
        if (s->tx_wait && !s->closed) {
            s->tx_wait = false;
            update_watch(s);
        }
        g_mutex_unlock(&s->lock);
        stream_unref(s);
    }
    g_ptr_array_unref(list);
}

void mvd_streams_clear(mvd_client *c)
{
    for (;;) {
        g_mutex_lock(&c->lock);
        mvd_stream *s = c->streams ? stream_ref(c->streams->data) : NULL;
        g_mutex_unlock(&c->lock);
        if (!s)
            return;
        g_mutex_lock(&s->lock);
        stream_close(s, true);
        g_mutex_unlock(&s->lock);
        stream_unref(s);
    }
}

/* ---- the procedures ------------------------------------------------------------ */

/* Starts a volume transfer on a new stream of the client's: upload (the
 * client sends) or download (the daemon sends), sparse when FLAGS says. */
static int vol_transfer(mv_rpcd_call *call, virConnectPtr conn, const mv_remote_vol *w,
                        unsigned long long offset, unsigned long long length,
                        unsigned int flags, bool download)
{
    if (!mvd_need_conn(conn))
        return -1;
    virStorageVolPtr vol = mv_remote_vol_get(conn, w);
    if (!vol)
        return -1;
    virStreamPtr st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    int rv = -1;
    if (st && (download ? virStorageVolDownload(vol, st, offset, length, flags)
                        : virStorageVolUpload(vol, st, offset, length, flags)) == 0) {
        bool sparse = flags & (download ? VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM
                                        : VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
        stream_new(call, st, sparse, download);
        st = NULL;
        rv = 0;
    }
    MVD_KEEP_ERROR(if (st) virStreamFree(st); virStorageVolFree(vol));
    return rv;
}

int mv_rpcd_custom_storage_vol_upload(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                      void *ret)
{
    (void)ret;
    mv_remote_storage_vol_upload_args *a = args;
    return vol_transfer(call, conn, &a->vol, a->offset, a->length, a->flags, false);
}

int mv_rpcd_custom_storage_vol_download(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                        void *ret)
{
    (void)ret;
    mv_remote_storage_vol_download_args *a = args;
    return vol_transfer(call, conn, &a->vol, a->offset, a->length, a->flags, true);
}

int mv_rpcd_custom_domain_screenshot(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                     void *ret)
{
    mv_remote_domain_screenshot_args *a = args;
    mv_remote_domain_screenshot_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virStreamPtr st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    char *mime = st ? virDomainScreenshot(dom, st, a->screen, a->flags) : NULL;
    if (mime) {
        r->mime = g_strdup(mime);
        free(mime);
        stream_new(call, st, false, true);
        st = NULL;
    }
    MVD_KEEP_ERROR(if (st) virStreamFree(st); virDomainFree(dom));
    return r->mime ? 0 : -1;
}

int mv_rpcd_custom_domain_open_console(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                       void *ret)
{
    (void)ret;
    mv_remote_domain_open_console_args *a = args;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    virStreamPtr st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    int rv = -1;
    if (st && virDomainOpenConsole(dom, a->dev_name, st, a->flags) == 0) {
        stream_new(call, st, false, true);
        st = NULL;
        rv = 0;
    }
    MVD_KEEP_ERROR(if (st) virStreamFree(st); virDomainFree(dom));
    return rv;
}
