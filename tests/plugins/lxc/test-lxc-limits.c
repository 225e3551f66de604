/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-limits.c — the container's cgroups at work: a
 * memory hog killed at the memory limit (the domain crashes, with the
 * event), a fork bomb stopped by the pids limit, cpu shares and cpuset in
 * the cgroup files, <memtune> in the memory cgroup's files (v1 or v2), read
 * and changed there by virDomainGet/SetMemoryParameters, <blkiotune> in
 * the blkio cgroup's, <cputune>/<memtune>/<idmap> in the XML as given,
 * CPU time in GetInfo; nothing left afterwards. */
#include "lxc-test.h"

static lxc_fx fx;

static void test_oom(void)
{
    lxc_events_watch(fx.conn);
    /* the shell doubles a string until the kernel kills it at 32 MiB */
    g_autofree char *xml = lxc_xml(&fx, "hog", "echo hog; a=x; while :; do a=$a$a; done", NULL, NULL);
    char *p = strstr(xml, "<memory unit='MiB'>128");
    memcpy(p, "<memory unit='MiB'>032", strlen("<memory unit='MiB'>032"));
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED, 30000));
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED);
    g_autofree char *log = g_strdup_printf("%s/log/lxc/hog.log", fx.root);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "out of memory"));
    lxc_assert_gone(&fx, "hog");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    lxc_events_unwatch(fx.conn);
    virDomainFree(dom);
}

/* The pids cgroup directory of INIT: its v1 hierarchy's, else cgroup2's
 * when it has the pids controller; "" when there is none. */
static char *pids_dir(int init)
{
    char *dir = lxc_cgroup_dir(init, "pids");
    if (*dir)
        return dir;
    g_free(dir);
    return lxc_out("p=$(grep '^0::' /proc/%d/cgroup | cut -d: -f3); "
                   "m=$(awk '$0 ~ / - cgroup2 / {print $5; exit}' /proc/self/mountinfo); "
                   "[ -f \"$m$p/pids.max\" ] && echo \"$m$p\"", init);
}

/* How often the pids limit of DIR refused a fork (pids.events "max N"). */
static int pids_refused(const char *dir)
{
    g_autofree char *ev = lxc_out("cat %s/pids.events", dir);
    const char *max = strstr(ev, "max ");
    return max ? atoi(max + 4) : 0;
}

static void test_fork_bomb(void)
{
    g_autofree char *xml = lxc_xml(&fx, "bomb",
        "b() { b | b & }; b; echo bombed; exec sleep 1000",
        "<metadata><lxc:limits xmlns:lxc='https://modvirt.org/schemas/lxc/1.0' pids='40'/></metadata>",
        NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_free(lxc_console_expect(dom, "bombed"));
    int init = lxc_init_pid(dom);
    g_autofree char *pids = pids_dir(init);
    if (*pids) {
        g_autofree char *max = lxc_out("cat %s/pids.max", pids);
        g_assert_cmpstr(max, ==, "40");
        /* the bomb reaches the limit ... */
        gint64 end = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
        while (pids_refused(pids) == 0 && g_get_monotonic_time() < end)
            g_usleep(10000);
        g_assert_cmpint(pids_refused(pids), >, 0);
        g_autofree char *cur = lxc_out("cat %s/pids.current", pids);
        g_assert_cmpint(atoi(cur), <=, 40);
    }
    /* ... and init carries on */
    g_assert_cmpint(lxc_init_pid(dom), ==, init);
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_autofree char *desc = virDomainGetXMLDesc(dom, 0);
    g_assert_true(strstr(desc, "pids='40'") || strstr(desc, "pids=\"40\""));
    lxc_assert_valid_xml(&fx, desc);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "bomb");
    virDomainFree(dom);
}

