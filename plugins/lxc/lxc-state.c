/* plugins/lxc/lxc-state.c — one driver state per root, shared by every
 * connection on that root in the process: persistent definitions in the
 * config dir (written atomically), autostart links, the domains, and a
 * watcher thread that polls the pidfds of the running containers'
 * supervisors and handles their exits. Freed with its last connection;
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

static GMutex lxc_states_lock;
static GHashTable *lxc_states;   /* key -> mv_lxc_state */

char *mv_lxc_path(const mv_lxc_state *st, const char *dir, const char *name, const char *ext)
{
    (void)st;
    return g_strdup_printf("%s/%s%s", dir, name, ext);
}

bool mv_lxc_dom_active(const mv_lxc_dom *d)
{
    return d->state != VIR_DOMAIN_SHUTOFF;
}

mv_lxc_dom *mv_lxc_dom_add(mv_lxc_state *st, mv_domain_def *def, const mv_lxc_extra *ex)
{
    mv_lxc_dom *d = g_new0(mv_lxc_dom, 1);
    def->id = -1;
    d->def = def;
    d->extra = *ex;
    d->state = VIR_DOMAIN_SHUTOFF;
    d->reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
    d->run.sup_pidfd = -1;
    g_ptr_array_add(st->doms, d);
    return d;
}

static void dom_free(gpointer data)
{
    mv_lxc_dom *d = data;
    if (d->run.sup_pidfd >= 0)
        close(d->run.sup_pidfd);
    mv_lxc_cgroup_free(d->run.cg);
    g_free(d->run.console_path);
    mv_domain_def_free(d->def);
    mv_domain_def_free(d->newdef);
    g_free(d);
}

void mv_lxc_dom_remove(mv_lxc_state *st, mv_lxc_dom *d)
{
    g_ptr_array_remove(st->doms, d);
}

mv_lxc_dom *mv_lxc_dom_by_name(mv_lxc_state *st, const char *name)
{
    for (guint i = 0; i < st->doms->len; i++) {
        mv_lxc_dom *d = st->doms->pdata[i];
        if (strcmp(d->def->name, name) == 0)
            return d;
    }
    return NULL;
}

mv_lxc_dom *mv_lxc_dom_by_uuid(mv_lxc_state *st, const unsigned char *uuid)
{
    for (guint i = 0; i < st->doms->len; i++) {
        mv_lxc_dom *d = st->doms->pdata[i];
        if (memcmp(d->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return d;
    }
    return NULL;
}

mv_lxc_dom *mv_lxc_dom_by_id(mv_lxc_state *st, int id)
{
    for (guint i = 0; i < st->doms->len; i++) {
        mv_lxc_dom *d = st->doms->pdata[i];
        if (mv_lxc_dom_active(d) && d->def->id == id)
            return d;
    }
    return NULL;
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
    unsigned char uuid[VIR_UUID_BUFLEN];
    virConnectPtr conn = virDomainGetConnect(dom);
    virDomainGetUUID(dom, uuid);
    const char *name = virDomainGetName(dom);
    mv_lxc_state *st = mv_lxc_lock(conn);
    mv_lxc_dom *d = mv_lxc_dom_by_uuid(st, uuid);
    if (!d) {
        mv_lxc_unlock(st);
        mv_error_report(MV_LXC_ERR, VIR_ERR_NO_DOMAIN, "no domain with matching uuid (%s)",
                        name ? name : "");
        return NULL;
    }
    *stp = st;
    return d;
}

virDomainPtr mv_lxc_dom_handle(virConnectPtr conn, const mv_lxc_dom *d)
{
    return mv_domain_new(conn, d->def->name, d->def->uuid,
                         mv_lxc_dom_active(d) ? d->def->id : -1);
}

void mv_lxc_dom_event(mv_lxc_state *st, const mv_lxc_dom *d, int event, int detail)
{
    mv_event_queue_domain_lifecycle(st->events, d->def->name, d->def->uuid,
                                    mv_lxc_dom_active(d) ? d->def->id : -1, event, detail);
}

int mv_lxc_config_save(mv_lxc_state *st, const mv_domain_def *def)
{
    g_autofree char *path = mv_lxc_path(st, st->config_dir, def->name, ".xml");
    g_autofree char *xml = mv_domain_def_format(def, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    if (!xml)
        return -1;
    return mv_file_write_atomic(path, xml, strlen(xml), 0600);
}

static int lxc_unlink(const char *path, const char *what)
{
    if (unlink(path) == 0 || errno == ENOENT)
        return 0;
    mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno, "cannot remove %s '%s'",
                          what, path);
    return -1;
}

int mv_lxc_config_remove(mv_lxc_state *st, const char *name)
{
    g_autofree char *path = mv_lxc_path(st, st->config_dir, name, ".xml");
    if (mv_lxc_autostart_set(st, name, false) < 0)
        return -1;
    return lxc_unlink(path, "config file");
}

/* As libvirt: a symlink in autostart/ to the config file. */
int mv_lxc_autostart_set(mv_lxc_state *st, const char *name, bool on)
{
    g_autofree char *link = mv_lxc_path(st, st->autostart_dir, name, ".xml");
    g_autofree char *target = mv_lxc_path(st, st->config_dir, name, ".xml");
    if (!on)
        return lxc_unlink(link, "autostart link");
    if (symlink(target, link) == 0 || errno == EEXIST)
        return 0;
    mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                          "Failed to create symlink '%s' to '%s'", link, target);
    return -1;
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
            mv_lxc_dom *d = mv_lxc_dom_by_name(st, name);
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
        for (guint i = 0; i < st->doms->len; i++) {
            mv_lxc_dom *d = st->doms->pdata[i];
            if (mv_lxc_dom_active(d) && d->run.sup_pidfd >= 0) {
                struct pollfd p = { .fd = d->run.sup_pidfd, .events = POLLIN };
                g_array_append_val(fds, p);
            }
        }
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
        for (guint i = 2; i < fds->len; i++) {
            if (!pf[i].revents)
                continue;
            for (guint j = 0; j < st->doms->len; j++) {
                mv_lxc_dom *d = st->doms->pdata[j];
                if (mv_lxc_dom_active(d) && d->run.sup_pidfd == pf[i].fd &&
                    mv_lxc_pidfd_exited(d->run.sup_pidfd, 0)) {
                    mv_lxc_exited(st, d);
                    break;
                }
            }
        }
        pthread_mutex_unlock(&st->lock);
    }
    g_array_free(fds, TRUE);
    return NULL;
}

