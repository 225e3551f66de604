/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/storage-dir/test-sdir-pools.c — dir pools in an embed
 * root: life cycle, build and delete on disk, lookups, listing filters,
 * info and XML figures, duplicate checks, events, and persistence of
 * definitions, autostart and volumes across a re-open. */
#include "sdir-test.h"

static void test_lifecycle(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    g_autofree char *xml = sdir_pool_xml("p", fx.pooldir);
    virStoragePoolPtr p = virStoragePoolDefineXML(fx.conn, xml, 0);
    g_assert_nonnull(p);
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 0);
    g_assert_cmpint(virStoragePoolIsPersistent(p), ==, 1);
    /* start without the directory: libvirt's system error */
    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, -1);
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, "cannot open directory");
    g_assert_cmpint(virStoragePoolBuild(p, VIR_STORAGE_POOL_BUILD_OVERWRITE |
                                           VIR_STORAGE_POOL_BUILD_NO_OVERWRITE), ==, -1);
    sdir_assert_error(VIR_ERR_INVALID_ARG, "mutually exclusive");
    g_assert_cmpint(virStoragePoolBuild(p, 0), ==, 0);
    struct stat sb;
    g_assert_cmpint(stat(fx.pooldir, &sb), ==, 0);
    g_assert_cmpint(sb.st_mode & 0777, ==, 0750);
    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, -1);
    sdir_assert_error(VIR_ERR_OPERATION_INVALID, "is already active");
    g_assert_cmpint(virStoragePoolBuild(p, 0), ==, -1);
    g_assert_cmpint(virStoragePoolUndefine(p), ==, -1);
    sdir_assert_error(VIR_ERR_OPERATION_INVALID, "still active");

    virStoragePoolInfo info;
    g_assert_cmpint(virStoragePoolGetInfo(p, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_STORAGE_POOL_RUNNING);
    g_assert_cmpuint(info.capacity, >, 0);
    g_assert_cmpuint(info.available, <=, info.capacity);
    g_autofree char *live = virStoragePoolGetXMLDesc(p, 0);
    g_assert_nonnull(strstr(live, "<available unit='bytes'>"));
    g_assert_nonnull(strstr(live, fx.pooldir));

    /* lookups */
    virStoragePoolPtr q = virStoragePoolLookupByName(fx.conn, "p");
    g_assert_nonnull(q);
    virStoragePoolFree(q);
    unsigned char uuid[VIR_UUID_BUFLEN];
    g_assert_cmpint(virStoragePoolGetUUID(p, uuid), ==, 0);
    g_assert_nonnull((q = virStoragePoolLookupByUUID(fx.conn, uuid)));
    virStoragePoolFree(q);
    g_autofree char *slashed = g_strconcat(fx.pooldir, "//", NULL);
    g_assert_nonnull((q = virStoragePoolLookupByTargetPath(fx.conn, slashed)));
    virStoragePoolFree(q);
    g_assert_null(virStoragePoolLookupByName(fx.conn, "nope"));
    sdir_assert_error(VIR_ERR_NO_STORAGE_POOL, "no storage pool with matching name 'nope'");
    g_assert_null(virStoragePoolLookupByTargetPath(fx.conn, "/nowhere"));
    sdir_assert_error(VIR_ERR_NO_STORAGE_POOL, NULL);

    /* delete refuses an active pool, then a non-empty directory */
    g_assert_cmpint(virStoragePoolDelete(p, 0), ==, -1);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, -1);
    sdir_assert_error(VIR_ERR_OPERATION_INVALID, "is not active");
    g_autofree char *f = g_build_filename(fx.pooldir, "keep", NULL);
    sdir_write_file(f, "x", 1);
    g_assert_cmpint(virStoragePoolDelete(p, 0), ==, -1);
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, "failed to remove pool");
    g_assert_true(g_file_test(f, G_FILE_TEST_EXISTS));
    g_unlink(f);
    g_assert_cmpint(virStoragePoolDelete(p, 0), ==, 0);
    g_assert_false(g_file_test(fx.pooldir, G_FILE_TEST_EXISTS));
    g_assert_cmpint(virStoragePoolUndefine(p), ==, 0);
    g_assert_null(virStoragePoolLookupByName(fx.conn, "p"));
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

