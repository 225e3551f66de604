/* plugins/bridge-net/bnet-state.c — one network state per root, shared by
 * every connection on that root in the process: definitions in the config
 * dir (written atomically), autostart links, and the status of running
 * networks in the run dir (one key file each). Freed with its last
 * connection; running networks keep running, as with libvirt's daemon. */
#include "bnet-net.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static GMutex bnet_states_lock;
static GHashTable *bnet_states;   /* key -> mv_bnet_state */

static char *bnet_path(const char *dir, const char *name, const char *ext)
{
    return g_strdup_printf("%s/%s%s", dir, name, ext);
}

char *mv_bnet_run_path(const mv_bnet_state *st, const char *name, const char *ext)
{
    return bnet_path(st->run_dir, name, ext);
}

/* Each NAME.xml in DIR, parsed; a bad file is logged and skipped. */
GPtrArray *mv_bnet_load_dir(const char *dir)
{
    GPtrArray *defs = g_ptr_array_new();
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *ent;
    while (d && (ent = g_dir_read_name(d))) {
        if (ent[0] == '.' || !g_str_has_suffix(ent, ".xml"))
            continue;
        g_autofree char *path = g_build_filename(dir, ent, NULL);
        g_autofree char *xml = NULL;
        mv_network_def *def = NULL;
        if ((xml = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL)))
            def = mv_network_def_parse(xml, 0);
        if (!def) {
            mv_log(MV_LOG_WARN, MV_BNET_SRC, "skipping network file %s: %s", path,
                   virGetLastErrorMessage());
            mv_error_reset();
            continue;
        }
        g_ptr_array_add(defs, def);
    }
    return defs;
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

static void bnet_state_free(mv_bnet_state *st)
{
    bnet_reaper_join(st);
    g_ptr_array_unref(st->nets);
    mv_event_source_free(st->events);
    pthread_mutex_destroy(&st->lock);
    g_free(st->config_dir);
    g_free(st->autostart_dir);
    g_free(st->run_dir);
    g_free(st->key);
    g_free(st);
}

/* The directories a read-write connection writes in. 0, or -1 with an error. */
static int bnet_state_dirs(mv_bnet_state *st)
{
    if (mv_file_mkdir_p(st->autostart_dir, 0700) < 0 || mv_file_mkdir_p(st->run_dir, 0700) < 0)
        return -1;
    return 0;
}

static mv_bnet_state *bnet_state_new(const mv_uri *uri, bool readonly)
{
    g_autofree char *cfg = mv_path_driver_dir(uri, "network", MV_PATH_CONFIG);
    g_autofree char *run = cfg ? mv_path_driver_dir(uri, "network", MV_PATH_RUN) : NULL;
    if (!run)
        return NULL;
    mv_bnet_state *st = g_new0(mv_bnet_state, 1);
    st->key = g_strdup(cfg);
    st->config_dir = g_steal_pointer(&cfg);
    st->autostart_dir = g_build_filename(st->config_dir, "autostart", NULL);
    st->run_dir = g_steal_pointer(&run);
    st->nets = g_ptr_array_new_with_free_func(bnet_net_free);
    pthread_mutex_init(&st->lock, NULL);
    st->events = mv_event_source_new();
    st->writable = !readonly;
    if (st->writable && bnet_state_dirs(st) < 0) {
        bnet_state_free(st);
        return NULL;
    }
    return st;
}

static void bnet_state_load(mv_bnet_state *st)
{
    g_autoptr(GPtrArray) conf = mv_bnet_load_dir(st->config_dir);
    for (guint i = 0; i < conf->len; i++) {
        mv_network_def *def = conf->pdata[i];
        mv_bnet_net *n = mv_bnet_net_add(st, def);
        g_autofree char *link = bnet_path(st->autostart_dir, def->name, ".xml");
        struct stat sb;
        n->persistent = true;
        n->autostart = lstat(link, &sb) == 0;
    }
    if (st->writable)
        mv_bnet_reap_leftovers(st);
    mv_bnet_reconcile_load(st);
}

/* What a read-write open does: the first one on a state that only
 * read-only connections had opened makes the directories and does the
 * clean-ups the read-only load left (loading the status files again also
 * finds networks other processes started meanwhile); each one checks the
 * running networks; the first one of the boot and root autostarts. 0, or
 * -1 with an error. With ST->lock held. */
static int bnet_state_open_rw(mv_bnet_state *st, const mv_uri *uri, bool fresh)
{
    if (!st->writable) {
        if (bnet_state_dirs(st) < 0)
            return -1;
        st->writable = true;
        mv_bnet_reap_leftovers(st);
        mv_bnet_reconcile_load(st);
    }
    if (!fresh)
        mv_bnet_reconcile(st);
    mv_bnet_autostart_all(st, uri);
    return 0;
}

