/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-objects.h — helpers the network, storage and interface
 * slots of the test driver share: libvirt's not-found errors, the listing
 * filters, and building ListAll arrays from the state's lists. (Flags are
 * checked with mv_error_check_flags, under the names libvirt's test driver
 * reports.)
 *
 * Domains are in the core's domain list instead: what makes a domain list
 * (ids, run states and reasons, a live and a pending definition, the
 * domain filters) is not what these objects have. A network or pool is
 * active or not, persistent or not, autostarted or not; its duplicate
 * rules and errors are the core's already (mv_network_def_same_identity,
 * the pool helpers), and the three filter pairs are one function here. A
 * generic object list in the plugin API would replace little more than
 * this file, so it stays the plugin's.
 */
#ifndef MV_TEST_OBJECTS_H
#define MV_TEST_OBJECTS_H

#include "test-state.h"

/* Reports CODE "no WHAT with matching BY 'VALUE'" (VIR_FROM_TEST). */
void mv_test_obj_not_found(int code, const char *what, const char *by, const char *value);
void mv_test_obj_not_found_uuid(int code, const char *what, const unsigned char *uuid);

/* VIR_ERR_OPERATION_INVALID (VIR_FROM_TEST) with FMT as the detail. */
void mv_test_obj_invalid(const char *fmt, ...) MV_PRINTF(1, 2);

/* Every filter of virConnectListAll{Networks,StoragePools}, and of
 * virConnectListAllInterfaces. */
#define MV_TEST_LIST_FILTERS \
    (VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE | \
     VIR_CONNECT_LIST_NETWORKS_PERSISTENT | VIR_CONNECT_LIST_NETWORKS_TRANSIENT | \
     VIR_CONNECT_LIST_NETWORKS_AUTOSTART | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART)
#define MV_TEST_LIST_IFACE_FILTERS \
    (VIR_CONNECT_LIST_INTERFACES_ACTIVE | VIR_CONNECT_LIST_INTERFACES_INACTIVE)

/* The filters virConnectListAll{Networks,StoragePools} share (their flag
 * values are the same): 1 when an object with these properties passes. */
bool mv_test_obj_filter(unsigned int flags, bool active, bool persistent, bool autostart);

/* How a kind exposes its objects to the shared helpers. */
typedef struct mv_test_kind {
    const char *(*name)(gconstpointer obj);
    const unsigned char *(*uuid)(gconstpointer obj);   /* NULL: no UUIDs */
    bool (*match)(gconstpointer obj, unsigned int flags);
    gpointer (*handle)(virConnectPtr conn, gconstpointer obj);
    void (*unref)(gpointer handle);
} mv_test_kind;

/* The object named NAME / with UUID in OBJS, or NULL (no error). */
gpointer mv_test_obj_find_name(const mv_test_kind *k, GPtrArray *objs, const char *name);
gpointer mv_test_obj_find_uuid(const mv_test_kind *k, GPtrArray *objs, const unsigned char *uuid);
/* Removes OBJ from OBJS (freeing it with the array's free function). */
void mv_test_obj_remove(GPtrArray *objs, gconstpointer obj);

/* ListAll: the number of objects of OBJS passing K->match, and with OUT
 * a malloc'd NULL-terminated array of new handles. -1 with an error. */
int mv_test_obj_list_all(virConnectPtr conn, const mv_test_kind *k, GPtrArray *objs,
                         gpointer **out, unsigned int flags);
/* The names of up to MAX objects passing K->match, strdup'd into NAMES. */
int mv_test_obj_list_names(const mv_test_kind *k, GPtrArray *objs, unsigned int flags,
                           char **const names, int max);
int mv_test_obj_count(const mv_test_kind *k, GPtrArray *objs, unsigned int flags);

/* Moves item IDX of the pointer array *SRC (N items, g_malloc'd as the
 * core's definition lists are) to position POS of *DST (M items). */
void mv_test_obj_move_item(gpointer **src, size_t *n, size_t idx,
                           gpointer **dst, size_t *m, size_t pos);

#endif
