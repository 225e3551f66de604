/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-qmp.c — the QMP client (plugins/qemu/qemu-qmp.c)
 * against a fake QMP server on a socketpair (a thread running a script per
 * case: greeting, negotiation, replies by id with events in between, split
 * and merged writes, errors, timeouts, EOF, garbage, concurrency), and
 * against a real qemu-system-x86_64 started with -machine none (skipped
 * when QEMU is not installed).
 */
#include "qemu-qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define GREETING "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, " \
                 "\"package\": \"fake\"}, \"capabilities\": [\"oob\"]}}\n"

/* ---- the fake server ---- */

typedef struct fake fake;
typedef void (*fake_script)(fake *f);

struct fake {
    int fd;                      /* server end */
    GThread *thread;
    fake_script script;
    GString *in;                 /* unread input */
    gpointer data;
};

static void srv_send(fake *f, const char *text)
{
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t n = send(f->fd, text + off, len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;            /* the client went away */
        off += (size_t)n;
    }
}

static void srv_sendf(fake *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void srv_sendf(fake *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    srv_send(f, s);
}

/* The next line from the client (NULL on EOF or after 10 s). */
static char *srv_read_line(fake *f)
{
    for (;;) {
        char *nl = memchr(f->in->str, '\n', f->in->len);
        if (nl) {
            size_t n = (size_t)(nl - f->in->str);
            char *line = g_strndup(f->in->str, n);
            g_string_erase(f->in, 0, (gssize)n + 1);
            return line;
        }
        struct pollfd p = { .fd = f->fd, .events = POLLIN };
        if (poll(&p, 1, 10000) <= 0)
            return NULL;
        char buf[4096];
        ssize_t n = read(f->fd, buf, sizeof(buf));
        if (n <= 0)
            return NULL;
        g_string_append_len(f->in, buf, n);
    }
}

/* Reads a command; returns its id (-1 on EOF) and its name/arguments. */
static gint64 srv_expect(fake *f, char **cmd, JsonObject **args)
{
    g_autofree char *line = srv_read_line(f);
    if (!line)
        return -1;
    g_autoptr(JsonParser) p = json_parser_new();
    g_assert_true(json_parser_load_from_data(p, line, -1, NULL));
    JsonObject *o = json_node_get_object(json_parser_get_root(p));
    if (cmd)
        *cmd = g_strdup(json_object_get_string_member(o, "execute"));
    if (args)
        *args = json_object_has_member(o, "arguments")
            ? json_object_ref(json_object_get_object_member(o, "arguments")) : NULL;
    return json_object_get_int_member(o, "id");
}

static void srv_expect_cmd(fake *f, const char *want, gint64 *id)
{
    g_autofree char *cmd = NULL;
    *id = srv_expect(f, &cmd, NULL);
    g_assert_cmpint(*id, >, 0);
    g_assert_cmpstr(cmd, ==, want);
}

static void srv_handshake(fake *f)
{
    gint64 id;
    srv_send(f, GREETING);
    srv_expect_cmd(f, "qmp_capabilities", &id);
    srv_sendf(f, "{\"return\": {}, \"id\": %" G_GINT64_FORMAT "}\n", id);
}

static void srv_event(fake *f, const char *name)
{
    srv_sendf(f, "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 250}, "
                 "\"event\": \"%s\", \"data\": {\"name\": \"%s\"}}\n", name, name);
}

static gpointer fake_thread(gpointer data)
{
    fake *f = data;
    f->script(f);
    return NULL;
}

/* Starts SCRIPT on the server end; returns the client end. */
static fake *fake_start(fake_script script, gpointer data, int *client_fd)
{
    int sv[2];
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    fake *f = g_new0(fake, 1);
    f->fd = sv[0];
    f->script = script;
    f->data = data;
    f->in = g_string_new(NULL);
    f->thread = g_thread_new("fake-qmp", fake_thread, f);
    *client_fd = sv[1];
    return f;
}

static void fake_finish(fake *f)
{
    g_thread_join(f->thread);
    close(f->fd);
    g_string_free(f->in, TRUE);
    g_free(f);
}

/* ---- the client side: a main loop thread and what it received ---- */

typedef struct {
    GMainContext *ctx;
    GMainLoop *loop;
    GThread *thread;
    GMutex lock;
    GCond cond;
    GPtrArray *events;           /* "NAME@ts" */
    int eofs;
    bool wrong_thread;           /* a callback ran outside the loop thread */
    GThread *expect_thread;      /* where callbacks must run */
    bool close_in_cb;            /* close the monitor from the callback */
    bool closed_in_cb;           /* ... and it did */
} client;

static gpointer loop_thread(gpointer data)
{
    client *c = data;
    g_main_context_push_thread_default(c->ctx);
    g_main_loop_run(c->loop);
    g_main_context_pop_thread_default(c->ctx);
    return NULL;
}

static void client_init(client *c, bool with_ctx)
{
    memset(c, 0, sizeof(*c));
    g_mutex_init(&c->lock);
    g_cond_init(&c->cond);
    c->events = g_ptr_array_new_with_free_func(g_free);
    if (with_ctx) {
        c->ctx = g_main_context_new();
        c->loop = g_main_loop_new(c->ctx, FALSE);
        c->thread = g_thread_new("qmp-loop", loop_thread, c);
        c->expect_thread = c->thread;
    } else {
        c->expect_thread = g_thread_self();
    }
}

static gboolean quit_loop(gpointer data)
{
    g_main_loop_quit(data);
    return G_SOURCE_REMOVE;
}

static void client_clear(client *c)
{
    if (c->ctx) {
        GSource *s = g_idle_source_new();
        g_source_set_callback(s, quit_loop, c->loop, NULL);
        g_source_attach(s, c->ctx);
        g_source_unref(s);
        g_thread_join(c->thread);
        g_main_loop_unref(c->loop);
        g_main_context_unref(c->ctx);
    }
    g_ptr_array_unref(c->events);
    g_mutex_clear(&c->lock);
    g_cond_clear(&c->cond);
}

static void on_event(mv_qmp *mon, const char *event, JsonObject *data, gint64 ts, void *opaque)
{
    client *c = opaque;
    g_mutex_lock(&c->lock);
    if (g_thread_self() != c->expect_thread)
        c->wrong_thread = true;
    if (data && json_object_has_member(data, "name"))
        g_assert_cmpstr(json_object_get_string_member(data, "name"), ==, event);
    g_ptr_array_add(c->events, g_strdup_printf("%s@%" G_GINT64_FORMAT, event, ts));
    g_cond_broadcast(&c->cond);
    g_mutex_unlock(&c->lock);
}

static void on_eof(mv_qmp *mon, void *opaque)
{
    client *c = opaque;
    g_mutex_lock(&c->lock);
    if (g_thread_self() != c->expect_thread)
        c->wrong_thread = true;
    c->eofs++;
    bool do_close = c->close_in_cb;
    g_cond_broadcast(&c->cond);
    g_mutex_unlock(&c->lock);
    if (do_close) {
        mv_qmp_close(mon);
        g_mutex_lock(&c->lock);
        c->closed_in_cb = true;
        g_cond_broadcast(&c->cond);
        g_mutex_unlock(&c->lock);
    }
}

/* Waits until at least N events (or EOFS eofs) arrived. */
static bool client_wait(client *c, guint nevents, int eofs)
{
    gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    g_mutex_lock(&c->lock);
    bool ok = true;
    while (c->events->len < nevents || c->eofs < eofs)
        if (!g_cond_wait_until(&c->cond, &c->lock, deadline)) {
            ok = false;
            break;
        }
    g_mutex_unlock(&c->lock);
    return ok;
}

static mv_qmp *client_open(client *c, int fd)
{
    mv_qmp *mon = mv_qmp_open_fd(fd, -1, 5000, c->ctx, on_event, on_eof, c);
    if (!mon)
        g_test_message("open failed: %s", virGetLastErrorMessage());
    g_assert_nonnull(mon);
    return mon;
}

static void assert_error(int code, const char *contains)
{
    const virError *e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->domain, ==, VIR_FROM_QEMU);
    if (e->code != code || !strstr(e->message, contains))
        g_error("unexpected error %d '%s' (want %d containing '%s')", e->code, e->message,
                code, contains);
}

