/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-net.c — containers on networks, inside the
 * network namespace run-in-netns.sh made: on a bridge-net network (looked
 * up on the same connection) the container's eth0, with the XML's MAC,
 * gets a DHCP lease from the network's dnsmasq, which gives its hostname
 * and addresses (virDomainGetHostname, virDomainInterfaceAddresses), as
 * the neighbour table does; on a host bridge the host end of the veth pair
 * is the bridge's port. Destroy removes both ends. */
#include "lxc-test.h"

static lxc_fx fx;

/* DOM's lease addresses: its one interface, the host end with the MAC,
 * and ADDR/24. */
static void check_lease_addresses(virDomainPtr dom, const char *addr)
{
    virDomainInterfacePtr *ifaces = NULL;
    int n = virDomainInterfaceAddresses(dom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpstr(ifaces[0]->name, ==, "veth0");
    g_assert_cmpstr(ifaces[0]->hwaddr, ==, "52:54:00:78:00:42");
    g_assert_cmpuint(ifaces[0]->naddrs, ==, 1);
    g_assert_cmpint(ifaces[0]->addrs[0].type, ==, VIR_IP_ADDR_TYPE_IPV4);
    g_assert_cmpstr(ifaces[0]->addrs[0].addr, ==, addr);
    g_assert_cmpuint(ifaces[0]->addrs[0].prefix, ==, 24);
    virDomainInterfaceFree(ifaces[0]);
    free(ifaces);
}

static void test_network_dhcp(void)
{
    virNetworkPtr net = virNetworkCreateXML(fx.conn,
        "<network><name>lxcnet</name><bridge name='mvlxcbr0' stp='off'/>"
        "<ip address='10.78.0.1' netmask='255.255.255.0'><dhcp>"
        "<range start='10.78.0.10' end='10.78.0.99'/></dhcp></ip></network>");
    if (!net)
        g_error("network: %s", virGetLastErrorMessage());
    /* A first lease without a hostname; on a line from the console, a
     * second one with a hostname whose address eth0 then takes, and a ping
     * of the host, which leaves the host a neighbour entry for eth0. */
    g_autofree char *xml = lxc_xml(&fx, "dhcp",
        "echo mac=$(cat /sys/class/net/eth0/address); "
        "udhcpc -i eth0 -n -q -t 20 -T 1 -s /bin/true >/dev/null 2>&1; echo dhcp=$?; "
        "read go; "
        "printf '#!/bin/sh\n[ \"$1\" = bound ] && ip addr add $ip/24 dev $interface\nexit 0\n' "
        ">/tmp/bound; chmod 755 /tmp/bound; "
        "udhcpc -i eth0 -n -q -t 20 -T 1 -s /tmp/bound -x hostname:lxc-dhcp-guest "
        ">/dev/null 2>&1; echo named=$?; "
        "ping -c 1 -W 5 10.78.0.1 >/dev/null 2>&1; echo ping=$?; exec sleep 1000",
        NULL,
        "<interface type='network'><source network='lxcnet'/>"
        "<mac address='52:54:00:78:00:42'/></interface>");
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    lxc_console c;
    lxc_console_open(&c, dom);
    g_assert_true(lxc_console_wait(&c, "dhcp=", 30000));
    g_assert_nonnull(strstr(c.buf->str, "mac=52:54:00:78:00:42"));
    g_assert_true(lxc_console_wait(&c, "dhcp=0", 1000));
    /* the host end is a port of the network's bridge */
    g_autofree char *master = lxc_out("basename $(readlink /sys/class/net/veth0/master)");
    g_assert_cmpstr(master, ==, "mvlxcbr0");
    /* The container sent its DHCP requests and got the answers: its
     * interface's counters, by host end or MAC, and in the bulk record. */
    virDomainInterfaceStatsStruct ifs;
    g_assert_cmpint(virDomainInterfaceStats(dom, "veth0", &ifs, sizeof(ifs)), ==, 0);
    g_assert_cmpint(ifs.tx_packets, >=, 2);
    g_assert_cmpint(ifs.rx_packets, >=, 1);
    g_assert_cmpint(ifs.tx_bytes, >, 0);
    g_assert_cmpint(virDomainInterfaceStats(dom, "52:54:00:78:00:42", &ifs, sizeof(ifs)), ==, 0);
    g_assert_cmpint(virDomainInterfaceStats(dom, "eth7", &ifs, sizeof(ifs)), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid argument: 'eth7' is not a known interface");
    virDomainPtr doms[] = { dom, NULL };
    virDomainStatsRecordPtr *recs = NULL;
    g_assert_cmpint(virDomainListGetStats(doms, VIR_DOMAIN_STATS_INTERFACE, &recs, 0), ==, 1);
    const char *ifname = NULL;
    unsigned long long pkts = 0;
    g_assert_cmpint(virTypedParamsGetString(recs[0]->params, recs[0]->nparams, "net.0.name",
                                            &ifname), ==, 1);
    g_assert_cmpstr(ifname, ==, "veth0");
    g_assert_cmpint(virTypedParamsGetULLong(recs[0]->params, recs[0]->nparams, "net.0.tx.pkts",
                                            &pkts), ==, 1);
    g_assert_cmpuint(pkts, >=, (unsigned long long)ifs.tx_packets);
    virDomainStatsRecordListFree(recs);
    virNetworkDHCPLeasePtr *leases = NULL;
    int n = virNetworkGetDHCPLeases(net, "52:54:00:78:00:42", &leases, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_true(g_str_has_prefix(leases[0]->ipaddr, "10.78.0."));
    g_autofree char *addr = g_strdup(leases[0]->ipaddr);
    virNetworkDHCPLeaseFree(leases[0]);
    free(leases);
    /* The lease gives the addresses, the hostname once the client sent
     * one; the neighbour table once the host has talked to eth0. */
    g_assert_null(virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_LEASE));
    lxc_assert_error(VIR_ERR_NO_HOSTNAME, NULL);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "no hostname found: no hostname found for domain dhcp");
    check_lease_addresses(dom, addr);
    g_assert_cmpint(virStreamSend(c.st, "go\n", 3), ==, 3);
    g_assert_true(lxc_console_wait(&c, "named=", 30000));
    g_assert_true(lxc_console_wait(&c, "named=0", 1000));
    g_assert_true(lxc_console_wait(&c, "ping=", 10000));
    g_assert_true(lxc_console_wait(&c, "ping=0", 1000));
    lxc_console_close(&c);
    g_autofree char *host = virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_LEASE);
    g_assert_cmpstr(host, ==, "lxc-dhcp-guest");
    g_autofree char *host0 = virDomainGetHostname(dom, 0);
    g_assert_cmpstr(host0, ==, "lxc-dhcp-guest");
    check_lease_addresses(dom, addr);
    virDomainInterfacePtr *ifaces = NULL;
    int nif = virDomainInterfaceAddresses(dom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, 0);
    g_assert_cmpint(nif, ==, 1);
    g_assert_cmpstr(ifaces[0]->name, ==, "veth0");
    g_assert_cmpstr(ifaces[0]->hwaddr, ==, "52:54:00:78:00:42");
    g_assert_cmpuint(ifaces[0]->naddrs, ==, 1);
    g_assert_cmpint(ifaces[0]->addrs[0].type, ==, VIR_IP_ADDR_TYPE_IPV4);
    g_assert_cmpstr(ifaces[0]->addrs[0].addr, ==, addr);
    g_assert_cmpuint(ifaces[0]->addrs[0].prefix, ==, 0);
    virDomainInterfaceFree(ifaces[0]);
    free(ifaces);
    /* No agent in a container; the agent-only hostname source, unknown
     * flags, and a managed save image that never exists. */
    ifaces = NULL;
    g_assert_cmpint(virDomainInterfaceAddresses(dom, &ifaces,
                                                VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0),
                    ==, -1);
    g_assert_null(ifaces);
    lxc_assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, NULL);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "argument unsupported: Unknown IP address data source 1");
    g_assert_null(virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_AGENT));
    lxc_assert_error(VIR_ERR_INVALID_ARG, NULL);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "unsupported flags (0x2) in function "
                    "lxcDomainGetHostname");
    g_assert_cmpint(virDomainInterfaceAddresses(dom, &ifaces,
                                                VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 1),
                    ==, -1);
    lxc_assert_error(VIR_ERR_INVALID_ARG, "lxcDomainInterfaceAddresses");
    g_assert_cmpint(virDomainHasManagedSaveImage(dom, 0), ==, 0);
    g_assert_cmpint(virDomainHasManagedSaveImage(dom, 1), ==, -1);
    lxc_assert_error(VIR_ERR_INVALID_ARG, "lxcDomainHasManagedSaveImage");
    /* the same through mvsh, in another process */
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    g_autofree char *mvsh = g_build_filename(build ? build : ".", "tools/mvsh/mvsh", NULL);
    if (g_file_test(mvsh, G_FILE_TEST_IS_EXECUTABLE)) {
        g_autofree char *mhost = lxc_out("'%s' -c '%s' domhostname dhcp --source lease", mvsh,
                                         fx.uri);
        g_assert_cmpstr(mhost, ==, "lxc-dhcp-guest");
        g_autofree char *mifs = lxc_out("'%s' -c '%s' domifaddr dhcp --source lease | grep veth0",
                                        mvsh, fx.uri);
        g_autofree char *want = g_strdup_printf("%-10s %s    ipv4         %s/24", "veth0",
                                                "52:54:00:78:00:42", addr);
        g_assert_cmpstr(mifs, ==, want);
    }
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "dhcp");
    /* the transient container is gone; a defined one that is not running
     * has no hostname nor addresses, and no managed save image either */
    g_assert_cmpint(virDomainHasManagedSaveImage(dom, 0), ==, -1);
    lxc_assert_error(VIR_ERR_NO_DOMAIN, NULL);
    virDomainPtr off = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(off);
    g_assert_null(virDomainGetHostname(off, 0));
    lxc_assert_error(VIR_ERR_OPERATION_INVALID, NULL);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainInterfaceAddresses(off, &ifaces,
                                                VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0),
                    ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainHasManagedSaveImage(off, 0), ==, 0);
    g_assert_cmpint(virDomainUndefine(off), ==, 0);
    virDomainFree(off);
    g_assert_cmpint(lxc_sh("ip link show veth0 >/dev/null 2>&1"), !=, 0);
    virDomainFree(dom);
    /* a network that is gone is refused before anything is made */
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    g_assert_null(virDomainCreateXML(fx.conn, xml, 0));
    lxc_assert_error(VIR_ERR_NO_NETWORK, "lxcnet");
    lxc_assert_gone(&fx, "dhcp");
    virNetworkFree(net);
}

