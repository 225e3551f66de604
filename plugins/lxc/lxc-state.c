/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-state.c — the driver's state per root (the core's
 * mv_driver_state), shared by every connection on that root in the
 * process: persistent definitions in the
 * config dir (written atomically), autostart links, the domains (the
 * core's domain list, guarded by the state lock, with the driver's part of
 * each domain as its private data), and a watcher thread that polls the
 * pidfds of the running containers' supervisors and handles their exits. Freed with its last connection;
 * containers keep running, and the next open re-attaches to them. */
#include "lxc.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

char *mv_lxc_path(const mv_lxc_state *st, mv_path_kind kind, const char *name, const char *ext)
{
    return mv_driver_state_path(st->root, kind, name, ext);
}

bool mv_lxc_dom_active(const mv_lxc_dom *d)
{
    return mv_domain_obj_is_active(d->obj);
}

mv_lxc_dom *mv_lxc_dom_of(mv_domain_obj *obj)
{
    mv_lxc_dom *d = obj->priv;

    if (d)
        return d;
    d = g_new0(mv_lxc_dom, 1);
    d->obj = obj;
    d->run.sup_pidfd = -1;
    obj->priv = d;
    return d;
}

/* The list's free function for a domain's part of the driver. */
static void dom_free(void *data)
{
    mv_lxc_dom *d = data;
    if (d->run.sup_pidfd >= 0)
        close(d->run.sup_pidfd);
    mv_cgroup_free(d->run.cg);
    g_free(d->run.console_path);
    g_free(d);
}

mv_lxc_dom *mv_lxc_dom_find_name(mv_lxc_state *st, const char *name)
{
    mv_domain_obj *obj = mv_domain_list_find_name(st->doms, name);
    return obj ? mv_lxc_dom_of(obj) : NULL;
}

mv_lxc_state *mv_lxc_lock(virConnectPtr conn)
{
    mv_lxc_state *st = mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);
    pthread_mutex_lock(&st->lock);
    return st;
}

void mv_lxc_unlock(mv_lxc_state *st)
{
    pthread_mutex_unlock(&st->lock);
}

mv_lxc_dom *mv_lxc_dom_lock(virDomainPtr dom, mv_lxc_state **stp)
{
    mv_lxc_state *st = mv_lxc_lock(virDomainGetConnect(dom));
    mv_domain_obj *obj = mv_domain_list_lookup_domain(st->doms, dom);
    if (!obj) {
        mv_lxc_unlock(st);
        return NULL;
    }
    *stp = st;
    return mv_lxc_dom_of(obj);
}

virDomainPtr mv_lxc_dom_handle(virConnectPtr conn, const mv_lxc_dom *d)
{
    return mv_domain_obj_handle(conn, d->obj);
}

void mv_lxc_dom_event(mv_lxc_state *st, const mv_lxc_dom *d, int event, int detail)
{
    mv_domain_obj_event(st->events, d->obj, event, detail);
}

int mv_lxc_config_save(mv_lxc_state *st, const mv_domain_def *def)
{
    g_autofree char *xml = mv_domain_def_format(def, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    return xml ? mv_driver_state_config_save(st->root, def->name, xml) : -1;
}

int mv_lxc_config_remove(mv_lxc_state *st, const char *name)
{
    return mv_driver_state_config_remove(st->root, name);
}

int mv_lxc_autostart_set(mv_lxc_state *st, const char *name, bool on)
{
    return mv_driver_state_autostart_set(st->root, name, on);
}

bool mv_lxc_writable(const mv_lxc_state *st)
{
    return mv_driver_state_writable(st->root);
}

void mv_lxc_wake(mv_lxc_state *st)
{
    uint64_t one = 1;
    if (write(st->wake_fd, &one, sizeof(one)) < 0) {
        /* the counter is already non-zero */
    }
}

/* A supervisor renames a new NAME.init into the run dir when it started
 * init again after a reboot. */
static void lxc_notified(mv_lxc_state *st)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;
    while ((n = read(st->notify_fd, buf, sizeof(buf))) > 0) {
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            p += sizeof(*ev) + ev->len;
            if (!ev->len || !g_str_has_suffix(ev->name, ".init"))
                continue;
            g_autofree char *name = g_strndup(ev->name, strlen(ev->name) - 5);
            pthread_mutex_lock(&st->lock);
            mv_lxc_dom *d = mv_lxc_dom_find_name(st, name);
            if (d && mv_lxc_dom_active(d))
                mv_lxc_init_changed(st, d);
            pthread_mutex_unlock(&st->lock);
        }
    }
}

