/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-iothread.c — a domain's I/O threads as virsh
 * lists, pins, adds, removes and tunes them: iothreadinfo, iothreadpin,
 * iothreadadd, iothreaddel and iothreadset, with virsh's options, output
 * and errors. */
#include "mvsh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#define AFFECT_OPTS \
    { "config", MVSH_OT_BOOL, 0 }, { "live", MVSH_OT_BOOL, 0 }, { "current", MVSH_OT_BOOL, 0 }

static int cmd_iothreadinfo(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    virDomainIOThreadInfoPtr *info = NULL;
    int n = virDomainGetIOThreadInfo(dom, &info, flags);
    virDomainFree(dom);
    if (n < 0)
        return mvsh_fail("Unable to get domain IOThreads information");
    if (n == 0) {
        mvsh_print_extra(sh, "No IOThreads found for the domain");
        return 0;
    }
    mvsh_table *t = mvsh_table_new("IOThread ID", "CPU Affinity", NULL);
    for (int i = 0; i < n; i++) {
        g_autofree char *id = g_strdup_printf("%u", info[i]->iothread_id);
        g_autofree char *set = mvsh_cpumap_format(info[i]->cpumap, info[i]->cpumaplen);
        mvsh_table_row(t, id, set ? set : "", NULL);
        virDomainIOThreadInfoFree(info[i]);
    }
    free(info);
    mvsh_table_print(sh, t);
    return 0;
}

static const mvsh_opt iothreadinfo_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    AFFECT_OPTS,
    { NULL },
};

const mvsh_cmd mvsh_cmd_iothreadinfo = {
    .name = "iothreadinfo",
    .summary = "view domain IOThreads",
    .usage = "iothreadinfo <domain> [--config] [--live] [--current]",
    .description = "Lists the domain's I/O threads and the host CPUs each may run on (the "
                   "running domain's, or the next boot's with --config).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = iothreadinfo_opts, .run = cmd_iothreadinfo,
};

static int cmd_iothreadpin(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1, maplen, maxcpu;
    unsigned int id = 0;
    g_autofree unsigned char *map = NULL;
    if (mvsh_arg_uint(a, "iothread", &id) < 0 || (maxcpu = mvsh_node_cpu_count(sh->conn)) < 0 ||
        !(map = mvsh_parse_cpulist(mvsh_arg(a, "cpulist"), maxcpu, &maplen)))
        goto out;
    rc = virDomainPinIOThread(dom, id, map, maplen, flags) < 0 ? -1 : 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt iothreadpin_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "iothread", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "cpulist", MVSH_OT_DATA, MVSH_OPT_REQ },
    AFFECT_OPTS,
    { NULL },
};

const mvsh_cmd mvsh_cmd_iothreadpin = {
    .name = "iothreadpin",
    .summary = "control domain IOThread affinity",
    .usage = "iothreadpin <domain> <iothread> <cpulist> [--config] [--live] [--current]",
    .description = "Pins the domain's I/O thread IOTHREAD to the host CPUs of CPULIST.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = iothreadpin_opts, .run = cmd_iothreadpin,
};

/* The thread id of iothreadadd, iothreaddel and iothreadset: an int above
 * 0, with virsh's errors. */
static int thread_id(const mvsh_args *a, int *id)
{
    *id = 0;
    if (mvsh_arg_int(a, "id", id) < 0)
        return -1;
    if (*id <= 0) {
        mvsh_error("Invalid IOThread id value: '%d'", *id);
        return -1;
    }
    return 0;
}

static int add_or_del(mvsh *sh, const mvsh_args *a, bool add)
{
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int id, rc = -1;
    if (thread_id(a, &id) == 0)
        rc = (add ? virDomainAddIOThread(dom, (unsigned int)id, flags)
                  : virDomainDelIOThread(dom, (unsigned int)id, flags)) < 0 ? -1 : 0;
    virDomainFree(dom);
    return rc;
}

static int cmd_iothreadadd(mvsh *sh, const mvsh_args *a)
{
    return add_or_del(sh, a, true);
}

