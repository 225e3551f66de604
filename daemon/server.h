/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/server.h — what main.c drives of the main loop (server.c). */
#ifndef MV_DAEMON_SERVER_H
#define MV_DAEMON_SERVER_H

#include <stdbool.h>

typedef enum { MVD_EXIT_SIGNAL, MVD_EXIT_TIMEOUT, MVD_EXIT_ERROR } mvd_server_exit;

/* Sets up the poll set, the wake-up and the signal descriptors (the
 * signals must already be blocked in every thread). */
bool mvd_server_init(char **err);
/* Listens on PATH (replacing a stale socket there) with MODE and, when
 * GROUP is not NULL, that group. */
bool mvd_server_listen(const char *path, bool readonly, unsigned int mode, const char *group,
                       char **err);
/* Listens on FD, a bound and listening socket of KIND (net.h) called NAME
 * in the log, whose clients must pass AUTH. */
bool mvd_server_listen_fd(int fd, const char *name, int kind, int auth);
/* Listens on FD, a listening unix socket at PATH handed over by the
 * service manager (socket activation): left in place at exit. */
bool mvd_server_adopt(int fd, const char *path, bool readonly);
/* Runs the I/O loop in the calling thread until a signal asks to stop or
 * TIMEOUT_S seconds (when > 0) pass with no client. RELOAD runs on SIGHUP. */
mvd_server_exit mvd_server_run(int timeout_s, void (*reload)(void));
/* Stops listening (the sockets are removed), drops every client and waits
 * up to GRACE_MS for their connections to be closed. */
void mvd_server_shutdown(int grace_ms);
/* Closes and removes the listening sockets. */
void mvd_server_unlink(void);
int mvd_server_clients(void);

#endif
