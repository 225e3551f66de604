/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-cgroup.c — where a container's cgroups go on
 * cgroup v1, pure v2 (delegating from our own cgroup, or from its parent
 * when ours cannot delegate), hybrid (v1 controllers, controller-less
 * cgroup2) and nested mounts, from sample /proc/self/mountinfo and
 * /proc/self/cgroup texts over a fake hierarchy in a temporary directory.
 * The plugin API's machinery (<modvirt-plugin/cgroup.h>), with the
 * controllers lxc requires; and its statistics' readers on v1 and v2 file
 * texts as the kernel writes them, and without their controllers. Needs
 * no privileges. */
#include <libvirt/libvirt.h>
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/host-cpu.h>

/* A container cannot run without memory limits and the freezer. */
#define LXC_REQUIRED (1u << MV_CGROUP_MEMORY | 1u << MV_CGROUP_FREEZER)

#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <unistd.h>

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

/* Writes TEXT to FILE of directory DIR (made). */
static void put_in(const char *dir, const char *file, const char *text)
{
    g_mkdir_with_parents(dir, 0755);
    g_autofree char *path = g_build_filename(dir, file, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void expect_err(int domain, int code, const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->domain, ==, domain);
    g_assert_cmpint(e->code, ==, code);
    g_assert_nonnull(strstr(e->message, msg));
}

/* The statistics' readers (mv_cgroup_get_cpu_times, _total_cpu_stats,
 * _percpu_stats, _get_blkio_stats) on v1 files as the kernel writes them:
 * totals, USER_HZ ticks, per-CPU times with vCPU children, every device's
 * Read and Write summed ("Total" and the other entries left out). */
static void test_stats_v1(void)
{
    g_autofree char *m = mi(
        "33 31 0:30 / @/s1/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
        "38 31 0:35 / @/s1/blkio rw,relatime - cgroup cgroup rw,blkio\n");
    mv_cgroup *cg = mv_cgroup_layout(m, "7:blkio:/\n2:cpuacct:/\n", "leaf", 0);
    g_assert_nonnull(cg);
    const char *acct = cg->dir[MV_CGROUP_CPUACCT], *blk = cg->dir[MV_CGROUP_BLKIO];
    long hz = sysconf(_SC_CLK_TCK);
    unsigned long long tick = 1000000000ULL / (unsigned long long)hz;
    put_in(acct, "cpuacct.usage", "7000000000\n");
    put_in(acct, "cpuacct.stat", "user 300\nsystem 200\n");
    unsigned long long total = 0, user = 0, sys = 0;
    g_assert_cmpint(mv_cgroup_get_cpu_times(cg, &total, &user, &sys), ==, 0);
    g_assert_cmpuint(total, ==, 7000000000ULL);
    g_assert_cmpuint(user, ==, 300 * tick);
    g_assert_cmpuint(sys, ==, 200 * tick);
    virTypedParameter t[4];
    memset(t, 0, sizeof(t));
    g_assert_cmpint(mv_cgroup_total_cpu_stats(cg, VIR_FROM_LXC, NULL, 0), ==, 3);
    g_assert_cmpint(mv_cgroup_total_cpu_stats(cg, VIR_FROM_LXC, t, 4), ==, 3);
    g_assert_cmpstr(t[0].field, ==, VIR_DOMAIN_CPU_STATS_CPUTIME);
    g_assert_cmpstr(t[1].field, ==, VIR_DOMAIN_CPU_STATS_USERTIME);
    g_assert_cmpstr(t[2].field, ==, VIR_DOMAIN_CPU_STATS_SYSTEMTIME);
    g_assert_cmpuint(t[2].value.ul, ==, 200 * tick);
    g_assert_cmpstr(t[3].field, ==, "");
    g_assert_cmpint(mv_cgroup_total_cpu_stats(cg, VIR_FROM_LXC, t, 2), ==, 2);

    /* per CPU, the host's count of them; vCPU children add vcpu_time */
    int n = mv_host_cpu_map(NULL, NULL, NULL, 0);
    g_assert_cmpint(n, >, 0);
    GString *per = g_string_new(NULL), *v0 = g_string_new(NULL), *v1 = g_string_new(NULL);
    for (int c = 0; c < n; c++) {
        g_string_append_printf(per, "%d ", 1000 * (c + 1));
        g_string_append_printf(v0, "%d ", 10 * (c + 1));
        g_string_append_printf(v1, "%d ", 1);
    }
    put_in(acct, "cpuacct.usage_percpu", per->str);
    mv_cgroup *ch[2] = { mv_cgroup_child_layout(cg, VIR_FROM_QEMU, "vcpu0"),
                         mv_cgroup_child_layout(cg, VIR_FROM_QEMU, "vcpu1") };
    put_in(ch[0]->dir[MV_CGROUP_CPUACCT], "cpuacct.usage_percpu", v0->str);
    put_in(ch[1]->dir[MV_CGROUP_CPUACCT], "cpuacct.usage_percpu", v1->str);
    g_string_free(per, TRUE);
    g_string_free(v0, TRUE);
    g_string_free(v1, TRUE);
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_LXC, NULL, 0, NULL, 0, 0, 0), ==, n);
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_LXC, NULL, 0, NULL, 0, 0, 1), ==, 1);
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_LXC, ch, 2, NULL, 0, 0, 1), ==, 2);
    g_autofree virTypedParameter *p = g_new0(virTypedParameter, 2 * (size_t)n);
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_LXC, NULL, 0, p, 1, 0, (unsigned)n), ==, 1);
    for (int c = 0; c < n; c++) {
        g_assert_cmpstr(p[c].field, ==, VIR_DOMAIN_CPU_STATS_CPUTIME);
        g_assert_cmpuint(p[c].value.ul, ==, 1000ULL * (c + 1));
    }
    memset(p, 0, 2 * (size_t)n * sizeof(*p));
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_LXC, ch, 2, p, 2, n - 1, 5), ==, 2);
    g_assert_cmpuint(p[0].value.ul, ==, 1000ULL * n);
    g_assert_cmpstr(p[1].field, ==, VIR_DOMAIN_CPU_STATS_VCPUTIME);
    g_assert_cmpuint(p[1].value.ul, ==, 10ULL * n + 1);
    g_assert_cmpstr(p[2].field, ==, "");
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_LXC, NULL, 0, p, 1, n, 1), ==, -1);
    g_autofree char *msg = g_strdup_printf("start_cpu %d larger than maximum of %d", n, n - 1);
    expect_err(VIR_FROM_CGROUP, VIR_ERR_INVALID_ARG, msg);
    mv_cgroup_free(ch[0]);
    mv_cgroup_free(ch[1]);

    /* block I/O: two devices */
    put_in(blk, "blkio.throttle.io_service_bytes",
           "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 100\n8:0 Async 12188\n8:0 Discard 0\n"
           "8:0 Total 12288\n8:16 Read 1000\n8:16 Write 24\n8:16 Sync 0\n8:16 Async 0\n"
           "8:16 Discard 0\n8:16 Total 1024\nTotal 13312\n");
    put_in(blk, "blkio.throttle.io_serviced",
           "8:0 Read 1\n8:0 Write 2\n8:0 Total 3\n8:16 Read 5\n8:16 Write 7\n8:16 Total 12\n"
           "Total 15\n");
    long long rb = -1, wb = -1, rr = -1, wr = -1;
    g_assert_cmpint(mv_cgroup_get_blkio_stats(cg, &rb, &wb, &rr, &wr), ==, 0);
    g_assert_cmpint(rb, ==, 5096);
    g_assert_cmpint(wb, ==, 8216);
    g_assert_cmpint(rr, ==, 6);
    g_assert_cmpint(wr, ==, 9);
    /* a cgroup nothing was done in: the kernel writes "Total 0" alone */
    put_in(blk, "blkio.throttle.io_service_bytes", "Total 0\n");
    put_in(blk, "blkio.throttle.io_serviced", "Total 0\n");
    g_assert_cmpint(mv_cgroup_get_blkio_stats(cg, &rb, &wb, &rr, &wr), ==, 0);
    g_assert_cmpint(rb + wb + rr + wr, ==, 0);
    /* what cannot be read or parsed */
    put_in(blk, "blkio.throttle.io_serviced", "8:0 Read x\n");
    g_assert_cmpint(mv_cgroup_get_blkio_stats(cg, &rb, &wb, &rr, &wr), ==, -1);
    expect_err(VIR_FROM_CGROUP, VIR_ERR_INTERNAL_ERROR, "Read stat 'x'");
    g_autofree char *gone = g_build_filename(blk, "blkio.throttle.io_service_bytes", NULL);
    g_assert_cmpint(g_unlink(gone), ==, 0);
    g_assert_cmpint(mv_cgroup_get_blkio_stats(cg, &rb, &wb, &rr, &wr), ==, -1);
    expect_err(VIR_FROM_CGROUP, VIR_ERR_SYSTEM_ERROR, "Unable to read from");
    mv_cgroup_free(cg);
}

