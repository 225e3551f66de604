/* plugins/storage-dir/sdir-state.c — one state per root, shared by every
 * connection on that root in the process: loaded at its first open (pool
 * configs, status of active pools, autostart), saved atomically after each
 * change, freed with its last connection. */
#include "sdir.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static GMutex sdir_states_lock;
static GHashTable *sdir_states;   /* key -> mv_sdir_state */

static char *sdir_xml_path(const char *dir, const char *name)
{
    return g_strdup_printf("%s/%s.xml", dir, name);
}

/* Each *.xml in DIR, parsed; a bad file is logged and skipped. */
static GPtrArray *sdir_load_dir(const char *dir)
{
    GPtrArray *defs = g_ptr_array_new();
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *ent;
    while (d && (ent = g_dir_read_name(d))) {
        if (!g_str_has_suffix(ent, ".xml") || ent[0] == '.')
            continue;
        g_autofree char *path = g_build_filename(dir, ent, NULL);
        g_autofree char *cause = NULL;
        g_autofree char *xml = mv_file_read_text(path, MV_FILE_STATE_MAX, &cause);
        mv_storage_pool_def *def = xml ? mv_storage_pool_def_parse(xml, 0) : NULL;
        if (!def || def->type != MV_STORAGE_POOL_DIR) {
            virErrorPtr e = virGetLastError();
            mv_log(MV_LOG_WARN, MV_SDIR_SRC, "skipping pool file %s: %s", path,
                   cause ? cause : e && e->message ? e->message : "not a dir pool");
            mv_storage_pool_def_free(def);
            mv_error_reset();
            continue;
        }
        g_ptr_array_add(defs, def);
    }
    return defs;
}

static mv_sdir_pool *sdir_find_quiet(mv_sdir_state *st, const char *name)
{
    for (guint i = 0; i < st->pools->len; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        if (strcmp(p->def->name, name) == 0)
            return p;
    }
    return NULL;
}

/* Pools whose status file says they were active are active again; one
 * that cannot be (its directory went away) is shut off, and a read-write
 * state also removes its status file (a read-only one changes nothing: the
 * first read-write open does it). */
static void sdir_status_load(mv_sdir_state *st)
{
    g_autoptr(GPtrArray) live = sdir_load_dir(st->run_dir);
    for (guint i = 0; i < live->len; i++) {
        mv_storage_pool_def *def = live->pdata[i];
        mv_sdir_pool *p = sdir_find_quiet(st, def->name);
        if (p && p->active) {
            mv_storage_pool_def_free(def);
            continue;
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
                   def->name);
            mv_error_reset();
            if (st->writable)
                mv_sdir_status_remove(st, def->name);
            if (p->newdef) {
                mv_storage_pool_def_free(p->def);
                p->def = g_steal_pointer(&p->newdef);
            }
            if (!p->persistent)
                mv_sdir_pool_remove(st, p);
        }
    }
}

/* Autostart, once per boot and root: the first read-write open claims it
 * (as libvirt's daemon does when it starts). A pool whose status cannot be
 * recorded is not left running. With ST->lock held. */
static void sdir_autostart(mv_sdir_state *st, const mv_uri *uri)
{
    if (st->autostart_checked)
        return;
    st->autostart_checked = true;
    int claimed = mv_driver_autostart_claim(uri, "storage");
    if (claimed < 0) {
        mv_log(MV_LOG_WARN, MV_SDIR_SRC, "autostart skipped: %s", virGetLastErrorMessage());
        mv_error_reset();
    }
    for (guint i = 0; claimed == 1 && i < st->pools->len; i++) {
        mv_sdir_pool *p = st->pools->pdata[i];
        if (!p->autostart || p->active)
            continue;
        if (mv_sdir_pool_start(st, p) < 0) {
            mv_log(MV_LOG_WARN, MV_SDIR_SRC, "autostart of pool '%s' failed: %s",
                   p->def->name, virGetLastErrorMessage());
            mv_error_reset();
        } else if (mv_sdir_status_save(st, p) < 0) {
            mv_log(MV_LOG_WARN, MV_SDIR_SRC, "autostart of pool '%s' failed: %s",
                   p->def->name, virGetLastErrorMessage());
            mv_error_reset();
            mv_sdir_pool_stop(st, p);
        }
    }
}