/* ---- cases ---- */

/* Replies matched by id with events and foreign replies in between. */
static void script_basic(fake *f)
{
    gint64 id;
    srv_handshake(f);
    srv_expect_cmd(f, "query-status", &id);
    srv_event(f, "EV1");
    srv_sendf(f, "{\"return\": {\"status\": \"wrong\"}, \"id\": %" G_GINT64_FORMAT "}\n", id + 100);
    srv_event(f, "EV2");
    srv_sendf(f, "{\"return\": {\"status\": \"prelaunch\", \"running\": false}, "
                 "\"id\": %" G_GINT64_FORMAT "}\n", id);
    srv_expect_cmd(f, "stop", &id);
    srv_sendf(f, "{\"return\": {}, \"id\": %" G_GINT64_FORMAT "}\n", id);
    g_assert_null(srv_read_line(f));   /* the client closes */
}

static void test_basic(void)
{
    client c;
    int fd;
    client_init(&c, true);
    fake *f = fake_start(script_basic, NULL, &fd);
    mv_qmp *mon = client_open(&c, fd);
    JsonNode *r = mv_qmp_command(mon, "query-status", NULL, 5000);
    g_assert_nonnull(r);
    JsonObject *o = json_node_get_object(r);
    g_assert_cmpstr(json_object_get_string_member(o, "status"), ==, "prelaunch");
    g_assert_false(json_object_get_boolean_member(o, "running"));
    json_node_unref(r);
    /* {} comes back as an empty object. */
    r = mv_qmp_command(mon, "stop", NULL, 5000);
    g_assert_nonnull(r);
    g_assert_true(JSON_NODE_HOLDS_OBJECT(r));
    g_assert_cmpuint(json_object_get_size(json_node_get_object(r)), ==, 0);
    json_node_unref(r);
    g_assert_true(client_wait(&c, 2, 0));
    g_assert_cmpstr(c.events->pdata[0], ==, "EV1@1700000000000250");
    g_assert_cmpstr(c.events->pdata[1], ==, "EV2@1700000000000250");
    g_assert_false(c.wrong_thread);
    g_assert_cmpint(c.eofs, ==, 0);
    mv_qmp_close(mon);
    fake_finish(f);
    g_assert_cmpint(c.eofs, ==, 0);     /* no EOF callback after close */
    client_clear(&c);
}

