/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test/test-interfaces.c — the test driver's host interfaces
 * against libvirt 9.0's test driver: eth1, listing, lookups by name and
 * MAC, define/undefine/create/destroy, and virInterfaceChange* transactions
 * (rollback restores the saved definitions, all inactive, as libvirt does). */
#include "objects-common.h"

static const char eth1_xml[] =
    "<interface type='ethernet' name='eth1'>\n"
    "  <start mode='onboot'/>\n"
    "  <mtu size='1492'/>\n"
    "  <protocol family='ipv4'>\n"
    "    <ip address='192.168.0.5' prefix='24'/>\n"
    "    <route gateway='192.168.0.1'/>\n"
    "  </protocol>\n"
    "  <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "</interface>\n";

static char *iface_states(virConnectPtr c, unsigned int flags)
{
    virInterfacePtr *ifaces = NULL;
    int n = virConnectListAllInterfaces(c, &ifaces, flags);
    g_assert_cmpint(n, >=, 0);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup_printf("%s=%d", virInterfaceGetName(ifaces[i]),
                                               virInterfaceIsActive(ifaces[i])));
        virInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    return obj_join_sorted(names);
}

#define ASSERT_STATES(c, flags, want) do { \
        char *got_ = iface_states(c, flags); \
        g_assert_cmpstr(got_, ==, want); \
        g_free(got_); \
    } while (0)

static void test_default(void)
{
    virConnectPtr c = obj_open();
    virInterfacePtr i = virInterfaceLookupByName(c, "eth1");
    g_assert_nonnull(i);
    g_assert_cmpstr(virInterfaceGetMACString(i), ==, "aa:bb:cc:dd:ee:ff");
    g_assert_cmpint(virInterfaceIsActive(i), ==, 1);
    char *xml = virInterfaceGetXMLDesc(i, 0);
    g_assert_cmpstr(xml, ==, eth1_xml);
    free(xml);
    g_assert_null(virInterfaceGetXMLDesc(i, VIR_INTERFACE_XML_INACTIVE));
    obj_assert_flags_error("unsupported flags (0x1) in function testInterfaceGetXMLDesc");
    g_assert_null(virInterfaceLookupByName(c, "x"));
    obj_assert_error(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST,
                     "Interface not found: no interface with matching name 'x'");
    g_assert_null(virInterfaceLookupByMACString(c, "aa:bb:cc:dd:ee:fe"));
    obj_assert_error(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST,
                     "Interface not found: no interface with matching mac 'aa:bb:cc:dd:ee:fe'");
    virInterfacePtr m = virInterfaceLookupByMACString(c, "AA:BB:CC:DD:EE:FF");
    g_assert_nonnull(m);
    g_assert_cmpstr(virInterfaceGetName(m), ==, "eth1");
    virInterfaceFree(m);

    ASSERT_STATES(c, 0, "eth1=1");
    ASSERT_STATES(c, VIR_CONNECT_LIST_INTERFACES_INACTIVE, "");
    ASSERT_STATES(c, VIR_CONNECT_LIST_INTERFACES_ACTIVE, "eth1=1");
    g_assert_cmpint(virConnectListAllInterfaces(c, NULL, 4), ==, -1);
    obj_assert_flags_error("unsupported flags (0x4) in function testConnectListAllInterfaces");
    g_assert_cmpint(virConnectNumOfInterfaces(c), ==, 1);
    g_assert_cmpint(virConnectNumOfDefinedInterfaces(c), ==, 0);
    virInterfaceFree(i);
    virConnectClose(c);
}

