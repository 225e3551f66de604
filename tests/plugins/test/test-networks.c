/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test/test-networks.c — the test driver's networks against
 * libvirt 9.0's test driver: default network, listing filters, life cycle,
 * duplicate checks, virNetworkUpdate and events. Every expected value and
 * error text was taken from libvirt itself (python3-libvirt, test:///default). */
#include "objects-common.h"

#define DEFAULT_UUID "dd8fe884-6c02-601e-7551-cca97df1c5df"

static const char default_xml[] =
    "<network>\n"
    "  <name>default</name>\n"
    "  <uuid>" DEFAULT_UUID "</uuid>\n"
    "  <forward mode='nat'/>\n"
    "  <bridge name='virbr0' stp='on' delay='0'/>\n"
    "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
    "    <dhcp>\n"
    "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "</network>\n";

static void assert_xml(virNetworkPtr n, const char *want)
{
    char *xml = virNetworkGetXMLDesc(n, 0);
    g_assert_cmpstr(xml, ==, want);
    free(xml);
}

static char *names_of(virConnectPtr c, unsigned int flags)
{
    virNetworkPtr *nets = NULL;
    int n = virConnectListAllNetworks(c, &nets, flags);
    g_assert_cmpint(n, >=, 0);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virNetworkGetName(nets[i])));
        virNetworkFree(nets[i]);
    }
    free(nets);
    return obj_join_sorted(names);
}

static void test_default(void)
{
    virConnectPtr c = obj_open();
    virNetworkPtr n = virNetworkLookupByName(c, "default");
    g_assert_nonnull(n);
    assert_xml(n, default_xml);
    char *br = virNetworkGetBridgeName(n);
    g_assert_cmpstr(br, ==, "virbr0");
    free(br);
    int autostart = -1;
    g_assert_cmpint(virNetworkGetAutostart(n, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 0);
    g_assert_cmpint(virNetworkIsActive(n), ==, 1);
    g_assert_cmpint(virNetworkIsPersistent(n), ==, 1);
    virNetworkPtr u = virNetworkLookupByUUIDString(c, DEFAULT_UUID);
    g_assert_nonnull(u);
    g_assert_cmpstr(virNetworkGetName(u), ==, "default");
    virNetworkFree(u);

    g_assert_null(virNetworkLookupByName(c, "x"));
    obj_assert_error(VIR_ERR_NO_NETWORK, VIR_FROM_TEST,
                     "Network not found: no network with matching name 'x'");
    g_assert_null(virNetworkLookupByUUIDString(c, "dd8fe884-6c02-601e-7551-cca97df1c5d0"));
    obj_assert_error(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, "Network not found: no network with "
                     "matching uuid 'dd8fe884-6c02-601e-7551-cca97df1c5d0'");
    g_assert_null(virNetworkGetXMLDesc(n, VIR_NETWORK_XML_INACTIVE));
    obj_assert_flags_error("unsupported flags (0x1) in function testNetworkGetXMLDesc");
    virNetworkDHCPLeasePtr *leases = NULL;
    g_assert_cmpint(virNetworkGetDHCPLeases(n, NULL, &leases, 0), ==, -1);
    obj_assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_NETWORK, "this function is not supported "
                     "by the connection driver: virNetworkGetDHCPLeases");
    virNetworkFree(n);
    virConnectClose(c);
}

