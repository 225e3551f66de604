/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/pidfile.h — the daemon's locked pid file. */
#ifndef MV_DAEMON_PIDFILE_H
#define MV_DAEMON_PIDFILE_H

#include <sys/types.h>

/* Creates PATH, locks it and writes this process's pid. Returns the
 * descriptor holding the lock; -2 when another process holds it (*HOLDER
 * is its pid when known), -1 on another failure; *ERR says why. */
int mvd_pidfile_acquire(const char *path, pid_t *holder, char **err);
/* Removes PATH and drops the lock. */
void mvd_pidfile_release(const char *path, int fd);

#endif