static void test_cpu(void)
{
    g_autofree char *xml = lxc_xml(&fx, "cpu", "echo go; i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; "
                                   "echo done; exec sleep 1000",
                                   "<cputune><shares>512</shares></cputune>", NULL);
    /* pin to CPU 0 */
    char *v = strstr(xml, "<vcpu>");
    GString *s = g_string_new(xml);
    g_string_erase(s, v - xml, strlen("<vcpu>"));
    g_string_insert(s, v - xml, "<vcpu cpuset='0'>");
    virDomainPtr dom = virDomainCreateXML(fx.conn, s->str, 0);
    g_string_free(s, TRUE);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_free(lxc_console_expect(dom, "done"));
    virDomainInfo info;
    g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
    g_assert_cmpuint(info.cpuTime, >, 10 * 1000 * 1000);   /* > 10 ms of busy loop */
    int init = lxc_init_pid(dom);
    g_autofree char *cpu = lxc_cgroup_dir(init, "cpu");
    if (*cpu) {
        g_autofree char *sh = lxc_out("cat %s/cpu.shares", cpu);
        g_assert_cmpstr(sh, ==, "512");
    }
    g_autofree char *cs = lxc_cgroup_dir(init, "cpuset");
    if (*cs) {
        g_autofree char *cpus = lxc_out("cat %s/cpuset.cpus", cs);
        g_assert_cmpstr(cpus, ==, "0");
    }
    g_autofree char *desc = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(desc, "<shares>512</shares>"));
    lxc_assert_valid_xml(&fx, desc);

    /* The scheduler, libvirt's "posix": read from the cgroup, written to
     * it and to the live definition. */
    int n = 0;
    char *sched = virDomainGetSchedulerType(dom, &n);
    g_assert_cmpstr(sched, ==, "posix");
    free(sched);
    g_assert_true(n == 1 || n == 3);
    virTypedParameter sp[3];
    int np = 3;
    g_assert_cmpint(virDomainGetSchedulerParametersFlags(dom, sp, &np, 0), ==, 0);
    g_assert_cmpint(np, ==, n);
    g_assert_cmpstr(sp[0].field, ==, VIR_DOMAIN_SCHEDULER_CPU_SHARES);
    g_assert_cmpuint(sp[0].value.ul, ==, 512);
    virTypedParameterPtr set = NULL;
    int nset = 0, maxset = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset,
                                            VIR_DOMAIN_SCHEDULER_CPU_SHARES, 1024), ==, 0);
    if (n == 3) {
        g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset,
                                                VIR_DOMAIN_SCHEDULER_VCPU_PERIOD, 100000), ==, 0);
        g_assert_cmpint(virTypedParamsAddLLong(&set, &nset, &maxset,
                                               VIR_DOMAIN_SCHEDULER_VCPU_QUOTA, 50000), ==, 0);
    }
    g_assert_cmpint(virDomainSetSchedulerParametersFlags(dom, set, nset,
                                                         VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    virTypedParamsFree(set, nset);
    np = 3;
    g_assert_cmpint(virDomainGetSchedulerParameters(dom, sp, &np), ==, 0);
    g_assert_cmpuint(sp[0].value.ul, ==, 1024);
    if (*cpu) {
        g_autofree char *sh2 = lxc_out("cat %s/cpu.shares", cpu);
        g_assert_cmpstr(sh2, ==, "1024");
        if (n == 3) {
            g_autofree char *per = lxc_out("cat %s/cpu.cfs_period_us", cpu);
            g_autofree char *quo = lxc_out("cat %s/cpu.cfs_quota_us", cpu);
            g_assert_cmpstr(per, ==, "100000");
            g_assert_cmpstr(quo, ==, "50000");
        }
    }
    if (n == 3) {
        g_assert_cmpuint(sp[1].value.ul, ==, 100000);
        g_assert_cmpint(sp[2].value.l, ==, 50000);
    }
    g_autofree char *tuned = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(tuned, "<shares>1024</shares>"));
    virTypedParameterPtr bad = NULL;
    int nbad = 0, maxbad = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&bad, &nbad, &maxbad,
                                            VIR_DOMAIN_SCHEDULER_VCPU_PERIOD, 10), ==, 0);
    g_assert_cmpint(virDomainSetSchedulerParameters(dom, bad, nbad), ==, -1);
    lxc_assert_error(VIR_ERR_INVALID_ARG, "out of range");
    g_assert_cmpint(virDomainSetSchedulerParametersFlags(dom, bad, 0, VIR_DOMAIN_AFFECT_CONFIG),
                    ==, -1);
    lxc_assert_error(VIR_ERR_OPERATION_INVALID, "transient");
    virTypedParamsFree(bad, nbad);
    /* the live memory amount is the cgroup's limit */
    g_assert_cmpint(virDomainSetMemory(dom, 64 * 1024), ==, 0);
    g_autofree char *mem = lxc_cgroup_dir(init, "memory");
    if (*mem) {
        g_autofree char *lim = lxc_out("cat %s/memory.limit_in_bytes", mem);
        g_assert_cmpstr(lim, ==, "67108864");
    }
    g_assert_cmpint(virDomainSetMemory(dom, 256 * 1024), ==, -1);
    lxc_assert_error(VIR_ERR_INVALID_ARG, "higher than max");
    g_assert_cmpint(virDomainSetMaxMemory(dom, 256 * 1024), ==, -1);
    g_assert_cmpint(virDomainSetMemoryFlags(dom, 32 * 1024, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    lxc_assert_error(VIR_ERR_OPERATION_INVALID, "transient");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "cpu");
    virDomainFree(dom);
}

