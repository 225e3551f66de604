/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-plugin.c — the plugin's descriptor and its connect
 * driver "LXC" for lxc:///system (root) and lxc:///embed?root=DIR, with
 * the hypervisor table. Networks and host interfaces come from the
 * host-wide drivers (bridge-net) of the same connection. */
#include "lxc.h"

#include <modvirt-plugin/host-cpu.h>

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static mv_open_status lxc_open(virConnectPtr conn, const mv_uri *uri, virConnectAuthPtr auth,
                               unsigned int flags)
{
    (void)auth;
    if (uri->server || uri->transport)
        return MV_OPEN_DECLINED;
    if (mv_error_check_flags(flags, VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES, MV_LXC_ERR,
                             "lxcConnectOpen") < 0)
        return MV_OPEN_ERROR;
    const char *path = uri->path ? uri->path : "";
    bool embed = strcmp(path, "/embed") == 0;
    if (!embed && strcmp(path, "/system") != 0 && strcmp(path, "/") != 0 && *path) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INTERNAL_ERROR,
                        "unexpected LXC URI path '%s', try lxc:///system or lxc:///embed?root=DIR",
                        path);
        return MV_OPEN_ERROR;
    }
    if (embed && !mv_uri_get_param(uri, "root")) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG,
                        "URI '%s' needs a root directory: lxc:///embed?root=DIR", uri->original);
        return MV_OPEN_ERROR;
    }
    if (!embed && mv_uri_get_param(uri, "root")) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG,
                        "root= is only valid with lxc:///embed (URI '%s')", uri->original);
        return MV_OPEN_ERROR;
    }
    if (!embed && geteuid() != 0) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_DENIED,
                        "lxc:///system needs root; use lxc:///embed?root=DIR");
        return MV_OPEN_ERROR;
    }
    /* A read-only connection changes nothing: it starts no container,
     * autostart included, and cleans nothing up. */
    bool readonly = flags & VIR_CONNECT_RO;
    mv_lxc_state *st = mv_lxc_state_acquire(uri, readonly);
    if (!st)
        return MV_OPEN_ERROR;
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, st);
    mv_connect_set_event_source(conn, MV_DRIVER_HYPERVISOR, st->events);
    if (!readonly) {
        pthread_mutex_lock(&st->lock);
        mv_lxc_autostart_all(st, conn);
        pthread_mutex_unlock(&st->lock);
    }
    return MV_OPEN_SUCCESS;
}

static int lxc_close(virConnectPtr conn)
{
    mv_lxc_state *st = mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, NULL);
    mv_lxc_state_release(st);
    return 0;
}

static char *lxc_uri_probe(void)
{
    return NULL;
}

/* As libvirt's LXC driver: the hypervisor is the kernel, so its version. */
static int lxc_get_version(virConnectPtr conn, unsigned long *ver)
{
    (void)conn;
    struct utsname u;
    unsigned a = 0, b = 0, c = 0;
    if (uname(&u) < 0 || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INTERNAL_ERROR, "cannot parse the kernel version");
        return -1;
    }
    *ver = a * 1000000ul + b * 1000ul + c;
    return 0;
}

static char *lxc_get_hostname(virConnectPtr conn)
{
    (void)conn;
    char buf[256];
    if (gethostname(buf, sizeof(buf)) < 0) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, "gethostname failed");
        return NULL;
    }
    buf[sizeof(buf) - 1] = '\0';
    return g_strdup(buf);
}

static int lxc_is_alive(virConnectPtr conn) { (void)conn; return 1; }
static int lxc_is_secure(virConnectPtr conn) { (void)conn; return 1; }
static int lxc_is_encrypted(virConnectPtr conn) { (void)conn; return 0; }

