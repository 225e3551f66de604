/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/registry.h — the plugins of the plugin directories, the
 * drivers they registered, and the choice of drivers for a new connection
 * (core-private).
 *
 * mv_registry_init runs once (virInitialize). It lists the plugin
 * directories in order (name order within each) and knows every file from
 * its metadata: taken from the plugin cache (cache.c) when the file is
 * unchanged, otherwise learnt by loading it in a helper process, the
 * plugin scanner (scan.c), so that a plugin that crashes, exits or hangs
 * takes only the scanner down and is recorded as refused. No plugin is
 * loaded into the process then: a plugin is loaded the first time a
 * connection needs it (its URI scheme, the host services of a hypervisor
 * connection, the default URI) or the plugin list is asked for.
 *
 * Plugin records are created at init and never freed; their fields change
 * only under the registry's lock. Connect and shared drivers are appended
 * as plugins load and never removed: readers take a snapshot
 * (mv_registry_connects, mv_registry_shared_drivers).
 */
#ifndef MV_REGISTRY_H
#define MV_REGISTRY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/object/object.h"

/* What identifies a version of a plugin file: a change to any of these
 * (a rebuild, a copy over it, chmod, chown) makes it a new file. */
typedef struct mv_registry_file_id {
    uint64_t dev, ino, size;
    int64_t mtime_ns, ctime_ns;
} mv_registry_file_id;

typedef struct mv_registry_plugin {
    char *file;            /* absolute path of the module */
    mv_registry_file_id id;
    char *name;            /* descriptor name; the file's base name if none */
    char *version;
    char *description;
    char *license;
    unsigned int abi_major, abi_minor;
    bool usable;           /* its metadata says it loads: not refused or shadowed */
    bool loaded;           /* loaded into this process */
    char *reason;          /* why it is not usable */
    char *shadowed_by;     /* when skipped for an earlier plugin: its file */
    GPtrArray *drivers;    /* char*: "connect TEST", "shared network", ... */
    GPtrArray *schemes;    /* char*: URI schemes its connect drivers serve */
    /* What a connection may need it for, from its registrations. */
    bool any_scheme;       /* a connect driver without a scheme list */
    bool has_probe;        /* a hypervisor with connectURIProbe */
    unsigned int shared_kinds;   /* 1 << mv_shared_kind it registered */
    const char *record;    /* from the cache, details not parsed yet */
    bool unchecked;        /* known from an unchanged directory: its own
                            * identity and safety are checked before loading */
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

/* Learns the plugins once; later calls return at once. 0, or -1 with an
 * error in a setuid/setgid process, which loads nothing. A bad plugin is
 * skipped, never fatal. */
int mv_registry_init(void);
/* The registry (after mv_registry_init). */
const mv_registry *mv_registry_get(void);

/* Loads into the process the usable plugins that serve SCHEME (NULL:
 * those with a default-URI probe); that registered shared drivers; all of
 * them (and then every record is complete: nothing changes any more). Each plugin is loaded once; one that fails to load now is no
 * longer usable, with the reason. */
void mv_registry_load_for_scheme(const char *scheme);
void mv_registry_load_shared(void);
void mv_registry_load_all(void);
/* New arrays (free with g_ptr_array_unref) of the connect drivers and the
 * shared drivers registered so far, in registration order. */
GPtrArray *mv_registry_connects(void);
GPtrArray *mv_registry_shared_drivers(void);
/* 1 while the calling thread runs a plugin's init: connections cannot be
 * opened from there. */
bool mv_registry_in_plugin_init(void);

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

/* registry/loader.c: a record for the module file PATH, not loaded. */
mv_registry_plugin *mv_registry_plugin_new(const char *path);
/* Loads P into the process and runs its init, registering into REG; on
 * failure P is no longer usable and its reason says why. */
void mv_registry_plugin_load(mv_registry *reg, mv_registry_plugin *p);
void mv_registry_plugin_free(mv_registry_plugin *p);
/* Frees a registry a plugin was loaded into only to learn what it is:
 * its arrays and the drivers registered into it. */
void mv_registry_scratch_free(mv_registry *scratch);
/* Marks P not usable for REASON (printf-style). */
void mv_registry_plugin_refuse(mv_registry_plugin *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* registry/cache.c: the plugin metadata cache. */
typedef struct mv_registry_cache mv_registry_cache;
/* Reads the cache file (a missing or foreign one is an empty cache). */
mv_registry_cache *mv_registry_cache_read(void);
/* Fills P from the entry of its file when its identity is the same (or,
 * with TRUST, whatever it is: P then takes the cached identity); false when
 * there is none. */
bool mv_registry_cache_lookup(mv_registry_cache *cache, mv_registry_plugin *p, bool trust);
/* The *.so names (NAMES, g_malloc'd) the directory DIR held when it had
 * identity ID; false when the cache has no such record. */
bool mv_registry_cache_dir(mv_registry_cache *cache, const char *dir,
                           const mv_registry_file_id *id, GPtrArray *names);
void mv_registry_cache_store_dir(mv_registry_cache *cache, const char *dir,
                                 const mv_registry_file_id *id, GPtrArray *names);
/* Parses the rest of a record P holds back (version, description,
 * license, drivers, reason), for the plugin list. */
void mv_registry_plugin_details(mv_registry_plugin *p);
/* Records P's metadata (learnt now) in CACHE. */
void mv_registry_cache_store(mv_registry_cache *cache, const mv_registry_plugin *p);
/* Writes CACHE back, atomically, when it changed, merged with what other
 * processes wrote meanwhile; an unwritable location keeps it in memory. */
void mv_registry_cache_write(mv_registry_cache *cache);
/* One plugin's metadata as one line of text (no identity), and back: all
 * of it, or with DETAILS false what connections need, P keeping RECORD
 * (which must outlive it) for mv_registry_plugin_details. */
char *mv_registry_record_format(const mv_registry_plugin *p);
bool mv_registry_record_parse(mv_registry_plugin *p, const char *record, bool details);
#define MV_REGISTRY_RECORD_FIELDS 14

/* registry/scan.c: learns the metadata of PLUGINS (mv_registry_plugin*)
 * in the plugin scanner; without a scanner, by loading them here. */
void mv_registry_scan(GPtrArray *plugins);
/* The scanner's side: loads each file of ARGV in turn into a registry of
 * its own and prints its record. The body of modvirt-plugin-scanner. */
int mv_registry_scanner_main(int argc, char **argv);

/* The scheme of the remote plugin, which serves remote and shared-state
 * URIs (open.c). */
#define MV_REGISTRY_REMOTE_SCHEME "remote"
/* Marks this process as modvirtd: system and session URIs are served by
 * the drivers themselves, not sent to the daemon. */
void mv_registry_set_daemon(void);
/* Makes this process a scanner: mv_registry_init learns no plugin (a
 * plugin's init that opens a connection gets an error, not a scan). */
void mv_registry_scanner_mode(void);
/* Why a plugin file or directory with status ST could be changed by
 * another user than root or the running user (g_malloc'd), or NULL. */
struct stat;
char *mv_registry_unsafe_reason(const struct stat *st);

/* Known plugins and the package to install for a scheme, or NULL. */
const char *mv_registry_package_for_scheme(const char *scheme);

#endif
