/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/event/loop.c — the default event loop (virEventRegisterDefaultImpl):
 * watches and timers as GLib sources on the default main context, run by
 * virEventRunDefaultImpl, as libvirt's own default loop does. An
 * application with a GLib main loop gets events without doing anything
 * more. */
#include "core/event/event.h"

#include <glib.h>
#include <glib-unix.h>

typedef struct loop_item {
    int id;
    bool is_timer;
    int fd;
    int events;                  /* watches: virEventHandleType mask */
    int frequency;               /* timers: -1 off, 0 every iteration, N ms */
    virEventHandleCallback hcb;
    virEventTimeoutCallback tcb;
    void *opaque;
    virFreeCallback ff;
    GSource *source;             /* NULL while disabled */
    bool removed;
} loop_item;

static GMutex loop_lock;
static GHashTable *loop_items;   /* id -> loop_item */
static int loop_next_id = 1;

static GIOCondition to_gio(int events)
{
    GIOCondition c = 0;
    if (events & VIR_EVENT_HANDLE_READABLE)
        c |= G_IO_IN;
    if (events & VIR_EVENT_HANDLE_WRITABLE)
        c |= G_IO_OUT;
    return c | G_IO_ERR | G_IO_HUP;
}

static int from_gio(GIOCondition c)
{
    int e = 0;
    if (c & G_IO_IN)
        e |= VIR_EVENT_HANDLE_READABLE;
    if (c & G_IO_OUT)
        e |= VIR_EVENT_HANDLE_WRITABLE;
    if (c & G_IO_ERR)
        e |= VIR_EVENT_HANDLE_ERROR;
    if (c & G_IO_HUP)
        e |= VIR_EVENT_HANDLE_HANGUP;
    return e;
}

static gboolean on_fd(gint fd, GIOCondition cond, gpointer data)
{
    loop_item *it = data;
    it->hcb(it->id, fd, from_gio(cond), it->opaque);
    return G_SOURCE_CONTINUE;
}

static gboolean on_timer(gpointer data)
{
    loop_item *it = data;
    it->tcb(it->id, it->opaque);
    return G_SOURCE_CONTINUE;
}

/* Frees an item once no source references it any more. */
static void item_release(gpointer data)
{
    loop_item *it = data;
    if (it->ff)
        it->ff(it->opaque);
    g_free(it);
}

/* (Re)creates the GSource of IT for its current settings; loop_lock held. */
static void item_arm(loop_item *it)
{
    if (it->source) {
        g_source_destroy(it->source);
        g_source_unref(it->source);
        it->source = NULL;
    }
    if (it->is_timer ? it->frequency < 0 : it->events == 0)
        return;
    it->source = it->is_timer ? g_timeout_source_new((guint)it->frequency)
                              : g_unix_fd_source_new(it->fd, to_gio(it->events));
    if (it->is_timer)
        g_source_set_callback(it->source, on_timer, it, NULL);
    else
        g_source_set_callback(it->source, (GSourceFunc)(void (*)(void))on_fd, it, NULL);
    g_source_attach(it->source, NULL);
}

static int item_add(loop_item *it)
{
    g_mutex_lock(&loop_lock);
    if (!loop_items)
        loop_items = g_hash_table_new(g_direct_hash, g_direct_equal);
    int id = it->id = loop_next_id++;
    g_hash_table_insert(loop_items, GINT_TO_POINTER(id), it);
    item_arm(it);
    g_mutex_unlock(&loop_lock);
    /* Armed, IT is the loop thread's: it may have run, been removed and
     * been freed already. */
    return id;
}

/* Changes an item's setting (events or frequency); ignores unknown ids. */
static void item_update(int id, bool timer, int value)
{
    g_mutex_lock(&loop_lock);
    loop_item *it = loop_items ? g_hash_table_lookup(loop_items, GINT_TO_POINTER(id)) : NULL;
    if (it && it->is_timer == timer) {
        if (timer)
            it->frequency = value;
        else
            it->events = value;
        item_arm(it);
    }
    g_mutex_unlock(&loop_lock);
}

static gboolean release_idle(gpointer data)
{
    item_release(data);
    return G_SOURCE_REMOVE;
}

/* Removes an item. Its free callback runs later from an idle source, so a
 * callback that removes its own watch or timer can still use its data. */
static int item_remove(int id, bool timer)
{
    g_mutex_lock(&loop_lock);
    loop_item *it = loop_items ? g_hash_table_lookup(loop_items, GINT_TO_POINTER(id)) : NULL;
    if (!it || it->is_timer != timer) {
        g_mutex_unlock(&loop_lock);
        return -1;
    }
    g_hash_table_remove(loop_items, GINT_TO_POINTER(id));
    it->frequency = -1;
    it->events = 0;
    item_arm(it);
    g_mutex_unlock(&loop_lock);
    g_idle_add(release_idle, it);
    return 0;
}

static int add_handle(int fd, int events, virEventHandleCallback cb, void *opaque,
                      virFreeCallback ff)
{
    loop_item *it = g_new0(loop_item, 1);
    it->fd = fd;
    it->events = events;
    it->hcb = cb;
    it->opaque = opaque;
    it->ff = ff;
    return item_add(it);
}

static void update_handle(int watch, int events) { item_update(watch, false, events); }
static int remove_handle(int watch) { return item_remove(watch, false); }

static int add_timeout(int frequency, virEventTimeoutCallback cb, void *opaque,
                       virFreeCallback ff)
{
    loop_item *it = g_new0(loop_item, 1);
    it->is_timer = true;
    it->frequency = frequency;
    it->tcb = cb;
    it->opaque = opaque;
    it->ff = ff;
    return item_add(it);
}

static void update_timeout(int timer, int frequency) { item_update(timer, true, frequency); }
static int remove_timeout(int timer) { return item_remove(timer, true); }

int virEventRegisterDefaultImpl(void)
{
    virEventRegisterImpl(add_handle, update_handle, remove_handle,
                         add_timeout, update_timeout, remove_timeout);
    return 0;
}

int virEventRunDefaultImpl(void)
{
    g_main_context_iteration(NULL, TRUE);
    return 0;
}
