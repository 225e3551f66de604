/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-connect.c — the test driver's connection and host
 * slots (named by the hypervisor table in test-plugin.c): open/close of
 * test:/// URIs, version, hostname, capabilities (the fixed i686 host of
 * libvirt's test driver) and node information. */
#include "test-domain.h"

#include <string.h>

#define MV_TEST_CELLS 2
/* libvirt's test host: per NUMA cell, its memory (KiB) and base page size. */
static const struct {
    unsigned long long memory_kib;
    unsigned int page_kib;
} mv_test_cells[MV_TEST_CELLS] = { { 2097152, 4 }, { 4194304, 8 } };

mv_open_status mv_test_connect_open(virConnectPtr conn, const mv_uri *uri,
                                    virConnectAuthPtr auth, unsigned int flags)
{
    static const mv_driver_kind kinds[] = { MV_DRIVER_HYPERVISOR, MV_DRIVER_NETWORK,
                                            MV_DRIVER_STORAGE, MV_DRIVER_INTERFACE };
    mv_test_state *st;

    (void)auth;
    if (uri->server || uri->transport || !uri->driver || strcmp(uri->driver, "test") != 0)
        return MV_OPEN_DECLINED;
    if (mv_error_check_flags(flags, VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES, VIR_FROM_TEST,
                             "testConnectOpen") < 0)
        return MV_OPEN_ERROR;
    if (!(st = mv_test_state_open(uri)))
        return MV_OPEN_ERROR;
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, st);
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        mv_connect_set_event_source(conn, kinds[i], st->events);
    mv_log(MV_LOG_DEBUG, MV_TEST_SRC, "opened %s", uri->original);
    return MV_OPEN_SUCCESS;
}

int mv_test_connect_close(virConnectPtr conn)
{
    mv_test_state *st = mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);

    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, NULL);
    mv_test_state_close(st);
    return 0;
}

int mv_test_connect_get_version(virConnectPtr conn, unsigned long *hvVer)
{
    (void)conn;
    *hvVer = 2;
    return 0;
}

char *mv_test_connect_get_hostname(virConnectPtr conn)
{
    (void)conn;
    return g_strdup(g_get_host_name());
}

static mv_caps *mv_test_caps_build(void)
{
    static const char *const os_types[] = { "hvm", "xen" };
    mv_caps *caps = mv_caps_new("i686");

    mv_caps_add_host_feature(caps, "pae");
    mv_caps_add_host_feature(caps, "nonpae");
    mv_caps_add_host_page_size(caps, 4);
    mv_caps_add_host_page_size(caps, 8);
    mv_caps_add_host_page_size(caps, 2048);
    mv_caps_add_host_page_size(caps, 1048576);
    for (unsigned int c = 0; c < MV_TEST_CELLS; c++) {
        mv_caps_cell *cell = mv_caps_add_cell(caps, c, mv_test_cells[c].memory_kib);

        mv_caps_cell_add_pages(cell, mv_test_cells[c].page_kib,
                               mv_test_cells[c].memory_kib / mv_test_cells[c].page_kib);
        mv_caps_cell_add_pages(cell, 2048, 0);
        mv_caps_cell_add_pages(cell, 1048576, 0);
        for (unsigned int i = 0; i < 8; i++) {
            g_autofree char *sib = g_strdup_printf("%u", c * 8 + i);
            mv_caps_cell_add_cpu(cell, c * 8 + i, (int)c, 0, (int)i, sib);
        }
    }
    mv_caps_add_secmodel(caps, "testSecurity", "");
    for (size_t i = 0; i < G_N_ELEMENTS(os_types); i++) {
        mv_caps_guest *g = mv_caps_add_guest(caps, os_types[i], "i686", 32, "/usr/bin/test-hv");
        mv_caps_guest_add_domain(g, "test", NULL);
        mv_caps_guest_add_feature(g, "pae", false, false, false);
        mv_caps_guest_add_feature(g, "nonpae", false, false, false);
    }
    return caps;
}

char *mv_test_connect_get_capabilities(virConnectPtr conn)
{
    mv_caps *caps = mv_test_caps_build();
    char *xml = mv_caps_format(caps);

    (void)conn;
    mv_caps_free(caps);
    return xml;
}

int mv_test_connect_get_max_vcpus(virConnectPtr conn, const char *type)
{
    (void)conn;
    (void)type;
    return 32;
}

int mv_test_connect_yes(virConnectPtr conn)
{
    (void)conn;
    return 1;
}

int mv_test_connect_no(virConnectPtr conn)
{
    (void)conn;
    return 0;
}

int mv_test_node_get_info(virConnectPtr conn, virNodeInfoPtr info)
{
    mv_test_state *st = mv_test_lock(conn);

    *info = st->node;
    mv_test_unlock(st);
    return 0;
}

unsigned long long mv_test_node_get_free_memory(virConnectPtr conn)
{
    mv_test_state *st = mv_test_lock(conn);
    unsigned long long mem = st->free_mem_kib;

    mv_test_unlock(st);
    return mem;
}

/* Only test:///default has cells, as in libvirt's test driver. */
int mv_test_node_get_cells_free_memory(virConnectPtr conn, unsigned long long *mems,
                                       int start, int max)
{
    mv_test_state *st = mv_test_lock(conn);
    int ncells = st->is_default ? MV_TEST_CELLS : 0;
    int n = 0;

    mv_test_unlock(st);
    if (start < 0 || start >= ncells) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "Range exceeds available cells");
        return -1;
    }
    for (int c = start; c < ncells && n < max; c++)
        mems[n++] = mv_test_cells[c].memory_kib;
    return n;
}

char *mv_test_connect_uri_probe(void)
{
    return NULL;
}
