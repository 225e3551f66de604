/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-cgroup.c — a container's cgroups at work: made with the
 * domain's limits (memory and <memtune>, cpu shares or weight, cpuset, pids, the v1
 * device list), read for GetInfo (CPU time, memory use), frozen and
 * thawed, killed and removed. Where they go: lxc-cgroup-layout.c. */
#include "lxc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int report_cg(int err, const char *what, const char *path)
{
    mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, -err, "cannot %s cgroup '%s'", what,
                          path);
    return -1;
}

static int set_value(const char *dir, const char *file, const char *val)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    int r = mv_lxc_cg_write(path, val);
    if (r < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, -r,
                              "cannot set '%s' to '%s'", path, val);
        return -1;
    }
    return 0;
}

/* Makes DIR; a leftover of ours from an earlier run is removed first. */
static int make_dir(const char *dir)
{
    if (mkdir(dir, 0755) == 0)
        return 0;
    if (errno == EEXIST && rmdir(dir) == 0 && mkdir(dir, 0755) == 0)
        return 0;
    return report_cg(-errno, "create", dir);
}

static int set_kib(const char *dir, const char *file, unsigned long long kib)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%llu", kib * 1024);
    return set_value(dir, file, buf);
}

/* As libvirt's LXC driver: the limit is <memory>, or <memtune><hard_limit>
 * when given; soft_limit and swap_hard_limit (memory plus swap on v1,
 * written as is to memory.swap.max on v2, as libvirt does) when given.
 * Without swap_hard_limit, v2 gets no swap (memory.swap.max 0, best
 * effort); a v1 host without swap accounting has no memsw file and the
 * swap limit is skipped there with a warning. */
static int setup_memory(const char *dir, bool v2, const mv_domain_def *def)
{
    const mv_domain_memtune *m = def->memtune;
    unsigned long long limit = m->hard_limit != MV_DOMAIN_MEMORY_UNLIMITED ? m->hard_limit
                                                                           : def->memory;
    if (limit && set_kib(dir, v2 ? "memory.max" : "memory.limit_in_bytes", limit) < 0)
        return -1;
    if (m->soft_limit != MV_DOMAIN_MEMORY_UNLIMITED &&
        set_kib(dir, v2 ? "memory.high" : "memory.soft_limit_in_bytes", m->soft_limit) < 0)
        return -1;
    bool swap = m->swap_hard_limit != MV_DOMAIN_MEMORY_UNLIMITED;
    if (v2) {
        if (swap)
            return set_kib(dir, "memory.swap.max", m->swap_hard_limit);
        if (limit) {
            g_autofree char *path = g_build_filename(dir, "memory.swap.max", NULL);
            mv_lxc_cg_write(path, "0");
        }
        return 0;
    }
    if (!swap)
        return 0;
    g_autofree char *memsw = g_build_filename(dir, "memory.memsw.limit_in_bytes", NULL);
    if (!g_file_test(memsw, G_FILE_TEST_EXISTS)) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "%s: no swap accounting on this host (%s): "
               "swap_hard_limit not applied", def->name, memsw);
        return 0;
    }
    return set_kib(dir, "memory.memsw.limit_in_bytes", m->swap_hard_limit);
}

