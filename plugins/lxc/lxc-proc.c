/* plugins/lxc/lxc-proc.c — processes that are not (or no longer) our
 * children: pidfds to watch and signal them, and /proc start times to tell
 * a recycled pid from the process we started. kill(pid, 0) succeeds on a
 * zombie, so liveness is always asked of a pidfd. */
#include "lxc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *mv_lxc_strerror(int err)
{
    const char *s = strerrordesc_np(err);
    return s ? s : "Unknown error";
}

int mv_lxc_pidfd_open(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

int mv_lxc_pidfd_signal(int pidfd, int sig)
{
    return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

/* Field 22 of /proc/PID/stat (clock ticks since boot), 0 when unknown. */
unsigned long long mv_lxc_proc_start_time(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    /* comm may hold spaces and parentheses: count from the last ')' */
    char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    p++;
    /* P is on the space before field 3 (state); step to field 22 */
    for (int field = 3; field < 22 && p; field++)
        p = strchr(p + 1, ' ');
    return p ? strtoull(p + 1, NULL, 10) : 0;
}

bool mv_lxc_pidfd_exited(int pidfd, int timeout_ms)
{
    struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
    int r;
    do
        r = poll(&pfd, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    return r > 0;
}

/* A pidfd on PID if it is alive and started at START; -1 otherwise. The
 * start time is read after the pidfd is open, so the pidfd cannot point at
 * a process that replaced the one checked. */
int mv_lxc_pidfd_verified(pid_t pid, unsigned long long start)
{
    if (pid <= 0 || !start)
        return -1;
    int fd = mv_lxc_pidfd_open(pid);
    if (fd < 0)
        return -1;
    if (mv_lxc_proc_start_time(pid) != start || mv_lxc_pidfd_exited(fd, 0)) {
        close(fd);
        return -1;
    }
    return fd;
}
