/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-tune.c — memtune and blkiotune: a domain's memory
 * limits and block I/O weights and throttles, shown (all of them, limits
 * in KiB or "unlimited") or set (those given), as virsh shows and sets
 * them. */
#include "mvsh.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* Prints every parameter of the domain that GET reads, as "name: value";
 * UNLIMITED_WORD: a limit equal to libvirt's "unlimited" reads so. */
static int show(virDomainPtr dom, unsigned int flags,
                int (*get)(virDomainPtr, virTypedParameterPtr, int *, unsigned int),
                const char *what, bool unlimited_word)
{
    int n = 0;
    if (get(dom, NULL, &n, flags) != 0)
        return mvsh_fail("Unable to get number of %s parameters", what);
    if (n == 0)
        return 0;
    virTypedParameterPtr params = g_new0(virTypedParameter, n);
    if (get(dom, params, &n, flags) != 0) {
        g_free(params);
        return mvsh_fail("Unable to get %s parameters", what);
    }
    for (int i = 0; i < n; i++) {
        if (unlimited_word && params[i].type == VIR_TYPED_PARAM_ULLONG &&
            params[i].value.ul == (unsigned long long)VIR_DOMAIN_MEMORY_PARAM_UNLIMITED) {
            printf("%-15s: %s\n", params[i].field, "unlimited");
            continue;
        }
        g_autofree char *text = mvsh_typed_param_str(&params[i]);
        printf("%-15s: %s\n", params[i].field, text);
    }
    virTypedParamsFree(params, n);
    return 0;
}

/* Option NAME as virsh reads a memtune size: 0 absent, 1 with *KIB set (a
 * negative number is "unlimited"; else a scaled integer, KiB without a
 * suffix, rounded up to KiB), -1 after virsh's error lines. */
static int memtune_size(const mvsh_args *a, const char *name, unsigned long long *kib)
{
    const char *s = mvsh_arg(a, name);
    if (!s)
        return 0;
    char *end;
    errno = 0;
    long long v = *s ? strtoll(s, &end, 10) : 0;
    if (!*s || end == s || errno) {
        mvsh_error("Unable to parse integer parameter %s", name);
        return -1;
    }
    if (v < 0) {
        *kib = (unsigned long long)VIR_DOMAIN_MEMORY_PARAM_UNLIMITED;
        return 1;
    }
    const char *digits = s;
    while (g_ascii_isspace(*digits) || *digits == '+')
        digits++;
    unsigned long long bytes;
    g_autofree char *why = NULL;
    if (mvsh_scale_number(digits, 1024, LLONG_MAX, &bytes, &why) < 0) {
        mvsh_error("Unable to parse integer parameter %s", name);
        if (why)
            mvsh_error("%s", why);
        return -1;
    }
    *kib = bytes / 1024 + (bytes % 1024 != 0);
    return 1;
}

static int cmd_memtune(mvsh *sh, const mvsh_args *a)
{
    static const char *const opts[][2] = {
        { "hard-limit", VIR_DOMAIN_MEMORY_HARD_LIMIT },
        { "soft-limit", VIR_DOMAIN_MEMORY_SOFT_LIMIT },
        { "swap-hard-limit", VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT },
        { "min-guarantee", VIR_DOMAIN_MEMORY_MIN_GUARANTEE },
    };
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    virTypedParameterPtr params = NULL;
    int nparams = 0, max = 0, rc = -1;
    for (size_t i = 0; i < G_N_ELEMENTS(opts); i++) {
        unsigned long long kib;
        int got = memtune_size(a, opts[i][0], &kib);
        if (got < 0)
            goto out;
        if (got && virTypedParamsAddULLong(&params, &nparams, &max, opts[i][1], kib) < 0) {
            mvsh_fail("Unable to change memory parameters");
            goto out;
        }
    }
    if (nparams == 0)
        rc = show(dom, flags, virDomainGetMemoryParameters, "memory", true);
    else if (virDomainSetMemoryParameters(dom, params, nparams, flags) != 0)
        mvsh_fail("Unable to change memory parameters");
    else
        rc = 0;
out:
    virTypedParamsFree(params, nparams);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt memtune_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "hard-limit", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "soft-limit", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "swap-hard-limit", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "min-guarantee", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_memtune = {
    .name = "memtune",
    .summary = "Get or set memory parameters",
    .usage = "memtune <domain> [--hard-limit <number>] [--soft-limit <number>] "
             "[--swap-hard-limit <number>] [--min-guarantee <number>] [--config] [--live] "
             "[--current]",
    .description = "Shows the domain's memory limits (KiB; \"unlimited\" for none), or sets "
                   "those given: sizes are scaled integers (KiB without a suffix; a negative "
                   "one is unlimited). --config and --live choose the definition read and "
                   "changed.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = memtune_opts, .run = cmd_memtune,
};

static int cmd_blkiotune(mvsh *sh, const mvsh_args *a)
{
    static const char *const lists[][2] = {
        { "device-weights", VIR_DOMAIN_BLKIO_DEVICE_WEIGHT },
        { "device-read-iops-sec", VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS },
        { "device-write-iops-sec", VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS },
        { "device-read-bytes-sec", VIR_DOMAIN_BLKIO_DEVICE_READ_BPS },
        { "device-write-bytes-sec", VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS },
    };
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    virTypedParameterPtr params = NULL;
    int nparams = 0, max = 0, rc = -1, weight;
    int got = mvsh_arg_int(a, "weight", &weight);
    if (got < 0)
        goto out;
    if (got) {
        if (weight <= 0) {
            mvsh_error("Invalid value of %d for I/O weight", weight);
            goto out;
        }
        virTypedParamsAddUInt(&params, &nparams, &max, VIR_DOMAIN_BLKIO_WEIGHT,
                              (unsigned int)weight);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(lists); i++) {
        const char *s = mvsh_arg(a, lists[i][0]);
        if (s && !*s) {
            mvsh_error("Unable to parse string parameter");
            goto out;
        }
        if (s)
            virTypedParamsAddString(&params, &nparams, &max, lists[i][1], s);
    }
    if (nparams == 0)
        rc = show(dom, flags, virDomainGetBlkioParameters, "blkio", false);
    else if (virDomainSetBlkioParameters(dom, params, nparams, flags) < 0)
        mvsh_fail("Unable to change blkio parameters");
    else
        rc = 0;
out:
    virTypedParamsFree(params, nparams);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt blkiotune_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "weight", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "device-weights", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "device-read-iops-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "device-write-iops-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "device-read-bytes-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "device-write-bytes-sec", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_blkiotune = {
    .name = "blkiotune",
    .summary = "Get or set blkio parameters",
    .usage = "blkiotune <domain> [--weight <number>] [--device-weights <string>] "
             "[--device-read-iops-sec <string>] [--device-write-iops-sec <string>] "
             "[--device-read-bytes-sec <string>] [--device-write-bytes-sec <string>] "
             "[--config] [--live] [--current]",
    .description = "Shows the domain's block I/O weight and per-device weights and "
                   "throttles, or sets those given: each --device-* option is a list "
                   "/path/to/device,VALUE,... (a value of 0 removes the setting). --config and "
                   "--live choose the definition read and changed.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = blkiotune_opts, .run = cmd_blkiotune,
};
