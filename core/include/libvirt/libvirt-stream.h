/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt-stream.h —
 * data streams between the application and a driver.
 * Names, values and signatures match libvirt 9.0 so libvirt clients build
 * unchanged. */
#ifndef LIBVIRT_STREAM_H
#define LIBVIRT_STREAM_H

#ifndef __VIR_LIBVIRT_H_INCLUDES__
# error "Don't include this file directly, only use libvirt/libvirt.h"
#endif

/* Stream creation and receive flags. */
typedef enum {
    VIR_STREAM_NONBLOCK = 1,
} virStreamFlags;

virStreamPtr virStreamNew(virConnectPtr conn, unsigned int flags);
int virStreamRef(virStreamPtr st);

int virStreamSend(virStreamPtr st, const char *data, size_t nbytes);
int virStreamRecv(virStreamPtr st, char *data, size_t nbytes);

typedef enum {
    VIR_STREAM_RECV_STOP_AT_HOLE = 1,
} virStreamRecvFlagsValues;

int virStreamRecvFlags(virStreamPtr st, char *data, size_t nbytes,
                       unsigned int flags);
int virStreamSendHole(virStreamPtr st, long long length, unsigned int flags);
int virStreamRecvHole(virStreamPtr, long long *length, unsigned int flags);

typedef int (*virStreamSourceFunc)(virStreamPtr st, char *data, size_t nbytes,
                                   void *opaque);
int virStreamSendAll(virStreamPtr st, virStreamSourceFunc handler, void *opaque);

typedef int (*virStreamSourceHoleFunc)(virStreamPtr st, int *inData,
                                       long long *length, void *opaque);
typedef int (*virStreamSourceSkipFunc)(virStreamPtr st, long long length,
                                       void *opaque);
int virStreamSparseSendAll(virStreamPtr st, virStreamSourceFunc handler,
                           virStreamSourceHoleFunc holeHandler,
                           virStreamSourceSkipFunc skipHandler, void *opaque);

typedef int (*virStreamSinkFunc)(virStreamPtr st, const char *data,
                                 size_t nbytes, void *opaque);
typedef int (*virStreamSinkHoleFunc)(virStreamPtr st, long long length,
                                     void *opaque);

int virStreamRecvAll(virStreamPtr st, virStreamSinkFunc handler, void *opaque);
int virStreamSparseRecvAll(virStreamPtr stream, virStreamSinkFunc handler,
                           virStreamSinkHoleFunc holeHandler, void *opaque);

/* Readiness events on a non-blocking stream. */
typedef enum {
    VIR_STREAM_EVENT_READABLE = 1 << 0,
    VIR_STREAM_EVENT_WRITABLE = 1 << 1,
    VIR_STREAM_EVENT_ERROR    = 1 << 2,
    VIR_STREAM_EVENT_HANGUP   = 1 << 3,
} virStreamEventType;

typedef void (*virStreamEventCallback)(virStreamPtr stream, int events,
                                       void *opaque);

int virStreamEventAddCallback(virStreamPtr stream, int events,
                              virStreamEventCallback cb, void *opaque,
                              virFreeCallback ff);
int virStreamEventUpdateCallback(virStreamPtr stream, int events);
int virStreamEventRemoveCallback(virStreamPtr stream);

int virStreamFinish(virStreamPtr st);
int virStreamAbort(virStreamPtr st);
int virStreamFree(virStreamPtr st);

#endif /* LIBVIRT_STREAM_H */
