/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-ssh.c — the ssh transport: the system's ssh client
 * carries the connection, as libvirt's SCHEME+ssh:// does.
 *
 * ssh runs with one end of a socket pair as its stdin and stdout; the call
 * machinery uses the other end as it uses a daemon's socket. On the far
 * host ssh runs a relay to the daemon's socket there: modvirt-ssh-helper
 * with the URI (it picks the socket as this plugin does locally), or
 * nc -U SOCKET where the helper is not installed or a socket was named
 * (libvirt's proxy= modes: auto, netcat, native). What ssh writes on its
 * standard error (a refused login, an unknown host key, the relay's own
 * complaint) goes to an in-memory file, and is what a connection that
 * ends reports. The ssh process is stopped and reaped, through its pidfd,
 * when the connection is closed.
 *
 * With no_tty=1, ssh never asks anything (BatchMode) and runs in a session
 * of its own, away from the terminal. Otherwise it stays in the caller's
 * process group, so that it may ask on the terminal for a passphrase or
 * to accept a host key, as with libvirt.
 */
#include "remote.h"
#include "daemon-socket.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <modvirt-plugin/process.h>

#define MV_LOG_SRC "remote"

extern char **environ;

/* The relay installed with modvirtd, looked up on the far host's PATH. */
#define HELPER "modvirt-ssh-helper"
/* How long ssh has to exit once asked to (then it is killed), and to
 * finish writing its complaint once the connection ended. */
#define STOP_GRACE_MS 1000
#define LAST_WORDS_MS 500
/* Lines of ssh's standard error an error message quotes. */
#define SAID_LINES 4

typedef enum { PROXY_AUTO, PROXY_NETCAT, PROXY_NATIVE } proxy_mode;

struct mv_remote_ssh {
    char *host;
    char *user;          /* or NULL: ssh's default */
    int port;            /* 0: ssh's default */
    char *command;       /* the ssh binary */
    char *keyfile;
    char *known_hosts;
    char *verify;        /* StrictHostKeyChecking value, or NULL */
    char *netcat;        /* or NULL: nc */
    char *helper_uri;    /* the URI modvirt-ssh-helper gets */
    proxy_mode proxy;
    bool no_tty;
    bool readonly;
};

void mv_remote_ssh_free(mv_remote_ssh *s)
{
    if (!s)
        return;
    g_free(s->host);
    g_free(s->user);
    g_free(s->command);
    g_free(s->keyfile);
    g_free(s->known_hosts);
    g_free(s->verify);
    g_free(s->netcat);
    g_free(s->helper_uri);
    g_free(s);
}

/* ---- settings from the URI ---------------------------------------------- */

static bool int_param(const char *v)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    return errno == 0 && end != v && !*end && n != 0;
}

/* The URI the helper gets: the one the daemon gets, with mode= and socket=
 * kept (the helper chooses the socket with them), as libvirt keeps them
 * for virt-ssh-helper. */
static char *helper_uri(const mv_uri *uri, const char *name)
{
    const char *mode = mv_uri_get_param(uri, "mode");
    const char *socket = mv_uri_get_param(uri, "socket");
    if (mv_uri_get_param(uri, "name") || (!mode && !socket))
        return g_strdup(name);
    const char *hash = strchr(name, '#');
    size_t head = hash ? (size_t)(hash - name) : strlen(name);
    GString *s = g_string_new_len(name, (gssize)head);
    char sep = memchr(name, '?', head) ? '&' : '?';
    const char *keys[] = { "mode", "socket" };
    const char *vals[] = { mode, socket };
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (!vals[i])
            continue;
        g_autofree char *v = g_uri_escape_string(vals[i], "/", FALSE);
        g_string_append_printf(s, "%c%s=%s", sep, keys[i], v);
        sep = '&';
    }
    if (hash)
        g_string_append(s, hash);
    return g_string_free(s, FALSE);
}

static int parse_proxy(const char *v, proxy_mode *p)
{
    if (!strcmp(v, "auto"))
        *p = PROXY_AUTO;
    else if (!strcmp(v, "netcat"))
        *p = PROXY_NETCAT;
    else if (!strcmp(v, "native"))
        *p = PROXY_NATIVE;
    else {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG,
                        "Unknown proxy type '%s' (should be auto, netcat or native)", v);
        return -1;
    }
    return 0;
}

/* known_hosts_verify (libvirt's libssh transports' parameter) as ssh's
 * StrictHostKeyChecking: normal keeps ssh's own setting. */
static int parse_verify(const char *v, char **out)
{
    if (!g_ascii_strcasecmp(v, "normal"))
        return 0;
    if (!g_ascii_strcasecmp(v, "auto"))
        *out = g_strdup("accept-new");
    else if (!g_ascii_strcasecmp(v, "ignore"))
        *out = g_strdup("no");
    else {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG,
                        "Invalid host key verification method: '%s'", v);
        return -1;
    }
    return 0;
}

