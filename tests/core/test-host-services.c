/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-host-services.c — a third party's hypervisor (the toy
 * fixture: scheme toy, domain type 'toy', built against the plugin API
 * only) gets what qemu and lxc get: its own domain type parsed and
 * formatted by the core, and the host's storage-dir pools and volumes and
 * bridge-net networks and interfaces on its connections, for the same root
 * as storage:/// and network:///. A driver that does not ask for host
 * services does not get them.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *root;        /* the embed root of every connection here */
static char *toy_uri;

static const char toy_domain[] =
    "<domain type='toy'>\n"
    "  <name>t1</name>\n"
    "  <memory unit='KiB'>65536</memory>\n"
    "  <os><type>hvm</type></os>\n"
    "</domain>\n";

static void copy_fixture(const char *dir, const char *name)
{
    g_autofree char *src = g_strdup_printf("%s/%s.so", g_getenv("MV_TEST_FIXTURE_DIR"), name);
    g_autofree char *dst = g_strdup_printf("%s/%s.so", dir, name);
    g_autofree char *data = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(src, &data, &len, NULL));
    g_assert_true(g_file_set_contents(dst, data, (gssize)len, NULL));
}

static virConnectPtr open_ok(const char *uri)
{
    virConnectPtr c = virConnectOpen(uri);
    if (!c)
        g_error("cannot open %s: %s", uri, virGetLastErrorMessage());
    return c;
}

static void assert_error(int code, const char *part)
{
    g_assert_cmpint(virGetLastErrorCode(), ==, code);
    const char *msg = virGetLastErrorMessage();
    if (!strstr(msg, part))
        g_error("error '%s' does not mention '%s'", msg, part);
}

/* Domains of the driver's own type are defined, listed and dumped; other
 * types get libvirt's errors. */
static void test_domain_type(void)
{
    virConnectPtr c = open_ok(toy_uri);
    g_assert_cmpstr(virConnectGetType(c), ==, "TOY");
    virDomainPtr d = virDomainDefineXML(c, toy_domain);
    g_assert_nonnull(d);
    g_autofree char *xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(xml);
    g_assert_true(g_str_has_prefix(xml, "<domain type='toy'>\n  <name>t1</name>\n"));
    virDomainFree(d);

    virDomainPtr *doms = NULL;
    g_assert_cmpint(virConnectListAllDomains(c, &doms, 0), ==, 1);
    g_assert_cmpstr(virDomainGetName(doms[0]), ==, "t1");
    virDomainFree(doms[0]);
    free(doms);

    g_autofree char *kvm = g_strdup(toy_domain);
    memcpy(strstr(kvm, "toy"), "kvm", 3);
    g_assert_null(virDomainDefineXML(c, kvm));
    assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "domain type 'kvm' is not supported by this driver");
    g_autofree char *bad = g_strdup(toy_domain);
    memcpy(strstr(bad, "toy"), "zzz", 3);
    g_assert_null(virDomainDefineXML(c, bad));
    assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "invalid domain type zzz");
    virConnectClose(c);

    /* Once declared, the type is known in the process: the test driver,
     * which takes every known type, reads and writes it back. */
    c = open_ok("test:///default");
    d = virDomainDefineXML(c, toy_domain);
    g_assert_nonnull(d);
    g_autofree char *back = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
    g_assert_true(g_str_has_prefix(back, "<domain type='toy'>"));
    virDomainFree(d);
    virConnectClose(c);
}

/* A pool and a volume made through the toy connection are the host's:
 * storage:/// on the same root sees them, and the volume's path is what a
 * driver hands its guest. */