static void test_list(void)
{
    virConnectPtr c = obj_open();
    virNetworkPtr n2 = virNetworkDefineXML(c, "<network><name>n2</name><bridge name='vb2'/></network>");
    virNetworkPtr n3 = virNetworkDefineXML(c, "<network><name>n3</name></network>");
    g_assert_nonnull(n2);
    g_assert_nonnull(n3);
    g_assert_cmpint(virNetworkSetAutostart(n2, 1), ==, 0);
    static const struct { unsigned int flags; const char *names; } cases[] = {
        { 0, "default,n2,n3" },
        { VIR_CONNECT_LIST_NETWORKS_INACTIVE, "n2,n3" },
        { VIR_CONNECT_LIST_NETWORKS_ACTIVE, "default" },
        { VIR_CONNECT_LIST_NETWORKS_PERSISTENT, "default,n2,n3" },
        { VIR_CONNECT_LIST_NETWORKS_TRANSIENT, "" },
        { VIR_CONNECT_LIST_NETWORKS_AUTOSTART, "n2" },
        { VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART, "default,n3" },
        { VIR_CONNECT_LIST_NETWORKS_INACTIVE | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART, "n3" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = names_of(c, cases[i].flags);
        g_assert_cmpstr(got, ==, cases[i].names);
        g_free(got);
    }
    g_assert_cmpint(virConnectNumOfNetworks(c), ==, 1);
    g_assert_cmpint(virConnectNumOfDefinedNetworks(c), ==, 2);
    char *names[4] = { 0 };
    g_assert_cmpint(virConnectListDefinedNetworks(c, names, 4), ==, 2);
    g_assert_cmpstr(names[0], ==, "n2");
    g_assert_cmpstr(names[1], ==, "n3");
    free(names[0]);
    free(names[1]);
    g_assert_cmpint(virConnectListNetworks(c, names, 4), ==, 1);
    g_assert_cmpstr(names[0], ==, "default");
    free(names[0]);
    g_assert_cmpint(virConnectListAllNetworks(c, NULL, 0x40), ==, -1);
    obj_assert_flags_error("unsupported flags (0x40) in function testConnectListAllNetworks");

    char *br = virNetworkGetBridgeName(n2);
    g_assert_cmpstr(br, ==, "vb2");
    free(br);
    g_assert_null(virNetworkGetBridgeName(n3));
    obj_assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
                     "internal error: network 'n3' does not have a bridge name.");
    virNetworkFree(n2);
    virNetworkFree(n3);
    virConnectClose(c);
}

static void test_duplicates(void)
{
    virConnectPtr c = obj_open();
    virNetworkPtr n = virNetworkLookupByName(c, "default");
    g_assert_null(virNetworkDefineXML(c, "<network><name>default</name></network>"));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK, "operation failed: network "
                     "'default' already exists with uuid " DEFAULT_UUID);
    g_assert_null(virNetworkDefineXML(c, "<network><name>other</name><uuid>" DEFAULT_UUID
                                         "</uuid></network>"));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK, "operation failed: network "
                     "'default' is already defined with uuid " DEFAULT_UUID);
    g_assert_null(virNetworkCreateXML(c, "<network><name>default</name></network>"));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK, "operation failed: network "
                     "'default' already exists with uuid " DEFAULT_UUID);
    g_assert_null(virNetworkCreateXML(c, "<network><name>default</name><uuid>" DEFAULT_UUID
                                         "</uuid></network>"));
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK,
                     "Requested operation is not valid: network is already active as 'default'");
    g_assert_cmpint(virNetworkCreate(n), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                     "Requested operation is not valid: Network 'default' is already running");
    g_assert_cmpint(virNetworkUndefine(n), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                     "Requested operation is not valid: Network 'default' is still running");
    virNetworkFree(n);
    virConnectClose(c);
}