/* The memory cgroup's directory of INIT and whether it is cgroup2's. */
static char *memory_dir(int init, bool *v2)
{
    char *dir = lxc_cgroup_dir(init, "memory");
    *v2 = false;
    if (*dir)
        return dir;
    g_free(dir);
    *v2 = true;
    return lxc_out("p=$(grep '^0::' /proc/%d/cgroup | cut -d: -f3); "
                   "m=$(awk '$0 ~ / - cgroup2 / {print $5; exit}' /proc/self/mountinfo); "
                   "[ -f \"$m$p/memory.max\" ] && echo \"$m$p\"", init);
}

static void test_memtune(void)
{
    g_autofree char *xml = lxc_xml(&fx, "memtune", "echo done; exec sleep 1000",
        "<memtune><hard_limit unit='MiB'>48</hard_limit><soft_limit unit='MiB'>24</soft_limit>"
        "<swap_hard_limit unit='MiB'>96</swap_hard_limit></memtune>"
        "<cputune><shares>300</shares></cputune>", NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_free(lxc_console_expect(dom, "done"));
    int init = lxc_init_pid(dom);
    bool v2;
    g_autofree char *mem = memory_dir(init, &v2);
    g_assert_true(*mem);   /* the driver refuses to run without a memory controller */
    g_autofree char *hard = lxc_out("cat %s/%s", mem, v2 ? "memory.max" : "memory.limit_in_bytes");
    g_assert_cmpstr(hard, ==, "50331648");   /* hard_limit, not <memory> */
    g_autofree char *soft = lxc_out("cat %s/%s", mem, v2 ? "memory.high" : "memory.soft_limit_in_bytes");
    g_assert_cmpstr(soft, ==, "25165824");
    const char *swapfile = v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
    if (lxc_sh("test -f %s/%s", mem, swapfile) == 0) {   /* swap accounting may be off */
        g_autofree char *swap = lxc_out("cat %s/%s", mem, swapfile);
        g_assert_cmpstr(swap, ==, "100663296");
    }
    g_autofree char *desc = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(desc, "  <memtune>\n"
                                  "    <hard_limit unit='KiB'>49152</hard_limit>\n"
                                  "    <soft_limit unit='KiB'>24576</soft_limit>\n"
                                  "    <swap_hard_limit unit='KiB'>98304</swap_hard_limit>\n"
                                  "  </memtune>\n"));
    g_assert_nonnull(strstr(desc, "  <cputune>\n    <shares>300</shares>\n  </cputune>\n"));
    lxc_assert_valid_xml(&fx, desc);
    /* virDomainSetMemory still moves the limit */
    g_assert_cmpint(virDomainSetMemory(dom, 64 * 1024), ==, 0);
    g_autofree char *lim = lxc_out("cat %s/%s", mem, v2 ? "memory.max" : "memory.limit_in_bytes");
    g_assert_cmpstr(lim, ==, "67108864");

    /* virDomainGetMemoryParameters reads the cgroup (the limit moved), a
     * set writes it and the live XML. */
    virTypedParameter mp[3];
    int n = 0;
    g_assert_cmpint(virDomainGetMemoryParameters(dom, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 3);
    g_assert_cmpint(virDomainGetMemoryParameters(dom, mp, &n, 0), ==, 0);
    g_assert_cmpstr(mp[0].field, ==, VIR_DOMAIN_MEMORY_HARD_LIMIT);
    g_assert_cmpuint(mp[0].value.ul, ==, 65536);
    g_assert_cmpuint(mp[1].value.ul, ==, 24576);
    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    virTypedParamsAddULLong(&set, &nset, &max, VIR_DOMAIN_MEMORY_HARD_LIMIT, 40960);
    virTypedParamsAddULLong(&set, &nset, &max, VIR_DOMAIN_MEMORY_SOFT_LIMIT, 20480);
    g_assert_cmpint(virDomainSetMemoryParameters(dom, set, nset, 0), ==, 0);
    g_autofree char *hard2 = lxc_out("cat %s/%s", mem,
                                     v2 ? "memory.max" : "memory.limit_in_bytes");
    g_assert_cmpstr(hard2, ==, "41943040");
    g_autofree char *soft2 = lxc_out("cat %s/%s", mem,
                                     v2 ? "memory.high" : "memory.soft_limit_in_bytes");
    g_assert_cmpstr(soft2, ==, "20971520");
    n = 3;
    g_assert_cmpint(virDomainGetMemoryParameters(dom, mp, &n, 0), ==, 0);
    g_assert_cmpuint(mp[0].value.ul, ==, 40960);
    g_assert_cmpuint(mp[1].value.ul, ==, 20480);
    g_free(desc);
    desc = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(desc, "<hard_limit unit='KiB'>40960</hard_limit>\n"
                                  "    <soft_limit unit='KiB'>20480</soft_limit>\n"));
    /* A transient container has no persistent definition to change. */
    g_assert_cmpint(virDomainSetMemoryParameters(dom, set, nset, VIR_DOMAIN_AFFECT_CONFIG), ==,
                    -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: transient domains do not have any "
                    "persistent config");
    virTypedParamsFree(set, nset);
    g_autofree char *same = lxc_out("cat %s/%s", mem,
                                    v2 ? "memory.max" : "memory.limit_in_bytes");
    g_assert_cmpstr(same, ==, "41943040");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "memtune");
    virDomainFree(dom);
}