/* The greeting a byte at a time; a reply split in two; an event and a
 * reply in one write; CRLF and blank lines. */
static void script_split(fake *f)
{
    gint64 id;
    for (const char *p = GREETING; *p; p++) {
        char b[2] = { *p, 0 };
        srv_send(f, b);
        if ((p - GREETING) % 16 == 0)
            g_usleep(200);
    }
    srv_expect_cmd(f, "qmp_capabilities", &id);
    srv_sendf(f, "\n{\"return\": {}, \"id\": %" G_GINT64_FORMAT "}\r\n\n", id);
    srv_expect_cmd(f, "one", &id);
    srv_sendf(f, "{\"return\": {\"val");
    g_usleep(20000);
    srv_sendf(f, "ue\": 1}, \"id\": %" G_GINT64_FORMAT "}\n", id);
    srv_expect_cmd(f, "two", &id);
    srv_sendf(f, "{\"event\": \"A\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\n"
                 "{\"return\": {\"value\": 2}, \"id\": %" G_GINT64_FORMAT "}\n"
                 "{\"event\": \"B\", \"timestamp\": {\"seconds\": 3, \"microseconds\": 4}}\n", id);
    g_assert_null(srv_read_line(f));
}

static void test_split(void)
{
    client c;
    int fd;
    client_init(&c, true);
    fake *f = fake_start(script_split, NULL, &fd);
    mv_qmp *mon = client_open(&c, fd);
    JsonNode *r = mv_qmp_command(mon, "one", NULL, 5000);
    g_assert_nonnull(r);
    g_assert_cmpint(json_object_get_int_member(json_node_get_object(r), "value"), ==, 1);
    json_node_unref(r);
    r = mv_qmp_command(mon, "two", NULL, 5000);
    g_assert_nonnull(r);
    g_assert_cmpint(json_object_get_int_member(json_node_get_object(r), "value"), ==, 2);
    json_node_unref(r);
    g_assert_true(client_wait(&c, 2, 0));
    g_assert_cmpstr(c.events->pdata[0], ==, "A@1000002");
    g_assert_cmpstr(c.events->pdata[1], ==, "B@3000004");
    g_assert_false(c.wrong_thread);
    mv_qmp_close(mon);
    fake_finish(f);
    client_clear(&c);
}

