/* tests/plugins/bridge-net/test-bnet-life.c — networks in an embed root,
 * inside the runner's namespace: life cycle and what start puts on the
 * host, lookups and listing flags, persistence and autostart across a
 * re-open, the refusals (nothing changed), and mode='bridge'. */
#include "bnet-test.h"

static void test_lifecycle(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_autofree char *xml = bnet_xml("n1", "nat", "mvtbr1", 1);
    virNetworkPtr n = virNetworkDefineXML(fx.conn, xml);
    g_assert_nonnull(n);
    g_assert_cmpint(virNetworkIsActive(n), ==, 0);
    g_assert_cmpint(virNetworkIsPersistent(n), ==, 1);
    g_assert_cmpint(virNetworkCreate(n), ==, 0);
    g_assert_cmpint(virNetworkCreate(n), ==, -1);
    bnet_assert_error(VIR_ERR_OPERATION_INVALID, "already active");
    g_assert_cmpint(virNetworkIsActive(n), ==, 1);
    g_autofree char *br = virNetworkGetBridgeName(n);
    g_assert_cmpstr(br, ==, "mvtbr1");
    /* the bridge, its address, the nft table and dnsmasq */
    g_assert_cmpint(bnet_sh("ip -4 addr show mvtbr1 | grep -q 'inet 10.77.1.1/24'"), ==, 0);
    g_assert_cmpint(bnet_sh("ip link show mvtbr1 | grep -q 'state UP\\|UNKNOWN\\|DOWN'"), ==, 0);
    g_assert_cmpint(bnet_sh("nft list table inet modvirt-mvtbr1 | grep -q masquerade"), ==, 0);
    g_assert_cmpint(bnet_sh("cat /proc/sys/net/ipv4/ip_forward | grep -q 1"), ==, 0);
    g_autofree char *pidf = g_strdup_printf("%s/run/network/n1.pid", fx.root);
    g_assert_cmpint(bnet_sh("test -s %s && kill -0 $(cat %s)", pidf, pidf), ==, 0);
    g_assert_cmpint(virNetworkUndefine(n), ==, 0);   /* running: becomes transient */
    g_assert_cmpint(virNetworkIsPersistent(n), ==, 0);
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    bnet_assert_clean("mvtbr1");
    g_assert_null(virNetworkLookupByName(fx.conn, "n1"));
    bnet_assert_error(VIR_ERR_NO_NETWORK, "no network with matching name 'n1'");
    virNetworkFree(n);
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

static void test_lookups_and_lists(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_autofree char *a = bnet_xml("a", "route", "mvtbra", 2);
    g_autofree char *b = bnet_xml("b", NULL, "mvtbrb", 3);
    virNetworkPtr na = virNetworkDefineXML(fx.conn, a);
    virNetworkPtr nb = virNetworkCreateXML(fx.conn, b);
    g_assert_nonnull(na);
    g_assert_nonnull(nb);
    g_assert_cmpint(virNetworkSetAutostart(na, 1), ==, 0);
    g_assert_cmpint(virNetworkSetAutostart(nb, 1), ==, -1);
    virNetworkPtr *list = NULL;
    g_assert_cmpint(virConnectListAllNetworks(fx.conn, &list, 0), ==, 2);
    for (int i = 0; list[i]; i++)
        virNetworkFree(list[i]);
    free(list);
    g_assert_cmpint(virConnectListAllNetworks(fx.conn, NULL, VIR_CONNECT_LIST_NETWORKS_ACTIVE), ==, 1);
    g_assert_cmpint(virConnectListAllNetworks(fx.conn, NULL, VIR_CONNECT_LIST_NETWORKS_TRANSIENT), ==, 1);
    g_assert_cmpint(virConnectListAllNetworks(fx.conn, NULL, VIR_CONNECT_LIST_NETWORKS_AUTOSTART), ==, 1);
    g_assert_cmpint(virConnectNumOfDefinedNetworks(fx.conn), ==, 1);
    unsigned char uuid[VIR_UUID_BUFLEN];
    virNetworkGetUUID(na, uuid);
    virNetworkPtr q = virNetworkLookupByUUID(fx.conn, uuid);
    g_assert_nonnull(q);
    g_assert_cmpstr(virNetworkGetName(q), ==, "a");
    virNetworkFree(q);
    /* same name, other UUID: libvirt's identity error */
    g_autofree char *dup = bnet_xml("a", "route", "mvtbrz", 9);
    g_assert_null(virNetworkDefineXML(fx.conn, dup));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_FAILED);
    /* another network may not take b's bridge */
    g_autofree char *samebr = bnet_xml("c", "route", "mvtbrb", 8);
    g_assert_null(virNetworkDefineXML(fx.conn, samebr));
    bnet_assert_error(VIR_ERR_INTERNAL_ERROR, "bridge name 'mvtbrb' already in use");
    g_assert_cmpint(virNetworkDestroy(nb), ==, 0);
    g_assert_cmpint(virNetworkUndefine(na), ==, 0);
    virNetworkFree(na);
    virNetworkFree(nb);
    bnet_assert_clean("mvtbrb");
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

/* Defined, autostarted and running networks survive closing every
 * connection (the state goes) and re-opening. */
static void test_persistence(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_autofree char *x1 = bnet_xml("p1", "nat", "mvtbrp1", 4);
    g_autofree char *x2 = bnet_xml("p2", "nat", "mvtbrp2", 5);
    virNetworkPtr p1 = virNetworkDefineXML(fx.conn, x1);
    virNetworkPtr p2 = virNetworkDefineXML(fx.conn, x2);
    g_assert_cmpint(virNetworkCreate(p1), ==, 0);
    g_assert_cmpint(virNetworkSetAutostart(p2, 1), ==, 0);
    virNetworkFree(p1);
    virNetworkFree(p2);
    virConnectClose(fx.conn);
    /* p1 still runs; p2 starts on the next open */
    g_assert_cmpint(bnet_sh("ip link show mvtbrp1 >/dev/null"), ==, 0);
    fx.conn = bnet_fx_reopen(&fx);
    g_assert_cmpint(virConnectNumOfNetworks(fx.conn), ==, 2);
    p1 = virNetworkLookupByName(fx.conn, "p1");
    p2 = virNetworkLookupByName(fx.conn, "p2");
    g_assert_cmpint(virNetworkIsActive(p2), ==, 1);
    int autostart = 0;
    g_assert_cmpint(virNetworkGetAutostart(p2, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 1);
    g_autofree char *live = virNetworkGetXMLDesc(p1, 0);
    g_assert_nonnull(strstr(live, "<bridge name='mvtbrp1'"));
    g_assert_cmpint(virNetworkDestroy(p1), ==, 0);
    g_assert_cmpint(virNetworkDestroy(p2), ==, 0);
    g_assert_cmpint(virNetworkUndefine(p1), ==, 0);
    g_assert_cmpint(virNetworkUndefine(p2), ==, 0);
    virNetworkFree(p1);
    virNetworkFree(p2);
    bnet_assert_clean("mvtbrp1");
    bnet_assert_clean("mvtbrp2");
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

static void test_refusals(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    /* a bridge that exists and is not ours */
    g_assert_cmpint(bnet_sh("ip link add mvtforeign type bridge"), ==, 0);
    g_autofree char *x1 = g_strdup_printf("<network><name>f</name><bridge name='mvtforeign'/>"
                                          "<ip address='10.77.20.1' prefix='24'/></network>");
    g_assert_null(virNetworkCreateXML(fx.conn, x1));
    bnet_assert_error(VIR_ERR_OPERATION_INVALID, "already exists on the host");
    g_assert_cmpint(bnet_sh("ip link show mvtforeign >/dev/null"), ==, 0);
    g_assert_cmpint(bnet_sh("ip link del mvtforeign"), ==, 0);
    /* a subnet the host already routes */
    g_assert_cmpint(bnet_sh("ip link add mvtdummy type bridge && ip addr add 10.88.0.1/16 dev mvtdummy "
                            "&& ip link set mvtdummy up"), ==, 0);
    g_autofree char *x2 = bnet_xml("r", "nat", "mvtbrr", 1);
    g_autofree char *x2b = g_strdup_printf("<network><name>r</name><bridge name='mvtbrr'/>"
                                           "<ip address='10.88.4.1' prefix='24'/></network>");
    g_assert_null(virNetworkCreateXML(fx.conn, x2b));
    bnet_assert_error(VIR_ERR_INTERNAL_ERROR, "already in use by interface mvtdummy");
    bnet_sh("ip link del mvtdummy");
    /* a subnet of an active network */
    virNetworkPtr a = virNetworkCreateXML(fx.conn, x2);
    g_assert_nonnull(a);
    g_autofree char *x3 = bnet_xml("o", "nat", "mvtbro", 1);
    g_assert_null(virNetworkCreateXML(fx.conn, x3));
    bnet_assert_error(VIR_ERR_OPERATION_INVALID, "overlaps active network 'r'");
    bnet_assert_clean("mvtbro");
    /* a DHCP range outside the subnet; an address that is not a host's */
    const char *bad_range = "<network><name>d</name><ip address='10.77.30.1' prefix='24'><dhcp>"
                            "<range start='10.77.31.2' end='10.77.31.9'/></dhcp></ip></network>";
    g_assert_null(virNetworkDefineXML(fx.conn, bad_range));
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "not entirely within"));
    const char *netaddr = "<network><name>d</name><ip address='10.77.30.0' prefix='24'/></network>";
    g_assert_null(virNetworkDefineXML(fx.conn, netaddr));
    bnet_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "network or broadcast address");
    const char *badip = "<network><name>d</name><ip address='10.77.300.1' prefix='24'/></network>";
    g_assert_null(virNetworkDefineXML(fx.conn, badip));
    g_assert_cmpint(virConnectNumOfDefinedNetworks(fx.conn), ==, 0);
    g_assert_cmpint(virNetworkDestroy(a), ==, 0);
    virNetworkFree(a);
    bnet_assert_clean("mvtbrr");
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

/* mode='bridge' uses the host's bridge and starts nothing. */
static void test_host_bridge(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_assert_cmpint(bnet_sh("ip link add mvthost type bridge"), ==, 0);
    virNetworkPtr n = virNetworkCreateXML(fx.conn, "<network><name>hb</name><forward mode='bridge'/>"
                                                   "<bridge name='mvthost'/></network>");
    g_assert_nonnull(n);
    g_autofree char *br = virNetworkGetBridgeName(n);
    g_assert_cmpstr(br, ==, "mvthost");
    g_autofree char *tables = bnet_out("nft list tables");
    g_assert_null(strstr(tables, "modvirt"));
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    g_assert_cmpint(bnet_sh("ip link show mvthost >/dev/null"), ==, 0);
    bnet_sh("ip link del mvthost");
    virNetworkFree(n);
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bridge-net/lifecycle", test_lifecycle);
    g_test_add_func("/bridge-net/lookups-lists", test_lookups_and_lists);
    g_test_add_func("/bridge-net/persistence", test_persistence);
    g_test_add_func("/bridge-net/refusals", test_refusals);
    g_test_add_func("/bridge-net/host-bridge", test_host_bridge);
    return g_test_run();
}
