/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-stream.c — streams over the remote protocol.
 *
 * A call opens the stream (STORAGE_VOL_UPLOAD, _DOWNLOAD, DOMAIN_OPEN_CONSOLE);
 * afterwards data flows as STREAM messages with the call's procedure and
 * serial: status CONTINUE with data, STREAM_HOLE messages for holes of a
 * sparse transfer, CONTINUE with no data for the sender's end, status OK
 * for the daemon's acknowledgement of the client's finish, status ERROR
 * (or an error reply) with an error. Volume transfers serve the application's stream calls
 * directly (mv_stream_attach); a console, which applications drive with
 * non-blocking streams and stream events, is a socket pair relayed by a
 * thread of its own (mv_stream_attach_fd).
 */
#include "remote.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#define MV_LOG_SRC "remote"

typedef struct chunk {
    bool hole;
    size_t len;                  /* data bytes, or the hole's length */
    size_t off;                  /* consumed so far */
    uint8_t data[];
} chunk;

struct mv_remote_stream {
    mv_remote_client *client;    /* NULL once the connection is gone */
    int proc;
    uint32_t serial;
    bool console;
    /* Under the client's lock: */
    GQueue in;                   /* chunk*, as received */
    size_t queued;               /* data bytes in IN */
    bool held;                   /* QUEUED passed the high-water mark: the
                                  * connection is not read for it until the
                                  * application takes most of it */
    bool eof;                    /* status OK received */
    bool failed;
    mv_remote_error err;         /* the daemon's, when failed */
    bool disconnected;
    bool sent_end;               /* finish or abort sent */
    mv_remote_waiter *waiter;    /* a reader waiting for something in IN */
    /* Console relay. */
    int relay_fd;
    int evfd;
    GThread *relay;
    bool stop;
};

static void stream_wake(mv_remote_stream *s)
{
    if (s->waiter)
        mv_remote_waiter_wake(s->waiter);
    if (s->evfd >= 0) {
        uint64_t one = 1;
        ssize_t n = write(s->evfd, &one, sizeof(one));
        (void)n;
    }
}

/* Data received and not yet taken by the application: above HIGH_WATER,
 * the connection's idle reader stops reading the socket, so a daemon that
 * sends faster than the application reads is held back by the socket
 * instead of filling this process's memory; reading resumes once the
 * queue is down to LOW_WATER. */
#define HIGH_WATER (4u << 20)
#define LOW_WATER (1u << 20)

bool mv_remote_stream_over(mv_remote_stream *s)
{
    if (s->queued >= HIGH_WATER)
        s->held = true;
    return s->held;
}

/* With the lock held: the application took N bytes of S's input. */
static void consumed(mv_remote_stream *s, size_t n)
{
    s->queued -= n;
    if (s->held && s->queued <= LOW_WATER) {
        s->held = false;
        if (s->client)
            mv_remote_client_resume(s->client);
    }
}

void mv_remote_stream_deliver(mv_remote_stream *s, const mv_rpc_header *h,
                              const uint8_t *body, size_t len)
{
    if (h->type == MV_RPC_STREAM && h->status == MV_RPC_CONTINUE && !len) {
        /* The sender's end: data of no length. */
        s->eof = true;
    } else if (h->type == MV_RPC_STREAM && h->status == MV_RPC_CONTINUE) {
        chunk *c = g_malloc(sizeof(chunk) + len);
        c->hole = false;
        c->len = len;
        c->off = 0;
        memcpy(c->data, body, len);
        g_queue_push_tail(&s->in, c);
        s->queued += len;
    } else if (h->type == MV_RPC_STREAM_HOLE) {
        mv_rpc_stream_hole hole = { 0 };
        mv_xdr x;
        mv_xdr_init_decode(&x, body, len);
        if (!mv_rpc_stream_hole_xdr(&x, &hole) || hole.length < 0) {
            s->failed = true;
            memset(&s->err, 0, sizeof(s->err));
            s->err.code = VIR_ERR_RPC;
            s->err.domain = VIR_FROM_RPC;
            s->err.level = VIR_ERR_ERROR;
            s->err.message = g_strdup("malformed stream hole packet");
        } else if (hole.length > 0) {
            chunk *c = g_malloc(sizeof(chunk));
            c->hole = true;
            c->len = (size_t)hole.length;
            c->off = 0;
            g_queue_push_tail(&s->in, c);
        }
    } else if (h->status == MV_RPC_OK) {
        s->eof = true;
    } else if (h->status == MV_RPC_ERROR) {
        mv_xdr x;
        mv_xdr_init_decode(&x, body, len);
        mv_remote_error e;
        memset(&e, 0, sizeof(e));
        if (!s->failed) {
            if (mv_remote_error_xdr(&x, &e)) {
                s->err = e;
            } else {
                mv_xdr_free(mv_remote_error_xdr, &e);
                memset(&s->err, 0, sizeof(s->err));
                s->err.code = VIR_ERR_RPC;
                s->err.domain = VIR_FROM_RPC;
                s->err.level = VIR_ERR_ERROR;
                s->err.message = g_strdup("stream had I/O failure");
            }
            s->failed = true;
        }
    }
    stream_wake(s);
}

