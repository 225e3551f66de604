/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/storage-dir/test-sdir-stream.c — upload and download: end
 * to end through the public stream API (sparse round trip, read-only
 * refusal), and the file stream operations driven directly (sdir-stream.c
 * is compiled in) for bounds and offsets. */
#include "sdir-test.h"
#include "sdir-stream.h"

static char *tmpfile_with(const char *dir, const char *name, off_t size)
{
    char *p = g_build_filename(dir, name, NULL);
    int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, size), ==, 0);
    close(fd);
    return p;
}

static int released;
static void on_release(void *d) { (void)d; released++; }

/* Copies SRC to DST the way SparseRecvAll + SparseSendAll would. */
static void sparse_copy(mv_sdir_stream *down, mv_sdir_stream *up)
{
    const mv_stream_ops *d = &mv_sdir_download_ops, *u = &mv_sdir_upload_ops;
    char buf[65536];
    for (;;) {
        int in;
        long long len;
        g_assert_cmpint(d->in_data(NULL, &in, &len, down), ==, 0);
        if (len == 0)
            break;
        if (!in) {
            long long hole;
            g_assert_cmpint(d->recv_hole(NULL, &hole, 0, down), ==, 0);
            g_assert_cmpint(hole, ==, len);
            g_assert_cmpint(u->send_hole(NULL, hole, 0, up), ==, 0);
            continue;
        }
        int n = d->recv(NULL, buf, sizeof(buf), VIR_STREAM_RECV_STOP_AT_HOLE, down);
        g_assert_cmpint(n, >, 0);
        g_assert_cmpint(u->send(NULL, buf, n, up), ==, n);
    }
    g_assert_cmpint(d->recv(NULL, buf, sizeof(buf), 0, down), ==, 0);
    g_assert_cmpint(u->finish(NULL, up), ==, 0);
    g_assert_cmpint(d->finish(NULL, down), ==, 0);
    u->free(up);
    d->free(down);
}

static void test_sparse_round_trip(void)
{
    g_autofree char *dir = g_dir_make_tmp("sdir-stream-XXXXXX", NULL);
    g_autofree char *src = tmpfile_with(dir, "src", 256 * MIB);
    g_autofree char *dst = tmpfile_with(dir, "dst", 0);
    int fd = open(src, O_WRONLY);
    g_assert_cmpint(pwrite(fd, "first", 5, 0), ==, 5);
    g_assert_cmpint(pwrite(fd, "middle", 6, 100 * MIB), ==, 6);
    close(fd);
    released = 0;
    mv_sdir_stream *down = mv_sdir_stream_new(open(src, O_RDONLY), src, false, 0, 0,
                                              on_release, NULL);
    mv_sdir_stream *up = mv_sdir_stream_new(open(dst, O_WRONLY), dst, true, 0, 0,
                                            on_release, NULL);
    sparse_copy(down, up);
    g_assert_cmpint(released, ==, 2);
    struct stat sb;
    g_assert_cmpint(stat(dst, &sb), ==, 0);
    g_assert_cmpint(sb.st_size, ==, 256 * MIB);
    g_assert_cmpint(sb.st_blocks * 512, <, 4 * MIB);
    char buf[6];
    fd = open(dst, O_RDONLY);
    g_assert_cmpint(pread(fd, buf, 6, 100 * MIB), ==, 6);
    g_assert_cmpmem(buf, 6, "middle", 6);
    close(fd);
    sdir_rm_rf(dir);
}

static void test_window_and_bounds(void)
{
    g_autofree char *dir = g_dir_make_tmp("sdir-stream-XXXXXX", NULL);
    g_autofree char *f = tmpfile_with(dir, "f", 0);
    sdir_write_file(f, "0123456789", 10);
    const mv_stream_ops *d = &mv_sdir_download_ops, *u = &mv_sdir_upload_ops;
    char buf[16] = { 0 };
    mv_sdir_stream *s = mv_sdir_stream_new(open(f, O_RDONLY), f, false, 2, 5, NULL, NULL);
    g_assert_cmpint(d->recv(NULL, buf, sizeof(buf), 0, s), ==, 5);
    g_assert_cmpmem(buf, 5, "23456", 5);
    g_assert_cmpint(d->recv(NULL, buf, sizeof(buf), 0, s), ==, 0);
    d->free(s);
    /* upload at an offset, bounded by length */
    virSetErrorFunc(NULL, sdir_quiet);
    s = mv_sdir_stream_new(open(f, O_WRONLY), f, true, 4, 3, NULL, NULL);
    g_assert_cmpint(u->send(NULL, "abc", 3, s), ==, 3);
    g_assert_cmpint(u->send(NULL, "d", 1, s), ==, -1);
    g_assert_cmpint(u->finish(NULL, s), ==, 0);
    u->free(s);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(f, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "0123abc789");
    /* abort closes without touching the size */
    s = mv_sdir_stream_new(open(f, O_WRONLY), f, true, 0, 0, NULL, NULL);
    g_assert_cmpint(u->send_hole(NULL, 1000, 0, s), ==, 0);
    g_assert_cmpint(u->abort(NULL, s), ==, 0);
    u->free(s);
    struct stat sb;
    g_assert_cmpint(stat(f, &sb), ==, 0);
    g_assert_cmpint(sb.st_size, ==, 10);
    sdir_rm_rf(dir);
}

