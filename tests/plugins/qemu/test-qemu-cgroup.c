/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-qemu-cgroup.c — each qemu guest in a cgroup of
 * its own: made at start with the limits of <memtune> and <cputune>, QEMU
 * in it, the CPU time per host CPU read from it, and none left once QEMU
 * is gone, destroyed or crashed. Real QEMU under TCG in an embed root;
 * runs where the cgroup hierarchies stay visible (the lxc tests'
 * run-in-netns.sh). */
#include "qemu-test.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static bool skip_without_qemu(void)
{
    if (qt_have_qemu())
        return false;
    g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
    return true;
}

/* The directory of PID's cgroup for controller CTRL (NULL: the cgroup2
 * one), from /proc/PID/cgroup and /proc/self/mountinfo; NULL if none. */
static char *cgroup_dir(int pid, const char *ctrl)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cgroup", pid);
    g_autofree char *cg = NULL, *mi = NULL;
    if (!g_file_get_contents(path, &cg, NULL, NULL) ||
        !g_file_get_contents("/proc/self/mountinfo", &mi, NULL, NULL))
        return NULL;
    g_autofree char *rel = NULL;
    g_auto(GStrv) lines = g_strsplit(cg, "\n", -1);
    for (char **l = lines; *l && !rel; l++) {
        g_auto(GStrv) f = g_strsplit(*l, ":", 3);
        if (g_strv_length(f) != 3)
            continue;
        g_auto(GStrv) ctrls = g_strsplit(f[1], ",", -1);
        if (ctrl ? g_strv_contains((const char *const *)ctrls, ctrl) : !strcmp(f[0], "0"))
            rel = g_strdup(f[2]);
    }
    if (!rel)
        return NULL;
    g_auto(GStrv) mounts = g_strsplit(mi, "\n", -1);
    for (char **l = mounts; *l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, " ", -1);
        guint n = g_strv_length(f), sep = 0;
        for (guint i = 6; i < n && !sep; i++)
            if (!strcmp(f[i], "-"))
                sep = i;
        if (!sep || sep + 3 >= n)
            continue;
        g_auto(GStrv) opts = g_strsplit(f[sep + 3], ",", -1);
        bool match = ctrl ? !strcmp(f[sep + 1], "cgroup") &&
                                g_strv_contains((const char *const *)opts, ctrl)
                          : !strcmp(f[sep + 1], "cgroup2");
        if (match && g_str_has_prefix(rel, f[3]))
            return g_build_filename(f[4], rel + (strcmp(f[3], "/") ? strlen(f[3]) : 0), NULL);
    }
    return NULL;
}

static char *read_stripped(const char *dir, const char *file)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    char *text = NULL;
    return g_file_get_contents(path, &text, NULL, NULL) ? g_strstrip(text) : NULL;
}

/* Each guest in a cgroup of its own, limited by <memtune> and <cputune>,
 * and no cgroup left once QEMU is gone, destroyed or crashed. */