void mv_remote_stream_disconnect(mv_remote_stream *s)
{
    s->disconnected = true;
    stream_wake(s);
}

/* With the lock held: reports why S cannot go on; false when it can. */
static bool stream_broken(mv_remote_stream *s)
{
    if (s->failed) {
        mv_remote_error_raise(&s->err);
        return true;
    }
    if (s->disconnected || !s->client) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "client socket is closed");
        return true;
    }
    return false;
}

/* With the lock held: waits until S has something to read, ended or broke. */
static void wait_input(mv_remote_stream *s)
{
    while (g_queue_is_empty(&s->in) && !s->eof && !s->failed && !s->disconnected) {
        mv_remote_waiter w;
        memset(&w, 0, sizeof(w));
        g_cond_init(&w.cond);
        s->waiter = &w;
        mv_remote_client_wait_locked(s->client, &w);
        s->waiter = NULL;
        g_cond_clear(&w.cond);
        if (!w.done)
            break;
    }
}

static int send_packet(mv_remote_stream *s, int type, int status, const void *data, size_t len)
{
    mv_rpc_header h = {
        .prog = MV_RPC_REMOTE_PROGRAM, .vers = MV_RPC_REMOTE_VERSION, .proc = s->proc,
        .type = type, .serial = s->serial, .status = status,
    };
    return mv_remote_client_send_data(s->client, &h, data, len);
}

/* ---- volume transfers ---------------------------------------------------- */

static int op_send(virStreamPtr st, const char *data, size_t n, void *opaque)
{
    mv_remote_stream *s = opaque;
    mv_remote_client_lock(s->client);
    bool broken = stream_broken(s);
    mv_remote_client_unlock(s->client);
    if (broken)
        return -1;
    size_t done = 0;
    while (done < n) {
        size_t part = n - done < MV_RPC_STREAM_CHUNK ? n - done : MV_RPC_STREAM_CHUNK;
        if (send_packet(s, MV_RPC_STREAM, MV_RPC_CONTINUE, data + done, part) < 0)
            return -1;
        done += part;
    }
    return (int)n;
}

static int op_send_hole(virStreamPtr st, long long length, unsigned int flags, void *opaque)
{
    mv_remote_stream *s = opaque;
    mv_remote_client_lock(s->client);
    bool broken = stream_broken(s);
    mv_remote_client_unlock(s->client);
    if (broken)
        return -1;
    mv_rpc_stream_hole hole = { .length = length, .flags = flags };
    mv_rpc_header h = {
        .prog = MV_RPC_REMOTE_PROGRAM, .vers = MV_RPC_REMOTE_VERSION, .proc = s->proc,
        .type = MV_RPC_STREAM_HOLE, .serial = s->serial, .status = MV_RPC_CONTINUE,
    };
    return mv_remote_client_send_message(s->client, &h, mv_rpc_stream_hole_xdr, &hole);
}

