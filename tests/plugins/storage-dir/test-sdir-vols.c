/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/storage-dir/test-sdir-vols.c — volumes of a dir pool: raw
 * (sparse, partly and fully allocated), qcow2 and overlays (qemu-img; a
 * TAP skip without it), lookups, info, XML, delete, wipe, resize, clones
 * (sparse copy and conversions), refresh of outside changes and safe
 * probing. */
#include "sdir-test.h"

static unsigned long long blocks_of(const char *path)
{
    struct stat sb;
    g_assert_cmpint(stat(path, &sb), ==, 0);
    return (unsigned long long)sb.st_blocks * 512;
}

static virStorageVolPtr mkvol(virStoragePoolPtr p, const char *name, const char *fmt,
                              unsigned long long cap, unsigned long long alloc)
{
    g_autofree char *xml = sdir_vol_xml(name, fmt, cap, alloc);
    virStorageVolPtr v = virStorageVolCreateXML(p, xml, 0);
    if (!v)
        g_error("creating %s: %s", name, virGetLastErrorMessage());
    return v;
}

static void test_raw(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    virStorageVolPtr sparse = mkvol(p, "sparse.img", "raw", 64 * MIB, 0);
    virStorageVolPtr full = mkvol(p, "full.img", "raw", 8 * MIB, 8 * MIB);
    g_autofree char *sp = g_build_filename(fx.pooldir, "sparse.img", NULL);
    g_autofree char *fp = g_build_filename(fx.pooldir, "full.img", NULL);
    g_assert_cmpuint(blocks_of(sp), <, MIB);
    g_assert_cmpuint(blocks_of(fp), >=, 8 * MIB);
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfo(sparse, &info), ==, 0);
    g_assert_cmpint(info.type, ==, VIR_STORAGE_VOL_FILE);
    g_assert_cmpuint(info.capacity, ==, 64 * MIB);
    /* duplicate */
    g_autofree char *dup = sdir_vol_xml("full.img", "raw", MIB, 0);
    g_assert_null(virStorageVolCreateXML(p, dup, 0));
    sdir_assert_error(VIR_ERR_STORAGE_VOL_EXIST, "full.img");
    /* lookups: name, key, path (cleaned) */
    g_autofree char *key = virStorageVolGetPath(full);
    g_assert_cmpstr(key, ==, fp);
    g_assert_cmpstr(virStorageVolGetKey(full), ==, fp);
    virStorageVolPtr v = virStorageVolLookupByKey(fx.conn, fp);
    g_assert_nonnull(v);
    virStorageVolFree(v);
    g_autofree char *odd = g_strdup_printf("%s//./full.img", fx.pooldir);
    g_assert_nonnull((v = virStorageVolLookupByPath(fx.conn, odd)));
    virStoragePoolPtr owner = virStoragePoolLookupByVolume(v);
    g_assert_cmpstr(virStoragePoolGetName(owner), ==, "p");
    virStoragePoolFree(owner);
    virStorageVolFree(v);
    g_assert_null(virStorageVolLookupByPath(fx.conn, "/etc/passwd"));
    sdir_assert_error(VIR_ERR_NO_STORAGE_VOL, NULL);
    g_autofree char *x = virStorageVolGetXMLDesc(full, 0);
    g_assert_nonnull(strstr(x, "<format type='raw'/>"));
    g_assert_nonnull(strstr(x, "<capacity unit='bytes'>8388608</capacity>"));
    /* pool allocation counts the volumes */
    virStoragePoolInfo pinfo;
    g_assert_cmpint(virStoragePoolGetInfo(p, &pinfo), ==, 0);
    g_assert_cmpuint(pinfo.allocation, >=, 8 * MIB);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 2);

    /* resize: grow, refuse shrink without flag, shrink of holes only */
    g_assert_cmpint(virStorageVolResize(sparse, 128 * MIB, 0), ==, 0);
    g_assert_cmpint(virStorageVolGetInfo(sparse, &info), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 128 * MIB);
    g_assert_cmpint(virStorageVolResize(sparse, MIB, 0), ==, -1);
    sdir_assert_error(VIR_ERR_INVALID_ARG, "shrink flag");
    g_assert_cmpint(virStorageVolResize(sparse, MIB, VIR_STORAGE_VOL_RESIZE_SHRINK), ==, 0);
    int wfd = open(fp, O_WRONLY);
    g_assert_cmpint(pwrite(wfd, "data", 4, 4 * MIB), ==, 4);
    close(wfd);
    g_assert_cmpint(virStorageVolResize(full, MIB, VIR_STORAGE_VOL_RESIZE_SHRINK), ==, -1);
    sdir_assert_error(VIR_ERR_OPERATION_UNSUPPORTED, "holds data");
    g_assert_cmpint(virStorageVolResize(full, MIB, VIR_STORAGE_VOL_RESIZE_DELTA), ==, 0);
    g_assert_cmpint(virStorageVolGetInfo(full, &info), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 9 * MIB);

    /* wipe writes zeroes; other algorithms are refused */
    int fd = open(fp, O_WRONLY);
    g_assert_cmpint(pwrite(fd, "secret", 6, MIB), ==, 6);
    close(fd);
    g_assert_cmpint(virStorageVolWipePattern(full, VIR_STORAGE_VOL_WIPE_ALG_DOD, 0), ==, -1);
    sdir_assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, NULL);
    g_assert_cmpint(virStorageVolWipePattern(full, 99, 0), ==, -1);
    sdir_assert_error(VIR_ERR_INVALID_ARG, NULL);
    g_assert_cmpint(virStorageVolWipe(full, 0), ==, 0);
    g_autofree char *data = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(fp, &data, &len, NULL));
    g_assert_cmpuint(len, ==, 9 * MIB);
    for (gsize i = 0; i < len; i++)
        if (data[i])
            g_error("byte %zu not wiped", i);

    /* delete */
    g_assert_cmpint(virStorageVolDelete(full, 0), ==, 0);
    g_assert_false(g_file_test(fp, G_FILE_TEST_EXISTS));
    g_assert_cmpint(virStorageVolDelete(full, 0), ==, -1);
    sdir_assert_error(VIR_ERR_NO_STORAGE_VOL, NULL);
    virStorageVolFree(full);
    virStorageVolFree(sparse);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* A 1 GiB sparse file with data at two places clones sparse and equal. */