static void lxc_state_free(mv_lxc_state *st)
{
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
    if (st->doms)
        g_ptr_array_unref(st->doms);
    if (st->events)
        mv_event_source_free(st->events);
    pthread_mutex_destroy(&st->lock);
    g_free(st->config_dir);
    g_free(st->autostart_dir);
    g_free(st->run_dir);
    g_free(st->log_dir);
    g_free(st->embed_root);
    g_free(st->key);
    g_free(st);
}

/* The directories a read-write connection writes in, and the watch on the
 * run dir (without inotify only the reboot events are missing). 0, or -1
 * with an error. */
static int lxc_state_dirs(mv_lxc_state *st)
{
    if (mv_file_mkdir_p(st->autostart_dir, 0700) < 0 || mv_file_mkdir_p(st->run_dir, 0700) < 0 ||
        mv_file_mkdir_p(st->log_dir, 0700) < 0)
        return -1;
    return 0;
}

/* A read-only load watches the run dir only if it exists already. */
static void lxc_state_watch(mv_lxc_state *st)
{
    if (st->notify_fd >= 0 && inotify_add_watch(st->notify_fd, st->run_dir, IN_MOVED_TO) < 0 &&
        errno != ENOENT)
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "no reboot events for %s: %s", st->run_dir,
               g_strerror(errno));
}

static mv_lxc_state *lxc_state_new(const mv_uri *uri, bool readonly)
{
    g_autofree char *cfg = mv_path_driver_dir(uri, "lxc", MV_PATH_CONFIG);
    g_autofree char *run = cfg ? mv_path_driver_dir(uri, "lxc", MV_PATH_RUN) : NULL;
    g_autofree char *log = run ? mv_path_driver_dir(uri, "lxc", MV_PATH_LOG) : NULL;
    if (!log)
        return NULL;
    mv_lxc_state *st = g_new0(mv_lxc_state, 1);
    pthread_mutex_init(&st->lock, NULL);
    st->wake_fd = st->notify_fd = -1;
    st->key = g_strdup(cfg);
    st->cg_tag = g_str_hash(cfg);
    st->config_dir = g_steal_pointer(&cfg);
    st->autostart_dir = g_build_filename(st->config_dir, "autostart", NULL);
    st->run_dir = g_steal_pointer(&run);
    st->log_dir = g_steal_pointer(&log);
    const char *root = mv_uri_get_param(uri, "root");
    if (root) {
        st->embedded = true;
        st->embed_root = realpath(root, NULL);
        if (!st->embed_root)
            st->embed_root = g_strdup(root);
    }
    st->doms = g_ptr_array_new_with_free_func(dom_free);
    st->writable = !readonly;
    if (st->writable && lxc_state_dirs(st) < 0) {
        lxc_state_free(st);
        return NULL;
    }
    if (st->embed_root && !g_str_has_prefix(st->embed_root, "/")) {
        lxc_state_free(st);
        return NULL;
    }
    st->notify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    lxc_state_watch(st);
    st->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (st->wake_fd < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno, "eventfd");
        lxc_state_free(st);
        return NULL;
    }
    st->events = mv_event_source_new();
    return st;
}