/* The same on cgroup v2: cpu.stat's microseconds, io.stat's keys; no
 * per-CPU times there. */
static void test_stats_v2(void)
{
    g_autofree char *m = mi("41 23 0:38 / @/s2 rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
    put("s2/cgroup.controllers", "cpuset cpu io memory pids\n");
    put("s2/cgroup.subtree_control", "");
    mv_cgroup *cg = mv_cgroup_layout(m, "0::/\n", "leaf", 0);
    g_assert_nonnull(cg);
    g_assert_true(cg->v2[MV_CGROUP_CPUACCT] && cg->v2[MV_CGROUP_BLKIO]);
    put_in(cg->unified, "cpu.stat",
           "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\n");
    put_in(cg->unified, "io.stat",
           "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"
           "8:16 rbytes=10 wbytes=20 rios=3 wios=4 dbytes=5 dios=6\n");
    virTypedParameter t[3];
    g_assert_cmpint(mv_cgroup_total_cpu_stats(cg, VIR_FROM_LXC, t, 3), ==, 3);
    g_assert_cmpuint(t[0].value.ul, ==, 1500000);
    g_assert_cmpuint(t[1].value.ul, ==, 1000000);
    g_assert_cmpuint(t[2].value.ul, ==, 500000);
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_LXC, NULL, 0, t, 1, 0, 1), ==, -1);
    expect_err(VIR_FROM_LXC, VIR_ERR_OPERATION_INVALID, "cgroup CPUACCT controller is not mounted");
    long long rb = -1, wb = -1, rr = -1, wr = -1;
    g_assert_cmpint(mv_cgroup_get_blkio_stats(cg, &rb, &wb, &rr, &wr), ==, 0);
    g_assert_cmpint(rb, ==, 4106);
    g_assert_cmpint(wb, ==, 8212);
    g_assert_cmpint(rr, ==, 4);
    g_assert_cmpint(wr, ==, 6);
    /* a cgroup nothing was done in: an empty io.stat */
    put_in(cg->unified, "io.stat", "");
    g_assert_cmpint(mv_cgroup_get_blkio_stats(cg, &rb, &wb, &rr, &wr), ==, 0);
    g_assert_cmpint(rb + wb + rr + wr, ==, 0);
    put_in(cg->unified, "cpu.stat", "nr_periods 0\n");
    g_assert_cmpint(mv_cgroup_total_cpu_stats(cg, VIR_FROM_LXC, t, 3), ==, -1);
    expect_err(VIR_FROM_CGROUP, VIR_ERR_INTERNAL_ERROR, "usage_usec");
    mv_cgroup_free(cg);
}