/* Polls the supervisors' pidfds; an exit is handled under the lock after
 * checking again that the pidfd is still the domain's and readable (the
 * number may have been closed and reused meanwhile). */
static gpointer lxc_watcher_main(gpointer data)
{
    mv_lxc_state *st = data;
    GArray *fds = g_array_new(FALSE, FALSE, sizeof(struct pollfd));
    for (;;) {
        g_array_set_size(fds, 0);
        struct pollfd w = { .fd = st->wake_fd, .events = POLLIN };
        g_array_append_val(fds, w);
        struct pollfd nf = { .fd = st->notify_fd, .events = POLLIN };
        g_array_append_val(fds, nf);
        pthread_mutex_lock(&st->lock);
        if (st->stopping) {
            pthread_mutex_unlock(&st->lock);
            break;
        }
        mv_domain_obj **active = mv_domain_list_collect(st->doms,
                                                        VIR_CONNECT_LIST_DOMAINS_ACTIVE, NULL);
        for (size_t i = 0; active[i]; i++) {
            mv_lxc_dom *d = mv_lxc_dom_of(active[i]);
            if (d->run.sup_pidfd >= 0) {
                struct pollfd p = { .fd = d->run.sup_pidfd, .events = POLLIN };
                g_array_append_val(fds, p);
            }
        }
        mv_domain_obj_list_free(active);
        pthread_mutex_unlock(&st->lock);
        struct pollfd *pf = (struct pollfd *)fds->data;
        if (poll(pf, fds->len, -1) < 0 && errno != EINTR)
            break;
        if (pf[0].revents) {
            uint64_t v;
            if (read(st->wake_fd, &v, sizeof(v)) < 0) {
                /* nothing pending */
            }
        }
        if (pf[1].revents)
            lxc_notified(st);
        pthread_mutex_lock(&st->lock);
        /* Held: an exit may take a transient domain out of the list. */
        mv_domain_obj **objs = mv_domain_list_collect(st->doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE,
                                                      NULL);
        for (guint i = 2; i < fds->len; i++) {
            if (!pf[i].revents)
                continue;
            for (size_t j = 0; objs[j]; j++) {
                mv_lxc_dom *d = mv_lxc_dom_of(objs[j]);
                if (mv_lxc_dom_active(d) && d->run.sup_pidfd == pf[i].fd &&
                    mv_process_exited(d->run.sup_pidfd, 0)) {
                    mv_lxc_exited(st, d);
                    break;
                }
            }
        }
        mv_domain_obj_list_free(objs);
        pthread_mutex_unlock(&st->lock);
    }
    g_array_free(fds, TRUE);
    return NULL;
}

static void lxc_state_free(void *data)
{
    mv_lxc_state *st = data;
    if (st->watcher) {
        pthread_mutex_lock(&st->lock);
        st->stopping = true;
        pthread_mutex_unlock(&st->lock);
        mv_lxc_wake(st);
        g_thread_join(st->watcher);
    }
    if (st->wake_fd >= 0)
        close(st->wake_fd);
    if (st->notify_fd >= 0)
        close(st->notify_fd);
    mv_domain_list_free(st->doms);
    if (st->events)
        mv_event_source_free(st->events);
    pthread_mutex_destroy(&st->lock);
    g_free(st->embed_root);
    g_free(st);
}

/* The watch on the run dir (without inotify only the reboot events are
 * missing); a read-only load watches it only if it exists already. */
static void lxc_state_watch(mv_lxc_state *st)
{
    if (st->notify_fd >= 0 && inotify_add_watch(st->notify_fd, st->run_dir, IN_MOVED_TO) < 0 &&
        errno != ENOENT)
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "no reboot events for %s: %s", st->run_dir,
               g_strerror(errno));
}

