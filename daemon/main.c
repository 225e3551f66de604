/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/main.c — modvirtd: options, system or session mode, the
 * configuration, detaching, the pid file, the event loop thread, and the
 * order in which the daemon starts and stops.
 *
 * With --drivers the daemon is a per-driver daemon: it loads only those
 * plugins and listens, for each URI scheme they serve, on that scheme's
 * sockets (rpc/daemon-socket.h: modvirtqemud-sock, ...) instead of
 * modvirtd-sock. Sockets the service manager passed (activation.c) are
 * used in place of creating them. */
#include "mv-config.h"
#include "activation.h"
#include "daemon.h"
#include "daemon-socket.h"
#include "pidfile.h"
#include "server.h"
#include "core/registry/registry.h"
#include <modvirt-plugin/paths.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define LIBVIRT_DIR "/run/libvirt"

static struct {
    gboolean system, session, daemon, verbose, version;
    char *socket_dir, *config, *pid_file, *drivers;
    int timeout;
} opt;

static int ready_fd = -1;          /* --daemon: the waiting parent's pipe */
static char *config_path;
static bool config_explicit;
static bool system_mode;

/* Reports a start-up failure: on stderr, and to the parent waiting for a
 * detached daemon (which prints it). */
static G_NORETURN void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static G_NORETURN void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (ready_fd >= 0) {
        g_autofree char *line = g_strdup_printf("E%s", msg);
        ssize_t n = write(ready_fd, line, strlen(line));
        (void)n;
    } else {
        fprintf(stderr, "modvirtd: error: %s\n", msg);
    }
    exit(EXIT_FAILURE);
}

static void ready(const char *code)
{
    if (ready_fd < 0)
        return;
    ssize_t n = write(ready_fd, code, strlen(code));
    (void)n;
    close(ready_fd);
    ready_fd = -1;
}

/* --daemon: the parent returns only when the daemon listens (0) or failed. */
static void detach(void)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0)
        die("cannot create a pipe: %s", g_strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        die("cannot fork: %s", g_strerror(errno));
    if (pid > 0) {
        close(pfd[1]);
        GString *got = g_string_new(NULL);
        char buf[512];
        ssize_t n;
        while ((n = read(pfd[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
            if (n > 0)
                g_string_append_len(got, buf, n);
        int status;
        waitpid(pid, &status, 0);
        if (got->len > 0 && got->str[0] == '0')
            exit(EXIT_SUCCESS);
        if (got->len > 0 && got->str[0] == 'E') {
            fprintf(stderr, "modvirtd: error: %s\n", got->str + 1);
            exit(EXIT_FAILURE);
        }
        fprintf(stderr, "modvirtd: error: the daemon exited before it was ready\n");
        exit(EXIT_FAILURE);
    }
    close(pfd[0]);
    ready_fd = pfd[1];
    if (setsid() < 0)
        die("setsid: %s", g_strerror(errno));
    pid = fork();
    if (pid < 0)
        die("cannot fork: %s", g_strerror(errno));
    if (pid > 0)
        _exit(EXIT_SUCCESS);
    if (chdir("/") < 0)
        die("chdir /: %s", g_strerror(errno));
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        if (!mvd_cfg.log_outputs)
            dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO)
            close(null);
    }
}

/* Where the sockets go: modvirt's run directory, as the drivers' own and
 * the remote plugin compute it (/run/modvirt, $XDG_RUNTIME_DIR/modvirt, or
 * under the run root of an uninstalled build). */
static char *default_socket_dir(bool system)
{
    mv_uri where;
    memset(&where, 0, sizeof(where));
    where.path = (char *)(system ? "/system" : "/session");
    char *dir = mv_path_driver_dir(&where, "", MV_PATH_RUN);
    if (!dir)
        die("cannot place the sockets: %s", virGetLastErrorMessage());
    char *ret = g_strdup(dir);
    free(dir);
    return ret;
}

static bool socket_answers(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path))
        return false;
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    bool ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
    close(fd);
    return ok;
}

static gpointer event_loop(gpointer unused)
{
    (void)unused;
    for (;;) {
        if (virEventRunDefaultImpl() < 0) {
            mvd_log(MVD_LOG_ERROR, "event loop: %s", virGetLastErrorMessage());
            virResetLastError();
        }
    }
    return NULL;
}

/* libvirt's default handler prints every error on stderr; the errors of
 * clients' calls are theirs, sent in replies. */
