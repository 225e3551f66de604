/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-stats.c — a container's CPU and block I/O
 * statistics from its cgroup, as libvirt's lxc driver gives them: a
 * container that burns CPU then sleeps has a total CPU time (and user and
 * system time) equal to what its cgroup's files say, and per host CPU
 * times that add up to it; a container that writes with O_DIRECT to its
 * (block-backed) root has block counters that moved and equal the sums
 * of its blkio files; libvirt's errors for a stopped domain, a start_cpu
 * past the host's CPUs, a path that is not "" and unknown flags; the same
 * through mvsh cpu-stats and domblkstat. */
#include "lxc-test.h"

static lxc_fx fx;

static void expect_error(int code, const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->code, ==, code);
    g_assert_cmpint(e->domain, ==, VIR_FROM_LXC);
    g_assert_cmpstr(e->message, ==, msg);
}

static unsigned long long file_ull(const char *dir, const char *file)
{
    g_autofree char *s = lxc_out("cat '%s/%s'", dir, file);
    return g_ascii_strtoull(s, NULL, 10);
}

/* The value after KEY in cpuacct.stat. */
static unsigned long long stat_ticks(const char *dir, const char *key)
{
    g_autofree char *s = lxc_out("awk '$1 == \"%s\" {print $2}' '%s/cpuacct.stat'", key, dir);
    return g_ascii_strtoull(s, NULL, 10);
}

/* The sum of the "OP" entries of a blkio.throttle file, every device. */
static long long blkio_sum(const char *dir, const char *file, const char *op)
{
    g_autofree char *s = lxc_out("awk 'NF == 3 && $2 == \"%s\" {n += $3} END {print n + 0}' "
                                 "'%s/%s'", op, dir, file);
    return g_ascii_strtoll(s, NULL, 10);
}

static unsigned long long param_ull(virTypedParameterPtr p, const char *field)
{
    g_assert_cmpstr(p->field, ==, field);
    g_assert_cmpint(p->type, ==, VIR_TYPED_PARAM_ULLONG);
    return p->value.ul;
}