static int setup_limits(mv_lxc_cgroup *cg, const mv_lxc_dom *d)
{
    const mv_domain_def *def = d->obj->def;
    char buf[64];
    const char *dir;
    if ((dir = cg->dir[MV_LXC_CG_CPUSET])) {
        /* v1 starts empty: inherit the parent's unless the XML says */
        g_autofree char *parent = g_path_get_dirname(dir);
        for (int i = 0; i < 2; i++) {
            const char *file = i ? "cpuset.mems" : "cpuset.cpus";
            const char *want = i ? def->numatune_nodeset : def->vcpu_cpuset;
            g_autofree char *ppath = g_build_filename(parent, cg->v2[MV_LXC_CG_CPUSET] ?
                                                      (i ? "cpuset.mems.effective" : "cpuset.cpus.effective") : file, NULL);
            g_autofree char *pval = want ? NULL : mv_lxc_cg_read(ppath);
            const char *v = want ? want : pval;
            if (v && *v && set_value(dir, file, v) < 0)
                return -1;
        }
    }
    if ((dir = cg->dir[MV_LXC_CG_MEMORY]) && setup_memory(dir, cg->v2[MV_LXC_CG_MEMORY], def) < 0)
        return -1;
    const mv_domain_cputune *tune = def->cputune;
    if ((dir = cg->dir[MV_LXC_CG_CPU]) && tune->shares_given) {
        unsigned long long s = tune->shares;
        if (cg->v2[MV_LXC_CG_CPU]) {
            /* libvirt's mapping of shares [2, 262144] to weight [1, 10000] */
            s = s < 2 ? 2 : s > 262144 ? 262144 : s;
            snprintf(buf, sizeof(buf), "%llu", 1 + ((s - 2) * 9999) / 262142);
            if (set_value(dir, "cpu.weight", buf) < 0)
                return -1;
        } else {
            snprintf(buf, sizeof(buf), "%llu", s);
            if (set_value(dir, "cpu.shares", buf) < 0)
                return -1;
        }
    }
    if ((dir = cg->dir[MV_LXC_CG_PIDS])) {
        snprintf(buf, sizeof(buf), "%llu", d->extra.pids_max ? d->extra.pids_max : MV_LXC_DEFAULT_PIDS);
        if (set_value(dir, "pids.max", buf) < 0)
            return -1;
    }
    if ((dir = cg->dir[MV_LXC_CG_DEVICES]) && !cg->v2[MV_LXC_CG_DEVICES]) {
        /* as libvirt: the standard nodes, ptys and the console only */
        static const char *const allow[] = {
            "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
            "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:229 rwm",
        };
        if (set_value(dir, "devices.deny", "a") < 0)
            return -1;
        for (size_t i = 0; i < G_N_ELEMENTS(allow); i++)
            if (set_value(dir, "devices.allow", allow[i]) < 0)
                return -1;
    }
    return 0;
}

mv_lxc_cgroup *mv_lxc_cgroup_create(const mv_lxc_state *st, const mv_lxc_dom *d)
{
    g_autofree char *leaf = g_strdup_printf("mvlxc-%08x-%s", st->cg_tag, d->obj->def->name);
    if (strlen(leaf) > 255) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG,
                        "domain name '%s' is too long for a cgroup name", d->obj->def->name);
        return NULL;
    }
    g_autofree char *mountinfo = NULL, *self = NULL;
    if (!g_file_get_contents("/proc/self/mountinfo", &mountinfo, NULL, NULL) ||
        !g_file_get_contents("/proc/self/cgroup", &self, NULL, NULL)) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR,
                        "cannot read /proc/self/mountinfo or /proc/self/cgroup");
        return NULL;
    }
    mv_lxc_cgroup *cg = mv_lxc_cgroup_layout(mountinfo, self, leaf);
    if (!cg)
        return NULL;
    for (guint i = 0; i < cg->dirs->len; i++) {
        if (make_dir(cg->dirs->pdata[i]) < 0) {
            g_ptr_array_set_size(cg->dirs, i);
            mv_lxc_cgroup_remove(cg);
            mv_lxc_cgroup_free(cg);
            return NULL;
        }
    }
    if (setup_limits(cg, d) < 0) {
        mv_lxc_cgroup_remove(cg);
        mv_lxc_cgroup_free(cg);
        return NULL;
    }
    return cg;
}

bool mv_lxc_cgroup_empty(mv_lxc_cgroup *cg)
{
    for (guint i = 0; cg && i < cg->dirs->len; i++) {
        g_autofree char *path = g_build_filename(cg->dirs->pdata[i], "cgroup.procs", NULL);
        g_autofree char *procs = mv_lxc_cg_read(path);
        if (procs && *procs)
            return false;
    }
    return true;
}

/* Removes the directories; busy ones (processes still exiting) are
 * retried for up to a second. */