/* Configs, then the status of pools that were active. */
static void sdir_state_load(mv_sdir_state *st)
{
    g_autoptr(GPtrArray) conf = sdir_load_dir(st->config_dir);
    for (guint i = 0; i < conf->len; i++) {
        mv_storage_pool_def *def = conf->pdata[i];
        mv_sdir_pool *p = mv_sdir_pool_add(st, def);
        g_autofree char *link = sdir_xml_path(st->autostart_dir, def->name);
        struct stat sb;
        p->persistent = true;
        p->autostart = lstat(link, &sb) == 0;
    }
    sdir_status_load(st);
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

static void sdir_state_free(mv_sdir_state *st)
{
    g_ptr_array_unref(st->pools);
    mv_event_source_free(st->events);
    pthread_mutex_destroy(&st->lock);
    g_free(st->config_dir);
    g_free(st->autostart_dir);
    g_free(st->state_dir);
    g_free(st->run_dir);
    g_free(st->key);
    g_free(st);
}

/* The directories a read-write connection writes in. 0, or -1 with an
 * error. */
static int sdir_state_dirs(mv_sdir_state *st)
{
    if (mv_file_mkdir_p(st->autostart_dir, 0700) < 0 ||
        mv_file_mkdir_p(st->state_dir, 0700) < 0 || mv_file_mkdir_p(st->run_dir, 0700) < 0)
        return -1;
    return 0;
}

static mv_sdir_state *sdir_state_new(const mv_uri *uri, bool readonly)
{
    g_autofree char *cfg = mv_path_driver_dir(uri, "storage", MV_PATH_CONFIG);
    g_autofree char *state = cfg ? mv_path_driver_dir(uri, "storage", MV_PATH_STATE) : NULL;
    g_autofree char *run = state ? mv_path_driver_dir(uri, "storage", MV_PATH_RUN) : NULL;
    if (!run)
        return NULL;
    mv_sdir_state *st = g_new0(mv_sdir_state, 1);
    st->config_dir = g_steal_pointer(&cfg);
    st->autostart_dir = g_build_filename(st->config_dir, "autostart", NULL);
    st->state_dir = g_steal_pointer(&state);
    st->run_dir = g_steal_pointer(&run);
    st->key = g_strdup(st->config_dir);
    st->pools = g_ptr_array_new_with_free_func(sdir_pool_free);
    pthread_mutex_init(&st->lock, NULL);
    st->writable = !readonly;
    if (st->writable && sdir_state_dirs(st) < 0) {
        sdir_state_free(st);
        return NULL;
    }
    st->events = mv_event_source_new();
    return st;
}

/* What a read-write open does: the first one on a state only read-only
 * connections had opened makes the directories and does the clean-ups the
 * read-only load left (loading the status files again also finds pools
 * another process started meanwhile); the first one of the boot and root
 * autostarts. 0, or -1 with an error. With ST->lock held. */
static int sdir_state_open_rw(mv_sdir_state *st, const mv_uri *uri)
{
    if (!st->writable) {
        if (sdir_state_dirs(st) < 0)
            return -1;
        st->writable = true;
        sdir_status_load(st);
    }
    sdir_autostart(st, uri);
    return 0;
}

mv_sdir_state *mv_sdir_state_acquire(const mv_uri *uri, bool readonly)
{
    g_autofree char *key = mv_path_driver_dir(uri, "storage", MV_PATH_CONFIG);
    if (!key)
        return NULL;
    g_mutex_lock(&sdir_states_lock);
    if (!sdir_states)
        sdir_states = g_hash_table_new(g_str_hash, g_str_equal);
    mv_sdir_state *st = g_hash_table_lookup(sdir_states, key);
    bool fresh = false;
    if (!st && (st = sdir_state_new(uri, readonly))) {
        g_hash_table_insert(sdir_states, st->key, st);
        fresh = true;
    }
    if (st) {
        st->refs++;
        pthread_mutex_lock(&st->lock);
        if (fresh)
            sdir_state_load(st);
        int r = readonly ? 0 : sdir_state_open_rw(st, uri);
        pthread_mutex_unlock(&st->lock);
        if (r < 0) {
            g_mutex_unlock(&sdir_states_lock);
            mv_sdir_state_release(st);
            return NULL;
        }
    }
    g_mutex_unlock(&sdir_states_lock);
    return st;
}

void mv_sdir_state_ref(mv_sdir_state *st)
{
    g_mutex_lock(&sdir_states_lock);
    st->refs++;
    g_mutex_unlock(&sdir_states_lock);
}

void mv_sdir_state_release(mv_sdir_state *st)
{
    if (!st)
        return;
    g_mutex_lock(&sdir_states_lock);
    bool last = --st->refs == 0;
    if (last)
        g_hash_table_remove(sdir_states, st->key);
    g_mutex_unlock(&sdir_states_lock);
    if (last)
        sdir_state_free(st);
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
    g_autofree char *path = sdir_xml_path(st->config_dir, def->name);
    g_autofree char *xml = mv_storage_pool_def_format(def, VIR_STORAGE_XML_INACTIVE);
    if (!xml)
        return -1;
    return mv_file_write_atomic(path, xml, strlen(xml), 0600);
}

static int sdir_unlink(const char *path, const char *what)
{
    if (unlink(path) == 0 || errno == ENOENT)
        return 0;
    mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                          "cannot remove %s '%s'", what, path);
    return -1;
}

