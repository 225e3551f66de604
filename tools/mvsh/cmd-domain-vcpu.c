/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-vcpu.c — a domain's virtual CPUs as virsh shows
 * and pins them: vcpuinfo, vcpupin, emulatorpin and cpu-stats, with
 * virsh's output, options and errors. */
#include "mvsh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

static const char *vcpu_state_str(int state)
{
    switch (state) {
    case VIR_VCPU_OFFLINE: return "offline";
    case VIR_VCPU_RUNNING: return "running";
    case VIR_VCPU_BLOCKED: return "blocked";
    default: return "no state";
    }
}

static void print_affinity(const unsigned char *map, int maplen, int maxcpu, bool pretty)
{
    if (pretty) {
        g_autofree char *list = mvsh_cpumap_format(map, maplen);
        printf("%-15s %s (out of %d)\n", "CPU Affinity:", list, maxcpu);
        return;
    }
    printf("%-15s ", "CPU Affinity:");
    for (int c = 0; c < maxcpu; c++)
        putchar(VIR_CPU_USED(map, c) ? 'y' : '-');
    putchar('\n');
}

static int cmd_vcpuinfo(mvsh *sh, const mvsh_args *a)
{
    bool pretty = mvsh_flag(a, "pretty");
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1;
    virDomainInfo info;
    int maxcpu = mvsh_node_cpu_count(sh->conn);
    if (maxcpu < 0 || virDomainGetInfo(dom, &info) < 0) {
        virDomainFree(dom);
        return -1;
    }
    int maplen = VIR_CPU_MAPLEN(maxcpu);
    int nvcpu = info.nrVirtCpu;
    g_autofree virVcpuInfo *vcpus = g_new0(virVcpuInfo, nvcpu ? nvcpu : 1);
    g_autofree unsigned char *maps = g_malloc0((size_t)(nvcpu ? nvcpu : 1) * maplen);
    int n = virDomainGetVcpus(dom, vcpus, nvcpu, maps, maplen);
    if (n < 0) {
        /* A stopped domain: its definition's pinning, and no live data. */
        if (info.state != VIR_DOMAIN_SHUTOFF)
            goto out;
        g_clear_pointer(&vcpus, g_free);
        mvsh_reset_error();
        n = virDomainGetVcpuPinInfo(dom, nvcpu, maps, maplen, VIR_DOMAIN_AFFECT_CONFIG);
        if (n < 0)
            goto out;
    }
    for (int i = 0; i < n; i++) {
        if (i)
            putchar('\n');
        if (vcpus) {
            printf("%-15s %u\n", "VCPU:", vcpus[i].number);
            printf("%-15s %d\n", "CPU:", vcpus[i].cpu);
            printf("%-15s %s\n", "State:", vcpu_state_str(vcpus[i].state));
            if (vcpus[i].cpuTime)
                printf("%-15s %.1lf%s\n", "CPU time:", vcpus[i].cpuTime / 1000000000.0, "s");
        } else {
            /* virsh's label for the time has no colon here. */
            printf("%-15s %d\n", "VCPU:", i);
            printf("%-15s %s\n", "CPU:", "N/A");
            printf("%-15s %s\n", "State:", "N/A");
            printf("%-15s %s\n", "CPU time", "N/A");
        }
        print_affinity(VIR_GET_CPUMAP(maps, maplen, i), maplen, maxcpu, pretty);
    }
    rc = 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt vcpuinfo_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "pretty", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vcpuinfo = {
    .name = "vcpuinfo",
    .summary = "detailed domain vcpu information",
    .usage = "vcpuinfo <domain> [--pretty]",
    .description = "Shows each virtual CPU of the domain: the host CPU it runs on, its state, "
                   "its CPU time and the host CPUs it may run on (one y or - per host CPU, "
                   "or a list with --pretty). For a stopped domain, the pinning of its "
                   "definition.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = vcpuinfo_opts, .run = cmd_vcpuinfo,
};

/* The number of vCPUs the definition FLAGS names may have; -2 when the
 * domain lacks that definition (virsh then says nothing more). */
static int max_vcpus(virDomainPtr dom, unsigned int flags)
{
    if (((flags & VIR_DOMAIN_AFFECT_LIVE) && virDomainIsActive(dom) < 1) ||
        ((flags & VIR_DOMAIN_AFFECT_CONFIG) && virDomainIsPersistent(dom) < 1))
        return -2;
    return virDomainGetVcpusFlags(dom, flags | VIR_DOMAIN_VCPU_MAXIMUM);
}

static int vcpupin_show(mvsh *sh, virDomainPtr dom, unsigned int flags, bool got_vcpu,
                        unsigned int vcpu, int maxcpu)
{
    int ncpus = max_vcpus(dom, flags);
    if (ncpus < 0) {
        if (ncpus == -2)
            mvsh_error("%s", (flags & VIR_DOMAIN_AFFECT_LIVE)
                                 ? "cannot get vcpupin for offline domain"
                                 : "cannot get vcpupin for transient domain");
        return -1;
    }
    if (got_vcpu && vcpu >= (unsigned int)ncpus) {
        if ((flags & VIR_DOMAIN_AFFECT_LIVE) ||
            (!(flags & VIR_DOMAIN_AFFECT_CONFIG) && virDomainIsActive(dom) == 1))
            mvsh_error("vcpu %u is out of range of live cpu count %d", vcpu, ncpus);
        else
            mvsh_error("vcpu %u is out of range of persistent cpu count %d", vcpu, ncpus);
        return -1;
    }
    int maplen = VIR_CPU_MAPLEN(maxcpu);
    g_autofree unsigned char *maps = g_malloc0((size_t)(ncpus ? ncpus : 1) * maplen);
    int n = virDomainGetVcpuPinInfo(dom, ncpus ? ncpus : 1, maps, maplen, flags);
    if (n < 0)
        return -1;
    mvsh_table *t = mvsh_table_new("VCPU", "CPU Affinity", NULL);
    for (int i = 0; i < n; i++) {
        if (got_vcpu && (unsigned int)i != vcpu)
            continue;
        g_autofree char *num = g_strdup_printf("%d", i);
        g_autofree char *list = mvsh_cpumap_format(VIR_GET_CPUMAP(maps, maplen, i), maplen);
        mvsh_table_row(t, num, list, NULL);
    }
    mvsh_table_print(sh, t);
    return 0;
}

static int cmd_vcpupin(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0, vcpu = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1, maplen;
    g_autofree unsigned char *map = NULL;
    const char *cpulist = mvsh_arg(a, "cpulist");
    int got = mvsh_arg_uint(a, "vcpu", &vcpu);
    if (got < 0)
        goto out;
    if (cpulist && !got) {
        mvsh_error("vcpupin: Missing vCPU number in pin mode.");
        goto out;
    }
    int maxcpu = mvsh_node_cpu_count(sh->conn);
    if (maxcpu < 0)
        goto out;
    if (!cpulist) {
        rc = vcpupin_show(sh, dom, flags, got, vcpu, maxcpu);
        goto out;
    }
    map = mvsh_parse_cpulist(cpulist, maxcpu, &maplen);
    if (!map)
        goto out;
    /* Without --live, --config or --current, the call without flags. */
    if (flags == 0 && !mvsh_flag(a, "current"))
        rc = virDomainPinVcpu(dom, vcpu, map, maplen) < 0 ? -1 : 0;
    else
        rc = virDomainPinVcpuFlags(dom, vcpu, map, maplen, flags) < 0 ? -1 : 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt vcpupin_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "vcpu", MVSH_OT_STRING, 0 },
    { "cpulist", MVSH_OT_STRING, 0 },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vcpupin = {
    .name = "vcpupin",
    .summary = "control or query domain vcpu affinity",
    .usage = "vcpupin <domain> [--vcpu <number>] [--cpulist <string>] [--config] [--live] "
             "[--current]",
    .description = "Without CPULIST, shows the host CPUs each virtual CPU (or VCPU) may run "
                   "on; with it, pins VCPU to them (a list such as 0-3,^2,5, or r for all). "
                   "--config and --live choose the definition read or changed.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = vcpupin_opts, .run = cmd_vcpupin,
};

static int cmd_emulatorpin(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    bool chosen = flags || mvsh_flag(a, "current");
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1, maplen;
    g_autofree unsigned char *map = NULL;
    const char *cpulist = mvsh_arg(a, "cpulist");
    int maxcpu = mvsh_node_cpu_count(sh->conn);
    if (maxcpu < 0)
        goto out;
    if (!cpulist) {
        maplen = VIR_CPU_MAPLEN(maxcpu);
        map = g_malloc0(maplen);
        if (virDomainGetEmulatorPinInfo(dom, map, maplen, flags) < 0)
            goto out;
        g_autofree char *list = mvsh_cpumap_format(map, maplen);
        mvsh_print_extra(sh, "%s %s\n", "emulator:", "CPU Affinity");
        mvsh_print_extra(sh, "----------------------------------\n");
        mvsh_print_extra(sh, "       *: ");
        printf("%s\n", list);
        rc = 0;
        goto out;
    }
    map = mvsh_parse_cpulist(cpulist, maxcpu, &maplen);
    if (!map)
        goto out;
    /* A pin without --live, --config or --current changes the live guest. */
    if (!chosen)
        flags = VIR_DOMAIN_AFFECT_LIVE;
    rc = virDomainPinEmulator(dom, map, maplen, flags) < 0 ? -1 : 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt emulatorpin_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "cpulist", MVSH_OT_STRING, 0 },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_emulatorpin = {
    .name = "emulatorpin",
    .summary = "control or query domain emulator affinity",
    .usage = "emulatorpin <domain> [--cpulist <string>] [--config] [--live] [--current]",
    .description = "Without CPULIST, shows the host CPUs the domain's emulator threads may "
                   "run on; with it, pins them there (the running domain unless --config or "
                   "--current).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = emulatorpin_opts, .run = cmd_emulatorpin,
};

static void print_cpu_stat(const virTypedParameter *p, bool seconds)
{
    if (seconds) {
        printf("\t%-15s %6llu.%09llu seconds\n", p->field, p->value.ul / 1000000000ULL,
               p->value.ul % 1000000000ULL);
        return;
    }
    g_autofree char *text = mvsh_typed_param_str(p);
    printf("\t%-15s %s\n", p->field, text);
}

static int cpu_stats_failed(virDomainPtr dom)
{
    mvsh_error("Failed to retrieve CPU statistics for domain '%s'", virDomainGetName(dom));
    return -1;
}

static int cpu_stats_per_cpu(virDomainPtr dom, int start, int count)
{
    int max = virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0);
    if (max < 0)
        return cpu_stats_failed(dom);
    if (start >= max) {
        mvsh_error("Start CPU %d is out of range (min: 0, max: %d)", start, max - 1);
        return -1;
    }
    if (!count || count > max - start)
        count = max - start;
    int nparams = virDomainGetCPUStats(dom, NULL, 0, 0, 1, 0);
    if (nparams < 0)
        return cpu_stats_failed(dom);
    if (nparams == 0)
        return 0;
    while (count > 0) {
        int ncpus = MIN(count, 128);
        g_autofree virTypedParameter *params = g_new0(virTypedParameter, (size_t)nparams * ncpus);
        if (virDomainGetCPUStats(dom, params, nparams, start, ncpus, 0) < 0)
            return cpu_stats_failed(dom);
        for (int i = 0; i < ncpus; i++) {
            virTypedParameter *cpu = &params[i * nparams];
            if (cpu->type == 0)   /* not a CPU of the host's map */
                continue;
            printf("CPU%d:\n", start + i);
            for (int j = 0; j < nparams; j++)
                print_cpu_stat(&cpu[j], !strcmp(cpu[j].field, VIR_DOMAIN_CPU_STATS_CPUTIME) ||
                                            !strcmp(cpu[j].field, VIR_DOMAIN_CPU_STATS_VCPUTIME));
        }
        virTypedParamsClear(params, nparams * ncpus);
        count -= ncpus;
        start += ncpus;
    }
    return 0;
}

