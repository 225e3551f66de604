/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/daemon-socket.c — the daemon socket that serves a URI scheme: the
 * single daemon's or a per-driver daemon's (see daemon-socket.h). */
#include "daemon-socket.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <modvirt-plugin/error.h>
#include <modvirt-plugin/paths.h>

int mv_rpc_daemon_mode_parse(const char *s)
{
    if (!s || !strcmp(s, "auto"))
        return MV_RPC_MODE_AUTO;
    if (!strcmp(s, "legacy"))
        return MV_RPC_MODE_LEGACY;
    if (!strcmp(s, "direct"))
        return MV_RPC_MODE_DIRECT;
    mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG, "Unknown remote mode '%s'", s);
    return -1;
}

static bool single_daemon(const char *scheme)
{
    return !scheme || !*scheme || !strcmp(scheme, "remote");
}

char *mv_rpc_daemon_name(const char *scheme)
{
    if (single_daemon(scheme))
        return g_strdup("modvirtd");
    return g_strdup_printf("modvirt%sd", scheme);
}

char *mv_rpc_socket_dir(bool session)
{
    mv_uri where;
    memset(&where, 0, sizeof(where));
    where.path = (char *)(session ? "/session" : "/system");
    char *dir = mv_path_driver_dir(&where, "", MV_PATH_RUN);
    if (!dir)
        return NULL;
    char *ret = g_strdup(dir);
    free(dir);
    return ret;
}

char *mv_rpc_socket_path(const char *dir, const char *name, bool readonly)
{
    return g_strdup_printf("%s/%s-sock%s", dir, name, readonly ? "-ro" : "");
}

char *mv_rpc_daemon_socket(const char *scheme, bool session, bool readonly, const char *mode,
                           const char *transport, bool *direct)
{
    int m = mv_rpc_daemon_mode_parse(mode);
    if (m < 0)
        return NULL;
    bool local = !transport || !g_ascii_strcasecmp(transport, "unix");
    if (m == MV_RPC_MODE_DIRECT && !local) {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_OPERATION_UNSUPPORTED,
                        "Cannot use direct socket mode for %s transport", transport);
        return NULL;
    }
    if (m == MV_RPC_MODE_DIRECT && single_daemon(scheme)) {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                        "Cannot use direct socket mode if no URI is set");
        return NULL;
    }
    g_autofree char *dir = mv_rpc_socket_dir(session);
    if (!dir)
        return NULL;
    /* A session daemon has one socket for every client. */
    bool ro = readonly && !session;
    g_autofree char *legacy = mv_rpc_socket_path(dir, "modvirtd", ro);
    char *chosen = NULL;
    if (m != MV_RPC_MODE_LEGACY && local && !single_daemon(scheme)) {
        g_autofree char *name = mv_rpc_daemon_name(scheme);
        char *own = mv_rpc_socket_path(dir, name, ro);
        if (m == MV_RPC_MODE_DIRECT || access(own, F_OK) == 0)
            chosen = own;
        else
            g_free(own);
    }
    if (direct)
        *direct = chosen != NULL;
    return chosen ? chosen : g_steal_pointer(&legacy);
}
