/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/daemon-socket.h — which daemon socket serves a URI scheme: the single
 * daemon's (modvirtd-sock) or a per-driver daemon's (modvirt<scheme>d-sock),
 * chosen as libvirt's client chooses between libvirtd and virt<driver>d.
 *
 * Shared by the remote plugin (the client side), by modvirtd (which names
 * the sockets it listens on) and by the far end of SSH connections.
 *
 * Names: in the run directory (/run/modvirt for system URIs,
 * $XDG_RUNTIME_DIR/modvirt for session URIs, under MODVIRT_RUN_ROOT when
 * set) the single daemon listens on modvirtd-sock and modvirtd-sock-ro; the
 * daemon of a driver whose URI scheme is S on modvirtSd-sock and
 * modvirtSd-sock-ro (qemu: modvirtqemud, storage: modvirtstoraged, network:
 * modvirtnetworkd, lxc: modvirtlxcd). Session daemons have no read-only
 * socket: a read-only session client uses the read-write one.
 *
 * Modes (the mode= URI parameter, as libvirt's): "legacy" is the single
 * daemon; "direct" the per-driver daemon; "auto" (or none) the per-driver
 * daemon when its socket exists, else the single daemon.
 */
#ifndef MV_RPC_DAEMON_SOCKET_H
#define MV_RPC_DAEMON_SOCKET_H

#include <stdbool.h>

typedef enum {
    MV_RPC_MODE_AUTO = 0,
    MV_RPC_MODE_LEGACY = 1,
    MV_RPC_MODE_DIRECT = 2,
} mv_rpc_daemon_mode;

/* The mode named S (NULL: auto); -1 with libvirt's error ("Unknown remote
 * mode '%s'", VIR_ERR_INVALID_ARG) for another. */
int mv_rpc_daemon_mode_parse(const char *s);

/* The name of the per-driver daemon of SCHEME ("qemu" -> "modvirtqemud"),
 * g_malloc'd; the single daemon's ("modvirtd") for NULL or "remote". */
char *mv_rpc_daemon_name(const char *scheme);

/* The directory of the daemons' sockets for system or SESSION URIs,
 * g_malloc'd, not created; NULL with an error. */
char *mv_rpc_socket_dir(bool session);

/* The socket of the daemon named NAME (mv_rpc_daemon_name) in DIR:
 * DIR/NAME-sock, or DIR/NAME-sock-ro when READONLY. g_malloc'd. */
char *mv_rpc_socket_path(const char *dir, const char *name, bool readonly);

/* The socket a client reaches the drivers of SCHEME through (SCHEME NULL
 * or "remote": the single daemon), on this host, for system or SESSION
 * URIs, read-only or not, in MODE (the mode= value, NULL: auto). TRANSPORT
 * is the URI's transport ("unix" or NULL for a local socket): any other
 * makes auto mean legacy and direct an error, as in libvirt. *DIRECT (may
 * be NULL) tells whether a per-driver daemon was chosen. g_malloc'd path,
 * or NULL with libvirt's error reported. */
char *mv_rpc_daemon_socket(const char *scheme, bool session, bool readonly, const char *mode,
                           const char *transport, bool *direct);

#endif
