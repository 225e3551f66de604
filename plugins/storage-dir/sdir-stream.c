/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-stream.c — the file side of volume streams:
 * sequential pwrite/pread in a window of the file, sparse both ways, and
 * an fsync before a finished upload reports success. */
#include "sdir-stream.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct mv_sdir_stream {
    int fd;
    char *path;
    bool upload;
    unsigned long long offset, length;  /* length 0: unbounded upload */
    unsigned long long pos;             /* bytes done, from offset */
    unsigned long long end;             /* download: absolute end */
    void (*release)(void *);
    void *data;
};

#define ERR VIR_FROM_STORAGE

mv_sdir_stream *mv_sdir_stream_new(int fd, const char *path, bool upload,
                                   unsigned long long offset, unsigned long long length,
                                   void (*release)(void *), void *data)
{
    struct stat sb;
    mv_sdir_stream *s = g_new0(mv_sdir_stream, 1);
    s->fd = fd;
    s->path = g_strdup(path);
    s->upload = upload;
    s->offset = offset;
    s->length = length;
    s->release = release;
    s->data = data;
    if (!upload && fstat(fd, &sb) == 0) {
        unsigned long long size = sb.st_size;
        s->end = length && offset + length < size ? offset + length : size;
        if (s->end < offset)
            s->end = offset;
    }
    return s;
}

static int sdir_stream_fail(mv_sdir_stream *s, int err, const char *what)
{
    mv_error_report_errno(ERR, VIR_ERR_SYSTEM_ERROR, err, "cannot %s '%s'", what, s->path);
    return -1;
}

/* Upload bound: N more bytes must fit in the requested length. */
static int sdir_stream_room(mv_sdir_stream *s, unsigned long long n)
{
    if (!s->length || s->pos + n <= s->length)
        return 0;
    mv_error_report(ERR, VIR_ERR_OPERATION_INVALID,
                    "upload to '%s' goes beyond the requested length of %llu bytes",
                    s->path, s->length);
    return -1;
}

static int sdir_stream_send(virStreamPtr st, const char *data, size_t n, void *opaque)
{
    mv_sdir_stream *s = opaque;
    (void)st;
    if (n > INT_MAX)
        n = INT_MAX;
    if (sdir_stream_room(s, n) < 0)
        return -1;
    for (size_t done = 0; done < n;) {
        ssize_t w = pwrite(s->fd, data + done, n - done, (off_t)(s->offset + s->pos));
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return sdir_stream_fail(s, errno, "write to");
        done += w;
        s->pos += w;
    }
    return (int)n;
}

static int sdir_stream_send_hole(virStreamPtr st, long long length, unsigned int flags,
                                 void *opaque)
{
    mv_sdir_stream *s = opaque;
    struct stat sb;
    (void)st;
    (void)flags;
    if (length < 0 || sdir_stream_room(s, length) < 0)
        return length < 0 ? sdir_stream_fail(s, EINVAL, "skip a negative hole in") : -1;
    off_t at = (off_t)(s->offset + s->pos);
    if (fstat(s->fd, &sb) < 0)
        return sdir_stream_fail(s, errno, "stat");
    /* Only what the file already holds needs punching; past its end the
     * hole is made by the final size. */
    off_t punch = MIN((off_t)length, sb.st_size > at ? sb.st_size - at : 0);
    if (punch > 0 && fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, at, punch) < 0)
        return sdir_stream_fail(s, errno, "punch a hole in");
    s->pos += length;
    return 0;
}

/* Where the reader stands: in data or in a hole, and for how long. */
static int sdir_stream_in_data(virStreamPtr st, int *in_data, long long *length, void *opaque)
{
    mv_sdir_stream *s = opaque;
    off_t cur = (off_t)(s->offset + s->pos), end = (off_t)s->end;
    (void)st;
    *in_data = 0;
    *length = 0;
    if (cur >= end)
        return 0;
    off_t data = lseek(s->fd, cur, SEEK_DATA);
    if (data < 0 && errno != ENXIO)
        data = cur;   /* no SEEK_DATA: all data */
    else if (data < 0 || data > end)
        data = end;
    if (data > cur) {
        *length = data - cur;
        return 0;
    }
    off_t hole = lseek(s->fd, cur, SEEK_HOLE);
    *in_data = 1;
    *length = (hole < 0 || hole > end ? end : hole) - cur;
    return 0;
}

static int sdir_stream_recv(virStreamPtr st, char *data, size_t n, unsigned int flags,
                            void *opaque)
{
    mv_sdir_stream *s = opaque;
    unsigned long long left = s->end - MIN(s->end, s->offset + s->pos);
    if (n > INT_MAX)
        n = INT_MAX;
    if (flags & VIR_STREAM_RECV_STOP_AT_HOLE) {
        int in;
        long long len;
        sdir_stream_in_data(st, &in, &len, opaque);
        if (!in && len > 0)
            return -3;
        left = MIN(left, (unsigned long long)len);
    }
    n = MIN(n, left);
    while (n > 0) {
        ssize_t r = pread(s->fd, data, n, (off_t)(s->offset + s->pos));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return sdir_stream_fail(s, errno, "read from");
        s->pos += r;
        return (int)r;
    }
    return 0;
}

static int sdir_stream_recv_hole(virStreamPtr st, long long *length, unsigned int flags,
                                 void *opaque)
{
    mv_sdir_stream *s = opaque;
    int in;
    (void)flags;
    sdir_stream_in_data(st, &in, length, opaque);
    if (in) {
        mv_error_report(ERR, VIR_ERR_OPERATION_INVALID,
                        "reading '%s': not positioned on a hole", s->path);
        return -1;
    }
    s->pos += *length;
    return 0;
}

static int sdir_stream_finish(virStreamPtr st, void *opaque)
{
    mv_sdir_stream *s = opaque;
    struct stat sb;
    (void)st;
    if (s->upload) {
        off_t at = (off_t)(s->offset + s->pos);
        if (fstat(s->fd, &sb) < 0 || (sb.st_size < at && ftruncate(s->fd, at) < 0))
            return sdir_stream_fail(s, errno, "extend");
        if (fsync(s->fd) < 0)
            return sdir_stream_fail(s, errno, "sync");
    }
    close(s->fd);
    s->fd = -1;
    return 0;
}

static int sdir_stream_abort(virStreamPtr st, void *opaque)
{
    mv_sdir_stream *s = opaque;
    (void)st;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    return 0;
}

static void sdir_stream_free(void *opaque)
{
    mv_sdir_stream *s = opaque;
    sdir_stream_abort(NULL, s);
    if (s->release)
        s->release(s->data);
    g_free(s->path);
    g_free(s);
}

const mv_stream_ops mv_sdir_upload_ops = {
    .size = sizeof(mv_stream_ops),
    .send = sdir_stream_send,
    .send_hole = sdir_stream_send_hole,
    .finish = sdir_stream_finish,
    .abort = sdir_stream_abort,
    .free = sdir_stream_free,
};

const mv_stream_ops mv_sdir_download_ops = {
    .size = sizeof(mv_stream_ops),
    .recv = sdir_stream_recv,
    .recv_hole = sdir_stream_recv_hole,
    .in_data = sdir_stream_in_data,
    .finish = sdir_stream_finish,
    .abort = sdir_stream_abort,
    .free = sdir_stream_free,
};
