/* plugins/test/test-plugin.c — the test plugin's descriptor and
 * registration: one connect driver for test:/// URIs with its own
 * hypervisor, network, storage and interface tables. */
#include "test-state.h"

static const char *const test_schemes[] = { "test", NULL };

static const mv_connect_driver test_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "TEST",
    .uri_schemes = test_schemes,
    .local_only = 1,
    .hypervisor = &mv_test_hypervisor,
    .network = &mv_test_network,
    .storage = &mv_test_storage,
    .interface = &mv_test_interface,
};

static int test_init(mv_plugin_ctx *ctx)
{
    return mv_plugin_register_connect(ctx, &test_connect);
}

static const mv_plugin_descriptor test_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "test",
    .version = MV_TEST_VERSION,
    .description = "in-memory test driver (test:///default, test:///PATH.xml)",
    .license = "LGPL-2.1-or-later",
    .init = test_init,
};

MV_PLUGIN_DEFINE(test_descriptor)
