/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/service.c — the hypervisor side of a service connection.
 *
 * A plugin that serves storage or networks on their own (storage:///,
 * network:///) registers a connect driver without a hypervisor table; the
 * core supplies this one. It accepts NAME:///system (root only) and
 * NAME:///embed?root=/ABSOLUTE/DIR, answers the host calls, and has no
 * domains; the plugin's own tables, opened next, do the real work.
 */
#include "mv-config.h"
#include "core/registry/registry.h"
#include "core/util/error.h"

#include <string.h>
#include <unistd.h>

static mv_open_status service_open(virConnectPtr conn, const mv_uri *uri,
                                   virConnectAuthPtr auth, unsigned int flags)
{
    if (uri->server || uri->transport)
        return MV_OPEN_DECLINED;
    if (mv_error_check_flags(flags, VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES, VIR_FROM_NONE,
                             "virConnectOpenAuth") < 0)
        return MV_OPEN_ERROR;
    const char *root = mv_uri_get_param(uri, "root");
    bool embed = uri->path && strcmp(uri->path, "/embed") == 0;
    if (embed ? !root : (!uri->path || strcmp(uri->path, "/system") != 0 || root)) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                        "unexpected URI '%s': use %s:///system or "
                        "%s:///embed?root=/ABSOLUTE/DIR", uri->original, uri->driver, uri->driver);
        return MV_OPEN_ERROR;
    }
    if (!embed && geteuid() != 0) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_OPERATION_DENIED,
                        "%s:///system needs root; use %s:///embed?root=DIR",
                        uri->driver, uri->driver);
        return MV_OPEN_ERROR;
    }
    return MV_OPEN_SUCCESS;
}

static int service_close(virConnectPtr conn)
{
    return 0;
}

static int service_version(virConnectPtr conn, unsigned long *ver)
{
    *ver = MV_VERSION_NUMBER;
    return 0;
}

static int service_yes(virConnectPtr conn) { return 1; }
static int service_no(virConnectPtr conn) { return 0; }

const mv_hypervisor_driver mv_registry_service_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    .connectOpen = service_open,
    .connectClose = service_close,
    .connectGetVersion = service_version,
    .connectIsAlive = service_yes,
    .connectIsSecure = service_yes,
    .connectIsEncrypted = service_no,
};
