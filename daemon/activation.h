/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/activation.h — listening sockets handed over by the service
 * manager (systemd's socket activation: LISTEN_PID, LISTEN_FDS,
 * LISTEN_FDNAMES, descriptors from 3). */
#ifndef MV_DAEMON_ACTIVATION_H
#define MV_DAEMON_ACTIVATION_H

#include <stdbool.h>
#include <glib.h>

typedef struct mvd_activated {
    int fd;                      /* -1 once taken */
    char *name;                  /* its LISTEN_FDNAMES entry, or NULL */
    char *path;                  /* a unix socket's path, or NULL */
} mvd_activated;

/* The sockets passed to this process (an empty array when none, or when
 * they were meant for another process: LISTEN_PID is not ours). The
 * variables are removed from the environment either way, so that no child
 * takes them for its own. False with *ERR for malformed variables. */
bool mvd_activation_take(GPtrArray **out, char **err);

/* Takes from LIST the socket for the unix socket PATH, which the service
 * manager names UNIT (its .socket unit, "modvirtd.socket"): its
 * descriptor, or -1 when none was passed. */
int mvd_activation_claim(GPtrArray *list, const char *path, const char *unit);

/* Closes what nobody claimed, logging each. */
void mvd_activation_close_rest(GPtrArray *list);

#endif
