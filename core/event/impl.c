/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/event/impl.c — the event loop the application registered
 * (virEventRegisterImpl), and the virEvent* calls that go to it. Without a
 * registered loop, adding a watch or timer fails, as in libvirt. */
#include "core/event/event.h"

#include <glib.h>

static struct {
    GMutex lock;
    virEventAddHandleFunc add_handle;
    virEventUpdateHandleFunc update_handle;
    virEventRemoveHandleFunc remove_handle;
    virEventAddTimeoutFunc add_timeout;
    virEventUpdateTimeoutFunc update_timeout;
    virEventRemoveTimeoutFunc remove_timeout;
} impl;

void virEventRegisterImpl(virEventAddHandleFunc addHandle,
                          virEventUpdateHandleFunc updateHandle,
                          virEventRemoveHandleFunc removeHandle,
                          virEventAddTimeoutFunc addTimeout,
                          virEventUpdateTimeoutFunc updateTimeout,
                          virEventRemoveTimeoutFunc removeTimeout)
{
    g_mutex_lock(&impl.lock);
    impl.add_handle = addHandle;
    impl.update_handle = updateHandle;
    impl.remove_handle = removeHandle;
    impl.add_timeout = addTimeout;
    impl.update_timeout = updateTimeout;
    impl.remove_timeout = removeTimeout;
    g_mutex_unlock(&impl.lock);
}

/* Reads one function pointer under the lock (registration may race). */
#define IMPL_GET(field) ({ \
        g_mutex_lock(&impl.lock); \
        __typeof__(impl.field) f_ = impl.field; \
        g_mutex_unlock(&impl.lock); \
        f_; })

int virEventAddHandle(int fd, int events, virEventHandleCallback cb, void *opaque,
                      virFreeCallback ff)
{
    virEventAddHandleFunc f = IMPL_GET(add_handle);
    return f ? f(fd, events, cb, opaque, ff) : -1;
}

void virEventUpdateHandle(int watch, int events)
{
    virEventUpdateHandleFunc f = IMPL_GET(update_handle);
    if (f)
        f(watch, events);
}

int virEventRemoveHandle(int watch)
{
    virEventRemoveHandleFunc f = IMPL_GET(remove_handle);
    return f ? f(watch) : -1;
}

int virEventAddTimeout(int frequency, virEventTimeoutCallback cb, void *opaque,
                       virFreeCallback ff)
{
    virEventAddTimeoutFunc f = IMPL_GET(add_timeout);
    return f ? f(frequency, cb, opaque, ff) : -1;
}

void virEventUpdateTimeout(int timer, int frequency)
{
    virEventUpdateTimeoutFunc f = IMPL_GET(update_timeout);
    if (f)
        f(timer, frequency);
}

int virEventRemoveTimeout(int timer)
{
    virEventRemoveTimeoutFunc f = IMPL_GET(remove_timeout);
    return f ? f(timer) : -1;
}