/* The three elements come back as given (libvirt's order and units),
 * from a definition that is never started. */
/* <blkiotune> in the container's block I/O cgroup (v1's files): a
 * device's throttle written at start, another written live, kept in the
 * running definition. */
static void test_blkiotune(void)
{
    g_autofree char *own = lxc_cgroup_dir(getpid(), "blkio");
    if (!*own) {
        g_test_skip("no cgroup v1 blkio hierarchy here (the qemu tests read cgroup v2's io)");
        return;
    }
    g_autofree char *found = lxc_out("for d in /sys/block/*; do n=${d##*/}; "
                                     "[ -b /dev/$n ] && echo /dev/$n $(cat $d/dev) && break; done");
    if (!*found) {
        g_test_skip("no block device in /sys/block with its node in /dev");
        return;
    }
    g_auto(GStrv) f = g_strsplit(found, " ", 2);
    const char *dev = f[0], *devno = f[1];
    g_autofree char *tune = g_strdup_printf(
        "<blkiotune><device><path>%s</path><write_iops_sec>50</write_iops_sec></device>"
        "</blkiotune>", dev);
    g_autofree char *xml = lxc_xml(&fx, "blk", "echo up; exec sleep 1000", tune, NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_free(lxc_console_expect(dom, "up"));
    g_autofree char *dir = lxc_cgroup_dir(lxc_init_pid(dom), "blkio");
    g_assert_nonnull(strstr(dir, "/mvlxc-"));
    g_autofree char *wiops = lxc_out("grep '^%s ' %s/blkio.throttle.write_iops_device", devno, dir);
    g_autofree char *want_wiops = g_strdup_printf("%s 50", devno);
    g_assert_cmpstr(wiops, ==, want_wiops);

    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    g_autofree char *rbps = g_strdup_printf("%s,1048576", dev);
    virTypedParamsAddString(&set, &nset, &max, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, rbps);
    g_assert_cmpint(virDomainSetBlkioParameters(dom, set, nset, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    virTypedParamsFree(set, nset);
    g_autofree char *bps = lxc_out("grep '^%s ' %s/blkio.throttle.read_bps_device", devno, dir);
    g_autofree char *want_bps = g_strdup_printf("%s 1048576", devno);
    g_assert_cmpstr(bps, ==, want_bps);
    g_autofree char *desc = virDomainGetXMLDesc(dom, 0);
    g_autofree char *want = g_strdup_printf("<blkiotune>\n    <device>\n      <path>%s</path>\n"
                                            "      <write_iops_sec>50</write_iops_sec>\n"
                                            "      <read_bytes_sec>1048576</read_bytes_sec>\n",
                                            dev);
    g_assert_nonnull(strstr(desc, want));
    lxc_assert_valid_xml(&fx, desc);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "blk");
    virDomainFree(dom);
}

static void test_tune_xml(void)
{
    g_autofree char *xml = lxc_xml(&fx, "tunexml", "exec sleep 1000",
        "<idmap><gid start='0' target='300000' count='65536'/>"
        "<uid start='0' target='300000' count='65536'/></idmap>"
        "<cputune><quota>-1</quota><period>100000</period><shares>1024</shares>"
        "<emulator_period>20000</emulator_period></cputune>"
        "<memtune><min_guarantee unit='KiB'>1024</min_guarantee>"
        "<hard_limit unit='GiB'>1</hard_limit></memtune>", NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    if (!dom)
        g_error("define: %s", virGetLastErrorMessage());
    for (int inactive = 0; inactive < 2; inactive++) {
        g_autofree char *desc = virDomainGetXMLDesc(dom, inactive ? VIR_DOMAIN_XML_INACTIVE : 0);
        g_assert_nonnull(strstr(desc, "<currentMemory unit='KiB'>131072</currentMemory>\n"
                                      "  <memtune>\n"
                                      "    <hard_limit unit='KiB'>1048576</hard_limit>\n"
                                      "    <min_guarantee unit='KiB'>1024</min_guarantee>\n"
                                      "  </memtune>\n  <vcpu placement='static'>1</vcpu>\n"
                                      "  <cputune>\n"
                                      "    <shares>1024</shares>\n"
                                      "    <period>100000</period>\n"
                                      "    <quota>-1</quota>\n"
                                      "    <emulator_period>20000</emulator_period>\n"
                                      "  </cputune>\n"));
        g_assert_nonnull(strstr(desc, "</os>\n  <idmap>\n"
                                      "    <uid start='0' target='300000' count='65536'/>\n"
                                      "    <gid start='0' target='300000' count='65536'/>\n"
                                      "  </idmap>\n"));
        lxc_assert_valid_xml(&fx, desc);
    }
    /* Not running: the tunables are the persistent definition's. */
    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    virTypedParamsAddUInt(&set, &nset, &max, VIR_DOMAIN_BLKIO_WEIGHT, 500);
    g_assert_cmpint(virDomainSetBlkioParameters(dom, set, nset, 0), ==, 0);
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    virTypedParamsAddULLong(&set, &nset, &max, VIR_DOMAIN_MEMORY_SOFT_LIMIT, 512 * 1024);
    g_assert_cmpint(virDomainSetMemoryParameters(dom, set, nset, 0), ==, 0);
    virTypedParamsFree(set, nset);
    g_autofree char *tuned = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(tuned, "</currentMemory>\n  <blkiotune>\n    <weight>500</weight>\n"
                                   "  </blkiotune>\n  <memtune>\n"
                                   "    <hard_limit unit='KiB'>1048576</hard_limit>\n"
                                   "    <soft_limit unit='KiB'>524288</soft_limit>\n"));
    lxc_assert_valid_xml(&fx, tuned);
    virTypedParameter mp[3];
    int n = 3;
    g_assert_cmpint(virDomainGetMemoryParameters(dom, mp, &n, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

static void test_cgroupns(void)
{
    g_autofree char *xml = lxc_xml(&fx, "cgns",
        "echo cg=$(grep -c ':/$' /proc/self/cgroup) of $(grep -c . /proc/self/cgroup); echo done; "
        "exec sleep 1000",
        "<metadata><lxc:limits xmlns:lxc='https://modvirt.org/schemas/lxc/1.0' cgroupns='yes'/></metadata>",
        NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_autofree char *out = lxc_console_expect(dom, "done");
    /* every hierarchy shows the container's cgroup as its root */
    int a = 0, b = -1;
    const char *p = strstr(out, "cg=");
    g_assert_nonnull(p);
    g_assert_cmpint(sscanf(p, "cg=%d of %d", &a, &b), ==, 2);
    g_assert_cmpint(a, ==, b);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "cgns");
    virDomainFree(dom);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (lxc_skip_all())
        return 0;
    lxc_events_init();
    lxc_fx_open(&fx);
    g_test_add_func("/lxc/limits/oom", test_oom);
    g_test_add_func("/lxc/limits/fork-bomb", test_fork_bomb);
    g_test_add_func("/lxc/limits/cpu", test_cpu);
    g_test_add_func("/lxc/limits/cgroupns", test_cgroupns);
    g_test_add_func("/lxc/limits/memtune", test_memtune);
    g_test_add_func("/lxc/limits/blkiotune", test_blkiotune);
    g_test_add_func("/lxc/limits/tune-xml", test_tune_xml);
    int ret = g_test_run();
    lxc_fx_close(&fx);
    return ret;
}
