/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-set.c — setmem, setmaxmem, setvcpus: sizes with
 * units as virsh scales them, and --config/--live/--current as
 * VIR_DOMAIN_AFFECT_* flags.
 */
#include "mvsh.h"

#include <limits.h>

static const mvsh_opt mem_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "size", MVSH_OT_STRING, MVSH_OPT_REQ },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

/* setmem and setmaxmem: SIZE in KiB unless it has a unit. */
static int set_memory(mvsh *sh, const mvsh_args *a, bool maximum)
{
    unsigned int flags;
    unsigned long long bytes;
    if (mvsh_affect_flags(a, &flags) < 0 ||
        mvsh_parse_size(mvsh_arg(a, "size"), 1024, ULLONG_MAX, &bytes, "size") < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    unsigned long kib = (unsigned long)((bytes + 1023) / 1024);
    int rc;
    if (!maximum)
        rc = virDomainSetMemoryFlags(dom, kib, flags);
    else if (flags == 0)
        rc = virDomainSetMaxMemory(dom, kib);
    else
        rc = virDomainSetMemoryFlags(dom, kib, flags | VIR_DOMAIN_MEM_MAXIMUM);
    if (rc < 0 && maximum)
        mvsh_error("Unable to change MaxMemorySize");
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static int cmd_setmem(mvsh *sh, const mvsh_args *a)
{
    return set_memory(sh, a, false);
}

static int cmd_setmaxmem(mvsh *sh, const mvsh_args *a)
{
    return set_memory(sh, a, true);
}

const mvsh_cmd mvsh_cmd_setmem = {
    .name = "setmem",
    .summary = "change memory allocation",
    .usage = "setmem <domain> <size> [--config] [--live] [--current]",
    .description = "Changes the domain's current memory to SIZE (KiB, or with a unit: 512M, "
                   "1G, 1GB, ...): of the running domain (--live), of its definition "
                   "(--config), or of whichever is current (default).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = mem_opts, .run = cmd_setmem,
};

const mvsh_cmd mvsh_cmd_setmaxmem = {
    .name = "setmaxmem",
    .summary = "change maximum memory limit",
    .usage = "setmaxmem <domain> <size> [--config] [--live] [--current]",
    .description = "Changes the domain's maximum memory to SIZE (KiB, or with a unit), with "
                   "--config, --live and --current as for setmem.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = mem_opts, .run = cmd_setmaxmem,
};

static int cmd_setvcpus(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags, count = 0;
    if (mvsh_affect_flags(a, &flags) < 0 || mvsh_arg_uint(a, "count", &count) < 0)
        return -1;
    if (mvsh_flag(a, "maximum") && !mvsh_flag(a, "config")) {
        mvsh_error("Option --config is required by option --maximum");
        return -1;
    }
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    if (mvsh_flag(a, "maximum"))
        flags |= VIR_DOMAIN_VCPU_MAXIMUM;
    int rc = flags ? virDomainSetVcpusFlags(dom, count, flags) : virDomainSetVcpus(dom, count);
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt setvcpus_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "count", MVSH_OT_STRING, MVSH_OPT_REQ },
    { "maximum", MVSH_OT_BOOL, 0 },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_setvcpus = {
    .name = "setvcpus",
    .summary = "change number of virtual CPUs",
    .usage = "setvcpus <domain> <count> [--maximum] [--config] [--live] [--current]",
    .description = "Changes the number of the domain's virtual CPUs, with --config, --live and "
                   "--current as for setmem; --maximum (with --config) changes the maximum.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = setvcpus_opts, .run = cmd_setvcpus,
};
