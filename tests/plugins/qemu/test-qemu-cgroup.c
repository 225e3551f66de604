/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-qemu-cgroup.c — each qemu guest in a cgroup of
 * its own: made at start with the limits of <memtune>, <cputune> and
 * <blkiotune>, QEMU in it, the CPU time per host CPU read from it, and
 * none left once QEMU is gone, destroyed or crashed. Real QEMU under TCG in an embed root;
 * runs where the cgroup hierarchies stay visible (the lxc tests'
 * run-in-netns.sh). */
#include "qemu-test.h"

#include <modvirt-plugin/cgroup.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
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
        /* QEMU's main thread is in the guest's "emulator" child */
        g_autofree char *emu = cgroup_dir(pid, "cpu");
        if (!emu)
            emu = cgroup_dir(pid, NULL);
        g_assert_true(g_str_has_suffix(emu, "/emulator"));
        g_autofree char *cpu = g_path_get_dirname(emu);
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
             * the guest's cgroup; a per-vCPU bandwidth set in the
             * persistent definition only is not applied live. */
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
            g_assert_cmpint(virDomainSetSchedulerParametersFlags(dom, set, nset,
                                                                 VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
            virTypedParamsFree(set, nset);
            n = 9;
            g_assert_cmpint(virDomainGetSchedulerParametersFlags(dom, sp, &n,
                                                                 VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
            g_assert_cmpint(sp[2].value.l, ==, 20000);
            g_assert_cmpuint(sp[0].value.ul, ==, 512);
            g_autofree char *vq = read_stripped(cpu, "vcpu0/cpu.cfs_quota_us");
            g_assert_cmpstr(vq, ==, "-1");
        }
        if (round == 0) {
            g_assert_cmpint(virDomainDestroy(dom), ==, 0);
        } else {
            g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
            g_assert_true(qt_wait_event(&fx, "cg", VIR_DOMAIN_EVENT_STOPPED,
                                        VIR_DOMAIN_EVENT_STOPPED_FAILED, 5000));
        }
        g_assert_false(g_file_test(mem, G_FILE_TEST_EXISTS));
        g_assert_false(g_file_test(emu, G_FILE_TEST_EXISTS));
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

/* The file listing the threads of a child cgroup: "tasks" on v1,
 * "cgroup.threads" on v2. */
static char *thread_list(const char *dir)
{
    char *ids = read_stripped(dir, "tasks");
    return ids ? ids : read_stripped(dir, "cgroup.threads");
}

static bool lists(const char *dir, int tid)
{
    g_autofree char *ids = thread_list(dir);
    g_auto(GStrv) v = g_strsplit(ids ? ids : "", "\n", -1);
    for (char **p = v; *p; p++)
        if (atoi(*p) == tid)
            return true;
    return false;
}

/* Each thread of QEMU PID is in its child of DIR: "CPU N/TCG" (QEMU's
 * name for vCPU N's thread) in vcpuN, every other one in emulator.
 * Returns the number of vCPU threads seen. */
static int check_threads(int pid, const char *dir)
{
    g_autofree char *task = g_strdup_printf("/proc/%d/task", pid);
    GDir *d = g_dir_open(task, 0, NULL);
    g_assert_nonnull(d);
    g_autofree char *emu = g_build_filename(dir, "emulator", NULL);
    int vcpus = 0;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        int tid = atoi(name);
        g_autofree char *commp = g_strdup_printf("%s/%s/comm", task, name);
        g_autofree char *comm = NULL;
        if (!g_file_get_contents(commp, &comm, NULL, NULL))
            continue;   /* ended meanwhile */
        int n = -1;
        if (sscanf(comm, "CPU %d/TCG", &n) == 1) {
            g_autofree char *leaf = g_strdup_printf("vcpu%d", n);
            g_autofree char *vdir = g_build_filename(dir, leaf, NULL);
            if (!lists(vdir, tid))
                g_error("vCPU %d's thread %d is not in %s", n, tid, vdir);
            g_assert_false(lists(emu, tid));
            vcpus++;
        } else if (!lists(emu, tid)) {
            g_error("thread %d (%s) is not in %s", tid, g_strstrip(comm), emu);
        }
    }
    g_dir_close(d);
    return vcpus;
}

/* The vCPU time per host CPU, summed over the CPUs. */
static unsigned long long vcpu_time(virDomainPtr dom, int hostcpus)
{
    g_assert_cmpint(virDomainGetCPUStats(dom, NULL, 0, 0, 1, 0), ==, 2);
    g_autofree virTypedParameter *per = g_new0(virTypedParameter, 2 * hostcpus);
    g_assert_cmpint(virDomainGetCPUStats(dom, per, 2, 0, hostcpus, 0), ==, 2);
    unsigned long long cpu = 0, vcpu = 0;
    for (int c = 0; c < hostcpus; c++) {
        g_assert_cmpstr(per[2 * c].field, ==, VIR_DOMAIN_CPU_STATS_CPUTIME);
        g_assert_cmpstr(per[2 * c + 1].field, ==, VIR_DOMAIN_CPU_STATS_VCPUTIME);
        cpu += per[2 * c].value.ul;
        vcpu += per[2 * c + 1].value.ul;
    }
    g_assert_cmpuint(vcpu, <=, cpu);
    return vcpu;
}

static void set_one(virDomainPtr dom, const char *field, bool ll, long long val, int want)
{
    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    if (ll)
        g_assert_cmpint(virTypedParamsAddLLong(&set, &nset, &max, field, val), ==, 0);
    else
        g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &max, field,
                                                (unsigned long long)val), ==, 0);
    int r = virDomainSetSchedulerParametersFlags(dom, set, nset, VIR_DOMAIN_AFFECT_LIVE);
    if (r != want)
        g_error("setting %s to %lld: %d (%s)", field, val, r, virGetLastErrorMessage());
    virTypedParamsFree(set, nset);
}

/* The threads' cgroups, as libvirt makes them: each vCPU thread in its
 * vcpuN child, the rest in emulator, each with its <cputune> bandwidth
 * and pin; changed live, read back (also by mvsh schedinfo), the vCPUs'
 * CPU time per host CPU from them, a plugged vCPU in a new child, and no
 * child left after destroy, a SIGKILL, or a SIGKILL found later. */
