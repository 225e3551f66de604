/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/bridge-net/test-bnet-cycle.c — what stays behind: start
 * and stop 100 times leaves no bridge, dnsmasq or nft table; a dnsmasq
 * killed from outside is restarted by the next open; a network whose
 * bridge vanished while nobody had the root open is marked inactive on
 * re-open and its dnsmasq and nft table are removed. Destroy renames the
 * bridge to a reserved mvdel-* name and a worker deletes it: closing the
 * last connection waits for that, and a fresh load deletes leftovers. */
#include "bnet-test.h"

static char *dnsmasq_pid(const bnet_fx *fx, const char *name)
{
    g_autofree char *cmd = g_strdup_printf("cat %s/run/network/%s.pid", fx->root, name);
    return bnet_out(cmd);
}

static void assert_no_retired(void)
{
    g_autofree char *left = bnet_out("ip -o link show | grep -c ': mvdel-'");
    g_assert_cmpstr(left, ==, "0");
}

static void test_cycle(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_autofree char *xml = bnet_xml("cyc", "nat", "mvtbrc", 1);
    virNetworkPtr n = virNetworkDefineXML(fx.conn, xml);
    g_assert_nonnull(n);
    for (int i = 0; i < 100; i++) {
        g_assert_cmpint(virNetworkCreate(n), ==, 0);
        g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    }
    bnet_assert_clean("mvtbrc");
    /* the retired bridge lost its address: the host no longer answers on it */
    g_autofree char *routes = bnet_out("ip route show table all | grep -c '10\\.77\\.1\\.'");
    g_assert_cmpstr(routes, ==, "0");
    /* logs, leases and the root's autostart record of this boot stay */
    g_autofree char *left = g_strdup_printf(
        "ls %s/run/network | grep -v '\\.log$\\|\\.leases$\\|^autostarted$' | wc -l", fx.root);
    g_autofree char *count = bnet_out(left);
    g_assert_cmpstr(count, ==, "0");
    g_assert_cmpint(virNetworkUndefine(n), ==, 0);
    virNetworkFree(n);
    bnet_assert_no_dnsmasq();
    /* the last close drains the worker that deletes retired bridges */
    bnet_fx_close(&fx);
    assert_no_retired();
}

/* A retired bridge left by a crash goes when a root is next loaded. */
static void test_retired_leftover(void)
{
    g_assert_cmpint(bnet_sh("ip link add mvdel-7ffffff0 type bridge"), ==, 0);
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    bnet_fx_close(&fx);
    assert_no_retired();
}

static void test_dnsmasq_killed(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_autofree char *xml = bnet_xml("k", "nat", "mvtbrk", 2);
    virNetworkPtr n = virNetworkCreateXML(fx.conn, xml);
    g_assert_nonnull(n);
    g_autofree char *pid = dnsmasq_pid(&fx, "k");
    bnet_kill_wait(atoi(pid));
    /* the next open checks running networks and repairs this one */
    virConnectPtr c2 = bnet_fx_reopen(&fx);
    g_autofree char *pid2 = dnsmasq_pid(&fx, "k");
    g_assert_cmpstr(pid, !=, pid2);
    g_assert_cmpint(bnet_sh("kill -0 %s", pid2), ==, 0);
    g_assert_cmpint(virNetworkIsActive(n), ==, 1);
    virConnectClose(c2);
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    virNetworkFree(n);
    bnet_assert_clean("mvtbrk");
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

static void test_bridge_vanished(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_autofree char *xml = bnet_xml("v", "nat", "mvtbrv", 3);
    virNetworkPtr n = virNetworkDefineXML(fx.conn, xml);
    g_assert_cmpint(virNetworkCreate(n), ==, 0);
    virNetworkFree(n);
    virConnectClose(fx.conn);
    g_assert_cmpint(bnet_sh("ip link del mvtbrv"), ==, 0);
    fx.conn = bnet_fx_reopen(&fx);
    n = virNetworkLookupByName(fx.conn, "v");
    g_assert_nonnull(n);
    g_assert_cmpint(virNetworkIsActive(n), ==, 0);
    bnet_assert_clean("mvtbrv");
    /* and it starts again */
    g_assert_cmpint(virNetworkCreate(n), ==, 0);
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    g_assert_cmpint(virNetworkUndefine(n), ==, 0);
    virNetworkFree(n);
    bnet_assert_clean("mvtbrv");
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bridge-net/cycle-100", test_cycle);
    g_test_add_func("/bridge-net/retired-leftover", test_retired_leftover);
    g_test_add_func("/bridge-net/dnsmasq-killed", test_dnsmasq_killed);
    g_test_add_func("/bridge-net/bridge-vanished", test_bridge_vanished);
    return g_test_run();
}
