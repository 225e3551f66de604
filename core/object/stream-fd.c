/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/object/stream-fd.c — a stream served from a file descriptor (a
 * console's pty master, a socket): mv_stream_attach_fd. Send writes and
 * Recv reads the fd; on a non-blocking stream they return -2 instead of
 * waiting, and the event callback watches the fd itself. A pty whose other
 * side closed (EIO) or a socket at EOF reads as the end of the stream. */
#include "core/object/stream.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include "core/util/error.h"
#include <modvirt-plugin/streams.h>

typedef struct {
    int fd;
    bool nonblock;
} fd_stream;

/* Blocking mode: waits until FD is ready for EVENTS. */
static int fd_wait(int fd, short events)
{
    struct pollfd p = { .fd = fd, .events = events };
    while (poll(&p, 1, -1) < 0)
        if (errno != EINTR)
            return -1;
    return 0;
}

static int fd_send(virStreamPtr st, const char *data, size_t n, void *opaque)
{
    (void)st;
    fd_stream *f = opaque;
    for (;;) {
        ssize_t w = write(f->fd, data, n);
        if (w >= 0)
            return (int)w;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN) {
            if (f->nonblock)
                return -2;
            if (fd_wait(f->fd, POLLOUT) == 0)
                continue;
        }
        mv_error_report_errno(VIR_FROM_STREAMS, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot write to stream");
        return -1;
    }
}

static int fd_recv(virStreamPtr st, char *data, size_t n, unsigned int flags, void *opaque)
{
    (void)st; (void)flags;
    fd_stream *f = opaque;
    for (;;) {
        ssize_t r = read(f->fd, data, n);
        if (r >= 0)
            return (int)r;
        if (errno == EINTR)
            continue;
        if (errno == EIO)   /* pty: nobody on the other side any more */
            return 0;
        if (errno == EAGAIN) {
            if (f->nonblock)
                return -2;
            if (fd_wait(f->fd, POLLIN) == 0)
                continue;
        }
        mv_error_report_errno(VIR_FROM_STREAMS, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot read from stream");
        return -1;
    }
}

static int fd_end(virStreamPtr st, void *opaque)
{
    (void)st; (void)opaque;
    return 0;
}

static void fd_free(void *opaque)
{
    fd_stream *f = opaque;
    close(f->fd);
    g_free(f);
}

static const mv_stream_ops fd_ops = {
    .size = sizeof(mv_stream_ops),
    .send = fd_send,
    .recv = fd_recv,
    .finish = fd_end,
    .abort = fd_end,
    .free = fd_free,
};

int mv_stream_attach_fd(virConnectPtr conn, virStreamPtr st, int fd)
{
    if (fd < 0) {
        mv_error_report(VIR_FROM_STREAMS, VIR_ERR_INVALID_ARG,
                        "fd in %s must be an open file descriptor", __func__);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        mv_error_report_errno(VIR_FROM_STREAMS, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot prepare stream file descriptor");
        close(fd);
        return -1;
    }
    fd_stream *f = g_new0(fd_stream, 1);
    f->fd = fd;
    if (mv_stream_attach(conn, st, &fd_ops, f) < 0) {
        fd_free(f);
        return -1;
    }
    g_rec_mutex_lock(&st->lock);
    f->nonblock = (st->flags & VIR_STREAM_NONBLOCK) != 0;
    st->fd = fd;
    g_rec_mutex_unlock(&st->lock);
    return 0;
}