static void test_threads(void)
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
        "<domain type='qemu'><name>cgt</name><memory unit='MiB'>64</memory>"
        "<vcpu current='2'>3</vcpu>"
        "<cputune><vcpupin vcpu='0' cpuset='0'/><period>100000</period><quota>60000</quota>"
        "<emulator_period>50000</emulator_period><emulator_quota>40000</emulator_quota>"
        "</cputune>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QT_EMULATOR "</emulator></devices></domain>";
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    /* the I/O threads' bandwidth is kept in the persistent <cputune> */
    virTypedParameterPtr io = NULL;
    int nio = 0, maxio = 0;
    virTypedParamsAddULLong(&io, &nio, &maxio, VIR_DOMAIN_SCHEDULER_IOTHREAD_PERIOD, 200000);
    virTypedParamsAddLLong(&io, &nio, &maxio, VIR_DOMAIN_SCHEDULER_IOTHREAD_QUOTA, 50000);
    g_assert_cmpint(virDomainSetSchedulerParametersFlags(dom, io, nio, VIR_DOMAIN_AFFECT_CONFIG),
                    ==, 0);
    virTypedParamsFree(io, nio);
    virTypedParameter cp[9];
    int ncp = 9;
    g_assert_cmpint(virDomainGetSchedulerParametersFlags(dom, cp, &ncp, VIR_DOMAIN_AFFECT_CONFIG),
                    ==, 0);
    g_assert_cmpint(ncp, ==, 9);
    g_assert_cmpuint(cp[7].value.ul, ==, 200000);
    g_assert_cmpint(cp[8].value.l, ==, 50000);
    g_autofree char *kept = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(kept, "<iothread_period>200000</iothread_period>\n"
                                  "    <iothread_quota>50000</iothread_quota>"));
    for (int round = 0; round < 3; round++) {
        if (virDomainCreate(dom) < 0)
            g_error("cannot start a guest with vCPU bandwidth: %s", virGetLastErrorMessage());
        g_assert_true(qt_wait_event(&fx, "cgt", VIR_DOMAIN_EVENT_STARTED,
                                    VIR_DOMAIN_EVENT_STARTED_BOOTED, 5000));
        int pid = qt_pid(&fx, "cgt");
        g_assert_cmpint(pid, >, 0);
        /* QEMU's main thread is in the emulator child of the guest's */
        g_autofree char *emu = cgroup_dir(pid, "cpu");
        bool v2 = !emu;
        if (v2)
            emu = cgroup_dir(pid, NULL);
        g_assert_nonnull(emu);
        g_assert_true(g_str_has_suffix(emu, "-cgt/emulator"));
        g_autofree char *dir = g_path_get_dirname(emu);
        g_autofree char *vcpu0 = g_build_filename(dir, "vcpu0", NULL);
        g_autofree char *vcpu1 = g_build_filename(dir, "vcpu1", NULL);
        g_autofree char *vcpu2 = g_build_filename(dir, "vcpu2", NULL);
        g_assert_cmpint(check_threads(pid, dir), ==, 2);
        g_assert_false(g_file_test(vcpu2, G_FILE_TEST_EXISTS));
        g_autofree char *acct = cgroup_dir(pid, "cpuacct");
        g_autofree char *cpuset = cgroup_dir(pid, "cpuset");
        if (round == 1 && !v2) {
            /* every hierarchy of the three has the children */
            g_assert_true(g_str_has_suffix(acct, "-cgt/emulator"));
            g_assert_true(g_str_has_suffix(cpuset, "-cgt/emulator"));
            g_autofree char *pin = read_stripped(cpuset, "../vcpu0/cpuset.cpus");
            g_assert_cmpstr(pin, ==, "0");
        }
        if (round == 0 && !v2) {
            /* the definition's bandwidths, one per child */
            const char *const want[][3] = {
                { "vcpu0", "100000", "60000" }, { "vcpu1", "100000", "60000" },
                { "emulator", "50000", "40000" },
            };
            for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
                g_autofree char *child = g_build_filename(dir, want[i][0], NULL);
                g_autofree char *period = read_stripped(child, "cpu.cfs_period_us");
                g_autofree char *quota = read_stripped(child, "cpu.cfs_quota_us");
                g_assert_cmpstr(period, ==, want[i][1]);
                g_assert_cmpstr(quota, ==, want[i][2]);
            }
            g_autofree char *global = read_stripped(dir, "cpu.cfs_quota_us");
            g_assert_cmpstr(global, ==, "-1");

            /* changed live: in every vCPU's child, the emulator's */
            set_one(dom, VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, true, 30000, 0);
            set_one(dom, VIR_DOMAIN_SCHEDULER_EMULATOR_PERIOD, false, 80000, 0);
            g_autofree char *q0 = read_stripped(vcpu0, "cpu.cfs_quota_us");
            g_autofree char *q1 = read_stripped(vcpu1, "cpu.cfs_quota_us");
            g_autofree char *ep = read_stripped(emu, "cpu.cfs_period_us");
            g_autofree char *eq = read_stripped(emu, "cpu.cfs_quota_us");
            g_assert_cmpstr(q0, ==, "30000");
            g_assert_cmpstr(q1, ==, "30000");
            g_assert_cmpstr(ep, ==, "80000");
            g_assert_cmpstr(eq, ==, "40000");
            /* libvirt's range check, and nothing changed */
            set_one(dom, VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, true, 999, -1);
            g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
            g_assert_cmpstr(virGetLastErrorMessage(), ==,
                            "invalid argument: value of 'vcpu_quota' is out of range "
                            "[1000, 17592186044415]");
            g_autofree char *q0b = read_stripped(vcpu0, "cpu.cfs_quota_us");
            g_assert_cmpstr(q0b, ==, "30000");
            /* read back from the children */
            virTypedParameter sp[9];
            int n = 9;
            g_assert_cmpint(virDomainGetSchedulerParametersFlags(dom, sp, &n,
                                                                 VIR_DOMAIN_AFFECT_LIVE), ==, 0);
            g_assert_cmpint(n, ==, 9);
            g_assert_cmpstr(sp[1].field, ==, VIR_DOMAIN_SCHEDULER_VCPU_PERIOD);
            g_assert_cmpuint(sp[1].value.ul, ==, 100000);
            g_assert_cmpint(sp[2].value.l, ==, 30000);
            g_assert_cmpuint(sp[3].value.ul, ==, 80000);
            g_assert_cmpint(sp[4].value.l, ==, 40000);
            g_assert_cmpint(sp[6].value.l, ==, -1);
            g_assert_cmpstr(sp[7].field, ==, VIR_DOMAIN_SCHEDULER_IOTHREAD_PERIOD);
            g_assert_cmpuint(sp[7].value.ul, ==, 0);
            /* a vCPU's child written behind our back is what is read */
            g_autofree char *qpath = g_build_filename(vcpu0, "cpu.cfs_quota_us", NULL);
            FILE *f = fopen(qpath, "w");
            g_assert_nonnull(f);
            g_assert_cmpint(fputs("25000", f), >=, 0);
            g_assert_cmpint(fclose(f), ==, 0);
            int status = 0;
            g_autofree char *out = qt_mvsh(&fx, &status, "schedinfo cgt --live");
            if (out) {
                g_assert_cmpint(status, ==, 0);
                g_assert_nonnull(strstr(out, "vcpu_quota     : 25000"));
                g_assert_nonnull(strstr(out, "emulator_period: 80000"));
            }
            g_autofree char *set = qt_mvsh(&fx, &status,
                                           "schedinfo cgt --live --set emulator_quota=20000");
            if (set) {
                g_assert_cmpint(status, ==, 0);
                g_assert_nonnull(strstr(set, "emulator_quota : 20000"));
                g_autofree char *eq2 = read_stripped(emu, "cpu.cfs_quota_us");
                g_assert_cmpstr(eq2, ==, "20000");
            }

            /* the vCPUs' CPU time per host CPU from their children */
            int hostcpus = virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0);
            g_assert_cmpint(hostcpus, >, 0);
            unsigned long long first = vcpu_time(dom, hostcpus), later = first;
            for (int i = 0; i < 200 && later <= first; i++) {
                g_usleep(50 * 1000);
                later = vcpu_time(dom, hostcpus);
            }
            g_assert_cmpuint(later, >, first);
            g_autofree char *stats = qt_mvsh(&fx, &status, "cpu-stats cgt --start 0 --count 1");
            if (stats) {
                g_assert_cmpint(status, ==, 0);
                g_assert_nonnull(strstr(stats, "vcpu_time"));
            }

            /* a plugged vCPU gets its child, with the bandwidth */
            if (virDomainSetVcpusFlags(dom, 3, VIR_DOMAIN_AFFECT_LIVE) < 0)
                g_error("cannot plug a vCPU: %s", virGetLastErrorMessage());
            g_assert_cmpint(check_threads(pid, dir), ==, 3);
            g_autofree char *q2 = read_stripped(vcpu2, "cpu.cfs_quota_us");
            g_assert_cmpstr(q2, ==, "30000");
        }
        if (round == 0) {
            g_assert_cmpint(virDomainDestroy(dom), ==, 0);
        } else if (round == 1) {
            g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
            g_assert_true(qt_wait_event(&fx, "cgt", VIR_DOMAIN_EVENT_STOPPED,
                                        VIR_DOMAIN_EVENT_STOPPED_FAILED, 5000));
        } else {
            /* killed while no process watched: found dead by the next
             * one, from the directories its status file keeps */
            virDomainFree(dom);
            qt_fx_close_last(&fx);
            qt_kill_wait(pid);
            g_assert_true(g_file_test(vcpu0, G_FILE_TEST_IS_DIR));
            qt_fx_reopen(&fx);
            dom = virDomainLookupByName(fx.conn, "cgt");
            g_assert_nonnull(dom);
            g_assert_cmpint(virDomainIsActive(dom), ==, 0);
        }
        g_assert_false(g_file_test(emu, G_FILE_TEST_EXISTS));
        g_assert_false(g_file_test(vcpu0, G_FILE_TEST_EXISTS));
        g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
        if (acct)
            g_assert_false(g_file_test(acct, G_FILE_TEST_EXISTS));
        if (cpuset)
            g_assert_false(g_file_test(cpuset, G_FILE_TEST_EXISTS));
    }
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* The thread id of QEMU's thread named COMM (debug-threads=on names an
 * I/O thread "IO iothreadN"), or 0. */
