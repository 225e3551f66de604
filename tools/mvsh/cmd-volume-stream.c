/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-volume-stream.c — vol-upload and vol-download: a local
 * file into or out of a volume through a virStream, with virsh's options
 * and messages, --sparse keeping holes (SEEK_DATA/SEEK_HOLE on the local
 * file), and a progress bar when standard error is a terminal.
 */
#include "mvsh.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    int fd;
    unsigned long long left;    /* upload: bytes still to read (--length) */
    unsigned long long total;   /* for the bar; 0 when unknown */
    unsigned long long done;
    const char *label;
    bool bar;
    gint64 drawn;               /* when the bar was last drawn */
    int err;                    /* errno of a failed local read/write/seek */
} xfer;

static void progress(xfer *x, unsigned long long n, bool last)
{
    x->done += n;
    gint64 now = g_get_monotonic_time();
    if (!x->bar || (!last && now - x->drawn < 100000))
        return;
    x->drawn = now;
    g_autofree char *sz = mvsh_pretty_size(x->done);
    if (x->total)
        fprintf(stderr, "\r%s: [%3d %%] %s", x->label,
                (int)(MIN(x->done, x->total) * 100 / x->total), sz);
    else
        fprintf(stderr, "\r%s: %s", x->label, sz);
    fprintf(stderr, last ? "\n" : "   ");
}

/* Local I/O failures keep errno: libvirt cannot carry our error. */
static int local_fail(xfer *x)
{
    x->err = errno ? errno : EIO;
    return -1;
}

static int src_read(virStreamPtr st, char *buf, size_t n, void *opaque)
{
    xfer *x = opaque;
    ssize_t got = read(x->fd, buf, MIN(n, x->left));
    if (got < 0)
        return local_fail(x);
    x->left -= got;
    progress(x, got, false);
    return (int)got;
}

/* Where the local file's data and holes are, from the current offset. */
static int src_in_data(virStreamPtr st, int *in_data, long long *len, void *opaque)
{
    xfer *x = opaque;
    off_t cur = lseek(x->fd, 0, SEEK_CUR), end = lseek(x->fd, 0, SEEK_END);
    off_t data = lseek(x->fd, cur, SEEK_DATA);
    if (cur < 0 || end < 0)
        return local_fail(x);
    if (data < 0 && errno == ENXIO)
        data = end;               /* a hole up to the end */
    else if (data < 0)
        data = cur;               /* no hole support: all data */
    if (data > cur) {
        *in_data = 0;
        *len = data - cur;
    } else {
        off_t hole = lseek(x->fd, cur, SEEK_HOLE);
        *in_data = cur < end;
        *len = (hole > cur ? hole : end) - cur;
    }
    *len = MIN((unsigned long long)*len, x->left);
    if (*len == 0)
        *in_data = 0;
    return lseek(x->fd, cur, SEEK_SET) < 0 ? local_fail(x) : 0;
}

static int src_skip(virStreamPtr st, long long len, void *opaque)
{
    xfer *x = opaque;
    if (lseek(x->fd, len, SEEK_CUR) < 0)
        return local_fail(x);
    x->left -= len;
    progress(x, len, false);
    return 0;
}

static int sink_write(virStreamPtr st, const char *buf, size_t n, void *opaque)
{
    xfer *x = opaque;
    ssize_t put = write(x->fd, buf, n);
    if (put < 0)
        return local_fail(x);
    progress(x, put, false);
    return (int)put;
}

/* A hole downloaded: seek over it and extend the file, as virsh. */
static int sink_hole(virStreamPtr st, long long len, void *opaque)
{
    xfer *x = opaque;
    off_t at = lseek(x->fd, len, SEEK_CUR);
    if (at < 0 || ftruncate(x->fd, at) < 0)
        return local_fail(x);
    progress(x, len, false);
    return 0;
}

/* "error: WHAT" then why: the local errno, else the library's error. */
static int stream_fail(const xfer *x, const char *file, const char *what, const char *vol)
{
    if (!x->err)
        return mvsh_fail(what, vol);
    mvsh_error(what, vol);
    mvsh_error("%s: %s", file, g_strerror(x->err));
    mvsh_reset_error();
    return -1;
}

/* The shared steps: options, volume, stream, the driver call, the whole
 * transfer, then the stream's end. */