int mv_lxc_cgroup_remove(mv_lxc_cgroup *cg)
{
    int ret = 0;
    for (guint i = 0; cg && i < cg->dirs->len; i++) {
        const char *dir = cg->dirs->pdata[i];
        for (int tries = 0;; tries++) {
            if (rmdir(dir) == 0 || errno == ENOENT)
                break;
            if (errno != EBUSY || tries >= 1000) {
                mv_log(MV_LOG_WARN, MV_LXC_SRC, "cannot remove cgroup %s: %s", dir,
                       g_strerror(errno));
                ret = -1;
                break;
            }
            struct timespec ts = { 0, 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
    }
    return ret;
}

int mv_lxc_cgroup_freeze(mv_lxc_cgroup *cg, bool frozen)
{
    const char *dir = cg->dir[MV_LXC_CG_FREEZER];
    if (!dir) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_UNSUPPORTED, "no freezer cgroup");
        return -1;
    }
    bool v2 = cg->v2[MV_LXC_CG_FREEZER];
    if (set_value(dir, v2 ? "cgroup.freeze" : "freezer.state",
                  v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED")) < 0)
        return -1;
    /* wait until every task is frozen (v1 FREEZING -> FROZEN) */
    for (int i = 0; frozen && i < 2000; i++) {
        if (mv_lxc_cgroup_is_frozen(cg) == 1)
            return 0;
        struct timespec ts = { 0, 500 * 1000 };
        nanosleep(&ts, NULL);
    }
    if (frozen) {
        set_value(dir, v2 ? "cgroup.freeze" : "freezer.state", v2 ? "0" : "THAWED");
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_TIMEOUT,
                        "the container's processes did not freeze within a second");
        return -1;
    }
    return 0;
}

/* 1 frozen, 0 not, -1 unknown. */
int mv_lxc_cgroup_is_frozen(mv_lxc_cgroup *cg)
{
    const char *dir = cg ? cg->dir[MV_LXC_CG_FREEZER] : NULL;
    if (!dir)
        return -1;
    if (cg->v2[MV_LXC_CG_FREEZER]) {
        g_autofree char *path = g_build_filename(dir, "cgroup.events", NULL);
        g_autofree char *ev = mv_lxc_cg_read(path);
        return ev ? strstr(ev, "frozen 1") != NULL : -1;
    }
    g_autofree char *path = g_build_filename(dir, "freezer.state", NULL);
    g_autofree char *s = mv_lxc_cg_read(path);
    return s ? strcmp(s, "FROZEN") == 0 : -1;
}

/* SIGKILL to every process: cgroup.kill where there is one, else each
 * pid of every hierarchy; then thaws (a frozen v1 task dies only when
 * thawed). */
int mv_lxc_cgroup_kill(mv_lxc_cgroup *cg)
{
    bool done = false;
    if (cg->unified) {
        g_autofree char *path = g_build_filename(cg->unified, "cgroup.kill", NULL);
        done = mv_lxc_cg_write(path, "1") == 0;
    }
    for (guint i = 0; !done && i < cg->dirs->len; i++) {
        g_autofree char *path = g_build_filename(cg->dirs->pdata[i], "cgroup.procs", NULL);
        g_autofree char *procs = mv_lxc_cg_read(path);
        g_auto(GStrv) pids = g_strsplit(procs ? procs : "", "\n", -1);
        for (char **p = pids; *p; p++) {
            pid_t pid = (pid_t)atoi(*p);
            if (pid > 1)
                kill(pid, SIGKILL);
        }
    }
    if (cg->dir[MV_LXC_CG_FREEZER]) {
        bool v2 = cg->v2[MV_LXC_CG_FREEZER];
        g_autofree char *path = g_build_filename(cg->dir[MV_LXC_CG_FREEZER],
                                                 v2 ? "cgroup.freeze" : "freezer.state", NULL);
        mv_lxc_cg_write(path, v2 ? "0" : "THAWED");
    }
    return 0;
}

static unsigned long long read_ull(const char *path, const char *key)
{
    g_autofree char *s = mv_lxc_cg_read(path);
    if (!s)
        return 0;
    if (!key)
        return g_ascii_strtoull(s, NULL, 10);
    const char *p = strstr(s, key);
    while (p && p != s && p[-1] != '\n')
        p = strstr(p + 1, key);
    return p ? g_ascii_strtoull(p + strlen(key), NULL, 10) : 0;
}

int mv_lxc_cgroup_set_memory(mv_lxc_cgroup *cg, unsigned long long kib)
{
    const char *dir = cg ? cg->dir[MV_LXC_CG_MEMORY] : NULL;
    if (!dir) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_UNSUPPORTED, "no memory cgroup");
        return -1;
    }
    char buf[32];
    snprintf(buf, sizeof(buf), "%llu", kib * 1024);
    return set_value(dir, cg->v2[MV_LXC_CG_MEMORY] ? "memory.max" : "memory.limit_in_bytes", buf);
}

unsigned long long mv_lxc_cgroup_cpu_ns(mv_lxc_cgroup *cg)
{
    g_autofree char *path = mv_lxc_cgroup_file(cg, MV_LXC_CG_CPUACCT, "cpuacct.usage", "cpu.stat");
    if (!path)
        return 0;
    if (cg->v2[MV_LXC_CG_CPUACCT])
        return read_ull(path, "usage_usec ") * 1000;
    return read_ull(path, NULL);
}

unsigned long long mv_lxc_cgroup_mem_kib(mv_lxc_cgroup *cg)
{
    g_autofree char *path = mv_lxc_cgroup_file(cg, MV_LXC_CG_MEMORY, "memory.usage_in_bytes",
                                               "memory.current");
    return path ? read_ull(path, NULL) / 1024 : 0;
}