static void quiet_errors(void *opaque, virErrorPtr err)
{
    (void)opaque; (void)err;
}

static void reload(void)
{
    mvd_config fresh;
    mvd_config_defaults(&fresh, system_mode);
    g_autofree char *err = NULL;
    if (!mvd_config_load(&fresh, config_path, !config_explicit, &err)) {
        mvd_log(MVD_LOG_ERROR, "reload: %s (the previous settings stay)", err);
        mvd_config_clear(&fresh);
        return;
    }
    if (g_strcmp0(fresh.unix_sock_group, mvd_cfg.unix_sock_group) ||
        fresh.unix_sock_ro_perms != mvd_cfg.unix_sock_ro_perms ||
        fresh.unix_sock_rw_perms != mvd_cfg.unix_sock_rw_perms ||
        fresh.listen_libvirt_paths != mvd_cfg.listen_libvirt_paths)
        mvd_log(MVD_LOG_WARN, "reload: socket settings change at the next start only");
    int level = opt.verbose && fresh.log_level > MVD_LOG_INFO ? MVD_LOG_INFO : fresh.log_level;
    g_autofree char *lerr = NULL;
    if (!mvd_log_setup(level, fresh.log_outputs, &lerr))
        mvd_log(MVD_LOG_ERROR, "reload: %s", lerr);
    mvd_cfg.max_clients = fresh.max_clients;
    mvd_cfg.max_client_requests = fresh.max_client_requests;
    mvd_cfg.min_workers = fresh.min_workers;
    mvd_cfg.max_workers = fresh.max_workers;
    mvd_cfg.keepalive_interval = fresh.keepalive_interval;
    mvd_cfg.keepalive_count = fresh.keepalive_count;
    mvd_cfg.log_level = fresh.log_level;
    mvd_workers_limits(fresh.min_workers, fresh.max_workers, fresh.prio_workers);
    mvd_config_clear(&fresh);
    mvd_log(MVD_LOG_INFO, "reload: max_clients %d, max_workers %d, max_client_requests %d, "
            "keepalive %d/%u", mvd_cfg.max_clients, mvd_cfg.max_workers,
            mvd_cfg.max_client_requests, mvd_cfg.keepalive_interval, mvd_cfg.keepalive_count);
}

/* listen_libvirt_paths: libvirtd's own socket names, unless a libvirtd
 * answers there. */
static void listen_libvirt(void)
{
    const char *rw = LIBVIRT_DIR "/libvirt-sock", *ro = LIBVIRT_DIR "/libvirt-sock-ro";
    if (g_mkdir_with_parents(LIBVIRT_DIR, 0755) < 0)
        die("cannot create %s: %s", LIBVIRT_DIR, g_strerror(errno));
    for (int i = 0; i < 2; i++) {
        const char *p = i ? ro : rw;
        if (socket_answers(p))
            die("%s is served by a running libvirtd: stop it (systemctl stop libvirtd.service "
                "libvirtd.socket libvirtd-ro.socket) or set listen_libvirt_paths = 0", p);
    }
    g_autofree char *err = NULL;
    if (!mvd_server_listen(rw, false, mvd_cfg.unix_sock_rw_perms, mvd_cfg.unix_sock_group, &err) ||
        !mvd_server_listen(ro, true, mvd_cfg.unix_sock_ro_perms, NULL, &err))
        die("%s", err);
}

/* The names the daemon's sockets and pid file take: "modvirtd", or with
 * --drivers one per URI scheme the plugins serve ("modvirtqemud"); the
 * registry then loads no other plugin. */
static GPtrArray *daemon_names(void)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    if (!opt.drivers) {
        g_ptr_array_add(names, mv_rpc_daemon_name(NULL));
        return names;
    }
    g_auto(GStrv) parts = g_strsplit(opt.drivers, ",", -1);
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    for (char **p = parts; *p; p++) {
        g_strstrip(*p);
        if (**p && !g_ptr_array_find_with_equal_func(list, *p, g_str_equal, NULL))
            g_ptr_array_add(list, *p);
    }
    if (!list->len)
        die("--drivers needs at least one plugin name (see mvsh plugin-list)");
    g_ptr_array_add(list, NULL);
    g_autoptr(GPtrArray) schemes = NULL;
    g_autofree char *err = NULL;
    mv_registry_set_daemon();
    if (mv_registry_restrict((const char *const *)list->pdata, &schemes, &err) < 0)
        die("--drivers: %s", err);
    for (guint i = 0; i < schemes->len; i++)
        g_ptr_array_add(names, mv_rpc_daemon_name(schemes->pdata[i]));
    return names;
}

