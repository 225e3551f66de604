/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup-layout.c — where a guest's cgroups go, on
 * cgroup v1, v2 and hybrid hosts. Nothing is assumed: the hierarchies
 * come from /proc/self/mountinfo and this process's own place in each from
 * /proc/self/cgroup. Each controller is served by the v1 hierarchy that
 * has it, else by the cgroup2 one if it is enabled there; the guest's
 * cgroup is a child of ours (the driver names it), or on cgroup2 a sibling
 * when ours holds processes and cannot delegate controllers. The cgroup2
 * directory is used on hybrid hosts too: cgroup.kill and cgroup.freeze
 * work there without controllers. Also: the handle rebuilt from a status
 * file's directories. */
#include "mv-config.h"
#include "core/util/cgroup-read.h"
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/error.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const cg_names[MV_CGROUP_NCTRL] = {
    "memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "devices", "blkio",
};

typedef struct {
    char *v1_mount[MV_CGROUP_NCTRL], *v1_root[MV_CGROUP_NCTRL];
    char *v2_mount, *v2_root;
    char *v1_own[MV_CGROUP_NCTRL], *v2_own;
} cg_layout;

static void layout_clear(cg_layout *l)
{
    for (int i = 0; i < MV_CGROUP_NCTRL; i++) {
        g_free(l->v1_mount[i]);
        g_free(l->v1_root[i]);
        g_free(l->v1_own[i]);
    }
    g_free(l->v2_mount);
    g_free(l->v2_root);
    g_free(l->v2_own);
}

/* mountinfo escapes spaces and such as \ooo. */
static char *unescape(const char *s)
{
    GString *o = g_string_new(NULL);
    for (; *s; s++) {
        if (s[0] == '\\' && g_ascii_isdigit(s[1]) && g_ascii_isdigit(s[2]) && g_ascii_isdigit(s[3])) {
            g_string_append_c(o, (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0')));
            s += 3;
        } else {
            g_string_append_c(o, *s);
        }
    }
    return g_string_free(o, FALSE);
}

static void parse_mountinfo(cg_layout *l, const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **ln = lines; *ln; ln++) {
        g_auto(GStrv) f = g_strsplit(*ln, " ", -1);
        guint n = g_strv_length(f), sep = 0;
        for (guint i = 6; i < n; i++)
            if (strcmp(f[i], "-") == 0) {
                sep = i;
                break;
            }
        if (!sep || sep + 3 >= n)
            continue;
        const char *fstype = f[sep + 1], *super = f[sep + 3];
        if (strcmp(fstype, "cgroup2") == 0 && !l->v2_mount) {
            l->v2_mount = unescape(f[4]);
            l->v2_root = unescape(f[3]);
        } else if (strcmp(fstype, "cgroup") == 0) {
            g_auto(GStrv) opts = g_strsplit(super, ",", -1);
            for (char **o = opts; *o; o++)
                for (int c = 0; c < MV_CGROUP_NCTRL; c++)
                    if (strcmp(*o, cg_names[c]) == 0 && !l->v1_mount[c]) {
                        l->v1_mount[c] = unescape(f[4]);
                        l->v1_root[c] = unescape(f[3]);
                    }
        }
    }
}

static void parse_self(cg_layout *l, const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **ln = lines; *ln; ln++) {
        g_auto(GStrv) f = g_strsplit(*ln, ":", 3);
        if (g_strv_length(f) != 3)
            continue;
        if (strcmp(f[0], "0") == 0 && f[1][0] == '\0') {
            g_free(l->v2_own);
            l->v2_own = g_strdup(f[2]);
            continue;
        }
        g_auto(GStrv) ctrls = g_strsplit(f[1], ",", -1);
        for (char **c = ctrls; *c; c++)
            for (int i = 0; i < MV_CGROUP_NCTRL; i++)
                if (strcmp(*c, cg_names[i]) == 0) {
                    g_free(l->v1_own[i]);
                    l->v1_own[i] = g_strdup(f[2]);
                }
    }
}

/* The directory of cgroup OWN in a hierarchy mounted at MOUNT from ROOT. */
static char *cg_dir(const char *mount, const char *root, const char *own)
{
    const char *rel = own;
    size_t rl = strlen(root);
    if (strcmp(root, "/") != 0 && strncmp(own, root, rl) == 0 && (own[rl] == '/' || !own[rl]))
        rel = own + rl;
    if (g_str_has_suffix(rel, " (deleted)"))
        return NULL;
    return g_build_filename(mount, rel, NULL);
}

