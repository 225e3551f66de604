/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/client.c — one connected client: its reference count, and sending
 * to it. A message is written by the thread that made it, under the
 * client's write lock, as far as the socket takes it without blocking;
 * what is left waits in the client's queue, which the main thread flushes.
 * So a reply leaves the daemon with no thread hop, and a slow reader holds
 * up no one but itself. */
#include "daemon.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
    uint8_t *data;
    size_t len;
    size_t off;
} mvd_buf;

static guint64 next_id = 1;

mvd_client *mvd_client_new(int fd, bool readonly)
{
    mvd_client *c = g_new0(mvd_client, 1);
    c->refs = 1;
    c->fd = fd;
    c->id = g_atomic_pointer_add(&next_id, 1);
    c->readonly = readonly;
    g_mutex_init(&c->lock);
    g_mutex_init(&c->wlock);
    g_mutex_init(&c->reg_lock);
    g_queue_init(&c->txq);
    c->regs = g_ptr_array_new();
    c->last_rx = g_get_monotonic_time();
    c->accepted = c->last_rx;
    /* A unix socket's; a network listener sets its own. */
    c->auth = readonly ? mvd_cfg.auth_unix_ro : mvd_cfg.auth_unix_rw;
    return c;
}

mvd_client *mvd_client_ref(mvd_client *c)
{
    g_atomic_int_inc(&c->refs);
    return c;
}

static void buf_free(gpointer p)
{
    mvd_buf *b = p;
    g_free(b->data);
    g_free(b);
}

void mvd_client_unref(mvd_client *c)
{
    if (!g_atomic_int_dec_and_test(&c->refs))
        return;
    mv_channel_free(c->chan);
    g_free(c->addr);
    if (c->fd >= 0)
        close(c->fd);
    g_queue_clear_full(&c->txq, buf_free);
    g_free(c->ibuf);
    g_free(c->rbuf);
    g_ptr_array_unref(c->regs);
    mvd_auth_free(c);
    g_mutex_clear(&c->lock);
    g_mutex_clear(&c->wlock);
    g_mutex_clear(&c->reg_lock);
    g_free(c);
}

/* Under the write lock: writes what the socket takes now. False when the
 * socket failed (the client is then dead). */
static bool write_some(mvd_client *c, const uint8_t *data, size_t len, size_t *done)
{
    *done = 0;
    while (*done < len) {
        ssize_t n = c->chan ? mv_channel_send(c->chan, data + *done, len - *done, false)
                            : send(c->fd, data + *done, len - *done, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            *done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        return false;
    }
    return true;
}

/* Replies of calls a worker runs in turn, held to leave in one write. */
static _Thread_local mvd_client *cork_client;
static _Thread_local GByteArray *cork_buf;

void mvd_client_cork(mvd_client *c)
{
    cork_client = c;
    if (!cork_buf)
        cork_buf = g_byte_array_new();
}

void mvd_client_uncork(mvd_client *c)
{
    if (cork_client != c)
        return;
    cork_client = NULL;
    if (cork_buf->len == 0)
        return;
    size_t len = cork_buf->len;
    uint8_t *data = g_memdup2(cork_buf->data, len);
    g_byte_array_set_size(cork_buf, 0);
    mvd_client_send(c, data, len);
}

void mvd_client_send(mvd_client *c, uint8_t *buf, size_t len)
{
    if (cork_client == c) {
        g_byte_array_append(cork_buf, buf, (guint)len);
        g_free(buf);
        return;
    }
    bool failed = false, queued = false;
    g_mutex_lock(&c->wlock);
    size_t done = 0;
    if (g_queue_is_empty(&c->txq))
        failed = !write_some(c, buf, len, &done);
    if (failed || done == len) {
        g_free(buf);
    } else {
        mvd_buf *b = g_new(mvd_buf, 1);
        *b = (mvd_buf){ buf, len, done };
        g_queue_push_tail(&c->txq, b);
        c->tx_bytes += len - done;
        queued = true;
    }
    g_mutex_unlock(&c->wlock);
    if (queued) {
        /* The main thread writes the rest when the socket has room (not
         * for a dead client: its output is dropped). */
        g_mutex_lock(&c->lock);
        mvd_server_update(c);
        g_mutex_unlock(&c->lock);
    }
    if (failed)
        mvd_client_kill(c, "write failed");
}

/* The main thread: the socket can take more. Returns false when it failed. */
bool mvd_client_flush(mvd_client *c);
bool mvd_client_flush(mvd_client *c)
{
    bool ok = true;
    g_mutex_lock(&c->wlock);
    mvd_buf *b;
    while (ok && (b = g_queue_peek_head(&c->txq))) {
        size_t done = 0;
        ok = write_some(c, b->data + b->off, b->len - b->off, &done);
        b->off += done;
        c->tx_bytes -= done;
        if (b->off < b->len)
            break;
        buf_free(g_queue_pop_head(&c->txq));
    }
    bool drained = ok && g_queue_is_empty(&c->txq);
    g_mutex_unlock(&c->wlock);
    g_mutex_lock(&c->lock);
    if (ok)
        mvd_server_update(c);
    bool stream_wait = c->streams != NULL;
    g_mutex_unlock(&c->lock);
    if (drained && stream_wait)
        mvd_streams_tx_drained(c);
    return ok;
}

size_t mvd_client_backlog(mvd_client *c)
{
    g_mutex_lock(&c->wlock);
    size_t n = c->tx_bytes;
    g_mutex_unlock(&c->wlock);
    return n;
}

bool mvd_client_tx_empty(mvd_client *c)
{
    g_mutex_lock(&c->wlock);
    bool empty = g_queue_is_empty(&c->txq);
    g_mutex_unlock(&c->wlock);
    return empty;
}

bool mvd_client_send_msg(mvd_client *c, const mv_rpc_header *hdr, mv_xdr_proc proc, void *body)
{
    mv_xdr x;
    if (!mv_rpc_message_begin(&x, hdr) || (proc && !proc(&x, body)) || !mv_rpc_message_finish(&x)) {
        mv_xdr_dispose(&x);
        return false;
    }
    size_t len;
    uint8_t *buf = mv_xdr_steal(&x, &len);
    mvd_client_send(c, buf, len);
    return true;
}

void mvd_error_from_last(mv_remote_error *err)
{
    virErrorPtr e = virGetLastError();
    memset(err, 0, sizeof(*err));
    if (!e || e->code == VIR_ERR_OK) {
        /* libvirt's words when a function failed without saying why. */
        err->code = VIR_ERR_INTERNAL_ERROR;
        err->domain = VIR_FROM_RPC;
        err->message = g_strdup("Library function returned error but did not set virError");
        err->level = VIR_ERR_ERROR;
        return;
    }
    err->code = e->code;
    err->domain = e->domain;
    err->message = g_strdup(e->message);
    err->level = e->level;
    err->str1 = g_strdup(e->str1);
    err->str2 = g_strdup(e->str2);
    err->str3 = g_strdup(e->str3);
    err->int1 = e->int1;
    err->int2 = e->int2;
}

void mvd_client_send_error(mvd_client *c, const mv_rpc_header *req, int type)
{
    mv_rpc_header h = *req;
    h.type = type;
    h.status = MV_RPC_ERROR;
    mv_remote_error err;
    mvd_error_from_last(&err);
    if (!mvd_client_send_msg(c, &h, mv_remote_error_xdr, &err))
        mvd_log(MVD_LOG_ERROR, "client %" G_GUINT64_FORMAT ": cannot encode an error reply",
                c->id);
    mv_xdr_free(mv_remote_error_xdr, &err);
}
