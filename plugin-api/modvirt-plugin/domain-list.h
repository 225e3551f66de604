/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/domain-list.h — the domains of a stateful driver, kept the
 * way libvirt keeps them: one list per driver state, with name, UUID and id
 * indexes, libvirt's duplicate rules and errors, persistent and transient
 * domains, the live and the pending definition of a running domain, the
 * filters of virConnectListAllDomains, and lookups that report libvirt's
 * "Domain not found" errors. Every in-tree hypervisor driver keeps its
 * domains here; a third-party one should too, so that its domains behave
 * as everyone else's. Since plugin ABI 1.2 (every function here).
 *
 * Locking: a list has no lock of its own. One lock of the driver, its state
 * lock, guards the list and every object in it, fields and private data
 * included: hold it around every call below except mv_domain_list_new,
 * mv_domain_list_free, mv_domain_obj_ref and mv_domain_obj_unref, and
 * while reading or changing an object. No call blocks or calls back into
 * the driver (PRIV_FREE runs when an object's last reference goes, which
 * may be in mv_domain_obj_unref), so driver locks may be held around them;
 * the calls that make handles use mv_domain_new, which calls no driver
 * either. A driver that waits for a guest drops its lock meanwhile and
 * keeps the object alive with a reference.
 *
 * Lifetime: the list holds one reference on each object while it is in it.
 * A pointer from a lookup is valid while the lock is held; a driver that
 * keeps one past unlocking (a thread watching the guest, a call that
 * drops the lock while it talks to the guest) takes a reference first. A
 * removed object stays readable for whoever holds a reference, with its
 * removed member set.
 */
#ifndef MODVIRT_PLUGIN_DOMAIN_LIST_H
#define MODVIRT_PLUGIN_DOMAIN_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>
#include "abi.h"
#include "conf-domain.h"
#include "events.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mv_domain_list mv_domain_list;

/* A domain in a list. The core allocates it and plugins use it through a
 * pointer only (members are appended, never moved). */
typedef struct mv_domain_obj {
    /* Kept by the list: read them, change them only through the calls
     * below (the indexes depend on them). The contents of the definitions
     * are the driver's, except name, uuid and id. */
    mv_domain_def *def;         /* the live definition while active, else the
                                 * persistent one; def->id is the domain's id
                                 * while it is active, -1 while it is not */
    mv_domain_def *new_def;     /* while a persistent domain is active: the
                                 * definition it has again when it stops (the
                                 * persistent one, or a newer one defined
                                 * meanwhile); NULL otherwise */
    int persistent;             /* defined: it outlives a stop */
    int removed;                /* no longer in its list */
    /* The driver's: read and change them under the lock. */
    int state;                  /* virDomainState: VIR_DOMAIN_SHUTOFF exactly
                                 * while inactive (kept so by the calls that
                                 * start and stop) */
    int reason;                 /* the reason enum of that state */
    int autostart;              /* started when the driver's host starts */
    int has_managed_save;       /* a managed save image exists */
    unsigned int nsnapshots;    /* for the snapshot filters (0 without snapshots) */
    unsigned int ncheckpoints;  /* for the checkpoint filters */
    void *priv;                 /* the driver's data, freed with the object by
                                 * the PRIV_FREE given to mv_domain_list_new */
} mv_domain_obj;

/* A list whose lookups report "Domain not found" errors for ERR_DOMAIN (the
 * driver's virErrorDomain); PRIV_FREE (may be NULL) frees an object's priv
 * when its last reference goes. NULL only when memory runs out (nothing is
 * reported then). */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_list *mv_domain_list_new(int err_domain, void (*priv_free)(void *priv));
/* Removes every object (objects others hold references on live on) and
 * frees LIST. NULL is allowed. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_list_free(mv_domain_list *list);

/* --- adding: define, create, restore ------------------------------------- */

