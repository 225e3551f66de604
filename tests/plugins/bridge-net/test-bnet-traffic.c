/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/bridge-net/test-bnet-traffic.c — packets through real
 * networks, all in namespaces of this test: a client joined by a veth to
 * the bridge gets a DHCP lease (busybox udhcpc), pings the gateway and,
 * on a nat network, an "uplink" namespace that has no route back (it sees
 * the host's address); an isolated network forwards nothing. */
#include "bnet-test.h"

typedef struct {
    bnet_fx fx;
    char *client, *uplink, *script;
} traffic_fx;

static const char udhcpc_script[] =
    "#!/bin/sh\n"
    "[ \"$1\" = bound ] || [ \"$1\" = renew ] || exit 0\n"
    "ip addr flush dev \"$interface\"\n"
    "ip addr add \"$ip/$mask\" dev \"$interface\"\n"
    "[ -n \"$router\" ] && ip route replace default via \"${router%% *}\" dev \"$interface\"\n"
    "exit 0\n";

static void traffic_setup(traffic_fx *t)
{
    bnet_fx_open(&t->fx);
    t->client = bnet_ns("c");
    t->uplink = bnet_ns("u");
    t->script = g_build_filename(t->fx.root, "udhcpc.sh", NULL);
    g_assert_true(g_file_set_contents(t->script, udhcpc_script, -1, NULL));
    g_assert_cmpint(bnet_sh("chmod +x %s", t->script), ==, 0);
    g_assert_cmpint(bnet_sh("ip netns add %s && ip netns add %s", t->client, t->uplink), ==, 0);
    g_assert_cmpint(bnet_sh("ip link add mvtvc type veth peer name eth0 netns %s && "
                            "ip netns exec %s sh -c 'ip link set lo up; "
                            "ip link set eth0 address 52:54:00:77:00:42 up'",
                            t->client, t->client), ==, 0);
    g_assert_cmpint(bnet_sh("ip link add mvtvu type veth peer name eth0 netns %s && "
                            "ip addr add 10.99.0.1/24 dev mvtvu && ip link set mvtvu up && "
                            "ip netns exec %s sh -c 'ip link set lo up; "
                            "ip addr add 10.99.0.2/24 dev eth0; ip link set eth0 up'",
                            t->uplink, t->uplink), ==, 0);
    /* the uplink counts echo requests from the host's address */
    g_assert_cmpint(bnet_sh("ip netns exec %s nft -f - <<'EOF'\n"
                            "table ip seen { chain in { type filter hook input priority 0;\n"
                            "  ip saddr 10.99.0.1 icmp type echo-request counter; }; }\nEOF",
                            t->uplink), ==, 0);
}

static void traffic_teardown(traffic_fx *t)
{
    bnet_sh("ip link del mvtvc 2>/dev/null; ip link del mvtvu 2>/dev/null");
    bnet_sh("ip netns del %s; ip netns del %s", t->client, t->uplink);
    bnet_fx_close(&t->fx);
    g_free(t->client);
    g_free(t->uplink);
    g_free(t->script);
}

/* Starts XML, puts the client's veth on BR and asks for a lease. */
static virNetworkPtr traffic_join(traffic_fx *t, const char *xml, const char *br)
{
    virNetworkPtr n = virNetworkCreateXML(t->fx.conn, xml);
    g_assert_nonnull(n);
    g_assert_cmpint(bnet_sh("ip link set mvtvc master %s up", br), ==, 0);
    g_assert_cmpint(bnet_sh("ip netns exec %s busybox udhcpc -i eth0 -n -q -t 10 -T 1 -s %s "
                            ">/dev/null 2>&1", t->client, t->script), ==, 0);
    return n;
}

/* One echo request to ADDR; whether its reply came within WAIT seconds
 * (where a reply is expected, a bound for a failure only). */
static int traffic_ping(traffic_fx *t, const char *addr, int wait)
{
    return bnet_sh("ip netns exec %s busybox ping -c 1 -W %d %s >/dev/null 2>&1", t->client, wait,
                   addr);
}

static void test_nat(void)
{
    traffic_fx t = { 0 };
    traffic_setup(&t);
    g_autofree char *xml = bnet_xml("nat", "nat", "mvtbrn", 1);
    virNetworkPtr n = traffic_join(&t, xml, "mvtbrn");
    g_autofree char *cmd = g_strdup_printf("ip netns exec %s ip -4 -o addr show eth0", t.client);
    g_autofree char *addr = bnet_out(cmd);
    g_assert_nonnull(strstr(addr, "inet 10.77.1."));
    g_assert_cmpint(traffic_ping(&t, "10.77.1.1", 30), ==, 0);
    /* the uplink has no route back: only NAT makes the reply arrive */
    g_assert_cmpint(bnet_sh("ip netns exec %s ip route get 10.77.1.50 >/dev/null 2>&1", t.uplink), !=, 0);
    g_assert_cmpint(traffic_ping(&t, "10.99.0.2", 30), ==, 0);
    g_assert_cmpint(bnet_sh("ip netns exec %s nft list table ip seen | grep -q 'packets [1-9]'",
                            t.uplink), ==, 0);

    /* the lease, as libvirt reports it */
    virNetworkDHCPLeasePtr *leases = NULL;
    g_assert_cmpint(virNetworkGetDHCPLeases(n, NULL, &leases, 0), ==, 1);
    g_assert_cmpstr(leases[0]->mac, ==, "52:54:00:77:00:42");
    g_assert_cmpstr(leases[0]->iface, ==, "mvtbrn");
    g_assert_cmpint(leases[0]->type, ==, VIR_IP_ADDR_TYPE_IPV4);
    g_assert_cmpuint(leases[0]->prefix, ==, 24);
    g_assert_true(g_str_has_prefix(leases[0]->ipaddr, "10.77.1."));
    g_assert_cmpint(leases[0]->expirytime, >, 0);
    virNetworkDHCPLeaseFree(leases[0]);
    free(leases);
    g_assert_cmpint(virNetworkGetDHCPLeases(n, "52:54:00:77:00:43", NULL, 0), ==, 0);
    g_assert_cmpint(virNetworkGetDHCPLeases(n, "52:54:00:77:00:42", NULL, 0), ==, 1);

    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    virNetworkFree(n);
    bnet_assert_clean("mvtbrn");
    bnet_assert_no_dnsmasq();
    traffic_teardown(&t);
}

static void test_isolated(void)
{
    traffic_fx t = { 0 };
    traffic_setup(&t);
    g_autofree char *xml = bnet_xml("iso", NULL, "mvtbri", 2);
    virNetworkPtr n = traffic_join(&t, xml, "mvtbri");
    g_assert_cmpint(traffic_ping(&t, "10.77.2.1", 30), ==, 0);
    /* no router is offered; even with one set by hand nothing leaves */
    g_assert_cmpint(bnet_sh("ip netns exec %s ip route replace default via 10.77.2.1", t.client), ==, 0);
    g_assert_cmpint(traffic_ping(&t, "10.99.0.2", 2), !=, 0);
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    virNetworkFree(n);
    bnet_assert_clean("mvtbri");
    bnet_assert_no_dnsmasq();
    traffic_teardown(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_autofree char *busybox = g_find_program_in_path("busybox");
    if (!busybox) {
        printf("1..0 # SKIP needs busybox (udhcpc, ping) for the client namespace\n");
        return 0;
    }
    g_test_add_func("/bridge-net/nat", test_nat);
    g_test_add_func("/bridge-net/isolated", test_isolated);
    return g_test_run();
}
