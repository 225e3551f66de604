/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/driver/state.c — a stateful driver's state per root
 * (modvirt-plugin/driver-state.h): the process's table of states, the
 * root's directories, the read-only rule, and the files every driver
 * writes the same way (definitions, autostart links, status files). */
#include "mv-config.h"
#include "core/util/boot.h"
#include "core/util/error.h"
#include <modvirt-plugin/driver-state.h>
#include <modvirt-plugin/log.h>
#include <modvirt-plugin/paths.h>

#include <errno.h>
#include <stddef.h>
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MV_LOG_SRC "driver-state"
#define KINDS (MV_PATH_CACHE + 1)

struct mv_driver_state {
    const mv_driver_state_class *cls;
    char *key;                 /* the table's key: driver, then config dir */
    int refs;                  /* guarded by states_lock */
    bool writable;
    char *dirs[KINDS];
    char *autostart_dir;
    void *data;
};

/* The table, refs, and each state's opens. Recursive: a driver's load or
 * open_rw may open a connection that acquires another driver's state. */
static GRecMutex states_lock;
static GHashTable *states;     /* key -> mv_driver_state */

static void state_free(mv_driver_state *st)
{
    if (st->data && st->cls->free)
        st->cls->free(st->data);
    for (int k = 0; k < KINDS; k++)
        g_free(st->dirs[k]);
    g_free(st->autostart_dir);
    g_free(st->key);
    g_free(st);
}

/* The directories a read-write state writes in. 0, or -1 with an error. */
static int make_dirs(mv_driver_state *st)
{
    unsigned int want = st->cls->dirs | 1u << MV_PATH_CONFIG | 1u << MV_PATH_RUN;
    for (int k = 0; k < KINDS; k++)
        if ((want & 1u << k) && mv_file_mkdir_p(st->dirs[k], 0700) < 0)
            return -1;
    return mv_file_mkdir_p(st->autostart_dir, 0700);
}

static mv_driver_state *state_new(const mv_driver_state_class *cls, const mv_uri *uri,
                                  const char *key)
{
    mv_driver_state *st = g_new0(mv_driver_state, 1);
    st->cls = cls;
    st->key = g_strdup(key);
    for (int k = 0; k < KINDS; k++) {
        char *dir = mv_path_driver_dir(uri, cls->driver, (mv_path_kind)k);
        if (!dir) {
            state_free(st);
            return NULL;
        }
        st->dirs[k] = g_strdup(dir);
        free(dir);
    }
    st->autostart_dir = g_build_filename(st->dirs[MV_PATH_CONFIG], "autostart", NULL);
    return st;
}

/* A read-write open (FRESH: the one that just loaded ST): the directories
 * and the driver's catch-up the first time after read-only opens, then the
 * driver's own open_rw. With states_lock held. */
static int open_rw(mv_driver_state *st, const mv_uri *uri, bool fresh)
{
    bool was_readonly = !st->writable;
    if (was_readonly) {
        if (make_dirs(st) < 0)
            return -1;
        st->writable = true;
    }
    return st->cls->open_rw ? st->cls->open_rw(st, st->data, uri, fresh, was_readonly) : 0;
}

/* The members of the first class (plugin ABI 1.2); members appended later
 * are read only when the class's SIZE covers them. */
#define CLASS_SIZE_1_2 (offsetof(mv_driver_state_class, free) + sizeof(void (*)(void *)))

mv_driver_state *mv_driver_state_acquire(const mv_driver_state_class *cls, const mv_uri *uri,
                                         bool readonly)
{
    if (!cls || cls->size < CLASS_SIZE_1_2 || !cls->driver || !cls->load) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                        "invalid driver state class (size %zu)", cls ? cls->size : 0);
        return NULL;
    }
    char *config = mv_path_driver_dir(uri, cls->driver, MV_PATH_CONFIG);
    if (!config)
        return NULL;
    g_autofree char *key = g_strconcat(cls->driver, ":", config, NULL);
    free(config);

    g_rec_mutex_lock(&states_lock);
    if (!states)
        states = g_hash_table_new(g_str_hash, g_str_equal);
    mv_driver_state *st = g_hash_table_lookup(states, key);
    bool fresh = false;
    if (!st) {
        /* The directories exist before the load of a read-write state, so
         * that it can clean up as it goes; a read-only one makes none. */
        st = state_new(cls, uri, key);
        if (st && !readonly && make_dirs(st) < 0)
            g_clear_pointer(&st, state_free);
        if (st) {
            st->writable = !readonly;
            if (!(st->data = cls->load(st, uri)))
                g_clear_pointer(&st, state_free);
        }
        if (st) {
            g_hash_table_insert(states, st->key, st);
            fresh = true;
        }
    }
    if (st) {
        st->refs++;
        if (!readonly && open_rw(st, uri, fresh) < 0) {
            /* the reference just taken goes; freed outside the lock, as
             * the driver's free may join its threads */
            g_rec_mutex_unlock(&states_lock);
            mv_driver_state_release(st);
            return NULL;
        }
    }
    g_rec_mutex_unlock(&states_lock);
    return st;
}

void mv_driver_state_ref(mv_driver_state *st)
{
    g_rec_mutex_lock(&states_lock);
    st->refs++;
    g_rec_mutex_unlock(&states_lock);
}

void mv_driver_state_release(mv_driver_state *st)
{
    if (!st)
        return;
    g_rec_mutex_lock(&states_lock);
    bool last = --st->refs == 0;
    if (last)
        g_hash_table_remove(states, st->key);
    g_rec_mutex_unlock(&states_lock);
    if (last)
        state_free(st);
}