static void test_transient_and_dups(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    g_autofree char *xml = sdir_pool_xml("t", fx.pooldir);
    virStoragePoolPtr t = virStoragePoolCreateXML(fx.conn, xml, VIR_STORAGE_POOL_CREATE_WITH_BUILD);
    g_assert_nonnull(t);
    g_assert_cmpint(virStoragePoolIsPersistent(t), ==, 0);
    g_assert_cmpint(virStoragePoolSetAutostart(t, 1), ==, -1);
    sdir_assert_error(VIR_ERR_INTERNAL_ERROR, "transient");
    /* same target, other name */
    g_autofree char *other = sdir_pool_xml("u", fx.pooldir);
    g_assert_null(virStoragePoolDefineXML(fx.conn, other, 0));
    sdir_assert_error(VIR_ERR_OPERATION_FAILED, "Storage source conflict with pool: 't'");
    /* same name, other uuid */
    g_autofree char *dir2 = g_build_filename(fx.root, "p2", NULL);
    g_autofree char *same = sdir_pool_xml("t", dir2);
    g_assert_null(virStoragePoolDefineXML(fx.conn, same, 0));
    sdir_assert_error(VIR_ERR_OPERATION_FAILED, "already exists with uuid");
    /* not a dir pool, relative target */
    g_assert_null(virStoragePoolDefineXML(fx.conn,
        "<pool type='fs'><name>f</name><source><device path='/dev/x'/></source>"
        "<target><path>/mnt</path></target></pool>", 0));
    sdir_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "only 'dir'");
    int n = virConnectListAllStoragePools(fx.conn, NULL, VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpint(virConnectListAllStoragePools(fx.conn, NULL,
                                                  VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT), ==, 0);
    g_assert_cmpint(virConnectListAllStoragePools(fx.conn, NULL,
                                                  VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL), ==, 0);
    virStoragePoolPtr *list = NULL;
    g_assert_cmpint(virConnectListAllStoragePools(fx.conn, &list, 0), ==, 1);
    g_assert_cmpstr(virStoragePoolGetName(list[0]), ==, "t");
    virStoragePoolFree(list[0]);
    free(list);
    g_assert_cmpint(virStoragePoolDestroy(t), ==, 0);
    g_assert_null(virStoragePoolLookupByName(fx.conn, "t"));
    virStoragePoolFree(t);
    sdir_fx_close(&fx);
}

static int events_seen[16];
static int refresh_seen;

static void on_lifecycle(virConnectPtr c, virStoragePoolPtr p, int ev, int detail, void *op)
{
    (void)c, (void)p, (void)detail, (void)op;
    if (ev >= 0 && ev < 16)
        events_seen[ev]++;
}

static void on_refresh(virConnectPtr c, virStoragePoolPtr p, void *op)
{
    (void)c, (void)p, (void)op;
    refresh_seen++;
}