static void test_lifecycle(void)
{
    virConnectPtr c = obj_open();
    virInterfacePtr i = virInterfaceLookupByName(c, "eth1");
    g_assert_cmpint(virInterfaceCreate(i, 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, "Requested operation is not valid");
    g_assert_cmpint(virInterfaceDestroy(i, 0), ==, 0);
    g_assert_cmpint(virInterfaceIsActive(i), ==, 0);
    g_assert_cmpint(virInterfaceDestroy(i, 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, "Requested operation is not valid");
    g_assert_cmpint(virInterfaceDestroy(i, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testInterfaceDestroy");
    g_assert_cmpint(virInterfaceCreate(i, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testInterfaceCreate");
    g_assert_cmpint(virInterfaceCreate(i, 0), ==, 0);
    /* libvirt's test driver undefines a running interface. */
    g_assert_cmpint(virInterfaceUndefine(i), ==, 0);
    g_assert_cmpint(virInterfaceDestroy(i, 0), ==, -1);
    obj_assert_error(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST,
                     "Interface not found: no interface with matching name 'eth1'");
    g_assert_cmpint(virInterfaceIsActive(i), ==, -1);
    obj_assert_error(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST,
                     "Interface not found: no interface with matching name 'eth1'");
    virInterfaceFree(i);

    virInterfacePtr j = virInterfaceDefineXML(c, "<interface type='ethernet' name='eth2'><mac "
                                                 "address='aa:bb:cc:dd:ee:01'/></interface>", 0);
    g_assert_nonnull(j);
    g_assert_cmpint(virInterfaceIsActive(j), ==, 0);
    char *xml = virInterfaceGetXMLDesc(j, 0);
    g_assert_cmpstr(xml, ==, "<interface type='ethernet' name='eth2'>\n"
                             "  <mac address='aa:bb:cc:dd:ee:01'/>\n</interface>\n");
    free(xml);
    /* Redefining replaces the definition; the old handle keeps its MAC. */
    virInterfacePtr j2 = virInterfaceDefineXML(c, "<interface type='ethernet' name='eth2'><mac "
                                                  "address='aa:bb:cc:dd:ee:02'/><mtu size='1000'/>"
                                                  "</interface>", 0);
    xml = virInterfaceGetXMLDesc(j, 0);
    g_assert_cmpstr(xml, ==, "<interface type='ethernet' name='eth2'>\n  <mtu size='1000'/>\n"
                             "  <mac address='aa:bb:cc:dd:ee:02'/>\n</interface>\n");
    free(xml);
    g_assert_cmpstr(virInterfaceGetMACString(j), ==, "aa:bb:cc:dd:ee:01");
    virInterfacePtr j3 = virInterfaceDefineXML(c, "<interface type='ethernet' name='eth3'><mac "
                                                  "address='aa:bb:cc:dd:ee:02'/></interface>",
                                               VIR_INTERFACE_DEFINE_VALIDATE);
    g_assert_nonnull(j3);
    g_assert_null(virInterfaceDefineXML(c, "<interface type='ethernet' name='eth4'/>", 2));
    obj_assert_flags_error("unsupported flags (0x2) in function testInterfaceDefineXML");
    g_assert_null(virInterfaceLookupByMACString(c, "aa:bb:cc:dd:ee:02"));
    obj_assert_error(VIR_ERR_MULTIPLE_INTERFACES, VIR_FROM_TEST, "multiple matching interfaces found");
    ASSERT_STATES(c, 0, "eth2=0,eth3=0");
    g_assert_cmpint(virConnectNumOfDefinedInterfaces(c), ==, 2);
    virInterfaceFree(j);
    virInterfaceFree(j2);
    virInterfaceFree(j3);
    virConnectClose(c);
}

static void test_transactions(void)
{
    virConnectPtr c = obj_open();
    g_assert_cmpint(virInterfaceChangeCommit(c, 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, "Requested operation is not valid: "
                     "no transaction running, nothing to be committed.");
    g_assert_cmpint(virInterfaceChangeRollback(c, 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, "Requested operation is not valid: "
                     "no transaction running, nothing to rollback.");
    g_assert_cmpint(virInterfaceChangeBegin(c, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testInterfaceChangeBegin");
    g_assert_cmpint(virInterfaceChangeBegin(c, 0), ==, 0);
    g_assert_cmpint(virInterfaceChangeBegin(c, 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, "Requested operation is not valid: "
                     "there is another transaction running.");
    /* A second connection to test:///default shares the transaction. */
    virConnectPtr c2 = obj_open();
    g_assert_cmpint(virInterfaceChangeBegin(c2, 0), ==, -1);
    virInterfacePtr e4 = virInterfaceDefineXML(c, "<interface type='ethernet' name='eth4'/>", 0);
    virInterfacePtr e1 = virInterfaceLookupByName(c, "eth1");
    g_assert_cmpint(virInterfaceUndefine(e1), ==, 0);
    ASSERT_STATES(c, 0, "eth4=0");
    g_assert_cmpint(virInterfaceChangeRollback(c2, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testInterfaceChangeRollback");
    g_assert_cmpint(virInterfaceChangeRollback(c2, 0), ==, 0);
    /* eth1 is back, inactive: libvirt does not keep the state of the copy. */
    ASSERT_STATES(c, 0, "eth1=0");
    g_assert_cmpint(virInterfaceChangeRollback(c, 0), ==, -1);

    g_assert_cmpint(virInterfaceChangeBegin(c, 0), ==, 0);
    g_assert_cmpint(virInterfaceCreate(e1, 0), ==, 0);
    g_assert_cmpint(virInterfaceChangeCommit(c, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testInterfaceChangeCommit");
    g_assert_cmpint(virInterfaceChangeCommit(c, 0), ==, 0);
    g_assert_cmpint(virInterfaceChangeCommit(c, 0), ==, -1);
    ASSERT_STATES(c, 0, "eth1=1");
    /* A transaction left open is dropped with the state. */
    g_assert_cmpint(virInterfaceChangeBegin(c, 0), ==, 0);
    virInterfaceFree(e1);
    virInterfaceFree(e4);
    virConnectClose(c2);
    virConnectClose(c);
}

int main(int argc, char **argv)
{
    obj_init(argc, argv);
    g_test_add_func("/testdrv/interface/default", test_default);
    g_test_add_func("/testdrv/interface/lifecycle", test_lifecycle);
    g_test_add_func("/testdrv/interface/transactions", test_transactions);
    return g_test_run();
}