int mv_sdir_pool_unsave(mv_sdir_state *st, const char *name)
{
    g_autofree char *path = sdir_xml_path(st->config_dir, name);
    if (mv_sdir_autostart_set(st, name, false) < 0)
        return -1;
    return sdir_unlink(path, "config file");
}

int mv_sdir_status_save(mv_sdir_state *st, const mv_sdir_pool *p)
{
    g_autofree char *path = sdir_xml_path(st->run_dir, p->def->name);
    g_autofree char *xml = mv_storage_pool_def_format(p->def, 0);
    if (xml && mv_file_write_atomic(path, xml, strlen(xml), 0600) == 0)
        return 0;
    virErrorPtr e = virGetLastError();
    int code = e ? e->code : VIR_ERR_INTERNAL_ERROR;
    g_autofree char *cause = g_strdup(e && e->str2 ? e->str2 : virGetLastErrorMessage());
    mv_error_report(MV_SDIR_ERR, code, "cannot save the status of pool '%s': %s",
                    p->def->name, cause);
    return -1;
}

void mv_sdir_status_remove(mv_sdir_state *st, const char *name)
{
    g_autofree char *path = sdir_xml_path(st->run_dir, name);
    if (unlink(path) < 0 && errno != ENOENT)
        mv_log(MV_LOG_WARN, MV_SDIR_SRC, "cannot remove %s: %s", path, g_strerror(errno));
}

/* As libvirt: a symlink in autostart/ to the pool's config file. */
int mv_sdir_autostart_set(mv_sdir_state *st, const char *name, bool on)
{
    g_autofree char *link = sdir_xml_path(st->autostart_dir, name);
    g_autofree char *target = sdir_xml_path(st->config_dir, name);
    if (!on)
        return sdir_unlink(link, "autostart link");
    if (symlink(target, link) == 0 || errno == EEXIST)
        return 0;
    mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                          "Failed to create symlink '%s' to '%s'", link, target);
    return -1;
}
