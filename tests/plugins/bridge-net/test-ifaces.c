/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/bridge-net/test-ifaces.c — the bridge-net host interface
 * driver against real links, through network:///embed. The program makes
 * a network namespace and enters it for its whole life (the namespace is
 * gone when the program is), so the host's network is never touched: without root or `ip netns`
 * every test is a TAP skip with the reason. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *skip_reason;
static char *netns_name;
static char *root_dir;
static virConnectPtr conn;

#define NEED_NETNS()                 \
    do {                             \
        if (skip_reason) {           \
            g_test_skip(skip_reason); \
            return;                  \
        }                            \
    } while (0)

static void quiet(void *data, virErrorPtr err) { (void)data; (void)err; }

/* Runs a shell command in our namespace; returns its exit status. */
static int sh_try(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static int sh_try(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *quiet_cmd = g_strdup_printf("%s >/dev/null 2>&1", cmd);
    int rc = system(quiet_cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

#define SH(...) g_assert_cmpint(sh_try(__VA_ARGS__), ==, 0)

/* Operstate changes go through the kernel's linkwatch, which may lag. */
static void wait_state(const char *dev, const char *state)
{
    for (int i = 0; i < 100; i++) {
        if (sh_try("ip -o link show dev %s | grep -q 'state %s '", dev, state) == 0)
            return;
        g_usleep(50 * 1000);
    }
    g_error("%s never reached state %s", dev, state);
}

static void expect_error(int code, const char *message)
{
    virErrorPtr err = virGetLastError();
    g_assert_nonnull(err);
    g_assert_cmpint(err->code, ==, code);
    g_assert_cmpint(err->domain, ==, VIR_FROM_INTERFACE);
    g_assert_cmpstr(err->message, ==, message);
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The listed names, sorted and comma-separated. */
static char *list_names(unsigned int flags)
{
    virInterfacePtr *ifaces = NULL;
    int n = virConnectListAllInterfaces(conn, &ifaces, flags);
    g_assert_cmpint(n, >=, 0);
    g_assert_cmpint(virConnectListAllInterfaces(conn, NULL, flags), ==, n);
    g_assert_null(ifaces[n]);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virInterfaceGetName(ifaces[i])));
        virInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    g_ptr_array_sort(names, by_name);
    g_ptr_array_add(names, NULL);
    return g_strjoinv(",", (char **)names->pdata);
}

static void test_list(void)
{
    NEED_NETNS();
    g_autofree char *all = list_names(0);
    g_autofree char *both = list_names(VIR_CONNECT_LIST_INTERFACES_ACTIVE |
                                       VIR_CONNECT_LIST_INTERFACES_INACTIVE);
    g_autofree char *active = list_names(VIR_CONNECT_LIST_INTERFACES_ACTIVE);
    g_autofree char *inactive = list_names(VIR_CONNECT_LIST_INTERFACES_INACTIVE);
    /* No lo, and the bridge's ports vA and vB only inside br0. */
    g_assert_cmpstr(all, ==, "br0,d0,d0-p,vA-p,vB-p");
    g_assert_cmpstr(both, ==, all);
    g_assert_cmpstr(active, ==, "br0,d0,d0-p,vA-p");
    g_assert_cmpstr(inactive, ==, "vB-p");
    /* The old calls, through the core's fallback or our slots. */
    g_assert_cmpint(virConnectNumOfInterfaces(conn), ==, 4);
    g_assert_cmpint(virConnectNumOfDefinedInterfaces(conn), ==, 1);
    char *names[2] = { 0 };
    g_assert_cmpint(virConnectListDefinedInterfaces(conn, names, 2), ==, 1);
    g_assert_cmpstr(names[0], ==, "vB-p");
    free(names[0]);

    g_assert_cmpint(virConnectListAllInterfaces(conn, NULL, 1u << 5), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);
}

static void test_lookup_name(void)
{
    NEED_NETNS();
    virInterfacePtr i = virInterfaceLookupByName(conn, "d0");
    g_assert_nonnull(i);
    g_assert_cmpstr(virInterfaceGetName(i), ==, "d0");
    g_assert_cmpstr(virInterfaceGetMACString(i), ==, "52:54:00:aa:00:01");
    virInterfaceFree(i);
    /* A bridge port is not listed but can be named. */
    i = virInterfaceLookupByName(conn, "vA");
    g_assert_nonnull(i);
    g_assert_cmpstr(virInterfaceGetMACString(i), ==, "52:54:00:aa:00:0a");
    virInterfaceFree(i);

    g_assert_null(virInterfaceLookupByName(conn, "nosuch0"));
    expect_error(VIR_ERR_NO_INTERFACE, "Interface not found: couldn't find interface named 'nosuch0'");
}

static void test_lookup_mac(void)
{
    NEED_NETNS();
    virInterfacePtr i = virInterfaceLookupByMACString(conn, "52:54:00:AA:00:01");
    g_assert_nonnull(i);
    g_assert_cmpstr(virInterfaceGetName(i), ==, "d0");
    virInterfaceFree(i);

    g_assert_null(virInterfaceLookupByMACString(conn, "52:54:00:aa:00:77"));
    expect_error(VIR_ERR_NO_INTERFACE,
                 "Interface not found: couldn't find interface with MAC address '52:54:00:aa:00:77'");
    /* Bridge ports are searched as they are listed: not at all. */
    g_assert_null(virInterfaceLookupByMACString(conn, "52:54:00:aa:00:0a"));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_NO_INTERFACE);

    SH("ip link add dupa address 52:54:00:aa:00:99 type veth peer name dupa-p");
    SH("ip link add dupb address 52:54:00:aa:00:99 type veth peer name dupb-p");
    g_assert_null(virInterfaceLookupByMACString(conn, "52:54:00:aa:00:99"));
    expect_error(VIR_ERR_MULTIPLE_INTERFACES,
                 "multiple matching interfaces found: the MAC address '52:54:00:aa:00:99' "
                 "matches multiple interfaces");
    SH("ip link del dupa");
    SH("ip link del dupb");
}

static char *iface_xml(const char *name, unsigned int flags)
{
    virInterfacePtr i = virInterfaceLookupByName(conn, name);
    g_assert_nonnull(i);
    char *xml = virInterfaceGetXMLDesc(i, flags);
    virInterfaceFree(i);
    return xml;
}

static void test_xml_ethernet(void)
{
    NEED_NETNS();
    static const char *const expected =
        "<interface type='ethernet' name='d0'>\n"
        "  <mtu size='1400'/>\n"
        "  <protocol family='ipv4'>\n"
        "    <ip address='192.0.2.10' prefix='24'/>\n"
        "  </protocol>\n"
        "  <protocol family='ipv6'>\n"
        "    <ip address='2001:db8::10' prefix='64'/>\n"
        "  </protocol>\n"
        "  <link speed='10000' state='up'/>\n"
        "  <mac address='52:54:00:aa:00:01'/>\n"
        "</interface>\n";
    wait_state("d0", "UP");
    g_autofree char *xml = iface_xml("d0", 0);
    g_autofree char *inactive = iface_xml("d0", VIR_INTERFACE_XML_INACTIVE);
    g_assert_cmpstr(xml, ==, expected);
    g_assert_cmpstr(inactive, ==, expected);

    virInterfacePtr i = virInterfaceLookupByName(conn, "d0");
    g_assert_null(virInterfaceGetXMLDesc(i, 1u << 4));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);
    virInterfaceFree(i);
}