int mv_remote_ssh_target(const mv_uri *uri, unsigned int flags, const char *socket,
                         mv_remote_target *t)
{
    mv_remote_ssh *s = g_new0(mv_remote_ssh, 1);
    t->ssh = s;
    s->host = g_strdup(uri->server && *uri->server ? uri->server : "localhost");
    s->user = g_strdup(uri->user);
    s->port = uri->port;
    s->readonly = flags & VIR_CONNECT_RO;
    /* libvirt: a named socket means netcat (the helper chooses its own);
     * a session daemon's socket is only known on the far host. */
    s->proxy = socket ? PROXY_NETCAT : t->session ? PROXY_NATIVE : PROXY_AUTO;
    bool no_verify = false;
    const char *mode = NULL;
    for (size_t i = 0; i < uri->nparams; i++) {
        const mv_uri_param *p = &uri->params[i];
        char **str = !g_ascii_strcasecmp(p->name, "command") ? &s->command
                     : !g_ascii_strcasecmp(p->name, "keyfile") ? &s->keyfile
                     : !g_ascii_strcasecmp(p->name, "known_hosts") ? &s->known_hosts
                     : !g_ascii_strcasecmp(p->name, "netcat") ? &s->netcat : NULL;
        if (str) {
            g_free(*str);
            *str = g_strdup(p->value);
        } else if (!g_ascii_strcasecmp(p->name, "proxy")) {
            if (parse_proxy(p->value, &s->proxy) < 0)
                goto error;
        } else if (!g_ascii_strcasecmp(p->name, "known_hosts_verify")) {
            g_clear_pointer(&s->verify, g_free);
            if (parse_verify(p->value, &s->verify) < 0)
                goto error;
        } else if (!g_ascii_strcasecmp(p->name, "no_tty")) {
            s->no_tty = int_param(p->value);
        } else if (!g_ascii_strcasecmp(p->name, "no_verify")) {
            no_verify = int_param(p->value);
        } else if (!g_ascii_strcasecmp(p->name, "mode")) {
            mode = p->value;
        }
    }
    if (no_verify) {
        g_free(s->verify);
        s->verify = g_strdup("no");
    }
    if (!s->command)
        s->command = g_strdup("ssh");
    /* libvirt: naming a netcat means the netcat relay, unless the native
     * one is asked for (or implied by a session URI): it has no use for it. */
    if (s->proxy == PROXY_AUTO && s->netcat)
        s->proxy = PROXY_NETCAT;
    if (s->proxy == PROXY_NATIVE && s->netcat) {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG, "%s",
                        "netcat path not valid with native proxy mode");
        goto error;
    }
    if (!socket && mv_rpc_daemon_mode_parse(mode) == MV_RPC_MODE_DIRECT) {
        /* As libvirt: the per-driver socket is the far end's choice. */
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_OPERATION_UNSUPPORTED,
                        "Cannot use direct socket mode for %s transport", uri->transport);
        goto error;
    }
    if (socket) {
        t->socket = g_strdup(socket);
    } else if (s->proxy != PROXY_NATIVE) {
        /* For netcat: the far host's single daemon, where modvirt places
         * it when installed. A session daemon's is only known there. */
        if (t->session) {
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG, "%s",
                            "the socket of a session daemon on the remote host is not known "
                            "here: name it (socket=PATH) or use proxy=native");
            goto error;
        }
        t->socket = mv_rpc_socket_path(MV_REMOTE_SYSTEM_SOCKET_DIR, "modvirtd", s->readonly);
    }
    s->helper_uri = helper_uri(uri, t->name);
    t->autostart = false;
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "%s: ssh to %s%s%s, relay %s, socket %s, name '%s'",
           uri->original, s->user ? s->user : "", s->user ? "@" : "", s->host,
           s->proxy == PROXY_NATIVE ? "native" : s->proxy == PROXY_NETCAT ? "netcat" : "auto",
           t->socket ? t->socket : "(the helper's choice)", t->name);
    return 0;

error:
    mv_remote_target_clear(t);
    return -1;
}

/* ---- the command ---------------------------------------------------------- */