/* Error replies, with and without desc; arguments reach the server. */
static void script_error(fake *f)
{
    gint64 id;
    g_autofree char *cmd = NULL;
    JsonObject *args = NULL;
    srv_handshake(f);
    id = srv_expect(f, &cmd, &args);
    g_assert_cmpstr(cmd, ==, "device_add");
    g_assert_nonnull(args);
    g_assert_cmpstr(json_object_get_string_member(args, "driver"), ==, "bogus");
    json_object_unref(args);
    srv_sendf(f, "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"'bogus' is not a valid device model name\"}, "
                 "\"id\": %" G_GINT64_FORMAT "}\n", id);
    srv_expect_cmd(f, "x", &id);
    srv_sendf(f, "{\"error\": {\"class\": \"CommandNotFound\"}, "
                 "\"id\": %" G_GINT64_FORMAT "}\n", id);
    g_assert_null(srv_read_line(f));
}

static void test_error(void)
{
    client c;
    int fd;
    client_init(&c, true);
    fake *f = fake_start(script_error, NULL, &fd);
    mv_qmp *mon = client_open(&c, fd);
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "driver", "bogus");
    g_assert_null(mv_qmp_command(mon, "device_add", args, 5000));
    json_object_unref(args);     /* still ours */
    assert_error(VIR_ERR_INTERNAL_ERROR, "unable to execute QEMU command 'device_add'");
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "internal error: unable to execute QEMU command 'device_add': "
                    "'bogus' is not a valid device model name");
    g_assert_cmpint(mv_qmp_run(mon, "x", 5000), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "internal error: unable to execute QEMU command 'x': CommandNotFound");
    mv_qmp_close(mon);
    fake_finish(f);
    client_clear(&c);
}

/* A reply that comes too late is dropped; the next command works. */
static void script_timeout(fake *f)
{
    gint64 id, id2;
    srv_handshake(f);
    srv_expect_cmd(f, "slow", &id);
    srv_expect_cmd(f, "fast", &id2);   /* sent after "slow" timed out */
    srv_sendf(f, "{\"return\": {\"who\": \"slow\"}, \"id\": %" G_GINT64_FORMAT "}\n", id);
    srv_sendf(f, "{\"return\": {\"who\": \"fast\"}, \"id\": %" G_GINT64_FORMAT "}\n", id2);
    g_assert_null(srv_read_line(f));
}

static void test_timeout(void)
{
    for (int with_ctx = 1; with_ctx >= 0; with_ctx--) {
        client c;
        int fd;
        client_init(&c, with_ctx);
        fake *f = fake_start(script_timeout, NULL, &fd);
        mv_qmp *mon = client_open(&c, fd);
        gint64 t0 = g_get_monotonic_time();
        g_assert_null(mv_qmp_command(mon, "slow", NULL, 150));
        gint64 ms = (g_get_monotonic_time() - t0) / 1000;
        g_assert_cmpint(ms, >=, 140);
        g_assert_cmpint(ms, <, 2000);
        assert_error(VIR_ERR_OPERATION_TIMEOUT, "'slow'");
        JsonNode *r = mv_qmp_command(mon, "fast", NULL, 5000);
        g_assert_nonnull(r);
        g_assert_cmpstr(json_object_get_string_member(json_node_get_object(r), "who"), ==, "fast");
        json_node_unref(r);
        mv_qmp_close(mon);
        fake_finish(f);
        client_clear(&c);
    }
}

/* QEMU goes away while a command waits. */
static void script_eof(fake *f)
{
    gint64 id;
    srv_handshake(f);
    srv_expect_cmd(f, "quit-ish", &id);
    srv_event(f, "SHUTDOWN");
    shutdown(f->fd, SHUT_RDWR);
}

