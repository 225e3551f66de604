/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-transport.c — from a URI to a connected socket.
 *
 * The URI says which daemon (the socket= parameter, or the system or the
 * session daemon's socket) and what to ask it to open: the URI without its
 * transport, host and the parameters meant for this side, as libvirt's
 * client sends it. A session daemon that does not listen yet is started
 * (modvirtd --session --timeout 120) and waited for.
 */
#include "remote.h"
#include "daemon-socket.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/auxv.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#define MV_LOG_SRC "remote"

/* How long a session daemon may take to listen. */
#define SPAWN_WAIT_US (10 * G_TIME_SPAN_SECOND)

/* Parameters for this side, never sent to the daemon (libvirt's list). */
static const char *const own_params[] = {
    "name", "command", "socket", "auth", "sshauth", "netcat", "keyfile", "pkipath",
    "known_hosts", "known_hosts_verify", "tls_priority", "mode", "proxy", "no_sanity",
    "no_verify", "no_tty", "authfile", NULL,
};
static const char *const bool_params[] = { "no_sanity", "no_verify", "no_tty", NULL };
static const char *const later_transports[] = {
    "libssh", "libssh2", "ext", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t len)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == len && !g_ascii_strncasecmp(list[i], s, len))
            return true;
    return false;
}

/* The query of URI without this side's parameters, as written (escaped). */
static char *daemon_query(const mv_uri *uri)
{
    if (!uri->query || !*uri->query)
        return NULL;
    GString *q = g_string_new(NULL);
    g_auto(GStrv) parts = g_strsplit(uri->query, "&", -1);
    for (size_t i = 0; parts[i]; i++) {
        if (!*parts[i])
            continue;
        size_t klen = strcspn(parts[i], "=");
        g_autofree char *key = g_uri_unescape_segment(parts[i], parts[i] + klen, NULL);
        if (key && in_list(own_params, key, strlen(key)))
            continue;
        if (q->len)
            g_string_append_c(q, '&');
        g_string_append(q, parts[i]);
    }
    if (!q->len) {
        g_string_free(q, TRUE);
        return NULL;
    }
    return g_string_free(q, FALSE);
}

static char *daemon_name(const mv_uri *uri)
{
    g_autofree char *query = daemon_query(uri);
    GString *s = g_string_new(uri->driver);
    g_string_append(s, "://");
    if (uri->path)
        g_string_append(s, uri->path);
    if (query)
        g_string_append_printf(s, "?%s", query);
    if (uri->fragment)
        g_string_append_printf(s, "#%s", uri->fragment);
    return g_string_free(s, FALSE);
}

/* The socket of the daemon serving URI's driver: a per-driver daemon's or
 * the single daemon's, as MODE chooses (rpc/daemon-socket.h). */
static char *default_socket(const mv_uri *uri, bool session, bool readonly, const char *mode,
                            bool *direct)
{
    return mv_rpc_daemon_socket(uri->driver, session, readonly, mode, uri->transport, direct);
}