static void test_lifecycle(void)
{
    virConnectPtr c = obj_open();
    virNetworkPtr t = virNetworkCreateXML(c, "<network><name>t1</name></network>");
    g_assert_nonnull(t);
    g_assert_cmpint(virNetworkIsActive(t), ==, 1);
    g_assert_cmpint(virNetworkIsPersistent(t), ==, 0);
    /* libvirt's test driver lets a transient network be marked autostart. */
    g_assert_cmpint(virNetworkSetAutostart(t, 1), ==, 0);
    int a = 0;
    g_assert_cmpint(virNetworkGetAutostart(t, &a), ==, 0);
    g_assert_cmpint(a, ==, 1);
    g_assert_cmpint(virNetworkUndefine(t), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                     "Requested operation is not valid: Network 't1' is still running");
    g_assert_cmpint(virNetworkDestroy(t), ==, 0);
    char uuid[VIR_UUID_STRING_BUFLEN], msg[128];
    virNetworkGetUUIDString(t, uuid);
    g_snprintf(msg, sizeof(msg), "Network not found: no network with matching uuid '%s'", uuid);
    g_assert_cmpint(virNetworkIsActive(t), ==, -1);
    obj_assert_error(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, msg);
    virNetworkFree(t);

    virNetworkPtr n = virNetworkDefineXML(c, "<network><name>n2</name></network>");
    g_assert_cmpint(virNetworkIsActive(n), ==, 0);
    g_assert_cmpint(virNetworkIsPersistent(n), ==, 1);
    /* Destroying an inactive network succeeds in libvirt's test driver. */
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    g_assert_cmpint(virNetworkCreate(n), ==, 0);
    g_assert_cmpint(virNetworkIsActive(n), ==, 1);
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    g_assert_cmpint(virNetworkUndefine(n), ==, 0);
    g_assert_cmpint(virNetworkUndefine(n), ==, -1);
    obj_assert_error(VIR_ERR_NO_NETWORK, VIR_FROM_TEST,
                     "Network not found: no network with matching name 'n2'");
    virNetworkFree(n);

    /* Defining a running transient network makes it persistent. */
    t = virNetworkCreateXML(c, "<network><name>t2</name></network>");
    virNetworkGetUUIDString(t, uuid);
    char *xml = g_strdup_printf("<network><name>t2</name><uuid>%s</uuid></network>", uuid);
    virNetworkPtr t2 = virNetworkDefineXML(c, xml);
    g_free(xml);
    g_assert_nonnull(t2);
    g_assert_cmpint(virNetworkIsPersistent(t), ==, 1);
    g_assert_cmpint(virNetworkIsActive(t), ==, 1);
    virNetworkFree(t2);
    virNetworkFree(t);
    virConnectClose(c);
}

/* As libvirt's test driver: a definition given while the network runs is
 * not shown and not applied when it stops; one given while stopped is. */
static void test_redefine(void)
{
    virConnectPtr c = obj_open();
    virNetworkPtr n = virNetworkLookupByName(c, "default");
    virNetworkPtr d = virNetworkDefineXML(c, "<network><name>default</name><uuid>" DEFAULT_UUID
                                             "</uuid><bridge name='virbr9'/></network>");
    g_assert_nonnull(d);
    virNetworkFree(d);
    assert_xml(n, default_xml);
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    g_assert_cmpint(virNetworkCreate(n), ==, 0);
    assert_xml(n, default_xml);
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    d = virNetworkDefineXML(c, "<network><name>default</name><uuid>" DEFAULT_UUID
                               "</uuid><bridge name='virbr7'/></network>");
    virNetworkFree(d);
    assert_xml(n, "<network>\n  <name>default</name>\n  <uuid>" DEFAULT_UUID "</uuid>\n"
                  "  <bridge name='virbr7' stp='on' delay='0'/>\n</network>\n");
    virNetworkFree(n);
    virConnectClose(c);
}

static int update(virNetworkPtr n, unsigned int cmd, unsigned int section, const char *xml,
                  unsigned int flags)
{
    return virNetworkUpdate(n, cmd, section, -1, xml, flags);
}

#define DHCP VIR_NETWORK_SECTION_IP_DHCP_HOST
#define DNS VIR_NETWORK_SECTION_DNS_HOST
#define ADD_LAST VIR_NETWORK_UPDATE_COMMAND_ADD_LAST
#define ADD_FIRST VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST
#define DELETE VIR_NETWORK_UPDATE_COMMAND_DELETE
#define MODIFY VIR_NETWORK_UPDATE_COMMAND_MODIFY

