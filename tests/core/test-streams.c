/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-streams.c — virStream through the fixture's in-memory
 * volumes: Send/Recv and the *All loops both ways, sparse transfers,
 * the order of the driver's finish/abort/free, errors (wrong direction,
 * after the end, bad arguments, failing callbacks, read-only and foreign
 * connections), and the event callback on the default loop. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static virConnectPtr conn;

static void quiet(void *opaque, virErrorPtr err) {}

static virStorageVolPtr fxvol(virConnectPtr c)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName(c, "fxpool");
    g_assert_nonnull(pool);
    virStorageVolPtr vol = virStorageVolLookupByName(pool, "fxvol");
    g_assert_nonnull(vol);
    virStoragePoolFree(pool);
    return vol;
}

/* The calls the fixture's last transfer got. */
static void assert_log(const char *want)
{
    virStorageVolPtr vol = fxvol(conn);
    g_autofree char *xml = virStorageVolGetXMLDesc(vol, 0);
    g_autofree char *log = g_strdup(strstr(xml, "<log>") + 5);
    *strstr(log, "</log>") = '\0';
    g_assert_cmpstr(log, ==, want);
    virStorageVolFree(vol);
}

static void assert_error(int code)
{
    g_assert_cmpint(virGetLastErrorCode(), ==, code);
}

/* A stream serving an upload (or download) of fxvol at OFFSET/LENGTH. */
static virStreamPtr open_stream(bool upload, unsigned long long offset,
                                unsigned long long length, unsigned int flags)
{
    virStorageVolPtr vol = fxvol(conn);
    virStreamPtr st = virStreamNew(conn, 0);
    g_assert_nonnull(st);
    int rc = upload ? virStorageVolUpload(vol, st, offset, length, flags)
                    : virStorageVolDownload(vol, st, offset, length, flags);
    g_assert_cmpint(rc, ==, 0);
    virStorageVolFree(vol);
    return st;
}

static GBytes *pattern(gsize n)
{
    guint8 *p = g_malloc(n);
    for (gsize i = 0; i < n; i++)
        p[i] = (guint8)(i * 7 + 1) | 1;
    return g_bytes_new_take(p, n);
}