static int thread_named(int pid, const char *comm)
{
    g_autofree char *task = g_strdup_printf("/proc/%d/task", pid);
    GDir *d = g_dir_open(task, 0, NULL);
    g_assert_nonnull(d);
    const char *name;
    int found = 0;
    while ((name = g_dir_read_name(d)) && !found) {
        g_autofree char *path = g_strdup_printf("%s/%s/comm", task, name);
        g_autofree char *text = NULL;
        if (g_file_get_contents(path, &text, NULL, NULL) && !strcmp(g_strstrip(text), comm))
            found = atoi(name);
    }
    g_dir_close(d);
    return found;
}

/* Thread TID's Cpus_allowed_list. */
static char *thread_cpus(int pid, int tid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/task/%d/status", pid, tid);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    const char *p = strstr(text, "Cpus_allowed_list:");
    g_assert_nonnull(p);
    p += strlen("Cpus_allowed_list:");
    p += strspn(p, " \t");
    return g_strndup(p, strcspn(p, "\n"));
}

/* The IOThreadInfo entry of ID in LIST (N entries), or NULL. */
static virDomainIOThreadInfoPtr info_of(virDomainIOThreadInfoPtr *list, int n, unsigned int id)
{
    for (int i = 0; i < n; i++)
        if (list[i]->iothread_id == id)
            return list[i];
    return NULL;
}

static void info_free(virDomainIOThreadInfoPtr *list, int n)
{
    for (int i = 0; i < n; i++)
        virDomainIOThreadInfoFree(list[i]);
    free(list);
}

/* The I/O threads QEMU runs for <iothreads>: listed with their threads'
 * affinity (a <iothreadpin>, else the <vcpu cpuset>, applied at start,
 * while the other threads of QEMU take the <vcpu cpuset>), pinned live (the thread's
 * Cpus_allowed_list, its iothreadN cgroup's cpuset.cpus, the live XML)
 * and in the persistent definition (saved), libvirt's errors changing
 * nothing; threads added and removed live (object-add/object-del, their
 * cgroup child with the I/O threads' bandwidth) and in the persistent
 * definition; the definition's maps when stopped. */