static int cmd_iothreaddel(mvsh *sh, const mvsh_args *a)
{
    return add_or_del(sh, a, false);
}

static const mvsh_opt iothread_id_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "id", MVSH_OT_DATA, MVSH_OPT_REQ },
    AFFECT_OPTS,
    { NULL },
};

const mvsh_cmd mvsh_cmd_iothreadadd = {
    .name = "iothreadadd",
    .summary = "add an IOThread to the guest domain",
    .usage = "iothreadadd <domain> <id> [--config] [--live] [--current]",
    .description = "Adds an I/O thread with the id ID to the domain.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = iothread_id_opts, .run = cmd_iothreadadd,
};

const mvsh_cmd mvsh_cmd_iothreaddel = {
    .name = "iothreaddel",
    .summary = "delete an IOThread from the guest domain",
    .usage = "iothreaddel <domain> <id> [--config] [--live] [--current]",
    .description = "Removes the domain's I/O thread ID (not one a disk uses).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = iothread_id_opts, .run = cmd_iothreaddel,
};

static int cmd_iothreadset(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    virTypedParameterPtr params = NULL;
    int nparams = 0, maxparams = 0, rc = -1, id, r;
    unsigned long long max_ns;
    unsigned int u;
    int v;
    if (thread_id(a, &id) < 0)
        goto out;
    if ((r = mvsh_arg_ull(a, "poll-max-ns", &max_ns)) < 0 ||
        (r > 0 && virTypedParamsAddULLong(&params, &nparams, &maxparams,
                                          VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, max_ns) < 0))
        goto out;
    if ((r = mvsh_arg_uint(a, "poll-grow", &u)) < 0 ||
        (r > 0 && virTypedParamsAddUInt(&params, &nparams, &maxparams,
                                        VIR_DOMAIN_IOTHREAD_POLL_GROW, u) < 0))
        goto out;
    if ((r = mvsh_arg_uint(a, "poll-shrink", &u)) < 0 ||
        (r > 0 && virTypedParamsAddUInt(&params, &nparams, &maxparams,
                                        VIR_DOMAIN_IOTHREAD_POLL_SHRINK, u) < 0))
        goto out;
    if ((r = mvsh_arg_int(a, "thread-pool-min", &v)) < 0 ||
        (r > 0 && virTypedParamsAddInt(&params, &nparams, &maxparams,
                                       VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN, v) < 0))
        goto out;
    if ((r = mvsh_arg_int(a, "thread-pool-max", &v)) < 0 ||
        (r > 0 && virTypedParamsAddInt(&params, &nparams, &maxparams,
                                       VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX, v) < 0))
        goto out;
    if (nparams == 0) {
        mvsh_error("Not enough arguments passed, nothing to set");
        goto out;
    }
    rc = virDomainSetIOThreadParams(dom, (unsigned int)id, params, nparams, flags) < 0 ? -1 : 0;
out:
    virTypedParamsFree(params, nparams);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt iothreadset_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "id", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "poll-max-ns", MVSH_OT_STRING, 0 },
    { "poll-grow", MVSH_OT_STRING, 0 },
    { "poll-shrink", MVSH_OT_STRING, 0 },
    { "thread-pool-min", MVSH_OT_STRING, 0 },
    { "thread-pool-max", MVSH_OT_STRING, 0 },
    AFFECT_OPTS,
    { NULL },
};

const mvsh_cmd mvsh_cmd_iothreadset = {
    .name = "iothreadset",
    .summary = "modifies an existing IOThread of the guest domain",
    .usage = "iothreadset <domain> <id> [--poll-max-ns <number>] [--poll-grow <number>] "
             "[--poll-shrink <number>] [--thread-pool-min <number>] "
             "[--thread-pool-max <number>] [--config] [--live] [--current]",
    .description = "Sets the polling time and growth of the domain's I/O thread ID, and "
                   "the bounds of its worker pool.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = iothreadset_opts, .run = cmd_iothreadset,
};