int mv_remote_target_parse(const mv_uri *uri, unsigned int flags, mv_remote_target *t)
{
    memset(t, 0, sizeof(*t));
    const char *transport = uri->transport;
    if (!transport && uri->server)
        transport = "tls";
    bool ssh = transport && !g_ascii_strcasecmp(transport, "ssh");
    bool net = transport && (!g_ascii_strcasecmp(transport, "tcp") ||
                             !g_ascii_strcasecmp(transport, "tls"));
    if (transport && g_ascii_strcasecmp(transport, "unix") && !ssh && !net) {
        if (in_list(later_transports, transport, strlen(transport)))
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG,
                            "transport '%s' is not supported yet: modvirt's remote plugin "
                            "connects through unix, tls, tcp and ssh",
                            transport);
        else
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG,
                            "remote_open: transport in URL not recognised "
                            "(should be tls|unix|ssh|ext|tcp|libssh2|libssh)");
        return -1;
    }
    const char *name = NULL, *socket = NULL, *mode = NULL;
    for (size_t i = 0; i < uri->nparams; i++) {
        const mv_uri_param *p = &uri->params[i];
        if (!g_ascii_strcasecmp(p->name, "name"))
            name = p->value;
        else if (!g_ascii_strcasecmp(p->name, "socket"))
            socket = p->value;
        else if (!g_ascii_strcasecmp(p->name, "mode"))
            mode = p->value;
        else if (in_list(bool_params, p->name, strlen(p->name))) {
            char *end = NULL;
            errno = 0;
            long v = strtol(p->value, &end, 10);
            if (errno || end == p->value || *end || v < G_MININT || v > G_MAXINT) {
                mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG,
                                "Failed to parse value of URI component %s", p->name);
                return -1;
            }
        }
    }
    if (mv_rpc_daemon_mode_parse(mode) < 0)
        return -1;
    for (size_t i = 0; i < uri->nparams; i++) {
        if (!g_ascii_strcasecmp(uri->params[i].name, "auth")) {
            g_free(t->auth);
            t->auth = g_strdup(uri->params[i].value);
        }
    }
    t->auth_host = g_strdup(uri->server ? uri->server : "localhost");
    t->plain_tcp = transport && !g_ascii_strcasecmp(transport, "tcp");
    if (name)
        t->name = g_strdup(name);
    else if (!strcmp(uri->driver, MV_REMOTE_SCHEME))
        t->name = g_strdup("");
    else
        t->name = daemon_name(uri);

    /* As libvirt: /session, and the test driver for an ordinary user, go
     * to the user's own daemon, started when it does not listen. */
    t->session = uri->path && (!strcmp(uri->path, "/session")
                               || (!strcmp(uri->driver, "test") && geteuid() != 0));
    if (ssh)
        return mv_remote_ssh_target(uri, flags, socket, t);
    if (net)
        return mv_remote_net_target(uri, transport, t);
    if (socket) {
        t->socket = g_strdup(socket);
    } else {
        bool direct = false;
        t->socket = default_socket(uri, t->session, flags & VIR_CONNECT_RO, mode, &direct);
        if (!t->socket) {
            mv_remote_target_clear(t);
            return -1;
        }
        /* Only the single session daemon is started on demand; a
         * per-driver one is started by its socket unit. */
        const char *autostart = g_getenv("LIBVIRT_AUTOSTART");
        t->autostart = t->session && !direct && (!autostart || strcmp(autostart, "0"));
    }
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "%s: socket %s, name '%s'%s", uri->original, t->socket,
           t->name, t->autostart ? ", session daemon started on demand" : "");
    return 0;
}

void mv_remote_target_clear(mv_remote_target *t)
{
    g_clear_pointer(&t->socket, g_free);
    g_clear_pointer(&t->name, g_free);
    g_clear_pointer(&t->auth, g_free);
    g_clear_pointer(&t->auth_host, g_free);
    g_clear_pointer(&t->ssh, mv_remote_ssh_free);
    g_clear_pointer(&t->net, mv_remote_net_free);
}

/* ---- connecting -------------------------------------------------------- */

static int fill_addr(const char *path, struct sockaddr_un *sa, socklen_t *len)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    size_t n = strlen(path);
    if (n >= sizeof(sa->sun_path)) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, ENOMEM,
                              "Path %s too long for unix socket", path);
        return -1;
    }
    memcpy(sa->sun_path, path, n);
    if (sa->sun_path[0] == '@')
        sa->sun_path[0] = '\0';
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (path[0] == '@' ? 0 : 1));
    return 0;
}

/* One attempt: the socket, or -1 with errno set. */
static int try_connect(const struct sockaddr_un *sa, socklen_t len)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int rc;
    do {
        rc = connect(fd, (const struct sockaddr *)sa, len);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0)
        return fd;
    int err = errno;
    close(fd);
    errno = err;
    return -1;
}

/* Session daemons this process started: reaped once they exit. */
static GMutex spawned_lock;
static GArray *spawned;   /* pidfds */

static void reap_spawned(void)
{
    g_mutex_lock(&spawned_lock);
    for (guint i = 0; spawned && i < spawned->len;) {
        int pidfd = g_array_index(spawned, int, i);
        if (mv_process_reap(pidfd, NULL)) {
            close(pidfd);
            g_array_remove_index_fast(spawned, i);
        } else {
            i++;
        }
    }
    g_mutex_unlock(&spawned_lock);
}

/* The daemon to start: MODVIRT_DAEMON names another, except in a program
 * running with privileges its caller lacks (setuid), which ignores it as
 * the core ignores every environment override then. */
static char *daemon_path(void)
{
    const char *env = getauxval(AT_SECURE) ? NULL : g_getenv("MODVIRT_DAEMON");
    return g_strdup(env && *env ? env : MV_REMOTE_DAEMON_PATH);
}

/* Starts the session daemon; its pidfd, or -1 with an error. *LOG gets
 * the log it writes to. */
