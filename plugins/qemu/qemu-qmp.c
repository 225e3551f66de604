/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-qmp.c — the QMP client: a newline-separated JSON
 * stream over a unix socket. One reader at a time (the handshake caller,
 * then CTX's thread, or with no CTX the thread running a command) splits the
 * stream into lines, hands events to the event callback and stores the
 * reply whose id the single in-flight command waits for. See qemu-qmp.h.
 */
#include "qemu-qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <modvirt-plugin/error.h>
#include <modvirt-plugin/log.h>

#define QMP_LOG "plugin.qemu.qmp"
/* A longer line is not QMP: the monitor is treated as broken. */
#define QMP_MAX_LINE (16u * 1024 * 1024)
#define QMP_READ_CHUNK 65536

struct mv_qmp {
    gint refs;
    GMutex lock;
    GCond cond;
    int fd;
    GMainContext *ctx;
    GSource *source;
    mv_qmp_event_cb ev;
    mv_qmp_eof_cb eof_cb;
    void *opaque;

    /* Reader state: touched only by the current reader. */
    GByteArray *rbuf;
    size_t scanned;           /* bytes of rbuf known to hold no newline */
    bool eof_notified;
    bool handshake;           /* opening: stop at the capabilities reply */

    /* Shared state, under LOCK. */
    gint64 next_id;
    bool busy;                /* a command is in flight */
    gint64 wait_id;           /* its id, 0 when none */
    JsonObject *reply;        /* the reply for wait_id once it arrived */
    bool greeted;
    bool eof;
    char *eof_reason;
    bool closed;              /* mv_qmp_close() was called */
    GThread *cb_thread;       /* thread inside a callback, or NULL */
};

typedef struct {
    GSource base;
    mv_qmp *mon;
    gpointer tag;
} qmp_source;

static mv_qmp *qmp_ref(mv_qmp *mon)
{
    g_atomic_int_inc(&mon->refs);
    return mon;
}

static void qmp_unref(mv_qmp *mon)
{
    if (!mon || !g_atomic_int_dec_and_test(&mon->refs))
        return;
    if (mon->fd >= 0)
        close(mon->fd);
    if (mon->reply)
        json_object_unref(mon->reply);
    if (mon->ctx)
        g_main_context_unref(mon->ctx);
    g_byte_array_unref(mon->rbuf);
    g_free(mon->eof_reason);
    g_mutex_clear(&mon->lock);
    g_cond_clear(&mon->cond);
    g_free(mon);
}

static gint64 deadline_of(int timeout_ms)
{
    return timeout_ms < 0 ? -1 : g_get_monotonic_time() + (gint64)timeout_ms * 1000;
}

/* Milliseconds left until DEADLINE for poll(): -1 forever, 0 expired. */
static int poll_ms(gint64 deadline)
{
    if (deadline < 0)
        return -1;
    gint64 left = deadline - g_get_monotonic_time();
    if (left <= 0)
        return 0;
    return left / 1000 + 1 > G_MAXINT ? G_MAXINT : (int)(left / 1000 + 1);
}

/* Records EOF (the first reason wins) and wakes waiters. */
static void qmp_set_eof(mv_qmp *mon, const char *reason)
{
    g_mutex_lock(&mon->lock);
    if (!mon->eof) {
        mon->eof = true;
        mon->eof_reason = g_strdup(reason);
        mv_log(MV_LOG_DEBUG, QMP_LOG, "monitor %p: %s", (void *)mon, reason);
    }
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);
}

/* Marks the calling thread as inside a callback; false when MON is closed
 * (then no callback may run). */
static bool qmp_callback_enter(mv_qmp *mon)
{
    g_mutex_lock(&mon->lock);
    bool ok = !mon->closed;
    if (ok)
        mon->cb_thread = g_thread_self();
    g_mutex_unlock(&mon->lock);
    return ok;
}

static void qmp_callback_leave(mv_qmp *mon)
{
    g_mutex_lock(&mon->lock);
    mon->cb_thread = NULL;
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);
}

/* Calls the EOF callback once, from the reader's thread. */
static void qmp_notify_eof(mv_qmp *mon)
{
    if (mon->eof_notified)
        return;
    mon->eof_notified = true;
    if (!mon->eof_cb || !qmp_callback_enter(mon))
        return;
    mon->eof_cb(mon, mon->opaque);
    qmp_callback_leave(mon);
}

