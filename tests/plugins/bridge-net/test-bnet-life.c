/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/bridge-net/test-bnet-life.c — networks in an embed root,
 * inside the runner's namespace: life cycle and what start puts on the
 * host, lookups and listing flags, persistence and autostart (once per
 * boot) across a re-open, read-only connections that change nothing, a
 * full run directory, the refusals (nothing changed), and mode='bridge'. */
#include "bnet-test.h"

#include <sys/stat.h>

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
 * connection (the state goes) and re-opening. Autostart runs once per host
 * boot and root, at the first read-write open, as libvirt's daemon does
 * when it starts. */
static void test_persistence(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);   /* the first open of this boot: nothing to start yet */
    g_autofree char *x1 = bnet_xml("p1", "nat", "mvtbrp1", 4);
    g_autofree char *x2 = bnet_xml("p2", "nat", "mvtbrp2", 5);
    virNetworkPtr p1 = virNetworkDefineXML(fx.conn, x1);
    virNetworkPtr p2 = virNetworkDefineXML(fx.conn, x2);
    g_assert_cmpint(virNetworkCreate(p1), ==, 0);
    g_assert_cmpint(virNetworkSetAutostart(p2, 1), ==, 0);
    virNetworkFree(p1);
    virNetworkFree(p2);
    virConnectClose(fx.conn);
    /* p1 still runs; p2 waits for the next boot */
    g_assert_cmpint(bnet_sh("ip link show mvtbrp1 >/dev/null"), ==, 0);
    fx.conn = bnet_fx_reopen(&fx);
    g_assert_cmpint(virConnectNumOfNetworks(fx.conn), ==, 1);
    virConnectClose(fx.conn);
    /* after a reboot the first open starts it */
    bnet_new_boot(fx.root);
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
    /* destroyed, it stays off for the later opens of this boot */
    g_assert_cmpint(virNetworkDestroy(p2), ==, 0);
    virNetworkFree(p2);
    virConnectClose(fx.conn);
    fx.conn = bnet_fx_reopen(&fx);
    p2 = virNetworkLookupByName(fx.conn, "p2");
    g_assert_cmpint(virNetworkIsActive(p2), ==, 0);
    bnet_assert_clean("mvtbrp2");
    g_assert_cmpint(virNetworkDestroy(p1), ==, 0);
    g_assert_cmpint(virNetworkUndefine(p1), ==, 0);
    g_assert_cmpint(virNetworkUndefine(p2), ==, 0);
    virNetworkFree(p1);
    virNetworkFree(p2);
    bnet_assert_clean("mvtbrp1");
    bnet_assert_clean("mvtbrp2");
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

/* A read-only connection changes nothing: the autostart network of a new
 * boot stays off, a network whose bridge vanished is neither torn down nor
 * forgotten, a dnsmasq that died is not restarted, and no file under the
 * root is created, removed or written. The first read-write open does it
 * all. */
