/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/bridge-net/bnet-state.c — the network driver's state per root
 * (the core's mv_driver_state), shared by every connection on that root in
 * the process: definitions in the config dir (written atomically),
 * autostart links, and the status of running networks in the run dir (one
 * key file each). Freed with its last connection; running networks keep
 * running, as with libvirt's daemon. */
#include "bnet-net.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *mv_bnet_run_path(const mv_bnet_state *st, const char *name, const char *ext)
{
    return mv_driver_state_path(st->root, MV_PATH_RUN, name, ext);
}

static void bnet_net_free(gpointer data)
{
    mv_bnet_net *n = data;
    if (n->run.pidfd >= 0)
        close(n->run.pidfd);
    g_free(n->run.bridge);
    mv_network_def_free(n->def);
    mv_network_def_free(n->newdef);
    g_free(n);
}

/* Marks the end of the reap queue: the worker returns on it. */
static char bnet_reap_stop;

static gpointer bnet_reaper_main(gpointer data)
{
    GAsyncQueue *q = data;
    char *name;
    while ((name = g_async_queue_pop(q)) != &bnet_reap_stop) {
        mv_bnet_link_delete(name);
        g_free(name);
    }
    return NULL;
}

void mv_bnet_reap_link(mv_bnet_state *st, char *name)
{
    if (!st->reaper) {
        g_autoptr(GError) err = NULL;
        if (!st->reap_queue)
            st->reap_queue = g_async_queue_new();
        /* the queue outlives the worker: bnet_reaper_join joins first */
        st->reaper = g_thread_try_new("bnet-reaper", bnet_reaper_main, st->reap_queue, &err);
        if (!st->reaper) {
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "no worker thread (%s): deleting '%s' now",
                   err->message, name);
            mv_bnet_link_delete(name);
            g_free(name);
            return;
        }
    }
    g_async_queue_push(st->reap_queue, name);
}

/* Waits until every retired link queued on ST is deleted. */
static void bnet_reaper_join(mv_bnet_state *st)
{
    if (st->reaper) {
        g_async_queue_push(st->reap_queue, &bnet_reap_stop);
        g_thread_join(st->reaper);
        st->reaper = NULL;
    }
    g_clear_pointer(&st->reap_queue, g_async_queue_unref);
}

static void bnet_state_free(void *data)
{
    mv_bnet_state *st = data;
    bnet_reaper_join(st);
    g_ptr_array_unref(st->nets);
    mv_event_source_free(st->events);
    pthread_mutex_destroy(&st->lock);
    g_free(st);
}

static void bnet_config_file(mv_driver_state *root, const char *name, const char *text,
                             void *opaque)
{
    mv_bnet_state *st = opaque;
    mv_network_def *def = mv_network_def_parse(text, 0);
    if (!def) {
        g_autofree char *path = mv_driver_state_path(root, MV_PATH_CONFIG, name, ".xml");
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "skipping network file %s: %s", path,
               virGetLastErrorMessage());
        mv_error_reset();
        return;
    }
    mv_bnet_net *n = mv_bnet_net_add(st, def);
    n->persistent = true;
    n->autostart = mv_driver_state_autostart_get(root, def->name);
}

static void *bnet_state_load(mv_driver_state *root, const mv_uri *uri)
{
    (void)uri;
    mv_bnet_state *st = g_new0(mv_bnet_state, 1);
    st->root = root;
    st->nets = g_ptr_array_new_with_free_func(bnet_net_free);
    pthread_mutex_init(&st->lock, NULL);
    st->events = mv_event_source_new();
    pthread_mutex_lock(&st->lock);
    mv_driver_state_foreach_file(root, MV_PATH_CONFIG, ".xml", bnet_config_file, st);
    if (mv_driver_state_writable(root))
        mv_bnet_reap_leftovers(st);
    mv_bnet_reconcile_load(st);
    pthread_mutex_unlock(&st->lock);
    return st;
}