/* Members of a message that may be anything: no criticals on bad types. */
static const char *qmp_get_str(JsonObject *o, const char *name)
{
    JsonNode *n = json_object_get_member(o, name);
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
        ? json_node_get_string(n) : NULL;
}

static gint64 qmp_get_int(JsonObject *o, const char *name, gint64 def)
{
    JsonNode *n = json_object_get_member(o, name);
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64
        ? json_node_get_int(n) : def;
}

static void qmp_dispatch_event(mv_qmp *mon, JsonObject *msg)
{
    const char *name = qmp_get_str(msg, "event");
    if (!name)
        return;
    JsonObject *data = NULL;
    JsonNode *dn = json_object_get_member(msg, "data");
    if (dn && JSON_NODE_HOLDS_OBJECT(dn))
        data = json_node_get_object(dn);
    gint64 ts = 0;
    JsonNode *tn = json_object_get_member(msg, "timestamp");
    if (tn && JSON_NODE_HOLDS_OBJECT(tn)) {
        JsonObject *t = json_node_get_object(tn);
        ts = qmp_get_int(t, "seconds", 0) * G_USEC_PER_SEC + qmp_get_int(t, "microseconds", 0);
    }
    mv_log(MV_LOG_DEBUG, QMP_LOG, "monitor %p: event %s", (void *)mon, name);
    if (!mon->ev || !qmp_callback_enter(mon))
        return;
    mon->ev(mon, name, data, ts, mon->opaque);
    qmp_callback_leave(mon);
}

/* One line of the stream. -1 with *REASON for something that is not QMP. */
static int qmp_handle_line(mv_qmp *mon, const char *line, size_t len, char **reason)
{
    size_t i = 0;
    while (i < len && g_ascii_isspace(line[i]))
        i++;
    if (i == len)
        return 0;
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(GError) err = NULL;
    if (!json_parser_load_from_data(parser, line, (gssize)len, &err)) {
        *reason = g_strdup_printf("malformed QMP message: %s", err->message);
        return -1;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        *reason = g_strdup("malformed QMP message: not a JSON object");
        return -1;
    }
    JsonObject *msg = json_node_get_object(root);
    if (json_object_has_member(msg, "event")) {
        qmp_dispatch_event(mon, msg);
        return 0;
    }
    if (json_object_has_member(msg, "QMP")) {
        g_mutex_lock(&mon->lock);
        mon->greeted = true;
        g_cond_broadcast(&mon->cond);
        g_mutex_unlock(&mon->lock);
        return 0;
    }
    if (json_object_has_member(msg, "return") || json_object_has_member(msg, "error")) {
        gint64 id = qmp_get_int(msg, "id", -1);
        g_mutex_lock(&mon->lock);
        bool match = mon->wait_id > 0 && id == mon->wait_id && !mon->reply;
        if (match) {
            mon->reply = json_object_ref(msg);
            g_cond_broadcast(&mon->cond);
        }
        g_mutex_unlock(&mon->lock);
        if (!match)
            mv_log(MV_LOG_DEBUG, QMP_LOG, "monitor %p: dropping reply with id %" G_GINT64_FORMAT,
                   (void *)mon, id);
        return 0;
    }
    mv_log(MV_LOG_DEBUG, QMP_LOG, "monitor %p: ignoring unknown message", (void *)mon);
    return 0;
}

/* Handles every complete line in the buffer. -1 with *REASON on a
 * protocol error; stops early (0) when MON was closed by a callback. */
static int qmp_process_lines(mv_qmp *mon, char **reason)
{
    GByteArray *b = mon->rbuf;
    size_t start = 0;
    int ret = 0;
    while (start < b->len) {
        size_t from = MAX(start, mon->scanned);
        const guint8 *nl = memchr(b->data + from, '\n', b->len - from);
        if (!nl) {
            mon->scanned = b->len;
            break;
        }
        size_t end = (size_t)(nl - b->data);
        if (qmp_handle_line(mon, (const char *)b->data + start, end - start, reason) < 0) {
            ret = -1;
            break;
        }
        start = end + 1;
        mon->scanned = start;
        g_mutex_lock(&mon->lock);
        bool stop = mon->closed || (mon->handshake && mon->reply);
        g_mutex_unlock(&mon->lock);
        if (stop)
            break;
    }
    if (start) {
        g_byte_array_remove_range(b, 0, (guint)start);
        mon->scanned = mon->scanned > start ? mon->scanned - start : 0;
    }
    if (ret == 0 && b->len > QMP_MAX_LINE && mon->scanned >= b->len) {
        *reason = g_strdup_printf("QMP message longer than %u bytes", QMP_MAX_LINE);
        ret = -1;
    }
    return ret;
}

