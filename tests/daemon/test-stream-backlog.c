/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/daemon/test-stream-backlog.c — a volume download through modvirtd
 * read by an application slower than the daemon sends: the remote plugin
 * keeps at most a few MiB of it queued (the rest waits in the socket), so
 * the client's peak memory stays flat however large the volume, and every
 * byte arrives in order.
 *
 * Run by with-modvirtd.py: the daemon's socket is taken from
 * MV_TEST_DEFAULT_URI and the storage driver opened through it.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define VOLUME_MIB 192
#define CHUNK (64 * 1024)
/* The queue's high-water mark is 4 MiB; what the client may grow by while
 * downloading, with room for the library's own allocations. */
#define GROWTH_LIMIT_KIB (16 * 1024)

static char *uri;
static char *pool_dir;

/* The peak resident size of this process (VmHWM), in KiB. */
static long peak_kib(void)
{
    g_autofree char *status = NULL;
    if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
        return -1;
    const char *p = strstr(status, "VmHWM:");
    return p ? strtol(p + 6, NULL, 10) : -1;
}

static void reset_peak(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = write(fd, "5", 1);
        (void)n;
        close(fd);
    }
}

static uint8_t pattern(size_t off)
{
    return (uint8_t)((off * 2654435761u) >> 13) | 1;
}

static void test_slow_reader(void)
{
    if (access("/proc/self/clear_refs", W_OK) < 0) {
        g_test_skip("/proc/self/clear_refs is not writable: the peak size cannot be reset");
        return;
    }
    virConnectPtr conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    g_autofree char *pool_xml = g_strdup_printf(
        "<pool type='dir'><name>backlog</name><target><path>%s</path></target></pool>",
        pool_dir);
    virStoragePoolPtr pool = virStoragePoolCreateXML(conn, pool_xml, 0);
    g_assert_nonnull(pool);

    /* The volume's file, written here: data, no holes. */
    g_autofree char *path = g_build_filename(pool_dir, "big.img", NULL);
    FILE *f = fopen(path, "wb");
    g_assert_nonnull(f);
    g_autofree uint8_t *buf = g_malloc(CHUNK);
    for (size_t off = 0; off < (size_t)VOLUME_MIB << 20; off += CHUNK) {
        for (size_t i = 0; i < CHUNK; i++)
            buf[i] = pattern(off + i);
        g_assert_cmpuint(fwrite(buf, 1, CHUNK, f), ==, CHUNK);
    }
    g_assert_cmpint(fclose(f), ==, 0);
    g_assert_cmpint(virStoragePoolRefresh(pool, 0), ==, 0);
    virStorageVolPtr vol = virStorageVolLookupByName(pool, "big.img");
    g_assert_nonnull(vol);

    reset_peak();
    long before = peak_kib();
    virStreamPtr st = virStreamNew(conn, 0);
    g_assert_nonnull(st);
    g_assert_cmpint(virStorageVolDownload(vol, st, 0, 0, 0), ==, 0);
    size_t got = 0;
    bool same = true, paused = false;
    for (;;) {
        int n = virStreamRecv(st, (char *)buf, CHUNK);
        g_assert_cmpint(n, >=, 0);
        if (n == 0)
            break;
        for (int i = 0; i < n && same; i += 4093)
            same = buf[i] == pattern(got + (size_t)i);
        got += (size_t)n;
        /* Once, the application does something else for a while (far
         * longer than the plugin waits before reading an idle connection
         * itself): without a bound, the queue would take everything the
         * daemon sends meanwhile. */
        if (!paused && got >= 8u << 20) {
            g_usleep(3 * G_USEC_PER_SEC);
            paused = true;
        }
    }
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    long after = peak_kib();
    virStreamFree(st);
    g_test_message("downloaded %zu MiB; peak size grew by %ld KiB", got >> 20, after - before);
    g_assert_cmpuint(got, ==, (size_t)VOLUME_MIB << 20);
    g_assert_true(same);
#if defined(__SANITIZE_ADDRESS__)
    /* Freed memory waits in AddressSanitizer's quarantine instead of being
     * reused: the peak size grows with all that passed through. */
    g_test_skip("the peak size is meaningless under AddressSanitizer (freed memory is "
                "quarantined, not reused); the data was checked");
#else
    g_assert_cmpint(after - before, <, GROWTH_LIMIT_KIB);
#endif

    g_assert_cmpint(virStorageVolDelete(vol, 0), ==, 0);
    virStorageVolFree(vol);
    g_assert_cmpint(virStoragePoolDestroy(pool), ==, 0);
    virStoragePoolFree(pool);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    const char *def = g_getenv("MV_TEST_DEFAULT_URI");
    const char *sock = def ? strstr(def, "socket=") : NULL;
    if (!sock) {
        g_printerr("MV_TEST_DEFAULT_URI names no daemon socket\n");
        return 1;
    }
    uri = g_strdup_printf("storage+unix:///system?%s", sock);
    g_autoptr(GError) err = NULL;
    pool_dir = g_dir_make_tmp("mv-backlog-XXXXXX", &err);
    g_assert_no_error(err);
    g_test_add_func("/daemon/stream/slow-reader-memory", test_slow_reader);
    int rc = g_test_run();
    g_autofree char *left = g_build_filename(pool_dir, "big.img", NULL);
    g_unlink(left);
    g_rmdir(pool_dir);
    return rc;
}