static void test_cgroup(void)
{
    if (skip_without_qemu())
        return;
    if (geteuid() != 0) {
        g_test_skip("needs root to make cgroups");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    const char *xml =
        "<domain type='qemu'><name>cg</name><memory unit='MiB'>64</memory>"
        "<memtune><hard_limit unit='MiB'>256</hard_limit></memtune>"
        "<vcpu>1</vcpu><cputune><shares>512</shares></cputune>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QT_EMULATOR "</emulator></devices></domain>";
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    for (int round = 0; round < 2; round++) {
        if (virDomainCreate(dom) < 0)
            g_error("cannot start a guest with limits: %s", virGetLastErrorMessage());
        g_assert_true(qt_wait_event(&fx, "cg", VIR_DOMAIN_EVENT_STARTED,
                                    VIR_DOMAIN_EVENT_STARTED_BOOTED, 5000));
        int pid = qt_pid(&fx, "cg");
        g_assert_cmpint(pid, >, 0);
        g_autofree char *mem = cgroup_dir(pid, "memory");
        bool v2 = !mem;
        if (v2)
            mem = cgroup_dir(pid, NULL);
        g_assert_nonnull(mem);
        g_assert_nonnull(strstr(mem, "/mvqemu-"));
        g_assert_true(g_str_has_suffix(mem, "-cg"));
        g_autofree char *limit = read_stripped(mem, v2 ? "memory.max" : "memory.limit_in_bytes");
        g_assert_cmpstr(limit, ==, "268435456");
        g_autofree char *cpu = cgroup_dir(pid, "cpu");
        if (!cpu)
            cpu = cgroup_dir(pid, NULL);
        g_autofree char *weight = read_stripped(cpu, v2 && !strstr(cpu, "/cpu/") ? "cpu.weight"
                                                                               : "cpu.shares");
        g_assert_cmpstr(weight, ==, v2 && !strstr(cpu, "/cpu/") ? "20" : "512");
        g_autofree char *acct = cgroup_dir(pid, "cpuacct");
        if (acct) {
            /* v1 cpuacct: CPU time per host CPU, all of it the guest's */
            int hostcpus = virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0);
            g_assert_cmpint(hostcpus, ==, virNodeGetCPUMap(fx.conn, NULL, NULL, 0));
            g_autofree virTypedParameter *per = g_new0(virTypedParameter, hostcpus);
            g_assert_cmpint(virDomainGetCPUStats(dom, per, 1, 0, hostcpus, 0), ==, 1);
            unsigned long long sum = 0;
            for (int c = 0; c < hostcpus; c++)
                sum += per[c].value.ul;
            virTypedParameter total[1];
            g_assert_cmpint(virDomainGetCPUStats(dom, total, 1, -1, 1, 0), ==, 1);
            g_assert_cmpuint(sum, >, 0);
            g_assert_cmpuint(sum, <=, total[0].value.ul);
        }
        if (round == 0 && !v2) {
            /* The scheduler: shares and the guest's bandwidth live in
             * the cgroup; per-vCPU bandwidth only in the definition. */
            int n = 0;
            char *type = virDomainGetSchedulerType(dom, &n);
            g_assert_cmpstr(type, ==, "posix");
            free(type);
            g_assert_cmpint(n, ==, 9);
            virTypedParameter sp[9];
            g_assert_cmpint(virDomainGetSchedulerParameters(dom, sp, &n), ==, 0);
            g_assert_cmpint(n, ==, 9);
            g_assert_cmpstr(sp[0].field, ==, VIR_DOMAIN_SCHEDULER_CPU_SHARES);
            g_assert_cmpuint(sp[0].value.ul, ==, 512);
            g_assert_cmpstr(sp[6].field, ==, VIR_DOMAIN_SCHEDULER_GLOBAL_QUOTA);
            g_assert_cmpint(sp[6].value.l, ==, -1);
            virTypedParameterPtr set = NULL;
            int nset = 0, max = 0;
            g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &max,
                                                    VIR_DOMAIN_SCHEDULER_CPU_SHARES, 1024), ==, 0);
            g_assert_cmpint(virTypedParamsAddLLong(&set, &nset, &max,
                                                   VIR_DOMAIN_SCHEDULER_GLOBAL_QUOTA, 50000), ==, 0);
            g_assert_cmpint(virDomainSetSchedulerParameters(dom, set, nset), ==, 0);
            g_autofree char *shares = read_stripped(cpu, "cpu.shares");
            g_assert_cmpstr(shares, ==, "1024");
            g_autofree char *quota = read_stripped(cpu, "cpu.cfs_quota_us");
            g_assert_cmpstr(quota, ==, "50000");
            virTypedParamsFree(set, nset);
            set = NULL;
            nset = max = 0;
            g_assert_cmpint(virTypedParamsAddLLong(&set, &nset, &max,
                                                   VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, 20000), ==, 0);
            g_assert_cmpint(virDomainSetSchedulerParameters(dom, set, nset), ==, -1);
            g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_UNSUPPORTED);
            g_assert_cmpint(virDomainSetSchedulerParametersFlags(dom, set, nset,
                                                                 VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
            virTypedParamsFree(set, nset);
            n = 9;
            g_assert_cmpint(virDomainGetSchedulerParametersFlags(dom, sp, &n,
                                                                 VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
            g_assert_cmpint(sp[2].value.l, ==, 20000);
            g_assert_cmpuint(sp[0].value.ul, ==, 512);
        }
        if (round == 0) {
            g_assert_cmpint(virDomainDestroy(dom), ==, 0);
        } else {
            g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
            g_assert_true(qt_wait_event(&fx, "cg", VIR_DOMAIN_EVENT_STOPPED,
                                        VIR_DOMAIN_EVENT_STOPPED_FAILED, 5000));
        }
        g_assert_false(g_file_test(mem, G_FILE_TEST_EXISTS));
        g_assert_false(g_file_test(cpu, G_FILE_TEST_EXISTS));
    }
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);

    /* Without <memtune>, QEMU (which needs more than its guest's memory)
     * is not limited to <memory>, as with libvirt. */
    g_autofree char *plain = qt_guest_xml("cgplain", "qemu", NULL);
    dom = virDomainCreateXML(fx.conn, plain, 0);
    g_assert_nonnull(dom);
    int pid = qt_pid(&fx, "cgplain");
    g_autofree char *mem = cgroup_dir(pid, "memory");
    bool v2 = !mem;
    if (v2)
        mem = cgroup_dir(pid, NULL);
    g_assert_nonnull(strstr(mem, "/mvqemu-"));
    g_autofree char *limit = read_stripped(mem, v2 ? "memory.max" : "memory.limit_in_bytes");
    g_assert_nonnull(limit);
    g_assert_cmpstr(limit, !=, "67108864");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_false(g_file_test(mem, G_FILE_TEST_EXISTS));
    virDomainFree(dom);
    qt_fx_close(&fx);
}


int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu/cgroup", test_cgroup);
    return g_test_run();
}