static int spawn_daemon(char **log)
{
    g_autofree char *path = daemon_path();
    if (access(path, X_OK) < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, errno,
                              "Unable to locate the modvirtd daemon at '%s' "
                              "(MODVIRT_DAEMON names another)", path);
        return -1;
    }
    mv_uri where;
    memset(&where, 0, sizeof(where));
    where.path = (char *)"/session";
    g_autofree char *dir = mv_path_driver_dir(&where, "", MV_PATH_LOG);
    if (!dir || mv_file_mkdir_p(dir, 0700) < 0)
        return -1;
    *log = g_build_filename(dir, "modvirtd.log", NULL);
    int logfd = open(*log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (logfd < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open the session daemon's log %s", *log);
        return -1;
    }
    const char *argv[] = { path, "--session", "--timeout", "120", NULL };
    pid_t pid = mv_process_spawn(argv, NULL, logfd, NULL, 0);
    int err = errno;
    close(logfd);
    if (pid < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, err,
                              "cannot run %s --session", path);
        return -1;
    }
    int pidfd = mv_process_pidfd(pid);
    if (pidfd < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot watch the session daemon (pid %d)", (int)pid);
        return -1;
    }
    mv_log(MV_LOG_INFO, MV_LOG_SRC, "started the session daemon %s (pid %d), log %s", path,
           (int)pid, *log);
    return pidfd;
}

/* Connects to T's socket, starting the session daemon when it does not
 * listen: retried, with growing pauses, until it accepts, the daemon
 * exits, or SPAWN_WAIT_US has passed. */
static int connect_autostart(const mv_remote_target *t, const struct sockaddr_un *sa,
                             socklen_t len)
{
    /* One starter at a time: the others find it listening. */
    g_autofree char *lockpath = g_strdup_printf("%s.lock", t->socket);
    g_autofree char *sockdir = g_path_get_dirname(t->socket);
    int lockfd = -1;
    if (mv_file_mkdir_p(sockdir, 0700) == 0)
        lockfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    mv_error_reset();
    if (lockfd >= 0)
        while (flock(lockfd, LOCK_EX) < 0 && errno == EINTR)
            ;
    int fd = try_connect(sa, len);
    if (fd >= 0 || (errno != ENOENT && errno != ECONNREFUSED)) {
        int err = errno;
        if (lockfd >= 0)
            close(lockfd);
        if (fd < 0)
            mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, err,
                                  "Failed to connect socket to '%s'", t->socket);
        return fd;
    }
    reap_spawned();
    g_autofree char *log = NULL;
    int pidfd = spawn_daemon(&log);
    if (pidfd < 0) {
        if (lockfd >= 0)
            close(lockfd);
        return -1;
    }
    gint64 deadline = g_get_monotonic_time() + SPAWN_WAIT_US;
    int pause_ms = 1;
    int err = 0;
    bool exited = false;
    for (;;) {
        fd = try_connect(sa, len);
        if (fd >= 0)
            break;
        err = errno;
        if (err != ENOENT && err != ECONNREFUSED)
            break;
        if (g_get_monotonic_time() >= deadline) {
            err = ETIMEDOUT;
            break;
        }
        struct pollfd p = { .fd = pidfd, .events = POLLIN };
        if (poll(&p, 1, pause_ms) > 0) {
            exited = true;
            break;
        }
        pause_ms = pause_ms < 64 ? pause_ms * 2 : 100;
    }
    if (lockfd >= 0) {
        unlink(lockpath);
        close(lockfd);
    }
    if (exited) {
        int status = 0;
        mv_process_reap(pidfd, &status);
        close(pidfd);
        g_autofree char *tail = mv_process_log_tail(log, 0, 3);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR,
                        "Failed to connect socket to '%s': the session daemon exited "
                        "(status %d) before listening; its log %s says: %s",
                        t->socket, WIFEXITED(status) ? WEXITSTATUS(status) : -1, log,
                        tail && *tail ? tail : "nothing");
        return -1;
    }
    g_mutex_lock(&spawned_lock);
    if (!spawned)
        spawned = g_array_new(FALSE, FALSE, sizeof(int));
    g_array_append_val(spawned, pidfd);
    g_mutex_unlock(&spawned_lock);
    if (fd < 0)
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, err,
                              "Failed to connect socket to '%s'", t->socket);
    return fd;
}

int mv_remote_transport_connect(const mv_remote_target *t)
{
    if (t->ssh)
        return mv_remote_ssh_connect(t);
    if (t->net)
        return mv_remote_net_connect(t);
    struct sockaddr_un sa;
    socklen_t len;
    if (fill_addr(t->socket, &sa, &len) < 0)
        return -1;
    int fd = try_connect(&sa, len);
    if (fd >= 0)
        return fd;
    if (t->autostart && (errno == ENOENT || errno == ECONNREFUSED))
        return connect_autostart(t, &sa, len);
    mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                          "Failed to connect socket to '%s'", t->socket);
    return -1;
}
