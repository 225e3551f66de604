/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/open.c — choosing the drivers of a new connection.
 *
 * The URI's scheme (without "+transport") picks the connect drivers that
 * declared it; each one's connectOpen may accept, decline or fail, as in
 * libvirt. The chosen plugin's own network/storage/interface drivers serve
 * the connection; for a kind it lacks, when its connect driver asked for
 * host services, the shared drivers other plugins registered are offered
 * in turn and the first to accept serves it.
 *
 * The remote plugin (the driver of the "remote" scheme) serves every URI
 * that names a transport or a host, and — outside modvirtd — the system
 * and session URIs of every driver, as libvirt's remote driver does: the
 * daemon is then the one owner of that state. Without the remote plugin
 * installed, those URIs are served in-process.
 *
 * A per-driver daemon (modvirtd --drivers) serves the system and session
 * URIs of its own plugins; those of other drivers go through the remote
 * plugin to the daemon serving them, and so do the network, storage and
 * interface calls of its hypervisor connections when none of its plugins
 * serves them: the remote plugin's shared drivers, offered there last and
 * nowhere else.
 */
#include "core/registry/registry.h"
#include "core/util/error.h"
#include "core/util/uri.h"

#include <string.h>

#define MV_LOG_SRC "registry"

static char *default_uri(void)
{
    const char *env = g_getenv("MODVIRT_DEFAULT_URI");
    if (!env || !*env)
        env = g_getenv("LIBVIRT_DEFAULT_URI");
    if (env && *env)
        return g_strdup(env);
    mv_registry_load_for_scheme(NULL);
    g_autoptr(GPtrArray) connects = mv_registry_connects();
    for (guint i = 0; i < connects->len; i++) {
        const mv_registry_connect *c = connects->pdata[i];
        if (!c->hv.connectURIProbe)
            continue;
        char *uri = c->hv.connectURIProbe();
        if (uri) {
            char *ret = g_strdup(uri);
            free(uri);
            mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "plugin %s probed default URI %s",
                   c->plugin->name, ret);
            return ret;
        }
    }
    return NULL;
}

static void report_no_driver(const mv_uri *uri, const char *name)
{
    const char *plugin = mv_registry_package_for_scheme(uri ? uri->driver : NULL);
    if (plugin)
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_CONNECT,
                        "%s: no installed plugin serves this URI; install the '%s' "
                        "plugin (package modvirt-driver-%s)", name, plugin, plugin);
    else
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_CONNECT, "%s", name);
}

static gint in_daemon;

void mv_registry_set_daemon(void)
{
    g_atomic_int_set(&in_daemon, 1);
}

static bool remote_installed(void)
{
    mv_registry_load_for_scheme(MV_REGISTRY_REMOTE_SCHEME);
    g_autoptr(GPtrArray) connects = mv_registry_connects();
    for (guint i = 0; i < connects->len; i++) {
        const mv_registry_connect *c = connects->pdata[i];
        if (c->schemes && g_strv_contains((const char *const *)c->schemes, MV_REGISTRY_REMOTE_SCHEME))
            return true;
    }
    return false;
}

/* The scheme whose drivers serve URI. */
static const char *route(const mv_uri *uri)
{
    if (!uri->driver)
        return NULL;
    if (uri->transport || uri->server)
        return MV_REGISTRY_REMOTE_SCHEME;
    bool shared_state = uri->path && (!strcmp(uri->path, "/system") || !strcmp(uri->path, "/session"));
    bool local = g_atomic_int_get(&in_daemon) && mv_registry_serves(uri->driver);
    if (shared_state && !local && remote_installed())
        return MV_REGISTRY_REMOTE_SCHEME;
    return uri->driver;
}

static bool serves_scheme(const mv_registry_connect *c, const char *scheme)
{
    if (!c->schemes)
        return true;
    return scheme && g_strv_contains((const char *const *)c->schemes, scheme);
}

/* Opens the secondary driver TABLE (with its connectOpen at OPENFN) on CONN.
 * Returns 1 accepted, 0 declined, -1 error. */
static int open_secondary(virConnectPtr conn, mv_open_status (*openfn)(virConnectPtr, const mv_uri *, unsigned int),
                          unsigned int flags)
{
    if (!openfn)
        return 1;
    switch (openfn(conn, conn->uri, flags)) {
    case MV_OPEN_SUCCESS: return 1;
    case MV_OPEN_DECLINED: mv_error_reset_last(); return 0;
    default: return -1;
    }
}

static bool of_remote(const mv_registry_shared *sh)
{
    GPtrArray *schemes = sh->plugin->schemes;
    return schemes && g_ptr_array_find_with_equal_func(schemes, MV_REGISTRY_REMOTE_SCHEME,
                                                       g_str_equal, NULL);
}

/* Offers the shared drivers of KIND (SHARED: NULL when the connection
 * gets none) to CONN until one accepts: the host's own, then, in a
 * per-driver daemon, the remote plugin's (the daemon serving KIND). */