/* What a read-write open does: the first one on a state that only
 * read-only connections had opened does the clean-ups the read-only load
 * left (loading the status files again also finds networks other
 * processes started meanwhile); each one after the load checks the
 * running networks; the first one of the boot and root autostarts. */
static int bnet_state_open_rw(mv_driver_state *root, void *data, const mv_uri *uri,
                              bool fresh, bool was_readonly)
{
    (void)root;
    (void)uri;
    mv_bnet_state *st = data;
    pthread_mutex_lock(&st->lock);
    if (was_readonly) {
        mv_bnet_reap_leftovers(st);
        mv_bnet_reconcile_load(st);
    }
    if (!fresh)
        mv_bnet_reconcile(st);
    mv_bnet_autostart_all(st);
    pthread_mutex_unlock(&st->lock);
    return 0;
}

static const mv_driver_state_class bnet_state_class = {
    .size = sizeof(mv_driver_state_class),
    .driver = "network",
    .error_domain = MV_BNET_ERR,
    .load = bnet_state_load,
    .open_rw = bnet_state_open_rw,
    .free = bnet_state_free,
};

mv_bnet_state *mv_bnet_state_acquire(const mv_uri *uri, bool readonly)
{
    mv_driver_state *root = mv_driver_state_acquire(&bnet_state_class, uri, readonly);
    return root ? mv_driver_state_data(root) : NULL;
}

void mv_bnet_state_release(mv_bnet_state *st)
{
    if (st)
        mv_driver_state_release(st->root);
}

mv_bnet_state *mv_bnet_lock(virConnectPtr conn)
{
    mv_bnet_state *st = mv_connect_get_private(conn, MV_DRIVER_NETWORK);
    pthread_mutex_lock(&st->lock);
    return st;
}

void mv_bnet_unlock(mv_bnet_state *st)
{
    pthread_mutex_unlock(&st->lock);
}

mv_bnet_net *mv_bnet_net_add(mv_bnet_state *st, mv_network_def *def)
{
    mv_bnet_net *n = g_new0(mv_bnet_net, 1);
    n->def = def;
    n->run.pidfd = -1;
    g_ptr_array_add(st->nets, n);
    return n;
}

void mv_bnet_net_remove(mv_bnet_state *st, mv_bnet_net *n)
{
    g_ptr_array_remove(st->nets, n);
}

int mv_bnet_config_save(mv_bnet_state *st, const mv_network_def *def)
{
    g_autofree char *xml = mv_network_def_format(def, VIR_NETWORK_XML_INACTIVE);
    return xml ? mv_driver_state_config_save(st->root, def->name, xml) : -1;
}

int mv_bnet_config_remove(mv_bnet_state *st, const char *name)
{
    return mv_driver_state_config_remove(st->root, name);
}

int mv_bnet_autostart_set(mv_bnet_state *st, const char *name, bool on)
{
    return mv_driver_state_autostart_set(st->root, name, on);
}

/* The live definition and what start made, in one atomic key file. */
int mv_bnet_status_save(mv_bnet_state *st, const mv_bnet_net *n)
{
    g_autofree char *xml = mv_network_def_format(n->def, 0);
    if (!xml)
        return -1;
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_key_file_set_string(kf, "status", "bridge", n->run.bridge ? n->run.bridge : "");
    g_key_file_set_boolean(kf, "status", "created", n->run.created);
    g_key_file_set_boolean(kf, "status", "firewall", n->run.firewall);
    g_key_file_set_int64(kf, "status", "dnsmasq", n->run.dnsmasq);
    g_key_file_set_boolean(kf, "status", "persistent", n->persistent);
    g_key_file_set_string(kf, "status", "xml", xml);
    g_autofree char *data = g_key_file_to_data(kf, NULL, NULL);
    return mv_driver_state_status_save(st->root, "network", n->def->name, ".status", data);
}

void mv_bnet_status_remove(mv_bnet_state *st, const char *name)
{
    mv_driver_state_status_remove(st->root, name, ".status");
}