static int cpu_stats_total(virDomainPtr dom)
{
    int nparams = virDomainGetCPUStats(dom, NULL, 0, -1, 1, 0);
    if (nparams < 0)
        return cpu_stats_failed(dom);
    g_autofree virTypedParameter *params = g_new0(virTypedParameter, nparams ? nparams : 1);
    int n = virDomainGetCPUStats(dom, params, nparams, -1, 1, 0);
    if (n < 0)
        return cpu_stats_failed(dom);
    printf("Total:\n");
    for (int i = 0; i < n; i++)
        print_cpu_stat(&params[i], !strcmp(params[i].field, VIR_DOMAIN_CPU_STATS_CPUTIME) ||
                                       !strcmp(params[i].field, VIR_DOMAIN_CPU_STATS_USERTIME) ||
                                       !strcmp(params[i].field, VIR_DOMAIN_CPU_STATS_SYSTEMTIME));
    virTypedParamsClear(params, n);
    return 0;
}

static int cmd_cpu_stats(mvsh *sh, const mvsh_args *a)
{
    int start = 0, count = 0;
    if (mvsh_arg_int(a, "start", &start) < 0)
        return -1;
    if (start < 0)
        return mvsh_fail("Invalid value for start CPU");
    if (mvsh_arg_int(a, "count", &count) < 0)
        return -1;
    if (count < 0)
        return mvsh_fail("Invalid value for number of CPUs to show");
    bool total = mvsh_flag(a, "total");
    bool per_cpu = mvsh_arg(a, "start") || mvsh_arg(a, "count");
    if (!total && !per_cpu)
        total = per_cpu = true;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = 0;
    if (per_cpu)
        rc = cpu_stats_per_cpu(dom, start, count);
    if (rc == 0 && total)
        rc = cpu_stats_total(dom);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt cpu_stats_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "total", MVSH_OT_BOOL, 0 },
    { "start", MVSH_OT_STRING, 0 },
    { "count", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_cpu_stats = {
    .name = "cpu-stats",
    .summary = "show domain cpu statistics",
    .usage = "cpu-stats <domain> [--total] [--start <number>] [--count <number>]",
    .description = "Shows the CPU time the domain used on each host CPU (from --start, "
                   "--count of them) and in total; without options, both.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = cpu_stats_opts, .run = cmd_cpu_stats,
};
