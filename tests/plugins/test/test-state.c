/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test/test-state.c — test driver states and node files:
 * test:///default's objects and host values as libvirt 9.0's test driver
 * has them, one shared state across connections, a fresh one after the
 * last close, node files (file= references, the test: namespace) and
 * libvirt's errors for bad URIs and files. */
#include "testdrv.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *data_uri(const char *file)
{
    return g_strdup_printf("test://%s/%s", g_getenv("MV_TEST_DATA_DIR"), file);
}

/* libvirt 9.0: virsh -c test:///default dumpxml test */
static const char default_dom_xml[] =
    "<domain type='test' id='1'>\n"
    "  <name>test</name>\n"
    "  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
    "  <memory unit='KiB'>8388608</memory>\n"
    "  <currentMemory unit='KiB'>2097152</currentMemory>\n"
    "  <vcpu placement='static'>2</vcpu>\n"
    "  <os>\n"
    "    <type arch='i686'>hvm</type>\n"
    "    <boot dev='hd'/>\n"
    "  </os>\n"
    "  <clock offset='utc'/>\n"
    "  <on_poweroff>destroy</on_poweroff>\n"
    "  <on_reboot>restart</on_reboot>\n"
    "  <on_crash>destroy</on_crash>\n"
    "  <devices>\n"
    "    <disk type='file' device='disk'>\n"
    "      <source file='/guest/diskimage1'/>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
    "    </disk>\n"
    "    <interface type='network'>\n"
    "      <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "      <source network='default'/>\n"
    "      <target dev='testnet0'/>\n"
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n"
    "    </interface>\n"
    "    <memballoon model='virtio'>\n"
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
    "    </memballoon>\n"
    "  </devices>\n"
    "</domain>\n";

