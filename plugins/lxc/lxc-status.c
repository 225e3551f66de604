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

int mv_lxc_status_save(mv_lxc_state *st, const mv_lxc_dom *d)
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

static void status_load(mv_lxc_state *st, const char *path)
{
    mv_xml_doc *doc = mv_xml_doc_parse_file(path, "lxcstatus", "lxc status", MV_LXC_ERR);
    if (!doc) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "ignoring %s: %s", path, virGetLastErrorMessage());
        mv_error_reset();
        return;
    }
    mv_xml_node *root = mv_xml_doc_root(doc);
    mv_xml_node *dn = mv_xml_node_child(root, "domain");
    g_autofree char *dxml = dn ? mv_xml_node_serialize(dn) : NULL;
    mv_lxc_extra ex;
    mv_domain_def *def = dxml ? mv_lxc_parse(dxml, 0, &ex) : NULL;
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    for (mv_xml_node *c = mv_xml_node_child(root, "cgroup"); c; c = mv_xml_node_next(c, "cgroup"))
        g_ptr_array_add(dirs, mv_xml_node_prop(c, "dir"));
    g_ptr_array_add(dirs, NULL);
    mv_lxc_cgroup *cg = mv_lxc_cgroup_from_dirs((char **)dirs->pdata);
    pid_t sup = (pid_t)prop_ull(root, "supervisor");
    int pidfd = mv_lxc_pidfd_verified(sup, prop_ull(root, "supervisor-start"));
    if (pidfd >= 0 && !def) {
        /* running, but its definition cannot be read back: leave it alone */
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "%s: running container with an unreadable definition",
               path);
    }
    g_autofree char *persistent = mv_xml_node_prop(root, "persistent");
    g_autofree char *console = mv_xml_node_prop(root, "console");
    int state = (int)prop_ull(root, "state"), reason = (int)prop_ull(root, "reason");
    pid_t init = (pid_t)prop_ull(root, "init");
    unsigned long long init_start = prop_ull(root, "init-start");
    unsigned long long sup_start = prop_ull(root, "supervisor-start");
    mv_xml_doc_free(doc);
    if (!def) {
        mv_error_reset();
        if (pidfd >= 0)
            close(pidfd);
        mv_lxc_cgroup_free(cg);
        g_ptr_array_unref(dirs);
        return;
    }
    if (pidfd < 0) {
        /* it ended while nobody watched: clean up after it */
        mv_log(MV_LOG_INFO, MV_LXC_SRC, "container '%s' is no longer running", def->name);
        if (!mv_lxc_cgroup_empty(cg))
            mv_lxc_cgroup_kill(cg);
        mv_lxc_cgroup_remove(cg);
        mv_lxc_cgroup_free(cg);
        mv_lxc_status_remove(st, def->name);
        mv_domain_def_free(def);
        g_ptr_array_unref(dirs);
        return;
    }
    g_ptr_array_unref(dirs);
    mv_lxc_dom *d = mv_lxc_dom_by_name(st, def->name);
    int id = def->id;
    if (d) {
        d->newdef = d->def;
        d->newextra = d->extra;
        d->def = def;
        d->extra = ex;
    } else {
        d = mv_lxc_dom_add(st, def, &ex);
        d->persistent = persistent && strcmp(persistent, "yes") == 0;
    }
    def->id = id;
    d->state = state;
    d->reason = reason;
    /* the freezer knows better than the file */
    int frozen = mv_lxc_cgroup_is_frozen(cg);
    if (frozen == 1 && d->state != VIR_DOMAIN_PAUSED) {
        d->state = VIR_DOMAIN_PAUSED;
        d->reason = VIR_DOMAIN_PAUSED_UNKNOWN;
    } else if (frozen == 0 && d->state == VIR_DOMAIN_PAUSED) {
        d->state = VIR_DOMAIN_RUNNING;
        d->reason = VIR_DOMAIN_RUNNING_UNPAUSED;
    }
    d->run.sup_pid = sup;
    d->run.sup_start = sup_start;
    d->run.sup_pidfd = pidfd;
    d->run.init_pid = d->run.seen_init = init;
    d->run.init_start = init_start;
    d->run.cg = cg;
    d->run.console_path = g_steal_pointer(&console);
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