int mv_cgroup_write(const char *path, const char *val)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = write(fd, val, strlen(val));
    int e = n < 0 ? errno : 0;
    close(fd);
    return n < 0 ? -e : 0;
}

char *mv_cgroup_read_text(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    GString *text = g_string_new(NULL);
    char buf[4096];
    ssize_t n = -1;
    while (fd >= 0 && ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)))
        if (n > 0)
            g_string_append_len(text, buf, n);
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (n < 0) {
        g_string_free(text, TRUE);
        mv_error_report_errno(VIR_FROM_CGROUP, VIR_ERR_SYSTEM_ERROR, e,
                              "Unable to read from '%s'", path);
        return NULL;
    }
    return g_string_free(text, FALSE);
}

char *mv_cgroup_read(const char *path)
{
    char *s = NULL;
    if (!g_file_get_contents(path, &s, NULL, NULL))
        return NULL;
    return g_strstrip(s);
}

static bool v2_has(const char *dir, const char *ctrl)
{
    g_autofree char *path = g_build_filename(dir, "cgroup.controllers", NULL);
    g_autofree char *list = mv_cgroup_read(path);
    if (!list)
        return false;
    g_auto(GStrv) v = g_strsplit(list, " ", -1);
    return g_strv_contains((const char *const *)v, ctrl);
}

/* cgroup2 names of the controllers we use (cpuacct is core cpu.stat,
 * freezer core cgroup.freeze; devices needs BPF, not supported). */
static const char *v2_name(int c)
{
    switch (c) {
    case MV_CGROUP_MEMORY: return "memory";
    case MV_CGROUP_CPU: return "cpu";
    case MV_CGROUP_CPUSET: return "cpuset";
    case MV_CGROUP_PIDS: return "pids";
    case MV_CGROUP_BLKIO: return "io";
    default: return NULL;
    }
}

static char *add_dir(mv_cgroup *cg, const char *dir)
{
    for (guint i = 0; i < cg->dirs->len; i++)
        if (strcmp(cg->dirs->pdata[i], dir) == 0)
            return cg->dirs->pdata[i];
    char *copy = g_strdup(dir);
    g_ptr_array_add(cg->dirs, copy);
    return copy;
}

static mv_cgroup *cg_alloc(void)
{
    mv_cgroup *cg = g_new0(mv_cgroup, 1);
    cg->dirs = g_ptr_array_new_with_free_func(g_free);
    return cg;
}

/* The cgroup2 parent to create in: our own, or its parent when our own
 * holds processes and refuses to delegate the controllers we need. */
static char *v2_base(const char *own_dir, const char *needed)
{
    if (!*needed)
        return g_strdup(own_dir);
    g_autofree char *ctl = g_build_filename(own_dir, "cgroup.subtree_control", NULL);
    int r = mv_cgroup_write(ctl, needed);
    if (r == 0)
        return g_strdup(own_dir);
    return g_path_get_dirname(own_dir);
}

mv_cgroup *mv_cgroup_layout(const char *mountinfo, const char *self, const char *leaf,
                            unsigned int required)
{
    cg_layout l = { 0 };
    parse_mountinfo(&l, mountinfo);
    parse_self(&l, self);
    mv_cgroup *cg = cg_alloc();
    /* v1 hierarchies first */
    for (int c = 0; c < MV_CGROUP_NCTRL; c++) {
        if (!l.v1_mount[c] || !l.v1_own[c])
            continue;
        g_autofree char *own = cg_dir(l.v1_mount[c], l.v1_root[c], l.v1_own[c]);
        if (!own)
            continue;
        g_autofree char *dir = g_build_filename(own, leaf, NULL);
        cg->dir[c] = add_dir(cg, dir);
    }
    if (l.v2_mount && l.v2_own) {
        g_autofree char *own = cg_dir(l.v2_mount, l.v2_root, l.v2_own);
        if (own) {
            GString *needed = g_string_new(NULL);
            for (int c = 0; c < MV_CGROUP_NCTRL; c++)
                if (!cg->dir[c] && v2_name(c) && v2_has(own, v2_name(c)))
                    g_string_append_printf(needed, "%s+%s", needed->len ? " " : "", v2_name(c));
            g_autofree char *base = v2_base(own, needed->str);
            g_string_free(needed, TRUE);
            g_autofree char *dir = g_build_filename(base, leaf, NULL);
            cg->unified = add_dir(cg, dir);
            for (int c = 0; c < MV_CGROUP_NCTRL; c++) {
                bool core = c == MV_CGROUP_CPUACCT || c == MV_CGROUP_FREEZER;
                if (!cg->dir[c] && (core || (v2_name(c) && v2_has(base, v2_name(c))))) {
                    cg->dir[c] = cg->unified;
                    cg->v2[c] = true;
                }
            }
        }
    }
    layout_clear(&l);
    if (!cg->dirs->len) {
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_OPERATION_FAILED,
                        "no cgroup hierarchy found in /proc/self/mountinfo");
        mv_cgroup_free(cg);
        return NULL;
    }
    for (int c = 0; c < MV_CGROUP_NCTRL; c++) {
        if ((required & (1u << c)) && !cg->dir[c]) {
            mv_error_report(VIR_FROM_CGROUP, VIR_ERR_OPERATION_FAILED,
                            "the %s cgroup controller is not available on this host",
                            cg_names[c]);
            mv_cgroup_free(cg);
            return NULL;
        }
    }
    return cg;
}

