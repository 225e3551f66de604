/* core/registry/registry.h — loaded plugins, the drivers they registered,
 * and the choice of drivers for a new connection (core-private).
 *
 * mv_registry_init runs once (virInitialize): it scans the plugin
 * directories in order, loads each module (in name order within its
 * directory) and keeps, for every file, either the drivers it registered or
 * the reason it was skipped. After init
 * the registry is read-only, so connections read it without locks.
 */
#ifndef MV_REGISTRY_H
#define MV_REGISTRY_H

#include <glib.h>
#include <stdbool.h>
#include "core/object/object.h"

typedef struct mv_registry_plugin {
    char *file;            /* absolute path of the module */
    char *name;            /* descriptor name; the file's base name if none */
    char *version;
    char *description;
    char *license;
    unsigned int abi_major, abi_minor;
    bool loaded;
    char *reason;          /* why it was skipped, when !loaded */
    char *shadowed_by;     /* when skipped for an earlier plugin: its file */
    GPtrArray *drivers;    /* char*: "connect TEST", "shared network", ... */
    GPtrArray *schemes;    /* char*: URI schemes its connect drivers serve */
} mv_registry_plugin;

/* A registered connect driver with core-sized copies of its tables. */
typedef struct mv_registry_connect {
    const mv_registry_plugin *plugin;
    char *name;
    char **schemes;
    bool local_only;
    bool host_services;    /* offered the shared drivers it has no table of */
    mv_hypervisor_driver hv;
    mv_network_driver net;
    mv_storage_driver storage;
    mv_interface_driver iface;
    bool has_net, has_storage, has_iface;
} mv_registry_connect;

typedef enum {
    MV_SHARED_NETWORK,
    MV_SHARED_STORAGE,
    MV_SHARED_INTERFACE,
    MV_SHARED_LAST
} mv_shared_kind;

typedef struct mv_registry_shared {
    const mv_registry_plugin *plugin;
    mv_shared_kind kind;
    union {
        mv_network_driver net;
        mv_storage_driver storage;
        mv_interface_driver iface;
    } u;
} mv_registry_shared;

typedef struct mv_registry {
    GPtrArray *plugins;    /* mv_registry_plugin*, loaded and skipped, load order */
    GPtrArray *connects;   /* mv_registry_connect*, registration order */
    GPtrArray *shared;     /* mv_registry_shared*, registration order */
} mv_registry;

/* Loads the plugins once; later calls return at once. 0, or -1 with an
 * error in a setuid/setgid process, which loads nothing. A bad plugin is
 * skipped, never fatal. */
int mv_registry_init(void);
/* The registry (after mv_registry_init). */
const mv_registry *mv_registry_get(void);

/* Empty tables standing in for a driver a connection lacks. */
extern const mv_network_driver mv_registry_no_network;
extern const mv_storage_driver mv_registry_no_storage;
extern const mv_interface_driver mv_registry_no_interface;
/* The hypervisor table of connect drivers registered without one
 * (storage:///, network:///; registry/service.c). */
extern const mv_hypervisor_driver mv_registry_service_hypervisor;

/* Opens CONN (fresh from mv_object_connect_new) for NAME (NULL: default
 * URI). 0, or -1 with an error set. */
int mv_registry_open(virConnectPtr conn, const char *name, virConnectAuthPtr auth,
                     unsigned int flags);
/* Closes the drivers of CONN (at its last reference). */
void mv_registry_close(virConnectPtr conn);

/* Loading one module file into a plugin record (registry/loader.c). */
void mv_registry_load_file(mv_registry *reg, const char *path);
/* Recording a module file that is not loaded, for REASON. */
void mv_registry_skip_file(mv_registry *reg, const char *path, const char *reason);
/* Why a plugin file or directory with status ST could be changed by
 * another user than root or the running user (g_malloc'd), or NULL. */
struct stat;
char *mv_registry_unsafe_reason(const struct stat *st);

/* Known plugins and the package to install for a scheme, or NULL. */
const char *mv_registry_package_for_scheme(const char *scheme);

#endif