/* DEF is for a start (virDomainCreateXML, virDomainRestore): over an
 * inactive domain of its identity it becomes the definition of the run and
 * the persistent one waits in new_def; a new domain is transient. Without
 * it, DEF is a definition (virDomainDefineXML, a driver loading its config
 * files): the domain is persistent afterwards and DEF its definition, or,
 * while it runs, the one it gets when it stops. */
#define MV_DOMAIN_LIST_ADD_LIVE (1u << 0)
/* Refuse a domain of DEF's identity that is active ("domain 'x' is already
 * active") or being started (a transient domain not yet active). Give it
 * with MV_DOMAIN_LIST_ADD_LIVE for a start. */
#define MV_DOMAIN_LIST_ADD_CHECK_LIVE (1u << 1)

/* libvirt's duplicate rules for adding DEF with FLAGS, without adding it:
 * 0 with *EXISTING (may be NULL) set to the domain of DEF's name and UUID,
 * or NULL for a new one; -1 with libvirt's error for VIR_FROM_DOMAIN:
 *   - another domain has DEF's UUID: VIR_ERR_OPERATION_FAILED "domain
 *     'OTHER' is already defined with uuid UUID";
 *   - another domain has DEF's name: VIR_ERR_OPERATION_FAILED "domain 'NAME'
 *     already exists with uuid ITS_UUID";
 *   - with MV_DOMAIN_LIST_ADD_CHECK_LIVE, DEF's domain is active:
 *     VIR_ERR_OPERATION_INVALID "domain 'NAME' is already active", or is
 *     being started: "domain 'NAME' is already being started".
 * For a driver that must do something that can fail (write the config
 * file) between the check and mv_domain_list_add, under the same lock. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_list_check(mv_domain_list *list, const mv_domain_def *def, unsigned int flags,
                         mv_domain_obj **existing);

/* Adds DEF with FLAGS (above) after mv_domain_list_check's rules: the
 * domain (a new one is shut off), or NULL with its error (DEF is then
 * still the caller's). On success the list owns DEF. OLD_DEF (may be NULL)
 * gets the definition DEF replaced, for the caller to free (NULL frees it
 * here): with it, a define is an update (VIR_DOMAIN_EVENT_DEFINED_UPDATED),
 * without it the domain was new or transient until now (..._ADDED). A new
 * domain's id is -1 until it starts. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_add(mv_domain_list *list, mv_domain_def *def, unsigned int flags,
                                  mv_domain_def **old_def);

/* Takes OBJ out of the list (its indexes and the list's reference). */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_list_remove(mv_domain_list *list, mv_domain_obj *obj);

/* virDomainUndefine's part: an inactive domain is removed (returns 1); an
 * active one becomes transient, loses its autostart mark and its pending
 * definition, and goes when it stops (returns 0). A driver that refuses to
 * undefine a transient domain ("cannot undefine transient domain") checks
 * that first. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_list_undefine(mv_domain_list *list, mv_domain_obj *obj);

/* --- starting and stopping --------------------------------------------- */

