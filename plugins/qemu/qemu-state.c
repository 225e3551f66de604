/* plugins/qemu/qemu-state.c — one driver state per root, shared by the
 * connections on it in the process: directories, the monitor thread (a
 * GMainContext that reads every QMP socket and watches every QEMU pidfd),
 * the definitions loaded from the config dir, running domains re-attached
 * from their status files, and autostart. */
#include "qemu-driver.h"
#include "qemu-command.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static GMutex states_lock;
static GHashTable *states;   /* key -> mv_qemu_state */

static gpointer monitor_thread(gpointer data)
{
    mv_qemu_state *st = data;
    g_main_context_push_thread_default(st->ctx);
    g_main_loop_run(st->loop);
    g_main_context_pop_thread_default(st->ctx);
    return NULL;
}

typedef struct {
    GSourceFunc fn;
    gpointer data;
    GMutex lock;
    GCond cond;
    bool done;
} invoke_call;

static gboolean invoke_cb(gpointer data)
{
    invoke_call *c = data;
    c->fn(c->data);
    g_mutex_lock(&c->lock);
    c->done = true;
    g_cond_signal(&c->cond);
    g_mutex_unlock(&c->lock);
    return G_SOURCE_REMOVE;
}

void mv_qemu_state_invoke(mv_qemu_state *st, GSourceFunc fn, gpointer data)
{
    if (g_main_context_is_owner(st->ctx)) {
        fn(data);
        return;
    }
    invoke_call c = { .fn = fn, .data = data };
    g_mutex_init(&c.lock);
    g_cond_init(&c.cond);
    GSource *src = g_idle_source_new();
    g_source_set_priority(src, G_PRIORITY_HIGH);
    g_source_set_callback(src, invoke_cb, &c, NULL);
    g_source_attach(src, st->ctx);
    g_source_unref(src);
    g_mutex_lock(&c.lock);
    while (!c.done)
        g_cond_wait(&c.cond, &c.lock);
    g_mutex_unlock(&c.lock);
    g_mutex_clear(&c.lock);
    g_cond_clear(&c.cond);
}

static guint uuid_hash(gconstpointer key)
{
    const unsigned char *u = key;
    guint h = 0;
    for (int i = 0; i < VIR_UUID_BUFLEN; i++)
        h = h * 31 + u[i];
    return h;
}

static gboolean uuid_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, VIR_UUID_BUFLEN) == 0;
}

static char *state_dir(const mv_uri *uri, mv_path_kind kind)
{
    return mv_path_driver_dir(uri, "qemu", kind);
}

static void state_free(mv_qemu_state *st)
{
    if (st->loop) {
        g_main_loop_quit(st->loop);
        g_thread_join(st->thread);
        g_main_loop_unref(st->loop);
    }
    if (st->vms)
        g_ptr_array_unref(st->vms);
    if (st->by_name)
        g_hash_table_unref(st->by_name);
    if (st->by_uuid)
        g_hash_table_unref(st->by_uuid);
    if (st->ctx)
        g_main_context_unref(st->ctx);
    if (st->events)
        mv_event_source_free(st->events);
    mv_qemu_caps_free(st->caps);
    pthread_mutex_destroy(&st->lock);
    pthread_cond_destroy(&st->cond);
    g_free(st->key);
    g_free(st->uri);
    g_free(st->config_dir);
    g_free(st->autostart_dir);
    g_free(st->run_dir);
    g_free(st->log_dir);
    g_free(st->cache_dir);
    g_free(st);
}

static void load_configs(mv_qemu_state *st)
{
    g_autoptr(GDir) d = g_dir_open(st->config_dir, 0, NULL);
    const char *ent;
    while (d && (ent = g_dir_read_name(d))) {
        if (!g_str_has_suffix(ent, ".xml") || ent[0] == '.')
            continue;
        g_autofree char *path = g_build_filename(st->config_dir, ent, NULL);
        g_autofree char *xml = NULL;
        mv_domain_def *def = NULL;
        if ((xml = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL)))
            def = mv_domain_def_parse(xml, mv_qemu_xmlopt(), MV_DOMAIN_PARSE_INACTIVE);
        g_autofree char *expect = def ? g_strdup_printf("%s.xml", def->name) : NULL;
        if (!def || strcmp(expect, ent) != 0 || g_hash_table_contains(st->by_name, def->name)) {
            mv_log(MV_LOG_WARN, MV_QEMU_SRC, "skipping domain file %s: %s", path,
                   def ? "name does not match the file" : virGetLastErrorMessage());
            mv_domain_def_free(def);
            mv_error_reset();
            continue;
        }
        mv_qemu_vm *vm = mv_qemu_vm_add(st, def);
        vm->persistent = true;
        g_autofree char *link = g_build_filename(st->autostart_dir, ent, NULL);
        struct stat sb;
        vm->autostart = lstat(link, &sb) == 0;
    }
}

