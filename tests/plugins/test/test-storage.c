/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test/test-storage.c — the test driver's storage pools and
 * volumes against libvirt 9.0's test driver: the default pool, listing
 * filters, pool and volume life cycles, sizes, errors and pool events. Wipe,
 * resize and virStorageVolGetInfoFlags are not in libvirt's test driver;
 * their tests check modvirt's own behaviour (libvirt's storage driver's). */
#include "objects-common.h"

#define GIB (1024ULL * 1024 * 1024)
#define POOL_UUID "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"
#define P2_UUID "11111111-2222-3333-4444-555555555555"
#define P2_XML "<pool type='dir'><name>p2</name><uuid>" P2_UUID "</uuid>" \
               "<target><path>/p2</path></target></pool>"

static const char default_pool_xml[] =
    "<pool type='dir'>\n"
    "  <name>default-pool</name>\n"
    "  <uuid>" POOL_UUID "</uuid>\n"
    "  <capacity unit='bytes'>107374182400</capacity>\n"
    "  <allocation unit='bytes'>0</allocation>\n"
    "  <available unit='bytes'>107374182400</available>\n"
    "  <source>\n"
    "  </source>\n"
    "  <target>\n"
    "    <path>/default-pool</path>\n"
    "  </target>\n"
    "</pool>\n";

static void assert_info(virStoragePoolPtr p, int state, unsigned long long alloc)
{
    virStoragePoolInfo info;
    g_assert_cmpint(virStoragePoolGetInfo(p, &info), ==, 0);
    g_assert_cmpint(info.state, ==, state);
    g_assert_cmpuint(info.capacity, ==, 100 * GIB);
    g_assert_cmpuint(info.allocation, ==, alloc);
    g_assert_cmpuint(info.available, ==, 100 * GIB - alloc);
}

static void assert_vol_info(virStorageVolPtr v, unsigned long long cap, unsigned long long alloc)
{
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfo(v, &info), ==, 0);
    g_assert_cmpint(info.type, ==, VIR_STORAGE_VOL_FILE);
    g_assert_cmpuint(info.capacity, ==, cap);
    g_assert_cmpuint(info.allocation, ==, alloc);
}

static void assert_not_active(const char *pool)
{
    char msg[128];
    g_snprintf(msg, sizeof(msg), "Requested operation is not valid: storage pool '%s' is not active",
               pool);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, msg);
}

static void assert_active(const char *pool)
{
    char msg[128];
    g_snprintf(msg, sizeof(msg), "Requested operation is not valid: storage pool '%s' is active",
               pool);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, msg);
}

static char *pool_names(virConnectPtr c, unsigned int flags)
{
    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools(c, &pools, flags);
    g_assert_cmpint(n, >=, 0);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virStoragePoolGetName(pools[i])));
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    return obj_join_sorted(names);
}

static void test_default_pool(void)
{
    virConnectPtr c = obj_open();
    virStoragePoolPtr p = virStoragePoolLookupByName(c, "default-pool");
    g_assert_nonnull(p);
    assert_info(p, VIR_STORAGE_POOL_RUNNING, 0);
    int a = -1;
    g_assert_cmpint(virStoragePoolGetAutostart(p, &a), ==, 0);
    g_assert_cmpint(a, ==, 0);
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 1);
    g_assert_cmpint(virStoragePoolIsPersistent(p), ==, 1);
    char *xml = virStoragePoolGetXMLDesc(p, 0);
    g_assert_cmpstr(xml, ==, default_pool_xml);
    free(xml);
    g_assert_null(virStoragePoolGetXMLDesc(p, 1));
    obj_assert_flags_error("unsupported flags (0x1) in function testStoragePoolGetXMLDesc");
    g_assert_null(virStoragePoolLookupByName(c, "x"));
    obj_assert_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST,
                     "Storage pool not found: no storage pool with matching name 'x'");
    g_assert_null(virStoragePoolLookupByUUIDString(c, "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4560"));
    obj_assert_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST, "Storage pool not found: no storage "
                     "pool with matching uuid 'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4560'");
    virStoragePoolPtr u = virStoragePoolLookupByUUIDString(c, POOL_UUID);
    g_assert_cmpstr(virStoragePoolGetName(u), ==, "default-pool");
    virStoragePoolFree(u);
    g_assert_null(virStoragePoolLookupByTargetPath(c, "/default-pool"));
    obj_assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE, "this function is not supported by "
                     "the connection driver: virStoragePoolLookupByTargetPath");
    virStoragePoolFree(p);
    virConnectClose(c);
}