/* One non-blocking read and the lines it completes. 1 nothing to read yet,
 * 0 handled, -1 EOF or protocol error with *REASON. */
static int qmp_read_some(mv_qmp *mon, char **reason)
{
    guint old = mon->rbuf->len;
    g_byte_array_set_size(mon->rbuf, old + QMP_READ_CHUNK);
    ssize_t n;
    do {
        n = read(mon->fd, mon->rbuf->data + old, QMP_READ_CHUNK);
    } while (n < 0 && errno == EINTR);
    g_byte_array_set_size(mon->rbuf, old + (n > 0 ? (guint)n : 0));
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 1;
    if (n < 0) {
        *reason = g_strdup_printf("error reading from the QEMU monitor: %s", g_strerror(errno));
        return -1;
    }
    if (n == 0) {
        /* Lines complete before EOF still count. */
        if (qmp_process_lines(mon, reason) < 0)
            return -1;
        *reason = g_strdup("end of file from QEMU monitor");
        return -1;
    }
    return qmp_process_lines(mon, reason);
}

/* Reads on the calling thread until DONE(mon) (checked under the lock),
 * EOF, DEADLINE or PIDFD readable. 0 done, -1 EOF/closed, -2 timeout,
 * -3 the process exited. */
static int qmp_read_until(mv_qmp *mon, bool (*done)(mv_qmp *), int pidfd, gint64 deadline)
{
    for (;;) {
        g_mutex_lock(&mon->lock);
        bool d = done(mon), dead = mon->eof || mon->closed;
        g_mutex_unlock(&mon->lock);
        if (d)
            return 0;
        if (dead)
            return -1;
        if (mon->rbuf->len > mon->scanned) {
            /* Lines left over by the handshake. */
            char *reason = NULL;
            if (qmp_process_lines(mon, &reason) < 0) {
                qmp_set_eof(mon, reason);
                g_free(reason);
                qmp_notify_eof(mon);
            }
            continue;
        }
        struct pollfd p[2] = {
            { .fd = mon->fd, .events = POLLIN },
            { .fd = pidfd, .events = POLLIN },
        };
        int r = poll(p, pidfd >= 0 ? 2 : 1, poll_ms(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            char *reason = g_strdup_printf("poll on the QEMU monitor failed: %s",
                                           g_strerror(errno));
            qmp_set_eof(mon, reason);
            g_free(reason);
            continue;
        }
        if (r == 0)
            return -2;
        if (p[0].revents) {
            char *reason = NULL;
            if (qmp_read_some(mon, &reason) < 0) {
                qmp_set_eof(mon, reason);
                g_free(reason);
                qmp_notify_eof(mon);
            }
            continue;
        }
        if (pidfd >= 0 && p[1].revents)
            return -3;
    }
}

static bool qmp_has_reply(mv_qmp *mon)
{
    return mon->reply != NULL;
}

/* ---- the reader on CTX ---- */

static gboolean qmp_source_prepare(GSource *source, gint *timeout)
{
    qmp_source *s = (qmp_source *)source;
    *timeout = -1;
    return s->mon->rbuf->len > s->mon->scanned;
}

static gboolean qmp_source_check(GSource *source)
{
    qmp_source *s = (qmp_source *)source;
    return g_source_query_unix_fd(source, s->tag) != 0 || s->mon->rbuf->len > s->mon->scanned;
}

static gboolean qmp_source_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    qmp_source *s = (qmp_source *)source;
    mv_qmp *mon = s->mon;
    char *reason = NULL;
    int r;
    if (g_source_query_unix_fd(source, s->tag))
        r = qmp_read_some(mon, &reason);
    else
        r = qmp_process_lines(mon, &reason);
    if (r >= 0)
        return G_SOURCE_CONTINUE;
    qmp_set_eof(mon, reason);
    g_free(reason);
    qmp_notify_eof(mon);
    return G_SOURCE_REMOVE;
}

static void qmp_source_finalize(GSource *source)
{
    qmp_source *s = (qmp_source *)source;
    qmp_unref(s->mon);
}