static int open_shared(virConnectPtr conn, GPtrArray *shared, mv_shared_kind kind,
                       unsigned int flags)
{
    bool relay = g_atomic_int_get(&in_daemon) && mv_registry_restricted();
    for (guint n = 0; shared && n < 2 * shared->len; n++) {
        guint i = n % shared->len;
        const mv_registry_shared *sh = shared->pdata[i];
        /* First pass: the local drivers; second: the relays. */
        if (sh->kind != kind || of_remote(sh) != (n >= shared->len))
            continue;
        if (of_remote(sh) && !relay)
            continue;
        int rc;
        switch (kind) {
        case MV_SHARED_NETWORK:
            rc = open_secondary(conn, sh->u.net.connectOpen, flags);
            if (rc > 0) { conn->net = &sh->u.net; conn->net_open = true; }
            break;
        case MV_SHARED_STORAGE:
            rc = open_secondary(conn, sh->u.storage.connectOpen, flags);
            if (rc > 0) { conn->storage = &sh->u.storage; conn->storage_open = true; }
            break;
        default:
            rc = open_secondary(conn, sh->u.iface.connectOpen, flags);
            if (rc > 0) { conn->iface = &sh->u.iface; conn->iface_open = true; }
            break;
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int open_secondaries(virConnectPtr conn, const mv_registry_connect *c,
                            unsigned int flags)
{
    int rc = 0;
    /* The host's drivers, loaded and listed once for all three kinds. */
    g_autoptr(GPtrArray) shared = NULL;
    bool local = !conn->uri->server && !conn->uri->transport;
    if (c->host_services && local && !(c->has_net && c->has_storage && c->has_iface)) {
        mv_registry_load_shared();
        shared = mv_registry_shared_drivers();
    }
    if (c->has_net) {
        conn->net = &c->net;
        rc = open_secondary(conn, c->net.connectOpen, flags);
        conn->net_open = rc > 0;
        if (rc == 0)
            conn->net = &mv_registry_no_network;
    } else {
        rc = open_shared(conn, shared, MV_SHARED_NETWORK, flags);
    }
    if (rc < 0)
        return -1;
    if (c->has_storage) {
        conn->storage = &c->storage;
        rc = open_secondary(conn, c->storage.connectOpen, flags);
        conn->storage_open = rc > 0;
        if (rc == 0)
            conn->storage = &mv_registry_no_storage;
    } else {
        rc = open_shared(conn, shared, MV_SHARED_STORAGE, flags);
    }
    if (rc < 0)
        return -1;
    if (c->has_iface) {
        conn->iface = &c->iface;
        rc = open_secondary(conn, c->iface.connectOpen, flags);
        conn->iface_open = rc > 0;
        if (rc == 0)
            conn->iface = &mv_registry_no_interface;
    } else {
        rc = open_shared(conn, shared, MV_SHARED_INTERFACE, flags);
    }
    return rc < 0 ? -1 : 0;
}

int mv_registry_open(virConnectPtr conn, const char *name, virConnectAuthPtr auth,
                     unsigned int flags)
{
    if (mv_registry_in_plugin_init()) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_OPERATION_INVALID,
                        "a plugin cannot open a connection from its init");
        return -1;
    }
    g_autofree char *uristr = (name && *name) ? g_strdup(name) : default_uri();
    if (!uristr) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_CONNECT,
                        "(default): no installed driver can serve a default URI; "
                        "pass a URI or set MODVIRT_DEFAULT_URI");
        return -1;
    }
    conn->uri = mv_uri_parse(uristr);
    if (!conn->uri)
        return -1;

    const char *scheme = route(conn->uri);
    if (scheme)
        mv_registry_load_for_scheme(scheme);
    g_autoptr(GPtrArray) connects = mv_registry_connects();
    for (guint i = 0; i < connects->len; i++) {
        const mv_registry_connect *c = connects->pdata[i];
        if (!serves_scheme(c, scheme))
            continue;
        if (c->local_only && conn->uri->server)
            continue;
        if (!c->hv.connectOpen)
            continue;
        conn->entry = c;
        conn->hv = &c->hv;
        mv_open_status st = c->hv.connectOpen(conn, conn->uri, auth, flags);
        if (st == MV_OPEN_DECLINED) {
            mv_error_reset_last();
            conn->entry = NULL;
            conn->hv = NULL;
            continue;
        }
        if (st != MV_OPEN_SUCCESS) {
            conn->entry = NULL;
            conn->hv = NULL;
            if (!mv_error_is_set())
                mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_CONNECT, "%s: driver %s failed to open",
                                uristr, c->name);
            return -1;
        }
        mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "%s opened by plugin %s (driver %s)",
               uristr, c->plugin->name, c->name);
        if (open_secondaries(conn, c, flags) < 0) {
            mv_registry_close(conn);
            return -1;
        }
        return 0;
    }
    if (scheme && !strcmp(scheme, MV_REGISTRY_REMOTE_SCHEME) && conn->uri->driver
        && strcmp(conn->uri->driver, MV_REGISTRY_REMOTE_SCHEME))
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_CONNECT,
                        "%s: no installed plugin serves this URI; install the 'remote' "
                        "plugin (package modvirt-driver-remote)",
                        uristr);
    else
        report_no_driver(conn->uri, uristr);
    return -1;
}

void mv_registry_close(virConnectPtr conn)
{
    if (conn->iface_open && conn->iface->connectClose)
        conn->iface->connectClose(conn);
    if (conn->storage_open && conn->storage->connectClose)
        conn->storage->connectClose(conn);
    if (conn->net_open && conn->net->connectClose)
        conn->net->connectClose(conn);
    conn->iface_open = conn->storage_open = conn->net_open = false;
    if (conn->hv && conn->hv->connectClose)
        conn->hv->connectClose(conn);
    conn->hv = NULL;
    conn->entry = NULL;
}
