/* SPDX-License-Identifier: LGPL-2.1-or-later */
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

static int status_write(mv_lxc_state *st, const mv_lxc_dom *d)
{
    g_autofree char *xml = mv_domain_def_format(d->obj->def, VIR_DOMAIN_XML_SECURE);
    if (!xml)
        return -1;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "<lxcstatus state='%d' reason='%d' supervisor='%d' "
                           "supervisor-start='%llu' init='%d' init-start='%llu' persistent='%s'",
                           d->obj->state, d->obj->reason, (int)d->run.sup_pid, d->run.sup_start,
                           (int)d->run.init_pid, d->run.init_start, d->obj->persistent ? "yes" : "no");
    if (d->run.console_path)
        g_string_append_printf(s, " console='%s'", d->run.console_path);
    g_string_append(s, ">\n");
    for (guint i = 0; d->run.cg && i < d->run.cg->dirs->len; i++) {
        g_autofree char *esc = g_markup_escape_text(d->run.cg->dirs->pdata[i], -1);
        g_string_append_printf(s, "  <cgroup dir='%s'/>\n", esc);
    }
    g_string_append(s, xml);
    g_string_append(s, "</lxcstatus>\n");
    int r = mv_driver_state_status_save(st->root, "domain", d->obj->def->name, ".xml", s->str);
    g_string_free(s, TRUE);
    return r;
}

int mv_lxc_status_save(mv_lxc_state *st, const mv_lxc_dom *d)
{
    /* Read-only connections record nothing: whoever changes the container does. */
    if (!mv_lxc_writable(st))
        return 0;
    return status_write(st, d);
}

void mv_lxc_status_remove(mv_lxc_state *st, const char *name)
{
    static const char *const exts[] = { ".xml", ".exit", ".init" };
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++)
        mv_driver_state_status_remove(st->root, name, exts[i]);
    g_autofree char *stage = mv_lxc_path(st, MV_PATH_RUN, name, ".root");
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
    mv_cgroup *cg;
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
    mv_cgroup_free(r->cg);
    if (r->pidfd >= 0)
        close(r->pidfd);
    g_free(r->console);
}

/* Reads PATH; false (logged) when it cannot be used. */
static bool status_read(const char *path, const char *text, status_rec *r)
{
    *r = (status_rec){ .pidfd = -1 };
    mv_xml_doc *doc = mv_xml_doc_parse(text, "lxcstatus", "lxc status", MV_LXC_ERR);
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
    r->cg = mv_cgroup_from_dirs((char **)dirs->pdata);
    g_ptr_array_unref(dirs);
    r->sup = (pid_t)prop_ull(root, "supervisor");
    r->sup_start = prop_ull(root, "supervisor-start");
    r->pidfd = mv_process_attach(r->sup, r->sup_start);
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
    mv_lxc_dom *d = mv_lxc_dom_find_name(st, name);
    if (d && !mv_lxc_dom_active(d) &&
        memcmp(d->obj->def->uuid, r->def->uuid, VIR_UUID_BUFLEN) == 0) {
        d->obj->state = VIR_DOMAIN_SHUTOFF;
        d->obj->reason = reason;
    }
    if (!mv_lxc_writable(st))
        return;
    if (!mv_cgroup_empty(r->cg))
        mv_cgroup_kill(r->cg);
    mv_cgroup_remove(r->cg);
    mv_lxc_status_remove(st, name);
}

/* The container runs: its domain takes the live definition and the run.
 * A domain no definition names runs on as its status says: transient, or
 * persistent if its definition went while it ran. */
static void status_attach(mv_lxc_state *st, status_rec *r)
{
    g_autofree char *name = g_strdup(r->def->name);
    mv_domain_obj *obj = mv_domain_list_find_name(st->doms, name);
    bool known = obj;
    int id = r->def->id, state = r->state, reason = r->reason;
    /* the freezer knows better than the file */
    int frozen = mv_cgroup_is_frozen(r->cg);
    if (frozen == 1 && state != VIR_DOMAIN_PAUSED) {
        state = VIR_DOMAIN_PAUSED;
        reason = VIR_DOMAIN_PAUSED_UNKNOWN;
    } else if (frozen == 0 && state == VIR_DOMAIN_PAUSED) {
        state = VIR_DOMAIN_RUNNING;
        reason = VIR_DOMAIN_RUNNING_UNPAUSED;
    }
    if (known && memcmp(obj->def->uuid, r->def->uuid, VIR_UUID_BUFLEN) != 0) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "container '%s' runs a domain of another uuid", name);
        return;
    }
    if (!known && (obj = mv_domain_list_add(st->doms, r->def, r->persistent ? 0
                                            : MV_DOMAIN_LIST_ADD_LIVE, NULL)))
        r->def = NULL;
    if (!obj || mv_domain_list_set_active(st->doms, obj, known ? r->def : NULL, id, state,
                                          reason) < 0) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "container '%s' cannot be attached: %s", name,
               virGetLastErrorMessage());
        mv_error_reset();
        if (obj && !known)
            mv_domain_list_remove(st->doms, obj);
        return;
    }
    if (known)
        r->def = NULL;
    mv_lxc_dom *d = mv_lxc_dom_of(obj);
    d->extra = r->ex;
    d->run.sup_pid = r->sup;
    d->run.sup_start = r->sup_start;
    d->run.sup_pidfd = r->pidfd;
    r->pidfd = -1;
    d->run.init_pid = d->run.seen_init = r->init;
    d->run.init_start = r->init_start;
    d->run.cg = g_steal_pointer(&r->cg);
    d->run.console_path = g_steal_pointer(&r->console);
}

static void status_file(mv_driver_state *root, const char *name, const char *text,
                        void *opaque)
{
    mv_lxc_state *st = opaque;
    g_autofree char *path = mv_driver_state_path(root, MV_PATH_RUN, name, ".xml");
    status_rec r;
    if (!status_read(path, text, &r))
        return;
    mv_lxc_dom *known = mv_lxc_dom_find_name(st, r.def->name);
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
    mv_driver_state_foreach_file(st->root, MV_PATH_RUN, ".xml", status_file, st);
}