/* Rebuilds the handle from the directories of a status file. */
mv_cgroup *mv_cgroup_from_dirs(char **dirs)
{
    mv_cgroup *cg = cg_alloc();
    for (char **p = dirs; p && *p; p++) {
        char *dir = add_dir(cg, *p);
        g_autofree char *probe = g_build_filename(dir, "cgroup.controllers", NULL);
        bool v2 = g_file_test(probe, G_FILE_TEST_EXISTS);
        if (v2)
            cg->unified = dir;
        for (int c = 0; c < MV_CGROUP_NCTRL; c++) {
            static const char *const v1files[MV_CGROUP_NCTRL] = {
                "memory.limit_in_bytes", "cpu.shares", "cpuacct.usage", "cpuset.cpus",
                "pids.max", "freezer.state", "devices.list", "blkio.reset_stats",
            };
            static const char *const v2files[MV_CGROUP_NCTRL] = {
                "memory.max", "cpu.weight", "cpu.stat", "cpuset.cpus", "pids.max",
                "cgroup.freeze", NULL, "io.stat",
            };
            const char *f = v2 ? v2files[c] : v1files[c];
            g_autofree char *path = f ? g_build_filename(dir, f, NULL) : NULL;
            if (!cg->dir[c] && path && g_file_test(path, G_FILE_TEST_EXISTS)) {
                cg->dir[c] = dir;
                cg->v2[c] = v2;
            }
        }
    }
    /* v1 directories come first in the list, so a v1 controller wins */
    return cg;
}

void mv_cgroup_free(mv_cgroup *cg)
{
    if (!cg)
        return;
    g_ptr_array_unref(cg->dirs);
    g_free(cg);
}

char *mv_cgroup_file(mv_cgroup *cg, mv_cgroup_ctrl c, const char *v1, const char *v2)
{
    if (!cg || !cg->dir[c])
        return NULL;
    return g_build_filename(cg->dir[c], cg->v2[c] ? v2 : v1, NULL);
}


/* --- a guest's thread cgroups: where they go -------------------------- */

char *mv_cgroup_thread_name(mv_cgroup_thread kind, unsigned int id)
{
    switch (kind) {
    case MV_CGROUP_THREAD_VCPU: return g_strdup_printf("vcpu%u", id);
    case MV_CGROUP_THREAD_IOTHREAD: return g_strdup_printf("iothread%u", id);
    case MV_CGROUP_THREAD_EMULATOR: break;
    }
    return g_strdup("emulator");
}

/* The controllers a thread's cgroup is made in, as libvirt's. */
static const mv_cgroup_ctrl thread_ctrls[] = { MV_CGROUP_CPU, MV_CGROUP_CPUACCT, MV_CGROUP_CPUSET };

mv_cgroup *mv_cgroup_child_layout(mv_cgroup *cg, int from, const char *name)
{
    if (!name || !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
        mv_error_report(from, VIR_ERR_INVALID_ARG, "'%s' is not a cgroup name",
                        name ? name : "");
        return NULL;
    }
    mv_cgroup *ch = cg_alloc();
    for (size_t i = 0; cg && i < G_N_ELEMENTS(thread_ctrls); i++) {
        mv_cgroup_ctrl c = thread_ctrls[i];
        if (!cg->dir[c])
            continue;
        g_autofree char *dir = g_build_filename(cg->dir[c], name, NULL);
        ch->dir[c] = add_dir(ch, dir);
        ch->v2[c] = cg->v2[c];
        if (cg->v2[c])
            ch->unified = ch->dir[c];
    }
    if (!ch->dirs->len) {
        mv_cgroup_free(ch);
        mv_error_report(from, VIR_ERR_OPERATION_INVALID, "%s",
                        "cgroup CPU controller is not mounted");
        return NULL;
    }
    return ch;
}