static void test_sources(void)
{
    virConnectPtr c = obj_open();
    char *s = virConnectFindStoragePoolSources(c, "logical", NULL, 0);
    g_assert_cmpstr(s, ==, "<sources>\n  <source>\n    <device path='/dev/sda20'/>\n"
                    "    <name>testvg1</name>\n    <format type='lvm2'/>\n  </source>\n"
                    "  <source>\n    <device path='/dev/sda21'/>\n    <name>testvg2</name>\n"
                    "    <format type='lvm2'/>\n  </source>\n</sources>\n");
    free(s);
    s = virConnectFindStoragePoolSources(c, "netfs", "<source><host name='foo'/></source>", 0);
    g_assert_cmpstr(s, ==, "<sources>\n  <source>\n    <host name='foo'/>\n"
                    "    <dir path='/testshare'/>\n    <format type='nfs'/>\n  </source>\n"
                    "</sources>\n");
    free(s);
    g_assert_null(virConnectFindStoragePoolSources(c, "netfs", NULL, 0));
    obj_assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                     "invalid argument: hostname must be specified for netfs sources");
    g_assert_null(virConnectFindStoragePoolSources(c, "dir", NULL, 0));
    obj_assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
                     "internal error: unknown storage pool type dir");
    g_assert_null(virConnectFindStoragePoolSources(c, "bogus", NULL, 0));
    obj_assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_TEST, "this function is not supported by the "
                     "connection driver: pool type 'bogus' does not support source discovery");
    virConnectClose(c);
}

static void test_pool_duplicates(void)
{
    virConnectPtr c = obj_open();
    g_assert_null(virStoragePoolDefineXML(c, "<pool type='dir'><name>default-pool</name>"
                                             "<target><path>/x</path></target></pool>", 0));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE, "operation failed: pool "
                     "'default-pool' already exists with uuid " POOL_UUID);
    g_assert_null(virStoragePoolDefineXML(c, "<pool type='dir'><name>p2</name><uuid>" POOL_UUID
                                             "</uuid><target><path>/x</path></target></pool>", 0));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE, "operation failed: pool "
                     "'default-pool' is already defined with uuid " POOL_UUID);
    g_assert_null(virStoragePoolDefineXML(c, "<pool type='dir'><name>p2</name><target><path>"
                                             "/default-pool</path></target></pool>", 0));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE,
                     "operation failed: Storage source conflict with pool: 'default-pool'");
    g_assert_null(virStoragePoolCreateXML(c, "<pool type='dir'><name>default-pool</name><uuid>"
                                             POOL_UUID "</uuid><target><path>/default-pool"
                                             "</path></target></pool>", 0));
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_STORAGE, "Requested operation is not "
                     "valid: pool is already active as 'default-pool'");
    g_assert_null(virStoragePoolCreateXML(c, P2_XML, VIR_STORAGE_POOL_CREATE_WITH_BUILD));
    obj_assert_flags_error("unsupported flags (0x1) in function testStoragePoolCreateXML");
    virConnectClose(c);
}

