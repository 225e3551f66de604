/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-client.c — calls on a connection to a daemon.
 *
 * A caller writes its own request under the write lock and then waits for
 * its serial's reply. The reading is passed from waiter to waiter: the
 * first waiter that finds nobody reading reads the socket itself (one
 * wakeup per reply: the kernel's), hands every message to where it belongs
 * and, once its own reply is in, signals another waiter to take over. One
 * thread, shared by all the connections of the process (the watcher),
 * reads a connection only after it has been idle for IDLE_US (events,
 * pings and the daemon's end arrive then), sends keepalive pings, and runs
 * close callbacks; opening and closing a connection cost it nothing.
 */
#include "remote.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define MV_LOG_SRC "remote"

/* How long the connection must be quiet before its thread reads. */
#define IDLE_US (20 * G_TIME_SPAN_MILLISECOND)
/* The encode buffer a thread keeps between calls, at most. */
#define KEEP_BUFFER (1024 * 1024)

typedef struct stream_ref {
    uint32_t serial;
    mv_remote_stream *stream;
    struct stream_ref *next;
} stream_ref;

struct mv_remote_client {
    int fd;
    mv_channel *chan;            /* a security layer over fd, or NULL */
    virConnectPtr conn;
    GMutex lock;
    GMutex wlock;                /* one writer at a time */
    guint serial;                /* atomic: the last serial given out */
    mv_remote_pending *calls;    /* sent, not answered */
    mv_remote_waiter *waiters;   /* threads waiting on this client */
    mv_remote_waiter *reader;    /* the one reading the socket, or NULL */
    mv_remote_waiter io;         /* the thread, as a reader */
    stream_ref *streams;
    mv_remote_events *events;

    /* The reader's buffer (only the reader touches it). */
    uint8_t *rbuf;
    size_t rcap, rstart, rend;

    bool closed;                 /* the socket is gone */
    int close_reason;            /* virConnectCloseReason */
    int close_code;              /* what in-flight calls report */
    char *close_msg;
    bool stopping;               /* closed by the application */
    bool notified;

    bool keepalive;              /* pinging the daemon */
    bool ka_supported;           /* the daemon speaks keepalive */
    int ka_interval;             /* seconds of silence before a ping */
    unsigned int ka_count;       /* pings unanswered before the end */
    gint64 last_rx;              /* monotonic time of the last message in */
    gint64 last_ping;
    int unanswered;
    gint64 last_active;          /* a call finished */
    bool registered;             /* known to the watcher */
    bool watched;                /* the watcher reads it (reader is &io) */
    bool in_epoll;               /* added to the watcher's poll set */
};

typedef struct tbuf {
    uint8_t *buf;
    size_t cap;
} tbuf;

static void tbuf_free(gpointer p)
{
    tbuf *t = p;
    g_free(t->buf);
    g_free(t);
}

static GPrivate encode_buffer = G_PRIVATE_INIT(tbuf_free);

mv_remote_client *mv_remote_client_new(int fd, virConnectPtr conn)
{
    mv_remote_client *c = g_new0(mv_remote_client, 1);
    c->fd = fd;
    c->conn = conn;
    g_mutex_init(&c->lock);
    g_mutex_init(&c->wlock);
    g_cond_init(&c->io.cond);
    c->rcap = MV_RPC_MESSAGE_INITIAL;
    c->rbuf = g_malloc(c->rcap);
    c->last_rx = c->last_active = g_get_monotonic_time();
    return c;
}

void mv_remote_client_set_channel(mv_remote_client *c, mv_channel *ch)
{
    mv_channel_free(c->chan);
    c->chan = ch;
}

bool mv_remote_client_encrypted(mv_remote_client *c)
{
    return c->chan != NULL;
}

bool mv_remote_client_local(mv_remote_client *c)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    return getsockname(c->fd, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_UNIX;
}

/* Through the layer, blocking. No record carries the end of one message
 * and the start of the next: a daemon that waits for its socket between
 * messages (libvirtd does) would not see the second one, decoded already
 * inside its own TLS layer. The parts start at a message's start. */
static int write_layer(mv_remote_client *c, struct iovec *iov, int niov)
{
    size_t msg_left = 0;
    for (int i = 0; i < niov; i++) {
        const uint8_t *p = iov[i].iov_base;
        size_t left = iov[i].iov_len;
        while (left > 0) {
            if (msg_left == 0)
                msg_left = left >= MV_RPC_LEN_SIZE ? mv_rpc_message_length(p) : 0;
            size_t want = msg_left && msg_left < left ? msg_left : left;
            ssize_t n = mv_channel_send(c->chan, p, want, true);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return errno;
            }
            p += n;
            left -= (size_t)n;
            msg_left = msg_left > (size_t)n ? msg_left - (size_t)n : 0;
        }
    }
    return 0;
}

void mv_remote_client_lock(mv_remote_client *c)
{
    g_mutex_lock(&c->lock);
}

void mv_remote_client_unlock(mv_remote_client *c)
{
    g_mutex_unlock(&c->lock);
}

void mv_remote_client_set_events(mv_remote_client *c, mv_remote_events *ev)
{
    g_mutex_lock(&c->lock);
    c->events = ev;
    g_mutex_unlock(&c->lock);
}

static void watcher_kick(void);

/* The socket is gone, for REASON; calls in flight report CODE / MSG. With
 * the lock held. */
static void mark_closed(mv_remote_client *c, int reason, int code, char *msg)
{
    if (c->closed) {
        g_free(msg);
        return;
    }
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "connection closed: %s", msg ? msg : "");
    c->closed = true;
    c->close_reason = reason;
    c->close_code = code;
    c->close_msg = msg;
    shutdown(c->fd, SHUT_RDWR);
    for (mv_remote_waiter *w = c->waiters; w; w = w->next)
        g_cond_signal(&w->cond);
    for (stream_ref *r = c->streams; r; r = r->next)
        mv_remote_stream_disconnect(r->stream);
    /* The watcher runs the close callback (not for a close of our own). */
    if (!c->stopping && c->registered)
        watcher_kick();
}