static void test_xml_bridge(void)
{
    NEED_NETNS();
    wait_state("vA", "UP");
    wait_state("vB", "LOWERLAYERDOWN");
    g_autofree char *xml = iface_xml("br0", 0);
    g_assert_cmpstr(xml, ==,
        "<interface type='bridge' name='br0'>\n"
        "  <mtu size='1500'/>\n"
        "  <protocol family='ipv4'>\n"
        "    <ip address='198.51.100.1' prefix='24'/>\n"
        "    <ip address='198.51.100.2' prefix='25'/>\n"
        "  </protocol>\n"
        "  <bridge stp='off' delay='150'>\n"
        "    <interface type='ethernet' name='vA'>\n"
        "      <link speed='10000' state='up'/>\n"
        "      <mac address='52:54:00:aa:00:0a'/>\n"
        "    </interface>\n"
        "    <interface type='ethernet' name='vB'>\n"
        "      <link state='lowerlayerdown'/>\n"
        "      <mac address='52:54:00:aa:00:0b'/>\n"
        "    </interface>\n"
        "  </bridge>\n"
        "</interface>\n");
}

static void test_xml_vlan(void)
{
    NEED_NETNS();
    if (sh_try("ip link add link d0 name d0.5 type vlan id 5") != 0) {
        g_test_skip("cannot create a vlan link (8021q module missing?)");
        return;
    }
    g_autofree char *xml = iface_xml("d0.5", 0);
    g_assert_cmpstr(xml, ==,
        "<interface type='vlan' name='d0.5'>\n"
        "  <mtu size='1400'/>\n"
        "  <link state='down'/>\n"
        "  <vlan tag='5'>\n"
        "    <interface name='d0'/>\n"
        "  </vlan>\n"
        "</interface>\n");
    SH("ip link del d0.5");
}