static void test_pool_lifecycle(void)
{
    virConnectPtr c = obj_open();
    virStoragePoolPtr p = virStoragePoolDefineXML(c, P2_XML, 0);
    g_assert_nonnull(p);
    assert_info(p, VIR_STORAGE_POOL_INACTIVE, 0);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, -1);
    assert_not_active("p2");
    char *names[2];
    g_assert_cmpint(virStoragePoolListVolumes(p, names, 2), ==, -1);
    assert_not_active("p2");
    virStorageVolPtr *vols = NULL;
    g_assert_cmpint(virStoragePoolListAllVolumes(p, &vols, 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                     "Requested operation is not valid: storage pool is not active");
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, -1);
    assert_not_active("p2");
    g_assert_cmpint(virStoragePoolDestroy(p), ==, -1);
    assert_not_active("p2");
    g_assert_null(virStorageVolCreateXML(p, "<volume><name>v</name><capacity>10</capacity>"
                                            "</volume>", 0));
    assert_not_active("p2");
    g_assert_cmpint(virStoragePoolBuild(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolBuild(p, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testStoragePoolBuild");
    g_assert_cmpint(virStoragePoolDelete(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolSetAutostart(p, 1), ==, 0);

    static const struct { unsigned int flags; const char *names; } cases[] = {
        { VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE, "p2" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE, "default-pool" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT, "default-pool,p2" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT, "" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART, "p2" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART, "default-pool" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_DIR, "default-pool,p2" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_FS, "" },
        { VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT, "" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = pool_names(c, cases[i].flags);
        g_assert_cmpstr(got, ==, cases[i].names);
        g_free(got);
    }
    g_assert_cmpint(virConnectListAllStoragePools(c, NULL, 1 << 20), ==, -1);
    obj_assert_flags_error("unsupported flags (0x100000) in function testConnectListAllStoragePools");
    g_assert_cmpint(virConnectNumOfStoragePools(c), ==, 1);
    g_assert_cmpint(virConnectNumOfDefinedStoragePools(c), ==, 1);

    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, -1);
    assert_active("p2");
    g_assert_cmpint(virStoragePoolDelete(p, 0), ==, -1);
    assert_active("p2");
    g_assert_cmpint(virStoragePoolBuild(p, 0), ==, -1);
    assert_active("p2");
    g_assert_cmpint(virStoragePoolUndefine(p), ==, -1);
    assert_active("p2");
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 0);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    g_assert_cmpint(virStoragePoolUndefine(p), ==, 0);
    g_assert_cmpint(virStoragePoolUndefine(p), ==, -1);
    obj_assert_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST,
                     "Storage pool not found: no storage pool with matching name 'p2'");
    virStoragePoolFree(p);
    virConnectClose(c);
}

static void test_pool_transient(void)
{
    virConnectPtr c = obj_open();
    virStoragePoolPtr t = virStoragePoolCreateXML(c, "<pool type='dir'><name>t</name><target>"
                                                     "<path>/t</path></target></pool>", 0);
    g_assert_nonnull(t);
    g_assert_cmpint(virStoragePoolIsPersistent(t), ==, 0);
    g_assert_cmpint(virStoragePoolIsActive(t), ==, 1);
    g_assert_cmpint(virStoragePoolSetAutostart(t, 1), ==, -1);
    obj_assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: pool has no config file");
    g_assert_cmpint(virStoragePoolUndefine(t), ==, -1);
    assert_active("t");
    g_assert_cmpint(virStoragePoolDestroy(t), ==, 0);
    char uuid[VIR_UUID_STRING_BUFLEN], msg[128];
    virStoragePoolGetUUIDString(t, uuid);
    g_snprintf(msg, sizeof(msg), "Storage pool not found: no storage pool with matching uuid '%s'",
               uuid);
    g_assert_cmpint(virStoragePoolIsActive(t), ==, -1);
    obj_assert_error(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST, msg);
    virStoragePoolFree(t);

    /* Creating over an inactive persistent pool makes it transient. */
    virStoragePoolPtr p = virStoragePoolDefineXML(c, P2_XML, 0);
    t = virStoragePoolCreateXML(c, "<pool type='dir'><name>p2</name><uuid>" P2_UUID "</uuid>"
                                   "<target><path>/p2x</path></target></pool>", 0);
    g_assert_nonnull(t);
    g_assert_cmpint(virStoragePoolIsPersistent(p), ==, 0);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    g_assert_null(virStoragePoolLookupByName(c, "p2"));
    virStoragePoolFree(t);
    virStoragePoolFree(p);
    virConnectClose(c);
}

static void test_volumes(void)
{
    virConnectPtr c = obj_open();
    virStoragePoolPtr p = virStoragePoolLookupByName(c, "default-pool");
    virStorageVolPtr v = virStorageVolCreateXML(p, "<volume><name>v1</name><capacity unit='G'>1"
                                                   "</capacity><allocation>0</allocation><target>"
                                                   "<format type='qcow2'/></target></volume>", 0);
    g_assert_nonnull(v);
    g_assert_cmpstr(virStorageVolGetName(v), ==, "v1");
    g_assert_cmpstr(virStorageVolGetKey(v), ==, "/default-pool/v1");
    char *s = virStorageVolGetPath(v);
    g_assert_cmpstr(s, ==, "/default-pool/v1");
    free(s);
    assert_vol_info(v, GIB, 0);
    s = virStorageVolGetXMLDesc(v, 0);
    g_assert_cmpstr(s, ==, "<volume type='file'>\n  <name>v1</name>\n  <key>/default-pool/v1</key>\n"
                    "  <capacity unit='bytes'>1073741824</capacity>\n"
                    "  <allocation unit='bytes'>0</allocation>\n  <target>\n"
                    "    <path>/default-pool/v1</path>\n    <format type='qcow2'/>\n"
                    "  </target>\n</volume>\n");
    free(s);
    g_assert_null(virStorageVolGetXMLDesc(v, 1));
    obj_assert_flags_error("unsupported flags (0x1) in function testStorageVolGetXMLDesc");
    assert_info(p, VIR_STORAGE_POOL_RUNNING, 0);

    g_assert_null(virStorageVolCreateXML(p, "<volume><name>v1</name><capacity>10</capacity>"
                                            "</volume>", 0));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_TEST,
                     "operation failed: storage vol already exists");
    g_assert_null(virStorageVolCreateXML(p, "<volume><name>v2</name><capacity>10</capacity>"
                                            "</volume>", 1));
    obj_assert_flags_error("unsupported flags (0x1) in function testStorageVolCreateXML");
    g_assert_null(virStorageVolCreateXML(p, "<volume><name>big</name><capacity unit='G'>200"
                                            "</capacity></volume>", 0));
    obj_assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
                     "internal error: Not enough free space in pool for volume 'big'");
    virStorageVolPtr big = virStorageVolCreateXML(p, "<volume><name>big</name><capacity unit='G'>"
                                                     "200</capacity><allocation>0</allocation>"
                                                     "</volume>", 0);
    virStorageVolPtr big2 = virStorageVolCreateXML(p, "<volume><name>big2</name><capacity "
                                                      "unit='G'>200</capacity><allocation>10"
                                                      "</allocation></volume>", 0);
    g_assert_nonnull(big);
    g_assert_nonnull(big2);
    assert_info(p, VIR_STORAGE_POOL_RUNNING, 10);

    g_assert_null(virStorageVolLookupByName(p, "nope"));
    obj_assert_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
                     "Storage volume not found: no storage vol with matching name 'nope'");
    g_assert_null(virStorageVolLookupByKey(c, "nope"));
    obj_assert_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
                     "Storage volume not found: no storage vol with matching key 'nope'");
    g_assert_null(virStorageVolLookupByPath(c, "nope"));
    obj_assert_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
                     "Storage volume not found: no storage vol with matching path 'nope'");
    virStorageVolPtr k = virStorageVolLookupByKey(c, "/default-pool/v1");
    g_assert_cmpstr(virStorageVolGetName(k), ==, "v1");
    virStorageVolFree(k);
    k = virStorageVolLookupByPath(c, "/default-pool/big");
    g_assert_cmpstr(virStorageVolGetName(k), ==, "big");
    virStorageVolFree(k);
    virStoragePoolPtr pv = virStoragePoolLookupByVolume(v);
    g_assert_cmpstr(virStoragePoolGetName(pv), ==, "default-pool");
    virStoragePoolFree(pv);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 3);
    virStorageVolPtr *vols = NULL;
    g_assert_cmpint(virStoragePoolListAllVolumes(p, &vols, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testStoragePoolListAllVolumes");
    g_assert_cmpint(virStoragePoolListAllVolumes(p, &vols, 0), ==, 3);
    for (int i = 0; i < 3; i++)
        virStorageVolFree(vols[i]);
    free(vols);

    /* A clone takes its sizes from the XML, not from the source. */
    virStorageVolPtr v2 = virStorageVolCreateXMLFrom(p, "<volume><name>v2</name><capacity>10"
                                                        "</capacity></volume>", v, 0);
    g_assert_nonnull(v2);
    assert_vol_info(v2, 10, 10);
    g_assert_null(virStorageVolCreateXMLFrom(p, "<volume><name>v2</name><capacity>10</capacity>"
                                                "</volume>", v, 0));
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_TEST,
                     "operation failed: storage vol already exists");
    g_assert_null(virStorageVolCreateXMLFrom(p, "<volume><name>v3</name><capacity>10</capacity>"
                                                "</volume>", v, 1));
    obj_assert_flags_error("unsupported flags (0x1) in function testStorageVolCreateXMLFrom");
    assert_info(p, VIR_STORAGE_POOL_RUNNING, 20);

    g_assert_cmpint(virStorageVolDelete(v, 0), ==, 0);
    g_assert_cmpint(virStorageVolDelete(v, 0), ==, -1);
    obj_assert_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
                     "Storage volume not found: no storage vol with matching name 'v1'");
    g_assert_null(virStorageVolGetPath(v));
    g_assert_cmpint(virStorageVolDelete(v2, 1), ==, -1);
    obj_assert_flags_error("unsupported flags (0x1) in function testStorageVolDelete");
    assert_info(p, VIR_STORAGE_POOL_RUNNING, 20);

    /* Volumes of a stopped pool stay, but cannot be reached. */
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfo(v2, &info), ==, -1);
    assert_not_active("default-pool");
    g_assert_cmpint(virStorageVolDelete(v2, 0), ==, -1);
    assert_not_active("default-pool");
    g_assert_null(virStorageVolLookupByName(p, "v2"));
    assert_not_active("default-pool");
    g_assert_null(virStorageVolLookupByKey(c, "/default-pool/v2"));
    obj_assert_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST, "Storage volume not found: no storage "
                     "vol with matching key '/default-pool/v2'");
    pv = virStoragePoolLookupByVolume(v2);
    g_assert_nonnull(pv);
    virStoragePoolFree(pv);
    assert_info(p, VIR_STORAGE_POOL_INACTIVE, 20);
    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 3);

    /* The source of a clone is looked up in the target pool. */
    virStoragePoolPtr p2 = virStoragePoolCreateXML(c, P2_XML, 0);
    g_assert_null(virStorageVolCreateXMLFrom(p2, "<volume><name>v4</name><capacity>10</capacity>"
                                                 "</volume>", big, 0));
    obj_assert_error(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST,
                     "Storage volume not found: no storage vol with matching name 'big'");
    virStoragePoolDestroy(p2);
    virStoragePoolFree(p2);

    virStorageVolFree(v);
    virStorageVolFree(v2);
    virStorageVolFree(big);
    virStorageVolFree(big2);
    virStoragePoolFree(p);
    virConnectClose(c);
}