static void test_cpu(void)
{
    g_autofree char *xml = lxc_xml(&fx, "burn",
        "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo burnt; exec sleep 1000",
        NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_free(lxc_console_expect(dom, "burnt"));
    g_autofree char *dir = lxc_cgroup_dir(lxc_init_pid(dom), "cpuacct");
    if (!*dir) {
        g_test_skip("no v1 cpuacct hierarchy to compare with");
        virDomainDestroy(dom);
        virDomainUndefine(dom);
        virDomainFree(dom);
        return;
    }
    long hz = sysconf(_SC_CLK_TCK);
    unsigned long long tick = 1000000000ULL / (unsigned long long)hz;

    /* the totals: 3 of them, as the cgroup's files say (the container
     * sleeps, so they no longer move: read around the call) */
    g_assert_cmpint(virDomainGetCPUStats(dom, NULL, 0, -1, 1, 0), ==, 3);
    virTypedParameter t[3];
    unsigned long long usage0 = file_ull(dir, "cpuacct.usage");
    unsigned long long user0 = stat_ticks(dir, "user") * tick;
    unsigned long long sys0 = stat_ticks(dir, "system") * tick;
    g_assert_cmpint(virDomainGetCPUStats(dom, t, 3, -1, 1, 0), ==, 3);
    unsigned long long usage1 = file_ull(dir, "cpuacct.usage");
    unsigned long long user1 = stat_ticks(dir, "user") * tick;
    unsigned long long sys1 = stat_ticks(dir, "system") * tick;
    unsigned long long total = param_ull(&t[0], VIR_DOMAIN_CPU_STATS_CPUTIME);
    unsigned long long user = param_ull(&t[1], VIR_DOMAIN_CPU_STATS_USERTIME);
    unsigned long long sys = param_ull(&t[2], VIR_DOMAIN_CPU_STATS_SYSTEMTIME);
    g_assert_cmpuint(total, >, 100000000ULL);   /* the loop burnt >0.1 s */
    g_assert_cmpuint(total, >=, usage0);
    g_assert_cmpuint(total, <=, usage1);
    g_assert_cmpuint(user, >=, user0);
    g_assert_cmpuint(user, <=, user1);
    g_assert_cmpuint(sys, >=, sys0);
    g_assert_cmpuint(sys, <=, sys1);
    g_assert_cmpuint(user, >, 0);
    /* ticks are sampled: their sum is the total within a few of them */
    g_assert_cmpuint(user + sys, <=, total + total / 10 + 4 * tick);
    g_assert_cmpuint(user + sys + total / 10 + 4 * tick, >=, total);
    /* fewer parameters asked for: fewer filled */
    virTypedParameter one[1];
    g_assert_cmpint(virDomainGetCPUStats(dom, one, 1, -1, 1, 0), ==, 1);
    g_assert_cmpuint(param_ull(&one[0], VIR_DOMAIN_CPU_STATS_CPUTIME), >=, usage0);

    /* per host CPU: the host's count, one parameter each, adding up */
    int ncpus = virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0);
    g_assert_cmpint(ncpus, ==, virNodeGetCPUMap(fx.conn, NULL, NULL, 0));
    g_assert_cmpint(virDomainGetCPUStats(dom, NULL, 0, 0, 1, 0), ==, 1);
    g_autofree virTypedParameter *per = g_new0(virTypedParameter, ncpus);
    g_assert_cmpint(virDomainGetCPUStats(dom, per, 1, 0, (unsigned int)ncpus, 0), ==, 1);
    unsigned long long sum = 0;
    for (int c = 0; c < ncpus; c++)
        sum += param_ull(&per[c], VIR_DOMAIN_CPU_STATS_CPUTIME);
    g_test_message("cpu_time %llu user_time %llu system_time %llu, per-CPU sum %llu", total,
                   user, sys, sum);
    g_assert_cmpuint(sum, >=, usage0 - usage0 / 100);
    g_assert_cmpuint(sum, <=, usage1 + usage1 / 100);
    /* from the last CPU, more asked for than there are: only it */
    virTypedParameter last[2];
    memset(last, 0, sizeof(last));
    g_assert_cmpint(virDomainGetCPUStats(dom, last, 1, ncpus - 1, 2, 0), ==, 1);
    g_assert_cmpuint(param_ull(&last[0], VIR_DOMAIN_CPU_STATS_CPUTIME), >=,
                     per[ncpus - 1].value.ul);
    g_assert_cmpstr(last[1].field, ==, "");
    /* past the host's CPUs */
    g_autofree char *msg = g_strdup_printf(
        "invalid argument: start_cpu %d larger than maximum of %d", ncpus, ncpus - 1);
    g_assert_cmpint(virDomainGetCPUStats(dom, per, 1, ncpus, 1, 0), ==, -1);
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->code, ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(e->message, ==, msg);
    /* flags */
    g_assert_cmpint(virDomainGetCPUStats(dom, t, 3, -1, 1, 1), ==, -1);
    expect_error(VIR_ERR_INVALID_ARG,
                 "unsupported flags (0x1) in function lxcDomainGetCPUStats");

    /* mvsh cpu-stats shows the same total */
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    g_autofree char *mvsh = g_build_filename(build ? build : ".", "tools/mvsh/mvsh", NULL);
    g_autofree char *out = lxc_out("'%s' -c '%s' cpu-stats burn --total", mvsh, fx.uri);
    g_autofree char *want = g_strdup_printf("%llu.%09llu seconds", total / 1000000000ULL,
                                            total % 1000000000ULL);
    if (!strstr(out, want))
        g_error("mvsh cpu-stats showed:\n%s\nnot %s", out, want);

    /* stopped: libvirt's "domain is not running" */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainGetCPUStats(dom, t, 3, -1, 1, 0), ==, -1);
    expect_error(VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0), ==, -1);
    expect_error(VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is not running");
    lxc_assert_gone(&fx, "burn");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

static void test_block(void)
{
    /* 64 direct writes of 64 KiB to the container's root (a bind mount of
     * a directory of the test's temporary root) */
    g_autofree char *xml = lxc_xml(&fx, "writer",
        "dd if=/dev/zero of=/direct.out bs=64k count=64 oflag=direct 2>/dev/null && "
        "echo written; exec sleep 1000", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_free(lxc_console_expect(dom, "written"));
    g_autofree char *dir = lxc_cgroup_dir(lxc_init_pid(dom), "blkio");
    g_autofree char *fstype = lxc_out("stat -f -c %%T '%s'", fx.rootfs);
    if (!*dir) {
        g_test_skip("no v1 blkio hierarchy to compare with");
        virDomainDestroy(dom);
        virDomainUndefine(dom);
        virDomainFree(dom);
        return;
    }
    static const char *bytes_file = "blkio.throttle.io_service_bytes";
    static const char *ios_file = "blkio.throttle.io_serviced";

    /* the whole container's counters, as its blkio files sum them (read
     * around the call) */
    long long rb0 = blkio_sum(dir, bytes_file, "Read"), wb0 = blkio_sum(dir, bytes_file, "Write");
    long long rr0 = blkio_sum(dir, ios_file, "Read"), wr0 = blkio_sum(dir, ios_file, "Write");
    virDomainBlockStatsStruct s;
    g_assert_cmpint(virDomainBlockStats(dom, "", &s, sizeof(s)), ==, 0);
    long long rb1 = blkio_sum(dir, bytes_file, "Read"), wb1 = blkio_sum(dir, bytes_file, "Write");
    long long rr1 = blkio_sum(dir, ios_file, "Read"), wr1 = blkio_sum(dir, ios_file, "Write");
    g_assert_cmpint(s.rd_bytes, >=, rb0);
    g_assert_cmpint(s.rd_bytes, <=, rb1);
    g_assert_cmpint(s.wr_bytes, >=, wb0);
    g_assert_cmpint(s.wr_bytes, <=, wb1);
    g_assert_cmpint(s.rd_req, >=, rr0);
    g_assert_cmpint(s.rd_req, <=, rr1);
    g_assert_cmpint(s.wr_req, >=, wr0);
    g_assert_cmpint(s.wr_req, <=, wr1);
    g_assert_cmpint(s.errs, ==, -1);   /* not counted */
    g_test_message("root on %s: rd_bytes %lld rd_req %lld wr_bytes %lld wr_req %lld", fstype,
                   s.rd_bytes, s.rd_req, s.wr_bytes, s.wr_req);
    /* the direct writes were counted where the root is on a block device
     * and the kernel accounts them to the writer's blkio group (some do
     * not: the group's own files then say 0 too, and the bounds above
     * prove nothing) */
    bool blockdev = strcmp(fstype, "tmpfs") && strcmp(fstype, "overlayfs");
    bool counted = wb1 > 0;
    if (blockdev && counted) {
        g_assert_cmpint(s.wr_bytes, >=, 64 * 65536);
        g_assert_cmpint(s.wr_req, >=, 1);
    } else {
        g_test_message("root on %s: no block device counts the writes", fstype);
    }

    /* typed: 4 of them, in libvirt's lxc order */
    int n = 0;
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "", NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 4);
    virTypedParameter p[4];
    n = 4;
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "", p, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 4);
    const char *names[] = { VIR_DOMAIN_BLOCK_STATS_WRITE_BYTES, VIR_DOMAIN_BLOCK_STATS_WRITE_REQ,
                            VIR_DOMAIN_BLOCK_STATS_READ_BYTES, VIR_DOMAIN_BLOCK_STATS_READ_REQ };
    long long vals[] = { s.wr_bytes, s.wr_req, s.rd_bytes, s.rd_req };
    long long after[] = { wb1, wr1, rb1, rr1 };
    for (int i = 0; i < 4; i++) {
        g_assert_cmpstr(p[i].field, ==, names[i]);
        g_assert_cmpint(p[i].type, ==, VIR_TYPED_PARAM_LLONG);
        g_assert_cmpint(p[i].value.l, >=, vals[i]);
        g_assert_cmpint(p[i].value.l, <=, after[i] + (after[i] - vals[i]) + 1048576);
    }
    n = 2;
    memset(p, 0, sizeof(p));
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "", p, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 2);
    g_assert_cmpstr(p[1].field, ==, VIR_DOMAIN_BLOCK_STATS_WRITE_REQ);
    g_assert_cmpstr(p[2].field, ==, "");

    /* a container has no disks */
    g_assert_cmpint(virDomainBlockStats(dom, "vda", &s, sizeof(s)), ==, -1);
    expect_error(VIR_ERR_INVALID_ARG, "invalid argument: invalid path: vda");
    n = 4;
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "vda", p, &n, 0), ==, -1);
    expect_error(VIR_ERR_INVALID_ARG, "invalid argument: invalid path: vda");
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "", p, &n, 1), ==, -1);
    expect_error(VIR_ERR_INVALID_ARG,
                 "unsupported flags (0x1) in function lxcDomainBlockStatsFlags");

    /* mvsh domblkstat: the whole container's counters, no error count */
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    g_autofree char *mvsh = g_build_filename(build ? build : ".", "tools/mvsh/mvsh", NULL);
    g_autofree char *out = lxc_out("'%s' -c '%s' domblkstat writer", mvsh, fx.uri);
    g_assert_cmpint(virDomainBlockStats(dom, "", &s, sizeof(s)), ==, 0);
    g_autofree char *want = g_strdup_printf(" wr_bytes %lld", s.wr_bytes);
    if (!strstr(out, want) || strstr(out, "errs"))
        g_error("mvsh domblkstat showed:\n%s", out);

    /* stopped */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainBlockStats(dom, "", &s, sizeof(s)), ==, -1);
    expect_error(VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "", p, &n, 0), ==, -1);
    expect_error(VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is not running");
    /* the count needs no domain, as libvirt's */
    n = 0;
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "", NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 4);
    lxc_assert_gone(&fx, "writer");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    if (blockdev && !counted)
        g_test_skip("this kernel accounted none of the container's direct writes to its "
                    "blkio group: the counters could not be compared with real traffic");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (lxc_skip_all())
        return 0;
    lxc_fx_open(&fx);
    g_test_add_func("/lxc/stats/cpu", test_cpu);
    g_test_add_func("/lxc/stats/block", test_block);
    int ret = g_test_run();
    lxc_fx_close(&fx);
    return ret;
}
