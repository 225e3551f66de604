/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt-event.h —
 * types for plugging an application event loop into the library.
 * Names, values and signatures match libvirt 9.0 so libvirt clients build
 * unchanged. */
#ifndef LIBVIRT_EVENT_H
#define LIBVIRT_EVENT_H

#ifndef __VIR_LIBVIRT_H_INCLUDES__
# error "Don't include this file directly, only use libvirt/libvirt.h"
#endif

/* What a watched file descriptor is ready for. */
typedef enum {
    VIR_EVENT_HANDLE_READABLE = 1 << 0,
    VIR_EVENT_HANDLE_WRITABLE = 1 << 1,
    VIR_EVENT_HANDLE_ERROR    = 1 << 2,
    VIR_EVENT_HANDLE_HANGUP   = 1 << 3,
} virEventHandleType;

typedef void (*virEventHandleCallback)(int watch, int fd, int events,
                                       void *opaque);
typedef int (*virEventAddHandleFunc)(int fd, int event,
                                     virEventHandleCallback cb, void *opaque,
                                     virFreeCallback ff);
typedef void (*virEventUpdateHandleFunc)(int watch, int event);
typedef int (*virEventRemoveHandleFunc)(int watch);
typedef void (*virEventTimeoutCallback)(int timer, void *opaque);
typedef int (*virEventAddTimeoutFunc)(int timeout, virEventTimeoutCallback cb,
                                      void *opaque, virFreeCallback ff);
typedef void (*virEventUpdateTimeoutFunc)(int timer, int timeout);
typedef int (*virEventRemoveTimeoutFunc)(int timer);

/* Plugging in an application's loop, or using the library's own. */
void virEventRegisterImpl(virEventAddHandleFunc addHandle,
                          virEventUpdateHandleFunc updateHandle,
                          virEventRemoveHandleFunc removeHandle,
                          virEventAddTimeoutFunc addTimeout,
                          virEventUpdateTimeoutFunc updateTimeout,
                          virEventRemoveTimeoutFunc removeTimeout);
int virEventRegisterDefaultImpl(void);
int virEventRunDefaultImpl(void);

/* Watches and timers on whichever loop is registered. */
int virEventAddHandle(int fd, int events, virEventHandleCallback cb,
                      void *opaque, virFreeCallback ff);
void virEventUpdateHandle(int watch, int events);
int virEventRemoveHandle(int watch);
int virEventAddTimeout(int frequency, virEventTimeoutCallback cb,
                       void *opaque, virFreeCallback ff);
void virEventUpdateTimeout(int timer, int frequency);
int virEventRemoveTimeout(int timer);

#endif /* LIBVIRT_EVENT_H */
