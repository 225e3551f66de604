/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/activation.c — taking the listening sockets the service manager
 * opened for modvirtd (socket activation). The protocol is systemd's:
 * LISTEN_PID names the process the sockets are for, LISTEN_FDS how many
 * there are (descriptors 3, 4, ...), LISTEN_FDNAMES their names,
 * colon-separated (FileDescriptorName=, by default the socket unit's
 * name). A socket is matched to the one the daemon would create by its
 * path, or else by its unit's name. */
#include "activation.h"
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define FIRST_FD 3
/* More would be a mistake in the units, not a need. */
#define MAX_FDS 64

static void activated_free(gpointer p)
{
    mvd_activated *a = p;
    if (a->fd >= 0)
        close(a->fd);
    g_free(a->name);
    g_free(a->path);
    g_free(a);
}

static bool parse_num(const char *s, long long max, long long *out)
{
    if (!s || !*s)
        return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

static char *unix_path(int fd)
{
    struct sockaddr_un sa;
    socklen_t len = sizeof(sa);
    memset(&sa, 0, sizeof(sa));
    if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0 || sa.sun_family != AF_UNIX)
        return NULL;
    if (len <= offsetof(struct sockaddr_un, sun_path) || !sa.sun_path[0])
        return NULL;   /* unnamed or abstract */
    return g_strndup(sa.sun_path, len - offsetof(struct sockaddr_un, sun_path));
}

bool mvd_activation_take(GPtrArray **out, char **err)
{
    *out = g_ptr_array_new_with_free_func(activated_free);
    g_autofree char *pid_s = g_strdup(g_getenv("LISTEN_PID"));
    g_autofree char *fds_s = g_strdup(g_getenv("LISTEN_FDS"));
    g_autofree char *names_s = g_strdup(g_getenv("LISTEN_FDNAMES"));
    g_unsetenv("LISTEN_PID");
    g_unsetenv("LISTEN_FDS");
    g_unsetenv("LISTEN_FDNAMES");
    if (!pid_s && !fds_s)
        return true;
    long long pid, n;
    if (!parse_num(pid_s, G_MAXINT, &pid)) {
        *err = g_strdup_printf("socket activation: LISTEN_PID '%s' is not a process id",
                               pid_s ? pid_s : "");
        return false;
    }
    if (pid != getpid()) {
        mvd_log(MVD_LOG_DEBUG, "socket activation: LISTEN_PID %lld is not this process: "
                "no socket taken", pid);
        return true;
    }
    if (!parse_num(fds_s, MAX_FDS, &n)) {
        *err = g_strdup_printf("socket activation: LISTEN_FDS '%s' is not a count of at most "
                               "%d sockets", fds_s ? fds_s : "", MAX_FDS);
        return false;
    }
    g_auto(GStrv) names = names_s ? g_strsplit(names_s, ":", -1) : NULL;
    guint nnames = names ? g_strv_length(names) : 0;
    for (int i = 0; i < n; i++) {
        int fd = FIRST_FD + i;
        if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
            *err = g_strdup_printf("socket activation: descriptor %d: %s", fd,
                                   g_strerror(errno));
            return false;
        }
        mvd_activated *a = g_new0(mvd_activated, 1);
        a->fd = fd;
        a->name = (guint)i < nnames && *names[i] ? g_strdup(names[i]) : NULL;
        a->path = unix_path(fd);
        g_ptr_array_add(*out, a);
        mvd_log(MVD_LOG_DEBUG, "socket activation: descriptor %d, name %s, path %s", fd,
                a->name ? a->name : "(none)", a->path ? a->path : "(not a unix socket)");
    }
    return true;
}

int mvd_activation_claim(GPtrArray *list, const char *path, const char *unit)
{
    for (int pass = 0; pass < 2; pass++) {
        for (guint i = 0; list && i < list->len; i++) {
            mvd_activated *a = list->pdata[i];
            if (a->fd < 0)
                continue;
            bool match = pass == 0 ? a->path && !strcmp(a->path, path)
                                   : a->name && !strcmp(a->name, unit);
            if (match) {
                int fd = a->fd;
                a->fd = -1;
                return fd;
            }
        }
    }
    return -1;
}

void mvd_activation_close_rest(GPtrArray *list)
{
    for (guint i = 0; list && i < list->len; i++) {
        mvd_activated *a = list->pdata[i];
        if (a->fd < 0)
            continue;
        mvd_log(MVD_LOG_WARN, "socket activation: descriptor %d (%s, %s) is no socket of "
                "this daemon: closed", a->fd, a->name ? a->name : "no name",
                a->path ? a->path : "not a unix socket");
        close(a->fd);
        a->fd = -1;
    }
}