/* The command the far host's shell runs: sh -c with the relay. */
static char *remote_command(const mv_remote_target *t)
{
    const mv_remote_ssh *s = t->ssh;
    g_autofree char *helper = NULL, *netcat = NULL;
    if (s->proxy != PROXY_NETCAT) {
        g_autofree char *quri = g_shell_quote(s->helper_uri);
        helper = g_strdup_printf("exec " HELPER "%s %s", s->readonly ? " -r" : "", quri);
    }
    if (s->proxy != PROXY_NATIVE) {
        /* The netcats that keep running after their input ends until told
         * otherwise take -q; the others do not know it. */
        g_autofree char *qnc = g_shell_quote(s->netcat ? s->netcat : "nc");
        g_autofree char *qsock = g_shell_quote(t->socket);
        netcat = g_strdup_printf("if %s -q 2>&1 | grep 'requires an argument' >/dev/null 2>&1; "
                                 "then q=-q0; else q=; fi; exec %s $q -U %s", qnc, qnc, qsock);
    }
    g_autofree char *script = NULL;
    if (helper && netcat)
        script = g_strdup_printf("if command -v " HELPER " >/dev/null 2>&1; then %s; else %s; fi",
                                 helper, netcat);
    g_autofree char *qscript = g_shell_quote(script ? script : helper ? helper : netcat);
    return g_strdup_printf("sh -c %s", qscript);
}

/* An ssh -o value: ssh splits its options at white space, quotes keep a
 * path with spaces whole. */
static char *ssh_option(const char *key, const char *value)
{
    if (strpbrk(value, " \t"))
        return g_strdup_printf("%s=\"%s\"", key, value);
    return g_strdup_printf("%s=%s", key, value);
}

static GPtrArray *ssh_argv(const mv_remote_target *t)
{
    const mv_remote_ssh *s = t->ssh;
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(a, g_strdup(s->command));
    if (s->port > 0) {
        g_ptr_array_add(a, g_strdup("-p"));
        g_ptr_array_add(a, g_strdup_printf("%d", s->port));
    }
    if (s->user) {
        g_ptr_array_add(a, g_strdup("-l"));
        g_ptr_array_add(a, g_strdup(s->user));
    }
    if (s->keyfile) {
        g_ptr_array_add(a, g_strdup("-i"));
        g_ptr_array_add(a, g_strdup(s->keyfile));
    }
    g_ptr_array_add(a, g_strdup("-T"));
    g_ptr_array_add(a, g_strdup("-e"));
    g_ptr_array_add(a, g_strdup("none"));
    if (s->no_tty) {
        g_ptr_array_add(a, g_strdup("-o"));
        g_ptr_array_add(a, g_strdup("BatchMode=yes"));
    }
    if (s->verify) {
        g_ptr_array_add(a, g_strdup("-o"));
        g_ptr_array_add(a, ssh_option("StrictHostKeyChecking", s->verify));
    }
    if (s->known_hosts) {
        g_ptr_array_add(a, g_strdup("-o"));
        g_ptr_array_add(a, ssh_option("UserKnownHostsFile", s->known_hosts));
    }
    g_ptr_array_add(a, g_strdup("--"));
    g_ptr_array_add(a, g_strdup(s->host));
    g_ptr_array_add(a, remote_command(t));
    g_ptr_array_add(a, NULL);
    return a;
}

/* ---- tunnels: sockets whose far end is an ssh process -------------------- */

typedef struct tunnel {
    pid_t pid;
    int pidfd;
    int errfd;           /* ssh's standard error: an in-memory file */
    char *what;          /* "ssh to HOST", for messages */
} tunnel;

static GMutex tunnels_lock;
static GHashTable *tunnels;   /* socket fd -> tunnel */

static void tunnel_free(tunnel *tn)
{
    if (tn->pidfd >= 0) {
        if (!mv_process_stop(tn->pidfd, STOP_GRACE_MS))
            mv_log(MV_LOG_WARN, MV_LOG_SRC, "%s (pid %d) did not exit", tn->what, (int)tn->pid);
        close(tn->pidfd);
    }
    if (tn->errfd >= 0)
        close(tn->errfd);
    g_free(tn->what);
    g_free(tn);
}

/* FD moved to at least 3, close-on-exec: the child's stdio are set from
 * it without one dup2 overwriting another's source. */
static int above_stdio(int fd)
{
    if (fd > STDERR_FILENO)
        return fd;
    int up = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    int err = errno;
    close(fd);
    errno = err;
    return up;
}

static pid_t spawn_ssh(const mv_remote_target *t, char *const argv[], int io, int errfd)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, io, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&fa, io, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, errfd, STDERR_FILENO);
    posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
    posix_spawnattr_init(&at);
    short fl = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (t->ssh->no_tty)
        fl |= POSIX_SPAWN_SETSID;
    posix_spawnattr_setflags(&at, fl);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &all);
    pid_t pid = -1;
    int err = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (err) {
        errno = err;
        return -1;
    }
    return pid;
}