static void test_storage(void)
{
    virConnectPtr c = open_ok(toy_uri);
    g_autofree char *images = g_build_filename(root, "images", NULL);
    g_autofree char *pool_xml = g_strdup_printf(
        "<pool type='dir'><name>toypool</name><target><path>%s</path></target></pool>", images);
    virStoragePoolPtr pool = virStoragePoolDefineXML(c, pool_xml, 0);
    g_assert_nonnull(pool);
    g_assert_cmpint(virStoragePoolBuild(pool, 0), ==, 0);
    g_assert_cmpint(virStoragePoolCreate(pool, 0), ==, 0);
    virStorageVolPtr vol = virStorageVolCreateXML(pool,
        "<volume><name>disk.img</name><capacity unit='MiB'>1</capacity>"
        "<target><format type='raw'/></target></volume>", 0);
    g_assert_nonnull(vol);
    g_autofree char *path = virStorageVolGetPath(vol);
    g_autofree char *want = g_build_filename(images, "disk.img", NULL);
    g_assert_cmpstr(path, ==, want);
    g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    virStorageVolFree(vol);

    g_autofree char *suri = g_strdup_printf("storage:///embed?root=%s", root);
    virConnectPtr s = open_ok(suri);
    virStoragePoolPtr *pools = NULL;
    g_assert_cmpint(virConnectListAllStoragePools(s, &pools, 0), ==, 1);
    g_assert_cmpstr(virStoragePoolGetName(pools[0]), ==, "toypool");
    g_assert_cmpint(virStoragePoolIsActive(pools[0]), ==, 1);
    virStoragePoolFree(pools[0]);
    free(pools);
    virConnectClose(s);

    g_assert_cmpint(virStoragePoolDestroy(pool), ==, 0);
    g_assert_cmpint(virStoragePoolUndefine(pool), ==, 0);
    virStoragePoolFree(pool);
    virConnectClose(c);
}

/* A network defined through the toy connection is the host's, and its
 * bridge is what a driver attaches its guests to; host interfaces list. */
static void test_network(void)
{
    virConnectPtr c = open_ok(toy_uri);
    virNetworkPtr net = virNetworkDefineXML(c,
        "<network><name>toynet</name><bridge name='mvtoy0'/>"
        "<ip address='192.0.2.1' netmask='255.255.255.0'/></network>");
    g_assert_nonnull(net);
    g_autofree char *bridge = virNetworkGetBridgeName(net);
    g_assert_cmpstr(bridge, ==, "mvtoy0");

    g_autofree char *nuri = g_strdup_printf("network:///embed?root=%s", root);
    virConnectPtr n = open_ok(nuri);
    virNetworkPtr *nets = NULL;
    g_assert_cmpint(virConnectListAllNetworks(n, &nets, 0), ==, 1);
    g_assert_cmpstr(virNetworkGetName(nets[0]), ==, "toynet");
    virNetworkFree(nets[0]);
    free(nets);

    /* The host's interfaces, as network:/// lists them. */
    g_assert_cmpint(virConnectNumOfInterfaces(c), >=, 1);
    g_assert_cmpint(virConnectListAllInterfaces(c, NULL, 0), ==,
                    virConnectListAllInterfaces(n, NULL, 0));
    virConnectClose(n);

    g_assert_cmpint(virNetworkUndefine(net), ==, 0);
    virNetworkFree(net);
    virConnectClose(c);
}

/* Names at the documented limit work in every driver that writes files
 * named after them; one byte more is refused cleanly, and nothing is left. */
static void test_long_names(void)
{
    virConnectPtr c = open_ok(toy_uri);
    for (int extra = 0; extra <= 1; extra++) {
        g_autofree char *name = g_strnfill(231 + extra, 'p');
        g_autofree char *dir = g_build_filename(root, "longpool", NULL);
        g_autofree char *pool_xml = g_strdup_printf(
            "<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>", name, dir);
        virStoragePoolPtr pool = virStoragePoolDefineXML(c, pool_xml, 0);
        g_autofree char *net_xml = g_strdup_printf("<network><name>%s</name></network>", name);
        virNetworkPtr net = pool || extra ? virNetworkDefineXML(c, net_xml) : NULL;
        if (extra) {
            g_assert_null(pool);
            g_assert_null(net);
            assert_error(VIR_ERR_INVALID_ARG, "is longer than the 231 bytes");
            continue;
        }
        g_assert_nonnull(pool);
        g_assert_nonnull(net);
        g_assert_cmpint(virStoragePoolSetAutostart(pool, 1), ==, 0);
        g_assert_cmpint(virStoragePoolUndefine(pool), ==, 0);
        g_assert_cmpint(virNetworkUndefine(net), ==, 0);
        virStoragePoolFree(pool);
        virNetworkFree(net);
    }
    virConnectClose(c);
}