static void test_eof(void)
{
    for (int with_ctx = 1; with_ctx >= 0; with_ctx--) {
        client c;
        int fd;
        client_init(&c, with_ctx);
        fake *f = fake_start(script_eof, NULL, &fd);
        mv_qmp *mon = client_open(&c, fd);
        g_assert_null(mv_qmp_command(mon, "quit-ish", NULL, 5000));
        assert_error(VIR_ERR_OPERATION_FAILED, "monitor closed");
        g_assert_true(client_wait(&c, 1, 1));
        g_assert_cmpint(c.eofs, ==, 1);
        g_assert_cmpstr(c.events->pdata[0], ==, "SHUTDOWN@1700000000000250");
        g_assert_true(mv_qmp_is_closed(mon));
        /* Later commands fail at once. */
        gint64 t0 = g_get_monotonic_time();
        g_assert_cmpint(mv_qmp_run(mon, "again", 5000), ==, -1);
        g_assert_cmpint(g_get_monotonic_time() - t0, <, G_USEC_PER_SEC);
        assert_error(VIR_ERR_OPERATION_FAILED, "monitor closed");
        g_assert_false(c.wrong_thread);
        mv_qmp_close(mon);
        fake_finish(f);
        g_assert_cmpint(c.eofs, ==, 1);
        client_clear(&c);
    }
}

/* A reference kept past mv_qmp_close(): commands fail cleanly. */
static void script_idle(fake *f)
{
    srv_handshake(f);
    g_assert_null(srv_read_line(f));
}

static void test_ref_after_close(void)
{
    client c;
    int fd;
    client_init(&c, true);
    fake *f = fake_start(script_idle, NULL, &fd);
    mv_qmp *mon = client_open(&c, fd);
    mv_qmp *extra = mv_qmp_ref(mon);
    mv_qmp_close(mon);
    fake_finish(f);                     /* the server saw the socket close */
    g_assert_true(mv_qmp_is_closed(extra));
    g_assert_cmpint(mv_qmp_run(extra, "query-status", 1000), ==, -1);
    assert_error(VIR_ERR_OPERATION_FAILED, "monitor closed");
    mv_qmp_unref(extra);
    g_assert_cmpint(c.eofs, ==, 0);
    client_clear(&c);
}

/* The EOF callback closes the monitor itself. */
static void script_hangup(fake *f)
{
    srv_handshake(f);
    srv_event(f, "BYE");
    shutdown(f->fd, SHUT_RDWR);
}

static void test_close_in_callback(void)
{
    client c;
    int fd;
    client_init(&c, true);
    c.close_in_cb = true;
    fake *f = fake_start(script_hangup, NULL, &fd);
    client_open(&c, fd);
    g_assert_true(client_wait(&c, 1, 1));
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    g_mutex_lock(&c.lock);
    while (!c.closed_in_cb)
        g_assert_true(g_cond_wait_until(&c.cond, &c.lock, deadline));
    g_mutex_unlock(&c.lock);
    fake_finish(f);
    g_assert_false(c.wrong_thread);
    client_clear(&c);
}

/* Four threads at once, the server echoing with events in between. */
#define CONC_THREADS 4
#define CONC_EACH 50

static void script_echo(fake *f)
{
    srv_handshake(f);
    for (int n = 0;; n++) {
        g_autofree char *cmd = NULL;
        JsonObject *args = NULL;
        gint64 id = srv_expect(f, &cmd, &args);
        if (id < 0)
            break;
        g_assert_cmpstr(cmd, ==, "echo");
        if (n % 7 == 0)
            srv_event(f, "TICK");
        srv_sendf(f, "{\"return\": {\"v\": %" G_GINT64_FORMAT "}, \"id\": %" G_GINT64_FORMAT "}\n",
                  json_object_get_int_member(args, "v"), id);
        json_object_unref(args);
    }
}

static gpointer echo_worker(gpointer data)
{
    mv_qmp *mon = ((gpointer *)data)[0];
    gint64 base = GPOINTER_TO_INT(((gpointer *)data)[1]) * 1000;
    for (int i = 0; i < CONC_EACH; i++) {
        JsonObject *args = json_object_new();
        json_object_set_int_member(args, "v", base + i);
        JsonNode *r = mv_qmp_command(mon, "echo", args, 10000);
        json_object_unref(args);
        if (!r)
            g_error("echo failed: %s", virGetLastErrorMessage());
        g_assert_cmpint(json_object_get_int_member(json_node_get_object(r), "v"), ==, base + i);
        json_node_unref(r);
    }
    return NULL;
}

