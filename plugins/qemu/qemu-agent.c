/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-agent.c — the guest agent client (see qemu-agent.h):
 * a blocking unix socket read with poll() against a deadline, one line of
 * JSON per reply, each command behind a guest-sync-delimited. */
#include "qemu-agent.h"
#include "qemu-driver.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SYNC_SECONDS 5   /* libvirt's bound on guest-sync */

struct mv_qemu_agent {
    gint refs;
    char *path;
    GMutex lock;         /* one command at a time; guards what follows */
    int fd;              /* -1: not connected */
    GString *buf;        /* read and not used yet */
    unsigned long long next_id;
};

mv_qemu_agent *mv_qemu_agent_new(const char *path)
{
    mv_qemu_agent *ag = g_new0(mv_qemu_agent, 1);
    ag->refs = 1;
    ag->path = g_strdup(path);
    g_mutex_init(&ag->lock);
    ag->fd = -1;
    ag->buf = g_string_new(NULL);
    ag->next_id = (unsigned long long)g_get_real_time();
    return ag;
}

mv_qemu_agent *mv_qemu_agent_ref(mv_qemu_agent *ag)
{
    g_atomic_int_inc(&ag->refs);
    return ag;
}

static void disconnect(mv_qemu_agent *ag)
{
    if (ag->fd >= 0)
        close(ag->fd);
    ag->fd = -1;
    g_string_truncate(ag->buf, 0);
}

void mv_qemu_agent_unref(mv_qemu_agent *ag)
{
    if (!ag || !g_atomic_int_dec_and_test(&ag->refs))
        return;
    disconnect(ag);
    g_string_free(ag->buf, TRUE);
    g_mutex_clear(&ag->lock);
    g_free(ag->path);
    g_free(ag);
}

void mv_qemu_agent_close(mv_qemu_agent *ag)
{
    /* A command in progress holds the lock: shutting the socket down makes
     * its poll return, and it then closes the fd itself. */
    if (!g_mutex_trylock(&ag->lock)) {
        int fd = g_atomic_int_get(&ag->fd);
        if (fd >= 0)
            shutdown(fd, SHUT_RDWR);
        return;
    }
    disconnect(ag);
    g_mutex_unlock(&ag->lock);
}

static void not_available(void)
{
    mv_error_report(MV_QEMU_ERR, VIR_ERR_AGENT_UNRESPONSIVE,
                    "Guest agent not available for now");
}

static void disappeared(mv_qemu_agent *ag)
{
    disconnect(ag);
    mv_error_report(MV_QEMU_ERR, VIR_ERR_AGENT_UNRESPONSIVE,
                    "Guest agent disappeared while executing command");
}

static int agent_connect(mv_qemu_agent *ag)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(ag->path) >= sizeof(sa.sun_path)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "Agent path %s too big for destination", ag->path);
        return -1;
    }
    strcpy(sa.sun_path, ag->path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "failed to connect to agent socket");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    ag->fd = fd;
    return 0;
}

static int send_all(mv_qemu_agent *ag, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(ag->fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            disappeared(ag);
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads more into the buffer until DEADLINE (monotonic µs; < 0: none).
 * 1 when something came, 0 on timeout, -1 (reported) when the socket ended. */
static int read_more(mv_qemu_agent *ag, gint64 deadline)
{
    for (;;) {
        int wait = -1;
        if (deadline >= 0) {
            gint64 left = deadline - g_get_monotonic_time();
            wait = left <= 0 ? 0 : (int)MIN((left + 999) / 1000, G_MAXINT);
        }
        struct pollfd p = { .fd = ag->fd, .events = POLLIN };
        int r = poll(&p, 1, wait);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            return 0;
        char chunk[4096];
        ssize_t n = r > 0 ? recv(ag->fd, chunk, sizeof(chunk), 0) : -1;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            disappeared(ag);
            return -1;
        }
        g_string_append_len(ag->buf, chunk, n);
        return 1;
    }
}

/* The next line of the buffer (without its newline), reading as needed;
 * NULL at the deadline (reported: not available) or at the socket's end. */
static char *next_line(mv_qemu_agent *ag, gint64 deadline)
{
    for (;;) {
        char *nl = memchr(ag->buf->str, '\n', ag->buf->len);
        if (nl) {
            size_t n = (size_t)(nl - ag->buf->str);
            char *line = g_strndup(ag->buf->str, n);
            g_string_erase(ag->buf, 0, (gssize)n + 1);
            return line;
        }
        int r = read_more(ag, deadline);
        if (r == 0)
            not_available();
        if (r <= 0)
            return NULL;
    }
}

static JsonNode *parse_object(const char *line)
{
    g_autoptr(JsonParser) p = json_parser_new();
    if (!json_parser_load_from_data(p, line, -1, NULL))
        return NULL;
    JsonNode *root = json_parser_get_root(p);
    return root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_copy(root) : NULL;
}

static char *to_text(JsonNode *node)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    json_generator_set_root(gen, node);
    return json_generator_to_data(gen, NULL);
}