static GSourceFuncs qmp_source_funcs = {
    .prepare = qmp_source_prepare,
    .check = qmp_source_check,
    .dispatch = qmp_source_dispatch,
    .finalize = qmp_source_finalize,
};

/* ---- commands ---- */

static int qmp_write_all(mv_qmp *mon, const char *data, size_t len, gint64 deadline)
{
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(mon->fd, data + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == ENOTSOCK)
            n = write(mon->fd, data + off, len - off);
        if (n > 0) {
            off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = { .fd = mon->fd, .events = POLLOUT };
            int r = poll(&p, 1, poll_ms(deadline));
            if (r == 0)
                return -ETIMEDOUT;
            continue;
        }
        return n < 0 ? -errno : -EPIPE;
    }
    return 0;
}

static char *qmp_format_command(const char *cmd, JsonObject *args, gint64 id)
{
    g_autoptr(JsonObject) o = json_object_new();
    json_object_set_string_member(o, "execute", cmd);
    if (args)
        json_object_set_object_member(o, "arguments", json_object_ref(args));
    json_object_set_int_member(o, "id", id);
    g_autoptr(JsonNode) root = json_node_init_object(json_node_alloc(), o);
    g_autoptr(JsonGenerator) gen = json_generator_new();
    json_generator_set_root(gen, root);
    gsize len = 0;
    char *text = json_generator_to_data(gen, &len);
    char *line = g_strconcat(text, "\n", NULL);
    g_free(text);
    return line;
}

static void qmp_report_closed(mv_qmp *mon)
{
    g_mutex_lock(&mon->lock);
    char *reason = g_strdup(mon->eof_reason ? mon->eof_reason : "closed by the driver");
    g_mutex_unlock(&mon->lock);
    mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_FAILED, "monitor closed (%s)", reason);
    g_free(reason);
}

/* Text of a QMP "error" member: its desc, else its class. */
static const char *qmp_error_desc(JsonObject *reply)
{
    JsonNode *en = json_object_get_member(reply, "error");
    if (!en || !JSON_NODE_HOLDS_OBJECT(en))
        return NULL;
    JsonObject *e = json_node_get_object(en);
    const char *d = qmp_get_str(e, "desc");
    return d ? d : qmp_get_str(e, "class");
}

JsonNode *mv_qmp_command(mv_qmp *mon, const char *cmd, JsonObject *args, int timeout_ms)
{
    if (mon->ctx && g_main_context_is_owner(mon->ctx)) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                        "QEMU command '%s' sent from the monitor's own thread", cmd);
        return NULL;
    }
    gint64 deadline = deadline_of(timeout_ms);
    qmp_ref(mon);
    JsonNode *ret = NULL;
    JsonObject *reply = NULL;
    char *line = NULL;

    g_mutex_lock(&mon->lock);
    while (mon->busy && !mon->eof && !mon->closed) {
        if (deadline >= 0 && !g_cond_wait_until(&mon->cond, &mon->lock, deadline) &&
            mon->busy && !mon->eof && !mon->closed) {
            g_mutex_unlock(&mon->lock);
            mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_TIMEOUT,
                            "timed out waiting for the QEMU monitor to run command '%s'", cmd);
            goto out;
        }
        if (deadline < 0)
            g_cond_wait(&mon->cond, &mon->lock);
    }
    if (mon->eof || mon->closed) {
        g_mutex_unlock(&mon->lock);
        qmp_report_closed(mon);
        goto out;
    }
    mon->busy = true;
    gint64 id = ++mon->next_id;
    mon->wait_id = id;
    g_mutex_unlock(&mon->lock);

    line = qmp_format_command(cmd, args, id);
    mv_log(MV_LOG_DEBUG, QMP_LOG, "monitor %p: send %s", (void *)mon, cmd);
    int w = qmp_write_all(mon, line, strlen(line), deadline);
    int r = w == -ETIMEDOUT ? -2 : w;
    if (w == 0) {
        if (mon->ctx) {
            g_mutex_lock(&mon->lock);
            r = 0;
            while (!mon->reply && !mon->eof && !mon->closed) {
                if (deadline < 0) {
                    g_cond_wait(&mon->cond, &mon->lock);
                } else if (!g_cond_wait_until(&mon->cond, &mon->lock, deadline)) {
                    if (!mon->reply && !mon->eof && !mon->closed)
                        r = -2;
                    break;
                }
            }
            g_mutex_unlock(&mon->lock);
        } else {
            r = qmp_read_until(mon, qmp_has_reply, -1, deadline);
        }
    }

    g_mutex_lock(&mon->lock);
    reply = mon->reply;
    mon->reply = NULL;
    mon->wait_id = 0;
    mon->busy = false;
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);

    if (reply) {
        if (json_object_has_member(reply, "return")) {
            ret = json_object_dup_member(reply, "return");
        } else {
            const char *desc = qmp_error_desc(reply);
            if (desc)
                mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                                "unable to execute QEMU command '%s': %s", cmd, desc);
            else
                mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                                "unable to execute QEMU command '%s'", cmd);
        }
    } else if (r == -2) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_TIMEOUT,
                        "timed out waiting for the reply to QEMU command '%s'", cmd);
    } else if (w < 0) {
        mv_error_report_errno(VIR_FROM_QEMU, VIR_ERR_OPERATION_FAILED, -w,
                              "monitor closed: cannot send QEMU command '%s'", cmd);
    } else {
        qmp_report_closed(mon);
    }

 out:
    g_free(line);
    if (reply)
        json_object_unref(reply);
    qmp_unref(mon);
    return ret;
}