static void test_concurrent(void)
{
    client c;
    int fd;
    client_init(&c, true);
    fake *f = fake_start(script_echo, NULL, &fd);
    mv_qmp *mon = client_open(&c, fd);
    GThread *th[CONC_THREADS];
    gpointer args[CONC_THREADS][2];
    for (int i = 0; i < CONC_THREADS; i++) {
        args[i][0] = mon;
        args[i][1] = GINT_TO_POINTER(i + 1);
        th[i] = g_thread_new("echo", echo_worker, args[i]);
    }
    for (int i = 0; i < CONC_THREADS; i++)
        g_thread_join(th[i]);
    g_assert_true(client_wait(&c, (CONC_THREADS * CONC_EACH + 6) / 7, 0));
    g_assert_false(c.wrong_thread);
    mv_qmp_close(mon);
    fake_finish(f);
    client_clear(&c);
}

/* Not JSON, and a line that never ends: both are the end of the monitor. */
static void script_garbage(fake *f)
{
    gint64 id;
    srv_handshake(f);
    srv_expect_cmd(f, "query-status", &id);
    if (GPOINTER_TO_INT(f->data) == 0) {
        srv_send(f, "this is { not json\n");
    } else {
        char *big = g_malloc(1 << 20);
        memset(big, 'x', 1 << 20);
        big[(1 << 20) - 1] = 0;
        for (int i = 0; i < 17; i++)
            srv_send(f, big);
        g_free(big);
    }
    g_assert_null(srv_read_line(f));
}

static void test_garbage(void)
{
    for (int kind = 0; kind < 2; kind++) {
        client c;
        int fd;
        client_init(&c, true);
        fake *f = fake_start(script_garbage, GINT_TO_POINTER(kind), &fd);
        mv_qmp *mon = client_open(&c, fd);
        g_assert_null(mv_qmp_command(mon, "query-status", NULL, 20000));
        assert_error(VIR_ERR_OPERATION_FAILED, kind == 0 ? "malformed" : "longer than");
        g_assert_true(client_wait(&c, 0, 1));
        mv_qmp_close(mon);
        fake_finish(f);
        client_clear(&c);
    }
}

/* A peer that never greets, and one that is not QMP at all. */
static void script_silent(fake *f)
{
    gint64 id;
    /* The client does not wait for the greeting to negotiate. */
    srv_expect_cmd(f, "qmp_capabilities", &id);
    g_assert_null(srv_read_line(f));
}

static void script_not_qmp(fake *f)
{
    gint64 id;
    srv_send(f, "{\"hello\": 1}\nnonsense\n");
    srv_expect_cmd(f, "qmp_capabilities", &id);
    g_assert_null(srv_read_line(f));
}

/* A capabilities error fails the open. */
static void script_caps_error(fake *f)
{
    gint64 id;
    srv_send(f, GREETING);
    srv_expect_cmd(f, "qmp_capabilities", &id);
    srv_sendf(f, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"nope\"}, "
                 "\"id\": %" G_GINT64_FORMAT "}\n", id);
    g_assert_null(srv_read_line(f));
}

static void test_bad_greeting(void)
{
    int fd;
    fake *f = fake_start(script_silent, NULL, &fd);
    g_assert_null(mv_qmp_open_fd(fd, -1, 100, NULL, NULL, NULL, NULL));
    assert_error(VIR_ERR_OPERATION_TIMEOUT, "handshake");
    fake_finish(f);
    f = fake_start(script_not_qmp, NULL, &fd);
    g_assert_null(mv_qmp_open_fd(fd, -1, 5000, NULL, NULL, NULL, NULL));
    assert_error(VIR_ERR_OPERATION_FAILED, "malformed");
    fake_finish(f);
    f = fake_start(script_caps_error, NULL, &fd);
    g_assert_null(mv_qmp_open_fd(fd, -1, 5000, NULL, NULL, NULL, NULL));
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "internal error: unable to execute QEMU command 'qmp_capabilities': nope");
    fake_finish(f);
}