/* guest-sync-delimited: everything up to the 0xFF the agent writes before
 * its reply is dropped, then replies up to the one with our id. */
static int agent_sync(mv_qemu_agent *ag)
{
    unsigned long long id = ag->next_id++;
    g_autofree char *cmd = g_strdup_printf(
        "{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":%llu}}\n", id);
    if (send_all(ag, cmd, strlen(cmd)) < 0)
        return -1;
    gint64 deadline = g_get_monotonic_time() + SYNC_SECONDS * G_USEC_PER_SEC;
    for (;;) {
        char *ff = memchr(ag->buf->str, 0xff, ag->buf->len);
        if (ff) {
            g_string_erase(ag->buf, 0, ff - ag->buf->str + 1);
            break;
        }
        g_string_truncate(ag->buf, 0);
        int r = read_more(ag, deadline);
        if (r == 0)
            not_available();
        if (r <= 0)
            return -1;
    }
    for (;;) {
        g_autofree char *line = next_line(ag, deadline);
        if (!line)
            return -1;
        JsonNode *reply = parse_object(line);
        if (!reply)
            continue;
        JsonObject *o = json_node_get_object(reply);
        JsonNode *ret = json_object_get_member(o, "return");
        bool ours = ret && JSON_NODE_HOLDS_VALUE(ret) &&
                    (unsigned long long)json_node_get_int(ret) == id;
        json_node_unref(reply);
        if (ours)
            return 0;
    }
}

static gint64 deadline_of(int timeout)
{
    if (timeout == MV_QEMU_AGENT_BLOCK || timeout == MV_QEMU_AGENT_DEFAULT)
        return -1;
    return g_get_monotonic_time() + (gint64)timeout * G_USEC_PER_SEC;
}

/* Sends the command text LINE (one JSON object, no newline) and returns the
 * whole reply object, or NULL with an error. With the lock held. */
static JsonNode *exchange(mv_qemu_agent *ag, const char *name, const char *line, int timeout)
{
    if (ag->fd < 0 && agent_connect(ag) < 0)
        return NULL;
    if (agent_sync(ag) < 0)
        return NULL;
    g_autofree char *text = g_strconcat(line, "\n", NULL);
    if (send_all(ag, text, strlen(text)) < 0)
        return NULL;
    gint64 deadline = deadline_of(timeout);
    for (;;) {
        g_autofree char *reply_line = next_line(ag, deadline);
        if (!reply_line)
            return NULL;
        JsonNode *reply = parse_object(reply_line);
        if (!reply)
            continue;
        JsonObject *o = json_node_get_object(reply);
        if (json_object_has_member(o, "return"))
            return reply;
        JsonObject *err = json_object_has_member(o, "error")
                        ? json_object_get_object_member(o, "error") : NULL;
        if (err) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "unable to execute QEMU agent command '%s': %s", name,
                            json_object_get_string_member_with_default(err, "desc",
                                                                       "unknown error"));
            json_node_unref(reply);
            return NULL;
        }
        json_node_unref(reply);   /* neither: not a reply */
    }
}

JsonNode *mv_qemu_agent_command(mv_qemu_agent *ag, const char *cmd, JsonObject *args,
                                int timeout)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "execute");
    json_builder_add_string_value(b, cmd);
    if (args) {
        json_builder_set_member_name(b, "arguments");
        JsonNode *a = json_node_new(JSON_NODE_OBJECT);
        json_node_set_object(a, args);
        json_builder_add_value(b, a);
    }
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    g_autofree char *line = to_text(root);
    g_mutex_lock(&ag->lock);
    JsonNode *reply = exchange(ag, cmd, line, timeout);
    disconnect(ag);
    g_mutex_unlock(&ag->lock);
    if (!reply)
        return NULL;
    JsonNode *ret = json_node_copy(json_object_get_member(json_node_get_object(reply), "return"));
    json_node_unref(reply);
    return ret;
}

char *mv_qemu_agent_command_text(mv_qemu_agent *ag, const char *cmd, int timeout)
{
    g_autoptr(JsonParser) p = json_parser_new();
    g_autoptr(GError) gerr = NULL;
    if (!json_parser_load_from_data(p, cmd, -1, &gerr)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR, "cannot parse json %s: %s", cmd,
                        gerr->message);
        return NULL;
    }
    JsonNode *root = json_parser_get_root(p);
    JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    const char *name = o ? json_object_get_string_member_with_default(o, "execute", NULL) : NULL;
    if (!name) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "cannot parse json %s: no 'execute' member", cmd);
        return NULL;
    }
    /* One line on the wire, whatever the user's layout. */
    g_autofree char *line = to_text(root);
    g_mutex_lock(&ag->lock);
    JsonNode *reply = exchange(ag, name, line, timeout);
    disconnect(ag);
    g_mutex_unlock(&ag->lock);
    if (!reply)
        return NULL;
    char *text = to_text(reply);
    json_node_unref(reply);
    return text;
}
