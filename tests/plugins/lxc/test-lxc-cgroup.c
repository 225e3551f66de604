/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-cgroup.c — where a container's cgroups go on
 * cgroup v1, pure v2 (delegating from our own cgroup, or from its parent
 * when ours cannot delegate), hybrid (v1 controllers, controller-less
 * cgroup2) and nested mounts, from sample /proc/self/mountinfo and
 * /proc/self/cgroup texts over a fake hierarchy in a temporary directory.
 * The plugin API's machinery (<modvirt-plugin/cgroup.h>), with the
 * controllers lxc requires; needs no privileges. */
#include <libvirt/libvirt.h>
#include <modvirt-plugin/cgroup.h>

/* A container cannot run without memory limits and the freezer. */
#define LXC_REQUIRED (1u << MV_CGROUP_MEMORY | 1u << MV_CGROUP_FREEZER)

#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <string.h>

static char *tmp;

static void put(const char *rel, const char *text)
{
    g_autofree char *path = g_build_filename(tmp, rel, NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0755);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static char *mi(const char *fmt)
{
    /* every "@" in FMT is the temporary directory */
    g_auto(GStrv) parts = g_strsplit(fmt, "@", -1);
    return g_strjoinv(tmp, parts);
}

static void expect_dir(mv_cgroup *cg, int ctrl, const char *rel, bool v2)
{
    if (!rel) {
        g_assert_null(cg->dir[ctrl]);
        return;
    }
    g_autofree char *want = g_build_filename(tmp, rel, NULL);
    g_assert_nonnull(cg->dir[ctrl]);
    g_assert_cmpstr(cg->dir[ctrl], ==, want);
    g_assert_cmpint(cg->v2[ctrl], ==, v2);
}

static void test_hybrid(void)
{
    g_autofree char *m = mi(
        "31 23 0:28 / @/cg rw,relatime - tmpfs tmpfs rw,mode=755\n"
        "32 31 0:29 / @/cg/cpu rw,relatime - cgroup cgroup rw,cpu\n"
        "33 31 0:30 / @/cg/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
        "34 31 0:31 / @/cg/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
        "35 31 0:32 / @/cg/memory rw,relatime - cgroup cgroup rw,memory\n"
        "36 31 0:33 / @/cg/devices rw,relatime - cgroup cgroup rw,devices\n"
        "37 31 0:34 / @/cg/freezer rw,relatime - cgroup cgroup rw,freezer\n"
        "38 31 0:35 / @/cg/blkio rw,relatime - cgroup cgroup rw,blkio\n"
        "39 31 0:36 / @/cg/pids rw,relatime - cgroup cgroup rw,pids\n"
        "40 31 0:37 / @/cg/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
        "41 31 0:38 / @/cg/unified rw,relatime - cgroup2 cgroup2 rw\n");
    const char *self = "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
                       "4:memory:/process_api/abc\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";
    put("cg/unified/cgroup.controllers", "hugetlb\n");
    mv_cgroup *cg = mv_cgroup_layout(m, self, "leaf", LXC_REQUIRED);
    g_assert_nonnull(cg);
    expect_dir(cg, MV_CGROUP_MEMORY, "cg/memory/process_api/abc/leaf", false);
    expect_dir(cg, MV_CGROUP_CPU, "cg/cpu/leaf", false);
    expect_dir(cg, MV_CGROUP_CPUACCT, "cg/cpuacct/leaf", false);
    expect_dir(cg, MV_CGROUP_CPUSET, "cg/cpuset/leaf", false);
    expect_dir(cg, MV_CGROUP_PIDS, "cg/pids/leaf", false);
    expect_dir(cg, MV_CGROUP_FREEZER, "cg/freezer/leaf", false);
    expect_dir(cg, MV_CGROUP_DEVICES, "cg/devices/leaf", false);
    expect_dir(cg, MV_CGROUP_BLKIO, "cg/blkio/leaf", false);
    g_autofree char *uni = g_build_filename(tmp, "cg/unified/leaf", NULL);
    g_assert_cmpstr(cg->unified, ==, uni);
    g_assert_cmpuint(cg->dirs->len, ==, 9);   /* 8 controllers + cgroup2 */
    mv_cgroup_free(cg);
}

static void test_v2(void)
{
    g_autofree char *m = mi("41 23 0:38 / @/v2 rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
    const char *self = "0::/user.slice/session-1.scope\n";
    put("v2/user.slice/cgroup.controllers", "cpuset cpu io memory pids\n");
    put("v2/user.slice/session-1.scope/cgroup.controllers", "cpuset cpu io memory pids\n");
    /* no cgroup.subtree_control to write in our own: its parent is used */
    mv_cgroup *cg = mv_cgroup_layout(m, self, "leaf", LXC_REQUIRED);
    g_assert_nonnull(cg);
    for (int c = 0; c < MV_CGROUP_NCTRL; c++)
        expect_dir(cg, c, c == MV_CGROUP_DEVICES ? NULL : "v2/user.slice/leaf",
                   c != MV_CGROUP_DEVICES);
    g_assert_cmpuint(cg->dirs->len, ==, 1);
    mv_cgroup_free(cg);
    /* our own cgroup delegates: the container's is our child, and the
     * controllers were enabled for it */
    put("v2/user.slice/session-1.scope/cgroup.subtree_control", "");
    cg = mv_cgroup_layout(m, self, "leaf", LXC_REQUIRED);
    g_assert_nonnull(cg);
    expect_dir(cg, MV_CGROUP_MEMORY, "v2/user.slice/session-1.scope/leaf", true);
    expect_dir(cg, MV_CGROUP_FREEZER, "v2/user.slice/session-1.scope/leaf", true);
    g_autofree char *ctl = g_build_filename(tmp, "v2/user.slice/session-1.scope/cgroup.subtree_control", NULL);
    g_autofree char *enabled = NULL;
    g_assert_true(g_file_get_contents(ctl, &enabled, NULL, NULL));
    g_assert_cmpstr(enabled, ==, "+memory +cpu +cpuset +pids +io");
    mv_cgroup_free(cg);
}

static void test_nested_mount(void)
{
    /* inside a container: the memory hierarchy is mounted from /lxc/x */
    g_autofree char *m = mi(
        "35 31 0:32 /lxc/x @/n/memory rw - cgroup cgroup rw,memory\n"
        "37 31 0:34 /lxc/x @/n/freezer rw - cgroup cgroup rw,freezer\n");
    const char *self = "4:memory:/lxc/x/sub\n6:freezer:/lxc/x\n";
    mv_cgroup *cg = mv_cgroup_layout(m, self, "leaf", LXC_REQUIRED);
    g_assert_nonnull(cg);
    expect_dir(cg, MV_CGROUP_MEMORY, "n/memory/sub/leaf", false);
    expect_dir(cg, MV_CGROUP_FREEZER, "n/freezer/leaf", false);
    expect_dir(cg, MV_CGROUP_PIDS, NULL, false);
    g_assert_null(cg->unified);
    mv_cgroup_free(cg);
}

static void test_missing(void)
{
    g_autofree char *m = mi("37 31 0:34 / @/f/freezer rw - cgroup cgroup rw,freezer\n");
    g_assert_null(mv_cgroup_layout(m, "6:freezer:/\n", "leaf", LXC_REQUIRED));
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->code, ==, VIR_ERR_OPERATION_FAILED);
    g_assert_nonnull(strstr(e->message, "memory cgroup controller is not available"));
    g_assert_null(mv_cgroup_layout("", "", "leaf", LXC_REQUIRED));
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "no cgroup hierarchy"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmp = g_dir_make_tmp("lxc-cg-XXXXXX", NULL);
    g_test_add_func("/lxc/cgroup/hybrid", test_hybrid);
    g_test_add_func("/lxc/cgroup/v2", test_v2);
    g_test_add_func("/lxc/cgroup/nested-mount", test_nested_mount);
    g_test_add_func("/lxc/cgroup/missing", test_missing);
    int ret = g_test_run();
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmp);
    if (system(rm) != 0)
        ret = 1;
    g_free(tmp);
    return ret;
}
