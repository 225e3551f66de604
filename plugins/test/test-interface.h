/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-interface.h — the host interface slots of the test
 * driver (test-interface.c), which the interface table in test-plugin.c
 * names. */
#ifndef MV_TEST_INTERFACE_H
#define MV_TEST_INTERFACE_H

#include "test-state.h"

int mv_test_num_active_ifaces(virConnectPtr conn);
int mv_test_list_active_ifaces(virConnectPtr conn, char **const names, int max);
int mv_test_num_inactive_ifaces(virConnectPtr conn);
int mv_test_list_inactive_ifaces(virConnectPtr conn, char **const names, int max);
int mv_test_list_all_ifaces(virConnectPtr conn, virInterfacePtr **ifaces, unsigned int flags);
virInterfacePtr mv_test_lookup_iface_name(virConnectPtr conn, const char *name);
virInterfacePtr mv_test_lookup_iface_mac(virConnectPtr conn, const char *mac);
char *mv_test_iface_xml(virInterfacePtr iface, unsigned int flags);
virInterfacePtr mv_test_define_iface(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_test_undefine_iface(virInterfacePtr iface);
int mv_test_start_iface(virInterfacePtr iface, unsigned int flags);
int mv_test_stop_iface(virInterfacePtr iface, unsigned int flags);
int mv_test_iface_is_active(virInterfacePtr iface);
int mv_test_iface_begin(virConnectPtr conn, unsigned int flags);
int mv_test_iface_commit(virConnectPtr conn, unsigned int flags);
int mv_test_iface_rollback(virConnectPtr conn, unsigned int flags);

#endif