/* OBJ (inactive) is running with id ID (the driver's: mv_driver_next_id,
 * a pid, a counter; at least 0) in STATE (not VIR_DOMAIN_SHUTOFF) for
 * REASON. LIVE, when not NULL, is the definition of the run, taken by the
 * list: the definition it replaces stays as the pending one of a
 * persistent domain, unless one is pending already (a start from XML),
 * and is freed otherwise. Without LIVE, a persistent domain keeps a copy of
 * its definition pending, so that live changes never reach it. 0, or -1
 * with an error when OBJ is active or another active domain has ID (LIVE is
 * then the caller's). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_list_set_active(mv_domain_list *list, mv_domain_obj *obj, mv_domain_def *live,
                              int id, int state, int reason);

/* OBJ stopped, or a start failed: shut off for REASON, id -1, the pending
 * definition becomes the definition again, and a transient domain leaves
 * the list (returns 1: OBJ is gone unless the caller holds a reference;
 * queue its event before). Returns 0 when OBJ stays. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_list_set_inactive(mv_domain_list *list, mv_domain_obj *obj, int reason);

/* Whether OBJ is active (running, paused, ...: it has an id). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_obj_is_active(const mv_domain_obj *obj);

/* The definitions a call with FLAGS (virDomainModificationImpact:
 * VIR_DOMAIN_AFFECT_CURRENT, _LIVE, _CONFIG) changes or reads, as
 * libvirt resolves them: CURRENT is LIVE while OBJ is active, else
 * CONFIG. Sets *LIVE (the running definition) and *CONFIG (the one the
 * domain has when it stops), each NULL when not affected; either pointer
 * may be NULL when the call has no use for it. -1 with libvirt's
 * VIR_FROM_DOMAIN errors: "domain is not running" for LIVE on an inactive
 * domain, "transient domains do not have any persistent config" for
 * CONFIG on a transient one. Call it with OBJ locked. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_obj_get_defs(mv_domain_obj *obj, unsigned int flags, mv_domain_def **live,
                           mv_domain_def **config);

/* The one definition a read with FLAGS names, as libvirt picks it: FLAGS
 * may not hold both VIR_DOMAIN_AFFECT_LIVE and _CONFIG (VIR_ERR_INVALID_ARG,
 * libvirt's text alone), then as mv_domain_obj_get_defs. *LIVE (may be
 * NULL) says whether it is the running one. NULL with the error reported.
 * Call it with OBJ locked. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_def *mv_domain_obj_get_one_def(mv_domain_obj *obj, unsigned int flags, bool *live);

/* virDomainGetMetadata on OBJ (locked): the title, the description or the
 * <metadata> element in namespace URI (TYPE, a VIR_DOMAIN_METADATA_*) of
 * the definition FLAGS name (as mv_domain_obj_get_defs). g_malloc'd, or
 * NULL with libvirt's error (VIR_ERR_NO_DOMAIN_METADATA when absent). */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_domain_obj_get_metadata(mv_domain_obj *obj, int type, const char *uri,
                                 unsigned int flags);

/* virDomainSetMetadata on OBJ (locked): sets (METADATA NULL or empty:
 * removes) the title, the description or the element in namespace URI,
 * with prefix KEY, of each definition FLAGS name. *LIVE and *CONFIG say
 * which were changed (NULL when not): the driver then saves them and
 * queues the METADATA_CHANGE event. 0, or -1 with libvirt's error and
 * nothing changed. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_obj_set_metadata(mv_domain_obj *obj, int type, const char *metadata,
                               const char *key, const char *uri, unsigned int flags,
                               mv_domain_def **live, mv_domain_def **config);

/* One more reference on OBJ (returns OBJ); atomic, no lock needed. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_obj_ref(mv_domain_obj *obj);
/* Drops a reference; the last one frees OBJ, its definitions and (with
 * the list's PRIV_FREE) its priv. Atomic, no lock needed. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_obj_unref(mv_domain_obj *obj);

/* --- lookups ------------------------------------------------------------- */

/* The domain of NAME / UUID, the active domain of ID, or NULL; nothing is
 * reported. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_find_name(mv_domain_list *list, const char *name);
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_find_uuid(mv_domain_list *list, const unsigned char *uuid);
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_find_id(mv_domain_list *list, int id);

/* The same for virDomainLookupBy*, with the error libvirt's drivers report
 * when there is none (VIR_ERR_NO_DOMAIN for the list's error domain):
 * "no domain with matching name 'NAME'", "... uuid 'UUID'", "... id ID". */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_lookup_name(mv_domain_list *list, const char *name);
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_lookup_uuid(mv_domain_list *list, const unsigned char *uuid);
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_lookup_id(mv_domain_list *list, int id);
/* The domain behind the handle DOM (by UUID), or NULL with libvirt's
 * "no domain with matching uuid 'UUID' (NAME)": a handle can outlive its
 * domain. It reads DOM with the public getters, which reset the thread's
 * last error, so call it before reporting anything. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj *mv_domain_list_lookup_domain(mv_domain_list *list, virDomainPtr dom);

/* --- listing ------------------------------------------------------------- */

