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
 * A start with a warm cache makes no record for a usable plugin of an
 * unchanged directory: it keeps the cache text, what choosing plugins
 * needs as slices of each file's line, and an index of the URI schemes.
 * The record is made when the plugin is about to load or be listed.
 * Records are never freed; their fields change only under the registry's
 * lock. Connect and shared drivers are appended as plugins load and never
 * removed: readers take a snapshot (mv_registry_connects,
 * mv_registry_shared_drivers).
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
    GPtrArray *plugins;    /* mv_registry_plugin*, loaded and skipped, directory
                            * order: filled by mv_registry_load_all */
    GPtrArray *loaded;     /* mv_registry_plugin*, loaded into it, load order */
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
/* A registry a plugin is loaded into only to learn what it is, and freeing
 * it: its arrays and the drivers registered into it. */
void mv_registry_scratch_init(mv_registry *scratch);
void mv_registry_scratch_free(mv_registry *scratch);
/* Marks P not usable for REASON (printf-style). */
void mv_registry_plugin_refuse(mv_registry_plugin *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* registry/cache.c: an index from byte strings (not NUL-terminated, not
 * copied: they must outlive it, and stay unchanged) to values. Zero is an
 * empty index. */
typedef struct mv_registry_index_item {
    const char *key;
    guint32 len, hash;
    gpointer value;
} mv_registry_index_item;
typedef struct mv_registry_index {
    mv_registry_index_item *items;   /* insertion order */
    guint32 count, alloc;
    guint32 *slots;        /* open addressing: item number + 1, 0 for none */
    guint32 mask;
} mv_registry_index;
void mv_registry_index_reserve(mv_registry_index *ix, guint n);
gpointer mv_registry_index_lookup(const mv_registry_index *ix, const char *key, size_t len);
/* Sets KEY's value; returns the one it replaces, or NULL. */
gpointer mv_registry_index_put(mv_registry_index *ix, const char *key, size_t len,
                               gpointer value);
void mv_registry_index_clear(mv_registry_index *ix);
/* The next item of a list in a cache line (a directory's files, a
 * plugin's schemes) between *POS and END, its length in *LEN; NULL after
 * the last. */
const char *mv_registry_list_next(const char **pos, const char *end, size_t *len);

/* registry/cache.c: the plugin metadata cache. */
typedef struct mv_registry_cache mv_registry_cache;
/* Reads the cache file (a missing or foreign one is an empty cache). */
mv_registry_cache *mv_registry_cache_read(void);
/* Fills P from the entry of its file when its identity is the same (or,
 * with TRUST, whatever it is: P then takes the cached identity); false when
 * there is none. */
bool mv_registry_cache_lookup(mv_registry_cache *cache, mv_registry_plugin *p, bool trust);
/* The line of the file PATH (LEN bytes, not NUL-terminated) and in
 * *RECORD its record, or NULL; they live as long as the cache. */
const char *mv_registry_cache_find(mv_registry_cache *cache, const char *path, size_t len,
                                   const char **record);
/* Fills P, whose file is that of LINE (from mv_registry_cache_find), from
 * LINE, taking its identity; false when it is not a record. */
bool mv_registry_cache_line(mv_registry_plugin *p, const char *line);
/* The *.so names the directory DIR held when it had identity ID, as a
 * list for mv_registry_list_next that ends at the end of the string; NULL
 * when the cache has no such record. */
const char *mv_registry_cache_dir(mv_registry_cache *cache, const char *dir,
                                  const mv_registry_file_id *id);
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
/* What choosing and loading plugins needs of a record, as slices of it
 * (SCHEMES a list for mv_registry_list_next). */
typedef struct mv_registry_brief {
    const char *file, *name, *schemes;
    size_t file_len, name_len, schemes_len;
    bool usable, any_scheme, has_probe;
    unsigned int shared_kinds;
} mv_registry_brief;
bool mv_registry_record_brief(const char *record, mv_registry_brief *b);
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
/* Makes this process a per-driver daemon (before any connection): only the plugins NAMES (and the remote plugin,
 * which reaches the other daemons) load. *DAEMON_NAMES gets the URI schemes
 * they serve (a plugin without any: its name), which name the daemon's
 * sockets. 0, or -1 with *ERR set for a name that is no usable plugin. */
int mv_registry_restrict(const char *const *names, GPtrArray **daemon_names, char **err);
bool mv_registry_restricted(void);
/* Whether a plugin this process may load serves SCHEME (always, unless
 * restricted). */
bool mv_registry_serves(const char *scheme);
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
