/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup.c — a guest's cgroup at work: made, limited from the
 * definition (<memory>, <memtune>, <cputune>) as libvirt limits its
 * guests, joined, read (CPU time, memory use), frozen and thawed, killed
 * and removed. Where it goes: cgroup-layout.c. */
#include "mv-config.h"
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/error.h>
#include <modvirt-plugin/log.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CG_SRC "cgroup"

int mv_cgroup_set(const char *dir, const char *file, const char *val)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    int r = mv_cgroup_write(path, val);
    if (r < 0) {
        mv_error_report_errno(VIR_FROM_CGROUP, VIR_ERR_SYSTEM_ERROR, -r,
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
    mv_error_report_errno(VIR_FROM_CGROUP, VIR_ERR_SYSTEM_ERROR, errno,
                          "cannot create cgroup '%s'", dir);
    return -1;
}

mv_cgroup *mv_cgroup_new(const char *leaf, unsigned int required)
{
    if (strlen(leaf) > 255) {
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_INVALID_ARG,
                        "'%s' is too long for a cgroup name", leaf);
        return NULL;
    }
    g_autofree char *mountinfo = NULL, *self = NULL;
    if (!g_file_get_contents("/proc/self/mountinfo", &mountinfo, NULL, NULL) ||
        !g_file_get_contents("/proc/self/cgroup", &self, NULL, NULL)) {
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_SYSTEM_ERROR,
                        "cannot read /proc/self/mountinfo or /proc/self/cgroup");
        return NULL;
    }
    mv_cgroup *cg = mv_cgroup_layout(mountinfo, self, leaf, required);
    if (!cg)
        return NULL;
    for (guint i = 0; i < cg->dirs->len; i++) {
        if (make_dir(cg->dirs->pdata[i]) < 0) {
            g_ptr_array_set_size(cg->dirs, i);
            mv_cgroup_remove(cg);
            mv_cgroup_free(cg);
            return NULL;
        }
    }
    /* A v1 cpuset starts empty, and takes no process until given CPUs and
     * memory nodes: the parent's. */
    const char *cpuset = cg->dir[MV_CGROUP_CPUSET];
    if (cpuset && !cg->v2[MV_CGROUP_CPUSET]) {
        g_autofree char *parent = g_path_get_dirname(cpuset);
        for (int i = 0; i < 2; i++) {
            const char *file = i ? "cpuset.mems" : "cpuset.cpus";
            g_autofree char *ppath = g_build_filename(parent, file, NULL);
            g_autofree char *val = mv_cgroup_read(ppath);
            if (val && *val && mv_cgroup_set(cpuset, file, val) < 0) {
                mv_cgroup_remove(cg);
                mv_cgroup_free(cg);
                return NULL;
            }
        }
    }
    return cg;
}

static int set_kib(const char *dir, const char *file, unsigned long long kib)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%llu", kib * 1024);
    return mv_cgroup_set(dir, file, buf);
}

/* Without swap_hard_limit, v2 gets no swap (memory.swap.max 0, best
 * effort); a v1 host without swap accounting has no memsw file and the
 * swap limit is skipped there with a warning. */
int mv_cgroup_apply_memtune(mv_cgroup *cg, const mv_domain_def *def, bool memory_is_limit)
{
    const char *dir = cg->dir[MV_CGROUP_MEMORY];
    if (!dir)
        return 0;
    bool v2 = cg->v2[MV_CGROUP_MEMORY];
    const mv_domain_memtune *m = def->memtune;
    unsigned long long limit = m->hard_limit != MV_DOMAIN_MEMORY_UNLIMITED ? m->hard_limit
                               : memory_is_limit ? def->memory : 0;
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
            mv_cgroup_write(path, "0");
        }
        return 0;
    }
    if (!swap)
        return 0;
    g_autofree char *memsw = g_build_filename(dir, "memory.memsw.limit_in_bytes", NULL);
    if (!g_file_test(memsw, G_FILE_TEST_EXISTS)) {
        mv_log(MV_LOG_WARN, CG_SRC, "%s: no swap accounting on this host (%s): "
               "swap_hard_limit not applied", def->name, memsw);
        return 0;
    }
    return set_kib(dir, "memory.memsw.limit_in_bytes", m->swap_hard_limit);
}