/* WHAT and ERRNUM's text; for an ssh connection, with what ssh said in
 * between, as libvirt words it. */
static char *errno_text(mv_remote_client *c, const char *what, int errnum)
{
    g_autofree char *said = mv_remote_tunnel_said(c->fd);
    if (said)
        return g_strdup_printf("%s: %s: %s", what, said, g_strerror(errnum));
    return g_strdup_printf("%s: %s", what, g_strerror(errnum));
}

bool mv_remote_client_check_closed(mv_remote_client *c)
{
    if (!c->closed)
        return false;
    mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "client socket is closed");
    return true;
}

/* Reports why a call in flight failed with the connection. */
static void report_close(mv_remote_client *c)
{
    if (c->close_msg)
        mv_error_report(VIR_FROM_RPC, c->close_code, "%s", c->close_msg);
    else
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "client socket is closed");
}

/* ---- writing ---------------------------------------------------------- */

/* Writes the NIOV parts of one message (IOV is consumed). */
static int write_iov(mv_remote_client *c, struct iovec *iov, int niov)
{
    int err = 0;
    g_mutex_lock(&c->wlock);
    if (c->chan) {
        err = write_layer(c, iov, niov);
        niov = 0;
    }
    while (niov > 0) {
        struct msghdr mh = { .msg_iov = iov, .msg_iovlen = (size_t)niov };
        ssize_t n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        while (niov > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            niov--;
        }
        if (niov > 0) {
            iov->iov_base = (uint8_t *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
    g_mutex_unlock(&c->wlock);
    if (!err)
        return 0;
    g_mutex_lock(&c->lock);
    /* Closed already: why; else this is why. */
    if (!c->closed)
        mark_closed(c, VIR_CONNECT_CLOSE_REASON_ERROR, VIR_ERR_SYSTEM_ERROR,
                    errno_text(c, "Cannot write data", err));
    report_close(c);
    g_mutex_unlock(&c->lock);
    return -1;
}

static int write_all(mv_remote_client *c, const uint8_t *buf, size_t len)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    return write_iov(c, &iov, 1);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

int mv_remote_client_send_data(mv_remote_client *c, const mv_rpc_header *h,
                               const void *data, size_t len)
{
    uint8_t head[MV_RPC_LEN_SIZE + MV_RPC_HEADER_SIZE];
    put_u32(head, (uint32_t)(sizeof(head) + len));
    put_u32(head + 4, h->prog);
    put_u32(head + 8, h->vers);
    put_u32(head + 12, (uint32_t)h->proc);
    put_u32(head + 16, (uint32_t)h->type);
    put_u32(head + 20, h->serial);
    put_u32(head + 24, (uint32_t)h->status);
    struct iovec iov[2] = {
        { .iov_base = head, .iov_len = sizeof(head) },
        { .iov_base = (void *)data, .iov_len = len },
    };
    return write_iov(c, iov, len ? 2 : 1);
}

/* The calling thread's encode buffer, as an empty encoder of up to MAX. */
static tbuf *encoder_take(mv_xdr *x, size_t max)
{
    tbuf *t = g_private_get(&encode_buffer);
    if (!t) {
        t = g_new0(tbuf, 1);
        g_private_set(&encode_buffer, t);
    }
    mv_xdr_init_encode(x, max);
    x->buf = t->buf;
    x->cap = t->cap;
    return t;
}

static void encoder_give_back(tbuf *t, mv_xdr *x)
{
    t->buf = x->buf;
    t->cap = x->cap;
    if (t->cap > KEEP_BUFFER) {
        g_free(t->buf);
        t->buf = NULL;
        t->cap = 0;
    }
}

/* Appends one whole message (length word, header H, body OBJ coded by
 * XDR) to X. */
static bool encode_message(mv_xdr *x, const mv_rpc_header *h, mv_xdr_proc xdr, void *obj)
{
    size_t start = x->len;
    mv_rpc_header hh = *h;
    if (!mv_xdr_reserve(x, MV_RPC_LEN_SIZE) || !mv_rpc_header_xdr(x, &hh) ||
        (xdr && !xdr(x, obj)) || x->failed || x->len - start > MV_RPC_MESSAGE_MAX)
        return false;
    put_u32(x->buf + start, (uint32_t)(x->len - start));
    return true;
}

int mv_remote_client_send_message(mv_remote_client *c, const mv_rpc_header *h,
                                  mv_xdr_proc xdr, void *obj)
{
    mv_xdr x;
    tbuf *t = encoder_take(&x, MV_RPC_MESSAGE_MAX);
    int rc;
    if (!encode_message(&x, h, xdr, obj)) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to encode message payload");
        rc = -1;
    } else {
        rc = write_all(c, x.buf, x.len);
    }
    encoder_give_back(t, &x);
    return rc;
}

static void send_keepalive(mv_remote_client *c, int proc)
{
    mv_rpc_header h = {
        .prog = MV_RPC_KEEPALIVE_PROGRAM, .vers = MV_RPC_KEEPALIVE_VERSION, .proc = proc,
        .type = MV_RPC_MESSAGE, .serial = 0, .status = MV_RPC_OK,
    };
    if (mv_remote_client_send_data(c, &h, NULL, 0) < 0)
        mv_error_reset();
}

uint32_t mv_remote_client_next_serial(mv_remote_client *c)
{
    return (uint32_t)g_atomic_int_add((gint *)&c->serial, 1) + 1;
}

/* ---- reading ---------------------------------------------------------- */

static mv_remote_pending *find_call(mv_remote_client *c, uint32_t serial)
{
    for (mv_remote_pending *p = c->calls; p; p = p->next)
        if (p->serial == serial)
            return p;
    return NULL;
}

static mv_remote_stream *find_stream(mv_remote_client *c, uint32_t serial)
{
    for (stream_ref *r = c->streams; r; r = r->next)
        if (r->serial == serial)
            return r->stream;
    return NULL;
}

/* Anything the peer sends shows it alive. With the lock held. */
static void note_rx(mv_remote_client *c, gint64 now)
{
    c->last_rx = now;
    c->unanswered = 0;
}

/* A reply for P: decoded into the caller's result. With the lock held. */
static void deliver_reply(mv_remote_client *c, mv_remote_pending *p, const mv_rpc_header *h,
                          mv_xdr *x)
{
    if (h->status == MV_RPC_OK) {
        p->status = MV_RPC_OK;
        if (p->ret_xdr && !p->ret_xdr(x, p->ret)) {
            mv_xdr_free(p->ret_xdr, p->ret);
            p->status = -1;
        }
    } else if (h->status == MV_RPC_ERROR) {
        p->status = MV_RPC_ERROR;
        if (!mv_remote_error_xdr(x, &p->err)) {
            mv_xdr_free(mv_remote_error_xdr, &p->err);
            memset(&p->err, 0, sizeof(p->err));
            p->status = -1;
        }
    } else {
        p->status = -1;
    }
    p->w.done = true;
    /* The reader finds its own reply without being woken, and a caller
     * not waiting yet finds it when it comes to wait. */
    if (p->w.queued && c->reader != &p->w)
        g_cond_signal(&p->w.cond);
}

/* Handles one whole message; called by the reader without the lock.
 * Returns NULL, or what makes it a protocol error. */
static char *process(mv_remote_client *c, const uint8_t *msg, size_t len)
{
    mv_rpc_header h;
    mv_xdr x;
    if (!mv_rpc_message_open(&x, msg, len, &h))
        return g_strdup("malformed message header");
    gint64 now = g_get_monotonic_time();
    if (h.prog == MV_RPC_KEEPALIVE_PROGRAM) {
        if (h.vers != MV_RPC_KEEPALIVE_VERSION || h.type != MV_RPC_MESSAGE)
            return g_strdup_printf("keepalive message of version %u, type %d", h.vers, h.type);
        g_mutex_lock(&c->lock);
        note_rx(c, now);
        g_mutex_unlock(&c->lock);
        if (h.proc == MV_RPC_KEEPALIVE_PING)
            send_keepalive(c, MV_RPC_KEEPALIVE_PONG);
        return NULL;
    }
    bool qemu_reply = h.prog == MV_RPC_QEMU_PROGRAM && h.vers == MV_RPC_QEMU_VERSION &&
                      h.type == MV_RPC_REPLY;
    if ((h.prog != MV_RPC_REMOTE_PROGRAM || h.vers != MV_RPC_REMOTE_VERSION) && !qemu_reply)
        return g_strdup_printf("the peer sent a message of program %#x version %u, not "
                               "libvirt's remote protocol (program %#x version %u)",
                               h.prog, h.vers, MV_RPC_REMOTE_PROGRAM, MV_RPC_REMOTE_VERSION);
    switch (h.type) {
    case MV_RPC_REPLY: {
        g_mutex_lock(&c->lock);
        note_rx(c, now);
        mv_remote_pending *p = find_call(c, h.serial);
        mv_remote_stream *s = p ? NULL : find_stream(c, h.serial);
        if (p)
            deliver_reply(c, p, &h, &x);
        else if (s)
            mv_remote_stream_deliver(s, &h, msg + x.pos, len - x.pos);
        else
            mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "reply to unknown serial %u dropped", h.serial);
        g_mutex_unlock(&c->lock);
        return NULL;
    }
    case MV_RPC_STREAM:
    case MV_RPC_STREAM_HOLE: {
        g_mutex_lock(&c->lock);
        note_rx(c, now);
        mv_remote_stream *s = find_stream(c, h.serial);
        if (s)
            mv_remote_stream_deliver(s, &h, msg + x.pos, len - x.pos);
        g_mutex_unlock(&c->lock);
        return NULL;
    }
    case MV_RPC_MESSAGE: {
        g_mutex_lock(&c->lock);
        note_rx(c, now);
        mv_remote_events *ev = c->events;
        g_mutex_unlock(&c->lock);
        if (ev && h.status == MV_RPC_OK)
            mv_remote_events_dispatch(ev, h.proc, &x);
        return NULL;
    }
    default:
        return g_strdup_printf("unexpected message type %d", h.type);
    }
}

/* Handles the whole messages in the buffer. */
static char *drain(mv_remote_client *c)
{
    while (c->rend - c->rstart >= MV_RPC_LEN_SIZE) {
        const uint8_t *p = c->rbuf + c->rstart;
        uint32_t len = mv_rpc_message_length(p);
        if (!len) {
            uint32_t raw = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
            if (raw > MV_RPC_MESSAGE_MAX)
                return g_strdup_printf("packet %u bytes received from server too large, want %u",
                                       raw, MV_RPC_MESSAGE_MAX);
            return g_strdup_printf("packet %u bytes received from server too small", raw);
        }
        if (c->rend - c->rstart < len) {
            if (len > c->rcap - c->rstart) {
                memmove(c->rbuf, p, c->rend - c->rstart);
                c->rend -= c->rstart;
                c->rstart = 0;
                if (len > c->rcap) {
                    c->rcap = len;
                    c->rbuf = g_realloc(c->rbuf, c->rcap);
                }
            }
            return NULL;
        }
        char *err = process(c, p, len);
        if (err)
            return err;
        c->rstart += len;
    }
    if (c->rstart == c->rend) {
        c->rstart = c->rend = 0;
        if (c->rcap > KEEP_BUFFER) {
            c->rcap = MV_RPC_MESSAGE_INITIAL;
            c->rbuf = g_realloc(c->rbuf, c->rcap);
        }
    }
    return NULL;
}

/* With the lock held and the socket's reading: one read, and the messages
 * it completes handled. BLOCK: wait for data. */
static void read_once(mv_remote_client *c, bool block)
{
    g_mutex_unlock(&c->lock);
    if (c->rend == c->rcap) {
        memmove(c->rbuf, c->rbuf + c->rstart, c->rend - c->rstart);
        c->rend -= c->rstart;
        c->rstart = 0;
    }
    ssize_t n;
    do {
        n = c->chan ? mv_channel_recv(c->chan, c->rbuf + c->rend, c->rcap - c->rend, block)
                    : recv(c->fd, c->rbuf + c->rend, c->rcap - c->rend, block ? 0 : MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    int err = errno;
    char *bad = NULL;
    if (n > 0) {
        c->rend += (size_t)n;
        bad = drain(c);
        /* Input the layer decoded and holds is announced by no socket
         * event: it is taken now. (drain leaves room for the message
         * in progress.) */
        while (!bad && c->chan && mv_channel_pending(c->chan) > 0) {
            if (c->rend == c->rcap) {
                memmove(c->rbuf, c->rbuf + c->rstart, c->rend - c->rstart);
                c->rend -= c->rstart;
                c->rstart = 0;
            }
            ssize_t m = mv_channel_recv(c->chan, c->rbuf + c->rend, c->rcap - c->rend, false);
            if (m <= 0)
                break;
            c->rend += (size_t)m;
            bad = drain(c);
        }
    }
    g_mutex_lock(&c->lock);
    if (bad)
        mark_closed(c, VIR_CONNECT_CLOSE_REASON_ERROR, VIR_ERR_RPC, bad);
    else if (n == 0)
        mark_closed(c, VIR_CONNECT_CLOSE_REASON_EOF, VIR_ERR_SYSTEM_ERROR,
                    errno_text(c, "End of file while reading data", EIO));
    else if (n < 0 && err != EAGAIN)
        mark_closed(c, VIR_CONNECT_CLOSE_REASON_ERROR, VIR_ERR_SYSTEM_ERROR,
                    errno_text(c, "Cannot recv data", err));
}

/* Signals a waiter other than EXCEPT that still waits: it reads next. */
static void pass_reading(mv_remote_client *c, mv_remote_waiter *except)
{
    for (mv_remote_waiter *w = c->waiters; w; w = w->next) {
        if (w != except && !w->done) {
            g_cond_signal(&w->cond);
            return;
        }
    }
}

void mv_remote_client_wait_locked(mv_remote_client *c, mv_remote_waiter *w)
{
    w->next = c->waiters;
    c->waiters = w;
    w->queued = true;
    while (!w->done && !c->closed) {
        if (!c->reader) {
            c->reader = w;
            while (!w->done && !c->closed)
                read_once(c, true);
            c->reader = NULL;
            pass_reading(c, w);
        } else {
            g_cond_wait(&w->cond, &c->lock);
        }
    }
    for (mv_remote_waiter **pp = &c->waiters; *pp; pp = &(*pp)->next) {
        if (*pp == w) {
            *pp = w->next;
            break;
        }
    }
    w->queued = false;
    c->last_active = g_get_monotonic_time();
}

/* ---- calls ------------------------------------------------------------ */

static void forget_call(mv_remote_client *c, mv_remote_pending *p)
{
    for (mv_remote_pending **pp = &c->calls; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    }
}

int mv_remote_client_send_batch(mv_remote_client *c, mv_remote_batch_call *calls, size_t n)
{
    mv_xdr x;
    tbuf *t = encoder_take(&x, MV_RPC_MESSAGE_MAX * n);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        mv_remote_batch_call *b = &calls[i];
        mv_remote_pending *p = b->p;
        memset(p, 0, sizeof(*p));
        p->ret_xdr = b->ret_xdr;
        p->ret = b->ret;
        p->serial = b->serial ? b->serial : mv_remote_client_next_serial(c);
        mv_rpc_header h = {
            .prog = b->prog ? b->prog : MV_RPC_REMOTE_PROGRAM,
            .vers = b->prog == MV_RPC_QEMU_PROGRAM ? MV_RPC_QEMU_VERSION : MV_RPC_REMOTE_VERSION,
            .proc = b->proc, .type = MV_RPC_CALL, .serial = p->serial, .status = MV_RPC_OK,
        };
        ok = encode_message(&x, &h, b->args_xdr, b->args);
    }
    if (!ok) {
        encoder_give_back(t, &x);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to encode message payload");
        return -1;
    }
    g_mutex_lock(&c->lock);
    if (mv_remote_client_check_closed(c)) {
        g_mutex_unlock(&c->lock);
        encoder_give_back(t, &x);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        g_cond_init(&calls[i].p->w.cond);
        calls[i].p->next = c->calls;
        c->calls = calls[i].p;
    }
    g_mutex_unlock(&c->lock);
    int rc = write_all(c, x.buf, x.len);
    encoder_give_back(t, &x);
    if (rc < 0) {
        g_mutex_lock(&c->lock);
        for (size_t i = 0; i < n; i++)
            forget_call(c, calls[i].p);
        g_mutex_unlock(&c->lock);
        for (size_t i = 0; i < n; i++)
            g_cond_clear(&calls[i].p->w.cond);
        return -1;
    }
    return 0;
}

int mv_remote_client_send_as(mv_remote_client *c, mv_remote_pending *p, uint32_t serial,
                             int proc, mv_xdr_proc args_xdr, void *args, mv_xdr_proc ret_xdr,
                             void *ret)
{
    mv_remote_batch_call b = { p, serial, proc, args_xdr, args, ret_xdr, ret, 0 };
    return mv_remote_client_send_batch(c, &b, 1);
}

int mv_remote_client_send(mv_remote_client *c, mv_remote_pending *p, int proc,
                          mv_xdr_proc args_xdr, void *args, mv_xdr_proc ret_xdr, void *ret)
{
    return mv_remote_client_send_as(c, p, 0, proc, args_xdr, args, ret_xdr, ret);
}

int mv_remote_client_finish(mv_remote_client *c, mv_remote_pending *p)
{
    g_mutex_lock(&c->lock);
    mv_remote_client_wait_locked(c, &p->w);
    forget_call(c, p);
    int rc = 0;
    if (!p->w.done) {
        report_close(c);
        rc = -1;
    }
    g_mutex_unlock(&c->lock);
    g_cond_clear(&p->w.cond);
    if (rc < 0)
        return -1;
    if (p->status == MV_RPC_ERROR) {
        mv_remote_error_raise(&p->err);
        mv_xdr_free(mv_remote_error_xdr, &p->err);
        return -1;
    }
    if (p->status != MV_RPC_OK) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to decode message payload");
        return -1;
    }
    return 0;
}

int mv_remote_client_call(mv_remote_client *c, int proc, mv_xdr_proc args_xdr, void *args,
                          mv_xdr_proc ret_xdr, void *ret)
{
    mv_remote_pending p;
    if (mv_remote_client_send(c, &p, proc, args_xdr, args, ret_xdr, ret) < 0)
        return -1;
    return mv_remote_client_finish(c, &p);
}

int mv_remote_call_qemu(virConnectPtr conn, int proc, mv_xdr_proc args_xdr, void *args,
                        mv_xdr_proc ret_xdr, void *ret)
{
    mv_remote_client *c = mv_remote_client_of(conn);
    mv_remote_pending p;
    mv_remote_batch_call b = { .p = &p, .proc = proc, .args_xdr = args_xdr, .args = args,
                               .ret_xdr = ret_xdr, .ret = ret, .prog = MV_RPC_QEMU_PROGRAM };
    if (mv_remote_client_send_batch(c, &b, 1) < 0)
        return -1;
    return mv_remote_client_finish(c, &p);
}

int mv_remote_call(virConnectPtr conn, int proc, mv_xdr_proc args_xdr, void *args,
                   mv_xdr_proc ret_xdr, void *ret)
{
    return mv_remote_client_call(mv_remote_client_of(conn), proc, args_xdr, args, ret_xdr, ret);
}

void mv_remote_error_raise(const mv_remote_error *e)
{
    virError err;
    memset(&err, 0, sizeof(err));
    err.code = e->code;
    err.domain = e->domain;
    err.message = e->message;
    err.level = e->level;
    err.str1 = e->str1;
    err.str2 = e->str2;
    err.str3 = e->str3;
    err.int1 = e->int1;
    err.int2 = e->int2;
    if (err.code == VIR_ERR_OK)
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "the daemon reported a failure without an error");
    else
        mv_error_relay(&err);
}