/* Not in libvirt 9.0's test driver (VIR_ERR_NO_SUPPORT there). */
static void test_wipe_resize(void)
{
    virConnectPtr c = obj_open();
    virStoragePoolPtr p = virStoragePoolLookupByName(c, "default-pool");
    virStorageVolPtr v = virStorageVolCreateXML(p, "<volume><name>v</name><capacity unit='G'>1"
                                                   "</capacity><allocation>0</allocation>"
                                                   "</volume>", 0);
    g_assert_cmpint(virStorageVolWipe(v, 0), ==, 0);
    g_assert_cmpint(virStorageVolWipePattern(v, VIR_STORAGE_VOL_WIPE_ALG_TRIM, 0), ==, 0);
    g_assert_cmpint(virStorageVolWipePattern(v, 99, 0), ==, -1);
    obj_assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                     "invalid argument: wiping algorithm 99 not supported");
    g_assert_cmpint(virStorageVolResize(v, 2 * GIB, 0), ==, 0);
    assert_vol_info(v, 2 * GIB, 0);
    g_assert_cmpint(virStorageVolResize(v, GIB, 0), ==, -1);
    obj_assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: Can't shrink capacity "
                     "below current capacity unless shrink flag explicitly specified");
    g_assert_cmpint(virStorageVolResize(v, GIB, VIR_STORAGE_VOL_RESIZE_SHRINK), ==, 0);
    g_assert_cmpint(virStorageVolResize(v, GIB, VIR_STORAGE_VOL_RESIZE_DELTA |
                                        VIR_STORAGE_VOL_RESIZE_ALLOCATE), ==, 0);
    assert_vol_info(v, 2 * GIB, 2 * GIB);
    assert_info(p, VIR_STORAGE_POOL_RUNNING, 2 * GIB);
    g_assert_cmpint(virStorageVolResize(v, GIB, VIR_STORAGE_VOL_RESIZE_SHRINK), ==, -1);
    obj_assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                     "invalid argument: can't shrink capacity below existing allocation");
    g_assert_cmpint(virStorageVolResize(v, 200 * GIB, 0), ==, -1);
    obj_assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_TEST,
                     "operation failed: Not enough space left in storage pool");
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfoFlags(v, &info, 1), ==, -1);
    virStorageVolFree(v);
    virStoragePoolFree(p);
    virConnectClose(c);
}