static int transfer(mvsh *sh, const mvsh_args *a, bool upload, xfer *x)
{
    const char *name = mvsh_arg(a, "vol"), *file = mvsh_arg(a, "file");
    unsigned long long offset = 0, length = 0;
    bool sparse = mvsh_flag(a, "sparse");
    if (mvsh_arg_ull(a, "offset", &offset) < 0 || mvsh_arg_ull(a, "length", &length) < 0)
        return -1;
    virStorageVolPtr vol = mvsh_volume(sh, a, "vol");
    if (!vol)
        return -1;
    virStorageVolInfo info;
    x->left = length ? length : ULLONG_MAX;
    x->total = length;
    struct stat sb;
    if (!length && !upload && virStorageVolGetInfo(vol, &info) == 0 && info.capacity > offset)
        x->total = info.capacity - offset;
    if (!length && upload && fstat(x->fd, &sb) == 0 && S_ISREG(sb.st_mode))
        x->total = sb.st_size;
    mvsh_reset_error();
    virStreamPtr st = virStreamNew(sh->conn, 0);
    int rc = -1;
    if (!st) {
        mvsh_fail("cannot create a new stream");
    } else if ((upload ? virStorageVolUpload : virStorageVolDownload)(vol, st, offset, length,
                                                                     sparse ? 1 : 0) < 0) {
        mvsh_fail(upload ? "cannot upload to volume %s" : "cannot download from volume %s", name);
    } else if ((upload ? (sparse ? virStreamSparseSendAll(st, src_read, src_in_data, src_skip, x)
                                 : virStreamSendAll(st, src_read, x))
                       : (sparse ? virStreamSparseRecvAll(st, sink_write, sink_hole, x)
                                 : virStreamRecvAll(st, sink_write, x))) < 0) {
        stream_fail(x, file, upload ? "cannot send data to volume %s"
                                    : "cannot receive data from volume %s", name);
    } else if (!upload && close(x->fd) < 0) {
        x->fd = -1;
        mvsh_error("Unable to close %s", file);
        virStreamAbort(st);
    } else {
        if (!upload)
            x->fd = -1;
        progress(x, 0, true);
        rc = virStreamFinish(st) < 0 ? mvsh_fail("cannot close volume %s", name) : 0;
    }
    if (st)
        virStreamFree(st);
    virStorageVolFree(vol);
    return rc;
}

static int cmd_vol_upload(mvsh *sh, const mvsh_args *a)
{
    const char *file = mvsh_arg(a, "file");
    xfer x = { .label = "Uploading", .bar = isatty(STDERR_FILENO) };
    if ((x.fd = open(file, O_RDONLY)) < 0) {
        mvsh_error("cannot read %s", file);
        return -1;
    }
    int rc = transfer(sh, a, true, &x);
    close(x.fd);
    return rc;
}

static int cmd_vol_download(mvsh *sh, const mvsh_args *a)
{
    const char *file = mvsh_arg(a, "file");
    xfer x = { .label = "Downloading", .bar = isatty(STDERR_FILENO) };
    bool created = true;
    if ((x.fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0) {
        created = false;
        if (errno != EEXIST || (x.fd = open(file, O_WRONLY | O_TRUNC, 0666)) < 0) {
            mvsh_error("cannot create %s", file);
            return -1;
        }
    }
    int rc = transfer(sh, a, false, &x);
    if (x.fd >= 0)
        close(x.fd);
    if (rc < 0 && created)
        unlink(file);
    return rc;
}

static const mvsh_opt vol_stream_opts[] = {
    { "vol", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "pool", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "offset", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "length", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "sparse", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_upload = {
    .name = "vol-upload",
    .summary = "upload file contents to a volume",
    .usage = "vol-upload <vol> <file> [--pool <string>] [--offset <number>] "
             "[--length <number>] [--sparse]",
    .description = "Writes the contents of FILE into the volume, starting --offset bytes into "
                   "it and sending at most --length bytes; --sparse sends the file's holes as "
                   "holes. A progress bar shows on a terminal.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_stream_opts,
    .run = cmd_vol_upload,
};

const mvsh_cmd mvsh_cmd_vol_download = {
    .name = "vol-download",
    .summary = "download volume contents to a file",
    .usage = "vol-download <vol> <file> [--pool <string>] [--offset <number>] "
             "[--length <number>] [--sparse]",
    .description = "Writes the volume's contents, from --offset for --length bytes (to the end "
                   "by default), into FILE, which is created or truncated; --sparse leaves the "
                   "volume's holes as holes in FILE. A progress bar shows on a terminal.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_stream_opts,
    .run = cmd_vol_download,
};
