/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/storage-dir/test-sdir-safety.c — input that must change
 * nothing: bad names, traversal, symlinks out of the pool, a missing
 * directory, a full disk (tmpfs, root), permission denied; two threads
 * racing for one name; kill -9 while pools are being defined; read-only
 * connections, which change nothing. */
#include "sdir-test.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>

static void test_bad_names(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    const char *bad[] = { "../x", "/etc/evil", "a/b", ".hidden", "..", "", "a&#13;b", "a\nb",
                          "a&#9;b" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *xml = sdir_vol_xml(bad[i], "raw", MIB, 0);
        g_assert_null(virStorageVolCreateXML(p, xml, 0));
    }
    g_autofree char *longname = g_strnfill(256, 'a');
    g_autofree char *xml = sdir_vol_xml(longname, "raw", MIB, 0);
    g_assert_null(virStorageVolCreateXML(p, xml, 0));
    g_autofree char *evil = g_build_filename(fx.root, "x", NULL);
    g_assert_false(g_file_test(evil, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test("/etc/evil", G_FILE_TEST_EXISTS));
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 0);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* A symlink in the pool to a file outside: not a volume; creating over it
 * fails; the outside file is untouched. */
static void test_symlink_out(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    g_autofree char *outside = g_build_filename(fx.root, "outside", NULL);
    sdir_write_file(outside, "precious", 8);
    g_autofree char *link = g_build_filename(fx.pooldir, "link.img", NULL);
    g_assert_cmpint(symlink(outside, link), ==, 0);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, 0);
    g_assert_null(virStorageVolLookupByName(p, "link.img"));
    g_autofree char *xml = sdir_vol_xml("link.img", "raw", 4 * MIB, 4 * MIB);
    g_assert_null(virStorageVolCreateXML(p, xml, 0));
    sdir_assert_error(VIR_ERR_STORAGE_VOL_EXIST, NULL);
    g_autofree char *data = NULL;
    g_assert_true(g_file_get_contents(outside, &data, NULL, NULL));
    g_assert_cmpstr(data, ==, "precious");
    g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    /* a volume replaced by a symlink: wipe and upload do not follow it */
    g_autofree char *vx = sdir_vol_xml("v.img", "raw", MIB, 0);
    virStorageVolPtr v = virStorageVolCreateXML(p, vx, 0);
    g_autofree char *vp = g_build_filename(fx.pooldir, "v.img", NULL);
    g_unlink(vp);
    g_assert_cmpint(symlink(outside, vp), ==, 0);
    g_assert_cmpint(virStorageVolWipe(v, 0), ==, -1);
    g_assert_cmpint(virStorageVolResize(v, 8 * MIB, 0), ==, -1);
    g_clear_pointer(&data, g_free);
    g_assert_true(g_file_get_contents(outside, &data, NULL, NULL));
    g_assert_cmpstr(data, ==, "precious");
    g_assert_cmpint(virStorageVolDelete(v, 0), ==, 0);   /* removes the link only */
    g_assert_true(g_file_test(outside, G_FILE_TEST_EXISTS));
    virStorageVolFree(v);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* Every operation on VOL fails at once with an error matching CODE and
 * MSG, whatever replaced its file. */
static void assert_volume_unusable(virStoragePoolPtr p, virStorageVolPtr v, int code,
                                   const char *msg)
{
    virStorageVolInfo info;
    gint64 t0 = g_get_monotonic_time();
    g_assert_cmpint(virStorageVolGetInfo(v, &info), ==, -1);
    sdir_assert_error(code, msg);
    g_assert_null(virStorageVolGetXMLDesc(v, 0));
    sdir_assert_error(code, msg);
    g_assert_cmpint(virStorageVolResize(v, 8 * MIB, 0), ==, -1);
    sdir_assert_error(code, msg);
    g_assert_cmpint(virStorageVolWipe(v, 0), ==, -1);
    sdir_assert_error(code, msg);
    for (int upload = 0; upload < 2; upload++) {
        virStreamPtr st = virStreamNew(virStorageVolGetConnect(v), 0);
        int rc = upload ? virStorageVolUpload(v, st, 0, 0, 0) : virStorageVolDownload(v, st, 0, 0, 0);
        g_assert_cmpint(rc, ==, -1);
        sdir_assert_error(code, msg);
        virStreamFree(st);
    }
    g_autofree char *cx = sdir_vol_xml("clone.img", "raw", MIB, 0);
    g_assert_null(virStorageVolCreateXMLFrom(p, cx, v, 0));
    sdir_assert_error(code, msg);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
}

/* A volume's file replaced behind the pool's back (by a symlink, a FIFO)
 * or removed: each call says which file and why, and none blocks. */
static void test_replaced_volume(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    g_autofree char *outside = g_build_filename(fx.root, "outside", NULL);
    sdir_write_file(outside, "precious", 8);
    g_autofree char *vx = sdir_vol_xml("v.img", "raw", MIB, 0);
    virStorageVolPtr v = virStorageVolCreateXML(p, vx, 0);
    g_assert_nonnull(v);
    g_autofree char *vp = g_build_filename(fx.pooldir, "v.img", NULL);

    g_assert_cmpint(g_unlink(vp), ==, 0);
    g_assert_cmpint(symlink(outside, vp), ==, 0);
    g_autofree char *link_msg = g_strdup_printf(
        "internal error: Volume path '%s' is a symbolic link, not a regular file", vp);
    assert_volume_unusable(p, v, VIR_ERR_INTERNAL_ERROR, link_msg);

    g_assert_cmpint(g_unlink(vp), ==, 0);
    g_assert_cmpint(mkfifo(vp, 0600), ==, 0);
    g_autofree char *fifo_msg = g_strdup_printf(
        "internal error: Volume path '%s' is a FIFO, not a regular file", vp);
    assert_volume_unusable(p, v, VIR_ERR_INTERNAL_ERROR, fifo_msg);

    g_assert_cmpint(g_unlink(vp), ==, 0);
    g_autofree char *gone_msg = g_strdup_printf(
        "Storage volume not found: no storage vol with matching path '%s'", vp);
    assert_volume_unusable(p, v, VIR_ERR_NO_STORAGE_VOL, gone_msg);

    g_autofree char *data = NULL;
    g_assert_true(g_file_get_contents(outside, &data, NULL, NULL));
    g_assert_cmpstr(data, ==, "precious");
    virStorageVolFree(v);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* The driver's own files (pool definitions, status, volume format
 * records) replaced by a FIFO or a device: the root still opens and the
 * pool still starts, at once. */
static void test_state_files_not_regular(void)
{
    g_autofree char *root = g_dir_make_tmp("sdir-test-XXXXXX", NULL);
    g_autofree char *cfg = g_build_filename(root, "etc", "storage", NULL);
    g_autofree char *run = g_build_filename(root, "run", "storage", NULL);
    g_assert_cmpint(g_mkdir_with_parents(cfg, 0700), ==, 0);
    g_assert_cmpint(g_mkdir_with_parents(run, 0700), ==, 0);
    g_autofree char *fifo_cfg = g_build_filename(cfg, "f.xml", NULL);
    g_autofree char *zero_cfg = g_build_filename(cfg, "z.xml", NULL);
    g_autofree char *fifo_run = g_build_filename(run, "f.xml", NULL);
    g_assert_cmpint(mkfifo(fifo_cfg, 0600), ==, 0);
    g_assert_cmpint(symlink("/dev/zero", zero_cfg), ==, 0);
    g_assert_cmpint(mkfifo(fifo_run, 0600), ==, 0);

    sdir_fx fx = { .root = g_steal_pointer(&root) };
    fx.pooldir = g_build_filename(fx.root, "pool", NULL);
    fx.uri = g_strdup_printf("storage:///embed?root=%s", fx.root);
    virSetErrorFunc(NULL, sdir_quiet);
    gint64 t0 = g_get_monotonic_time();
    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
    g_assert_cmpint(virConnectNumOfDefinedStoragePools(fx.conn), ==, 0);
    g_assert_cmpint(virConnectNumOfStoragePools(fx.conn), ==, 0);

    g_autofree char *xml = sdir_pool_xml("p", fx.pooldir);
    virStoragePoolPtr p = virStoragePoolDefineXML(fx.conn, xml, 0);
    g_assert_nonnull(p);
    g_assert_cmpint(virStoragePoolBuild(p, 0), ==, 0);
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_assert_cmpint(virStoragePoolGetUUIDString(p, uuid), ==, 0);
    g_autofree char *recs = g_strdup_printf("%s/lib/storage/formats-%s", fx.root, uuid);
    g_assert_cmpint(mkfifo(recs, 0600), ==, 0);
    t0 = g_get_monotonic_time();
    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, 0);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

static void test_missing_dir(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    sdir_rm_rf(fx.pooldir);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, -1);
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, NULL);
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 0);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