bool mv_remote_client_alive(mv_remote_client *c)
{
    g_mutex_lock(&c->lock);
    bool alive = !c->closed;
    g_mutex_unlock(&c->lock);
    return alive;
}

/* ---- streams ---------------------------------------------------------- */

void mv_remote_waiter_wake(mv_remote_waiter *w)
{
    w->done = true;
    g_cond_signal(&w->cond);
}

void mv_remote_client_add_stream(mv_remote_client *c, mv_remote_stream *s, uint32_t serial)
{
    stream_ref *r = g_new0(stream_ref, 1);
    r->serial = serial;
    r->stream = s;
    g_mutex_lock(&c->lock);
    r->next = c->streams;
    c->streams = r;
    if (c->closed)
        mv_remote_stream_disconnect(s);
    g_mutex_unlock(&c->lock);
}

void mv_remote_client_remove_stream(mv_remote_client *c, mv_remote_stream *s)
{
    g_mutex_lock(&c->lock);
    for (stream_ref **pp = &c->streams; *pp; pp = &(*pp)->next) {
        if ((*pp)->stream == s) {
            stream_ref *r = *pp;
            *pp = r->next;
            g_free(r);
            break;
        }
    }
    g_mutex_unlock(&c->lock);
    mv_remote_client_resume(c);
}