/* Without the controllers: libvirt's errors. */
static void test_stats_missing(void)
{
    g_autofree char *m = mi("37 31 0:34 / @/s3/freezer rw - cgroup cgroup rw,freezer\n");
    mv_cgroup *cg = mv_cgroup_layout(m, "6:freezer:/\n", "leaf", 0);
    g_assert_nonnull(cg);
    virTypedParameter t[3];
    g_assert_cmpint(mv_cgroup_total_cpu_stats(cg, VIR_FROM_LXC, t, 0), ==, -1);
    expect_err(VIR_FROM_LXC, VIR_ERR_OPERATION_INVALID, "cgroup CPUACCT controller is not mounted");
    g_assert_cmpint(mv_cgroup_percpu_stats(cg, VIR_FROM_QEMU, NULL, 0, t, 0, 0, 0), ==, -1);
    expect_err(VIR_FROM_QEMU, VIR_ERR_OPERATION_INVALID, "cgroup CPUACCT controller is not mounted");
    long long rb, wb, rr, wr;
    g_assert_cmpint(mv_cgroup_get_blkio_stats(cg, &rb, &wb, &rr, &wr), ==, -1);
    expect_err(VIR_FROM_CGROUP, VIR_ERR_OPERATION_INVALID, "blkio cgroup isn't mounted");
    mv_cgroup_free(cg);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmp = g_dir_make_tmp("lxc-cg-XXXXXX", NULL);
    g_test_add_func("/lxc/cgroup/hybrid", test_hybrid);
    g_test_add_func("/lxc/cgroup/v2", test_v2);
    g_test_add_func("/lxc/cgroup/nested-mount", test_nested_mount);
    g_test_add_func("/lxc/cgroup/missing", test_missing);
    g_test_add_func("/lxc/cgroup/stats-v1", test_stats_v1);
    g_test_add_func("/lxc/cgroup/stats-v2", test_stats_v2);
    g_test_add_func("/lxc/cgroup/stats-missing", test_stats_missing);
    int ret = g_test_run();
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmp);
    if (system(rm) != 0)
        ret = 1;
    g_free(tmp);
    return ret;
}