static void lxc_state_load(mv_lxc_state *st)
{
    g_autoptr(GDir) dir = g_dir_open(st->config_dir, 0, NULL);
    const char *ent;
    while (dir && (ent = g_dir_read_name(dir))) {
        if (ent[0] == '.' || !g_str_has_suffix(ent, ".xml"))
            continue;
        g_autofree char *path = g_build_filename(st->config_dir, ent, NULL);
        g_autofree char *xml = NULL;
        mv_lxc_extra ex;
        mv_domain_def *def = NULL;
        if ((xml = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL)))
            def = mv_lxc_parse(xml, MV_DOMAIN_PARSE_INACTIVE, &ex);
        if (!def) {
            mv_log(MV_LOG_WARN, MV_LXC_SRC, "skipping domain file %s: %s", path,
                   virGetLastErrorMessage());
            mv_error_reset();
            continue;
        }
        mv_lxc_dom *d = mv_lxc_dom_add(st, def, &ex);
        g_autofree char *link = mv_lxc_path(st, st->autostart_dir, def->name, ".xml");
        struct stat sb;
        d->persistent = true;
        d->autostart = lstat(link, &sb) == 0;
    }
    mv_lxc_status_load_all(st);
}

/* The first read-write connection on a state only read-only ones had
 * opened: the directories, then the clean-ups the read-only load left (and
 * containers other processes started meanwhile) by loading the status
 * files again. 0, or -1 with an error. */
static int lxc_state_make_writable(mv_lxc_state *st)
{
    pthread_mutex_lock(&st->lock);
    int ret = 0;
    if (!st->writable && (ret = lxc_state_dirs(st)) == 0) {
        st->writable = true;
        lxc_state_watch(st);
        mv_lxc_status_load_all(st);
    }
    pthread_mutex_unlock(&st->lock);
    if (ret == 0)
        mv_lxc_wake(st);   /* the watcher polls the supervisors found */
    return ret;
}

/* The first open loads and re-attaches; a read-write one makes the state
 * writable. Autostart is the connection's business (mv_lxc_autostart_all). */
mv_lxc_state *mv_lxc_state_acquire(const mv_uri *uri, bool readonly)
{
    g_autofree char *key = mv_path_driver_dir(uri, "lxc", MV_PATH_CONFIG);
    if (!key)
        return NULL;
    g_mutex_lock(&lxc_states_lock);
    if (!lxc_states)
        lxc_states = g_hash_table_new(g_str_hash, g_str_equal);
    mv_lxc_state *st = g_hash_table_lookup(lxc_states, key);
    if (st && !readonly && lxc_state_make_writable(st) < 0)
        st = NULL;
    else if (!st && (st = lxc_state_new(uri, readonly))) {
        g_autoptr(GError) err = NULL;
        pthread_mutex_lock(&st->lock);
        lxc_state_load(st);
        pthread_mutex_unlock(&st->lock);
        st->watcher = g_thread_try_new("lxc-watcher", lxc_watcher_main, st, &err);
        if (!st->watcher) {
            mv_error_report(MV_LXC_ERR, VIR_ERR_INTERNAL_ERROR, "cannot start a thread: %s",
                            err->message);
            lxc_state_free(st);
            st = NULL;
        } else {
            g_hash_table_insert(lxc_states, st->key, st);
        }
    }
    if (st)
        st->refs++;
    g_mutex_unlock(&lxc_states_lock);
    return st;
}

void mv_lxc_state_release(mv_lxc_state *st)
{
    if (!st)
        return;
    g_mutex_lock(&lxc_states_lock);
    bool last = --st->refs == 0;
    if (last)
        g_hash_table_remove(lxc_states, st->key);
    g_mutex_unlock(&lxc_states_lock);
    if (last)
        lxc_state_free(st);
}
