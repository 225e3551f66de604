/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-stream.c — 1 GiB through a stream, both ways:
 * virStreamSendAll into and virStreamRecvAll out of the test fixture's
 * memory-backed volume "fxbench" (a ring, so the disk and page faults stay
 * out of it). Prints GB/s (10^9 bytes per second), best and median.
 *
 *   bench-stream [--runs N] [--mib N] FIXTURE.so [URI]
 *
 * Without URI the fixture serves fixture:///default in-process. With URI
 * (fixture+unix:///default?socket=...) the transfer goes through a daemon
 * that loaded the fixture; the caller's MODVIRT_PLUGIN_DIR then names the
 * remote plugin.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "bench-util.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct { unsigned long long left; } bench_io;

/* The source hands out its buffer as it is: the copy measured is the
 * stream's own, into the volume. */
static int source(virStreamPtr st, char *buf, size_t n, void *opaque)
{
    bench_io *io = opaque;
    n = MIN(n, io->left);
    io->left -= n;
    return (int)n;
}

static int sink(virStreamPtr st, const char *buf, size_t n, void *opaque)
{
    ((bench_io *)opaque)->left += n;
    return (int)n;
}

/* One transfer of BYTES; returns its time in ns. */
static uint64_t transfer(virStorageVolPtr vol, bool upload, unsigned long long bytes)
{
    virStreamPtr st = virStreamNew(virStorageVolGetConnect(vol), 0);
    bench_io io = { upload ? bytes : 0 };
    uint64_t t0 = bench_now_ns();
    int rc = upload ? virStorageVolUpload(vol, st, 0, bytes, 0)
                    : virStorageVolDownload(vol, st, 0, bytes, 0);
    if (rc == 0)
        rc = upload ? virStreamSendAll(st, source, &io) : virStreamRecvAll(st, sink, &io);
    if (rc == 0)
        rc = virStreamFinish(st);
    uint64_t t = bench_now_ns() - t0;
    virStreamFree(st);
    if (rc < 0 || (!upload && io.left != bytes))
        bench_die("%s failed: %s", upload ? "upload" : "download", virGetLastErrorMessage());
    return t;
}

static void measure(virStorageVolPtr vol, bool upload, long runs, unsigned long long bytes)
{
    g_autofree uint64_t *ns = g_new(uint64_t, runs);
    transfer(vol, upload, bytes);   /* warm-up */
    for (long i = 0; i < runs; i++)
        ns[i] = transfer(vol, upload, bytes);
    double median = bench_median(ns, runs);
    printf("%-8s %6.2f GB/s best  %6.2f GB/s median  (%llu MiB, %ld runs)\n",
           upload ? "upload" : "download", bytes / (double)ns[0], bytes / median,
           bytes >> 20, runs);
}

int main(int argc, char **argv)
{
    const char *usage = "[--runs N] [--mib N] FIXTURE.so [URI]";
    long opt[] = { 5, 1024 };
    int a = bench_options(argc, argv, usage, (const char *const[]){ "--runs", "--mib", NULL }, opt);
    if (a != argc - 1 && a != argc - 2)
        bench_die("usage: %s %s", argv[0], usage);
    const char *uri = a == argc - 2 ? argv[a + 1] : NULL;
    char *dir = bench_dir_new(argv[a]);
    bench_dir_link(dir, argv[a]);
    if (!uri)
        g_setenv("MODVIRT_PLUGIN_DIR", dir, TRUE);

    virConnectPtr conn = virConnectOpen(uri ? uri : "fixture:///default");
    virStoragePoolPtr pool = conn ? virStoragePoolLookupByName(conn, "fxpool") : NULL;
    virStorageVolPtr vol = pool ? virStorageVolLookupByName(pool, "fxbench") : NULL;
    if (!vol)
        bench_die("no fixture volume: %s", virGetLastErrorMessage());
    unsigned long long bytes = (unsigned long long)opt[1] << 20;
    measure(vol, true, opt[0], bytes);
    measure(vol, false, opt[0], bytes);
    virStorageVolFree(vol);
    virStoragePoolFree(pool);
    virConnectClose(conn);
    bench_dir_free(dir);
    return 0;
}
