/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-cgroup.c — a container's cgroup "mvlxc-TAG-NAME", made
 * with the plugin API's machinery (<modvirt-plugin/cgroup.h>) and the
 * container's limits: memory and <memtune>, <cputune> shares, period and
 * quota, the cpuset of <vcpu cpuset> and <numatune> (else the parent's),
 * pids, <blkiotune>, and on v1 libvirt's device list. */
#include "lxc.h"

#include <stdio.h>
#include <string.h>

static int setup_limits(mv_cgroup *cg, const mv_lxc_dom *d)
{
    const mv_domain_def *def = d->obj->def;
    char buf[64];
    const char *dir;
    if ((dir = cg->dir[MV_CGROUP_CPUSET])) {
        /* v1 starts empty: inherit the parent's unless the XML says */
        g_autofree char *parent = g_path_get_dirname(dir);
        for (int i = 0; i < 2; i++) {
            const char *file = i ? "cpuset.mems" : "cpuset.cpus";
            const char *want = i ? def->numatune_nodeset : def->vcpu_cpuset;
            g_autofree char *ppath = g_build_filename(parent, cg->v2[MV_CGROUP_CPUSET] ?
                                                      (i ? "cpuset.mems.effective" : "cpuset.cpus.effective") : file, NULL);
            g_autofree char *pval = want ? NULL : mv_cgroup_read(ppath);
            const char *v = want ? want : pval;
            if (v && *v && mv_cgroup_set(dir, file, v) < 0)
                return -1;
        }
    }
    if (mv_cgroup_apply_memtune(cg, def, true) < 0 || mv_cgroup_apply_cputune(cg, def, false) < 0 ||
        mv_cgroup_apply_blkiotune(cg, def) < 0)
        return -1;
    if ((dir = cg->dir[MV_CGROUP_PIDS])) {
        snprintf(buf, sizeof(buf), "%llu", d->extra.pids_max ? d->extra.pids_max : MV_LXC_DEFAULT_PIDS);
        if (mv_cgroup_set(dir, "pids.max", buf) < 0)
            return -1;
    }
    if ((dir = cg->dir[MV_CGROUP_DEVICES]) && !cg->v2[MV_CGROUP_DEVICES]) {
        /* as libvirt: the standard nodes, ptys and the console only */
        static const char *const allow[] = {
            "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
            "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:229 rwm",
        };
        if (mv_cgroup_set(dir, "devices.deny", "a") < 0)
            return -1;
        for (size_t i = 0; i < G_N_ELEMENTS(allow); i++)
            if (mv_cgroup_set(dir, "devices.allow", allow[i]) < 0)
                return -1;
    }
    return 0;
}

mv_cgroup *mv_lxc_cgroup_create(const mv_lxc_state *st, const mv_lxc_dom *d)
{
    g_autofree char *leaf = g_strdup_printf("mvlxc-%08x-%s", st->cg_tag, d->obj->def->name);
    if (strlen(leaf) > 255) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG,
                        "domain name '%s' is too long for a cgroup name", d->obj->def->name);
        return NULL;
    }
    mv_cgroup *cg = mv_cgroup_new(leaf, 1u << MV_CGROUP_MEMORY | 1u << MV_CGROUP_FREEZER);
    if (!cg)
        return NULL;
    if (setup_limits(cg, d) < 0) {
        mv_cgroup_remove(cg);
        mv_cgroup_free(cg);
        return NULL;
    }
    return cg;
}
