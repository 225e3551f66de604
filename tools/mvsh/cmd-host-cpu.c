/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-host-cpu.c — the host's CPU and memory counters as virsh
 * shows them: nodecpustats (absolute, or shares over one second with
 * --percent) and nodememstats. */
#include "mvsh.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

enum { CPU_USER, CPU_SYSTEM, CPU_IDLE, CPU_IOWAIT, CPU_USAGE, CPU_LAST };

static const char *const cpu_labels[] = { "user:", "system:", "idle:", "iowait:", "usage:" };

static int cmd_nodecpustats(mvsh *sh, const mvsh_args *a)
{
    int cpu = VIR_NODE_CPU_STATS_ALL_CPUS, nparams = 0;
    bool percent = mvsh_flag(a, "percent");
    if (mvsh_arg_int(a, "cpu", &cpu) < 0)
        return -1;
    if (virNodeGetCPUStats(sh->conn, cpu, NULL, &nparams, 0) < 0)
        return mvsh_fail("Unable to get number of cpu stats");
    if (nparams == 0)
        return 0;
    g_autofree virNodeCPUStats *params = g_new0(virNodeCPUStats, nparams);
    unsigned long long v[2][CPU_LAST];
    bool present[CPU_LAST] = { false };
    memset(v, 0, sizeof(v));
    for (int s = 0; s < 2; s++) {
        int n = nparams;
        if (virNodeGetCPUStats(sh->conn, cpu, params, &n, 0) < 0)
            return mvsh_fail("Unable to get node cpu stats");
        for (int j = 0; j < n; j++) {
            int k = !strcmp(params[j].field, VIR_NODE_CPU_STATS_KERNEL) ? CPU_SYSTEM
                  : !strcmp(params[j].field, VIR_NODE_CPU_STATS_USER) ? CPU_USER
                  : !strcmp(params[j].field, VIR_NODE_CPU_STATS_IDLE) ? CPU_IDLE
                  : !strcmp(params[j].field, VIR_NODE_CPU_STATS_IOWAIT) ? CPU_IOWAIT
                  : !strcmp(params[j].field, VIR_NODE_CPU_STATS_UTILIZATION) ? CPU_USAGE : -1;
            if (k >= 0) {
                v[s][k] = params[j].value;
                present[k] = true;
            }
        }
        if (present[CPU_USAGE] || !percent)
            break;
        sleep(1);   /* the second sample, a second later, as virsh takes it */
    }
    if (!percent) {
        for (int k = 0; k < CPU_USAGE; k++)
            if (present[k])
                printf("%-15s %20llu\n", cpu_labels[k], v[0][k]);
        return 0;
    }
    if (present[CPU_USAGE]) {
        printf("%-15s %5.1lf%%\n", "usage:", (double)v[0][CPU_USAGE]);
        printf("%-15s %5.1lf%%\n", "idle:", 100 - (double)v[0][CPU_USAGE]);
        return 0;
    }
    double total = 0;
    for (int k = 0; k < CPU_USAGE; k++)
        total += (double)(v[1][k] - v[0][k]);
    double usage = (double)(v[1][CPU_USER] + v[1][CPU_SYSTEM] - v[0][CPU_USER] -
                            v[0][CPU_SYSTEM]) / total * 100;
    printf("%-15s %5.1lf%%\n", "usage:", usage);
    for (int k = 0; k < CPU_USAGE; k++)
        if (present[k])
            printf("%-15s %5.1lf%%\n", cpu_labels[k], (double)(v[1][k] - v[0][k]) / total * 100);
    return 0;
}

static const mvsh_opt nodecpustats_opts[] = {
    { "cpu", MVSH_OT_STRING, 0 },
    { "percent", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_nodecpustats = {
    .name = "nodecpustats",
    .summary = "Prints cpu stats of the node.",
    .usage = "nodecpustats [--cpu <number>] [--percent]",
    .description = "Shows the host's CPU time (of one CPU with --cpu) in user, system, idle "
                   "and iowait, in nanoseconds; with --percent, the shares of one second.",
    .group = MVSH_GRP_HOST, .needs_conn = true,
    .opts = nodecpustats_opts, .run = cmd_nodecpustats,
};

static int cmd_nodememstats(mvsh *sh, const mvsh_args *a)
{
    int cell = VIR_NODE_MEMORY_STATS_ALL_CELLS, nparams = 0;
    if (mvsh_arg_int(a, "cell", &cell) < 0)
        return -1;
    if (virNodeGetMemoryStats(sh->conn, cell, NULL, &nparams, 0) < 0)
        return mvsh_fail("Unable to get number of memory stats");
    if (nparams == 0)
        return 0;
    g_autofree virNodeMemoryStats *params = g_new0(virNodeMemoryStats, nparams);
    if (virNodeGetMemoryStats(sh->conn, cell, params, &nparams, 0) < 0)
        return mvsh_fail("Unable to get memory stats");
    for (int i = 0; i < nparams; i++)
        printf("%-7s %20llu KiB\n", params[i].field, params[i].value);
    return 0;
}

static const mvsh_opt nodememstats_opts[] = {
    { "cell", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_nodememstats = {
    .name = "nodememstats",
    .summary = "Prints memory stats of the node.",
    .usage = "nodememstats [--cell <number>]",
    .description = "Shows the host's memory (of one NUMA cell with --cell): total, free, "
                   "buffers and cached, in KiB.",
    .group = MVSH_GRP_HOST, .needs_conn = true,
    .opts = nodememstats_opts, .run = cmd_nodememstats,
};