/* With the lock held: a stream of C has more input queued than allowed. */
static bool streams_over(mv_remote_client *c)
{
    for (stream_ref *r = c->streams; r; r = r->next)
        if (mv_remote_stream_over(r->stream))
            return true;
    return false;
}

/* ---- the watcher ------------------------------------------------------ */

/* One thread for every connection of the process: it reads a connection
 * that has been idle for IDLE_US (events, pings, the daemon going away),
 * sends keepalive pings and runs close callbacks. Connections register
 * when they open and leave when they are freed, both without a system
 * call: the watcher wakes at the next time one of them is due, and is
 * kicked only when a new one is due earlier than that. */
static struct {
    GMutex lock;
    GCond cond;                  /* the watcher let go of BUSY */
    bool started;
    int epfd;                    /* idle connections, and the kick */
    int kickfd;
    GHashTable *clients;         /* registered mv_remote_client* */
    mv_remote_client *busy;      /* worked on without the lock */
    bool busy_freed;             /* ... and freed meanwhile, by its own callback */
    GThread *thread;
    gint64 wake_at;              /* when the watcher wakes next; 0: it is awake */
    gint64 last_start;           /* when a connection last registered */
} watcher;

static int kick_token;

static void watcher_kick(void)
{
    uint64_t one = 1;
    ssize_t n = write(watcher.kickfd, &one, sizeof(one));
    (void)n;
}