int mv_qmp_run(mv_qmp *mon, const char *cmd, int timeout_ms)
{
    JsonNode *r = mv_qmp_command(mon, cmd, NULL, timeout_ms);
    if (!r)
        return -1;
    json_node_unref(r);
    return 0;
}

mv_qmp *mv_qmp_ref(mv_qmp *mon)
{
    return qmp_ref(mon);
}

void mv_qmp_unref(mv_qmp *mon)
{
    qmp_unref(mon);
}

gboolean mv_qmp_is_closed(mv_qmp *mon)
{
    g_mutex_lock(&mon->lock);
    gboolean r = mon->eof || mon->closed;
    g_mutex_unlock(&mon->lock);
    return r;
}

/* ---- open / close ---- */

/* True when PIDFD (>= 0) says its process has exited. */
static bool pidfd_exited(int pidfd)
{
    struct pollfd p = { .fd = pidfd, .events = POLLIN };
    return pidfd >= 0 && poll(&p, 1, 0) > 0;
}

mv_qmp *mv_qmp_open_fd(int fd, int pidfd, int timeout_ms, GMainContext *ctx,
                       mv_qmp_event_cb ev, mv_qmp_eof_cb eof_cb, void *opaque)
{
    gint64 deadline = deadline_of(timeout_ms);
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        mv_error_report_errno(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR, errno,
                              "cannot set up the QEMU monitor socket");
        close(fd);
        return NULL;
    }
    mv_qmp *mon = g_new0(mv_qmp, 1);
    mon->refs = 1;
    g_mutex_init(&mon->lock);
    g_cond_init(&mon->cond);
    mon->fd = fd;
    mon->ev = ev;
    mon->eof_cb = eof_cb;
    mon->opaque = opaque;
    mon->rbuf = g_byte_array_new();

    /* The handshake is read on this thread, before CTX takes over; lines
     * after the capabilities reply are left for CTX. qmp_capabilities goes
     * out at once rather than after the greeting: QEMU reads it once its
     * monitor is ready, and a greeting lost to an early connection cannot
     * stall the start. */
    mon->handshake = true;
    mon->eof_notified = true;
    mon->wait_id = ++mon->next_id;
    mon->busy = true;
    g_autofree char *line = qmp_format_command("qmp_capabilities", NULL, mon->wait_id);
    int w = qmp_write_all(mon, line, strlen(line), deadline);
    int r = w == 0 ? qmp_read_until(mon, qmp_has_reply, pidfd, deadline)
                   : w == -ETIMEDOUT ? -2 : -1;
    g_mutex_lock(&mon->lock);
    JsonObject *reply = mon->reply;
    mon->reply = NULL;
    mon->wait_id = 0;
    mon->busy = false;
    bool greeted = mon->greeted;
    g_mutex_unlock(&mon->lock);
    if (r == 0 && !json_object_has_member(reply, "return")) {
        const char *desc = qmp_error_desc(reply);
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                        "unable to execute QEMU command 'qmp_capabilities': %s",
                        desc ? desc : "unknown error");
        r = -4;
    }
    if (reply)
        json_object_unref(reply);
    if (r == 0 && !greeted)
        mv_log(MV_LOG_WARN, QMP_LOG, "monitor %p: no QMP greeting before the capabilities reply",
               (void *)mon);
    if (r < 0) {
        if (r == -2) {
            mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_TIMEOUT,
                            "timed out waiting for the QEMU monitor handshake");
        } else if (r == -3 || (r == -1 && pidfd_exited(pidfd))) {
            mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_FAILED,
                            "QEMU exited while connecting to the monitor");
        } else if (r == -1) {
            g_mutex_lock(&mon->lock);
            g_autofree char *reason = g_strdup(mon->eof_reason ? mon->eof_reason : "closed");
            g_mutex_unlock(&mon->lock);
            mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_FAILED,
                            "QEMU monitor handshake failed: %s", reason);
        }
        mon->closed = true;
        qmp_unref(mon);
        return NULL;
    }

    mon->handshake = false;
    mon->eof_notified = false;
    if (ctx) {
        mon->ctx = g_main_context_ref(ctx);
        qmp_source *s = (qmp_source *)g_source_new(&qmp_source_funcs, sizeof(qmp_source));
        s->mon = qmp_ref(mon);
        s->tag = g_source_add_unix_fd(&s->base, fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
        g_source_set_name(&s->base, "mv-qmp");
        mon->source = &s->base;
        g_source_attach(mon->source, ctx);
    }
    return mon;
}

