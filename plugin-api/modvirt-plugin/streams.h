/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/streams.h — serving a virStream from a driver.
 *
 * An application creates a stream with virStreamNew and hands it to a call
 * such as virStorageVolUpload. The driver's slot attaches its own
 * operations to the stream with mv_stream_attach; from then on the
 * application's virStreamSend / Recv / SendHole / RecvHole / InData /
 * Finish / Abort go straight to them, in the application's thread, with no
 * copy in between. Every operation may be NULL when the direction or the
 * feature does not apply (the public call then fails with
 * VIR_ERR_NO_SUPPORT).
 */
#ifndef MODVIRT_PLUGIN_STREAMS_H
#define MODVIRT_PLUGIN_STREAMS_H

#include <stddef.h>
#include <libvirt/libvirt.h>
#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mv_stream_ops {
    size_t size;   /* sizeof(mv_stream_ops) */
    /* Takes up to N bytes: returns how many, or -1 with an error. */
    int (*send)(virStreamPtr st, const char *data, size_t n, void *opaque);
    /* Fills up to N bytes: returns how many, 0 at the end, -1 with an
     * error; with VIR_STREAM_RECV_STOP_AT_HOLE set in FLAGS, stops before a
     * hole and returns -3 when positioned on one (libvirt's convention). */
    int (*recv)(virStreamPtr st, char *data, size_t n, unsigned int flags, void *opaque);
    /* A hole of LENGTH bytes in what is being sent (sparse upload). */
    int (*send_hole)(virStreamPtr st, long long length, unsigned int flags, void *opaque);
    /* The length of the hole the reader is positioned on. */
    int (*recv_hole)(virStreamPtr st, long long *length, unsigned int flags, void *opaque);
    /* Whether the reader is in data (*in_data = 1) or a hole, and for how
     * many bytes (*length, 0 at the end). */
    int (*in_data)(virStreamPtr st, int *in_data, long long *length, void *opaque);
    /* The transfer is complete: flush, sync, check. 0 or -1. */
    int (*finish)(virStreamPtr st, void *opaque);
    /* The transfer is abandoned: undo what is half done. */
    int (*abort)(virStreamPtr st, void *opaque);
    /* Releases OPAQUE; called once, after finish, abort or the stream's
     * last reference, whichever comes first. */
    void (*free)(void *opaque);
} mv_stream_ops;

/* Makes OPS serve ST. Fails (-1, VIR_ERR_OPERATION_INVALID) when the stream
 * already serves a transfer or belongs to another connection than CONN. */
int mv_stream_attach(virConnectPtr conn, virStreamPtr st, const mv_stream_ops *ops,
                     void *opaque);

/* Makes ST serve FD (a console's pty master, a connected socket): Send
 * writes to it and Recv reads from it; on a VIR_STREAM_NONBLOCK stream both
 * return -2 when the fd is not ready, and virStreamEventAddCallback watches
 * the fd. A pty whose other side is closed (EIO) reads as the end (0). The
 * stream owns FD from this call on, whether it succeeds or not: it is
 * closed when the transfer ends (finish, abort, last reference). Since
 * plugin ABI 1.1. */
MV_PLUGIN_AVAILABLE_IN_1_1
int mv_stream_attach_fd(virConnectPtr conn, virStreamPtr st, int fd);

#ifdef __cplusplus
}
#endif

#endif
