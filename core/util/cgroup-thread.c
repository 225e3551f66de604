/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup-thread.c — a guest's thread cgroups (vcpuN, emulator,
 * iothreadN, as libvirt names them) at work: made inside the guest's
 * cgroup (threaded on cgroup v2), single threads moved into them, their
 * cpuset written, their CPU time per host CPU read. Where they go:
 * mv_cgroup_child_layout in cgroup-layout.c. */
#include "mv-config.h"
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/error.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* On v2: the child becomes threaded, and its parent hands it the cpu and
 * cpuset controllers it has (threaded controllers, which a parent with
 * processes of its own may enable), in libvirt's order. */
static int make_threaded(const char *dir, int from)
{
    g_autofree char *type = g_build_filename(dir, "cgroup.type", NULL);
    g_autofree char *cur = mv_cgroup_read(type);
    int r = cur && !strcmp(cur, "threaded") ? 0 : mv_cgroup_write(type, "threaded");
    if (r < 0) {
        mv_error_report_errno(from, VIR_ERR_SYSTEM_ERROR, -r, "cannot set '%s' to '%s'", type,
                              "threaded");
        return -1;
    }
    g_autofree char *parent = g_path_get_dirname(dir);
    g_autofree char *cpath = g_build_filename(parent, "cgroup.controllers", NULL);
    g_autofree char *have = mv_cgroup_read(cpath);
    g_auto(GStrv) ctrls = g_strsplit(have ? have : "", " ", -1);
    static const char *const wanted[] = { "cpu", "cpuset" };
    for (size_t i = 0; i < G_N_ELEMENTS(wanted); i++) {
        if (!g_strv_contains((const char *const *)ctrls, wanted[i]))
            continue;
        g_autofree char *val = g_strdup_printf("+%s", wanted[i]);
        g_autofree char *ctl = g_build_filename(parent, "cgroup.subtree_control", NULL);
        if ((r = mv_cgroup_write(ctl, val)) < 0) {
            mv_error_report_errno(from, VIR_ERR_SYSTEM_ERROR, -r,
                                  "cannot enable controller '%s' for '%s'", val, ctl);
            return -1;
        }
    }
    return 0;
}

/* On v1 a new cpuset takes no task until given CPUs and memory nodes:
 * the guest's. */
static int inherit_cpuset(const char *dir, int from)
{
    g_autofree char *parent = g_path_get_dirname(dir);
    for (int i = 0; i < 2; i++) {
        const char *file = i ? "cpuset.mems" : "cpuset.cpus";
        g_autofree char *mine = g_build_filename(dir, file, NULL);
        g_autofree char *cur = mv_cgroup_read(mine);
        if (cur && *cur)
            continue;
        g_autofree char *ppath = g_build_filename(parent, file, NULL);
        g_autofree char *val = mv_cgroup_read(ppath);
        int r = val && *val ? mv_cgroup_write(mine, val) : 0;
        if (r < 0) {
            mv_error_report_errno(from, VIR_ERR_SYSTEM_ERROR, -r, "cannot set '%s' to '%s'",
                                  mine, val);
            return -1;
        }
    }
    return 0;
}

mv_cgroup *mv_cgroup_child(mv_cgroup *cg, int from, const char *name, bool create)
{
    mv_cgroup *ch = mv_cgroup_child_layout(cg, from, name);
    if (!ch)
        return NULL;
    for (guint i = 0; i < ch->dirs->len; i++) {
        const char *dir = ch->dirs->pdata[i];
        bool v2 = ch->unified && !strcmp(dir, ch->unified);
        if (!create) {
            if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
                mv_error_report_errno(from, VIR_ERR_SYSTEM_ERROR, ENOENT,
                                      "cannot open cgroup '%s'", dir);
                goto fail;
            }
            continue;
        }
        if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
            mv_error_report_errno(from, VIR_ERR_SYSTEM_ERROR, errno,
                                  "cannot create cgroup '%s'", dir);
            goto fail;
        }
        if (v2 ? make_threaded(dir, from) < 0
               : dir == ch->dir[MV_CGROUP_CPUSET] && inherit_cpuset(dir, from) < 0)
            goto fail;
    }
    return ch;
fail:
    if (create)
        mv_cgroup_remove(ch);
    mv_cgroup_free(ch);
    return NULL;
}

int mv_cgroup_add_thread(mv_cgroup *cg, pid_t tid)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%d", (int)tid);
    for (guint i = 0; i < cg->dirs->len; i++) {
        const char *dir = cg->dirs->pdata[i];
        bool v2 = cg->unified && !strcmp(dir, cg->unified);
        if (mv_cgroup_set(dir, v2 ? "cgroup.threads" : "tasks", buf) < 0)
            return -1;
    }
    return 0;
}

int mv_cgroup_percpu_ns(mv_cgroup *cg, int from, unsigned long long **ns)
{
    *ns = NULL;
    g_autofree char *path = cg && !cg->v2[MV_CGROUP_CPUACCT]
                            ? mv_cgroup_file(cg, MV_CGROUP_CPUACCT, "cpuacct.usage_percpu", NULL)
                            : NULL;
    g_autofree char *text = path ? mv_cgroup_read(path) : NULL;
    if (!text) {
        mv_error_report(from, VIR_ERR_OPERATION_INVALID, "%s",
                        "cgroup CPUACCT controller is not mounted");
        return -1;
    }
    g_auto(GStrv) v = g_strsplit_set(text, " \n", -1);
    GArray *out = g_array_new(FALSE, TRUE, sizeof(unsigned long long));
    for (char **p = v; *p; p++) {
        if (!**p)
            continue;
        char *end = NULL;
        unsigned long long n = g_ascii_strtoull(*p, &end, 10);
        if (!end || *end) {
            g_array_free(out, TRUE);
            mv_error_report(from, VIR_ERR_INTERNAL_ERROR, "%s", "cpuacct parse error");
            return -1;
        }
        g_array_append_val(out, n);
    }
    int count = (int)out->len;
    *ns = (unsigned long long *)g_array_free(out, FALSE);
    return count;
}

int mv_cgroup_set_cpuset_cpus(mv_cgroup *cg, const char *cpus)
{
    const char *dir = cg ? cg->dir[MV_CGROUP_CPUSET] : NULL;
    return dir ? mv_cgroup_set(dir, "cpuset.cpus", cpus) : 0;
}
