/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-state.c — the driver's state per root (the
 * core's mv_driver_state): pool definitions and the status of active pools
 * loaded at the root's first open in the process, autostart once per boot,
 * every change saved atomically. */
#include "sdir.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The definition in TEXT (a file of the root): a directory pool, or NULL
 * after a warning naming the file. */
static mv_storage_pool_def *sdir_parse_file(mv_sdir_state *st, mv_path_kind kind,
                                            const char *name, const char *text)
{
    mv_storage_pool_def *def = mv_storage_pool_def_parse(text, 0);
    if (!def || def->type != MV_STORAGE_POOL_DIR) {
        virErrorPtr e = virGetLastError();
        g_autofree char *path = mv_driver_state_path(st->root, kind, name, ".xml");
        mv_log(MV_LOG_WARN, MV_SDIR_SRC, "skipping pool file %s: %s", path,
               def ? "not a dir pool" : e && e->message ? e->message : "unknown error");
        mv_storage_pool_def_free(def);
        mv_error_reset();
        return NULL;
    }
    return def;
}

/* The pool named NAME, or NULL (nothing reported). */
static mv_sdir_pool *sdir_find_quiet(mv_sdir_state *st, const char *name)
{
    return mv_object_find_name(&mv_sdir_pool_kind, st->pools->pdata, st->pools->len, name);
}

static void sdir_config_file(mv_driver_state *root, const char *name, const char *text,
                             void *opaque)
{
    mv_sdir_state *st = opaque;
    mv_storage_pool_def *def = sdir_parse_file(st, MV_PATH_CONFIG, name, text);
    if (!def)
        return;
    mv_sdir_pool *p = mv_sdir_pool_add(st, def);
    p->persistent = true;
    p->autostart = mv_driver_state_autostart_get(root, def->name);
}

/* A pool whose status file says it was active is active again; one that
 * cannot be (its directory went away) is shut off, and a writable state
 * also removes its status file (a read-only one changes nothing: the first
 * read-write open does it). */
static void sdir_status_file(mv_driver_state *root, const char *name, const char *text,
                             void *opaque)
{
    mv_sdir_state *st = opaque;
    mv_storage_pool_def *def = sdir_parse_file(st, MV_PATH_RUN, name, text);
    if (!def)
        return;
    mv_sdir_pool *p = sdir_find_quiet(st, def->name);
    if (p && p->active) {
        mv_storage_pool_def_free(def);
        return;
    }
    if (p) {
        mv_storage_pool_def_free(p->newdef);
        p->newdef = p->def;
        p->def = def;
    } else {
        p = mv_sdir_pool_add(st, def);
    }
    if (mv_sdir_pool_start(st, p) < 0) {
        mv_log(MV_LOG_WARN, MV_SDIR_SRC, "pool '%s' was active but cannot be restarted",
               p->def->name);
        mv_error_reset();
        if (mv_driver_state_writable(root))
            mv_sdir_status_remove(st, p->def->name);
        if (p->newdef) {
            mv_storage_pool_def_free(p->def);
            p->def = g_steal_pointer(&p->newdef);
        }
        if (!p->persistent)
            mv_sdir_pool_remove(st, p);
    }
}

/* Autostart, once per boot and root: the first read-write open claims it
 * (as libvirt's daemon does when it starts). A pool whose status cannot be
 * recorded is not left running. With ST->lock held. */
static void sdir_autostart(mv_sdir_state *st)
{
    int claimed = mv_driver_state_autostart_claim(st->root);
    if (claimed < 0) {
        mv_log(MV_LOG_WARN, MV_SDIR_SRC, "autostart skipped: %s", virGetLastErrorMessage());
        mv_error_reset();
    }
    for (guint i = 0; claimed == 1 && i < st->pools->len; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        if (!p->autostart || p->active)
            continue;
        if (mv_sdir_pool_start(st, p) < 0 || mv_sdir_status_save(st, p) < 0) {
            mv_log(MV_LOG_WARN, MV_SDIR_SRC, "autostart of pool '%s' failed: %s",
                   p->def->name, virGetLastErrorMessage());
            mv_error_reset();
            if (p->active)
                mv_sdir_pool_stop(st, p);
        }
    }
}

static void sdir_pool_free(gpointer data)
{
    mv_sdir_pool *p = data;
    if (p->dirfd >= 0)
        close(p->dirfd);
    g_ptr_array_unref(p->vols);
    g_hash_table_unref(p->by_name);
    mv_storage_pool_def_free(p->def);
    mv_storage_pool_def_free(p->newdef);
    g_free(p);
}