mv_qmp *mv_qmp_open(const char *path, int pidfd, int timeout_ms, GMainContext *ctx,
                    mv_qmp_event_cb ev, mv_qmp_eof_cb eof_cb, void *opaque)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path)) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                        "monitor socket path '%s' is too long", path);
        return NULL;
    }
    strcpy(sa.sun_path, path);
    gint64 start = g_get_monotonic_time();
    gint64 deadline = deadline_of(timeout_ms);
    int wait_ms = 1;
    for (;;) {
        /* Non-blocking: while another process holds the monitor, QEMU
         * accepts no one, and once its listen backlog is full a blocking
         * connect would wait for ever instead of timing out (EAGAIN). */
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            mv_error_report_errno(VIR_FROM_QEMU, VIR_ERR_SYSTEM_ERROR, errno,
                                  "cannot create a socket for the QEMU monitor");
            return NULL;
        }
        int r;
        do {
            r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
        } while (r < 0 && errno == EINTR);
        if (r == 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
            r = -1;
        if (r == 0) {
            int left = timeout_ms < 0 ? -1 : MAX(poll_ms(deadline), 1);
            return mv_qmp_open_fd(fd, pidfd, left, ctx, ev, eof_cb, opaque);
        }
        int e = errno;
        close(fd);
        if (e != ENOENT && e != ECONNREFUSED && e != EAGAIN) {
            mv_error_report_errno(VIR_FROM_QEMU, VIR_ERR_OPERATION_FAILED, e,
                                  "failed to connect to monitor socket %s", path);
            return NULL;
        }
        int left = poll_ms(deadline);
        if (left == 0) {
            mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_TIMEOUT,
                            "monitor socket %s did not accept connections within %d ms",
                            path, (int)((g_get_monotonic_time() - start) / 1000));
            return NULL;
        }
        int nap = left < 0 ? wait_ms : MIN(wait_ms, left);
        if (pidfd >= 0) {
            struct pollfd p = { .fd = pidfd, .events = POLLIN };
            if (poll(&p, 1, nap) > 0) {
                mv_error_report(VIR_FROM_QEMU, VIR_ERR_OPERATION_FAILED,
                                "QEMU exited while connecting to the monitor");
                return NULL;
            }
        } else {
            g_usleep((gulong)nap * 1000);
        }
        if (wait_ms < 5)
            wait_ms++;
    }
}

void mv_qmp_close(mv_qmp *mon)
{
    if (!mon)
        return;
    g_mutex_lock(&mon->lock);
    mon->closed = true;
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);
    /* Wakes a reader blocked in poll() (no-context mode) and tells QEMU. */
    shutdown(mon->fd, SHUT_RDWR);
    if (mon->source) {
        g_source_destroy(mon->source);
        g_source_unref(mon->source);
        mon->source = NULL;
    }
    /* A callback running on another thread finishes before we return. */
    g_mutex_lock(&mon->lock);
    while (mon->cb_thread && mon->cb_thread != g_thread_self())
        g_cond_wait(&mon->cond, &mon->lock);
    g_mutex_unlock(&mon->lock);
    qmp_unref(mon);
}