int mv_cgroup_apply_cputune(mv_cgroup *cg, const mv_domain_def *def, bool global)
{
    const mv_domain_cputune *tune = def->cputune;
    const char *dir = cg->dir[MV_CGROUP_CPU];
    char buf[64];
    if (!dir)
        return 0;
    bool v2 = cg->v2[MV_CGROUP_CPU];
    if (tune->shares_given) {
        unsigned long long s = tune->shares;
        if (v2) {
            /* libvirt's mapping of shares [2, 262144] to weight [1, 10000] */
            s = s < 2 ? 2 : s > 262144 ? 262144 : s;
            snprintf(buf, sizeof(buf), "%llu", 1 + ((s - 2) * 9999) / 262142);
            if (mv_cgroup_set(dir, "cpu.weight", buf) < 0)
                return -1;
        } else {
            snprintf(buf, sizeof(buf), "%llu", s);
            if (mv_cgroup_set(dir, "cpu.shares", buf) < 0)
                return -1;
        }
    }
    unsigned long long period = global ? tune->global_period : tune->period;
    long long quota = global ? tune->global_quota : tune->quota;
    if (!period && !quota)
        return 0;
    if (v2) {
        /* cpu.max is "QUOTA PERIOD"; an unset part keeps its value */
        g_autofree char *path = g_build_filename(dir, "cpu.max", NULL);
        g_autofree char *cur = mv_cgroup_read(path);
        g_auto(GStrv) f = g_strsplit(cur ? cur : "max 100000", " ", 2);
        g_autofree char *q = quota ? (quota < 0 ? g_strdup("max") : g_strdup_printf("%lld", quota))
                                   : g_strdup(f[0] ? f[0] : "max");
        g_autofree char *p = period ? g_strdup_printf("%llu", period)
                                    : g_strdup(f[0] && f[1] ? f[1] : "100000");
        g_autofree char *val = g_strdup_printf("%s %s", q, p);
        return mv_cgroup_set(dir, "cpu.max", val);
    }
    if (period) {
        snprintf(buf, sizeof(buf), "%llu", period);
        if (mv_cgroup_set(dir, "cpu.cfs_period_us", buf) < 0)
            return -1;
    }
    if (quota) {
        snprintf(buf, sizeof(buf), "%lld", quota < 0 ? -1 : quota);
        if (mv_cgroup_set(dir, "cpu.cfs_quota_us", buf) < 0)
            return -1;
    }
    return 0;
}

int mv_cgroup_add_process(mv_cgroup *cg, pid_t pid)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%d", (int)pid);
    for (guint i = 0; i < cg->dirs->len; i++)
        if (mv_cgroup_set(cg->dirs->pdata[i], "cgroup.procs", buf) < 0)
            return -1;
    return 0;
}

/* The child cgroups of DIR (their paths), depth first: the deepest ones
 * before their parents. */
static void subdirs(const char *dir, GPtrArray *out)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
            subdirs(path, out);
            g_ptr_array_add(out, path);
        } else {
            g_free(path);
        }
    }
    g_dir_close(d);
}

/* Every directory of CG, each after its child cgroups. */
static GPtrArray *all_dirs(mv_cgroup *cg)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; cg && i < cg->dirs->len; i++) {
        subdirs(cg->dirs->pdata[i], out);
        g_ptr_array_add(out, g_strdup(cg->dirs->pdata[i]));
    }
    return out;
}

/* Whether a cgroup's list FILE (cgroup.procs, tasks, cgroup.threads)
 * names any process or thread; a threaded v2 cgroup refuses to list
 * cgroup.procs, its cgroup.threads tells. */
static bool has_members(const char *dir, const char *file)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_autofree char *ids = mv_cgroup_read(path);
    return ids && *ids;
}

bool mv_cgroup_empty(mv_cgroup *cg)
{
    g_autoptr(GPtrArray) dirs = all_dirs(cg);
    for (guint i = 0; i < dirs->len; i++) {
        const char *dir = dirs->pdata[i];
        if (has_members(dir, "cgroup.procs") || has_members(dir, "tasks") ||
            has_members(dir, "cgroup.threads"))
            return false;
    }
    return true;
}