static void test_full_disk(void)
{
    if (geteuid() != 0) {
        g_test_skip("needs root to mount a 1 MiB tmpfs");
        return;
    }
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    g_assert_cmpint(g_mkdir(fx.pooldir, 0700), ==, 0);
    if (mount("tmpfs", fx.pooldir, "tmpfs", 0, "size=1m") < 0) {
        g_test_skip("cannot mount tmpfs here");
        sdir_fx_close(&fx);
        return;
    }
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    g_autofree char *xml = sdir_vol_xml("big.img", "raw", 8 * MIB, 8 * MIB);
    g_assert_null(virStorageVolCreateXML(p, xml, 0));
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, "cannot allocate");
    g_autofree char *bp = g_build_filename(fx.pooldir, "big.img", NULL);
    g_assert_false(g_file_test(bp, G_FILE_TEST_EXISTS));
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 0);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    virStoragePoolFree(p);
    umount2(fx.pooldir, MNT_DETACH);
    sdir_fx_close(&fx);
}

static void test_permission_denied(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    bool bound = false;
    if (geteuid() == 0) {
        bound = mount(fx.pooldir, fx.pooldir, NULL, MS_BIND, NULL) == 0 &&
                mount(NULL, fx.pooldir, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) == 0;
        if (!bound) {
            g_test_skip("cannot make a read-only bind mount");
            sdir_fx_close(&fx);
            return;
        }
        /* the pool's open directory still sees the writable mount */
        g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
        g_assert_cmpint(virStoragePoolCreate(p, 0), ==, 0);
    } else {
        g_assert_cmpint(chmod(fx.pooldir, 0500), ==, 0);
    }
    g_autofree char *xml = sdir_vol_xml("v.img", "raw", MIB, 0);
    g_assert_null(virStorageVolCreateXML(p, xml, 0));
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, "cannot create volume");
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 0);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    if (bound)
        umount2(fx.pooldir, MNT_DETACH);
    chmod(fx.pooldir, 0700);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

