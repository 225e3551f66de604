/* plugins/storage-dir/sdir-plugin.c — the plugin's descriptor and its two
 * registrations: a connect driver for storage:///system and
 * storage:///embed?root=DIR (no domains), and the same storage table as the
 * host-wide storage driver of local qemu and lxc connections. */
#include "sdir.h"

#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Local URIs of the drivers that rely on us for storage. */
static bool sdir_serves(const mv_uri *uri)
{
    static const char *const drivers[] = { "storage", "qemu", "lxc" };
    if (uri->server || uri->transport || !uri->driver)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(drivers); i++)
        if (strcmp(uri->driver, drivers[i]) == 0)
            return true;
    return false;
}

mv_open_status mv_sdir_storage_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags)
{
    (void)flags;
    if (!sdir_serves(uri))
        return MV_OPEN_DECLINED;
    mv_sdir_state *st = mv_sdir_state_acquire(uri);
    if (!st)
        return MV_OPEN_ERROR;
    mv_connect_set_private(conn, MV_DRIVER_STORAGE, st);
    mv_connect_set_event_source(conn, MV_DRIVER_STORAGE, st->events);
    return MV_OPEN_SUCCESS;
}

int mv_sdir_storage_close(virConnectPtr conn)
{
    mv_sdir_state *st = mv_connect_get_private(conn, MV_DRIVER_STORAGE);
    mv_connect_set_private(conn, MV_DRIVER_STORAGE, NULL);
    mv_sdir_state_release(st);
    return 0;
}

/* The hypervisor side of storage:/// only checks the URI; the storage
 * table's open (called next by the core) sets up the state. */
static mv_open_status sdir_connect_open(virConnectPtr conn, const mv_uri *uri,
                                        virConnectAuthPtr auth, unsigned int flags)
{
    (void)conn;
    (void)auth;
    if (uri->server || uri->transport)
        return MV_OPEN_DECLINED;
    if (mv_error_check_flags(flags, VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES, MV_SDIR_ERR,
                             "storageConnectOpen") < 0)
        return MV_OPEN_ERROR;
    const char *root = mv_uri_get_param(uri, "root");
    bool embed = uri->path && strcmp(uri->path, "/embed") == 0;
    if (embed ? !root : (!uri->path || strcmp(uri->path, "/system") != 0 || root)) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INVALID_ARG,
                        "unexpected storage URI '%s': use storage:///system or "
                        "storage:///embed?root=/ABSOLUTE/DIR", uri->original);
        return MV_OPEN_ERROR;
    }
    if (!embed && geteuid() != 0) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_DENIED,
                        "storage:///system needs root; use storage:///embed?root=DIR");
        return MV_OPEN_ERROR;
    }
    return MV_OPEN_SUCCESS;
}

static int sdir_connect_close(virConnectPtr conn)
{
    (void)conn;
    return 0;
}

static int sdir_connect_version(virConnectPtr conn, unsigned long *ver)
{
    (void)conn;
    *ver = MV_SDIR_VERSION_NUMBER;
    return 0;
}

static char *sdir_connect_hostname(virConnectPtr conn)
{
    (void)conn;
    return g_strdup(g_get_host_name());
}

static int sdir_yes(virConnectPtr conn) { (void)conn; return 1; }
static int sdir_no(virConnectPtr conn) { (void)conn; return 0; }

static const mv_hypervisor_driver sdir_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    .connectOpen = sdir_connect_open,
    .connectClose = sdir_connect_close,
    .connectGetVersion = sdir_connect_version,
    .connectGetHostname = sdir_connect_hostname,
    .connectIsAlive = sdir_yes,
    .connectIsSecure = sdir_yes,
    .connectIsEncrypted = sdir_no,
};

static const char *const sdir_schemes[] = { "storage", NULL };

static const mv_connect_driver sdir_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "STORAGE",
    .uri_schemes = sdir_schemes,
    .local_only = 1,
    .hypervisor = &sdir_hypervisor,
    .storage = &mv_sdir_storage,
};

static int sdir_init(mv_plugin_ctx *ctx)
{
    if (mv_plugin_register_connect(ctx, &sdir_connect) < 0)
        return -1;
    return mv_plugin_register_shared_storage(ctx, &mv_sdir_storage);
}

static const mv_plugin_descriptor sdir_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "storage-dir",
    .version = MV_SDIR_VERSION,
    .description = "directory storage pools (storage:///system, storage:///embed?root=DIR; "
                   "host-wide storage of qemu and lxc)",
    .license = "LGPL-2.1-or-later",
    .init = sdir_init,
};

MV_PLUGIN_DEFINE(sdir_descriptor)