const mv_hypervisor_driver mv_lxc_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    .connectURIProbe = lxc_uri_probe,
    .connectOpen = lxc_open,
    .connectClose = lxc_close,
    .connectGetVersion = lxc_get_version,
    .connectGetHostname = lxc_get_hostname,
    .connectGetCapabilities = mv_lxc_get_capabilities,
    .connectGetMaxVcpus = mv_lxc_get_max_vcpus_conn,
    .nodeGetInfo = mv_lxc_node_get_info,
    .nodeGetCPUStats = mv_host_cpu_stats,
    .nodeGetMemoryStats = mv_host_memory_stats,
    .nodeGetCPUMap = mv_host_cpu_map,
    .connectIsAlive = lxc_is_alive,
    .connectIsSecure = lxc_is_secure,
    .connectIsEncrypted = lxc_is_encrypted,
    .connectListAllDomains = mv_lxc_list_all,
    .domainLookupByID = mv_lxc_lookup_id,
    .domainLookupByUUID = mv_lxc_lookup_uuid,
    .domainLookupByName = mv_lxc_lookup_name,
    .domainCreateXML = mv_lxc_create_xml,
    .domainDefineXMLFlags = mv_lxc_define,
    .domainUndefineFlags = mv_lxc_undefine,
    .domainCreateWithFlags = mv_lxc_create,
    .domainDestroyFlags = mv_lxc_destroy,
    .domainShutdownFlags = mv_lxc_shutdown,
    .domainReboot = mv_lxc_reboot,
    .domainSuspend = mv_lxc_suspend,
    .domainResume = mv_lxc_resume,
    .domainGetInfo = mv_lxc_get_info,
    .domainMemoryStats = mv_lxc_memory_stats,
    .domainInterfaceStats = mv_lxc_interface_stats,
    .connectGetAllDomainStats = mv_lxc_get_all_domain_stats,
    .domainGetState = mv_lxc_get_state,
    .domainGetOSType = mv_lxc_get_os_type,
    .domainGetMaxMemory = mv_lxc_get_max_memory,
    .domainGetSchedulerType = mv_lxc_get_scheduler_type,
    .domainSetMetadata = mv_lxc_set_metadata,
    .domainGetMetadata = mv_lxc_get_metadata,
    .domainGetSchedulerParametersFlags = mv_lxc_get_scheduler_params,
    .domainSetSchedulerParametersFlags = mv_lxc_set_scheduler_params,
    .domainSetMemoryParameters = mv_lxc_set_memory_params,
    .domainGetMemoryParameters = mv_lxc_get_memory_params,
    .domainSetBlkioParameters = mv_lxc_set_blkio_params,
    .domainGetBlkioParameters = mv_lxc_get_blkio_params,
    .domainSetMemoryFlags = mv_lxc_set_memory,
    .domainGetVcpusFlags = mv_lxc_get_vcpus,
    .domainGetMaxVcpus = mv_lxc_get_max_vcpus,
    .domainGetXMLDesc = mv_lxc_get_xml,
    .domainGetAutostart = mv_lxc_get_autostart,
    .domainSetAutostart = mv_lxc_set_autostart,
    .domainIsActive = mv_lxc_is_active,
    .domainIsPersistent = mv_lxc_is_persistent,
    .domainIsUpdated = mv_lxc_is_updated,
    .domainOpenConsole = mv_lxc_domain_open_console,
    .domainGetCPUStats = mv_lxc_get_cpu_stats,
    .domainBlockStats = mv_lxc_block_stats,
    .domainBlockStatsFlags = mv_lxc_block_stats_flags,
    .domainGetHostname = mv_lxc_get_hostname,
    .domainInterfaceAddresses = mv_lxc_interface_addresses,
    .domainHasManagedSaveImage = mv_lxc_has_managed_save_image,
};

static const char *const lxc_schemes[] = { "lxc", NULL };

static const mv_connect_driver lxc_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "LXC",
    .uri_schemes = lxc_schemes,
    .local_only = 1,
    .hypervisor = &mv_lxc_hypervisor,
    /* Pools, volumes, networks and interfaces come from the host's
     * drivers (storage-dir, bridge-net) for the same root. */
    .host_services = 1,
};

static int lxc_init(mv_plugin_ctx *ctx)
{
    return mv_plugin_register_connect(ctx, &lxc_connect);
}

static const mv_plugin_descriptor lxc_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "lxc",
    .version = MV_LXC_VERSION,
    .description = "Linux containers with namespaces and cgroups (lxc:///system, "
                   "lxc:///embed?root=DIR)",
    .license = "LGPL-2.1-or-later",
    .init = lxc_init,
};

MV_PLUGIN_DEFINE(lxc_descriptor)