static void test_host_bridge(void)
{
    g_assert_cmpint(lxc_sh("ip link add mvlxchost type bridge && ip link set mvlxchost up"), ==, 0);
    g_autofree char *xml = lxc_xml(&fx, "bridged",
        "ls /sys/class/net | tr '\\n' ' '; echo; echo mac=$(cat /sys/class/net/eth1/address); "
        "echo state=$(cat /sys/class/net/eth0/operstate); echo done; exec sleep 1000",
        NULL,
        "<interface type='bridge'><source bridge='mvlxchost'/><mac address='52:54:00:78:00:01'/></interface>"
        "<interface type='bridge'><source bridge='mvlxchost'/><mac address='52:54:00:78:00:02'/>"
        "<target dev='mvhostend'/></interface>");
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_autofree char *out = lxc_console_expect(dom, "done");
    g_assert_nonnull(strstr(out, "eth0 eth1 lo"));
    g_autofree char *desc = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(desc, "<target dev='veth0'/>"));
    g_assert_nonnull(strstr(desc, "<target dev='mvhostend'/>"));
    lxc_assert_valid_xml(&fx, desc);
    g_assert_nonnull(strstr(out, "mac=52:54:00:78:00:02"));
    g_autofree char *ports = lxc_out("ls /sys/class/net/mvlxchost/brif | sort | tr '\\n' ' '");
    g_assert_cmpstr(ports, ==, "mvhostend veth0");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_autofree char *after = lxc_out("ls /sys/class/net/mvlxchost/brif | wc -l");
    g_assert_cmpstr(after, ==, "0");
    lxc_assert_gone(&fx, "bridged");
    virDomainFree(dom);
    lxc_sh("ip link del mvlxchost");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (lxc_skip_all())
        return 0;
    if (system("command -v dnsmasq >/dev/null 2>&1") != 0) {
        printf("1..0 # SKIP needs dnsmasq for the network's DHCP\n");
        return 0;
    }
    lxc_fx_open(&fx);
    g_test_add_func("/lxc/net/network-dhcp", test_network_dhcp);
    g_test_add_func("/lxc/net/host-bridge", test_host_bridge);
    int ret = g_test_run();
    lxc_fx_close(&fx);
    return ret;
}