static void sdir_state_free(void *data)
{
    mv_sdir_state *st = data;
    g_ptr_array_unref(st->pools);
    mv_event_source_free(st->events);
    pthread_mutex_destroy(&st->lock);
    g_free(st);
}

/* Configs, then the status of pools that were active. */
static void *sdir_state_load(mv_driver_state *root, const mv_uri *uri)
{
    (void)uri;
    mv_sdir_state *st = g_new0(mv_sdir_state, 1);
    st->root = root;
    st->pools = g_ptr_array_new_with_free_func(sdir_pool_free);
    pthread_mutex_init(&st->lock, NULL);
    st->events = mv_event_source_new();
    pthread_mutex_lock(&st->lock);
    mv_driver_state_foreach_file(root, MV_PATH_CONFIG, ".xml", sdir_config_file, st);
    mv_driver_state_foreach_file(root, MV_PATH_RUN, ".xml", sdir_status_file, st);
    pthread_mutex_unlock(&st->lock);
    return st;
}

/* A read-write open: after read-only ones, the clean-ups they left (loading
 * the status files again also finds pools another process started
 * meanwhile); the boot's autostart, the first time. */
static int sdir_state_open_rw(mv_driver_state *root, void *data, const mv_uri *uri,
                              bool fresh, bool was_readonly)
{
    (void)uri;
    (void)fresh;
    mv_sdir_state *st = data;
    pthread_mutex_lock(&st->lock);
    if (was_readonly)
        mv_driver_state_foreach_file(root, MV_PATH_RUN, ".xml", sdir_status_file, st);
    if (!st->autostart_checked) {
        st->autostart_checked = true;
        sdir_autostart(st);
    }
    pthread_mutex_unlock(&st->lock);
    return 0;
}

static const mv_driver_state_class sdir_state_class = {
    .size = sizeof(mv_driver_state_class),
    .driver = "storage",
    .error_domain = MV_SDIR_ERR,
    .dirs = 1u << MV_PATH_STATE,
    .load = sdir_state_load,
    .open_rw = sdir_state_open_rw,
    .free = sdir_state_free,
};

mv_sdir_state *mv_sdir_state_acquire(const mv_uri *uri, bool readonly)
{
    mv_driver_state *root = mv_driver_state_acquire(&sdir_state_class, uri, readonly);
    return root ? mv_driver_state_data(root) : NULL;
}

void mv_sdir_state_ref(mv_sdir_state *st)
{
    mv_driver_state_ref(st->root);
}

void mv_sdir_state_release(mv_sdir_state *st)
{
    if (st)
        mv_driver_state_release(st->root);
}

mv_sdir_state *mv_sdir_lock(virConnectPtr conn)
{
    mv_sdir_state *st = mv_connect_get_private(conn, MV_DRIVER_STORAGE);
    pthread_mutex_lock(&st->lock);
    return st;
}

void mv_sdir_unlock(mv_sdir_state *st)
{
    pthread_mutex_unlock(&st->lock);
}

mv_sdir_pool *mv_sdir_pool_add(mv_sdir_state *st, mv_storage_pool_def *def)
{
    mv_sdir_pool *p = g_new0(mv_sdir_pool, 1);
    p->def = def;
    p->dirfd = -1;
    p->vols = g_ptr_array_new_with_free_func((GDestroyNotify)mv_sdir_vol_free);
    p->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    g_ptr_array_add(st->pools, p);
    return p;
}

void mv_sdir_pool_remove(mv_sdir_state *st, mv_sdir_pool *p)
{
    g_ptr_array_remove(st->pools, p);
}

int mv_sdir_pool_save(mv_sdir_state *st, const mv_storage_pool_def *def)
{
    g_autofree char *xml = mv_storage_pool_def_format(def, VIR_STORAGE_XML_INACTIVE);
    return xml ? mv_driver_state_config_save(st->root, def->name, xml) : -1;
}

int mv_sdir_pool_unsave(mv_sdir_state *st, const char *name)
{
    return mv_driver_state_config_remove(st->root, name);
}

int mv_sdir_status_save(mv_sdir_state *st, const mv_sdir_pool *p)
{
    g_autofree char *xml = mv_storage_pool_def_format(p->def, 0);
    return xml ? mv_driver_state_status_save(st->root, "pool", p->def->name, ".xml", xml) : -1;
}

void mv_sdir_status_remove(mv_sdir_state *st, const char *name)
{
    mv_driver_state_status_remove(st->root, name, ".xml");
}

int mv_sdir_autostart_set(mv_sdir_state *st, const char *name, bool on)
{
    return mv_driver_state_autostart_set(st->root, name, on);
}