static gint64 min64(gint64 a, gint64 b)
{
    return a < b ? a : b;
}

typedef enum { WATCH_NONE, WATCH_NOTIFY, WATCH_PING } watch_action;

/* With both locks held: what C needs now; *NEXT gets when it is due next. */
static watch_action watch_check(mv_remote_client *c, gint64 now, gint64 *next)
{
    const gint64 interval = (gint64)c->ka_interval * G_TIME_SPAN_SECOND;
    if (c->stopping)
        return WATCH_NONE;
    if (c->closed) {
        if (c->notified)
            return WATCH_NONE;
        c->notified = true;
        return WATCH_NOTIFY;
    }
    /* Keepalive: a ping after INTERVAL of silence, then one per INTERVAL;
     * COUNT unanswered and the peer is dead. */
    if (c->keepalive) {
        gint64 quiet_since = c->last_rx > c->last_ping ? c->last_rx : c->last_ping;
        gint64 ka_due = quiet_since + interval;
        if (now >= ka_due) {
            if ((unsigned int)c->unanswered >= c->ka_count) {
                mark_closed(c, VIR_CONNECT_CLOSE_REASON_KEEPALIVE, VIR_ERR_INTERNAL_ERROR,
                            g_strdup("connection closed due to keepalive timeout"));
                c->notified = true;
                return WATCH_NOTIFY;
            }
            c->unanswered++;
            c->last_ping = now;
            *next = min64(*next, now + interval);
            return WATCH_PING;
        }
        *next = min64(*next, ka_due);
    }
    if (c->watched)
        return WATCH_NONE;
    if (c->reader || c->waiters) {
        *next = min64(*next, now + IDLE_US);
        return WATCH_NONE;
    }
    gint64 idle_at = c->last_active + IDLE_US;
    if (now < idle_at) {
        *next = min64(*next, idle_at);
        return WATCH_NONE;
    }
    /* A stream's application is behind: leave the data in the socket
     * until it catches up (mv_remote_client_resume). Keepalive goes on:
     * the daemon is alive while it sends. */
    if (streams_over(c))
        return WATCH_NONE;
    /* Quiet: the watcher reads it until a message comes. */
    c->watched = true;
    c->reader = &c->io;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data.ptr = c };
    epoll_ctl(watcher.epfd, c->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &ev);
    c->in_epoll = true;
    return WATCH_NONE;
}