int mv_remote_ssh_connect(const mv_remote_target *t)
{
    const mv_remote_ssh *s = t->ssh;
    g_autoptr(GPtrArray) argv = NULL;
    int sv[2] = { -1, -1 };
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                              "unable to create socket pair");
        return -1;
    }
    int errfd = memfd_create("ssh-stderr", MFD_CLOEXEC);
    if (errfd >= 0)
        errfd = above_stdio(errfd);
    sv[1] = above_stdio(sv[1]);
    if (errfd < 0 || sv[1] < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot set up the ssh command's input and output");
        goto error;
    }
    argv = ssh_argv(t);
    if (mv_log_enabled(MV_LOG_DEBUG, MV_LOG_SRC)) {
        g_autofree char *line = g_strjoinv(" ", (char **)argv->pdata);
        mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "running %s", line);
    }
    pid_t pid = spawn_ssh(t, (char *const *)argv->pdata, sv[1], errfd);
    if (pid < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                              "Cannot run the ssh client '%s' to reach %s", s->command, s->host);
        goto error;
    }
    close(sv[1]);
    sv[1] = -1;
    tunnel *tn = g_new0(tunnel, 1);
    tn->pid = pid;
    tn->errfd = errfd;
    tn->what = g_strdup_printf("ssh to %s", s->host);
    tn->pidfd = mv_process_pidfd(pid);
    if (tn->pidfd < 0) {
        int err = errno;
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        tn->errfd = -1;
        tunnel_free(tn);
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, err,
                              "cannot watch the ssh client (pid %d)", (int)pid);
        goto error;
    }
    g_mutex_lock(&tunnels_lock);
    if (!tunnels)
        tunnels = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify)tunnel_free);
    g_hash_table_insert(tunnels, GINT_TO_POINTER(sv[0]), tn);
    g_mutex_unlock(&tunnels_lock);
    mv_log(MV_LOG_INFO, MV_LOG_SRC, "%s: ssh client pid %d", s->host, (int)pid);
    return sv[0];

error:
    if (errfd >= 0)
        close(errfd);
    for (int i = 0; i < 2; i++)
        if (sv[i] >= 0)
            close(sv[i]);
    return -1;
}

/* How the process of PIDFD (WHAT) ended, if it has (it is not reaped). */
static char *ended(const char *what, int pidfd)
{
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    if (syscall(SYS_waitid, P_PIDFD, pidfd, &si, WEXITED | WNOHANG | WNOWAIT, NULL) < 0
        || si.si_pid == 0)
        return NULL;
    if (si.si_code == CLD_EXITED)
        return g_strdup_printf("%s exited with status %d", what, si.si_status);
    return g_strdup_printf("%s was killed by signal %d (%s)", what, si.si_status,
                           g_strsignal(si.si_status));
}

/* TEXT's non-empty lines joined with "; ". */
static char *one_line(const char *text)
{
    g_auto(GStrv) lines = g_strsplit_set(text, "\r\n", -1);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; lines[i]; i++) {
        g_strstrip(lines[i]);
        if (!*lines[i])
            continue;
        if (s->len)
            g_string_append(s, "; ");
        g_string_append(s, lines[i]);
    }
    return g_string_free(s, FALSE);
}

char *mv_remote_tunnel_said(int fd)
{
    /* Copies of the descriptors, to wait and read without the lock. */
    int pidfd = -1, errfd = -1;
    g_autofree char *what = NULL;
    g_mutex_lock(&tunnels_lock);
    tunnel *tn = tunnels ? g_hash_table_lookup(tunnels, GINT_TO_POINTER(fd)) : NULL;
    if (tn) {
        pidfd = fcntl(tn->pidfd, F_DUPFD_CLOEXEC, 0);
        errfd = fcntl(tn->errfd, F_DUPFD_CLOEXEC, 0);
        what = g_strdup(tn->what);
    }
    g_mutex_unlock(&tunnels_lock);
    char *said = NULL;
    if (pidfd >= 0 && errfd >= 0) {
        /* ssh closes its output as it exits, having said why. */
        mv_process_exited(pidfd, LAST_WORDS_MS);
        g_autofree char *path = g_strdup_printf("/proc/self/fd/%d", errfd);
        g_autofree char *tail = mv_process_log_tail(path, 0, SAID_LINES);
        said = *tail ? one_line(tail) : ended(what, pidfd);
    }
    if (pidfd >= 0)
        close(pidfd);
    if (errfd >= 0)
        close(errfd);
    return said;
}

void mv_remote_tunnel_release(int fd)
{
    g_mutex_lock(&tunnels_lock);
    tunnel *tn = tunnels ? g_hash_table_lookup(tunnels, GINT_TO_POINTER(fd)) : NULL;
    if (tn)
        g_hash_table_steal(tunnels, GINT_TO_POINTER(fd));
    g_mutex_unlock(&tunnels_lock);
    if (tn)
        tunnel_free(tn);
}