/* Source/sink callbacks over an in-memory image with a hole in the middle:
 * [0, 1 MiB) data, [1 MiB, 15 MiB) hole, [15 MiB, 16 MiB) data. */
typedef struct { char *buf; long long size, pos; } mem_image;

static bool in_hole(long long pos) { return pos >= (long long)MIB && pos < 15 * (long long)MIB; }

static int mem_source(virStreamPtr st, char *data, size_t n, void *opaque)
{
    mem_image *m = opaque;
    long long left = m->size - m->pos;
    size_t take = (size_t)MIN((long long)n, left);
    memcpy(data, m->buf + m->pos, take);
    m->pos += (long long)take;
    return (int)take;
}

static int mem_in_data(virStreamPtr st, int *in_data, long long *length, void *opaque)
{
    mem_image *m = opaque;
    if (m->pos >= m->size) {
        *in_data = 0;
        *length = 0;
    } else if (in_hole(m->pos)) {
        *in_data = 0;
        *length = 15 * (long long)MIB - m->pos;
    } else {
        *in_data = 1;
        *length = (m->pos < (long long)MIB ? (long long)MIB : m->size) - m->pos;
    }
    return 0;
}

static int mem_skip(virStreamPtr st, long long length, void *opaque)
{
    ((mem_image *)opaque)->pos += length;
    return 0;
}

static int mem_sink(virStreamPtr st, const char *data, size_t n, void *opaque)
{
    mem_image *m = opaque;
    g_assert_cmpint(m->pos + (long long)n, <=, m->size);
    memcpy(m->buf + m->pos, data, n);
    m->pos += (long long)n;
    return (int)n;
}

static int mem_hole(virStreamPtr st, long long length, void *opaque)
{
    mem_image *m = opaque;
    memset(m->buf + m->pos, 0, (size_t)length);
    m->pos += length;
    return 0;
}

/* Through the public API, as an application does it: a sparse upload into
 * a raw volume keeps the hole on disk, and the download returns the same
 * bytes. */
static void test_public_api_round_trip(void)
{
    sdir_fx fx;
    sdir_fx_open(&fx);
    virStoragePoolPtr pool = sdir_fx_pool(&fx);
    const long long size = 16 * (long long)MIB;
    g_autofree char *vxml = sdir_vol_xml("img.raw", "raw", (unsigned long long)size, 0);
    virStorageVolPtr vol = virStorageVolCreateXML(pool, vxml, 0);
    g_assert_nonnull(vol);

    mem_image up = { g_malloc0((gsize)size), size, 0 };
    for (long long i = 0; i < size; i++)
        if (!in_hole(i))
            up.buf[i] = (char)('a' + i % 23);
    virStreamPtr st = virStreamNew(fx.conn, 0);
    g_assert_nonnull(st);
    g_assert_cmpint(virStorageVolUpload(vol, st, 0, (unsigned long long)size,
                                        VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM), ==, 0);
    g_assert_cmpint(virStreamSparseSendAll(st, mem_source, mem_in_data, mem_skip, &up), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);

    /* The hole stayed a hole: about 2 MiB allocated, not 16. */
    g_autofree char *path = virStorageVolGetPath(vol);
    struct stat sb;
    g_assert_cmpint(stat(path, &sb), ==, 0);
    g_assert_cmpint(sb.st_size, ==, size);
    g_assert_cmpint((long long)sb.st_blocks * 512, <, 4 * (long long)MIB);

    mem_image down = { g_malloc((gsize)size), size, 0 };
    memset(down.buf, 'x', (size_t)size);
    st = virStreamNew(fx.conn, 0);
    g_assert_cmpint(virStorageVolDownload(vol, st, 0, (unsigned long long)size,
                                          VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM), ==, 0);
    g_assert_cmpint(virStreamSparseRecvAll(st, mem_sink, mem_hole, &down), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);
    g_assert_cmpint(down.pos, ==, size);
    g_assert_true(memcmp(up.buf, down.buf, (size_t)size) == 0);

    /* Read-only connections may not upload. */
    virConnectPtr ro = virConnectOpenReadOnly(fx.uri);
    virStorageVolPtr rvol = virStorageVolLookupByPath(ro, path);
    g_assert_nonnull(rvol);
    st = virStreamNew(ro, 0);
    g_assert_cmpint(virStorageVolUpload(rvol, st, 0, 0, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    virStreamFree(st);
    virStorageVolFree(rvol);
    virConnectClose(ro);

    g_free(up.buf);
    g_free(down.buf);
    virStorageVolFree(vol);
    virStoragePoolFree(pool);
    sdir_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/storage-dir/stream/public-api-round-trip", test_public_api_round_trip);
    g_test_add_func("/storage-dir/stream/sparse-round-trip", test_sparse_round_trip);
    g_test_add_func("/storage-dir/stream/window-bounds", test_window_and_bounds);
    return g_test_run();
}