/* The directories a read-write connection writes in. 0, or -1 with an error. */
static int make_dirs(mv_qemu_state *st)
{
    if (mv_file_mkdir_p(st->config_dir, 0755) < 0 || mv_file_mkdir_p(st->run_dir, 0755) < 0 ||
        mv_file_mkdir_p(st->log_dir, 0755) < 0)
        return -1;
    return 0;
}

static mv_qemu_state *state_new(const mv_uri *uri, const char *key, bool readonly)
{
    mv_qemu_state *st = g_new0(mv_qemu_state, 1);
    pthread_mutex_init(&st->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);   /* timed waits use it */
    pthread_cond_init(&st->cond, &ca);
    pthread_condattr_destroy(&ca);
    st->key = g_strdup(key);
    st->uri = g_strdup(uri->original);
    st->privileged = !mv_uri_get_param(uri, "root") && g_strcmp0(uri->path, "/system") == 0;
    st->config_dir = state_dir(uri, MV_PATH_CONFIG);
    st->run_dir = state_dir(uri, MV_PATH_RUN);
    st->log_dir = state_dir(uri, MV_PATH_LOG);
    st->cache_dir = state_dir(uri, MV_PATH_CACHE);
    if (!st->config_dir || !st->run_dir || !st->log_dir || !st->cache_dir) {
        state_free(st);
        return NULL;
    }
    st->autostart_dir = g_build_filename(st->config_dir, "autostart", NULL);
    st->writable = !readonly;
    if (st->writable && make_dirs(st) < 0) {
        state_free(st);
        return NULL;
    }
    st->events = mv_event_source_new();
    st->vms = g_ptr_array_new();
    st->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    st->by_uuid = g_hash_table_new(uuid_hash, uuid_equal);
    st->ctx = g_main_context_new();
    st->loop = g_main_loop_new(st->ctx, FALSE);
    st->thread = g_thread_new("qemu-monitor", monitor_thread, st);

    pthread_mutex_lock(&st->lock);
    load_configs(st);
    mv_qemu_status_load(st);
    pthread_mutex_unlock(&st->lock);
    return st;
}

/* The first read-write connection on a state only read-only ones had
 * opened: the directories, then the clean-ups the read-only load left
 * (and domains other processes started meanwhile) by loading the status
 * files again. 0, or -1 with an error. */
static int state_make_writable(mv_qemu_state *st)
{
    pthread_mutex_lock(&st->lock);
    int ret = 0;
    if (!st->writable) {
        ret = make_dirs(st);
        if (ret == 0) {
            st->writable = true;
            mv_qemu_status_load(st);
        }
    }
    pthread_mutex_unlock(&st->lock);
    return ret;
}

/* Autostart runs on its own connection, in a thread, once the connection
 * that created the state is fully open (starting a domain needs the
 * network and storage drivers of a connection). Slots that list or look
 * up domains wait for it (mv_qemu_autostart_wait). */
static gpointer autostart_thread(gpointer data)
{
    mv_qemu_state *st = data;
    pthread_mutex_lock(&st->lock);
    st->autostart_thread = pthread_self();
    pthread_mutex_unlock(&st->lock);
    virConnectPtr conn = virConnectOpen(st->uri);
    pthread_mutex_lock(&st->lock);
    for (guint i = 0; conn && i < st->vms->len; i++) {
        mv_qemu_vm *vm = st->vms->pdata[i];
        if (!vm->autostart || mv_qemu_vm_active(vm))
            continue;
        if (mv_qemu_job_begin(st, vm, false) < 0) {
            mv_error_reset();
            continue;
        }
        if (!mv_qemu_vm_active(vm) &&
            mv_qemu_process_start(conn, st, vm, -1, false, VIR_DOMAIN_RUNNING_BOOTED) < 0) {
            mv_log(MV_LOG_WARN, MV_QEMU_SRC, "autostart of domain '%s' failed: %s",
                   vm->def->name, virGetLastErrorMessage());
            mv_error_reset();
        }
        mv_qemu_job_end(st, vm);
    }
    if (!conn) {
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "autostart: cannot open %s: %s", st->uri,
               virGetLastErrorMessage());
        mv_error_reset();
    }
    st->autostart_pending = false;
    pthread_cond_broadcast(&st->cond);
    pthread_mutex_unlock(&st->lock);
    if (conn)
        virConnectClose(conn);
    mv_qemu_state_release(st);
    return NULL;
}

