/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/ssh-helper/ssh-helper.c — modvirt-ssh-helper, the far end of a
 * SCHEME+ssh:// connection (libvirt's virt-ssh-helper for modvirtd).
 *
 * ssh runs it on the daemon's host with the connection's URI. It connects
 * to the socket of the daemon that serves the URI, chosen as the remote
 * plugin chooses it for a local client (the single daemon or a per-driver
 * one, system or the user's session, read-only with -r), and relays bytes
 * between its stdin/stdout and that socket until either side closes. What
 * the client sends moves with splice(2) when stdin is a pipe (as sshd
 * gives it), else with read/write; one thread per direction, so neither
 * waits on the other. What goes wrong is said on stderr, which ssh carries back to
 * the client, where it becomes part of the connection's error.
 */
#include "mv-config.h"
#include "daemon-socket.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define PROG "modvirt-ssh-helper"
#define CHUNK (64 * 1024)

static G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    _exit(EXIT_FAILURE);
}

/* The socket serving URI_TEXT. */
static char *choose_socket(const char *uri_text, bool readonly)
{
    g_autofree char *scheme = NULL, *path = NULL, *query = NULL;
    g_autoptr(GError) gerr = NULL;
    if (*uri_text && !g_uri_split(uri_text, G_URI_FLAGS_ENCODED_QUERY, &scheme, NULL, NULL,
                                  NULL, &path, &query, NULL, &gerr))
        die("cannot parse URI '%s': %s", uri_text, gerr->message);
    g_autoptr(GHashTable) params = NULL;
    if (query) {
        params = g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, &gerr);
        if (!params)
            die("cannot parse the parameters of URI '%s': %s", uri_text, gerr->message);
    }
    const char *socket = params ? g_hash_table_lookup(params, "socket") : NULL;
    if (socket)
        return g_strdup(socket);
    const char *mode = params ? g_hash_table_lookup(params, "mode") : NULL;
    /* The driver: the scheme without a transport. */
    char *plus = scheme ? strchr(scheme, '+') : NULL;
    if (plus)
        *plus = '\0';
    /* As the remote plugin: /session, the test driver for an ordinary
     * user, and no URI at all for one, are the user's own daemon. */
    bool user = geteuid() != 0;
    bool session = scheme ? (path && (!strcmp(path, "/session")
                                      || (!strcmp(scheme, "test") && user)))
                          : user;
    char *sock = mv_rpc_daemon_socket(scheme, session, readonly, mode, NULL, NULL);
    if (!sock)
        die("%s", virGetLastErrorMessage());
    return sock;
}

static int connect_socket(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    size_t n = strlen(path);
    if (n >= sizeof(sa.sun_path))
        die("cannot connect to '%s': the path is too long for a unix socket", path);
    memcpy(sa.sun_path, path, n);
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    if (path[0] == '@') {
        sa.sun_path[0] = '\0';
        len--;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("cannot create a socket: %s", g_strerror(errno));
    int rc;
    do {
        rc = connect(fd, (struct sockaddr *)&sa, len);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        int err = errno;
        die("cannot connect to '%s': %s%s", path, g_strerror(err),
            err == ENOENT || err == ECONNREFUSED ? " (is modvirtd running there?)" : "");
    }
    return fd;
}

/* One direction of the relay. */
typedef struct pump {
    int in, out;
    const char *from, *to;
    bool splice;         /* try splice(2) first */
} pump;

/* Writes all of BUF; false when OUT is gone. */
static bool write_all(const pump *p, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(p->out, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (errno != EPIPE && errno != ECONNRESET)
                die("cannot write to %s: %s", p->to, g_strerror(errno));
            return false;
        }
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* Moves bytes until IN ends or OUT is gone. */
static void pump_run(const pump *p)
{
    bool can_splice = p->splice;
    g_autofree char *buf = NULL;
    for (;;) {
        ssize_t n;
        if (can_splice) {
            n = splice(p->in, NULL, p->out, NULL, CHUNK, SPLICE_F_MOVE);
            if (n < 0 && errno == EINVAL) {
                can_splice = false;     /* neither side is a pipe */
                continue;
            }
            if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
                return;
        } else {
            if (!buf)
                buf = g_malloc(CHUNK);
            n = read(p->in, buf, CHUNK);
            if (n > 0 && !write_all(p, buf, (size_t)n))
                return;
        }
        if (n == 0)
            return;
        if (n < 0 && errno != EINTR) {
            if (errno == ECONNRESET)
                return;
            die("cannot relay from %s to %s: %s", p->from, p->to, g_strerror(errno));
        }
    }
}

/* Either direction ending ends the relay: the process exits at once
 * (_exit: the other thread may be in a call, nothing is buffered). */
static gpointer pump_thread(gpointer data)
{
    pump_run(data);
    _exit(EXIT_SUCCESS);
}

int main(int argc, char **argv)
{
    gboolean readonly = FALSE, version = FALSE;
    GOptionEntry entries[] = {
        { "readonly", 'r', 0, G_OPTION_ARG_NONE, &readonly, "Connect read-only", NULL },
        { "version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("URI - relay an ssh session to modvirtd");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autoptr(GError) gerr = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr))
        die("%s (see " PROG " --help)", gerr->message);
    if (version) {
        printf(PROG " (modvirt) %s\n", MV_VERSION);
        return 0;
    }
    if (argc != 2)
        die("expects one URI (see " PROG " --help)");
    signal(SIGPIPE, SIG_IGN);

    g_autofree char *path = choose_socket(argv[1], readonly);
    int sock = connect_socket(path);
    static pump down, up;
    /* Only into the socket: spliced out of a unix socket into a pipe, a
     * reply was seen to stay half-way (Linux 6) while the client waited
     * for it; read/write there. */
    down = (pump){ sock, STDOUT_FILENO, path, "standard output", false };
    up = (pump){ STDIN_FILENO, sock, "standard input", path, true };
    GThread *t = g_thread_try_new("relay", pump_thread, &down, &gerr);
    if (!t)
        die("cannot start the relay: %s", gerr->message);
    pump_thread(&up);
    return EXIT_SUCCESS;
}