static void on_pool_event(virConnectPtr conn, virStoragePoolPtr pool, int event, int detail,
                          void *opaque)
{
    (void)conn;
    (void)opaque;
    g_string_append_printf(obj_events, "%s:%d:%d\n", virStoragePoolGetName(pool), event, detail);
}

static void on_pool_refresh(virConnectPtr conn, virStoragePoolPtr pool, void *opaque)
{
    (void)conn;
    (void)opaque;
    g_string_append_printf(obj_events, "%s:refresh\n", virStoragePoolGetName(pool));
}

static void test_pool_events(void)
{
    virConnectPtr c = obj_open();
    g_string_truncate(obj_events, 0);
    int id1 = virConnectStoragePoolEventRegisterAny(c, NULL, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                    VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool_event),
                                                    NULL, NULL);
    int id2 = virConnectStoragePoolEventRegisterAny(c, NULL, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                    VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool_refresh),
                                                    NULL, NULL);
    g_assert_cmpint(id1, >=, 0);
    g_assert_cmpint(id2, >=, 0);
    virStoragePoolPtr p = virStoragePoolDefineXML(c, P2_XML, 0);
    virStoragePoolBuild(p, 0);
    virStoragePoolDelete(p, 0);
    virStoragePoolCreate(p, 0);
    virStoragePoolRefresh(p, 0);
    virStoragePoolDestroy(p);
    virStoragePoolUndefine(p);
    virStoragePoolFree(p);
    p = virStoragePoolCreateXML(c, "<pool type='dir'><name>t</name><target><path>/t</path>"
                                   "</target></pool>", 0);
    virStoragePoolDestroy(p);
    virStoragePoolFree(p);
    /* libvirt 9.0: DEFINED 0, UNDEFINED 1, STARTED 2, STOPPED 3, CREATED 4, DELETED 5. */
    obj_wait_events(9);
    g_assert_cmpstr(obj_events->str, ==, "p2:0:0\np2:4:0\np2:5:0\np2:2:0\np2:refresh\np2:3:0\n"
                    "p2:1:0\nt:2:0\nt:3:0\n");
    virConnectStoragePoolEventDeregisterAny(c, id1);
    virConnectStoragePoolEventDeregisterAny(c, id2);
    virConnectClose(c);
}

int main(int argc, char **argv)
{
    obj_init(argc, argv);
    g_test_add_func("/testdrv/storage/default-pool", test_default_pool);
    g_test_add_func("/testdrv/storage/sources", test_sources);
    g_test_add_func("/testdrv/storage/pool-duplicates", test_pool_duplicates);
    g_test_add_func("/testdrv/storage/pool-lifecycle", test_pool_lifecycle);
    g_test_add_func("/testdrv/storage/pool-transient", test_pool_transient);
    g_test_add_func("/testdrv/storage/volumes", test_volumes);
    g_test_add_func("/testdrv/storage/wipe-resize", test_wipe_resize);
    g_test_add_func("/testdrv/storage/pool-events", test_pool_events);
    return g_test_run();
}