static int remove_dir(const char *dir)
{
    for (int tries = 0;; tries++) {
        if (rmdir(dir) == 0 || errno == ENOENT)
            return 0;
        if (errno != EBUSY || tries >= 1000) {
            mv_log(MV_LOG_WARN, CG_SRC, "cannot remove cgroup %s: %s", dir, g_strerror(errno));
            return -1;
        }
        struct timespec ts = { 0, 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
}

int mv_cgroup_remove(mv_cgroup *cg)
{
    int ret = 0;
    g_autoptr(GPtrArray) dirs = all_dirs(cg);
    for (guint i = 0; i < dirs->len; i++)
        if (remove_dir(dirs->pdata[i]) < 0)
            ret = -1;
    return ret;
}

int mv_cgroup_freeze(mv_cgroup *cg, bool frozen)
{
    const char *dir = cg->dir[MV_CGROUP_FREEZER];
    if (!dir) {
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_OPERATION_UNSUPPORTED, "no freezer cgroup");
        return -1;
    }
    bool v2 = cg->v2[MV_CGROUP_FREEZER];
    if (mv_cgroup_set(dir, v2 ? "cgroup.freeze" : "freezer.state",
                  v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED")) < 0)
        return -1;
    /* wait until every task is frozen (v1 FREEZING -> FROZEN) */
    for (int i = 0; frozen && i < 2000; i++) {
        if (mv_cgroup_is_frozen(cg) == 1)
            return 0;
        struct timespec ts = { 0, 500 * 1000 };
        nanosleep(&ts, NULL);
    }
    if (frozen) {
        mv_cgroup_set(dir, v2 ? "cgroup.freeze" : "freezer.state", v2 ? "0" : "THAWED");
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_OPERATION_TIMEOUT,
                        "the processes of cgroup '%s' did not freeze within a second", dir);
        return -1;
    }
    return 0;
}

/* 1 frozen, 0 not, -1 unknown. */
int mv_cgroup_is_frozen(mv_cgroup *cg)
{
    const char *dir = cg ? cg->dir[MV_CGROUP_FREEZER] : NULL;
    if (!dir)
        return -1;
    if (cg->v2[MV_CGROUP_FREEZER]) {
        g_autofree char *path = g_build_filename(dir, "cgroup.events", NULL);
        g_autofree char *ev = mv_cgroup_read(path);
        return ev ? strstr(ev, "frozen 1") != NULL : -1;
    }
    g_autofree char *path = g_build_filename(dir, "freezer.state", NULL);
    g_autofree char *s = mv_cgroup_read(path);
    return s ? strcmp(s, "FROZEN") == 0 : -1;
}

/* SIGKILL to every process: cgroup.kill where there is one, else each
 * pid and thread of every hierarchy and of its child cgroups; then thaws
 * (a frozen v1 task dies only when thawed). */
int mv_cgroup_kill(mv_cgroup *cg)
{
    bool done = false;
    if (cg->unified) {
        g_autofree char *path = g_build_filename(cg->unified, "cgroup.kill", NULL);
        done = mv_cgroup_write(path, "1") == 0;
    }
    g_autoptr(GPtrArray) dirs = done ? NULL : all_dirs(cg);
    for (guint i = 0; dirs && i < dirs->len; i++) {
        /* a thread id names its whole process to kill(2) */
        for (int f = 0; f < 2; f++) {
            g_autofree char *path = g_build_filename(dirs->pdata[i], f ? "tasks" : "cgroup.procs",
                                                     NULL);
            g_autofree char *procs = mv_cgroup_read(path);
            g_auto(GStrv) pids = g_strsplit(procs ? procs : "", "\n", -1);
            for (char **p = pids; *p; p++) {
                pid_t pid = (pid_t)atoi(*p);
                if (pid > 1)
                    kill(pid, SIGKILL);
            }
        }
    }
    if (cg->dir[MV_CGROUP_FREEZER]) {
        bool v2 = cg->v2[MV_CGROUP_FREEZER];
        g_autofree char *path = g_build_filename(cg->dir[MV_CGROUP_FREEZER],
                                                 v2 ? "cgroup.freeze" : "freezer.state", NULL);
        mv_cgroup_write(path, v2 ? "0" : "THAWED");
    }
    return 0;
}

static unsigned long long read_ull(const char *path, const char *key)
{
    g_autofree char *s = mv_cgroup_read(path);
    if (!s)
        return 0;
    if (!key)
        return g_ascii_strtoull(s, NULL, 10);
    const char *p = strstr(s, key);
    while (p && p != s && p[-1] != '\n')
        p = strstr(p + 1, key);
    return p ? g_ascii_strtoull(p + strlen(key), NULL, 10) : 0;
}

int mv_cgroup_set_memory(mv_cgroup *cg, unsigned long long kib)
{
    const char *dir = cg ? cg->dir[MV_CGROUP_MEMORY] : NULL;
    if (!dir) {
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_OPERATION_UNSUPPORTED, "no memory cgroup");
        return -1;
    }
    char buf[32];
    snprintf(buf, sizeof(buf), "%llu", kib * 1024);
    return mv_cgroup_set(dir, cg->v2[MV_CGROUP_MEMORY] ? "memory.max" : "memory.limit_in_bytes", buf);
}

unsigned long long mv_cgroup_cpu_ns(mv_cgroup *cg)
{
    g_autofree char *path = mv_cgroup_file(cg, MV_CGROUP_CPUACCT, "cpuacct.usage", "cpu.stat");
    if (!path)
        return 0;
    if (cg->v2[MV_CGROUP_CPUACCT])
        return read_ull(path, "usage_usec ") * 1000;
    return read_ull(path, NULL);
}

unsigned long long mv_cgroup_mem_kib(mv_cgroup *cg)
{
    g_autofree char *path = mv_cgroup_file(cg, MV_CGROUP_MEMORY, "memory.usage_in_bytes",
                                               "memory.current");
    return path ? read_ull(path, NULL) / 1024 : 0;
}

/* --- the CPU controller's values (the scheduler calls) ------------------- */


static bool has_bandwidth(mv_cgroup *cg)
{
    g_autofree char *path = mv_cgroup_file(cg, MV_CGROUP_CPU, "cpu.cfs_period_us", "cpu.max");
    return path && g_file_test(path, G_FILE_TEST_EXISTS);
}

int mv_cgroup_get_cpu(mv_cgroup *cg, int from, mv_cgroup_cpu *v)
{
    memset(v, 0, sizeof(*v));
    if (!cg || !cg->dir[MV_CGROUP_CPU]) {
        mv_error_report(from, VIR_ERR_OPERATION_INVALID,
                        "cgroup CPU controller is not mounted");
        return -1;
    }
    bool v2 = cg->v2[MV_CGROUP_CPU];
    g_autofree char *sp = mv_cgroup_file(cg, MV_CGROUP_CPU, "cpu.shares", "cpu.weight");
    g_autofree char *s = mv_cgroup_read(sp);
    unsigned long long n = s ? g_ascii_strtoull(s, NULL, 10) : 0;
    /* cgroup v2's weight [1, 10000] back to shares, as libvirt maps them */
    v->shares = v2 ? 2 + ((n ? n : 1) - 1) * 262142 / 9999 : n;
    v->bandwidth = has_bandwidth(cg);
    if (!v->bandwidth)
        return 0;
    if (v2) {
        g_autofree char *mp = mv_cgroup_file(cg, MV_CGROUP_CPU, NULL, "cpu.max");
        g_autofree char *m = mv_cgroup_read(mp);
        char quota[32] = "max";
        unsigned long long period = 100000;
        if (m)
            sscanf(m, "%31s %llu", quota, &period);
        v->period = period;
        v->quota = strcmp(quota, "max") ? g_ascii_strtoll(quota, NULL, 10) : -1;
    } else {
        g_autofree char *pp = mv_cgroup_file(cg, MV_CGROUP_CPU, "cpu.cfs_period_us", NULL);
        g_autofree char *qp = mv_cgroup_file(cg, MV_CGROUP_CPU, "cpu.cfs_quota_us", NULL);
        g_autofree char *p = mv_cgroup_read(pp);
        g_autofree char *q = mv_cgroup_read(qp);
        v->period = p ? g_ascii_strtoull(p, NULL, 10) : 0;
        v->quota = q ? g_ascii_strtoll(q, NULL, 10) : -1;
    }
    return 0;
}

static int write_cg(mv_cgroup *cg, int from, const char *v1, const char *v2, const char *val)
{
    g_autofree char *path = mv_cgroup_file(cg, MV_CGROUP_CPU, v1, v2);
    int r = path ? mv_cgroup_write(path, val) : -ENOENT;
    if (r < 0) {
        mv_error_report_errno(from, VIR_ERR_SYSTEM_ERROR, -r, "cannot set '%s' to '%s'",
                              path ? path : v1, val);
        return -1;
    }
    return 0;
}

int mv_cgroup_set_cpu(mv_cgroup *cg, int from, const mv_cgroup_cpu *v, bool set_shares,
                      bool set_period, bool set_quota)
{
    char buf[64];
    bool v2 = cg->v2[MV_CGROUP_CPU];
    if (set_shares) {
        unsigned long long s = v->shares < 2 ? 2 : v->shares > 262144 ? 262144 : v->shares;
        snprintf(buf, sizeof(buf), "%llu", v2 ? 1 + ((s - 2) * 9999) / 262142 : v->shares);
        if (write_cg(cg, from, "cpu.shares", "cpu.weight", buf) < 0)
            return -1;
    }
    if (!set_period && !set_quota)
        return 0;
    if (v2) {
        if (v->quota < 0)
            snprintf(buf, sizeof(buf), "max %llu", v->period);
        else
            snprintf(buf, sizeof(buf), "%lld %llu", v->quota, v->period);
        return write_cg(cg, from, NULL, "cpu.max", buf);
    }
    if (set_period) {
        snprintf(buf, sizeof(buf), "%llu", v->period);
        if (write_cg(cg, from, "cpu.cfs_period_us", NULL, buf) < 0)
            return -1;
    }
    if (set_quota) {
        snprintf(buf, sizeof(buf), "%lld", v->quota);
        if (write_cg(cg, from, "cpu.cfs_quota_us", NULL, buf) < 0)
            return -1;
    }
    return 0;
}

