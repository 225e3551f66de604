/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/node.c — questions about the host and the hypervisor behind a
 * connection (node info, free memory, capabilities, hostname, version,
 * liveness), answered by the connection's hypervisor driver. */
#include "core/api/api-internal.h"

#define MV_FROM_THIS VIR_FROM_DOMAIN   /* as libvirt's host calls */

int virNodeGetInfo(virConnectPtr conn, virNodeInfoPtr info)
{
    MV_API_CALL_INT_ARG(MV_API_CONN, conn, MV_RO, info, hv, nodeGetInfo, (conn, info));
}

unsigned long long virNodeGetFreeMemory(virConnectPtr conn)
{
    MV_API_CONN(conn, 0);
    MV_API_DISPATCH(hv, nodeGetFreeMemory, (conn), 0);
}

int virNodeGetCellsFreeMemory(virConnectPtr conn, unsigned long long *freeMems,
                              int startCell, int maxCells)
{
    MV_API_CONN(conn, -1);
    MV_API_NONNULL(freeMems, -1);
    if (maxCells <= 0) {
        mv_api_bad_arg(conn, MV_FROM_THIS, __func__,
                       "maxCells in %s must be greater than zero", __func__);
        return -1;
    }
    if (startCell < 0) {
        mv_api_bad_arg(conn, MV_FROM_THIS, __func__,
                       "startCell in %s must be zero or greater", __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, nodeGetCellsFreeMemory, (conn, freeMems, startCell, maxCells));
}

char *virConnectGetCapabilities(virConnectPtr conn)
{
    MV_API_CALL_PTR(MV_API_CONN, conn, MV_RO, hv, connectGetCapabilities, (conn));
}

/* Read-only connections are refused, as in libvirt: answering may mean
 * running the emulator binary. */
char *virConnectGetDomainCapabilities(virConnectPtr conn, const char *emulatorbin,
                                      const char *arch, const char *machine,
                                      const char *virttype, unsigned int flags)
{
    MV_API_CALL_PTR(MV_API_CONN, conn, MV_RW, hv, connectGetDomainCapabilities,
                    (conn, emulatorbin, arch, machine, virttype, flags));
}

int virConnectGetMaxVcpus(virConnectPtr conn, const char *type)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, hv, connectGetMaxVcpus, (conn, type));
}

char *virConnectGetHostname(virConnectPtr conn)
{
    MV_API_CONN(conn, NULL);
    /* Every driver in the core's process runs on this host. */
    if (!conn->hv->connectGetHostname)
        return g_strdup(g_get_host_name());
    MV_API_DISPATCH(hv, connectGetHostname, (conn), NULL);
}

int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    MV_API_CALL_INT_ARG(MV_API_CONN, conn, MV_RO, hvVer, hv, connectGetVersion, (conn, hvVer));
}

int virConnectIsAlive(virConnectPtr conn)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, hv, connectIsAlive, (conn));
}

/* Only connections to another process have a peer to ping: the others
 * report VIR_ERR_NO_SUPPORT, as libvirt's local drivers do. */
int virConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, hv, connectSetKeepAlive, (conn, interval, count));
}

int virConnectIsSecure(virConnectPtr conn)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, hv, connectIsSecure, (conn));
}

int virConnectIsEncrypted(virConnectPtr conn)
{
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, hv, connectIsEncrypted, (conn));
}