static void test_create_destroy(void)
{
    NEED_NETNS();
    SH("ip link add sw0 type veth peer name sw0-p");
    virInterfacePtr i = virInterfaceLookupByName(conn, "sw0");
    g_assert_nonnull(i);
    g_assert_cmpint(virInterfaceIsActive(i), ==, 0);

    g_assert_cmpint(virInterfaceCreate(i, 0), ==, 0);
    g_assert_cmpint(virInterfaceIsActive(i), ==, 1);
    g_assert_cmpint(sh_try("ip -o link show dev sw0 | grep -q '[<,]UP[,>]'"), ==, 0);
    g_autofree char *active = list_names(VIR_CONNECT_LIST_INTERFACES_ACTIVE);
    g_assert_cmpstr(active, ==, "br0,d0,d0-p,sw0,vA-p");
    /* Starting a running link succeeds, as ifup does. */
    g_assert_cmpint(virInterfaceCreate(i, 0), ==, 0);

    g_assert_cmpint(virInterfaceDestroy(i, 0), ==, 0);
    g_assert_cmpint(virInterfaceIsActive(i), ==, 0);
    g_assert_cmpint(sh_try("ip -o link show dev sw0 | grep -q '[<,]UP[,>]'"), !=, 0);
    g_assert_cmpint(virInterfaceDestroy(i, 0), ==, 0);

    g_assert_cmpint(virInterfaceCreate(i, 1), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);

    /* A handle can outlive its link. */
    SH("ip link del sw0");
    g_assert_cmpint(virInterfaceIsActive(i), ==, -1);
    expect_error(VIR_ERR_NO_INTERFACE, "Interface not found: couldn't find interface named 'sw0'");
    g_assert_cmpint(virInterfaceCreate(i, 0), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_NO_INTERFACE);
    g_assert_null(virInterfaceGetXMLDesc(i, 0));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_NO_INTERFACE);
    virInterfaceFree(i);
}

#define WHY "modvirt's bridge-net driver manages the host's existing network links and " \
            "does not write the distribution's network configuration"
#define NO_SUPPORT "this function is not supported by the connection driver: "

static void test_refusals(void)
{
    NEED_NETNS();
    g_assert_null(virInterfaceDefineXML(conn, "<interface type='ethernet' name='x0'/>", 0));
    expect_error(VIR_ERR_NO_SUPPORT,
                 NO_SUPPORT "cannot define a host interface: " WHY "; create the link with "
                 "the system's network tools (ip link, NetworkManager, ifupdown, systemd-networkd)");

    virInterfacePtr i = virInterfaceLookupByName(conn, "d0");
    g_assert_cmpint(virInterfaceUndefine(i), ==, -1);
    expect_error(VIR_ERR_NO_SUPPORT,
                 NO_SUPPORT "cannot undefine interface 'd0': " WHY
                 "; remove it with the system's network tools");
    virInterfaceFree(i);
    g_assert_cmpint(sh_try("ip link show dev d0"), ==, 0);

    int (*const calls[])(virConnectPtr, unsigned int) = {
        virInterfaceChangeBegin, virInterfaceChangeCommit, virInterfaceChangeRollback,
    };
    for (size_t k = 0; k < G_N_ELEMENTS(calls); k++) {
        g_assert_cmpint(calls[k](conn, 0), ==, -1);
        expect_error(VIR_ERR_NO_SUPPORT,
                     NO_SUPPORT "interface change transactions are not available: " WHY
                     ", so there is no configuration to snapshot or roll back");
    }
}

