/* plugins/test/test-state.h — the test driver's state: the objects of one
 * test:/// connection (test:///default shares one state among all its
 * connections in a process; test:///PATH.xml gets a private one), and the
 * contract between the files of this plugin.
 *
 * Locking: one mutex per state guards everything in it. Slots take it with
 * mv_test_lock(conn), which returns the state, and release it before
 * returning. Handles (mv_domain_new, ...) may be made with the lock held.
 * Events are queued with the lock held (queueing never calls back).
 */
#ifndef MV_TEST_STATE_H
#define MV_TEST_STATE_H

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/conf-interface.h>
#include <modvirt-plugin/conf-storage.h>
#include <modvirt-plugin/conf-caps.h>

#include <glib.h>
#include <stdbool.h>

#define MV_TEST_SRC "plugin.test"

typedef struct mv_test_dom {
    mv_domain_def *def;         /* the live definition while running, else the persistent one */
    mv_domain_def *new_def;     /* the persistent definition while running, if it differs */
    int state;                  /* virDomainState */
    int reason;                 /* its reason enum */
    bool persistent;
    bool autostart;
    bool updated;               /* virDomainIsUpdated */
    bool has_managed_save;
    gint64 start_time;          /* monotonic, for cpuTime */
    /* Lookup keys: a domain's name and UUID never change, but its
     * definitions are swapped, so the index owns copies. */
    char *key_name;
    unsigned char key_uuid[VIR_UUID_BUFLEN];
} mv_test_dom;

typedef struct mv_test_net {
    mv_network_def *def;
    mv_network_def *new_def;
    bool active, persistent, autostart;
} mv_test_net;

typedef struct mv_test_pool {
    mv_storage_pool_def *def;
    bool active, persistent, autostart;
    GPtrArray *vols;            /* mv_storage_vol_def* */
} mv_test_pool;

typedef struct mv_test_iface {
    mv_interface_def *def;
    bool active;
} mv_test_iface;

typedef struct mv_test_state {
    GMutex lock;
    int refs;                   /* connections using it */
    bool is_default;            /* test:///default */
    char *path;                 /* node file, or NULL */
    mv_event_source *events;
    virNodeInfo node;
    unsigned long long free_mem_kib;
    int next_dom_id;            /* the id the next started domain gets */
    GPtrArray *doms;            /* mv_test_dom*, in definition order */
    GHashTable *dom_names;      /* key_name -> mv_test_dom*: O(1) lookups */
    GHashTable *dom_uuids;      /* key_uuid -> mv_test_dom* */
    GPtrArray *nets;            /* mv_test_net* */
    GPtrArray *pools;           /* mv_test_pool* */
    GPtrArray *ifaces;          /* mv_test_iface* */
    /* Interface transactions (virInterfaceChangeBegin): a saved copy. */
    GPtrArray *ifaces_backup;
} mv_test_state;

/* The defaults libvirt's test driver applies to definitions. */
extern const mv_domain_xmlopt mv_test_xmlopt;

/* test-state.c: opening and closing states. */
mv_test_state *mv_test_state_open(const mv_uri *uri);   /* NULL with an error */
void mv_test_state_close(mv_test_state *st);
/* Locks the state of CONN's hypervisor connection and returns it. */
mv_test_state *mv_test_lock(virConnectPtr conn);
void mv_test_unlock(mv_test_state *st);

/* test-node.c: loads a <node> document (text, with file= references
 * resolved against BASE_DIR) into ST. 0, or -1 with an error. */
int mv_test_node_load(mv_test_state *st, const char *xml, const char *base_dir);
/* The built-in document test:///default is loaded from. */
extern const char mv_test_default_node_xml[];
/* Files are refused past this size: the core refuses larger documents
 * anyway (docs/xml-formats.md), so reading more would be wasted. */
#define MV_TEST_FILE_MAX (10 * 1024 * 1024)
/* test-file.c: PATH's content (g_malloc'd, NUL-terminated, *LEN bytes) when
 * it is a regular file of at most MAX bytes; else NULL with *CAUSE
 * (g_malloc'd) saying why, and *OPENED false when it could not even be
 * opened. Reports nothing. */
char *mv_test_file_load(const char *path, size_t max, size_t *len, bool *opened, char **cause);
/* A node or object file's text (g_malloc'd), or NULL with libvirt's
 * "failed to parse xml document 'PATH'" error (followed by the cause when
 * the file exists but is not one the driver reads). */
char *mv_test_file_read(const char *path);

/* Object lists: free functions for the GPtrArrays. */
void mv_test_dom_free(gpointer dom);
void mv_test_net_free(gpointer net);
void mv_test_pool_free(gpointer pool);
void mv_test_iface_free(gpointer iface);

/* Lookups under the lock; NULL with libvirt's error (VIR_FROM_TEST) when
 * nothing matches. libvirt 9.0's test driver reports a failed lookup by
 * name, uuid or id with the bare "Domain not found", and a handle whose
 * domain is gone with "Domain not found: no domain with matching uuid
 * 'UUID' (NAME)" (mv_test_dom_of). */
mv_test_dom *mv_test_dom_by_name(mv_test_state *st, const char *name);
mv_test_dom *mv_test_dom_by_uuid(mv_test_state *st, const unsigned char *uuid);
mv_test_dom *mv_test_dom_by_id(mv_test_state *st, int id);
/* The object behind a handle (by UUID). */
mv_test_dom *mv_test_dom_of(mv_test_state *st, virDomainPtr dom);

/* Domain life cycle helpers shared by the node loader and the slots:
 * starting assigns the next id, sets state/reason and queues the event
 * (STARTED booted/restored; none for reason UNKNOWN, used by the loader).
 * Stopping queues STOPPED (destroyed/shutdown/saved), makes the pending
 * persistent definition current, and frees a transient domain: D is
 * invalid afterwards when it returns true. */
void mv_test_dom_set_running(mv_test_state *st, mv_test_dom *d, int reason);
bool mv_test_dom_set_stopped(mv_test_state *st, mv_test_dom *d, int reason);

/* Additions shared by the files of this plugin. */
#define MV_TEST_POOL_CAPACITY (100ULL * 1024 * 1024 * 1024)  /* bytes */
bool mv_test_dom_active(const mv_test_dom *d);
/* By name, without reporting an error. */
mv_test_dom *mv_test_dom_find_name(mv_test_state *st, const char *name);
/* Appends a new shut off, persistent domain owning DEF. */
mv_test_dom *mv_test_dom_add(mv_test_state *st, mv_domain_def *def);
/* Drops D from the state (and frees it). */
void mv_test_dom_remove(mv_test_state *st, mv_test_dom *d);
/* Queues a lifecycle event for D (its current name, uuid and id). */
void mv_test_dom_event(mv_test_state *st, const mv_test_dom *d, int event, int detail);
/* A pool's allocation is the sum of its volumes'; a pool with no capacity
 * gets libvirt's test pool size (100 GiB); available is what is left. */
void mv_test_pool_refresh_sizes(mv_test_pool *pool);
/* Copies of the handle constructors' input made under the lock. */
virDomainPtr mv_test_dom_handle(virConnectPtr conn, const mv_test_dom *d);

/* The driver tables, one file each. */
extern const mv_hypervisor_driver mv_test_hypervisor;
extern const mv_network_driver mv_test_network;
extern const mv_storage_driver mv_test_storage;
extern const mv_interface_driver mv_test_interface;

#endif
