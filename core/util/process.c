/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/process.c — the processes drivers run and watch: spawning in a
 * new session with stdio on a log, pidfds, /proc start times, re-attaching
 * by pid and start time, the tail of a log (modvirt-plugin/process.h). */
#include "mv-config.h"
#include <modvirt-plugin/process.h>

#include <glib.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Descriptors passed to a child are first moved above every target, so no
 * dup2 in the child has a source that another one overwrote. */
#define LIFT_FLOOR 256

pid_t mv_process_spawn(const char *const argv[], const char *const envp[], int log_fd,
                       const mv_process_fd *fds, size_t nfds)
{
    int floor = LIFT_FLOOR;
    for (size_t i = 0; i < nfds; i++)
        floor = MAX(floor, fds[i].target + 1);
    g_autofree int *lifted = g_new(int, nfds ? nfds : 1);
    size_t nlifted = 0;
    int err = 0;
    for (; nlifted < nfds; nlifted++) {
        lifted[nlifted] = fcntl(fds[nlifted].fd, F_DUPFD_CLOEXEC, floor);
        if (lifted[nlifted] < 0) {
            err = errno;
            break;
        }
    }
    pid_t pid = -1;
    if (!err) {
        posix_spawn_file_actions_t fa;
        posix_spawnattr_t at;
        sigset_t none, all;
        sigemptyset(&none);
        sigfillset(&all);
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, log_fd, 1);
        posix_spawn_file_actions_adddup2(&fa, log_fd, 2);
        int top = 2;
        for (size_t i = 0; i < nfds; i++) {
            posix_spawn_file_actions_adddup2(&fa, lifted[i], fds[i].target);
            top = MAX(top, fds[i].target);
        }
        /* every other descriptor: those below the highest target here,
         * the rest (the lifted copies among them) at once */
        for (int fd = 3; fd < top; fd++) {
            bool target = false;
            for (size_t i = 0; i < nfds && !target; i++)
                target = fds[i].target == fd;
            if (!target)
                posix_spawn_file_actions_addclose(&fa, fd);
        }
        posix_spawn_file_actions_addclosefrom_np(&fa, top + 1);
        posix_spawnattr_init(&at);
        posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
        posix_spawnattr_setsigmask(&at, &none);
        posix_spawnattr_setsigdefault(&at, &all);
        err = posix_spawn(&pid, argv[0], &fa, &at, (char *const *)argv,
                          envp ? (char *const *)envp : environ);
        posix_spawn_file_actions_destroy(&fa);
        posix_spawnattr_destroy(&at);
    }
    for (size_t i = 0; i < nlifted; i++)
        close(lifted[i]);
    if (err) {
        errno = err;
        return -1;
    }
    return pid;
}

int mv_process_pidfd(pid_t pid)
{
    if (pid <= 0) {
        errno = ESRCH;
        return -1;
    }
    return (int)syscall(SYS_pidfd_open, pid, 0);   /* pidfds are close-on-exec */
}

int mv_process_signal(int pidfd, int sig)
{
    return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

bool mv_process_exited(int pidfd, int timeout_ms)
{
    struct pollfd p = { .fd = pidfd, .events = POLLIN };
    gint64 deadline = timeout_ms > 0 ? g_get_monotonic_time() + timeout_ms * (gint64)1000 : 0;
    for (;;) {
        int r = poll(&p, 1, timeout_ms);
        if (r >= 0)
            return r > 0;
        if (errno != EINTR)
            return false;
        if (timeout_ms > 0)
            timeout_ms = (int)MAX(0, (deadline - g_get_monotonic_time()) / 1000);
    }
}

bool mv_process_reap(int pidfd, int *status)
{
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    int r;
    do
        r = waitid(P_PIDFD, (id_t)pidfd, &si, WEXITED | WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r < 0 || si.si_pid == 0)
        return false;
    if (status)
        *status = si.si_code == CLD_EXITED ? W_EXITCODE(si.si_status, 0)
                                           : si.si_status | (si.si_code == CLD_DUMPED ? 0x80 : 0);
    return true;
}

bool mv_process_stop(int pidfd, int grace_ms)
{
    if (!mv_process_exited(pidfd, 0)) {
        mv_process_signal(pidfd, SIGTERM);
        if (!mv_process_exited(pidfd, grace_ms)) {
            mv_process_signal(pidfd, SIGKILL);
            if (!mv_process_exited(pidfd, grace_ms))
                return false;
        }
    }
    mv_process_reap(pidfd, NULL);
    return true;
}

bool mv_process_proc_stat(pid_t pid, unsigned long long *start, unsigned long long *utime,
                          unsigned long long *stime)
{
    char path[64], buf[1024];
    if (pid <= 0)
        return false;
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n;
    do
        n = read(fd, buf, sizeof(buf) - 1);
    while (n < 0 && errno == EINTR);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    /* The command name may hold spaces and parentheses: fields are counted
     * from the last ')', which ends it; field 3 (the state) follows. */
    char *p = strrchr(buf, ')');
    if (!p)
        return false;
    unsigned long long v[23] = { 0 };
    p++;
    for (int field = 3; field <= 22; field++) {
        if (*p != ' ')
            return false;
        char *end;
        v[field] = field == 3 ? 0 : strtoull(p + 1, &end, 10);
        if (field == 3)
            end = p + 2;   /* one state character */
        p = end;
    }
    if (start)
        *start = v[22];
    if (utime)
        *utime = v[14];
    if (stime)
        *stime = v[15];
    return true;
}

unsigned long long mv_process_start_time(pid_t pid)
{
    unsigned long long start = 0;
    return mv_process_proc_stat(pid, &start, NULL, NULL) ? start : 0;
}

int mv_process_attach(pid_t pid, unsigned long long start)
{
    if (pid <= 0 || !start)
        return -1;
    int fd = mv_process_pidfd(pid);
    if (fd < 0)
        return -1;
    if (mv_process_start_time(pid) != start || mv_process_exited(fd, 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

#define TAIL_MAX (64 * 1024)

char *mv_process_log_tail(const char *path, off_t from, int lines)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return g_strdup("");
    off_t end = lseek(fd, 0, SEEK_END);
    off_t at = MAX(from, end - TAIL_MAX);
    g_autofree char *buf = g_malloc(TAIL_MAX + 1);
    ssize_t n = end > at ? pread(fd, buf, (size_t)(end - at), at) : 0;
    close(fd);
    if (n <= 0)
        return g_strdup("");
    buf[n] = '\0';
    /* A NUL in a log would end the text early: show it as a space. */
    for (ssize_t i = 0; i < n; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    g_strstrip(buf);
    char *p = buf + strlen(buf);
    for (int seen = 0; p > buf; p--)
        if (p[-1] == '\n' && ++seen == lines)
            break;
    return g_strdup(p);
}