/* host_services is declared, not listed by scheme: a hypervisor without it
 * (the fixture "small") gets no pools even with storage-dir loaded. */
static void test_not_declared(void)
{
    virConnectPtr c = open_ok("small:///default");
    virStoragePoolPtr *pools = NULL;
    g_assert_cmpint(virConnectListAllStoragePools(c, &pools, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, "virConnectListAllStoragePools");
    g_assert_cmpint(virConnectListAllNetworks(c, NULL, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, "virConnectListAllNetworks");
    virConnectClose(c);
}

/* toy:///system lists the host's pools and networks: the same as
 * storage:///system and network:///system. */
static void test_system(void)
{
    if (geteuid() != 0) {
        g_test_skip("toy:///system needs root (the system root of storage-dir and bridge-net)");
        return;
    }
    virConnectPtr c = open_ok("toy:///system");
    virConnectPtr s = open_ok("storage:///system");
    virConnectPtr n = open_ok("network:///system");
    g_assert_cmpint(virConnectNumOfDefinedStoragePools(c) + virConnectNumOfStoragePools(c), ==,
                    virConnectNumOfDefinedStoragePools(s) + virConnectNumOfStoragePools(s));
    g_assert_cmpint(virConnectListAllStoragePools(c, NULL, 0), ==,
                    virConnectListAllStoragePools(s, NULL, 0));
    g_assert_cmpint(virConnectListAllStoragePools(c, NULL, 0), >=, 0);
    g_assert_cmpint(virConnectListAllNetworks(c, NULL, 0), ==,
                    virConnectListAllNetworks(n, NULL, 0));
    g_assert_cmpint(virConnectListAllNetworks(c, NULL, 0), >=, 0);
    virConnectClose(n);
    virConnectClose(s);
    virConnectClose(c);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    const char *need[] = { "storage-dir", "bridge-net", "test" };
    g_autoptr(GString) dirs = g_string_new(NULL);
    g_autofree char *fixtures = g_dir_make_tmp("mv-toy-plugins-XXXXXX", NULL);
    copy_fixture(fixtures, "toy");
    copy_fixture(fixtures, "small");
    g_string_append(dirs, fixtures);
    for (size_t i = 0; i < G_N_ELEMENTS(need); i++) {
        g_autofree char *dir = g_build_filename(build, "plugins", need[i], NULL);
        if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
            printf("1..0 # SKIP the %s plugin is not built\n", need[i]);
            return 0;
        }
        g_string_append_printf(dirs, ":%s", dir);
    }
    g_setenv("MODVIRT_PLUGIN_DIR", dirs->str, TRUE);
    root = g_dir_make_tmp("mv-toy-root-XXXXXX", NULL);
    toy_uri = g_strdup_printf("toy:///embed?root=%s", root);

    g_test_add_func("/host-services/domain-type", test_domain_type);
    g_test_add_func("/host-services/storage", test_storage);
    g_test_add_func("/host-services/network", test_network);
    g_test_add_func("/host-services/long-names", test_long_names);
    g_test_add_func("/host-services/not-declared", test_not_declared);
    g_test_add_func("/host-services/system", test_system);
    int rc = g_test_run();

    g_autofree char *rm = g_strdup_printf("rm -rf '%s' '%s'", root, fixtures);
    if (system(rm) != 0)
        g_printerr("could not remove %s\n", root);
    return rc;
}