static int op_recv(virStreamPtr st, char *data, size_t n, unsigned int flags, void *opaque)
{
    mv_remote_stream *s = opaque;
    mv_remote_client_lock(s->client);
    wait_input(s);
    int ret;
    chunk *c = g_queue_peek_head(&s->in);
    if (c) {
        size_t left = c->len - c->off;
        if (c->hole && (flags & VIR_STREAM_RECV_STOP_AT_HOLE)) {
            ret = -3;
        } else {
            size_t take = left < n ? left : n;
            if (take > G_MAXINT)
                take = G_MAXINT;
            if (c->hole)
                memset(data, 0, take);
            else
                memcpy(data, c->data + c->off, take);
            c->off += take;
            if (!c->hole)
                consumed(s, take);
            if (c->off == c->len)
                g_free(g_queue_pop_head(&s->in));
            ret = (int)take;
        }
    } else if (s->failed || (!s->eof && s->disconnected)) {
        stream_broken(s);
        ret = -1;
    } else {
        ret = 0;
    }
    mv_remote_client_unlock(s->client);
    return ret;
}

static int op_recv_hole(virStreamPtr st, long long *length, unsigned int flags, void *opaque)
{
    mv_remote_stream *s = opaque;
    mv_remote_client_lock(s->client);
    wait_input(s);
    chunk *c = g_queue_peek_head(&s->in);
    int ret = 0;
    *length = 0;
    if (c && c->hole) {
        *length = (long long)(c->len - c->off);
        g_free(g_queue_pop_head(&s->in));
    } else if (!c && (s->failed || (!s->eof && s->disconnected))) {
        stream_broken(s);
        ret = -1;
    }
    mv_remote_client_unlock(s->client);
    return ret;
}

static int op_in_data(virStreamPtr st, int *in_data, long long *length, void *opaque)
{
    mv_remote_stream *s = opaque;
    mv_remote_client_lock(s->client);
    wait_input(s);
    int ret = 0;
    chunk *c = g_queue_peek_head(&s->in);
    if (c) {
        *in_data = !c->hole;
        *length = (long long)(c->len - c->off);
    } else if (s->failed || (!s->eof && s->disconnected)) {
        stream_broken(s);
        ret = -1;
    } else {
        *in_data = 0;
        *length = 0;
    }
    mv_remote_client_unlock(s->client);
    return ret;
}

/* Sends the end (finish: status OK) and waits for the daemon's answer: a
 * STREAM OK, or an error. */
static int op_finish(virStreamPtr st, void *opaque)
{
    mv_remote_stream *s = opaque;
    mv_remote_client_lock(s->client);
    bool broken = stream_broken(s);
    s->eof = false;
    mv_remote_client_unlock(s->client);
    if (broken)
        return -1;
    s->sent_end = true;
    if (send_packet(s, MV_RPC_STREAM, MV_RPC_OK, NULL, 0) < 0)
        return -1;
    mv_remote_client_lock(s->client);
    /* Data the daemon sent before it saw the end is dropped. */
    for (;;) {
        while (!g_queue_is_empty(&s->in)) {
            chunk *c = g_queue_pop_head(&s->in);
            if (!c->hole)
                consumed(s, c->len - c->off);
            g_free(c);
        }
        if (s->eof || s->failed || s->disconnected)
            break;
        wait_input(s);
    }
    int ret = stream_broken(s) ? -1 : 0;
    mv_remote_client_unlock(s->client);
    return ret;
}

/* The daemon is told (status ERROR) and the stream forgotten; its answer
 * is not awaited. */
static int op_abort(virStreamPtr st, void *opaque)
{
    mv_remote_stream *s = opaque;
    if (!s->client || s->sent_end)
        return 0;
    s->sent_end = true;
    mv_remote_client_lock(s->client);
    bool gone = s->disconnected;
    mv_remote_client_unlock(s->client);
    if (!gone && send_packet(s, MV_RPC_STREAM, MV_RPC_ERROR, NULL, 0) < 0)
        mv_error_reset();
    return 0;
}

static void stream_free(mv_remote_stream *s)
{
    g_queue_clear_full(&s->in, g_free);
    if (s->failed)
        mv_xdr_free(mv_remote_error_xdr, &s->err);
    if (s->evfd >= 0)
        close(s->evfd);
    if (s->relay_fd >= 0)
        close(s->relay_fd);
    g_free(s);
}

