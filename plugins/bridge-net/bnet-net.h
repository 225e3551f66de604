/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-net.h — what the network part of bridge-net
 * shares between its files: one state per root (networks, one mutex, one
 * event source), the network record with what start created, and the
 * helpers of each room (link, dnsmasq, nft, checks, leases). */
#ifndef MV_BNET_NET_H
#define MV_BNET_NET_H

#include "bnet.h"

#include <glib.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/types.h>

#define MV_BNET_ERR VIR_FROM_NETWORK

/* What a running network holds on the host; saved in RUN/NAME.status. */
typedef struct mv_bnet_run {
    char *bridge;         /* the bridge in use */
    bool created;         /* we created the bridge: destroy deletes it */
    bool firewall;        /* our nft table for it exists */
    pid_t dnsmasq;        /* 0: none */
    int pidfd;            /* -1: none */
    bool child;           /* dnsmasq is our child (reap it) */
} mv_bnet_run;

typedef struct mv_bnet_net {
    mv_network_def *def;      /* live definition */
    mv_network_def *newdef;   /* persistent one waiting for the next stop */
    bool active, persistent, autostart;
    mv_bnet_run run;
} mv_bnet_net;

typedef struct mv_bnet_state {
    mv_driver_state *root;    /* the core's state of this root */
    pthread_mutex_t lock;
    GPtrArray *nets;          /* mv_bnet_net */
    mv_event_source *events;
    /* Retired bridges (renamed, down) deleted by one worker thread, made
     * at the first one; joined when the state is freed (last close). */
    GAsyncQueue *reap_queue;  /* char * link names, then the stop mark */
    GThread *reaper;
    bool autostart_checked;   /* this state asked whether autostart is ours */
} mv_bnet_state;

/* bnet-state.c */
/* The state of URI's root; READONLY opens load it without changing
 * anything; a read-write one makes it writable, checks the running
 * networks and, once per boot and root, starts the autostart ones. */
mv_bnet_state *mv_bnet_state_acquire(const mv_uri *uri, bool readonly);
void mv_bnet_state_release(mv_bnet_state *st);
mv_bnet_state *mv_bnet_lock(virConnectPtr conn);
void mv_bnet_unlock(mv_bnet_state *st);
mv_bnet_net *mv_bnet_net_add(mv_bnet_state *st, mv_network_def *def);
void mv_bnet_net_remove(mv_bnet_state *st, mv_bnet_net *n);
int mv_bnet_config_save(mv_bnet_state *st, const mv_network_def *def);
int mv_bnet_config_remove(mv_bnet_state *st, const char *name);
int mv_bnet_autostart_set(mv_bnet_state *st, const char *name, bool on);
char *mv_bnet_run_path(const mv_bnet_state *st, const char *name, const char *ext);
/* 0, or -1 with an error naming the network. */
int mv_bnet_status_save(mv_bnet_state *st, const mv_bnet_net *n);
void mv_bnet_status_remove(mv_bnet_state *st, const char *name);
/* Deletes the retired link NAME (taken) on the state's worker; synchronously
 * when no worker can be started. Call with the state lock held. */
void mv_bnet_reap_link(mv_bnet_state *st, char *name);

/* bnet-reconcile.c: status of networks recorded active, checked against the
 * host at load and at each later read-write open; repairs or marks
 * inactive. Loading attaches to the networks recorded active that are not
 * active here yet; in a state that is not writable it repairs and removes
 * nothing, and shows a network whose bridge is gone inactive (loading again
 * when the state becomes writable cleans up after it). */
void mv_bnet_reconcile_load(mv_bnet_state *st);
/* Hands every leftover retired link (a crash before the worker deleted
 * it) to the worker; done when a state is loaded. */
void mv_bnet_reap_leftovers(mv_bnet_state *st);
void mv_bnet_reconcile(mv_bnet_state *st);
/* Starts the autostart networks, once per boot and root whichever process
 * opens it first read-write (mv_driver_state_autostart_claim). */
void mv_bnet_autostart_all(mv_bnet_state *st);

/* bnet-run.c: start and stop with the state lock held. */
int mv_bnet_net_start(mv_bnet_state *st, mv_bnet_net *n);
void mv_bnet_net_stop(mv_bnet_state *st, mv_bnet_net *n);
/* Undoes whatever of RUN exists (used by stop and by reconcile). */
void mv_bnet_run_teardown(mv_bnet_state *st, const char *name, mv_bnet_run *run);
bool mv_bnet_net_has_host_side(const mv_network_def *def);

/* bnet-check.c: refusals before anything changes, and defaults. */
int mv_bnet_check_def(const mv_network_def *def);
int mv_bnet_check_start(mv_bnet_state *st, const mv_bnet_net *n);
int mv_bnet_assign_bridge(mv_bnet_state *st, mv_network_def *def);
int mv_bnet_check_bridge_unique(mv_bnet_state *st, const mv_network_def *def);