/* mv_qmp_open: waits for the socket to appear; stops at once when the
 * process exits; times out. */
typedef struct {
    char *path;
    int delay_ms;
} listener;

static gpointer listen_later(gpointer data)
{
    listener *l = data;
    g_usleep((gulong)l->delay_ms * 1000);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    g_strlcpy(sa.sun_path, l->path, sizeof(sa.sun_path));
    g_assert_cmpint(bind(s, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(s, 1), ==, 0);
    int c = accept(s, NULL, NULL);
    close(s);
    fake f = { .fd = c, .in = g_string_new(NULL) };
    gint64 id;
    srv_handshake(&f);
    srv_expect_cmd(&f, "query-status", &id);
    srv_sendf(&f, "{\"return\": {\"running\": true}, \"id\": %" G_GINT64_FORMAT "}\n", id);
    g_assert_null(srv_read_line(&f));
    g_string_free(f.in, TRUE);
    close(c);
    return NULL;
}

static void test_open_path(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-qmp-XXXXXX", NULL);
    listener l = { g_build_filename(dir, "qmp.sock", NULL), 80 };
    GThread *t = g_thread_new("listener", listen_later, &l);
    mv_qmp *mon = mv_qmp_open(l.path, -1, 5000, NULL, NULL, NULL, NULL);
    g_assert_nonnull(mon);
    g_assert_cmpint(mv_qmp_run(mon, "query-status", 5000), ==, 0);
    mv_qmp_close(mon);
    g_thread_join(t);
    g_unlink(l.path);

    /* Nobody listens: the timeout. */
    gint64 t0 = g_get_monotonic_time();
    g_assert_null(mv_qmp_open(l.path, -1, 100, NULL, NULL, NULL, NULL));
    assert_error(VIR_ERR_OPERATION_TIMEOUT, l.path);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);

    /* The process exits meanwhile: noticed through its pidfd. */
    pid_t pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        usleep(50000);
        _exit(0);
    }
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd >= 0) {
        t0 = g_get_monotonic_time();
        g_assert_null(mv_qmp_open(l.path, pidfd, 10000, NULL, NULL, NULL, NULL));
        assert_error(VIR_ERR_OPERATION_FAILED, "QEMU exited while connecting to the monitor");
        g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
        close(pidfd);
    }
    g_assert_cmpint(waitpid(pid, NULL, 0), ==, pid);
    g_rmdir(dir);
    g_free(l.path);
}

/* ---- a real QEMU ---- */

/* A unix socket bound at PATH and listening. */
static int listen_at(const char *path)
{
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    g_assert_cmpint(s, >=, 0);
    g_assert_cmpuint(strlen(path), <, sizeof(sa.sun_path));
    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    g_assert_cmpint(bind(s, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(s, 1), ==, 0);
    return s;
}

/* Starts QEMU with its QMP monitor on the listening socket MON_FD (as fd
 * 3), its output to LOG. */
static pid_t spawn_qemu(const char *qemu, int mon_fd, const char *log)
{
    const char *argv[] = { qemu, "-S", "-nodefaults", "-display", "none", "-machine", "none",
                           "-chardev", "socket,id=qmp,fd=3,server=on,wait=off",
                           "-mon", "chardev=qmp,mode=control", NULL };
    int logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    g_assert_cmpint(logfd, >, 2);
    g_assert_cmpint(devnull, >, 2);
    g_assert_cmpint(mon_fd, >, 2);
    pid_t pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        setsid();
        prctl(PR_SET_PDEATHSIG, SIGKILL);   /* never outlives a failed test */
        dup2(devnull, 0);
        dup2(logfd, 1);
        dup2(logfd, 2);
        if (mon_fd == 3)                    /* fd 3, without O_CLOEXEC */
            fcntl(3, F_SETFD, 0);
        else
            dup2(mon_fd, 3);
        execv(qemu, (char **)argv);
        _exit(127);
    }
    close(logfd);
    close(devnull);
    return pid;
}