static void test_update(void)
{
    virConnectPtr c = obj_open();
    virNetworkPtr n = virNetworkLookupByName(c, "default");
    char host[128];
    /* CURRENT (0) and LIVE change the running definition; CONFIG alone only
     * the persistent one. */
    for (unsigned int fl = 0; fl < 4; fl++) {
        g_snprintf(host, sizeof(host), "<host mac='00:16:3e:77:e2:e%u' name='foo%u' "
                   "ip='192.168.122.1%u'/>", fl, fl, fl);
        g_assert_cmpint(update(n, ADD_LAST, DHCP, host, fl), ==, 0);
    }
    g_assert_cmpint(update(n, ADD_LAST, DHCP, "<host mac='00:16:3e:77:e2:e0' name='foo0' "
                           "ip='192.168.122.10'/>", 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, "Requested operation is not "
                     "valid: there is an existing dhcp host entry in network 'default' that "
                     "matches \"<host mac='00:16:3e:77:e2:e0' name='foo0' ip='192.168.122.10'/>\"");
    g_assert_cmpint(update(n, MODIFY, DHCP, "<host mac='00:16:3e:77:e2:e0' name='bar' "
                           "ip='192.168.122.20'/>", 0), ==, 0);
    g_assert_cmpint(update(n, DELETE, DHCP, "<host mac='00:16:3e:77:e2:e1'/>", 0), ==, 0);
    g_assert_cmpint(update(n, DELETE, DHCP, "<host mac='00:16:3e:77:e2:ff'/>", 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, "Requested operation is not "
                     "valid: couldn't locate a matching dhcp host entry in network 'default'");
    g_assert_cmpint(update(n, ADD_FIRST, DNS, "<host ip='192.168.122.5'><hostname>h1</hostname>"
                           "</host>", 0), ==, 0);
    g_assert_cmpint(update(n, ADD_FIRST, DNS, "<host ip='192.168.122.6'><hostname>h2</hostname>"
                           "</host>", 0), ==, 0);
    g_assert_cmpint(update(n, ADD_FIRST, DNS, "<host ip='192.168.122.6'><hostname>h2</hostname>"
                           "</host>", 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, "Requested operation is not "
                     "valid: there is already at least one DNS HOST record with a matching "
                     "field in network default");
    assert_xml(n,
        "<network>\n"
        "  <name>default</name>\n"
        "  <uuid>" DEFAULT_UUID "</uuid>\n"
        "  <forward mode='nat'/>\n"
        "  <bridge name='virbr0' stp='on' delay='0'/>\n"
        "  <dns>\n"
        "    <host ip='192.168.122.6'>\n"
        "      <hostname>h2</hostname>\n"
        "    </host>\n"
        "    <host ip='192.168.122.5'>\n"
        "      <hostname>h1</hostname>\n"
        "    </host>\n"
        "  </dns>\n"
        "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
        "    <dhcp>\n"
        "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
        "      <host mac='00:16:3e:77:e2:e0' name='bar' ip='192.168.122.20'/>\n"
        "      <host mac='00:16:3e:77:e2:e3' name='foo3' ip='192.168.122.13'/>\n"
        "    </dhcp>\n"
        "  </ip>\n"
        "</network>\n");
    g_assert_cmpint(update(n, DELETE, DNS, "<host ip='192.168.122.5'><hostname>h1</hostname>"
                           "</host>", 0), ==, 0);
    g_assert_cmpint(update(n, MODIFY, DNS, "<host ip='192.168.122.6'><hostname>h3</hostname>"
                           "</host>", 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK, "Operation not supported: "
                     "DNS HOST records cannot be modified, only added or deleted");
    g_assert_cmpint(update(n, ADD_LAST, VIR_NETWORK_SECTION_BRIDGE, "<bridge name='x'/>", 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK, "Operation not supported: "
                     "can't update 'bridge' section of network 'default'");
    g_assert_cmpint(update(n, 99, DHCP, "<host mac='00:16:3e:77:e2:e9' ip='192.168.122.99'/>", 0),
                    ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK, "Operation not supported: "
                     "unrecognized network update command code 99");
    g_assert_cmpint(virNetworkUpdate(n, ADD_LAST, DHCP, 5, "<host mac='00:16:3e:77:e2:e9' "
                                     "ip='192.168.122.99'/>", 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, "Requested operation is not "
                     "valid: couldn't update dhcp host entry - no <ip> element found at index 5 "
                     "in network 'default'");
    g_assert_cmpint(update(n, ADD_LAST, DHCP, "<host mac='00:16:3e:77:e2:e9' ip='192.168.122.99'/>",
                           0x10), ==, -1);
    obj_assert_flags_error("unsupported flags (0x10) in function testNetworkUpdate");

    /* The persistent definition was copied from the live one at the first
     * CONFIG change (foo0, foo1), then got foo2 and foo3; it shows once the
     * network is stopped and changed again (libvirt's test driver does not
     * apply it at stop). */
    g_assert_cmpint(virNetworkDestroy(n), ==, 0);
    g_assert_cmpint(update(n, ADD_LAST, DHCP, "<host mac='00:16:3e:77:e2:e4' name='foo4' "
                           "ip='192.168.122.14'/>", VIR_NETWORK_UPDATE_AFFECT_LIVE), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK,
                     "Requested operation is not valid: network is not running");
    g_assert_cmpint(update(n, ADD_LAST, DHCP, "<host mac='00:16:3e:77:e2:e4' name='foo4' "
                           "ip='192.168.122.14'/>", 0), ==, 0);
    assert_xml(n,
        "<network>\n"
        "  <name>default</name>\n"
        "  <uuid>" DEFAULT_UUID "</uuid>\n"
        "  <forward mode='nat'/>\n"
        "  <bridge name='virbr0' stp='on' delay='0'/>\n"
        "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
        "    <dhcp>\n"
        "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
        "      <host mac='00:16:3e:77:e2:e0' name='foo0' ip='192.168.122.10'/>\n"
        "      <host mac='00:16:3e:77:e2:e1' name='foo1' ip='192.168.122.11'/>\n"
        "      <host mac='00:16:3e:77:e2:e2' name='foo2' ip='192.168.122.12'/>\n"
        "      <host mac='00:16:3e:77:e2:e3' name='foo3' ip='192.168.122.13'/>\n"
        "      <host mac='00:16:3e:77:e2:e4' name='foo4' ip='192.168.122.14'/>\n"
        "    </dhcp>\n"
        "  </ip>\n"
        "</network>\n");
    virNetworkFree(n);

    virNetworkPtr t = virNetworkCreateXML(c, "<network><name>t1</name><ip address='10.1.1.1' "
                                             "prefix='24'/></network>");
    g_assert_cmpint(update(t, ADD_LAST, DHCP, "<host mac='00:16:3e:77:e2:e4' ip='10.1.1.14'/>",
                           VIR_NETWORK_UPDATE_AFFECT_CONFIG), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, "Requested operation is not "
                     "valid: cannot change persistent config of a transient network");
    g_assert_cmpint(update(t, ADD_LAST, DHCP, "<host mac='00:16:3e:77:e2:e5' name='foo5'/>", 0),
                    ==, -1);
    obj_assert_error(VIR_ERR_XML_ERROR, VIR_FROM_NETWORK, "XML error: Missing IP address in "
                     "static host definition for network 't1'");
    g_assert_cmpint(update(t, ADD_LAST, DHCP, "<host mac='00:16:3e:77:e2:e4' name='foo3' "
                           "ip='10.1.1.14'/>", 0), ==, 0);
    g_assert_cmpint(update(t, MODIFY, DHCP, "<host mac='00:16:3e:77:e2:e6' ip='10.1.1.15'/>", 0),
                    ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, "Requested operation is not "
                     "valid: couldn't locate an existing dhcp host entry with "
                     "\"mac='00:16:3e:77:e2:e6'\" \"name='(null)'\" \"ip='10.1.1.15'\" in "
                     "network 't1'");
    g_assert_cmpint(update(t, DELETE, DHCP, "<host mac='00:16:3e:77:e2:e4' ip='10.1.1.99'/>", 0),
                    ==, -1);
    g_assert_cmpint(update(t, DELETE, DHCP, "<host ip='10.1.1.14'/>", 0), ==, 0);
    g_assert_cmpint(update(t, DELETE, DNS, "<host ip='10.1.1.14'><hostname>x</hostname></host>",
                           0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, "Requested operation is not "
                     "valid: couldn't locate a matching DNS HOST record in network t1");
    g_assert_cmpint(update(t, ADD_LAST, DNS, "<host ip='10.1.1.14'><hostname>x</hostname></host>",
                           0), ==, 0);
    /* A DNS host matches by address or by any of its names. */
    g_assert_cmpint(update(t, DELETE, DNS, "<host ip='10.1.1.15'><hostname>y</hostname></host>",
                           0), ==, -1);
    g_assert_cmpint(update(t, DELETE, DNS, "<host ip='10.1.1.15'><hostname>x</hostname></host>",
                           0), ==, 0);
    virNetworkDestroy(t);
    virNetworkFree(t);
    virConnectClose(c);
}

static void on_network_event(virConnectPtr conn, virNetworkPtr net, int event, int detail,
                             void *opaque)
{
    (void)conn;
    (void)opaque;
    g_string_append_printf(obj_events, "%s:%d:%d\n", virNetworkGetName(net), event, detail);
}

static void test_events(void)
{
    virConnectPtr c = obj_open();
    g_string_truncate(obj_events, 0);
    int id = virConnectNetworkEventRegisterAny(c, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                               VIR_NETWORK_EVENT_CALLBACK(on_network_event),
                                               NULL, NULL);
    g_assert_cmpint(id, >=, 0);
    virNetworkPtr n2 = virNetworkDefineXML(c, "<network><name>n2</name></network>");
    virNetworkCreate(n2);
    virNetworkDestroy(n2);
    virNetworkDestroy(n2);
    virNetworkUndefine(n2);
    virNetworkFree(n2);
    virNetworkPtr t = virNetworkCreateXML(c, "<network><name>t1</name></network>");
    virNetworkDestroy(t);
    virNetworkFree(t);
    virNetworkPtr d = virNetworkDefineXML(c, "<network><name>default</name><uuid>" DEFAULT_UUID
                                             "</uuid></network>");
    virNetworkDestroy(d);
    virNetworkCreate(d);
    virNetworkFree(d);
    /* libvirt 9.0's numbers: DEFINED 0, UNDEFINED 1, STARTED 2, STOPPED 3. */
    obj_wait_events(10);
    g_assert_cmpstr(obj_events->str, ==,
                    "n2:0:0\nn2:2:0\nn2:3:0\nn2:3:0\nn2:1:0\nt1:2:0\nt1:3:0\n"
                    "default:0:0\ndefault:3:0\ndefault:2:0\n");
    virConnectNetworkEventDeregisterAny(c, id);
    virConnectClose(c);
}

int main(int argc, char **argv)
{
    obj_init(argc, argv);
    g_test_add_func("/testdrv/network/default", test_default);
    g_test_add_func("/testdrv/network/list", test_list);
    g_test_add_func("/testdrv/network/duplicates", test_duplicates);
    g_test_add_func("/testdrv/network/lifecycle", test_lifecycle);
    g_test_add_func("/testdrv/network/redefine", test_redefine);
    g_test_add_func("/testdrv/network/update", test_update);
    g_test_add_func("/testdrv/network/events", test_events);
    return g_test_run();
}