/* The read-write and read-only sockets of each of NAMES in DIR: those the
 * service manager passed (its units NAME.socket, NAME-ro.socket), else
 * made here. */
static bool listen_unix(GPtrArray *names, const char *dir, GPtrArray *activated, char **err)
{
    unsigned int rw_mode = mvd_cfg.unix_sock_rw_perms;
    if (mvd_cfg.unix_sock_group && rw_mode == 0700)
        rw_mode = 0770;
    for (guint i = 0; i < names->len; i++) {
        for (int ro = 0; ro < 2; ro++) {
            g_autofree char *path = mv_rpc_socket_path(dir, names->pdata[i], ro);
            g_autofree char *unit = g_strdup_printf("%s%s.socket", (char *)names->pdata[i],
                                                    ro ? "-ro" : "");
            int fd = mvd_activation_claim(activated, path, unit);
            bool ok = fd >= 0 ? mvd_server_adopt(fd, path, ro)
                      : ro ? mvd_server_listen(path, true, mvd_cfg.unix_sock_ro_perms, NULL, err)
                      : mvd_server_listen(path, false, rw_mode, mvd_cfg.unix_sock_group, err);
            if (!ok) {
                if (!*err)
                    *err = g_strdup_printf("cannot use the socket %s", path);
                return false;
            }
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    GOptionEntry entries[] = {
        { "system", 0, 0, G_OPTION_ARG_NONE, &opt.system, "Serve system URIs (default as root)", NULL },
        { "session", 0, 0, G_OPTION_ARG_NONE, &opt.session, "Serve session URIs of this user", NULL },
        { "socket-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt.socket_dir, "Directory of the sockets", "DIR" },
        { "config", 'f', 0, G_OPTION_ARG_FILENAME, &opt.config, "Configuration file", "FILE" },
        { "daemon", 'd', 0, G_OPTION_ARG_NONE, &opt.daemon, "Detach once listening", NULL },
        { "pid-file", 'p', 0, G_OPTION_ARG_FILENAME, &opt.pid_file, "Pid file", "FILE" },
        { "timeout", 't', 0, G_OPTION_ARG_INT, &opt.timeout, "Exit after N seconds with no client", "N" },
        { "drivers", 0, 0, G_OPTION_ARG_STRING, &opt.drivers,
          "Serve only these plugins, comma-separated (a per-driver daemon)", "LIST" },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt.verbose, "Log clients and calls (info level)", NULL },
        { "version", 'V', 0, G_OPTION_ARG_NONE, &opt.version, "Print the version", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- modvirt's management daemon");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_autoptr(GError) gerr = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr))
        die("%s (see modvirtd --help)", gerr->message);
    if (argc > 1)
        die("unexpected argument '%s' (see modvirtd --help)", argv[1]);
    if (opt.version) {
        printf("modvirtd (modvirt) %s\n", MV_VERSION);
        return 0;
    }
    if (opt.system && opt.session)
        die("--system and --session exclude each other");
    if (opt.timeout < 0)
        die("--timeout must be 0 or more seconds");
    system_mode = opt.system || (!opt.session && geteuid() == 0);
    if (system_mode && geteuid() != 0 && !opt.socket_dir)
        die("--system needs root (or --socket-dir for a private instance)");

    /* Settings: the file, then the command line over it. */
    mvd_config_defaults(&mvd_cfg, system_mode);
    config_explicit = opt.config != NULL;
    config_path = opt.config ? g_strdup(opt.config)
                  : system_mode ? g_build_filename(MV_SYSCONFDIR, "modvirt", "modvirtd.conf", NULL)
                  : g_build_filename(g_get_user_config_dir(), "modvirt", "modvirtd.conf", NULL);
    g_autofree char *err = NULL;
    if (!mvd_config_load(&mvd_cfg, config_path, !config_explicit, &err))
        die("%s", err);
    int level = opt.verbose && mvd_cfg.log_level > MVD_LOG_INFO ? MVD_LOG_INFO : mvd_cfg.log_level;
    if (!mvd_log_setup(level, mvd_cfg.log_outputs, &err))
        die("%s", err);
    if (!system_mode && mvd_cfg.listen_libvirt_paths) {
        mvd_log(MVD_LOG_WARN, "listen_libvirt_paths applies to system mode only: ignored");
        mvd_cfg.listen_libvirt_paths = false;
    }
    if (opt.drivers && mvd_cfg.listen_libvirt_paths) {
        mvd_log(MVD_LOG_WARN, "listen_libvirt_paths applies to the single daemon only: ignored");
        mvd_cfg.listen_libvirt_paths = false;
    }

    /* Before anything opens a descriptor or starts a process. */
    g_autoptr(GPtrArray) activated = NULL;
    if (!mvd_activation_take(&activated, &err))
        die("%s", err);
    g_autoptr(GPtrArray) names = daemon_names();

    g_autofree char *sock_dir = opt.socket_dir ? g_canonicalize_filename(opt.socket_dir, NULL)
                                : default_socket_dir(system_mode);
    const char *name = names->pdata[0];
    g_autofree char *rw_path = mv_rpc_socket_path(sock_dir, name, false);
    g_autofree char *pid_name = g_strdup_printf("%s.pid", name);
    g_autofree char *pid_path = opt.pid_file ? g_canonicalize_filename(opt.pid_file, NULL)
                                : g_build_filename(sock_dir, pid_name, NULL);

    if (opt.daemon)
        detach();

    /* Signals arrive on the main thread's signalfd: blocked in every thread. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (g_mkdir_with_parents(sock_dir, system_mode && !opt.socket_dir ? 0755 : 0700) < 0)
        die("cannot create the socket directory %s: %s", sock_dir, g_strerror(errno));

    pid_t holder = 0;
    int pid_fd = mvd_pidfile_acquire(pid_path, &holder, &err);
    if (pid_fd == -2) {
        /* Started on demand (--timeout) by two clients at once: the one that
         * lost is done when the winner answers. */
        if (opt.timeout > 0) {
            gint64 end = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
            while (g_get_monotonic_time() < end) {
                if (socket_answers(rw_path)) {
                    ready("0");
                    return 0;
                }
                if (holder > 0 && kill(holder, 0) < 0 && errno == ESRCH)
                    break;
                g_usleep(20000);
            }
        }
        die("%s", err);
    }
    if (pid_fd < 0)
        die("%s", err);

    /* Before any connection is opened: this process is the daemon, whose
     * system and session URIs go to the drivers themselves. */
    mv_registry_set_daemon();
    virSetErrorFunc(NULL, quiet_errors);
    if (virEventRegisterDefaultImpl() < 0)
        die("cannot set up the event loop: %s", virGetLastErrorMessage());
    if (virInitialize() < 0)
        die("cannot initialize the library: %s", virGetLastErrorMessage());
    GThread *loop = g_thread_new("mvd-events", event_loop, NULL);
    g_thread_unref(loop);

    if (!mvd_server_init(&err))
        die("%s", err);
    if (!mvd_auth_init(&err))
        die("%s", err);
    if (!mvd_workers_start(mvd_cfg.min_workers, mvd_cfg.max_workers, mvd_cfg.prio_workers))
        die("cannot start the workers");
    if (!listen_unix(names, sock_dir, activated, &err)) {
        mvd_server_unlink();
        mvd_pidfile_release(pid_path, pid_fd);
        die("%s", err);
    }
    if (system_mode && mvd_cfg.listen_libvirt_paths)
        listen_libvirt();
    if (!mvd_net_listen(&err)) {
        mvd_server_unlink();
        mvd_pidfile_release(pid_path, pid_fd);
        die("%s", err);
    }

    mvd_activation_close_rest(activated);

    mvd_log(MVD_LOG_INFO, "modvirtd %s ready: %s mode, sockets in %s, pid %d%s%s", MV_VERSION,
            system_mode ? "system" : "session", sock_dir, (int)getpid(),
            opt.drivers ? ", drivers " : "", opt.drivers ? opt.drivers : "");
    ready("0");

    mvd_server_exit why = mvd_server_run(opt.timeout, reload);
    /* Guests stay up: the drivers find them again at the next start. */
    mvd_server_shutdown(10000);
    mvd_workers_stop(2000);
    mvd_pidfile_release(pid_path, pid_fd);
    mvd_log(MVD_LOG_INFO, "modvirtd stopped");
    return why == MVD_EXIT_ERROR ? EXIT_FAILURE : EXIT_SUCCESS;
}