static void test_events(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    int a = virConnectStoragePoolEventRegisterAny(fx.conn, NULL,
        VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, VIR_STORAGE_POOL_EVENT_CALLBACK(on_lifecycle), NULL, NULL);
    int b = virConnectStoragePoolEventRegisterAny(fx.conn, NULL,
        VIR_STORAGE_POOL_EVENT_ID_REFRESH, VIR_STORAGE_POOL_EVENT_CALLBACK(on_refresh), NULL, NULL);
    g_assert_cmpint(a, >=, 0);
    g_assert_cmpint(b, >=, 0);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    for (int i = 0; i < 50 && refresh_seen == 0; i++)
        virEventRunDefaultImpl();
    for (int i = 0; i < 10; i++) {
        if (events_seen[VIR_STORAGE_POOL_EVENT_STOPPED])
            break;
        virEventRunDefaultImpl();
    }
    g_assert_cmpint(events_seen[VIR_STORAGE_POOL_EVENT_DEFINED], ==, 1);
    g_assert_cmpint(events_seen[VIR_STORAGE_POOL_EVENT_CREATED], ==, 1);
    g_assert_cmpint(events_seen[VIR_STORAGE_POOL_EVENT_STARTED], ==, 1);
    g_assert_cmpint(events_seen[VIR_STORAGE_POOL_EVENT_STOPPED], ==, 1);
    g_assert_cmpint(refresh_seen, ==, 1);
    virConnectStoragePoolEventDeregisterAny(fx.conn, a);
    virConnectStoragePoolEventDeregisterAny(fx.conn, b);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* Close every connection; the next open loads the root from disk. */
static void test_persistence(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    g_assert_cmpint(virStoragePoolSetAutostart(p, 1), ==, 0);
    g_autofree char *vxml = sdir_vol_xml("disk.img", "raw", 4 * MIB, 0);
    virStorageVolPtr v = virStorageVolCreateXML(p, vxml, 0);
    g_assert_nonnull(v);
    virStorageVolFree(v);
    g_autofree char *dir2 = g_build_filename(fx.root, "other", NULL);
    g_autofree char *x2 = sdir_pool_xml("q", dir2);
    virStoragePoolPtr q = virStoragePoolDefineXML(fx.conn, x2, 0);
    g_assert_nonnull(q);
    g_autofree char *link = g_build_filename(fx.root, "etc/storage/autostart/p.xml", NULL);
    g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    virStoragePoolFree(q);
    virStoragePoolFree(p);
    /* destroyed, it stays off for the rest of the boot, whoever opens the
     * root; the next boot's first open starts it */
    virStoragePoolPtr pp = virStoragePoolLookupByName(fx.conn, "p");
    g_assert_cmpint(virStoragePoolDestroy(pp), ==, 0);
    virStoragePoolFree(pp);
    virConnectClose(fx.conn);
    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    pp = virStoragePoolLookupByName(fx.conn, "p");
    g_assert_cmpint(virStoragePoolIsActive(pp), ==, 0);
    virStoragePoolFree(pp);
    virConnectClose(fx.conn);

    sdir_new_boot(fx.root);
    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    g_assert_cmpint(virConnectListAllStoragePools(fx.conn, NULL, 0), ==, 2);
    p = virStoragePoolLookupByName(fx.conn, "p");
    g_assert_nonnull(p);
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 1);
    int autostart = 0;
    g_assert_cmpint(virStoragePoolGetAutostart(p, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 1);
    v = virStorageVolLookupByName(p, "disk.img");
    g_assert_nonnull(v);
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfo(v, &info), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 4 * MIB);
    virStorageVolFree(v);
    q = virStoragePoolLookupByName(fx.conn, "q");
    g_assert_cmpint(virStoragePoolIsActive(q), ==, 0);
    g_assert_cmpint(virStoragePoolSetAutostart(p, 0), ==, 0);
    g_assert_false(g_file_test(link, G_FILE_TEST_EXISTS));
    virStoragePoolFree(q);
    virStoragePoolFree(p);
    virConnectClose(fx.conn);
    /* an active pool stays active across a re-open (its status file) */
    fx.conn = virConnectOpen(fx.uri);
    p = virStoragePoolLookupByName(fx.conn, "p");
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 1);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

static void test_uri(void)
{
    virSetErrorFunc(NULL, sdir_quiet);
    g_assert_null(virConnectOpen("storage:///embed"));
    sdir_assert_error(VIR_ERR_INVALID_ARG, "storage:///embed?root=");
    g_assert_null(virConnectOpen("storage:///embed?root=relative"));
    g_assert_null(virConnectOpen("storage:///other"));
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    g_assert_cmpstr(virConnectGetType(fx.conn), ==, "STORAGE");
    /* a second connection shares the state */
    virConnectPtr c2 = virConnectOpen(fx.uri);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    virStoragePoolPtr p2 = virStoragePoolLookupByName(c2, "p");
    g_assert_nonnull(p2);
    virStoragePoolFree(p2);
    virStoragePoolFree(p);
    virConnectClose(c2);
    sdir_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virEventRegisterDefaultImpl();
    g_test_add_func("/storage-dir/pools/lifecycle", test_lifecycle);
    g_test_add_func("/storage-dir/pools/transient-dups", test_transient_and_dups);
    g_test_add_func("/storage-dir/pools/events", test_events);
    g_test_add_func("/storage-dir/pools/persistence", test_persistence);
    g_test_add_func("/storage-dir/pools/uri", test_uri);
    return g_test_run();
}
