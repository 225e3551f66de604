/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-objects.h — what the network, storage and interface
 * slots of the test driver share besides the plugin API's object helpers
 * (modvirt-plugin/object-list.h: lookups with libvirt's errors, the
 * listing filters, ListAll arrays): the listing flags it accepts, its
 * "operation invalid" errors, and moving items between definition lists.
 * (Flags are checked with mv_error_check_flags, under the names libvirt's
 * test driver reports; domains are in the core's domain list.)
 */
#ifndef MV_TEST_OBJECTS_H
#define MV_TEST_OBJECTS_H

#include "test-state.h"

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

/* Removes OBJ from OBJS (freeing it with the array's free function). */
void mv_test_obj_remove(GPtrArray *objs, gconstpointer obj);

/* Moves item IDX of the pointer array *SRC (N items, g_malloc'd as the
 * core's definition lists are) to position POS of *DST (M items). */
void mv_test_obj_move_item(gpointer **src, size_t *n, size_t idx,
                           gpointer **dst, size_t *m, size_t pos);

#endif
