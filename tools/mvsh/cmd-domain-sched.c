/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-sched.c — schedinfo: the domain's scheduler and
 * its parameters, shown and set as virsh shows and sets them. */
#include "mvsh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* The new values asked for (--weight, --cap, --set NAME=VALUE), typed as
 * the domain's current parameters CUR are; -1 after virsh's error. */
static int updates(const mvsh_args *a, const virTypedParameter *cur, int ncur,
                   virTypedParameterPtr *out, int *nout)
{
    int max = 0;
    const char *set = mvsh_arg(a, "set");
    g_autofree char *name = NULL;
    const char *value = NULL;
    if (set) {
        const char *eq = strchr(set, '=');
        if (!eq) {
            mvsh_error("Invalid syntax for --set, expecting name=value");
            return -1;
        }
        name = g_strndup(set, (size_t)(eq - set));
        value = eq + 1;
    }
    const char *want[][2] = {
        { VIR_DOMAIN_SCHEDULER_WEIGHT, mvsh_arg(a, "weight") },
        { VIR_DOMAIN_SCHEDULER_CAP, mvsh_arg(a, "cap") },
        { name, value },
    };
    for (size_t w = 0; w < G_N_ELEMENTS(want); w++) {
        if (!want[w][0] || !want[w][1])
            continue;
        int i = 0;
        while (i < ncur && strcmp(cur[i].field, want[w][0]))
            i++;
        if (i == ncur) {
            mvsh_error("invalid scheduler option: %s", want[w][0]);
            return -1;
        }
        if (virTypedParamsAddFromString(out, nout, &max, want[w][0], cur[i].type,
                                        want[w][1]) < 0) {
            mvsh_report_error(NULL);
            return -1;
        }
    }
    return 0;
}

/* Both definitions cannot be read at once: with --live and --config the
 * current one is read (a set changes both, which then match), as virsh
 * does. */
static int get_params(virDomainPtr dom, virTypedParameterPtr params, int *n, unsigned int flags,
                      bool with_flags)
{
    if (flags == (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG))
        flags = VIR_DOMAIN_AFFECT_CURRENT;
    return with_flags ? virDomainGetSchedulerParametersFlags(dom, params, n, flags)
                      : virDomainGetSchedulerParameters(dom, params, n);
}

static int cmd_schedinfo(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    bool with_flags = flags || mvsh_flag(a, "current");
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1, nparams = 0, nnew = 0;
    virTypedParameterPtr params = NULL, fresh = NULL;
    char *type = virDomainGetSchedulerType(dom, &nparams);
    if (!type) {
        mvsh_report_error(NULL);
        goto out;
    }
    printf("%-15s: %s\n", "Scheduler", type);
    free(type);
    if (nparams > 0) {
        params = g_new0(virTypedParameter, nparams);
        int n = nparams;
        if (get_params(dom, params, &n, flags, with_flags) < 0) {
            mvsh_report_error(NULL);
            goto out;
        }
        nparams = n;
        if (updates(a, params, nparams, &fresh, &nnew) < 0)
            goto out;
        if (nnew > 0) {
            int set = with_flags ? virDomainSetSchedulerParametersFlags(dom, fresh, nnew, flags)
                                 : virDomainSetSchedulerParameters(dom, fresh, nnew);
            if (set < 0) {
                mvsh_report_error(NULL);
                goto out;
            }
            virTypedParamsClear(params, nparams);
            n = nparams;
            if (get_params(dom, params, &n, flags, with_flags) < 0) {
                mvsh_report_error(NULL);
                goto out;
            }
            nparams = n;
        }
        for (int i = 0; i < nparams; i++) {
            g_autofree char *text = mvsh_typed_param_str(&params[i]);
            printf("%-15s: %s\n", params[i].field, text);
        }
    }
    rc = 0;
out:
    if (params)
        virTypedParamsFree(params, nparams);
    virTypedParamsFree(fresh, nnew);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt schedinfo_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "weight", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "cap", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "current", MVSH_OT_BOOL, 0 },
    { "config", MVSH_OT_BOOL, 0 },
    { "live", MVSH_OT_BOOL, 0 },
    { "set", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_schedinfo = {
    .name = "schedinfo",
    .summary = "show/set scheduler parameters",
    .usage = "schedinfo <domain> [--weight <number>] [--cap <number>] [--current] [--config] "
             "[--live] [[--set] <string>]",
    .description = "Shows the domain's scheduler and its parameters; --set NAME=VALUE (or "
                   "--weight, --cap) changes one first. --config and --live choose the "
                   "definition read and changed.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = schedinfo_opts, .run = cmd_schedinfo,
};
