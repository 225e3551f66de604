/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-host-counters.c — virNodeGetCPUStats,
 * virNodeGetMemoryStats and virNodeGetCPUMap on qemu and lxc connections
 * (embed roots; no QEMU needed) against the host's own /proc and /sys,
 * read around each call: the counters only grow, so each value lies
 * between what the test reads before and after it; and libvirt's refusals
 * of a wrong count, an unknown CPU and a cell the host does not have. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

/* The "cpu " line of /proc/stat as libvirt adds it up, in ns. */
static void read_proc_stat(unsigned long long out[4])
{
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents("/proc/stat", &text, NULL, NULL));
    unsigned long long v[7] = { 0 };
    g_assert_cmpint(sscanf(text, "cpu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
                           &v[3], &v[4], &v[5], &v[6]), ==, 7);
    unsigned long long tick = 1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK);
    out[0] = (v[2] + v[5] + v[6]) * tick;   /* kernel */
    out[1] = (v[0] + v[1]) * tick;          /* user */
    out[2] = v[3] * tick;                   /* idle */
    out[3] = v[4] * tick;                   /* iowait */
}

static unsigned long long meminfo(const char *key)
{
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents("/proc/meminfo", &text, NULL, NULL));
    const char *p = strstr(text, key);
    g_assert_nonnull(p);
    return g_ascii_strtoull(p + strlen(key), NULL, 10);
}

static void check(const char *scheme)
{
    g_autofree char *root = g_dir_make_tmp("host-counters-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("%s:///embed?root=%s", scheme, root);
    virConnectPtr c = virConnectOpen(uri);
    if (!c) {
        g_autofree char *why = g_strdup_printf("cannot open %s: %s", uri,
                                               virGetLastErrorMessage());
        g_rmdir(root);
        g_test_skip(why);
        return;
    }

    static const char *const cpu_names[] = { "kernel", "user", "idle", "iowait" };
    virNodeCPUStats cs[4];
    unsigned long long before[4], after[4];
    int n = 0;
    g_assert_cmpint(virNodeGetCPUStats(c, -1, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 4);
    read_proc_stat(before);
    g_assert_cmpint(virNodeGetCPUStats(c, -1, cs, &n, 0), ==, 0);
    read_proc_stat(after);
    for (int i = 0; i < 4; i++) {
        g_assert_cmpstr(cs[i].field, ==, cpu_names[i]);
        g_assert_cmpuint(cs[i].value, >=, before[i]);
        g_assert_cmpuint(cs[i].value, <=, after[i]);
    }
    g_assert_cmpint(virNodeGetCPUStats(c, 0, cs, &n, 0), ==, 0);
    n = 3;
    g_assert_cmpint(virNodeGetCPUStats(c, -1, cs, &n, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "nparams in virHostCPUGetStatsLinux must be equal to 4");
    n = 4;
    g_assert_cmpint(virNodeGetCPUStats(c, 100000, cs, &n, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Invalid cpuNum in virHostCPUGetStatsLinux");

    virNodeMemoryStats ms[4];
    n = 0;
    g_assert_cmpint(virNodeGetMemoryStats(c, -1, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 4);
    g_assert_cmpint(virNodeGetMemoryStats(c, -1, ms, &n, 0), ==, 0);
    g_assert_cmpstr(ms[0].field, ==, VIR_NODE_MEMORY_STATS_TOTAL);
    g_assert_cmpuint(ms[0].value, ==, meminfo("MemTotal:"));
    g_assert_cmpstr(ms[1].field, ==, VIR_NODE_MEMORY_STATS_FREE);
    g_assert_cmpuint(ms[1].value, <=, ms[0].value);
    g_assert_cmpstr(ms[2].field, ==, VIR_NODE_MEMORY_STATS_BUFFERS);
    g_assert_cmpstr(ms[3].field, ==, VIR_NODE_MEMORY_STATS_CACHED);
    n = 4;
    g_assert_cmpint(virNodeGetMemoryStats(c, 4096, ms, &n, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==,
                    g_file_test("/sys/devices/system/node", G_FILE_TEST_IS_DIR)
                        ? VIR_ERR_INVALID_ARG : VIR_ERR_OPERATION_INVALID);

    /* The CPU map: as many CPUs as present, the online ones set. */
    unsigned char *map = NULL;
    unsigned int online = 0;
    int cpus = virNodeGetCPUMap(c, &map, &online, 0);
    g_assert_cmpint(cpus, >=, 1);
    g_assert_cmpuint(online, ==, (unsigned int)sysconf(_SC_NPROCESSORS_ONLN));
    g_assert_true(VIR_CPU_USED(map, 0));
    free(map);
    g_assert_cmpint(virNodeGetCPUMap(c, NULL, NULL, 0), ==, cpus);

    g_assert_cmpint(virConnectClose(c), ==, 0);
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
    g_assert_cmpint(system(cmd), ==, 0);
}

static void test_qemu(void)
{
    check("qemu");
}

static void test_lxc(void)
{
    check("lxc");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet);
    g_test_add_func("/host-counters/qemu", test_qemu);
    g_test_add_func("/host-counters/lxc", test_lxc);
    return g_test_run();
}