static void test_send_recv(void)
{
    g_autoptr(GBytes) data = pattern(1 << 20);
    gsize n;
    const char *p = g_bytes_get_data(data, &n);
    virStreamPtr st = open_stream(true, 0, 0, 0);
    for (gsize off = 0; off < n; off += 65536)
        g_assert_cmpint(virStreamSend(st, p + off, 65536), ==, 65536);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    assert_log("upload send finish free");
    g_assert_cmpint(virStreamFree(st), ==, 0);

    st = open_stream(false, 0, 0, 0);
    g_autofree char *back = g_malloc(n + 1);
    gsize got = 0;
    int r;
    while ((r = virStreamRecv(st, back + got, 100000)) > 0)
        got += r;
    g_assert_cmpint(r, ==, 0);
    g_assert_cmpuint(got, ==, n);
    g_assert_true(memcmp(back, p, n) == 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    assert_log("download recv finish free");
    virStreamFree(st);
}

typedef struct { const char *data; gsize len, pos; GByteArray *out; } mem_io;

static int mem_source(virStreamPtr st, char *buf, size_t n, void *opaque)
{
    mem_io *m = opaque;
    n = MIN(n, m->len - m->pos);
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (int)n;
}

static int mem_sink(virStreamPtr st, const char *buf, size_t n, void *opaque)
{
    g_byte_array_append(((mem_io *)opaque)->out, (const guint8 *)buf, n);
    return (int)n;
}

static void test_all(void)
{
    g_autoptr(GBytes) data = pattern(3 * 1000 * 1000 + 17);
    mem_io in = { .data = g_bytes_get_data(data, &in.len) };
    virStreamPtr st = open_stream(true, 0, 0, 0);
    g_assert_cmpint(virStreamSendAll(st, mem_source, &in), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);

    mem_io out = { .out = g_byte_array_new() };
    st = open_stream(false, 0, in.len, 0);
    g_assert_cmpint(virStreamRecvAll(st, mem_sink, &out), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);
    g_assert_cmpuint(out.out->len, ==, in.len);
    g_assert_true(memcmp(out.out->data, in.data, in.len) == 0);
    g_byte_array_unref(out.out);
}

/* A sparse source: 8 KiB data, a 64 KiB hole, 4 KiB data. */
typedef struct { int section; bool data; long long left; GString *seen; } sparse_io;
static const long long sparse_layout[] = { 8192, -65536, 4096 };

static int sparse_in_data(virStreamPtr st, int *in_data, long long *len, void *opaque)
{
    sparse_io *s = opaque;
    if (s->left == 0 && s->section < 3) {
        long long v = sparse_layout[s->section++];
        s->data = v > 0;
        s->left = llabs(v);
    }
    *in_data = s->left > 0 && s->data;
    *len = s->left;
    return 0;
}

static int sparse_source(virStreamPtr st, char *buf, size_t n, void *opaque)
{
    sparse_io *s = opaque;
    n = MIN((long long)n, s->left);
    memset(buf, 'd', n);
    s->left -= n;
    return (int)n;
}

static int sparse_skip(virStreamPtr st, long long len, void *opaque)
{
    ((sparse_io *)opaque)->left -= len;
    return 0;
}

static int sparse_sink(virStreamPtr st, const char *buf, size_t n, void *opaque)
{
    g_string_append_printf(((sparse_io *)opaque)->seen, "d%zu ", n);
    return (int)n;
}

static int sparse_hole(virStreamPtr st, long long len, void *opaque)
{
    g_string_append_printf(((sparse_io *)opaque)->seen, "h%lld ", len);
    return 0;
}

static void test_sparse(void)
{
    sparse_io in = { 0 };
    virStreamPtr st = open_stream(true, 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
    g_assert_cmpint(virStreamSparseSendAll(st, sparse_source, sparse_in_data, sparse_skip, &in),
                    ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    assert_log("upload send hole send finish free");
    virStreamFree(st);

    sparse_io out = { .seen = g_string_new("") };
    st = open_stream(false, 0, 8192 + 65536 + 4096, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
    g_assert_cmpint(virStreamSparseRecvAll(st, sparse_sink, sparse_hole, &out), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);
    g_assert_cmpstr(out.seen->str, ==, "d8192 h65536 d4096 ");
    g_string_free(out.seen, TRUE);

    /* By hand: RecvFlags stops at the hole with -3, RecvHole gives it. */
    char buf[16384];
    long long hole = 0;
    st = open_stream(false, 0, 8192 + 65536 + 4096, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
    g_assert_cmpint(virStreamRecvFlags(st, buf, sizeof(buf), VIR_STREAM_RECV_STOP_AT_HOLE), ==, 8192);
    g_assert_cmpint(virStreamRecvFlags(st, buf, sizeof(buf), VIR_STREAM_RECV_STOP_AT_HOLE), ==, -3);
    g_assert_cmpint(virStreamRecvHole(st, &hole, 0), ==, 0);
    g_assert_cmpint(hole, ==, 65536);
    g_assert_cmpint(virStreamRecvFlags(st, buf, sizeof(buf), 0x80), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG);
    g_assert_cmpint(virStreamRecv(st, buf, sizeof(buf)), ==, 4096);
    g_assert_cmpint(virStreamRecv(st, buf, sizeof(buf)), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);
}

static void test_end_order(void)
{
    char buf[100] = { 1 };
    virStreamPtr st = open_stream(true, 0, 0, 0);
    g_assert_cmpint(virStreamSend(st, buf, sizeof(buf)), ==, 100);
    g_assert_cmpint(virStreamAbort(st), ==, 0);
    assert_log("upload send abort free");
    g_assert_cmpint(virStreamSend(st, buf, sizeof(buf)), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(virStreamFinish(st), ==, -1);
    g_assert_cmpint(virStreamAbort(st), ==, 0);
    virStreamFree(st);

    /* The last reference of a stream still in a transfer abandons it. */
    st = open_stream(true, 0, 0, 0);
    g_assert_cmpint(virStreamRef(st), ==, 0);
    g_assert_cmpint(virStreamSend(st, buf, sizeof(buf)), ==, 100);
    virStreamFree(st);
    assert_log("upload send");
    virStreamFree(st);
    assert_log("upload send abort free");

    /* Finish twice is harmless; sending after it is not. */
    st = open_stream(true, 0, 0, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    g_assert_cmpint(virStreamSend(st, buf, sizeof(buf)), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID);
    assert_log("upload finish free");
    virStreamFree(st);
}

static int fail_source(virStreamPtr st, char *buf, size_t n, void *opaque) { return -1; }
static int fail_sink(virStreamPtr st, const char *buf, size_t n, void *opaque) { return -1; }

static void test_errors(void)
{
    char buf[100] = { 1 };
    /* The wrong direction is not supported; the transfer goes on. */
    virStreamPtr st = open_stream(false, 0, 0, 0);
    g_assert_cmpint(virStreamSend(st, buf, sizeof(buf)), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT);
    g_assert_cmpint(virStreamRecv(st, buf, sizeof(buf)), ==, 100);
    g_assert_cmpint(virStreamSendAll(st, NULL, NULL), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG);
    g_assert_cmpint(virStreamRecvHole(st, NULL, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG);
    g_assert_cmpint(virStreamRecvAll(st, fail_sink, NULL), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR);   /* the sink set no error */
    assert_log("download recv abort free");
    virStreamFree(st);

    st = open_stream(true, 0, 0, 0);
    g_assert_cmpint(virStreamSendAll(st, fail_source, NULL), ==, -1);
    assert_log("upload abort free");
    virStreamFree(st);

    /* Beyond LENGTH the driver fails, which aborts the transfer. */
    st = open_stream(true, 0, 50, 0);
    g_assert_cmpint(virStreamSend(st, buf, sizeof(buf)), ==, -1);
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "no room left"));
    assert_log("upload abort free");
    virStreamFree(st);

    /* Unattached streams: nothing to do, nothing to abort. */
    st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    g_assert_cmpint(virStreamSend(st, buf, sizeof(buf)), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT);
    g_assert_cmpint(virStreamAbort(st), ==, 0);
    g_assert_cmpint(virStreamSendAll(st, fail_source, NULL), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID);
    virStreamFree(st);
    g_assert_cmpint(virStreamSend(NULL, buf, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_STREAM);
    g_assert_cmpint(virStreamFree(NULL), ==, -1);

    /* One transfer per stream; the stream's connection must be the volume's;
     * read-only connections may create streams but not transfer. */
    virStorageVolPtr vol = fxvol(conn);
    st = open_stream(true, 0, 0, 0);
    g_assert_cmpint(virStorageVolUpload(vol, st, 0, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID);
    virStreamAbort(st);
    virStreamFree(st);
    virConnectPtr ro = virConnectOpenReadOnly("fixture:///default");
    st = virStreamNew(ro, 0);
    g_assert_nonnull(st);
    g_assert_cmpint(virStorageVolUpload(vol, st, 0, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG);
    virStorageVolPtr rovol = fxvol(ro);
    g_assert_cmpint(virStorageVolUpload(rovol, st, 0, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED);
    g_assert_cmpint(virStorageVolDownload(rovol, st, 0, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED);
    g_assert_cmpint(virStorageVolUpload(vol, NULL, 0, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_STREAM);
    virStreamFree(st);
    virStorageVolFree(rovol);
    virStorageVolFree(vol);
    virConnectClose(ro);
}

typedef struct { int calls, freed; char buf[4096]; } event_io;
static bool deadline;
static void on_deadline(int timer, void *opaque) { deadline = true; }

static void on_readable(virStreamPtr st, int events, void *opaque)
{
    event_io *e = opaque;
    g_assert_true(events & VIR_STREAM_EVENT_READABLE);
    g_assert_cmpint(virStreamRecv(st, e->buf, sizeof(e->buf)), >, 0);
    if (++e->calls == 3)
        g_assert_cmpint(virStreamEventUpdateCallback(st, 0), ==, 0);
}

static void on_free(void *opaque) { ((event_io *)opaque)->freed++; }

static void test_events(void)
{
    event_io e = { 0 };
    virStreamPtr st = open_stream(false, 0, 0, 0);
    /* No event loop yet: libvirt's error. */
    g_assert_cmpint(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_readable, &e,
                                              NULL), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR);
    g_assert_cmpint(virStreamEventUpdateCallback(st, 0), ==, -1);
    g_assert_cmpint(virStreamEventRemoveCallback(st), ==, -1);

    g_assert_cmpint(virEventRegisterDefaultImpl(), ==, 0);
    g_assert_cmpint(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_readable, &e,
                                              on_free), ==, 0);
    g_assert_cmpint(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_readable, &e,
                                              NULL), ==, -1);
    /* Readable at once; after three calls it asks for nothing and sleeps. */
    int t = virEventAddTimeout(300, on_deadline, NULL, NULL);
    while (!deadline)
        virEventRunDefaultImpl();
    virEventRemoveTimeout(t);
    g_assert_cmpint(e.calls, ==, 3);
    g_assert_cmpint(virStreamEventRemoveCallback(st), ==, 0);
    virEventRunDefaultImpl();
    g_assert_cmpint(e.freed, ==, 1);
    g_assert_cmpint(virStreamAbort(st), ==, 0);
    virStreamFree(st);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("MODVIRT_PLUGIN_DIR", g_getenv("MV_TEST_FIXTURE_DIR"), TRUE);
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen("fixture:///default");
    g_assert_nonnull(conn);
    g_test_add_func("/streams/send-recv", test_send_recv);
    g_test_add_func("/streams/all", test_all);
    g_test_add_func("/streams/sparse", test_sparse);
    g_test_add_func("/streams/end-order", test_end_order);
    g_test_add_func("/streams/errors", test_errors);
    g_test_add_func("/streams/events", test_events);
    int rc = g_test_run();
    virConnectClose(conn);
    return rc;
}