static void op_free(void *opaque)
{
    mv_remote_stream *s = opaque;
    if (s->client) {
        if (!s->sent_end)
            op_abort(NULL, s);
        mv_remote_client_remove_stream(s->client, s);
    }
    stream_free(s);
}

static const mv_stream_ops volume_ops = {
    .size = sizeof(mv_stream_ops),
    .send = op_send,
    .recv = op_recv,
    .send_hole = op_send_hole,
    .recv_hole = op_recv_hole,
    .in_data = op_in_data,
    .finish = op_finish,
    .abort = op_abort,
    .free = op_free,
};

/* ---- consoles ------------------------------------------------------------ */

/* Moves data between the application's end of the socket pair and the
 * daemon until either side ends. */
static gpointer relay_thread(gpointer data)
{
    mv_remote_stream *s = data;
    mv_remote_client *c = s->client;
    char buf[MV_RPC_STREAM_CHUNK < 65536 ? MV_RPC_STREAM_CHUNK : 65536];
    bool app_open = true, wrote_eof = false;
    for (;;) {
        mv_remote_client_lock(c);
        bool pending = !g_queue_is_empty(&s->in);
        bool end = s->stop || s->failed || s->disconnected;
        bool eof = s->eof && !pending;
        mv_remote_client_unlock(c);
        if (end)
            break;
        if (eof && !wrote_eof) {
            shutdown(s->relay_fd, SHUT_WR);
            wrote_eof = true;
        }
        if (!app_open && (eof || !pending))
            break;
        struct pollfd fds[2] = {
            { .fd = s->relay_fd, .events = (app_open ? POLLIN : 0) | (pending ? POLLOUT : 0) },
            { .fd = s->evfd, .events = POLLIN },
        };
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            uint64_t v;
            ssize_t n = read(s->evfd, &v, sizeof(v));
            (void)n;
        }
        if (fds[0].revents & POLLOUT) {
            mv_remote_client_lock(c);
            chunk *ch = g_queue_peek_head(&s->in);
            ssize_t n = -1;
            if (ch && !ch->hole)
                n = send(s->relay_fd, ch->data + ch->off, ch->len - ch->off,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
            if (ch && ch->hole)
                g_free(g_queue_pop_head(&s->in));
            else if (n > 0) {
                ch->off += (size_t)n;
                consumed(s, (size_t)n);
                if (ch->off == ch->len)
                    g_free(g_queue_pop_head(&s->in));
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                app_open = false;
                g_queue_clear_full(&s->in, g_free);
                consumed(s, s->queued);
            }
            mv_remote_client_unlock(c);
        }
        if (app_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = recv(s->relay_fd, buf, sizeof(buf), MSG_DONTWAIT);
            if (n > 0) {
                if (send_packet(s, MV_RPC_STREAM, MV_RPC_CONTINUE, buf, (size_t)n) < 0) {
                    mv_error_reset();
                    break;
                }
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                app_open = false;
                break;
            }
        }
    }
    /* The application closed its end or the daemon ended: tell the daemon
     * the console is no longer read. */
    mv_remote_client_lock(c);
    bool gone = s->disconnected || s->stop;
    mv_remote_client_unlock(c);
    if (!gone && !s->sent_end) {
        s->sent_end = true;
        if (send_packet(s, MV_RPC_STREAM, MV_RPC_ERROR, NULL, 0) < 0)
            mv_error_reset();
    }
    shutdown(s->relay_fd, SHUT_RDWR);
    return NULL;
}

void mv_remote_stream_release(mv_remote_stream *s)
{
    if (!s->console) {
        s->client = NULL;
        return;
    }
    mv_remote_client_lock(s->client);
    s->stop = true;
    stream_wake(s);
    mv_remote_client_unlock(s->client);
    if (s->relay)
        g_thread_join(s->relay);
    stream_free(s);
}

/* ---- opening --------------------------------------------------------------- */