typedef struct {
    sdir_fx *fx;
    virConnectPtr conn;
    int round;
    int won;
    pthread_barrier_t *bar;
} racer;

static void *race(void *data)
{
    racer *r = data;
    virStoragePoolPtr p = virStoragePoolLookupByName(r->conn, "p");
    for (int i = 0; i < 200; i++) {
        g_autofree char *name = g_strdup_printf("v%d", i);
        g_autofree char *xml = sdir_vol_xml(name, "raw", MIB, 0);
        pthread_barrier_wait(r->bar);
        virStorageVolPtr v = virStorageVolCreateXML(p, xml, 0);
        if (v) {
            r->won++;
            virStorageVolFree(v);
        } else if (virGetLastErrorCode() != VIR_ERR_STORAGE_VOL_EXIST) {
            g_error("unexpected error: %s", virGetLastErrorMessage());
        }
    }
    virStoragePoolFree(p);
    return NULL;
}

/* Two connections on the same root, 200 names: each won exactly once. */
static void test_concurrency(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    virConnectPtr c2 = virConnectOpen(fx.uri);
    pthread_barrier_t bar;
    pthread_barrier_init(&bar, NULL, 2);
    racer a = { &fx, fx.conn, 0, 0, &bar }, b = { &fx, c2, 0, 0, &bar };
    pthread_t ta, tb;
    pthread_create(&ta, NULL, race, &a);
    pthread_create(&tb, NULL, race, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    g_assert_cmpint(a.won + b.won, ==, 200);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 200);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 200);
    pthread_barrier_destroy(&bar);
    virConnectClose(c2);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* In a child: redefines pool k (target /srv/k-N) forever; writes a byte
 * to READY after the first definition. */
static G_GNUC_NORETURN void redefine_forever(const char *uri, int ready)
{
    virConnectPtr c = virConnectOpen(uri);
    for (unsigned long i = 0;; i++) {
        g_autofree char *xml = g_strdup_printf(
            "<pool type='dir'><name>k</name><uuid>11111111-2222-3333-4444-555555555555"
            "</uuid><target><path>/srv/k-%lu</path></target></pool>", i);
        virStoragePoolPtr p = c ? virStoragePoolDefineXML(c, xml, 0) : NULL;
        if (p)
            virStoragePoolFree(p);
        if (i == 0 && write(ready, p ? "1" : "0", 1) != 1)
            _exit(1);
    }
}

