/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-state.c — the driver's state per root (the core's
 * mv_driver_state), shared by the connections on it in the process: the
 * monitor thread (a
 * GMainContext that reads every QMP socket and watches every QEMU pidfd),
 * the definitions loaded from the config dir, running domains re-attached
 * from their status files, and autostart. */
#include "qemu-driver.h"
#include "qemu-command.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool mv_qemu_writable(const mv_qemu_state *st)
{
    return mv_driver_state_writable(st->root);
}

/* A definition: one whose name is not its file's, or whose UUID another
 * file has, is skipped as a define would refuse it. */
static void config_file(mv_driver_state *root, const char *name, const char *xml,
                        void *opaque)
{
    mv_qemu_state *st = opaque;
    mv_domain_def *def = mv_domain_def_parse(xml, mv_qemu_xmlopt(), MV_DOMAIN_PARSE_INACTIVE);
    bool misnamed = def && strcmp(def->name, name) != 0;
    mv_domain_obj *obj = def && !misnamed ? mv_domain_list_add(st->doms, def, 0, NULL) : NULL;
    if (!obj) {
        g_autofree char *path = mv_driver_state_path(root, MV_PATH_CONFIG, name, ".xml");
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "skipping domain file %s: %s", path,
               misnamed ? "name does not match the file" : virGetLastErrorMessage());
        mv_domain_def_free(def);
        mv_error_reset();
        return;
    }
    mv_qemu_vm_attach(st, obj);
    obj->autostart = mv_driver_state_autostart_get(root, name);
    g_autofree char *image = mv_qemu_managed_save_path(st, name);
    obj->has_managed_save = g_file_test(image, G_FILE_TEST_IS_REGULAR);
}

static void *state_load(mv_driver_state *root, const mv_uri *uri)
{
    mv_qemu_state *st = g_new0(mv_qemu_state, 1);
    pthread_mutex_init(&st->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);   /* timed waits use it */
    pthread_cond_init(&st->cond, &ca);
    pthread_condattr_destroy(&ca);
    st->root = root;
    st->uri = g_strdup(uri->original);
    st->privileged = !mv_uri_get_param(uri, "root") && g_strcmp0(uri->path, "/system") == 0;
    st->config_dir = mv_driver_state_dir(root, MV_PATH_CONFIG);
    st->run_dir = mv_driver_state_dir(root, MV_PATH_RUN);
    st->log_dir = mv_driver_state_dir(root, MV_PATH_LOG);
    st->cache_dir = mv_driver_state_dir(root, MV_PATH_CACHE);
    st->events = mv_event_source_new();
    st->doms = mv_domain_list_new(MV_QEMU_ERR, mv_qemu_vm_free);
    st->ctx = g_main_context_new();
    st->loop = g_main_loop_new(st->ctx, FALSE);
    st->thread = g_thread_new("qemu-monitor", monitor_thread, st);

    pthread_mutex_lock(&st->lock);
    mv_driver_state_foreach_file(root, MV_PATH_CONFIG, ".xml", config_file, st);
    mv_qemu_status_load(st);
    pthread_mutex_unlock(&st->lock);
    return st;
}

/* The first read-write connection on a state only read-only ones had
 * opened: the clean-ups the read-only load left (and domains other
 * processes started meanwhile), by loading the status files again.
 * Autostart waits for the connection to be open (mv_qemu_autostart_kick). */
static int state_open_rw(mv_driver_state *root, void *data, const mv_uri *uri, bool fresh,
                         bool was_readonly)
{
    (void)root;
    (void)uri;
    (void)fresh;
    mv_qemu_state *st = data;
    if (was_readonly) {
        pthread_mutex_lock(&st->lock);
        mv_qemu_status_load(st);
        pthread_mutex_unlock(&st->lock);
    }
    return 0;
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
    /* Each start drops the lock: the domains are held, not indexed. */
    mv_domain_obj **objs = mv_domain_list_collect(st->doms, VIR_CONNECT_LIST_DOMAINS_AUTOSTART |
                                                  VIR_CONNECT_LIST_DOMAINS_INACTIVE, NULL);
    for (size_t i = 0; conn && objs[i]; i++) {
        mv_qemu_vm *vm = mv_qemu_vm_attach(st, objs[i]);
        if (mv_qemu_job_begin(st, vm, false) < 0) {
            mv_error_reset();
            continue;
        }
        if (!mv_qemu_vm_active(vm) && vm->obj->autostart && !vm->obj->removed &&
            mv_qemu_process_start(conn, st, vm, -1, false, VIR_DOMAIN_RUNNING_BOOTED) < 0) {
            mv_log(MV_LOG_WARN, MV_QEMU_SRC, "autostart of domain '%s' failed: %s",
                   vm->obj->def->name, virGetLastErrorMessage());
            mv_error_reset();
        }
        mv_qemu_job_end(st, vm);
    }
    mv_domain_obj_list_free(objs);
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
static bool autostart_ours(mv_qemu_state *st)
{
    if (st->autostart_checked)
        return false;
    st->autostart_checked = true;
    int claimed = mv_driver_state_autostart_claim(st->root);
    if (claimed < 0) {
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "autostart skipped: %s", virGetLastErrorMessage());
        mv_error_reset();
    }
    return claimed == 1;
}