/* With the watcher's lock held: runs ACTION on C without it. */
static void watch_run(mv_remote_client *c, watch_action action)
{
    watcher.busy = c;
    g_mutex_unlock(&watcher.lock);
    if (action == WATCH_PING) {
        send_keepalive(c, MV_RPC_KEEPALIVE_PING);
    } else {
        g_mutex_lock(&c->lock);
        int reason = c->close_reason;
        g_mutex_unlock(&c->lock);
        mv_connect_closed(c->conn, reason);
    }
    g_mutex_lock(&watcher.lock);
    watcher.busy = NULL;
    watcher.busy_freed = false;
    g_cond_broadcast(&watcher.cond);
}

/* With the watcher's lock held: C's input is ready. */
static void watch_read(mv_remote_client *c)
{
    if (!g_hash_table_contains(watcher.clients, c))
        return;     /* freed since the event came */
    watcher.busy = c;
    g_mutex_unlock(&watcher.lock);
    g_mutex_lock(&c->lock);
    if (c->watched) {
        c->watched = false;
        if (!c->stopping)
            read_once(c, false);
        c->reader = NULL;
        pass_reading(c, NULL);
    }
    g_mutex_unlock(&c->lock);
    g_mutex_lock(&watcher.lock);
    watcher.busy = NULL;
    watcher.busy_freed = false;
    g_cond_broadcast(&watcher.cond);
}

