/* SPDX-License-Identifier: LGPL-2.1-or-later */
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
#include <modvirt-plugin/domain-list.h>

#include <glib.h>
#include <stdbool.h>

#define MV_TEST_SRC "plugin.test"

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
    mv_domain_list *doms;       /* the domains; no private data */
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
void mv_test_net_free(gpointer net);
void mv_test_pool_free(gpointer pool);
void mv_test_iface_free(gpointer iface);

/* Lookups under the lock; NULL with libvirt's error (VIR_FROM_TEST) when
 * nothing matches. libvirt 9.0's test driver reports a failed lookup by
 * name, uuid or id with the bare "Domain not found", and a handle whose
 * domain is gone with "Domain not found: no domain with matching uuid
 * 'UUID' (NAME)" (mv_domain_list_lookup_domain). */
mv_domain_obj *mv_test_dom_by_name(mv_test_state *st, const char *name);
mv_domain_obj *mv_test_dom_by_uuid(mv_test_state *st, const unsigned char *uuid);
mv_domain_obj *mv_test_dom_by_id(mv_test_state *st, int id);

/* Domain life cycle helpers shared by the node loader and the slots:
 * starting assigns the next id, sets state/reason and queues the event
 * (STARTED booted/restored; none for reason UNKNOWN, used by the loader).
 * Stopping queues STOPPED (destroyed/shutdown/saved), makes the pending
 * persistent definition current, and removes a transient domain: D is
 * invalid afterwards when it returns true. */
void mv_test_dom_set_running(mv_test_state *st, mv_domain_obj *d, int reason);
bool mv_test_dom_set_stopped(mv_test_state *st, mv_domain_obj *d, int reason);

/* Additions shared by the files of this plugin. */
#define MV_TEST_POOL_CAPACITY (100ULL * 1024 * 1024 * 1024)  /* bytes */
/* Queues a lifecycle event for D (its current name, uuid and id). */
void mv_test_dom_event(mv_test_state *st, const mv_domain_obj *d, int event, int detail);
/* A pool's allocation is the sum of its volumes'; a pool with no capacity
 * gets libvirt's test pool size (100 GiB); available is what is left. */
void mv_test_pool_refresh_sizes(mv_test_pool *pool);

#endif