/* Every filter flag of virConnectListAllDomains. The calls below take
 * only these bits: a connectListAllDomains slot refuses others first. */
#define MV_DOMAIN_LIST_FILTERS_ALL \
    (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE | \
     VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT | \
     VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED | \
     VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER | \
     VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE | \
     VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART | \
     VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT | \
     VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT)

/* Whether OBJ passes the filters FLAGS, as libvirt applies them: by group
 * (active/inactive; persistent/transient; the states running, paused, shut
 * off and other; managed save; autostart; snapshots; checkpoints). A group
 * none of whose flags is set lets everything through; otherwise OBJ must
 * match one of the flags set. FLAGS 0 passes every domain. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_obj_matches(const mv_domain_obj *obj, unsigned int flags);

/* The state filters of connectGetAllDomainStats (the same bits as
 * virConnectListAllDomains'). Since plugin ABI 1.2. */
#define MV_DOMAIN_STATS_FILTERS \
    (VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE | VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE | \
     VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT | VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT | \
     VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING | VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED | \
     VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF | VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER)

/* The start of connectGetAllDomainStats, as libvirt checks it: FLAGS may
 * hold the state filters (VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE ...
 * _OTHER), NOWAIT, BACKING and ENFORCE_STATS (else libvirt's
 * unsupported-flags error naming FUNC, under ERR_DOMAIN); with
 * ENFORCE_STATS every group in *STATS must be in SUPPORTED (else
 * VIR_ERR_ARGUMENT_UNSUPPORTED), and no group asked (*STATS 0) becomes
 * every SUPPORTED one. Then the domains: those of DOMS (NDOMS of them;
 * NULL for every domain of LIST) still defined and passing the state
 * filters, in order, each with a reference: a NULL-terminated array to
 * free with mv_domain_obj_list_free, or NULL with the error reported.
 * Call it with LIST's driver lock held. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj **mv_domain_list_stats_select(mv_domain_list *list, virDomainPtr *doms,
                                            unsigned int ndoms, unsigned int *stats,
                                            unsigned int supported, unsigned int flags,
                                            int err_domain, const char *func);

/* The domains passing FLAGS, in the order they were added, each with a
 * reference: a NULL-terminated array (N, may be NULL, gets the count), for
 * a driver to walk while it drops the lock or removes some (autostart,
 * shutting everything down). Free it with mv_domain_obj_list_free. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_obj **mv_domain_list_collect(mv_domain_list *list, unsigned int flags, size_t *n);
/* Drops the references of a collected array and frees it (NULL allowed);
 * without the lock when dropping a last reference runs PRIV_FREE. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_obj_list_free(mv_domain_obj **objs);

/* virConnectListAllDomains: the number of domains passing FLAGS and, when
 * DOMAINS is not NULL, a malloc'd NULL-terminated array of new handles on
 * CONN in *DOMAINS (each with one reference, the caller's). -1 with an
 * error (nothing is left allocated, *DOMAINS untouched). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_list_export(mv_domain_list *list, virConnectPtr conn, virDomainPtr **domains,
                          unsigned int flags);

/* --- handles and events ------------------------------------------------ */

/* A new handle on CONN for OBJ (its name, UUID and id), as mv_domain_new. */
MV_PLUGIN_AVAILABLE_IN_1_2
virDomainPtr mv_domain_obj_handle(virConnectPtr conn, const mv_domain_obj *obj);

/* Queues a lifecycle EVENT/DETAIL for OBJ (its name, UUID and id) on SRC. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_obj_event(mv_event_source *src, const mv_domain_obj *obj, int event, int detail);

#ifdef __cplusplus
}
#endif

#endif