void mv_qemu_autostart_kick(mv_qemu_state *st)
{
    pthread_mutex_lock(&st->lock);
    if (autostart_ours(st)) {
        size_t n;
        mv_domain_obj_list_free(mv_domain_list_collect(st->doms,
                                                       VIR_CONNECT_LIST_DOMAINS_AUTOSTART |
                                                       VIR_CONNECT_LIST_DOMAINS_INACTIVE, &n));
        st->autostart_pending = st->autostart_pending || n > 0;
    }
    bool run = st->autostart_pending && !st->autostart_running;
    st->autostart_running = st->autostart_running || run;
    pthread_mutex_unlock(&st->lock);
    if (!run)
        return;
    mv_driver_state_ref(st->root);
    g_thread_unref(g_thread_new("qemu-autostart", autostart_thread, st));
}

void mv_qemu_autostart_wait(mv_qemu_state *st)
{
    while (st->autostart_pending && st->autostart_running &&
           !pthread_equal(st->autostart_thread, pthread_self()))
        pthread_cond_wait(&st->cond, &st->lock);
}

static gboolean detach_all(gpointer data)
{
    mv_qemu_state *st = data;
    pthread_mutex_lock(&st->lock);
    mv_domain_obj **objs = mv_domain_list_collect(st->doms, 0, NULL);
    for (size_t i = 0; objs[i]; i++) {
        mv_qemu_vm *vm = mv_qemu_vm_attach(st, objs[i]);
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
    mv_domain_obj_list_free(objs);
    pthread_mutex_unlock(&st->lock);
    return G_SOURCE_REMOVE;
}

/* After the last connection: running domains keep running, their
 * monitors are let go (another process re-attaches from the status files). */
static void state_unload(void *data)
{
    mv_qemu_state *st = data;
    mv_qemu_state_invoke(st, detach_all, st);
    mv_domain_obj **objs = mv_domain_list_collect(st->doms, 0, NULL);
    for (size_t i = 0; objs[i]; i++) {
        mv_qemu_vm *vm = mv_qemu_vm_attach(st, objs[i]);
        if (vm->pidfd >= 0)
            close(vm->pidfd);
        vm->pidfd = -1;
    }
    mv_domain_obj_list_free(objs);
    g_main_loop_quit(st->loop);
    g_thread_join(st->thread);
    g_main_loop_unref(st->loop);
    mv_domain_list_free(st->doms);
    g_main_context_unref(st->ctx);
    mv_event_source_free(st->events);
    mv_qemu_caps_free(st->caps);
    pthread_mutex_destroy(&st->lock);
    pthread_cond_destroy(&st->cond);
    g_free(st->uri);
    g_free(st);
}

static const mv_driver_state_class qemu_state_class = {
    .size = sizeof(mv_driver_state_class),
    .driver = "qemu",
    .error_domain = MV_QEMU_ERR,
    .dirs = 1u << MV_PATH_LOG | 1u << MV_PATH_STATE,
    .load = state_load,
    .open_rw = state_open_rw,
    .free = state_unload,
};

mv_qemu_state *mv_qemu_state_acquire(const mv_uri *uri, bool readonly)
{
    mv_driver_state *root = mv_driver_state_acquire(&qemu_state_class, uri, readonly);
    return root ? mv_driver_state_data(root) : NULL;
}

void mv_qemu_state_release(mv_qemu_state *st)
{
    if (st)
        mv_driver_state_release(st->root);
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