/* The links every test sees; addrgenmode none keeps IPv6 link-local
 * addresses (and their timing) out of the XML. */
static int make_links(void)
{
    static const char *const cmds[] = {
        "ip link add d0 address 52:54:00:aa:00:01 mtu 1400 type veth peer name d0-p",
        "ip link set d0 addrgenmode none",
        "ip link set d0-p up",
        "ip addr add 192.0.2.10/24 dev d0",
        "ip addr add 2001:db8::10/64 dev d0 nodad",
        "ip link set d0 up",
        "ip link add br0 address 52:54:00:aa:00:02 type bridge stp_state 0 forward_delay 150",
        "ip link set br0 addrgenmode none",
        "ip link add vA address 52:54:00:aa:00:0a type veth peer name vA-p",
        "ip link add vB address 52:54:00:aa:00:0b type veth peer name vB-p",
        "ip link set vA master br0",
        "ip link set vB master br0",
        "ip addr add 198.51.100.1/24 dev br0",
        "ip addr add 198.51.100.2/25 dev br0",
        "ip link set br0 up",
        "ip link set vA up",
        "ip link set vB up",
        "ip link set vA-p up",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++)
        if (sh_try("%s", cmds[i]) != 0) {
            g_printerr("# failed: %s\n", cmds[i]);
            return -1;
        }
    return 0;
}

/* Enters a fresh namespace NAME for the whole process, and at once drops
 * its name: the namespace lives as long as we do (our children, the `ip`
 * commands, inherit it), so even a failing assertion leaves nothing
 * behind. Returns a reason on failure. */
static const char *enter_netns(const char *name, int *oldns)
{
    if (geteuid() != 0)
        return "needs root to create a network namespace";
    if (sh_try("ip netns add %s", name) != 0)
        return "`ip netns add` failed (no iproute2 or no namespace support)";
    g_autofree char *path = g_strdup_printf("/run/netns/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    *oldns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || *oldns < 0 || setns(fd, CLONE_NEWNET) < 0) {
        if (fd >= 0)
            close(fd);
        sh_try("ip netns del %s", name);
        return "cannot enter the new network namespace";
    }
    close(fd);
    sh_try("ip netns del %s", name);
    return NULL;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet);
    int oldns = -1;
    netns_name = g_strdup_printf("mv-biface-%d", (int)getpid());
    skip_reason = enter_netns(netns_name, &oldns);
    if (!skip_reason && make_links() < 0)
        skip_reason = "cannot create dummy, bridge and veth links in the namespace";
    if (!skip_reason) {
        root_dir = g_dir_make_tmp("bnet-ifaces-XXXXXX", NULL);
        g_autofree char *uri = g_strdup_printf("network:///embed?root=%s", root_dir);
        conn = virConnectOpen(uri);
        g_assert_nonnull(conn);
    }

    g_test_add_func("/bnet-iface/list", test_list);
    g_test_add_func("/bnet-iface/lookup-name", test_lookup_name);
    g_test_add_func("/bnet-iface/lookup-mac", test_lookup_mac);
    g_test_add_func("/bnet-iface/xml-ethernet", test_xml_ethernet);
    g_test_add_func("/bnet-iface/xml-bridge", test_xml_bridge);
    g_test_add_func("/bnet-iface/xml-vlan", test_xml_vlan);
    g_test_add_func("/bnet-iface/create-destroy", test_create_destroy);
    g_test_add_func("/bnet-iface/refusals", test_refusals);
    int ret = g_test_run();

    if (conn)
        virConnectClose(conn);
    if (root_dir)
        sh_try("rm -rf '%s'", root_dir);
    if (oldns >= 0) {
        /* Back home: the namespace and its links go away with our reference. */
        if (setns(oldns, CLONE_NEWNET) < 0)
            g_printerr("# cannot return to the original network namespace\n");
        close(oldns);
    }
    g_free(root_dir);
    g_free(netns_name);
    return ret;
}