static gpointer watcher_run(gpointer data)
{
    (void)data;
    g_mutex_lock(&watcher.lock);
    for (;;) {
        gint64 now = g_get_monotonic_time();
        gint64 next = G_MAXINT64;
        mv_remote_client *todo = NULL;
        watch_action action = WATCH_NONE;
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, watcher.clients);
        while (!todo && g_hash_table_iter_next(&it, &key, NULL)) {
            mv_remote_client *c = key;
            g_mutex_lock(&c->lock);
            action = watch_check(c, now, &next);
            g_mutex_unlock(&c->lock);
            if (action != WATCH_NONE)
                todo = c;
        }
        if (todo) {
            watch_run(todo, action);
            continue;       /* the set may have changed meanwhile */
        }
        /* While connections come and go, wake every IDLE_US rather than
         * be kicked for each. */
        if (now - watcher.last_start < G_TIME_SPAN_SECOND)
            next = min64(next, now + IDLE_US);
        watcher.wake_at = next;
        g_mutex_unlock(&watcher.lock);
        int timeout = next == G_MAXINT64 ? -1 : (int)MAX((next - now + 999) / 1000, 0);
        struct epoll_event evs[16];
        int n = epoll_wait(watcher.epfd, evs, G_N_ELEMENTS(evs), timeout);
        g_mutex_lock(&watcher.lock);
        watcher.wake_at = 0;
        for (int i = 0; i < n; i++) {
            if (evs[i].data.ptr == &kick_token) {
                uint64_t v;
                ssize_t r = read(watcher.kickfd, &v, sizeof(v));
                (void)r;
            } else {
                watch_read(evs[i].data.ptr);
            }
        }
    }
    return NULL;
}

