/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/pidfile.c — the pid file: locked for as long as the daemon runs,
 * so that a second daemon for the same sockets knows it is second, and
 * rewritten whole under the lock (a reader sees the old or the new pid). */
#include "pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

static int lock_fd(int fd)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    return fcntl(fd, F_SETLK, &fl);
}

int mvd_pidfile_acquire(const char *path, pid_t *holder, char **err)
{
    *holder = 0;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        *err = g_strdup_printf("cannot open the pid file %s: %s", path, g_strerror(errno));
        return -1;
    }
    if (lock_fd(fd) < 0) {
        int e = errno;
        if (e == EAGAIN || e == EACCES) {
            char buf[32] = { 0 };
            if (pread(fd, buf, sizeof(buf) - 1, 0) > 0)
                *holder = (pid_t)strtol(buf, NULL, 10);
            struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
            if (*holder <= 0 && fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
                *holder = fl.l_pid;
            *err = g_strdup_printf("another modvirtd (pid %d) is running: it holds the pid "
                                   "file %s", (int)*holder, path);
            close(fd);
            return -2;
        }
        *err = g_strdup_printf("cannot lock the pid file %s: %s", path, g_strerror(e));
        close(fd);
        return -1;
    }
    char text[32];
    int n = snprintf(text, sizeof(text), "%d\n", (int)getpid());
    if (ftruncate(fd, 0) < 0 || pwrite(fd, text, n, 0) != n || fsync(fd) < 0) {
        *err = g_strdup_printf("cannot write the pid file %s: %s", path, g_strerror(errno));
        unlink(path);
        close(fd);
        return -1;
    }
    return fd;
}

void mvd_pidfile_release(const char *path, int fd)
{
    if (fd < 0)
        return;
    /* Removed while still locked: no second daemon can take the old file
     * and see it vanish under it. */
    unlink(path);
    close(fd);
}