static void test_clone_raw(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    virStorageVolPtr src = mkvol(p, "src.img", "raw", 1024 * MIB, 0);
    g_autofree char *sp = g_build_filename(fx.pooldir, "src.img", NULL);
    int fd = open(sp, O_WRONLY);
    g_assert_cmpint(pwrite(fd, "head", 4, 0), ==, 4);
    g_assert_cmpint(pwrite(fd, "tail", 4, 700 * MIB), ==, 4);
    close(fd);
    g_autofree char *xml = sdir_vol_xml("copy.img", "raw", MIB, 0);
    virStorageVolPtr copy = virStorageVolCreateXMLFrom(p, xml, src, 0);
    g_assert_nonnull(copy);
    g_autofree char *cp = g_build_filename(fx.pooldir, "copy.img", NULL);
    g_assert_cmpuint(blocks_of(cp), <, 4 * MIB);
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfo(copy, &info), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 1024 * MIB);
    char buf[4];
    fd = open(cp, O_RDONLY);
    g_assert_cmpint(pread(fd, buf, 4, 700 * MIB), ==, 4);
    g_assert_cmpmem(buf, 4, "tail", 4);
    close(fd);
    /* clone of a missing source */
    g_assert_cmpint(virStorageVolDelete(copy, 0), ==, 0);
    virStorageVolFree(copy);
    virStorageVolFree(src);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

static void test_qcow2(void)
{
    if (!sdir_have_qemu_img()) {
        g_test_skip("qemu-img not installed (apt-get install qemu-utils)");
        return;
    }
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    virStorageVolPtr base = mkvol(p, "base.qcow2", "qcow2", 256 * MIB, 0);
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfo(base, &info), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 256 * MIB);
    g_autofree char *bp = g_build_filename(fx.pooldir, "base.qcow2", NULL);
    g_autofree char *oxml = g_strdup_printf(
        "<volume><name>over.qcow2</name><capacity unit='bytes'>%llu</capacity>"
        "<target><format type='qcow2'/></target><backingStore><path>%s</path>"
        "<format type='qcow2'/></backingStore></volume>", 256 * MIB, bp);
    virStorageVolPtr over = virStorageVolCreateXML(p, oxml, 0);
    g_assert_nonnull(over);
    g_autofree char *x = virStorageVolGetXMLDesc(over, 0);
    g_assert_nonnull(strstr(x, "<backingStore>"));
    g_assert_nonnull(strstr(x, bp));
    /* grow; shrink of qcow2 refused */
    g_assert_cmpint(virStorageVolResize(base, 512 * MIB, 0), ==, 0);
    g_assert_cmpint(virStorageVolGetInfo(base, &info), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 512 * MIB);
    g_assert_cmpint(virStorageVolResize(base, MIB, VIR_STORAGE_VOL_RESIZE_SHRINK), ==, -1);
    sdir_assert_error(VIR_ERR_OPERATION_UNSUPPORTED, NULL);
    g_assert_cmpint(virStorageVolWipe(base, 0), ==, 0);
    /* raw -> qcow2 -> raw */
    virStorageVolPtr raw = mkvol(p, "r.img", "raw", 16 * MIB, 0);
    g_autofree char *rp = g_build_filename(fx.pooldir, "r.img", NULL);
    int fd = open(rp, O_WRONLY);
    g_assert_cmpint(pwrite(fd, "hello", 5, 3 * MIB), ==, 5);
    close(fd);
    g_autofree char *q = sdir_vol_xml("r.qcow2", "qcow2", 16 * MIB, 0);
    virStorageVolPtr rq = virStorageVolCreateXMLFrom(p, q, raw, 0);
    g_assert_nonnull(rq);
    g_autofree char *back = sdir_vol_xml("back.img", "raw", 16 * MIB, 0);
    virStorageVolPtr rr = virStorageVolCreateXMLFrom(p, back, rq, 0);
    g_assert_nonnull(rr);
    g_autofree char *rrp = g_build_filename(fx.pooldir, "back.img", NULL);
    char buf[5];
    fd = open(rrp, O_RDONLY);
    g_assert_cmpint(pread(fd, buf, 5, 3 * MIB), ==, 5);
    g_assert_cmpmem(buf, 5, "hello", 5);
    close(fd);
    /* a missing qemu-img names the package */
    g_autofree char *path = g_strdup(g_getenv("PATH"));
    g_setenv("PATH", "/nonexistent", TRUE);
    g_autofree char *nq = sdir_vol_xml("n.qcow2", "qcow2", MIB, 0);
    g_assert_null(virStorageVolCreateXML(p, nq, 0));
    sdir_assert_error(VIR_ERR_OPERATION_FAILED, "qemu-utils");
    g_setenv("PATH", path, TRUE);
    g_autofree char *np = g_build_filename(fx.pooldir, "n.qcow2", NULL);
    g_assert_false(g_file_test(np, G_FILE_TEST_EXISTS));
    virStorageVolPtr vs[] = { base, over, raw, rq, rr };
    for (size_t i = 0; i < G_N_ELEMENTS(vs); i++)
        virStorageVolFree(vs[i]);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

