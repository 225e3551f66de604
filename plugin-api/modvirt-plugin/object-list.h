/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/object-list.h — what a driver does with its networks,
 * storage pools, volumes and interfaces that libvirt does the same way for
 * each: find one by name or UUID (with libvirt's "no network with matching
 * name 'x'" errors), apply the virConnectListAll* filters, count, list
 * names, and build the NULL-terminated handle arrays of the ListAll calls.
 * The driver keeps the objects in its own array (whatever their type) and
 * describes them with a kind. Domains have a list of their own
 * (domain-list.h). Since plugin ABI 1.2 (every function here).
 *
 * Nothing here locks: call with the lock that guards the array held.
 */
#ifndef MODVIRT_PLUGIN_OBJECT_LIST_H
#define MODVIRT_PLUGIN_OBJECT_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>
#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How the objects of one kind are seen. Static; SIZE =
 * sizeof(mv_object_kind) (members appended later are read only when SIZE
 * covers them). */
typedef struct mv_object_kind {
    size_t size;
    int err_domain;              /* the driver's virErrorDomain */
    int err_code;                /* not found: VIR_ERR_NO_NETWORK, ... */
    const char *what;            /* "network", "storage pool", ... */
    const char *(*name)(const void *obj);
    const unsigned char *(*uuid)(const void *obj);   /* NULL: no UUIDs */
    /* Whether OBJ passes the ListAll FLAGS (NULL: every object does). */
    bool (*match)(const void *obj, unsigned int flags);
    /* A new handle on OBJ (mv_network_new, ...), NULL with an error. */
    void *(*handle)(virConnectPtr conn, const void *obj);
    void (*unref)(void *handle);     /* virNetworkFree, ... */
} mv_object_kind;

/* The object of the N in OBJS named NAME / with UUID, or NULL (nothing
 * reported). */
MV_PLUGIN_AVAILABLE_IN_1_2
void *mv_object_find_name(const mv_object_kind *k, void *const *objs, size_t n,
                          const char *name);
MV_PLUGIN_AVAILABLE_IN_1_2
void *mv_object_find_uuid(const mv_object_kind *k, void *const *objs, size_t n,
                          const unsigned char *uuid);
/* The same, reporting K's not-found error when there is none. */
MV_PLUGIN_AVAILABLE_IN_1_2
void *mv_object_lookup_name(const mv_object_kind *k, void *const *objs, size_t n,
                            const char *name);
MV_PLUGIN_AVAILABLE_IN_1_2
void *mv_object_lookup_uuid(const mv_object_kind *k, void *const *objs, size_t n,
                            const unsigned char *uuid);
/* Reports K's not-found error: "no WHAT with matching BY 'VALUE'". */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_object_not_found(const mv_object_kind *k, const char *by, const char *value);

/* The three filter pairs virConnectListAllNetworks and
 * virConnectListAllStoragePools share (their flag values are the same):
 * whether an object with these properties passes FLAGS. In each pair,
 * neither flag or both keep every object. */
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_object_filter(unsigned int flags, bool active, bool persistent, bool autostart);

/* How many of the N in OBJS pass FLAGS. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_object_count(const mv_object_kind *k, void *const *objs, size_t n, unsigned int flags);
/* The names of up to MAX of those, strdup'd into NAMES; the count, or -1
 * with an error (nothing left allocated). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_object_list_names(const mv_object_kind *k, void *const *objs, size_t n,
                         unsigned int flags, char **const names, int max);
/* A ListAll slot's answer: the number of objects passing FLAGS and, when
 * OUT is not NULL, a malloc'd NULL-terminated array of new handles on
 * them. -1 with an error (nothing left allocated). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_object_list_all(virConnectPtr conn, const mv_object_kind *k, void *const *objs, size_t n,
                       void ***out, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif
