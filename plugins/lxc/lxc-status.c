/* plugins/lxc/lxc-status.c — the runtime status of a running container,
 * run/lxc/NAME.xml: its supervisor and init (pid and start time, so that a
 * recycled pid is never taken for ours), its cgroup directories, console,
 * and the live definition. Loading re-attaches to containers whose
 * supervisor still runs and cleans up after those that ended while no
 * driver was watching. */
#include "lxc.h"

#include <modvirt-plugin/xml.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Re-reports the current error with the container it is about: what
 * failed to be written, and why (the underlying code and detail kept). */
static void status_error(const char *name)
{
    virErrorPtr e = virGetLastError();
    int code = e ? e->code : VIR_ERR_INTERNAL_ERROR;
    g_autofree char *cause = g_strdup(e && e->str2 ? e->str2 : virGetLastErrorMessage());
    mv_error_report(MV_LXC_ERR, code, "cannot save the status of domain '%s': %s", name, cause);
}

static int status_write(mv_lxc_state *st, const mv_lxc_dom *d)
{
    g_autofree char *path = mv_lxc_path(st, st->run_dir, d->def->name, ".xml");
    g_autofree char *xml = mv_domain_def_format(d->def, VIR_DOMAIN_XML_SECURE);
    if (!xml)
        return -1;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "<lxcstatus state='%d' reason='%d' supervisor='%d' "
                           "supervisor-start='%llu' init='%d' init-start='%llu' persistent='%s'",
                           d->state, d->reason, (int)d->run.sup_pid, d->run.sup_start,
                           (int)d->run.init_pid, d->run.init_start, d->persistent ? "yes" : "no");
    if (d->run.console_path)
        g_string_append_printf(s, " console='%s'", d->run.console_path);
    g_string_append(s, ">\n");
    for (guint i = 0; d->run.cg && i < d->run.cg->dirs->len; i++) {
        g_autofree char *esc = g_markup_escape_text(d->run.cg->dirs->pdata[i], -1);
        g_string_append_printf(s, "  <cgroup dir='%s'/>\n", esc);
    }
    g_string_append(s, xml);
    g_string_append(s, "</lxcstatus>\n");
    int r = mv_file_write_atomic(path, s->str, s->len, 0600);
    g_string_free(s, TRUE);
    return r;
}

int mv_lxc_status_save(mv_lxc_state *st, const mv_lxc_dom *d)
{
    /* Read-only connections record nothing: whoever changes the container does. */
    if (!st->writable)
        return 0;
    if (status_write(st, d) == 0)
        return 0;
    status_error(d->def->name);
    return -1;
}

void mv_lxc_status_remove(mv_lxc_state *st, const char *name)
{
    static const char *const exts[] = { ".xml", ".exit", ".init" };
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
        g_autofree char *path = mv_lxc_path(st, st->run_dir, name, exts[i]);
        if (unlink(path) < 0 && errno != ENOENT)
            mv_log(MV_LOG_WARN, MV_LXC_SRC, "cannot remove %s: %s", path, g_strerror(errno));
    }
    g_autofree char *stage = mv_lxc_path(st, st->run_dir, name, ".root");
    rmdir(stage);
}

static unsigned long long prop_ull(mv_xml_node *n, const char *name)
{
    g_autofree char *v = mv_xml_node_prop(n, name);
    return v ? g_ascii_strtoull(v, NULL, 10) : 0;
}

/* What a status file says about a running container. */
typedef struct {
    mv_domain_def *def;
    mv_lxc_extra ex;
    mv_lxc_cgroup *cg;
    int pidfd;                  /* the supervisor, verified; -1: it is gone */
    pid_t sup, init;
    unsigned long long sup_start, init_start;
    int state, reason;
    bool persistent;
    char *console;
} status_rec;

static void status_rec_clear(status_rec *r)
{
    mv_domain_def_free(r->def);
    mv_lxc_cgroup_free(r->cg);
    if (r->pidfd >= 0)
        close(r->pidfd);
    g_free(r->console);
}