/* A child redefines a pool in a loop; it is killed at random moments while
 * it does (after its first definition, which the parent waits for). The
 * config file is always the old or the new definition, whole. */
static void test_kill_during_define(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    g_autofree char *cfg = g_build_filename(fx.root, "etc/storage/k.xml", NULL);
    for (int round = 0; round < 20; round++) {
        int ready[2];
        g_assert_cmpint(pipe(ready), ==, 0);
        pid_t pid = fork();
        g_assert_cmpint(pid, >=, 0);
        if (pid == 0) {
            close(ready[0]);
            redefine_forever(fx.uri, ready[1]);
        }
        close(ready[1]);
        char defined = 0;
        g_assert_cmpint(read(ready[0], &defined, 1), ==, 1);
        close(ready[0]);
        g_assert_cmpint(defined, ==, '1');
        g_usleep(g_random_int_range(0, 20000));   /* the random moment */
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        g_autofree char *text = NULL;
        g_assert_true(g_file_get_contents(cfg, &text, NULL, NULL));
        g_assert_nonnull(strstr(text, "<pool type='dir'>"));
        g_assert_nonnull(strstr(text, "</pool>\n"));
    }
    /* and the root still opens with the pool defined */
    virConnectClose(fx.conn);
    fx.conn = virConnectOpen(fx.uri);
    virStoragePoolPtr p = virStoragePoolLookupByName(fx.conn, "k");
    g_assert_nonnull(p);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* Every file under ROOT with its size and modification time, sorted. */
static char *tree_of(const char *root)
{
    g_autofree char *cmd = g_strdup_printf("sh -c \"find '%s' -printf '%%p %%y %%s %%T@\\n' | sort\"",
                                           root);
    char *out = NULL;
    g_assert_true(g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL));
    return out;
}

/* A read-only connection changes nothing: on a fresh root it creates no
 * directory; after a reboot it neither autostarts a pool nor forgets the
 * status of one whose directory vanished. The first read-write open (with
 * the read-only one still open) does both. */
static void test_readonly(void)
{
    sdir_fx fx = { 0 };
    fx.root = g_dir_make_tmp("sdir-test-XXXXXX", NULL);
    fx.pooldir = g_build_filename(fx.root, "pool", NULL);
    fx.uri = g_strdup_printf("storage:///embed?root=%s", fx.root);
    virSetErrorFunc(NULL, sdir_quiet);
    virConnectPtr ro = virConnectOpenReadOnly(fx.uri);
    g_assert_nonnull(ro);
    g_assert_cmpint(virConnectNumOfStoragePools(ro), ==, 0);
    virConnectClose(ro);
    g_autofree char *etc = g_build_filename(fx.root, "etc", NULL);
    g_autofree char *run = g_build_filename(fx.root, "run", NULL);
    g_assert_false(g_file_test(etc, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(run, G_FILE_TEST_EXISTS));

    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    g_assert_cmpint(virStoragePoolSetAutostart(p, 1), ==, 0);
    g_assert_cmpint(virStoragePoolDestroy(p), ==, 0);
    g_autofree char *gone_dir = g_build_filename(fx.root, "gone", NULL);
    g_autofree char *gx = sdir_pool_xml("gone", gone_dir);
    virStoragePoolPtr g = virStoragePoolDefineXML(fx.conn, gx, 0);
    g_assert_cmpint(virStoragePoolBuild(g, 0), ==, 0);
    g_assert_cmpint(virStoragePoolCreate(g, 0), ==, 0);
    virStoragePoolFree(g);
    virStoragePoolFree(p);
    virConnectClose(fx.conn);
    fx.conn = NULL;
    /* a reboot, and the directory of an active pool removed meanwhile */
    sdir_new_boot(fx.root);
    g_assert_cmpint(g_rmdir(gone_dir), ==, 0);
    g_autofree char *status = g_build_filename(fx.root, "run/storage/gone.xml", NULL);
    g_assert_true(g_file_test(status, G_FILE_TEST_IS_REGULAR));
    g_autofree char *before = tree_of(fx.root);

    ro = virConnectOpenReadOnly(fx.uri);
    g_assert_nonnull(ro);
    g_assert_cmpint(virConnectNumOfDefinedStoragePools(ro), ==, 2);
    p = virStoragePoolLookupByName(ro, "p");
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 0);
    virStoragePoolFree(p);
    g_autofree char *after = tree_of(fx.root);
    g_assert_cmpstr(after, ==, before);

    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    p = virStoragePoolLookupByName(fx.conn, "p");
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 1);
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
    virStoragePoolFree(p);
    /* the read-only connection sees the same state */
    p = virStoragePoolLookupByName(ro, "p");
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 1);
    virStoragePoolFree(p);
    virConnectClose(ro);
    sdir_fx_close(&fx);
}

