/* plugins/test/test-network.h — what the test driver's network files share:
 * finding a network by name (with libvirt's error) and replacing its
 * persistent definition, used by the slots and by virNetworkUpdate. */
#ifndef MV_TEST_NETWORK_H
#define MV_TEST_NETWORK_H

#include "test-state.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(mv_network_def, mv_network_def_free)

mv_test_net *mv_test_net_find_name(mv_test_state *st, const char *name);
/* Makes DEF (owned) the persistent definition of N: pending while N runs. */
void mv_test_net_set_config(mv_test_net *n, mv_network_def *def);
int mv_test_update_network(virNetworkPtr net, unsigned int command, unsigned int section,
                           int parentIndex, const char *xml, unsigned int flags);

#endif