int mv_remote_client_set_keepalive(mv_remote_client *c, int interval, unsigned int count)
{
    g_mutex_lock(&c->lock);
    if (!c->ka_supported) {
        g_mutex_unlock(&c->lock);
        return 1;
    }
    c->keepalive = interval > 0;
    if (c->keepalive) {
        c->ka_interval = interval;
        c->ka_count = count;
        c->unanswered = 0;
        c->last_ping = 0;
    }
    g_mutex_unlock(&c->lock);
    watcher_kick();
    return 0;
}

/* Kicks the watcher to look at C again: taken under C's lock, so without
 * the watcher's (which is taken before C's). A connection is registered
 * with the watcher, started then, for as long as C exists. */
void mv_remote_client_resume(mv_remote_client *c)
{
    (void)c;
    watcher_kick();
}

/* With the watcher's lock held. */
static int watcher_start(void)
{
    if (watcher.started)
        return 0;
    watcher.epfd = epoll_create1(EPOLL_CLOEXEC);
    watcher.kickfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (watcher.epfd < 0 || watcher.kickfd < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot set up the connections' watcher");
        if (watcher.epfd >= 0)
            close(watcher.epfd);
        if (watcher.kickfd >= 0)
            close(watcher.kickfd);
        return -1;
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &kick_token };
    epoll_ctl(watcher.epfd, EPOLL_CTL_ADD, watcher.kickfd, &ev);
    watcher.clients = g_hash_table_new(NULL, NULL);
    GError *gerr = NULL;
    watcher.thread = g_thread_try_new("mv-remote", watcher_run, NULL, &gerr);
    if (!watcher.thread) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, "cannot start a thread: %s",
                        gerr->message);
        g_error_free(gerr);
        close(watcher.epfd);
        close(watcher.kickfd);
        g_hash_table_unref(watcher.clients);
        watcher.clients = NULL;
        return -1;
    }
    watcher.started = true;
    return 0;
}

int mv_remote_client_start(mv_remote_client *c, bool keepalive)
{
    g_mutex_lock(&watcher.lock);
    if (watcher_start() < 0) {
        g_mutex_unlock(&watcher.lock);
        return -1;
    }
    g_mutex_lock(&c->lock);
    c->keepalive = c->ka_supported = keepalive;
    c->ka_interval = MV_REMOTE_KEEPALIVE_INTERVAL;
    c->ka_count = MV_REMOTE_KEEPALIVE_COUNT;
    c->registered = true;
    gint64 due = c->last_active + IDLE_US;
    g_mutex_unlock(&c->lock);
    g_hash_table_add(watcher.clients, c);
    watcher.last_start = g_get_monotonic_time();
    /* A watcher asleep past this one's first due time (with some slack:
     * watching late is harmless) is woken to look at it. */
    bool kick = watcher.wake_at != 0 && watcher.wake_at > due + IDLE_US / 2;
    if (kick)
        watcher.wake_at = 0;
    g_mutex_unlock(&watcher.lock);
    if (kick)
        watcher_kick();
    return 0;
}

/* The connection goes: the watcher lets go of it (unless this is the
 * watcher itself, in C's close callback) and forgets it. */
static void watcher_forget(mv_remote_client *c)
{
    g_mutex_lock(&watcher.lock);
    if (watcher.busy == c && g_thread_self() == watcher.thread)
        watcher.busy_freed = true;
    else
        while (watcher.busy == c)
            g_cond_wait(&watcher.cond, &watcher.lock);
    g_hash_table_remove(watcher.clients, c);
    if (c->in_epoll)
        epoll_ctl(watcher.epfd, EPOLL_CTL_DEL, c->fd, NULL);
    g_mutex_unlock(&watcher.lock);
}

void mv_remote_client_free(mv_remote_client *c)
{
    if (!c)
        return;
    g_mutex_lock(&c->lock);
    c->stopping = true;
    if (!c->closed)
        mark_closed(c, VIR_CONNECT_CLOSE_REASON_CLIENT, VIR_ERR_INTERNAL_ERROR, NULL);
    g_mutex_unlock(&c->lock);
    if (c->registered)
        watcher_forget(c);
    /* What is left are consoles, whose relay the connection owns. */
    while (c->streams) {
        stream_ref *r = c->streams;
        c->streams = r->next;
        mv_remote_stream_release(r->stream);
        g_free(r);
    }
    mv_remote_tunnel_release(c->fd);
    mv_channel_free(c->chan);
    close(c->fd);
    g_free(c->close_msg);
    g_free(c->rbuf);
    g_cond_clear(&c->io.cond);
    g_mutex_clear(&c->lock);
    g_mutex_clear(&c->wlock);
    g_free(c);
}