/* Whether this state runs autostart: once per boot and root, whichever
 * process opens it first read-write (as libvirt's daemon, when it starts).
 * A claim that cannot be recorded starts nothing: every process would
 * start the domains again. With ST->lock held. */
static bool autostart_ours(mv_qemu_state *st, const mv_uri *uri)
{
    if (st->autostart_checked)
        return false;
    st->autostart_checked = true;
    int claimed = mv_driver_autostart_claim(uri, "qemu");
    if (claimed < 0) {
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "autostart skipped: %s", virGetLastErrorMessage());
        mv_error_reset();
    }
    return claimed == 1;
}

void mv_qemu_autostart_kick(mv_qemu_state *st, const mv_uri *uri)
{
    pthread_mutex_lock(&st->lock);
    if (autostart_ours(st, uri)) {
        for (guint i = 0; i < st->vms->len; i++) {
            mv_qemu_vm *vm = st->vms->pdata[i];
            if (vm->autostart && !mv_qemu_vm_active(vm))
                st->autostart_pending = true;
        }
    }
    bool run = st->autostart_pending && !st->autostart_running;
    st->autostart_running = st->autostart_running || run;
    pthread_mutex_unlock(&st->lock);
    if (!run)
        return;
    g_mutex_lock(&states_lock);
    st->refs++;
    g_mutex_unlock(&states_lock);
    g_thread_unref(g_thread_new("qemu-autostart", autostart_thread, st));
}

void mv_qemu_autostart_wait(mv_qemu_state *st)
{
    while (st->autostart_pending && st->autostart_running &&
           !pthread_equal(st->autostart_thread, pthread_self()))
        pthread_cond_wait(&st->cond, &st->lock);
}

mv_qemu_state *mv_qemu_state_acquire(const mv_uri *uri, bool readonly)
{
    g_autofree char *key = state_dir(uri, MV_PATH_CONFIG);
    if (!key)
        return NULL;
    g_mutex_lock(&states_lock);
    if (!states)
        states = g_hash_table_new(g_str_hash, g_str_equal);
    mv_qemu_state *st = g_hash_table_lookup(states, key);
    if (!st) {
        st = state_new(uri, key, readonly);
        if (st)
            g_hash_table_insert(states, st->key, st);
    } else if (!readonly && state_make_writable(st) < 0) {
        st = NULL;
    }
    if (st)
        st->refs++;
    g_mutex_unlock(&states_lock);
    return st;
}

static gboolean detach_all(gpointer data)
{
    mv_qemu_state *st = data;
    pthread_mutex_lock(&st->lock);
    for (guint i = 0; i < st->vms->len; i++) {
        mv_qemu_vm *vm = st->vms->pdata[i];
        if (vm->exit_source) {
            g_source_destroy(vm->exit_source);
            g_source_unref(vm->exit_source);
            vm->exit_source = NULL;
        }
        if (vm->mon) {
            mv_qmp_close(vm->mon);
            vm->mon = NULL;
        }
    }
    pthread_mutex_unlock(&st->lock);
    return G_SOURCE_REMOVE;
}

void mv_qemu_state_release(mv_qemu_state *st)
{
    if (!st)
        return;
    g_mutex_lock(&states_lock);
    bool last = --st->refs == 0;
    if (last)
        g_hash_table_remove(states, st->key);
    g_mutex_unlock(&states_lock);
    if (!last)
        return;
    /* Running domains keep running: their monitors are let go (another
     * process re-attaches from the status files). */
    mv_qemu_state_invoke(st, detach_all, st);
    for (guint i = 0; i < st->vms->len; i++) {
        mv_qemu_vm *vm = st->vms->pdata[i];
        if (vm->pidfd >= 0)
            close(vm->pidfd);
        vm->pidfd = -1;
        vm->removed = true;
        mv_qemu_vm_unref(vm);
    }
    g_ptr_array_set_size(st->vms, 0);
    state_free(st);
}

mv_qemu_state *mv_qemu_state_of(virConnectPtr conn)
{
    return mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);
}

const mv_qemu_caps *mv_qemu_state_caps(mv_qemu_state *st)
{
    if (!st->caps)
        st->caps = mv_qemu_caps_get(MV_QEMU_DEFAULT_EMULATOR, st->cache_dir);
    return st->caps;
}
