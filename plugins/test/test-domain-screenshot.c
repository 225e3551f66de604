/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-screenshot.c — the test driver's screenshot:
 * as libvirt's test driver, any domain, any screen, and a PNG image. The
 * image is drawn here (a grey ramp, stored without compression, which PNG
 * allows) into a memory file the stream then reads. */
#include "test-domain.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SHOT_W 64
#define SHOT_H 48

static guint32 crc32_of(const guint8 *p, size_t n, guint32 crc)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static void put32(GByteArray *b, guint32 v)
{
    guint8 x[4] = { v >> 24, v >> 16, v >> 8, v };
    g_byte_array_append(b, x, 4);
}

static void chunk(GByteArray *png, const char *type, const guint8 *data, size_t n)
{
    put32(png, (guint32)n);
    size_t at = png->len;
    g_byte_array_append(png, (const guint8 *)type, 4);
    if (n)
        g_byte_array_append(png, data, (guint)n);
    put32(png, crc32_of(png->data + at, n + 4, 0));
}

/* The image: 8-bit grey, one filter byte (none) before each row. */
static GByteArray *draw_png(void)
{
    guint8 raw[SHOT_H * (SHOT_W + 1)];
    for (int y = 0; y < SHOT_H; y++) {
        raw[y * (SHOT_W + 1)] = 0;
        for (int x = 0; x < SHOT_W; x++)
            raw[y * (SHOT_W + 1) + 1 + x] = (guint8)((x * 255) / (SHOT_W - 1));
    }
    /* zlib: header, one final stored block, Adler-32 */
    GByteArray *z = g_byte_array_new();
    guint16 len = sizeof(raw), nlen = (guint16)~len;
    guint8 head[] = { 0x78, 0x01, 0x01, len & 0xff, len >> 8, nlen & 0xff, nlen >> 8 };
    g_byte_array_append(z, head, sizeof(head));
    g_byte_array_append(z, raw, sizeof(raw));
    guint32 a = 1, b = 0;
    for (size_t i = 0; i < sizeof(raw); i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    put32(z, (b << 16) | a);

    static const guint8 sig[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    GByteArray *png = g_byte_array_new();
    g_byte_array_append(png, sig, sizeof(sig));
    GByteArray *ihdr = g_byte_array_new();
    put32(ihdr, SHOT_W);
    put32(ihdr, SHOT_H);
    static const guint8 rest[] = { 8, 0, 0, 0, 0 };   /* depth, grey, deflate, filter, no interlace */
    g_byte_array_append(ihdr, rest, sizeof(rest));
    chunk(png, "IHDR", ihdr->data, ihdr->len);
    chunk(png, "IDAT", z->data, z->len);
    chunk(png, "IEND", NULL, 0);
    g_byte_array_unref(ihdr);
    g_byte_array_unref(z);
    return png;
}

char *mv_test_domain_screenshot(virDomainPtr dom, virStreamPtr st, unsigned int screen,
                                unsigned int flags)
{
    (void)screen;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainScreenshot", NULL);
    mv_test_state *s;
    if (!mv_test_dom_lock(dom, &s))
        return NULL;
    mv_test_unlock(s);
    int fd = memfd_create("mv-test-screenshot", MFD_CLOEXEC);
    if (fd < 0) {
        mv_error_report_errno(VIR_FROM_TEST, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create the screenshot");
        return NULL;
    }
    GByteArray *png = draw_png();
    bool ok = write(fd, png->data, png->len) == (ssize_t)png->len && lseek(fd, 0, SEEK_SET) == 0;
    g_byte_array_unref(png);
    if (!ok) {
        mv_error_report_errno(VIR_FROM_TEST, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot write the screenshot");
        close(fd);
        return NULL;
    }
    if (mv_stream_attach_fd(virDomainGetConnect(dom), st, fd) < 0)   /* owns FD */
        return NULL;
    return g_strdup("image/png");
}