/* Reads PATH; false (logged) when it cannot be used. */
static bool status_read(const char *path, status_rec *r)
{
    *r = (status_rec){ .pidfd = -1 };
    mv_xml_doc *doc = mv_xml_doc_parse_file(path, "lxcstatus", "lxc status", MV_LXC_ERR);
    if (!doc) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "ignoring %s: %s", path, virGetLastErrorMessage());
        mv_error_reset();
        return false;
    }
    mv_xml_node *root = mv_xml_doc_root(doc);
    mv_xml_node *dn = mv_xml_node_child(root, "domain");
    g_autofree char *dxml = dn ? mv_xml_node_serialize(dn) : NULL;
    r->def = dxml ? mv_lxc_parse(dxml, 0, &r->ex) : NULL;
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    for (mv_xml_node *c = mv_xml_node_child(root, "cgroup"); c; c = mv_xml_node_next(c, "cgroup"))
        g_ptr_array_add(dirs, mv_xml_node_prop(c, "dir"));
    g_ptr_array_add(dirs, NULL);
    r->cg = mv_lxc_cgroup_from_dirs((char **)dirs->pdata);
    g_ptr_array_unref(dirs);
    r->sup = (pid_t)prop_ull(root, "supervisor");
    r->sup_start = prop_ull(root, "supervisor-start");
    r->pidfd = mv_lxc_pidfd_verified(r->sup, r->sup_start);
    r->init = (pid_t)prop_ull(root, "init");
    r->init_start = prop_ull(root, "init-start");
    r->state = (int)prop_ull(root, "state");
    r->reason = (int)prop_ull(root, "reason");
    g_autofree char *persistent = mv_xml_node_prop(root, "persistent");
    r->persistent = persistent && strcmp(persistent, "yes") == 0;
    r->console = mv_xml_node_prop(root, "console");
    mv_xml_doc_free(doc);
    if (!r->def) {
        /* running or not, without its definition it cannot be managed */
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "%s: %s container with an unreadable definition", path,
               r->pidfd >= 0 ? "running" : "stopped");
        mv_error_reset();
        status_rec_clear(r);
        return false;
    }
    return true;
}

/* The container ended while no process watched it: shut off, with the
 * reason its supervisor recorded, as a watching process would have said.
 * The clean-up (what the supervisor could not remove, the status files)
 * waits for a read-write connection. */
static void status_ended(mv_lxc_state *st, status_rec *r)
{
    const char *name = r->def->name;
    int reason = mv_lxc_exit_reason(st, name);
    mv_log(MV_LOG_INFO, MV_LXC_SRC, "container '%s' is no longer running (reason %d)", name,
           reason);
    mv_lxc_dom *d = mv_lxc_dom_by_name(st, name);
    if (d && !mv_lxc_dom_active(d) && memcmp(d->def->uuid, r->def->uuid, VIR_UUID_BUFLEN) == 0) {
        d->state = VIR_DOMAIN_SHUTOFF;
        d->reason = reason;
    }
    if (!st->writable)
        return;
    if (!mv_lxc_cgroup_empty(r->cg))
        mv_lxc_cgroup_kill(r->cg);
    mv_lxc_cgroup_remove(r->cg);
    mv_lxc_status_remove(st, name);
}

/* The container runs: its domain takes the live definition and the run. */
static void status_attach(mv_lxc_state *st, status_rec *r)
{
    mv_domain_def *def = g_steal_pointer(&r->def);
    mv_lxc_dom *d = mv_lxc_dom_by_name(st, def->name);
    int id = def->id;
    if (d) {
        d->newdef = d->def;
        d->newextra = d->extra;
        d->def = def;
        d->extra = r->ex;
    } else {
        d = mv_lxc_dom_add(st, def, &r->ex);
        d->persistent = r->persistent;
    }
    def->id = id;
    d->state = r->state;
    d->reason = r->reason;
    /* the freezer knows better than the file */
    int frozen = mv_lxc_cgroup_is_frozen(r->cg);
    if (frozen == 1 && d->state != VIR_DOMAIN_PAUSED) {
        d->state = VIR_DOMAIN_PAUSED;
        d->reason = VIR_DOMAIN_PAUSED_UNKNOWN;
    } else if (frozen == 0 && d->state == VIR_DOMAIN_PAUSED) {
        d->state = VIR_DOMAIN_RUNNING;
        d->reason = VIR_DOMAIN_RUNNING_UNPAUSED;
    }
    d->run.sup_pid = r->sup;
    d->run.sup_start = r->sup_start;
    d->run.sup_pidfd = r->pidfd;
    r->pidfd = -1;
    d->run.init_pid = d->run.seen_init = r->init;
    d->run.init_start = r->init_start;
    d->run.cg = g_steal_pointer(&r->cg);
    d->run.console_path = g_steal_pointer(&r->console);
}

static void status_load(mv_lxc_state *st, const char *path)
{
    status_rec r;
    if (!status_read(path, &r))
        return;
    mv_lxc_dom *known = mv_lxc_dom_by_name(st, r.def->name);
    if (known && mv_lxc_dom_active(known))
        ;   /* attached already (a second load) */
    else if (r.pidfd < 0)
        status_ended(st, &r);
    else
        status_attach(st, &r);
    status_rec_clear(&r);
}

void mv_lxc_status_load_all(mv_lxc_state *st)
{
    g_autoptr(GDir) dir = g_dir_open(st->run_dir, 0, NULL);
    const char *ent;
    while (dir && (ent = g_dir_read_name(dir))) {
        if (ent[0] == '.' || !g_str_has_suffix(ent, ".xml"))
            continue;
        g_autofree char *path = g_build_filename(st->run_dir, ent, NULL);
        status_load(st, path);
    }
}
