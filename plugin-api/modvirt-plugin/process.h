/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/process.h — the processes a driver runs and watches (an
 * emulator, a container's supervisor, a DHCP server): spawned in a session
 * of their own with stdio on a log, watched and signalled through pidfds,
 * and recognised again by pid and /proc start time after the process that
 * started them is gone. kill(pid, 0) succeeds on a zombie and on a pid the
 * kernel gave to someone else: ask a pidfd instead.
 *
 * None of these report an error: they return -1 (or false) with errno set,
 * and the caller words the error for its object ("cannot run dnsmasq for
 * network 'x'"). Since plugin ABI 1.2.
 */
#ifndef MODVIRT_PLUGIN_PROCESS_H
#define MODVIRT_PLUGIN_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A descriptor the child gets: FD (in the caller) becomes TARGET (in the
 * child, above 2). */
typedef struct mv_process_fd {
    int fd;
    int target;
} mv_process_fd;

/* Runs ARGV[0] (an absolute path) with ARGV and ENVP (NULL: the caller's
 * environment) in a new session, stdin on /dev/null, stdout and stderr on
 * LOG_FD (open it with O_APPEND), signals unblocked and at their defaults,
 * the NFDS descriptors of FDS at their targets and every other descriptor
 * closed. Returns the child's pid, or -1 with errno set. The caller reaps
 * it (mv_process_reap). */
MV_PLUGIN_AVAILABLE_IN_1_2
pid_t mv_process_spawn(const char *const argv[], const char *const envp[], int log_fd,
                       const mv_process_fd *fds, size_t nfds);

/* A pidfd on PID (close-on-exec), or -1 with errno set. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_process_pidfd(pid_t pid);

/* Sends SIG to the process of PIDFD. 0, or -1 with errno set. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_process_signal(int pidfd, int sig);

/* Whether the process of PIDFD has exited, waiting up to TIMEOUT_MS for it
 * (0: do not wait; -1: wait as long as it takes). */
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_process_exited(int pidfd, int timeout_ms);

/* Reaps the process of PIDFD if it is an exited child of this process;
 * *STATUS (may be NULL) gets its wait(2) status. True when it was reaped. */
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_process_reap(int pidfd, int *status);

/* SIGTERM, up to GRACE_MS for it to exit, then SIGKILL and up to GRACE_MS
 * more; a child of ours is reaped. True when it is gone. */
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_process_stop(int pidfd, int grace_ms);

/* From /proc/PID/stat: the start time (clock ticks since boot) and the user
 * and system CPU time (clock ticks); each pointer may be NULL. False when
 * the process does not exist (or /proc cannot be read). */
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_process_proc_stat(pid_t pid, unsigned long long *start, unsigned long long *utime,
                          unsigned long long *stime);

/* The start time of PID (as above), 0 when unknown: with the pid, what
 * tells the process a driver started from one that got its pid later. */
MV_PLUGIN_AVAILABLE_IN_1_2
unsigned long long mv_process_start_time(pid_t pid);

/* A pidfd on PID if it runs and started at START (0 never matches), else
 * -1. The start time is checked after the pidfd is open, so the pidfd
 * cannot name a process that replaced the one checked. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_process_attach(pid_t pid, unsigned long long start);

/* The last LINES lines of the log at PATH written after offset FROM,
 * whitespace-trimmed, for an error message about a process that died
 * (g_malloc'd; "" when there are none). Reads at most the last 64 KiB. */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_process_log_tail(const char *path, off_t from, int lines);

#ifdef __cplusplus
}
#endif

#endif