static void test_readonly(void)
{
    bnet_fx fx = { 0 };
    bnet_fx_open(&fx);
    g_autofree char *xa = bnet_xml("auto", "nat", "mvtbrra", 11);
    g_autofree char *xg = bnet_xml("gone", "nat", "mvtbrrg", 12);
    g_autofree char *xd = bnet_xml("deaf", "nat", "mvtbrrd", 13);
    virNetworkPtr a = virNetworkDefineXML(fx.conn, xa);
    g_assert_cmpint(virNetworkSetAutostart(a, 1), ==, 0);
    virNetworkPtr g = virNetworkCreateXML(fx.conn, xg);
    virNetworkPtr d = virNetworkCreateXML(fx.conn, xd);
    g_assert_nonnull(g);
    g_assert_nonnull(d);
    virNetworkFree(a);
    virNetworkFree(g);
    virNetworkFree(d);
    virConnectClose(fx.conn);
    /* a reboot, the bridge of one network deleted, the dnsmasq of another
     * killed, all while nobody watched */
    bnet_new_boot(fx.root);
    int gone_dnsmasq = bnet_dnsmasq_pid(fx.root, "gone");
    int deaf_dnsmasq = bnet_dnsmasq_pid(fx.root, "deaf");
    g_assert_cmpint(gone_dnsmasq, >, 0);
    g_assert_cmpint(deaf_dnsmasq, >, 0);
    g_assert_cmpint(bnet_sh("ip link del mvtbrrg"), ==, 0);
    bnet_kill_wait(deaf_dnsmasq);
    g_autofree char *before = bnet_tree(fx.root);

    virConnectPtr ro = virConnectOpenReadOnly(fx.uri);
    g_assert_nonnull(ro);
    g_assert_cmpint(virConnectNumOfNetworks(ro), ==, 1);   /* deaf, whose bridge is there */
    a = virNetworkLookupByName(ro, "auto");
    g_assert_cmpint(virNetworkIsActive(a), ==, 0);
    virNetworkFree(a);
    g_assert_cmpint(bnet_sh("ip link show mvtbrra >/dev/null 2>&1"), !=, 0);
    g_assert_cmpint(kill(gone_dnsmasq, 0), ==, 0);
    g_assert_cmpint(bnet_dnsmasq_pid(fx.root, "deaf"), ==, deaf_dnsmasq);
    g_autofree char *after = bnet_tree(fx.root);
    g_assert_cmpstr(after, ==, before);

    /* the first read-write open, with the read-only one still open */
    fx.conn = bnet_fx_reopen(&fx);
    a = virNetworkLookupByName(fx.conn, "auto");
    g_assert_cmpint(virNetworkIsActive(a), ==, 1);
    g_assert_cmpint(bnet_sh("ip link show mvtbrra >/dev/null"), ==, 0);
    g_assert_null(virNetworkLookupByName(fx.conn, "gone"));   /* transient, torn down */
    bnet_assert_clean("mvtbrrg");
    g_autofree char *gone_status = g_strdup_printf("%s/run/network/gone.status", fx.root);
    g_assert_false(g_file_test(gone_status, G_FILE_TEST_EXISTS));
    int restarted = bnet_dnsmasq_pid(fx.root, "deaf");
    g_assert_cmpint(restarted, >, 0);
    g_assert_cmpint(restarted, !=, deaf_dnsmasq);
    g_assert_cmpint(kill(restarted, 0), ==, 0);
    g_assert_cmpint(virConnectClose(ro), ==, 0);
    d = virNetworkLookupByName(fx.conn, "deaf");
    g_assert_cmpint(virNetworkDestroy(d), ==, 0);
    g_assert_cmpint(virNetworkDestroy(a), ==, 0);
    g_assert_cmpint(virNetworkUndefine(a), ==, 0);
    virNetworkFree(a);
    virNetworkFree(d);
    bnet_assert_clean("mvtbrra");
    bnet_assert_clean("mvtbrrd");
    bnet_assert_no_dnsmasq();
    bnet_fx_close(&fx);
}

static void expect_no_space(const char *name)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_autofree char *who = g_strdup_printf("network '%s'", name);
    if (e->code != VIR_ERR_SYSTEM_ERROR || !strstr(e->message, who) ||
        !strstr(e->message, "No space left on device"))
        g_error("unexpected error %d: %s", e->code, e->message);
}

/* With the run directory's filesystem full, a start cannot record what it
 * made: it fails, naming the network and the cause, and nothing of the
 * network is left (bridge, nft table, dnsmasq, files). */
static void test_full_disk(void)
{
    char *root = g_dir_make_tmp("bnet-test-XXXXXX", NULL);
    g_assert_nonnull(root);
    g_autofree char *run = g_build_filename(root, "run", NULL);
    g_assert_cmpint(mkdir(run, 0755), ==, 0);
    g_assert_cmpint(bnet_sh("mount -t tmpfs -o size=256k,mode=0755 mvtest '%s'", run), ==, 0);
    bnet_fx fx = { 0 };
    bnet_fx_open_at(&fx, root);
    g_assert_cmpint(bnet_sh("dd if=/dev/zero of='%s/fill' bs=64k 2>/dev/null; "
                            "test \"$(df --output=avail '%s' | tail -1 | tr -d ' ')\" = 0",
                            run, run), ==, 0);
    /* no address: the status file is all it writes */
    g_assert_null(virNetworkCreateXML(fx.conn, "<network><name>plain</name>"
                                               "<bridge name='mvtbrfp' stp='off'/></network>"));
    expect_no_space("plain");
    bnet_assert_clean("mvtbrfp");
    /* with DHCP: dnsmasq's files come first */
    g_autofree char *xml = bnet_xml("dhcp", "nat", "mvtbrfd", 14);
    virNetworkPtr n = virNetworkDefineXML(fx.conn, xml);
    g_assert_nonnull(n);
    g_assert_cmpint(virNetworkCreate(n), ==, -1);
    expect_no_space("dhcp");
    g_assert_cmpint(virNetworkIsActive(n), ==, 0);
    bnet_assert_clean("mvtbrfd");
    bnet_assert_no_dnsmasq();
    g_autofree char *ls = g_strdup_printf("ls '%s/network'", run);
    g_autofree char *left = bnet_out(ls);
    g_assert_cmpstr(left, ==, "autostarted");
    g_assert_cmpint(virNetworkUndefine(n), ==, 0);
    virNetworkFree(n);
    g_assert_cmpint(bnet_sh("umount '%s'", run), ==, 0);
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
    g_test_add_func("/bridge-net/readonly", test_readonly);
    g_test_add_func("/bridge-net/full-disk", test_full_disk);
    g_test_add_func("/bridge-net/refusals", test_refusals);
    g_test_add_func("/bridge-net/host-bridge", test_host_bridge);
    return g_test_run();
}
