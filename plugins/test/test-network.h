/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-network.h — what the test driver's network files share:
 * finding a network by name (with libvirt's error) and replacing its
 * persistent definition, used by the slots and by virNetworkUpdate; and
 * the network slots the table in test-plugin.c names. */
#ifndef MV_TEST_NETWORK_H
#define MV_TEST_NETWORK_H

#include "test-state.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(mv_network_def, mv_network_def_free)

mv_test_net *mv_test_net_find_name(mv_test_state *st, const char *name);
/* Makes DEF (owned) the persistent definition of N: pending while N runs. */
void mv_test_net_set_config(mv_test_net *n, mv_network_def *def);

/* test-network.c */
int mv_test_num_active_networks(virConnectPtr conn);
int mv_test_list_active_networks(virConnectPtr conn, char **const names, int max);
int mv_test_num_inactive_networks(virConnectPtr conn);
int mv_test_list_inactive_networks(virConnectPtr conn, char **const names, int max);
int mv_test_list_all_networks(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags);
virNetworkPtr mv_test_lookup_network_uuid(virConnectPtr conn, const unsigned char *uuid);
virNetworkPtr mv_test_lookup_network_name(virConnectPtr conn, const char *name);
virNetworkPtr mv_test_create_network(virConnectPtr conn, const char *xml, unsigned int flags);
virNetworkPtr mv_test_define_network(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_test_undefine_network(virNetworkPtr net);
int mv_test_start_network(virNetworkPtr net);
int mv_test_destroy_network(virNetworkPtr net);
char *mv_test_network_xml(virNetworkPtr net, unsigned int flags);
char *mv_test_network_bridge(virNetworkPtr net);
int mv_test_network_get_autostart(virNetworkPtr net, int *autostart);
int mv_test_network_set_autostart(virNetworkPtr net, int autostart);
int mv_test_network_is_active(virNetworkPtr net);
int mv_test_network_is_persistent(virNetworkPtr net);

/* test-network-update.c */
int mv_test_update_network(virNetworkPtr net, unsigned int command, unsigned int section,
                           int parentIndex, const char *xml, unsigned int flags);

#endif