/* A definition: another file's name or UUID is refused as a define would. */
static void lxc_config_file(mv_driver_state *root, const char *name, const char *xml,
                            void *opaque)
{
    mv_lxc_state *st = opaque;
    mv_lxc_extra ex;
    mv_domain_obj *obj = NULL;
    mv_domain_def *def = mv_lxc_parse(xml, MV_DOMAIN_PARSE_INACTIVE, &ex);
    bool misnamed = def && strcmp(def->name, name) != 0;
    if (!def || misnamed || !(obj = mv_domain_list_add(st->doms, def, 0, NULL))) {
        g_autofree char *path = mv_driver_state_path(root, MV_PATH_CONFIG, name, ".xml");
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "skipping domain file %s: %s", path,
               misnamed ? "name does not match the file" : virGetLastErrorMessage());
        mv_domain_def_free(def);
        mv_error_reset();
        return;
    }
    mv_lxc_dom_of(obj)->extra = ex;
    obj->autostart = mv_driver_state_autostart_get(root, name);
}

/* The definitions, the containers that run (re-attached), and the
 * watcher thread. */
static void *lxc_state_load(mv_driver_state *root, const mv_uri *uri)
{
    mv_lxc_state *st = g_new0(mv_lxc_state, 1);
    pthread_mutex_init(&st->lock, NULL);
    st->wake_fd = st->notify_fd = -1;
    st->root = root;
    st->config_dir = mv_driver_state_dir(root, MV_PATH_CONFIG);
    st->run_dir = mv_driver_state_dir(root, MV_PATH_RUN);
    st->log_dir = mv_driver_state_dir(root, MV_PATH_LOG);
    st->cg_tag = g_str_hash(st->config_dir);
    const char *embed = mv_uri_get_param(uri, "root");
    if (embed) {
        st->embedded = true;
        st->embed_root = realpath(embed, NULL);
        if (!st->embed_root)
            st->embed_root = g_strdup(embed);
    }
    st->doms = mv_domain_list_new(MV_LXC_ERR, dom_free);
    st->events = mv_event_source_new();
    st->notify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    lxc_state_watch(st);
    st->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (st->wake_fd < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno, "eventfd");
        lxc_state_free(st);
        return NULL;
    }
    pthread_mutex_lock(&st->lock);
    mv_driver_state_foreach_file(root, MV_PATH_CONFIG, ".xml", lxc_config_file, st);
    mv_lxc_status_load_all(st);
    pthread_mutex_unlock(&st->lock);
    g_autoptr(GError) err = NULL;
    st->watcher = g_thread_try_new("lxc-watcher", lxc_watcher_main, st, &err);
    if (!st->watcher) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INTERNAL_ERROR, "cannot start a thread: %s",
                        err->message);
        lxc_state_free(st);
        return NULL;
    }
    return st;
}

/* The first read-write connection on a state only read-only ones had
 * opened: the watch on the run dir made meanwhile, then the clean-ups the
 * read-only load left (and containers other processes started meanwhile)
 * by loading the status files again. Autostart is the connection's
 * business (mv_lxc_autostart_all). */
static int lxc_state_open_rw(mv_driver_state *root, void *data, const mv_uri *uri, bool fresh,
                             bool was_readonly)
{
    (void)root;
    (void)uri;
    (void)fresh;
    mv_lxc_state *st = data;
    if (!was_readonly)
        return 0;
    pthread_mutex_lock(&st->lock);
    lxc_state_watch(st);
    mv_lxc_status_load_all(st);
    pthread_mutex_unlock(&st->lock);
    mv_lxc_wake(st);   /* the watcher polls the supervisors found */
    return 0;
}

static const mv_driver_state_class lxc_state_class = {
    .size = sizeof(mv_driver_state_class),
    .driver = "lxc",
    .error_domain = MV_LXC_ERR,
    .dirs = 1u << MV_PATH_LOG,
    .load = lxc_state_load,
    .open_rw = lxc_state_open_rw,
    .free = lxc_state_free,
};

mv_lxc_state *mv_lxc_state_acquire(const mv_uri *uri, bool readonly)
{
    mv_driver_state *root = mv_driver_state_acquire(&lxc_state_class, uri, readonly);
    return root ? mv_driver_state_data(root) : NULL;
}

void mv_lxc_state_release(mv_lxc_state *st)
{
    if (st)
        mv_driver_state_release(st->root);
}