/* bnet-link.c: links, addresses and routes over rtnetlink (libnl). */
bool mv_bnet_link_exists(const char *name);
int mv_bnet_bridge_create(const mv_network_def *def, const char *name);
int mv_bnet_link_delete(const char *name);
/* Destroy's fast path: the bridge set down and renamed to the reserved
 * prefix below (its name free at once), deleted later by mv_bnet_reap_link.
 * Only modvirt makes links with this prefix (docs/bridge-net.md). */
#define MV_BNET_RETIRED_PREFIX "mvdel-"
int mv_bnet_link_retire(const mv_network_def *def, const char *name, char **retired);
bool mv_bnet_link_is_retired(const char *name);
/* Fills *DEV with the device of a main-table route overlapping NET/PREFIX
 * that is not on SKIP_DEV: 1 found, 0 none, -1 error reported. */
int mv_bnet_route_overlap(const mv_net_addr *net, unsigned int prefix,
                          const char *skip_dev, char **dev);

/* bnet-dnsmasq.c */
bool mv_bnet_dnsmasq_needed(const mv_network_def *def);
int mv_bnet_dnsmasq_start(mv_bnet_state *st, const mv_network_def *def, mv_bnet_run *run);
void mv_bnet_dnsmasq_stop(mv_bnet_run *run);
/* Sends SIGTERM only; mv_bnet_dnsmasq_stop then waits and reaps. */
void mv_bnet_dnsmasq_signal(mv_bnet_run *run);
/* Attaches RUN to a recorded dnsmasq pid if it still runs our config. */
bool mv_bnet_dnsmasq_attach(mv_bnet_state *st, const char *name, mv_bnet_run *run);
bool mv_bnet_dnsmasq_alive(mv_bnet_run *run);
void mv_bnet_dnsmasq_files_remove(mv_bnet_state *st, const char *name, bool leases);

/* bnet-nft.c: one nft table per network bridge, inet family. */
int mv_bnet_nft_apply(const mv_network_def *def, const char *bridge);
void mv_bnet_nft_remove(const char *bridge);
int mv_bnet_ip_forward_enable(const mv_network_def *def);

/* bnet-leases.c */
int mv_bnet_leases_get(mv_bnet_state *st, const mv_bnet_net *n, const char *mac,
                       virNetworkDHCPLeasePtr **leases);

/* bnet-objects.c: lookups with libvirt's errors, handles, events. */
mv_bnet_net *mv_bnet_find_name(mv_bnet_state *st, const char *name);
mv_bnet_net *mv_bnet_find_uuid(mv_bnet_state *st, const unsigned char *uuid);
/* How the plugin API's object helpers see networks. */
extern const mv_object_kind mv_bnet_net_kind;
virNetworkPtr mv_bnet_handle(virConnectPtr conn, const mv_bnet_net *n);
void mv_bnet_event(mv_bnet_state *st, const mv_bnet_net *n, int event);

/* The network slots a handle names: lock the state and find it by name. */
#define MV_BNET_BEGIN(net, st, n, fail)                                  \
    mv_bnet_state *st = mv_bnet_lock(virNetworkGetConnect(net));         \
    mv_bnet_net *n = mv_bnet_find_name(st, virNetworkGetName(net));      \
    if (!n) {                                                            \
        mv_bnet_unlock(st);                                              \
        return fail;                                                     \
    }

/* bnet-plugin.c */
mv_open_status mv_bnet_network_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags);
int mv_bnet_network_close(virConnectPtr conn);

/* bnet-network.c and bnet-network-ops.c: slots. */
int mv_bnet_list_all(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags);
virNetworkPtr mv_bnet_lookup_uuid(virConnectPtr conn, const unsigned char *uuid);
virNetworkPtr mv_bnet_lookup_name(virConnectPtr conn, const char *name);
virNetworkPtr mv_bnet_create_xml(virConnectPtr conn, const char *xml, unsigned int flags);
virNetworkPtr mv_bnet_define_xml(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_bnet_undefine(virNetworkPtr net);
int mv_bnet_create(virNetworkPtr net);
int mv_bnet_destroy(virNetworkPtr net);
char *mv_bnet_get_xml(virNetworkPtr net, unsigned int flags);
char *mv_bnet_get_bridge(virNetworkPtr net);
int mv_bnet_get_autostart(virNetworkPtr net, int *autostart);
int mv_bnet_set_autostart(virNetworkPtr net, int autostart);
int mv_bnet_is_active(virNetworkPtr net);
int mv_bnet_is_persistent(virNetworkPtr net);
int mv_bnet_get_leases(virNetworkPtr net, const char *mac,
                       virNetworkDHCPLeasePtr **leases, unsigned int flags);

#endif