/* The first open loads; later read-write opens check running networks
 * again. */
mv_bnet_state *mv_bnet_state_acquire(const mv_uri *uri, bool readonly)
{
    g_autofree char *key = mv_path_driver_dir(uri, "network", MV_PATH_CONFIG);
    if (!key)
        return NULL;
    g_mutex_lock(&bnet_states_lock);
    if (!bnet_states)
        bnet_states = g_hash_table_new(g_str_hash, g_str_equal);
    mv_bnet_state *st = g_hash_table_lookup(bnet_states, key);
    bool fresh = false;
    if (!st && (st = bnet_state_new(uri, readonly))) {
        g_hash_table_insert(bnet_states, st->key, st);
        fresh = true;
    }
    if (st) {
        st->refs++;
        pthread_mutex_lock(&st->lock);
        if (fresh)
            bnet_state_load(st);
        int r = readonly ? 0 : bnet_state_open_rw(st, uri, fresh);
        pthread_mutex_unlock(&st->lock);
        if (r < 0) {
            g_mutex_unlock(&bnet_states_lock);
            mv_bnet_state_release(st);
            return NULL;
        }
    }
    g_mutex_unlock(&bnet_states_lock);
    return st;
}

void mv_bnet_state_release(mv_bnet_state *st)
{
    if (!st)
        return;
    g_mutex_lock(&bnet_states_lock);
    bool last = --st->refs == 0;
    if (last)
        g_hash_table_remove(bnet_states, st->key);
    g_mutex_unlock(&bnet_states_lock);
    if (last)
        bnet_state_free(st);
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
    g_autofree char *path = bnet_path(st->config_dir, def->name, ".xml");
    g_autofree char *xml = mv_network_def_format(def, VIR_NETWORK_XML_INACTIVE);
    if (!xml)
        return -1;
    return mv_file_write_atomic(path, xml, strlen(xml), 0600);
}

static int bnet_unlink(const char *path, const char *what)
{
    if (unlink(path) == 0 || errno == ENOENT)
        return 0;
    mv_error_report_errno(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                          "cannot remove %s '%s'", what, path);
    return -1;
}

int mv_bnet_config_remove(mv_bnet_state *st, const char *name)
{
    g_autofree char *path = bnet_path(st->config_dir, name, ".xml");
    if (mv_bnet_autostart_set(st, name, false) < 0)
        return -1;
    return bnet_unlink(path, "config file");
}

/* As libvirt: a symlink in autostart/ to the config file. */
int mv_bnet_autostart_set(mv_bnet_state *st, const char *name, bool on)
{
    g_autofree char *link = bnet_path(st->autostart_dir, name, ".xml");
    g_autofree char *target = bnet_path(st->config_dir, name, ".xml");
    if (!on)
        return bnet_unlink(link, "autostart link");
    if (symlink(target, link) == 0 || errno == EEXIST)
        return 0;
    mv_error_report_errno(MV_BNET_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                          "Failed to create symlink '%s' to '%s'", link, target);
    return -1;
}

/* Re-reports the current error with the network it is about: what failed
 * to be written, and why (the underlying code and detail kept). */
static void bnet_status_error(const char *name)
{
    virErrorPtr e = virGetLastError();
    int code = e ? e->code : VIR_ERR_INTERNAL_ERROR;
    g_autofree char *cause = g_strdup(e && e->str2 ? e->str2 : virGetLastErrorMessage());
    mv_error_report(MV_BNET_ERR, code, "cannot save the status of network '%s': %s", name, cause);
}

/* The live definition and what start made, in one atomic key file. */
static int bnet_status_write(mv_bnet_state *st, const mv_bnet_net *n)
{
    g_autofree char *path = bnet_path(st->run_dir, n->def->name, ".status");
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
    gsize len;
    g_autofree char *data = g_key_file_to_data(kf, &len, NULL);
    return mv_file_write_atomic(path, data, len, 0600);
}

int mv_bnet_status_save(mv_bnet_state *st, const mv_bnet_net *n)
{
    if (bnet_status_write(st, n) == 0)
        return 0;
    bnet_status_error(n->def->name);
    return -1;
}

void mv_bnet_status_remove(mv_bnet_state *st, const char *name)
{
    g_autofree char *path = bnet_path(st->run_dir, name, ".status");
    if (unlink(path) < 0 && errno != ENOENT)
        mv_log(MV_LOG_WARN, MV_BNET_SRC, "cannot remove %s: %s", path, g_strerror(errno));
}