/* A qcow2 header written into a raw volume does not make it qcow2; an
 * image made outside is probed, its backing reported but never opened. */
static void test_probing(void)
{
    sdir_fx fx = { 0 };
    sdir_fx_open(&fx);
    virStoragePoolPtr p = sdir_fx_pool(&fx);
    virStorageVolPtr v = mkvol(p, "guest.img", "raw", MIB, 0);
    unsigned char hdr[512] = { 'Q', 'F', 'I', 0xfb, 0, 0, 0, 3 };
    const char *bname = "/etc/shadow";
    hdr[15] = 200;   /* backing file offset 200 */
    hdr[19] = strlen(bname);
    hdr[24 + 3] = 0x40;  /* size 256 GiB: 0x40 << 32 */
    hdr[99] = 104;   /* header length (v3) */
    memcpy(hdr + 200, bname, strlen(bname));
    g_autofree char *gp = g_build_filename(fx.pooldir, "guest.img", NULL);
    int fd = open(gp, O_WRONLY);
    g_assert_cmpint(pwrite(fd, hdr, sizeof(hdr), 0), ==, sizeof(hdr));
    close(fd);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, 0);
    virStorageVolFree(v);
    v = virStorageVolLookupByName(p, "guest.img");
    g_autofree char *x = virStorageVolGetXMLDesc(v, 0);
    g_assert_nonnull(strstr(x, "<format type='raw'/>"));
    g_assert_null(strstr(x, "shadow"));
    /* the same bytes in a file made outside modvirt: probed as qcow2 */
    g_autofree char *op = g_build_filename(fx.pooldir, "outside.qcow2", NULL);
    sdir_write_file(op, hdr, sizeof(hdr));
    g_autofree char *ext = g_build_filename(fx.pooldir, "ext.img", NULL);
    sdir_write_file(ext, "abc", 3);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 3);
    virStorageVolPtr o = virStorageVolLookupByName(p, "outside.qcow2");
    g_assert_nonnull(o);
    g_autofree char *ox = virStorageVolGetXMLDesc(o, 0);
    g_assert_nonnull(strstr(ox, "<format type='qcow2'/>"));
    g_assert_nonnull(strstr(ox, "/etc/shadow"));
    virStorageVolInfo info;
    g_assert_cmpint(virStorageVolGetInfo(o, &info), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 0x40ULL << 32);
    /* converting it would make qemu-img read /etc/shadow: refused */
    g_autofree char *cx = sdir_vol_xml("leak.img", "raw", MIB, 0);
    g_assert_null(virStorageVolCreateXMLFrom(p, cx, o, 0));
    sdir_assert_error(VIR_ERR_OPERATION_UNSUPPORTED, "refers to other files");
    /* removed outside: gone after refresh */
    g_unlink(ext);
    g_assert_cmpint(virStoragePoolRefresh(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolNumOfVolumes(p), ==, 2);
    virStorageVolFree(o);
    virStorageVolFree(v);
    virStoragePoolFree(p);
    sdir_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/storage-dir/vols/raw", test_raw);
    g_test_add_func("/storage-dir/vols/clone-raw", test_clone_raw);
    g_test_add_func("/storage-dir/vols/qcow2", test_qcow2);
    g_test_add_func("/storage-dir/vols/probing", test_probing);
    return g_test_run();
}
