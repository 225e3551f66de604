/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-storage.c — the storage-dir plugin's targets:
 * refresh of a pool holding 10000 files (≤ 100 ms) and a clone of a 1 GiB
 * sparse raw volume holding 16 MiB of data (≤ 100 ms), in a temporary
 * embed root under $TMPDIR (or the directory given as the operand). */
#include "bench-util.h"

#include <libvirt/libvirt.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1024ULL * 1024)

static virStorageVolPtr mkvol(virStoragePoolPtr p, const char *name, unsigned long long cap)
{
    g_autofree char *xml = g_strdup_printf(
        "<volume><name>%s</name><capacity unit='bytes'>%llu</capacity>"
        "<allocation unit='bytes'>0</allocation><target><format type='raw'/></target></volume>",
        name, cap);
    virStorageVolPtr v = virStorageVolCreateXML(p, xml, 0);
    if (!v) {
        fprintf(stderr, "create %s failed\n", name);
        exit(1);
    }
    return v;
}

int main(int argc, char **argv)
{
    static const char *const names[] = { "--runs", "--files", NULL };
    long opts[] = { 11, 10000 };
    int first = bench_options(argc, argv, "bench-storage [--runs N] [--files N] [DIR]",
                              names, opts);
    g_autofree char *root = g_build_filename(first < argc ? argv[first] : g_get_tmp_dir(),
                                             "bench-storage-XXXXXX", NULL);
    if (!g_mkdtemp(root))
        return 1;
    g_autofree char *uri = g_strdup_printf("storage:///embed?root=%s", root);
    g_autofree char *dir = g_build_filename(root, "pool", NULL);
    virConnectPtr conn = virConnectOpen(uri);
    g_autofree char *pxml = g_strdup_printf(
        "<pool type='dir'><name>bench</name><target><path>%s</path></target></pool>", dir);
    virStoragePoolPtr p = conn ? virStoragePoolCreateXML(conn, pxml,
                                                         VIR_STORAGE_POOL_CREATE_WITH_BUILD) : NULL;
    if (!p) {
        fprintf(stderr, "cannot open %s (MODVIRT_PLUGIN_DIR must hold storage_dir.so)\n", uri);
        return 1;
    }
    /* files written from outside, 4 KiB each, as a refresh finds them */
    char block[4096];
    memset(block, 'x', sizeof(block));
    for (long i = 0; i < opts[1]; i++) {
        g_autofree char *f = g_strdup_printf("%s/f%05ld.img", dir, i);
        int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || write(fd, block, sizeof(block)) != (ssize_t)sizeof(block))
            return 1;
        close(fd);
    }
    uint64_t *s = g_new(uint64_t, opts[0]);
    for (long r = 0; r < opts[0]; r++) {
        uint64_t t0 = bench_now_ns();
        if (virStoragePoolRefresh(p, 0) < 0)
            return 1;
        s[r] = bench_now_ns() - t0;
    }
    int n = virStoragePoolNumOfVolumes(p);
    double refresh = bench_median(s, opts[0]) / 1e6;
    printf("refresh of a pool with %d files: median %.1f ms (min %.1f ms), target <= 100 ms: %s\n",
           n, refresh, s[0] / 1e6, refresh <= 100 ? "met" : "MISSED");

    /* 1 GiB sparse raw, 16 MiB of data in 16 extents of 1 MiB */
    virStorageVolPtr src = mkvol(p, "src.raw", 1024 * MIB);
    g_autofree char *sp = g_build_filename(dir, "src.raw", NULL);
    int fd = open(sp, O_WRONLY);
    char *mib = g_malloc(MIB);
    memset(mib, 'd', MIB);
    for (int i = 0; i < 16; i++)
        if (pwrite(fd, mib, MIB, (off_t)i * 64 * MIB) != (ssize_t)MIB)
            return 1;
    fsync(fd);
    close(fd);
    for (long r = 0; r < opts[0]; r++) {
        g_autofree char *xml = g_strdup_printf(
            "<volume><name>clone%ld</name><capacity unit='bytes'>%llu</capacity>"
            "<target><format type='raw'/></target></volume>", r, 1024 * MIB);
        uint64_t t0 = bench_now_ns();
        virStorageVolPtr c = virStorageVolCreateXMLFrom(p, xml, src, 0);
        s[r] = bench_now_ns() - t0;
        if (!c)
            return 1;
        virStorageVolDelete(c, 0);
        virStorageVolFree(c);
    }
    double clone = bench_median(s, opts[0]) / 1e6;
    printf("clone of a 1 GiB sparse raw volume with 16 MiB of data: median %.1f ms "
           "(min %.1f ms), target <= 100 ms: %s\n", clone, s[0] / 1e6,
           clone <= 100 ? "met" : "MISSED");
    virStorageVolDelete(src, 0);
    virStorageVolFree(src);
    virStoragePoolDestroy(p);
    virStoragePoolFree(p);
    virConnectClose(conn);
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    g_free(mib);
    g_free(s);
    return 0;
}