int mv_remote_stream_open(virConnectPtr conn, virStreamPtr st, int proc,
                          mv_xdr_proc args_xdr, void *args, mv_xdr_proc ret_xdr, void *ret,
                          bool console)
{
    mv_remote_client *c = mv_remote_client_of(conn);
    int pair[2] = { -1, -1 };
    if (console && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
        mv_error_report_errno(VIR_FROM_STREAMS, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create a socket pair for the console");
        return -1;
    }
    mv_remote_stream *s = g_new0(mv_remote_stream, 1);
    g_queue_init(&s->in);
    s->client = c;
    s->proc = proc;
    s->console = console;
    s->relay_fd = pair[0];
    s->evfd = console ? eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK) : -1;
    s->serial = mv_remote_client_next_serial(c);
    mv_remote_client_add_stream(c, s, s->serial);
    mv_remote_pending p;
    if (mv_remote_client_send_as(c, &p, s->serial, proc, args_xdr, args,
                                 ret_xdr ? ret_xdr : mv_remote_void_xdr, ret) < 0
        || mv_remote_client_finish(c, &p) < 0) {
        mv_remote_client_remove_stream(c, s);
        if (pair[1] >= 0)
            close(pair[1]);
        stream_free(s);
        return -1;
    }
    if (!console) {
        if (mv_stream_attach(conn, st, &volume_ops, s) < 0) {
            op_free(s);
            return -1;
        }
        return 0;
    }
    GError *gerr = NULL;
    s->relay = g_thread_try_new("mv-remote-console", relay_thread, s, &gerr);
    if (!s->relay) {
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_SYSTEM_ERROR, "cannot start a thread: %s",
                        gerr->message);
        g_error_free(gerr);
        close(pair[1]);
        s->sent_end = false;
        op_abort(NULL, s);
        /* The connection frees it with its other consoles. */
        return -1;
    }
    /* The stream owns pair[1] from here, whatever the result. */
    return mv_stream_attach_fd(conn, st, pair[1]);
}

int mv_remote_vol_upload(virStorageVolPtr vol, virStreamPtr st, unsigned long long offset,
                         unsigned long long length, unsigned int flags)
{
    mv_remote_storage_vol_upload_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_vol_put(&a.vol, vol, false);
    a.offset = offset;
    a.length = length;
    a.flags = flags;
    return mv_remote_stream_open(virStorageVolGetConnect(vol), st, MV_REMOTE_PROC_STORAGE_VOL_UPLOAD,
                                 mv_remote_storage_vol_upload_args_xdr, &a, NULL, NULL, false);
}

int mv_remote_vol_download(virStorageVolPtr vol, virStreamPtr st, unsigned long long offset,
                           unsigned long long length, unsigned int flags)
{
    mv_remote_storage_vol_download_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_vol_put(&a.vol, vol, false);
    a.offset = offset;
    a.length = length;
    a.flags = flags;
    return mv_remote_stream_open(virStorageVolGetConnect(vol), st,
                                 MV_REMOTE_PROC_STORAGE_VOL_DOWNLOAD,
                                 mv_remote_storage_vol_download_args_xdr, &a, NULL, NULL,
                                 false);
}

int mv_remote_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                                  unsigned int flags)
{
    mv_remote_domain_open_console_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.dev_name = (char *)dev_name;
    a.flags = flags;
    return mv_remote_stream_open(virDomainGetConnect(dom), st, MV_REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                 mv_remote_domain_open_console_args_xdr, &a, NULL, NULL, true);
}

char *mv_remote_domain_screenshot(virDomainPtr dom, virStreamPtr st, unsigned int screen,
                                  unsigned int flags)
{
    mv_remote_domain_screenshot_args a;
    mv_remote_domain_screenshot_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.screen = screen;
    a.flags = flags;
    if (mv_remote_stream_open(virDomainGetConnect(dom), st, MV_REMOTE_PROC_DOMAIN_SCREENSHOT,
                              mv_remote_domain_screenshot_args_xdr, &a,
                              mv_remote_domain_screenshot_ret_xdr, &r, false) < 0)
        return NULL;
    if (!r.mime)
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "the daemon gave no image type");
    return r.mime;   /* taken from the reply */
}