void *mv_driver_state_data(const mv_driver_state *st)
{
    return st->data;
}

bool mv_driver_state_writable(const mv_driver_state *st)
{
    return st->writable;
}

const char *mv_driver_state_dir(const mv_driver_state *st, mv_path_kind kind)
{
    return kind < KINDS ? st->dirs[kind] : NULL;
}

char *mv_driver_state_path(const mv_driver_state *st, mv_path_kind kind, const char *name,
                           const char *suffix)
{
    return g_strconcat(mv_driver_state_dir(st, kind), "/", name, suffix ? suffix : "", NULL);
}

/* --- definitions and autostart ------------------------------------------- */

int mv_driver_state_config_save(mv_driver_state *st, const char *name, const char *xml)
{
    g_autofree char *path = mv_driver_state_path(st, MV_PATH_CONFIG, name, ".xml");
    return mv_file_write_atomic(path, xml, strlen(xml), 0600);
}

static int remove_file(const mv_driver_state *st, const char *path, const char *what)
{
    if (unlink(path) == 0 || errno == ENOENT)
        return 0;
    mv_error_report_errno(st->cls->error_domain, VIR_ERR_SYSTEM_ERROR, errno, "cannot remove %s '%s'",
                          what, path);
    return -1;
}

static char *autostart_link(const mv_driver_state *st, const char *name)
{
    return g_strconcat(st->autostart_dir, "/", name, ".xml", NULL);
}

int mv_driver_state_config_remove(mv_driver_state *st, const char *name)
{
    if (mv_driver_state_autostart_set(st, name, false) < 0)
        return -1;
    g_autofree char *path = mv_driver_state_path(st, MV_PATH_CONFIG, name, ".xml");
    return remove_file(st, path, "config file");
}

int mv_driver_state_autostart_set(mv_driver_state *st, const char *name, bool on)
{
    g_autofree char *link = autostart_link(st, name);
    if (!on) {
        if (unlink(link) == 0 || errno == ENOENT)
            return 0;
        mv_error_report_errno(st->cls->error_domain, VIR_ERR_SYSTEM_ERROR, errno,
                              "Failed to delete symlink '%s'", link);
        return -1;
    }
    g_autofree char *target = mv_driver_state_path(st, MV_PATH_CONFIG, name, ".xml");
    if (symlink(target, link) == 0 || errno == EEXIST)
        return 0;
    mv_error_report_errno(st->cls->error_domain, VIR_ERR_SYSTEM_ERROR, errno,
                          "Failed to create symlink '%s' to '%s'", link, target);
    return -1;
}

bool mv_driver_state_autostart_get(const mv_driver_state *st, const char *name)
{
    g_autofree char *link = autostart_link(st, name);
    struct stat sb;
    return lstat(link, &sb) == 0;
}

/* --- status files --------------------------------------------------------- */

int mv_driver_state_status_save(mv_driver_state *st, const char *what, const char *name,
                                const char *suffix, const char *text)
{
    g_autofree char *path = mv_driver_state_path(st, MV_PATH_RUN, name, suffix);
    if (mv_file_write_atomic(path, text, strlen(text), 0600) == 0)
        return 0;
    /* What failed to be recorded, and why (the underlying code is kept). */
    virErrorPtr e = mv_error_last();
    int code = e ? e->code : VIR_ERR_INTERNAL_ERROR;
    g_autofree char *cause = g_strdup(e && e->str2 ? e->str2 : mv_error_last_message());
    mv_error_report(st->cls->error_domain, code, "cannot save the status of %s '%s': %s", what, name, cause);
    return -1;
}

void mv_driver_state_status_remove(mv_driver_state *st, const char *name, const char *suffix)
{
    g_autofree char *path = mv_driver_state_path(st, MV_PATH_RUN, name, suffix);
    if (unlink(path) < 0 && errno != ENOENT)
        mv_log(MV_LOG_WARN, MV_LOG_SRC, "cannot remove %s: %s", path, g_strerror(errno));
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void mv_driver_state_foreach_file(mv_driver_state *st, mv_path_kind kind, const char *suffix,
                                  mv_driver_state_file_fn fn, void *opaque)
{
    const char *dir = mv_driver_state_dir(st, kind);
    g_autoptr(GDir) d = dir ? g_dir_open(dir, 0, NULL) : NULL;
    if (!d)
        return;   /* none yet (a read-only state makes no directory) */
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *ent;
    while ((ent = g_dir_read_name(d)))
        if (ent[0] != '.' && g_str_has_suffix(ent, suffix) && strlen(ent) > strlen(suffix))
            g_ptr_array_add(names, g_strdup(ent));
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        const char *file = names->pdata[i];
        g_autofree char *path = g_build_filename(dir, file, NULL);
        g_autofree char *cause = NULL;
        g_autofree char *text = mv_file_read_text(path, MV_FILE_STATE_MAX, &cause);
        if (!text) {
            mv_log(MV_LOG_WARN, MV_LOG_SRC, "skipping %s: %s", path, cause);
            continue;
        }
        g_autofree char *name = g_strndup(file, strlen(file) - strlen(suffix));
        fn(st, name, text, opaque);
    }
}

int mv_driver_state_autostart_claim(mv_driver_state *st)
{
    return mv_boot_autostart_claim_in(st->dirs[MV_PATH_RUN]);
}

int mv_driver_state_next_id(mv_driver_state *st)
{
    return mv_boot_next_id_in(st->dirs[MV_PATH_RUN]);
}