/* With the run directory's filesystem full, a start cannot record that the
 * pool is active: it fails, naming the pool and the cause, and the pool
 * stays (or, transient, goes) as it was. */
static void test_status_full_disk(void)
{
    if (geteuid() != 0) {
        g_test_skip("needs root to mount a small tmpfs");
        return;
    }
    sdir_fx fx = { 0 };
    fx.root = g_dir_make_tmp("sdir-test-XXXXXX", NULL);
    fx.pooldir = g_build_filename(fx.root, "pool", NULL);
    fx.uri = g_strdup_printf("storage:///embed?root=%s", fx.root);
    g_autofree char *run = g_build_filename(fx.root, "run", NULL);
    g_assert_cmpint(g_mkdir(run, 0755), ==, 0);
    if (mount("tmpfs", run, "tmpfs", 0, "size=256k") < 0) {
        g_test_skip("cannot mount tmpfs here");
        sdir_fx_close(&fx);
        return;
    }
    virSetErrorFunc(NULL, sdir_quiet);
    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    g_autofree char *fill = g_strdup_printf("dd if=/dev/zero of='%s/fill' bs=64k 2>/dev/null; "
                                            "test \"$(df --output=avail '%s' | tail -1 | tr -d ' ')\" = 0",
                                            run, run);
    g_assert_cmpint(system(fill), ==, 0);
    g_autofree char *xml = sdir_pool_xml("p", fx.pooldir);
    virStoragePoolPtr p = virStoragePoolDefineXML(fx.conn, xml, 0);
    g_assert_nonnull(p);
    g_assert_cmpint(virStoragePoolCreate(p, VIR_STORAGE_POOL_CREATE_WITH_BUILD), ==, -1);
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, "cannot save the status of pool 'p'");
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, "No space left on device");
    g_assert_cmpint(virStoragePoolIsActive(p), ==, 0);
    g_autofree char *tdir = g_build_filename(fx.root, "t", NULL);
    g_autofree char *txml = sdir_pool_xml("t", tdir);
    g_assert_null(virStoragePoolCreateXML(fx.conn, txml, VIR_STORAGE_POOL_CREATE_WITH_BUILD));
    sdir_assert_error(VIR_ERR_SYSTEM_ERROR, "cannot save the status of pool 't'");
    g_assert_null(virStoragePoolLookupByName(fx.conn, "t"));
    g_autofree char *ls = g_strdup_printf("ls '%s/storage'", run);
    g_autofree char *left = NULL;
    g_assert_true(g_spawn_command_line_sync(ls, &left, NULL, NULL, NULL));
    g_assert_cmpstr(left, ==, "autostarted\n");
    g_assert_cmpint(virStoragePoolUndefine(p), ==, 0);
    virStoragePoolFree(p);
    virConnectClose(fx.conn);
    fx.conn = NULL;
    umount2(run, MNT_DETACH);
    sdir_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/storage-dir/safety/bad-names", test_bad_names);
    g_test_add_func("/storage-dir/safety/symlink-out", test_symlink_out);
    g_test_add_func("/storage-dir/safety/replaced-volume", test_replaced_volume);
    g_test_add_func("/storage-dir/safety/state-files-not-regular", test_state_files_not_regular);
    g_test_add_func("/storage-dir/safety/missing-dir", test_missing_dir);
    g_test_add_func("/storage-dir/safety/full-disk", test_full_disk);
    g_test_add_func("/storage-dir/safety/permission-denied", test_permission_denied);
    g_test_add_func("/storage-dir/safety/concurrency", test_concurrency);
    g_test_add_func("/storage-dir/safety/kill-during-define", test_kill_during_define);
    g_test_add_func("/storage-dir/safety/readonly", test_readonly);
    g_test_add_func("/storage-dir/safety/status-full-disk", test_status_full_disk);
    return g_test_run();
}