static void test_iothreads(void)
{
    if (skip_without_qemu())
        return;
    if (geteuid() != 0) {
        g_test_skip("needs root to make cgroups");
        return;
    }
    long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpus < 2) {
        g_test_skip("needs two online host CPUs");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    const char *xml =
        "<domain type='qemu'><name>iot</name><memory unit='MiB'>64</memory>"
        "<vcpu cpuset='0'>1</vcpu><iothreads>2</iothreads>"
        "<cputune><iothreadpin iothread='2' cpuset='1'/>"
        "<iothread_period>100000</iothread_period><iothread_quota>50000</iothread_quota>"
        "</cputune>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QT_EMULATOR "</emulator></devices></domain>";
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    /* inactive: the definition's threads, thread 1 on the <vcpu cpuset> */
    virDomainIOThreadInfoPtr *list = NULL;
    int n = virDomainGetIOThreadInfo(dom, &list, 0);
    g_assert_cmpint(n, ==, 2);
    g_assert_cmpuint(list[0]->iothread_id, ==, 1);
    g_assert_cmpuint(list[1]->iothread_id, ==, 2);
    g_assert_cmpint(list[0]->cpumaplen, ==, 1);
    g_assert_cmpint(list[0]->cpumap[0], ==, 0x1);
    g_assert_cmpint(list[1]->cpumaplen, ==, 1);
    g_assert_cmpint(list[1]->cpumap[0], ==, 0x2);
    info_free(list, n);

    int asked = qt_qmp_sent("query-iothreads");
    g_assert_cmpint(asked, >=, 0);
    if (virDomainCreate(dom) < 0)
        g_error("cannot start a guest with I/O threads: %s", virGetLastErrorMessage());
    g_assert_true(qt_wait_event(&fx, "iot", VIR_DOMAIN_EVENT_STARTED,
                                VIR_DOMAIN_EVENT_STARTED_BOOTED, 5000));
    /* the start asks QEMU for its I/O threads once: cgroups, the
     * emulator's pin and the threads' own pins share the answer */
    g_assert_cmpint(qt_qmp_sent("query-iothreads"), ==, asked + 1);
    int pid = qt_pid(&fx, "iot");
    g_assert_cmpint(pid, >, 0);
    int tid1 = thread_named(pid, "IO iothread1"), tid2 = thread_named(pid, "IO iothread2");
    g_assert_cmpint(tid1, >, 0);
    g_assert_cmpint(tid2, >, 0);
    g_autofree char *a1s = thread_cpus(pid, tid1);
    g_autofree char *a2 = thread_cpus(pid, tid2);
    g_assert_cmpstr(a1s, ==, "0");
    g_assert_cmpstr(a2, ==, "1");

    /* running: QEMU's threads with their affinity */
    list = NULL;
    n = virDomainGetIOThreadInfo(dom, &list, 0);
    g_assert_cmpint(n, ==, 2);
    virDomainIOThreadInfoPtr i1 = info_of(list, n, 1), i2 = info_of(list, n, 2);
    g_assert_nonnull(i1);
    g_assert_nonnull(i2);
    g_assert_cmpint(i1->cpumaplen, ==, 1);
    g_assert_cmpint(i1->cpumap[0], ==, 0x1);
    g_assert_cmpint(i2->cpumaplen, ==, 1);
    g_assert_cmpint(i2->cpumap[0], ==, 0x2);
    info_free(list, n);

    /* pinned live: the thread, its cgroup and the live XML */
    unsigned char map[2] = { 0x2, 0 };
    g_assert_cmpint(virDomainPinIOThread(dom, 1, map, 1, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_autofree char *a1 = thread_cpus(pid, tid1);
    g_assert_cmpstr(a1, ==, "1");
    g_autofree char *base = cgroup_dir(pid, "cpuset");
    if (!base)
        base = cgroup_dir(pid, NULL);   /* cgroup v2 */
    g_assert_nonnull(base);
    g_autofree char *gdir = g_path_get_dirname(base);
    g_autofree char *io1 = g_build_filename(gdir, "iothread1", NULL);
    g_autofree char *pin1 = read_stripped(io1, "cpuset.cpus");
    g_assert_cmpstr(pin1, ==, "1");
    g_autofree char *livexml = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(livexml, "<iothreadpin iothread='1' cpuset='1'/>"));
    g_autofree char *inact = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(inact, "<iothreadpin iothread='1'"));
    list = NULL;
    n = virDomainGetIOThreadInfo(dom, &list, VIR_DOMAIN_AFFECT_LIVE);
    g_assert_cmpint(n, ==, 2);
    g_assert_cmpint(info_of(list, n, 1)->cpumap[0], ==, 0x2);
    info_free(list, n);

    /* the emulator's pin leaves the I/O threads alone */
    g_assert_cmpint(virDomainPinEmulator(dom, (unsigned char[]){ 0x1 }, 1, 0), ==, 0);
    g_autofree char *a1e = thread_cpus(pid, tid1);
    g_autofree char *a2e = thread_cpus(pid, tid2);
    g_assert_cmpstr(a1e, ==, "1");
    g_assert_cmpstr(a2e, ==, "1");

    /* libvirt's errors, nothing changed */
    g_assert_cmpint(virDomainPinIOThread(dom, 7, map, 1, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid argument: iothread 7 not found");
    g_assert_cmpint(virDomainPinIOThread(dom, 7, map, 1, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid argument: iothreadid 7 not found");
    unsigned char none[1] = { 0 };
    g_assert_cmpint(virDomainPinIOThread(dom, 2, none, 1, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: Empty iothread cpumap list for pinning");
    g_autofree char *a2b = thread_cpus(pid, tid2);
    g_assert_cmpstr(a2b, ==, "1");

    /* config: saved, the running thread untouched */
    g_assert_cmpint(virDomainPinIOThread(dom, 1, (unsigned char[]){ 0x3 }, 1,
                                         VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_autofree char *a1b = thread_cpus(pid, tid1);
    g_assert_cmpstr(a1b, ==, "1");
    g_autofree char *saved_path = g_build_filename(fx.root, "etc/qemu/iot.xml", NULL);
    g_autofree char *saved = NULL;
    g_assert_true(g_file_get_contents(saved_path, &saved, NULL, NULL));
    g_assert_nonnull(strstr(saved, "<iothreadpin iothread='1' cpuset='0-1'/>"));
    list = NULL;
    n = virDomainGetIOThreadInfo(dom, &list, VIR_DOMAIN_AFFECT_CONFIG);
    g_assert_cmpint(n, ==, 2);
    g_assert_cmpuint(list[0]->iothread_id, ==, 1);
    g_assert_cmpint(list[0]->cpumap[0], ==, 0x3);
    info_free(list, n);

    /* mvsh, another process (QEMU's monitor stays with this one): the
     * persistent definition's threads and pins */
    int status = 0;
    g_autofree char *pinned = qt_mvsh(&fx, &status, "iothreadpin iot 2 0 --config");
    if (pinned) {
        g_assert_cmpint(status, ==, 0);
        g_autofree char *out = qt_mvsh(&fx, &status, "iothreadinfo iot --config");
        g_assert_cmpint(status, ==, 0);
        g_assert_nonnull(strstr(out, "IOThread ID   CPU Affinity"));
        g_assert_nonnull(strstr(out, " 1             0-1\n"));
        g_assert_true(g_str_has_suffix(out, " 2             0"));
    }

    /* added live: a new QEMU thread in its own cgroup child with the
     * I/O threads' bandwidth, on the <vcpu cpuset>; removed: both gone */
    g_assert_cmpint(virDomainAddIOThread(dom, 2, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: an IOThread is already using iothread_id '2'");
    g_assert_cmpint(virDomainAddIOThread(dom, 0, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: invalid value of 0 for iothread_id");
    g_assert_cmpint(thread_named(pid, "IO iothread5"), ==, 0);
    if (virDomainAddIOThread(dom, 5, VIR_DOMAIN_AFFECT_LIVE) < 0)
        g_error("cannot add an I/O thread: %s", virGetLastErrorMessage());
    int tid5 = thread_named(pid, "IO iothread5");
    g_assert_cmpint(tid5, >, 0);
    g_autofree char *a5 = thread_cpus(pid, tid5);
    g_assert_cmpstr(a5, ==, "0");
    g_autofree char *io5 = g_build_filename(gdir, "iothread5", NULL);
    g_autofree char *pin5 = read_stripped(io5, "cpuset.cpus");
    g_assert_cmpstr(pin5, ==, "0");
    g_autofree char *cpudir = cgroup_dir(pid, "cpu");
    if (cpudir) {
        g_autofree char *cpuparent = g_path_get_dirname(cpudir);
        g_autofree char *cpu5 = g_build_filename(cpuparent, "iothread5", NULL);
        g_autofree char *q5 = read_stripped(cpu5, "cpu.cfs_quota_us");
        g_assert_cmpstr(q5, ==, "50000");
    } else {
        g_autofree char *max5 = read_stripped(io5, "cpu.max");
        g_assert_cmpstr(max5, ==, "50000 100000");
    }
    list = NULL;
    n = virDomainGetIOThreadInfo(dom, &list, 0);
    g_assert_cmpint(n, ==, 3);
    g_assert_nonnull(info_of(list, n, 5));
    info_free(list, n);
    g_autofree char *live3 = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live3, "<iothreads>3</iothreads>"));
    g_autofree char *inact2 = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(inact2, "<iothreads>2</iothreads>"));
    g_assert_cmpint(virDomainDelIOThread(dom, 7, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: cannot find IOThread '7' in iothreadids list");
    g_assert_cmpint(virDomainDelIOThread(dom, 5, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(thread_named(pid, "IO iothread5"), ==, 0);
    g_assert_false(g_file_test(io5, G_FILE_TEST_EXISTS));
    list = NULL;
    n = virDomainGetIOThreadInfo(dom, &list, 0);
    g_assert_cmpint(n, ==, 2);
    info_free(list, n);
    /* and in the persistent definition, saved */
    g_assert_cmpint(virDomainAddIOThread(dom, 6, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_autofree char *saved6 = NULL;
    g_assert_true(g_file_get_contents(saved_path, &saved6, NULL, NULL));
    g_assert_nonnull(strstr(saved6, "<iothreads>3</iothreads>"));
    g_assert_nonnull(strstr(saved6, "<iothread id='6'/>"));
    g_assert_cmpint(virDomainDelIOThread(dom, 6, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_autofree char *saved7 = NULL;
    g_assert_true(g_file_get_contents(saved_path, &saved7, NULL, NULL));
    g_assert_null(strstr(saved7, "<iothread id='6'/>"));
    g_autofree char *added = qt_mvsh(&fx, &status, "iothreadadd iot 8 --config");
    if (added) {
        g_assert_cmpint(status, ==, 0);
        g_autofree char *cfg8 = qt_mvsh(&fx, &status, "iothreadinfo iot --config");
        g_assert_true(g_str_has_suffix(cfg8, " 8             0"));
        g_autofree char *removed = qt_mvsh(&fx, &status, "iothreaddel iot 8 --config");
        g_assert_cmpint(status, ==, 0);
        g_autofree char *cfg = qt_mvsh(&fx, &status, "iothreadinfo iot --config");
        g_assert_null(strstr(cfg, " 8 "));
    }

    /* stopped: the live pin is gone, the persistent one stays */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainGetIOThreadInfo(dom, &list, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    list = NULL;
    n = virDomainGetIOThreadInfo(dom, &list, 0);
    g_assert_cmpint(n, ==, 2);
    g_assert_cmpint(info_of(list, n, 1)->cpumap[0], ==, 0x3);
    info_free(list, n);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* --- the thread cgroups' machinery (<modvirt-plugin/cgroup.h>) ---------- */

static char *put_tmp(const char *tmp, const char *rel, const char *text)
{
    char *path = g_build_filename(tmp, rel, NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0755);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* Where "vcpu0" goes, from sample /proc texts over a fake tree: on v1
 * beside each of the cpu, cpuacct (co-mounted here) and cpuset
 * directories of the guest, on v2 inside its one directory. */
static void test_child_layout(void)
{
    g_autofree char *tmp = g_dir_make_tmp("mv-cgchild-XXXXXX", NULL);
    g_assert_nonnull(tmp);
    g_autofree char *v1mi = g_strdup_printf(
        "31 23 0:28 / %s/cg/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
        "34 31 0:31 / %s/cg/cpuset rw - cgroup cgroup rw,cpuset\n"
        "35 31 0:32 / %s/cg/memory rw - cgroup cgroup rw,memory\n"
        "41 31 0:38 / %s/cg/unified rw - cgroup2 cgroup2 rw\n", tmp, tmp, tmp, tmp);
    g_free(put_tmp(tmp, "cg/unified/cgroup.controllers", ""));
    mv_cgroup *cg = mv_cgroup_layout(v1mi, "4:memory:/m\n3:cpuset:/\n2:cpu,cpuacct:/s\n0::/\n",
                                     "g", 0);
    g_assert_nonnull(cg);
    mv_cgroup *ch = mv_cgroup_child_layout(cg, VIR_FROM_QEMU, "vcpu0");
    g_assert_nonnull(ch);
    g_autofree char *cpu = g_build_filename(tmp, "cg/cpu,cpuacct/s/g/vcpu0", NULL);
    g_autofree char *set = g_build_filename(tmp, "cg/cpuset/g/vcpu0", NULL);
    g_assert_cmpstr(ch->dir[MV_CGROUP_CPU], ==, cpu);
    g_assert_cmpstr(ch->dir[MV_CGROUP_CPUACCT], ==, cpu);
    g_assert_cmpstr(ch->dir[MV_CGROUP_CPUSET], ==, set);
    g_assert_null(ch->dir[MV_CGROUP_MEMORY]);
    g_assert_null(ch->dir[MV_CGROUP_FREEZER]);
    g_assert_null(ch->unified);   /* the controller-less cgroup2 has no child */
    g_assert_false(ch->v2[MV_CGROUP_CPU]);
    g_assert_cmpuint(ch->dirs->len, ==, 2);
    mv_cgroup_free(ch);
    /* libvirt's names, and none that leaves the guest's cgroup */
    g_autofree char *e = mv_cgroup_thread_name(MV_CGROUP_THREAD_EMULATOR, 7);
    g_autofree char *io = mv_cgroup_thread_name(MV_CGROUP_THREAD_IOTHREAD, 2);
    g_assert_cmpstr(e, ==, "emulator");
    g_assert_cmpstr(io, ==, "iothread2");
    g_assert_null(mv_cgroup_child_layout(cg, VIR_FROM_QEMU, "../x"));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    mv_cgroup_free(cg);

    /* pure v2: one threaded child in the guest's directory */
    g_autofree char *v2mi = g_strdup_printf("41 23 0:38 / %s/v2 rw - cgroup2 cgroup2 rw\n", tmp);
    g_free(put_tmp(tmp, "v2/svc/cgroup.controllers", "cpuset cpu io memory pids\n"));
    g_free(put_tmp(tmp, "v2/svc/cgroup.subtree_control", ""));
    cg = mv_cgroup_layout(v2mi, "0::/svc\n", "g", 0);
    g_assert_nonnull(cg);
    ch = mv_cgroup_child_layout(cg, VIR_FROM_QEMU, "vcpu3");
    g_assert_nonnull(ch);
    g_autofree char *v2dir = g_build_filename(tmp, "v2/svc/g/vcpu3", NULL);
    g_assert_cmpstr(ch->unified, ==, v2dir);
    for (int c = MV_CGROUP_CPU; c <= MV_CGROUP_CPUSET; c++) {
        g_assert_cmpstr(ch->dir[c], ==, v2dir);
        g_assert_true(ch->v2[c]);
    }
    g_assert_null(ch->dir[MV_CGROUP_MEMORY]);
    g_assert_null(ch->dir[MV_CGROUP_PIDS]);
    g_assert_cmpuint(ch->dirs->len, ==, 1);
    mv_cgroup_free(ch);
    mv_cgroup_free(cg);

    /* a guest's cgroup with none of the three controllers */
    g_autofree char *memmi = g_strdup_printf(
        "35 31 0:32 / %s/m/memory rw - cgroup cgroup rw,memory\n", tmp);
    cg = mv_cgroup_layout(memmi, "4:memory:/\n", "g", 0);
    g_assert_nonnull(cg);
    g_assert_null(mv_cgroup_child_layout(cg, VIR_FROM_QEMU, "vcpu0"));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: cgroup CPU controller is not mounted");
    mv_cgroup_free(cg);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmp);
    g_assert_cmpint(system(rm), ==, 0);
}

/* This process's cgroup2 directory (a writable cgroup2 mount's), or NULL. */
static char *own_v2_dir(void)
{
    return cgroup_dir(getpid(), NULL);
}

/* A real threaded child on cgroup v2 (the host's cgroup2 mount, with or
 * without controllers, as on a hybrid host): made threaded, one thread
 * moved with cgroup.threads, a whole process with cgroup.procs, the
 * process killed and everything removed through the guest's cgroup. */
static void test_v2_threaded(void)
{
    if (geteuid() != 0) {
        g_test_skip("needs root to make cgroups");
        return;
    }
    g_autofree char *own = own_v2_dir();
    g_autofree char *parent = own ? g_strdup_printf("%s/mvtest-threads-%d", own, (int)getpid())
                                  : NULL;
    if (!parent || mkdir(parent, 0755) < 0) {
        g_test_skip("no writable cgroup2 hierarchy");
        return;
    }
    const char *argv[] = { "/bin/sleep", "60", NULL };
    GPid pid = 0;
    g_assert_true(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, NULL));
    g_autofree char *procs = g_build_filename(parent, "cgroup.procs", NULL);
    g_autofree char *spid = g_strdup_printf("%d", (int)pid);
    g_assert_cmpint(mv_cgroup_write(procs, spid), ==, 0);
    char *dirs[] = { parent, NULL };
    mv_cgroup *cg = mv_cgroup_from_dirs(dirs);
    g_assert_cmpstr(cg->unified, ==, parent);

    mv_cgroup *vcpu = mv_cgroup_child(cg, VIR_FROM_QEMU, "vcpu0", true);
    if (!vcpu)
        g_error("cannot make a threaded child: %s", virGetLastErrorMessage());
    g_autofree char *type = read_stripped(parent, "vcpu0/cgroup.type");
    g_autofree char *ptype = read_stripped(parent, "cgroup.type");
    g_assert_cmpstr(type, ==, "threaded");
    g_assert_cmpstr(ptype, ==, "domain threaded");
    g_assert_cmpint(mv_cgroup_add_thread(vcpu, pid), ==, 0);
    g_autofree char *vdir = g_build_filename(parent, "vcpu0", NULL);
    g_assert_true(lists(vdir, pid));
    g_autofree char *where = cgroup_dir(pid, NULL);
    g_assert_cmpstr(where, ==, vdir);
    /* the parent enabled for the child what it has of cpu and cpuset */
    g_autofree char *have = read_stripped(parent, "cgroup.controllers");
    g_autofree char *gave = read_stripped(parent, "cgroup.subtree_control");
    g_assert_cmpint(strstr(have, "cpu") != NULL, ==, strstr(gave, "cpu") != NULL);

    /* a whole process into a threaded child */
    mv_cgroup *emu = mv_cgroup_child(cg, VIR_FROM_QEMU, "emulator", true);
    g_assert_nonnull(emu);
    g_assert_cmpint(mv_cgroup_add_process(emu, pid), ==, 0);
    g_free(where);
    where = cgroup_dir(pid, NULL);
    g_assert_true(g_str_has_suffix(where, "/emulator"));
    /* an existing child is opened again, a missing one is an error */
    mv_cgroup *again = mv_cgroup_child(cg, VIR_FROM_QEMU, "vcpu0", false);
    g_assert_nonnull(again);
    mv_cgroup_free(again);
    g_assert_null(mv_cgroup_child(cg, VIR_FROM_QEMU, "vcpu1", false));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_SYSTEM_ERROR);

    g_assert_false(mv_cgroup_empty(cg));
    g_assert_cmpint(mv_cgroup_kill(cg), ==, 0);
    int status = 0;
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFSIGNALED(status));
    g_spawn_close_pid(pid);
    g_assert_true(mv_cgroup_empty(cg));
    g_assert_cmpint(mv_cgroup_remove(cg), ==, 0);
    g_assert_false(g_file_test(vdir, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(parent, G_FILE_TEST_EXISTS));
    mv_cgroup_free(vcpu);
    mv_cgroup_free(emu);
    mv_cgroup_free(cg);
}

static void memtune_set(virDomainPtr dom, const char *field, unsigned long long kib,
                        unsigned int flags, int want)
{
    virTypedParameterPtr set = NULL;
    int n = 0, max = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&set, &n, &max, field, kib), ==, 0);
    g_assert_cmpint(virDomainSetMemoryParameters(dom, set, n, flags), ==, want);
    virTypedParamsFree(set, n);
}

static unsigned long long memtune_get(virDomainPtr dom, int which, unsigned int flags)
{
    virTypedParameter p[3];
    int n = 3;
    g_assert_cmpint(virDomainGetMemoryParameters(dom, p, &n, flags), ==, 0);
    g_assert_cmpint(n, ==, 3);
    return p[which].value.ul;
}

/* The memory tunables of a running guest are its cgroup's: read from it
 * and written to it (what the guest's memory.limit_in_bytes and friends
 * then hold), the persistent ones the definition's, saved. */
static void test_memtune(void)
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
        "<domain type='qemu'><name>cgmem</name><memory unit='MiB'>64</memory>"
        "<memtune><soft_limit unit='MiB'>128</soft_limit></memtune><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QT_EMULATOR "</emulator></devices></domain>";
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0)
        g_error("cannot start the guest: %s", virGetLastErrorMessage());
    int pid = qt_pid(&fx, "cgmem");
    g_assert_cmpint(pid, >, 0);
    g_autofree char *mem = cgroup_dir(pid, "memory");
    bool v2 = !mem;
    if (v2)
        mem = cgroup_dir(pid, NULL);
    g_assert_nonnull(strstr(mem, "/mvqemu-"));
    const char *hard_file = v2 ? "memory.max" : "memory.limit_in_bytes";
    const char *swap_file = v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
    g_autofree char *swap_path = g_build_filename(mem, swap_file, NULL);
    bool has_swap = g_file_test(swap_path, G_FILE_TEST_EXISTS);

    int n = 0;
    g_assert_cmpint(virDomainGetMemoryParameters(dom, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 3);
    g_assert_cmpuint(memtune_get(dom, 0, 0), ==, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);
    g_assert_cmpuint(memtune_get(dom, 1, 0), ==, 131072);

    /* Raised limits: the swap limit first, then the hard one. */
    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    virTypedParamsAddULLong(&set, &nset, &max, VIR_DOMAIN_MEMORY_HARD_LIMIT, 262144);
    if (has_swap)
        virTypedParamsAddULLong(&set, &nset, &max, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, 524288);
    g_assert_cmpint(virDomainSetMemoryParameters(dom, set, nset, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    virTypedParamsFree(set, nset);
    g_autofree char *hard = read_stripped(mem, hard_file);
    g_assert_cmpstr(hard, ==, "268435456");
    if (has_swap && !v2) {
        g_autofree char *swap = read_stripped(mem, swap_file);
        g_assert_cmpstr(swap, ==, "536870912");
    }
    g_assert_cmpuint(memtune_get(dom, 0, 0), ==, 262144);
    g_assert_cmpuint(memtune_get(dom, 0, VIR_DOMAIN_AFFECT_CONFIG), ==,
                     VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);
    char *live_xml = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live_xml, "<hard_limit unit='KiB'>262144</hard_limit>"));
    free(live_xml);

    /* A hard limit above the swap limit is refused, the cgroup unchanged. */
    if (has_swap) {
        memtune_set(dom, VIR_DOMAIN_MEMORY_HARD_LIMIT, 1048576, 0, -1);
        g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
        g_assert_cmpstr(virGetLastErrorMessage(), ==,
                        "invalid argument: memory hard_limit tunable value must be lower than "
                        "or equal to swap_hard_limit");
        g_autofree char *same = read_stripped(mem, hard_file);
        g_assert_cmpstr(same, ==, "268435456");
    }
    memtune_set(dom, VIR_DOMAIN_MEMORY_MIN_GUARANTEE, 1024, 0, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_ARGUMENT_UNSUPPORTED);

    /* Lowered, then no limit at all. */
    memtune_set(dom, VIR_DOMAIN_MEMORY_HARD_LIMIT, 204800, 0, 0);
    g_autofree char *lower = read_stripped(mem, hard_file);
    g_assert_cmpstr(lower, ==, "209715200");
    if (has_swap)
        memtune_set(dom, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, 0,
                    0);
    memtune_set(dom, VIR_DOMAIN_MEMORY_HARD_LIMIT, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, 0, 0);
    g_assert_cmpuint(memtune_get(dom, 0, 0), ==, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);
    g_autofree char *none = read_stripped(mem, hard_file);
    g_assert_cmpstr(none, ==, v2 ? "max" : "9223372036854771712");

    /* The persistent definition: changed and saved, the cgroup not. */
    memtune_set(dom, VIR_DOMAIN_MEMORY_SOFT_LIMIT, 102400, VIR_DOMAIN_AFFECT_CONFIG, 0);
    g_assert_cmpuint(memtune_get(dom, 1, 0), ==, 131072);
    g_autofree char *cfg = g_strdup_printf("%s/etc/qemu/cgmem.xml", fx.root);
    g_autofree char *saved = NULL;
    g_assert_true(g_file_get_contents(cfg, &saved, NULL, NULL));
    g_assert_nonnull(strstr(saved, "<soft_limit unit='KiB'>102400</soft_limit>"));

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    /* Stopped: the persistent values, and no live ones to ask for. */
    g_assert_cmpuint(memtune_get(dom, 1, 0), ==, 102400);
    n = 3;
    virTypedParameter mp[3];
    g_assert_cmpint(virDomainGetMemoryParameters(dom, mp, &n, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* A host block device to throttle (the guest never touches it): the first
 * of /sys/block with its node in /dev; its "major:minor" in *DEVNO. */
static char *host_block_device(char **devno)
{
    g_autoptr(GDir) d = g_dir_open("/sys/block", 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *sys = g_strdup_printf("/sys/block/%s", name);
        g_autofree char *no = read_stripped(sys, "dev");
        char *node = g_strdup_printf("/dev/%s", name);
        struct stat sb;
        g_autofree char *rdev = NULL;
        if (no && stat(node, &sb) == 0 && S_ISBLK(sb.st_mode))
            rdev = g_strdup_printf("%u:%u", major(sb.st_rdev), minor(sb.st_rdev));
        if (rdev && !strcmp(rdev, no)) {
            *devno = g_steal_pointer(&no);
            return node;
        }
        g_free(node);
    }
    return NULL;
}

/* DEVNO's line of a cgroup file's TEXT, or NULL. */
static char *devno_line(const char *text, const char *devno)
{
    g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
    g_autofree char *prefix = g_strdup_printf("%s ", devno);
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, prefix))
            return g_strdup(*l + strlen(prefix));
    return NULL;
}

/* The weight file libvirt writes in DIR (the BFQ one first), or NULL when
 * the host's I/O schedulers have none. */
static const char *weight_file(const char *dir, bool v2)
{
    static const char *const v1[] = { "blkio.bfq.weight", "blkio.weight" };
    static const char *const v2f[] = { "io.bfq.weight", "io.weight" };
    for (int i = 0; i < 2; i++) {
        g_autofree char *path = g_build_filename(dir, v2 ? v2f[i] : v1[i], NULL);
        if (g_file_test(path, G_FILE_TEST_EXISTS))
            return v2 ? v2f[i] : v1[i];
    }
    return NULL;
}

static void blkio_set(virDomainPtr dom, const char *field, const char *value,
                      unsigned int flags, int want)
{
    virTypedParameterPtr set = NULL;
    int n = 0, max = 0;
    g_assert_cmpint(virTypedParamsAddString(&set, &n, &max, field, value), ==, 0);
    g_assert_cmpint(virDomainSetBlkioParameters(dom, set, n, flags), ==, want);
    virTypedParamsFree(set, n);
}

/* The block I/O tunables of a running guest are its cgroup's, as
 * libvirt's: <blkiotune> applied at start, a device's throttles written
 * live (and kept in the running definition, read back, across a
 * reconnection), lifted with 0, a path that is no block device refused;
 * the weight read from the cgroup (refused as libvirt refuses it where the
 * I/O scheduler has none); the persistent definition changed and saved
 * alone with --config. */
static void test_blkiotune(void)
{
    if (skip_without_qemu())
        return;
    if (geteuid() != 0) {
        g_test_skip("needs root to make cgroups");
        return;
    }
    g_autofree char *devno = NULL;
    g_autofree char *dev = host_block_device(&devno);
    if (!dev) {
        g_test_skip("no block device in /sys/block with its node in /dev");
        return;
    }
    /* where this process's own block I/O controller is, if anywhere */
    g_autofree char *own = cgroup_dir(getpid(), "blkio");
    bool v2 = !own;
    if (v2) {
        own = cgroup_dir(getpid(), NULL);
        g_autofree char *ctrls = own ? read_stripped(own, "cgroup.controllers") : NULL;
        g_auto(GStrv) names = g_strsplit(ctrls ? ctrls : "", " ", -1);
        if (!g_strv_contains((const char *const *)names, "io"))
            g_clear_pointer(&own, g_free);
    }

    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *xml = g_strdup_printf(
        "<domain type='qemu'><name>cgblk</name><memory unit='MiB'>64</memory>"
        "<blkiotune><device><path>%s</path><read_iops_sec>100</read_iops_sec></device>"
        "</blkiotune><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QT_EMULATOR "</emulator></devices></domain>", dev);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    if (!own) {
        /* libvirt's refusal, and nothing started */
        g_assert_cmpint(virDomainCreate(dom), ==, -1);
        g_assert_cmpstr(virGetLastErrorMessage(), ==, "unsupported configuration: Block I/O "
                                                      "tuning is not available on this host");
        g_assert_false(qt_any_qemu(&fx));
        g_assert_cmpint(virDomainUndefine(dom), ==, 0);
        virDomainFree(dom);
        qt_fx_close(&fx);
        g_test_skip("this host's cgroups have no block I/O controller: only the refusal "
                    "was checked");
        return;
    }
    if (virDomainCreate(dom) < 0)
        g_error("cannot start the guest: %s", virGetLastErrorMessage());
    int pid = qt_pid(&fx, "cgblk");
    g_assert_cmpint(pid, >, 0);
    g_autofree char *dir = cgroup_dir(pid, v2 ? NULL : "blkio");
    g_assert_nonnull(strstr(dir, "/mvqemu-"));
    const char *riops_file = v2 ? "io.max" : "blkio.throttle.read_iops_device";
    const char *wbps_file = v2 ? "io.max" : "blkio.throttle.write_bps_device";

    /* <blkiotune> at start */
    g_autofree char *text = read_stripped(dir, riops_file);
    g_autofree char *line = devno_line(text, devno);
    g_assert_nonnull(line);
    g_assert_nonnull(strstr(line, v2 ? "riops=100" : "100"));

    /* a throttle written live, kept in the running definition only */
    g_autofree char *wbps = g_strdup_printf("%s,2097152", dev);
    blkio_set(dom, VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, wbps, 0, 0);
    g_free(text);
    text = read_stripped(dir, wbps_file);
    g_free(line);
    line = devno_line(text, devno);
    g_assert_nonnull(line);
    g_assert_nonnull(strstr(line, v2 ? "wbps=2097152" : "2097152"));
    g_autofree char *want = g_strdup_printf("  <blkiotune>\n    <device>\n      <path>%s</path>\n"
                                            "      <read_iops_sec>100</read_iops_sec>\n"
                                            "      <write_bytes_sec>2097152</write_bytes_sec>\n"
                                            "    </device>\n  </blkiotune>\n", dev);
    g_autofree char *live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, want));
    g_autofree char *inactive = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(inactive, "write_bytes_sec"));

    /* kept across a reconnection: it was saved with the status */
    virDomainFree(dom);
    qt_fx_close_last(&fx);
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "cgblk");
    g_assert_nonnull(dom);
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, want));

    /* a path that is no block device: libvirt's error, nothing changed */
    blkio_set(dom, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, "/dev/null,5", 0, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: Path '/dev/null' must be a block device");
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_null(strstr(live, "/dev/null"));

    /* the running guest's weight is its cgroup's, where the scheduler has one */
    virTypedParameter bp[6];
    int n = 6;
    const char *wfile = weight_file(dir, v2);
    if (wfile) {
        g_assert_cmpint(virDomainGetBlkioParameters(dom, bp, &n, 0), ==, 0);
        g_assert_cmpint(n, ==, 6);
        g_autofree char *w = read_stripped(dir, wfile);
        const char *num = g_str_has_prefix(w, "default ") ? w + strlen("default ") : w;
        g_assert_cmpuint(bp[0].value.ui, ==, (unsigned int)atoi(num));
        g_autofree char *riops = g_strdup_printf("%s,100", dev);
        g_assert_cmpstr(bp[2].field, ==, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS);
        g_assert_cmpstr(bp[2].value.s, ==, riops);
        virTypedParamsClear(bp, n);
    } else {
        g_assert_cmpint(virDomainGetBlkioParameters(dom, bp, &n, 0), ==, -1);
        g_assert_cmpstr(virGetLastErrorMessage(), ==,
                        v2 ? "Requested operation is not valid: blkio weight is valid only "
                             "for bfq or cfq scheduler"
                           : "Requested operation is not valid: blkio device weight is valid "
                             "only for bfq or cfq scheduler");
    }

    /* the persistent definition alone with --config, saved */
    n = 6;
    g_assert_cmpint(virDomainGetBlkioParameters(dom, bp, &n, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(n, ==, 6);
    g_assert_cmpuint(bp[0].value.ui, ==, 0);
    virTypedParamsClear(bp, n);
    blkio_set(dom, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, "/dev/vda,1048576",
              VIR_DOMAIN_AFFECT_CONFIG, 0);
    g_autofree char *cfg = g_strdup_printf("%s/etc/qemu/cgblk.xml", fx.root);
    g_autofree char *saved = NULL;
    g_assert_true(g_file_get_contents(cfg, &saved, NULL, NULL));
    g_assert_nonnull(strstr(saved, "      <path>/dev/vda</path>\n"
                                   "      <read_bytes_sec>1048576</read_bytes_sec>\n"));
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_null(strstr(live, "read_bytes_sec"));

    /* 0 lifts a throttle: gone from the cgroup and the running definition */
    g_autofree char *lift = g_strdup_printf("%s,0", dev);
    blkio_set(dom, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, lift, 0, 0);
    g_free(text);
    text = read_stripped(dir, riops_file);
    g_free(line);
    line = devno_line(text, devno);
    if (v2)
        g_assert_nonnull(strstr(line, "riops=max"));
    else
        g_assert_null(line);
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_null(strstr(live, "read_iops_sec"));
    g_assert_nonnull(strstr(live, "<write_bytes_sec>2097152</write_bytes_sec>"));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);

    /* a weight at start: set where the scheduler has one, else libvirt's refusal */
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    g_free(xml);
    xml = g_strdup_printf(
        "<domain type='qemu'><name>cgblk</name><memory unit='MiB'>64</memory>"
        "<blkiotune><weight>300</weight></blkiotune><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QT_EMULATOR "</emulator></devices></domain>");
    dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    if (weight_file(own, v2)) {
        g_assert_cmpint(virDomainCreate(dom), ==, 0);
        n = 6;
        g_assert_cmpint(virDomainGetBlkioParameters(dom, bp, &n, 0), ==, 0);
        g_assert_cmpuint(bp[0].value.ui, ==, 300);
        virTypedParamsClear(bp, n);
        g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    } else {
        g_assert_cmpint(virDomainCreate(dom), ==, -1);
        g_assert_nonnull(strstr(virGetLastErrorMessage(), "valid only for bfq or cfq scheduler"));
        g_assert_false(qt_any_qemu(&fx));
    }
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

int main(int argc, char **argv)
{
    qt_qmp_log_start();
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu/cgroup", test_cgroup);
    g_test_add_func("/qemu/cgroup/threads", test_threads);
    g_test_add_func("/qemu/cgroup/iothreads", test_iothreads);
    g_test_add_func("/qemu/cgroup/child-layout", test_child_layout);
    g_test_add_func("/qemu/cgroup/v2-threaded", test_v2_threaded);
    g_test_add_func("/qemu/cgroup/memtune", test_memtune);
    g_test_add_func("/qemu/cgroup/blkiotune", test_blkiotune);
    return g_test_run();
}