static void test_default_objects(void)
{
    virConnectPtr c = virConnectOpen(testdrv_default_uri());
    g_assert_nonnull(c);
    g_assert_cmpstr(virConnectGetType(c), ==, "TEST");
    unsigned long ver = 0;
    g_assert_cmpint(virConnectGetVersion(c, &ver), ==, 0);
    g_assert_cmpuint(ver, ==, 2);
    g_assert_cmpint(virConnectGetMaxVcpus(c, NULL), ==, 32);
    g_assert_cmpint(virConnectIsSecure(c), ==, 1);
    g_assert_cmpint(virConnectIsEncrypted(c), ==, 0);
    g_assert_cmpint(virConnectIsAlive(c), ==, 1);

    virDomainPtr d = virDomainLookupByName(c, "test");
    g_assert_nonnull(d);
    g_assert_cmpint((int)virDomainGetID(d), ==, 1);
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_assert_cmpint(virDomainGetUUIDString(d, uuid), ==, 0);
    g_assert_cmpstr(uuid, ==, "6695eb01-f6a4-8304-79aa-97f2502e193f");
    g_autofree char *xml = virDomainGetXMLDesc(d, 0);
    g_assert_cmpstr(xml, ==, default_dom_xml);
    int state = -1, reason = -1;
    g_assert_cmpint(virDomainGetState(d, &state, &reason, 0), ==, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_UNKNOWN);
    g_autofree char *os = virDomainGetOSType(d);
    g_assert_cmpstr(os, ==, "linux");
    g_assert_cmpint(virDomainIsPersistent(d), ==, 1);
    int autostart = -1;
    g_assert_cmpint(virDomainGetAutostart(d, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 0);
    virDomainFree(d);

    virNodeInfo ni;
    g_assert_cmpint(virNodeGetInfo(c, &ni), ==, 0);
    g_assert_cmpstr(ni.model, ==, "i686");
    g_assert_cmpuint(ni.memory, ==, 3145728);
    g_assert_cmpuint(ni.cpus, ==, 16);
    g_assert_cmpuint(ni.mhz, ==, 1400);
    g_assert_cmpuint(ni.nodes, ==, 2);
    g_assert_cmpuint(ni.sockets, ==, 2);
    g_assert_cmpuint(ni.cores, ==, 2);
    g_assert_cmpuint(ni.threads, ==, 2);
    g_assert_cmpuint(virNodeGetFreeMemory(c), ==, 3145728);
    unsigned long long cells[4] = { 0 };
    g_assert_cmpint(virNodeGetCellsFreeMemory(c, cells, 0, 4), ==, 2);
    g_assert_cmpuint(cells[0], ==, 2097152);
    g_assert_cmpuint(cells[1], ==, 4194304);
    g_assert_cmpint(virNodeGetCellsFreeMemory(c, cells, 1, 5), ==, 1);
    g_assert_cmpuint(cells[0], ==, 4194304);
    g_assert_cmpint(virNodeGetCellsFreeMemory(c, cells, 5, 2), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: Range exceeds available cells");

    g_autofree char *caps = virConnectGetCapabilities(c);
    g_assert_nonnull(caps);
    g_assert_nonnull(strstr(caps, "<cells num='2'>"));
    g_assert_nonnull(strstr(caps, "<cpu id='15' socket_id='1' die_id='0' core_id='7' siblings='15'/>"));
    g_assert_nonnull(strstr(caps, "<model>testSecurity</model>"));
    g_assert_nonnull(strstr(caps, "<os_type>xen</os_type>"));
    g_assert_nonnull(strstr(caps, "<emulator>/usr/bin/test-hv</emulator>\n      <domain type='test'/>"));
    virConnectClose(c);
}

static void test_shared_state(void)
{
    virConnectPtr a = virConnectOpen(testdrv_default_uri());
    virConnectPtr b = virConnectOpen(testdrv_default_uri());
    g_assert_nonnull(a);
    g_assert_nonnull(b);
    virDomainPtr d = virDomainLookupByName(a, "test");
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    virDomainFree(d);
    /* The other connection sees the same domain, shut off. */
    d = virDomainLookupByName(b, "test");
    g_assert_cmpint(virDomainIsActive(d), ==, 0);
    virDomainFree(d);
    virConnectClose(a);
    d = virDomainLookupByName(b, "test");
    g_assert_cmpint(virDomainIsActive(d), ==, 0);
    virDomainFree(d);
    virConnectClose(b);

    /* After the last close, a new first open starts afresh. */
    a = virConnectOpen(testdrv_default_uri());
    d = virDomainLookupByName(a, "test");
    g_assert_cmpint(virDomainIsActive(d), ==, 1);
    g_assert_cmpint((int)virDomainGetID(d), ==, 1);
    virDomainFree(d);
    virConnectClose(a);
}

static void test_node_file(void)
{
    g_autofree char *uri = data_uri("node.xml");
    virConnectPtr c = virConnectOpen(uri);
    g_assert_nonnull(c);
    virNodeInfo ni;
    g_assert_cmpint(virNodeGetInfo(c, &ni), ==, 0);
    g_assert_cmpstr(ni.model, ==, "x86_64");
    g_assert_cmpuint(ni.memory, ==, 1048576);
    g_assert_cmpuint(ni.cpus, ==, 4);
    g_assert_cmpuint(ni.mhz, ==, 1000);
    g_assert_cmpuint(ni.nodes, ==, 1);
    g_assert_cmpuint(ni.cores, ==, 4);
    g_assert_cmpuint(virNodeGetFreeMemory(c), ==, 0);
    unsigned long long cells[2];
    g_assert_cmpint(virNodeGetCellsFreeMemory(c, cells, 0, 1), ==, -1);

    /* libvirt 9.0 with the same file: name, id, state, reason,
     * persistent, managed save. */
    static const struct { const char *name; int id, state, persistent, msave; } want[] = {
        { "off", -1, VIR_DOMAIN_SHUTOFF, 1, 0 },
        { "paused", 1, VIR_DOMAIN_PAUSED, 1, 0 },
        { "saved", -1, VIR_DOMAIN_SHUTOFF, 1, 1 },
        { "trans", 2, VIR_DOMAIN_RUNNING, 0, 0 },
        { "run", 3, VIR_DOMAIN_RUNNING, 1, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        virDomainPtr d = virDomainLookupByName(c, want[i].name);
        int state, reason;
        g_assert_nonnull(d);
        g_assert_cmpint((int)virDomainGetID(d), ==, want[i].id);
        g_assert_cmpint(virDomainGetState(d, &state, &reason, 0), ==, 0);
        g_assert_cmpint(state, ==, want[i].state);
        g_assert_cmpint(reason, ==, 0);
        g_assert_cmpint(virDomainIsPersistent(d), ==, want[i].persistent);
        virDomainFree(d);
    }
    virDomainPtr *list = NULL;
    g_assert_cmpint(virConnectListAllDomains(c, &list, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE), ==, 1);
    g_assert_cmpstr(virDomainGetName(list[0]), ==, "saved");
    virDomainFree(list[0]);
    free(list);
    g_assert_cmpint(virConnectNumOfDomains(c), ==, 3);
    g_assert_cmpint(virConnectNumOfDefinedDomains(c), ==, 2);

    /* A managed save image blocks a plain undefine, as in libvirt. */
    virDomainPtr d = virDomainLookupByName(c, "saved");
    g_assert_cmpint(virDomainUndefine(d), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: Refusing to undefine while domain managed save image exists");
    g_assert_cmpint(virDomainUndefineFlags(d, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE), ==, 0);
    virDomainFree(d);
    virConnectClose(c);

    /* A private state: a second connection starts from the file again. */
    c = virConnectOpen(uri);
    d = virDomainLookupByName(c, "saved");
    g_assert_nonnull(d);
    virDomainFree(d);
    virConnectClose(c);
}

static void test_open_errors(void)
{
    g_assert_null(virConnectOpen("test:///"));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: testOpen: supply a path or use test:///default");
    g_assert_null(virConnectOpen("test:///nonexistent/node.xml"));
    assert_error(VIR_ERR_XML_ERROR, VIR_FROM_TEST,
                 "XML error: failed to parse xml document '/nonexistent/node.xml'");
    g_autofree char *bad = data_uri("bad.xml");
    g_assert_null(virConnectOpen(bad));
    assert_error(VIR_ERR_XML_DETAIL, VIR_FROM_TEST, NULL);
    g_autofree char *rs = data_uri("bad-runstate.xml");
    g_assert_null(virConnectOpen(rs));
    assert_error(VIR_ERR_XML_ERROR, VIR_FROM_TEST,
                 "XML error: transient domain cannot have runstate 'shutoff'");
    g_autofree char *ref = data_uri("missing-ref.xml");
    g_assert_null(virConnectOpen(ref));
    g_autofree char *msg = g_strdup_printf("XML error: failed to parse xml document '%s/nonexistent.xml'",
                                           g_getenv("MV_TEST_DATA_DIR"));
    assert_error(VIR_ERR_XML_ERROR, VIR_FROM_TEST, msg);
}

/* Node files and the files they name are regular files of bounded size:
 * test:///<FIFO> used to block forever (this test would then never end)
 * and test:///dev/zero to read gigabytes before failing; the error names
 * the check that refuses them before anything is read. */
static void test_open_not_regular(void)
{
    g_autofree char *dir = g_dir_make_tmp("testdrv-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename(dir, "fifo.xml", NULL);
    g_autofree char *big = g_build_filename(dir, "big.xml", NULL);
    g_autofree char *node = g_build_filename(dir, "node.xml", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    const char *const paths[] = { fifo, "/dev/zero", dir };

    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        g_autofree char *uri = g_strdup_printf("test://%s", paths[i]);
        g_assert_null(virConnectOpen(uri));
        g_autofree char *msg = g_strdup_printf(
            "XML error: failed to parse xml document '%s': not a regular file", paths[i]);
        assert_error(VIR_ERR_XML_ERROR, VIR_FROM_TEST, msg);
    }

    g_assert_true(g_file_set_contents(big, "", 0, NULL));
    g_assert_cmpint(truncate(big, 64 * 1024 * 1024), ==, 0);
    g_autofree char *big_uri = g_strdup_printf("test://%s", big);
    g_assert_null(virConnectOpen(big_uri));
    g_autofree char *big_msg = g_strdup_printf(
        "XML error: failed to parse xml document '%s': larger than 10485760 bytes", big);
    assert_error(VIR_ERR_XML_ERROR, VIR_FROM_TEST, big_msg);

    /* The same for a file a node file names. */
    g_assert_true(g_file_set_contents(node, "<node><domain file='fifo.xml'/></node>", -1, NULL));
    g_autofree char *node_uri = g_strdup_printf("test://%s", node);
    g_assert_null(virConnectOpen(node_uri));
    g_autofree char *ref_msg = g_strdup_printf(
        "XML error: failed to parse xml document '%s': not a regular file", fifo);
    assert_error(VIR_ERR_XML_ERROR, VIR_FROM_TEST, ref_msg);

    g_unlink(fifo);
    g_unlink(big);
    g_unlink(node);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/testdrv/state/default-objects", test_default_objects);
    g_test_add_func("/testdrv/state/shared", test_shared_state);
    g_test_add_func("/testdrv/state/open-not-regular", test_open_not_regular);
    g_test_add_func("/testdrv/state/node-file", test_node_file);
    g_test_add_func("/testdrv/state/open-errors", test_open_errors);
    return g_test_run();
}