static void test_real_qemu(void)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return;
    }
    g_autofree char *dir = g_dir_make_tmp("mv-qmp-real-XXXXXX", NULL);
    g_autofree char *sock = g_build_filename(dir, "qmp.sock", NULL);
    g_autofree char *log = g_build_filename(dir, "qemu.log", NULL);
    client c;
    client_init(&c, true);
    /* The socket listens before QEMU starts (QEMU gets it as fd=3, as
     * libvirt passes it): a connection is accepted as soon as QEMU's
     * monitor runs, and never races with QEMU setting the socket up. Our
     * copy is closed, so a QEMU that exits resets the connection. */
    int mon_fd = listen_at(sock);
    pid_t pid = spawn_qemu(qemu, mon_fd, log);
    close(mon_fd);
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    g_assert_cmpint(pidfd, >=, 0);
    gint64 t0 = g_get_monotonic_time();
    mv_qmp *mon = mv_qmp_open(sock, pidfd, 10000, c.ctx, on_event, on_eof, &c);
    if (!mon) {
        g_autofree char *text = NULL;
        g_file_get_contents(log, &text, NULL, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        g_error("open failed: %s; QEMU said: %s", virGetLastErrorMessage(), text);
    }
    g_test_message("connected to QEMU in %" G_GINT64_FORMAT " ms",
                   (g_get_monotonic_time() - t0) / 1000);
    JsonNode *r = mv_qmp_command(mon, "query-status", NULL, 5000);
    g_assert_nonnull(r);
    JsonObject *o = json_node_get_object(r);
    g_assert_cmpstr(json_object_get_string_member(o, "status"), ==, "prelaunch");
    g_assert_false(json_object_get_boolean_member(o, "running"));
    json_node_unref(r);
    /* An error from QEMU itself. */
    g_assert_cmpint(mv_qmp_run(mon, "no-such-command", 5000), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, "unable to execute QEMU command 'no-such-command': ");

    g_assert_cmpint(mv_qmp_run(mon, "cont", 5000), ==, 0);
    g_assert_true(client_wait(&c, 1, 0));
    g_assert_true(g_str_has_prefix(c.events->pdata[0], "RESUME@"));
    r = mv_qmp_command(mon, "query-status", NULL, 5000);
    g_assert_nonnull(r);
    g_assert_true(json_object_get_boolean_member(json_node_get_object(r), "running"));
    json_node_unref(r);

    /* quit: its reply and the SHUTDOWN event race with the socket closing. */
    JsonNode *q = mv_qmp_command(mon, "quit", NULL, 5000);
    if (q)
        json_node_unref(q);
    g_assert_true(client_wait(&c, 2, 1));
    g_mutex_lock(&c.lock);
    bool shutdown_seen = false;
    for (guint i = 0; i < c.events->len; i++)
        shutdown_seen |= g_str_has_prefix(c.events->pdata[i], "SHUTDOWN@");
    g_mutex_unlock(&c.lock);
    g_assert_true(shutdown_seen);
    g_assert_cmpint(c.eofs, ==, 1);
    g_assert_false(c.wrong_thread);
    mv_qmp_close(mon);

    /* QEMU exits after quit: its pidfd becomes readable. */
    struct pollfd exit_wait = { .fd = pidfd, .events = POLLIN };
    int status = 0;
    if (poll(&exit_wait, 1, 10000) != 1) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        g_error("QEMU did not exit after quit");
    }
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    close(pidfd);
    client_clear(&c);
    g_unlink(log);
    g_unlink(sock);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    signal(SIGPIPE, SIG_IGN);
    virInitialize();
    g_test_add_func("/qmp/basic", test_basic);
    g_test_add_func("/qmp/split", test_split);
    g_test_add_func("/qmp/error", test_error);
    g_test_add_func("/qmp/timeout", test_timeout);
    g_test_add_func("/qmp/eof", test_eof);
    g_test_add_func("/qmp/close-in-callback", test_close_in_callback);
    g_test_add_func("/qmp/ref-after-close", test_ref_after_close);
    g_test_add_func("/qmp/concurrent", test_concurrent);
    g_test_add_func("/qmp/garbage", test_garbage);
    g_test_add_func("/qmp/bad-greeting", test_bad_greeting);
    g_test_add_func("/qmp/open-path", test_open_path);
    g_test_add_func("/qmp/real-qemu", test_real_qemu);
    return g_test_run();
}
