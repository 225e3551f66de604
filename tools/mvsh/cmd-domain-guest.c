/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-guest.c — the guest's buttons and what it says of
 * itself: reset, inject-nmi, domhostname, domtime, with virsh's options,
 * output and error lines. */
#include "mvsh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib.h>

static const mvsh_opt domain_opt[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static int dom_reset(void *d) { return virDomainReset(d, 0); }

static const mvsh_action reset_action = {
    .kind = MVSH_OBJ_DOMAIN, .act = dom_reset, .done = "Domain '%s' was reset\n",
    .failed = "Failed to reset domain '%s'",
};

const mvsh_cmd mvsh_cmd_reset = {
    .name = "reset",
    .summary = "reset a domain",
    .usage = "reset <domain>",
    .description = "Resets the domain as its reset button would: the guest restarts at once, "
                   "without shutting down.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domain_opt, .data = &reset_action, .run = mvsh_run_action,
};

static int cmd_inject_nmi(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = virDomainInjectNMI(dom, 0);
    if (rc < 0)
        mvsh_report_error(NULL);
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

const mvsh_cmd mvsh_cmd_inject_nmi = {
    .name = "inject-nmi",
    .summary = "Inject NMI to the guest",
    .usage = "inject-nmi <domain>",
    .description = "Sends a non-maskable interrupt to the guest (which commonly makes a "
                   "Linux guest dump its state or panic, as configured).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domain_opt, .run = cmd_inject_nmi,
};

static int cmd_domhostname(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    const char *source = mvsh_arg(a, "source");
    if (source) {
        if (!strcmp(source, "lease")) {
            flags = VIR_DOMAIN_GET_HOSTNAME_LEASE;
        } else if (!strcmp(source, "agent")) {
            flags = VIR_DOMAIN_GET_HOSTNAME_AGENT;
        } else {
            mvsh_error("Unknown data source '%s'", source);
            return -1;
        }
    }
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    char *name = virDomainGetHostname(dom, flags);
    virDomainFree(dom);
    if (!name)
        return mvsh_fail("failed to get hostname");
    printf("%s\n", name);
    free(name);
    return 0;
}

static const mvsh_opt domhostname_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "source", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domhostname = {
    .name = "domhostname",
    .summary = "print the domain's hostname",
    .usage = "domhostname <domain> [--source <string>]",
    .description = "Prints the host name the guest has, as its guest agent (--source agent) "
                   "or its DHCP lease (--source lease) tells it.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domhostname_opts, .run = cmd_domhostname,
};

static int cmd_domtime(mvsh *sh, const mvsh_args *a)
{
    if (mvsh_exclusive(a, "time", "now") < 0 || mvsh_exclusive(a, "time", "sync") < 0 ||
        mvsh_exclusive(a, "now", "sync") < 0)
        return -1;
    long long seconds = 0;
    const char *when = mvsh_arg(a, "time");
    if (when) {
        char *end;
        errno = 0;
        seconds = strtoll(when, &end, 10);
        if (!*when || *end || errno) {
            mvsh_error("Numeric value '%s' for <time> option is malformed or out of range",
                       when);
            return -1;
        }
    }
    bool now = mvsh_flag(a, "now"), sync = mvsh_flag(a, "sync");
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc;
    if (when || now || sync) {
        if (now)
            seconds = (long long)time(NULL);
        rc = virDomainSetTime(dom, seconds, 0, sync ? VIR_DOMAIN_TIME_SYNC : 0);
    } else {
        unsigned int nseconds = 0;
        rc = virDomainGetTime(dom, &seconds, &nseconds, 0);
        if (rc == 0 && mvsh_flag(a, "pretty")) {
            GDateTime *then = g_date_time_new_from_unix_utc(seconds);
            char *text = then ? g_date_time_format(then, "%Y-%m-%d %H:%M:%S") : NULL;
            printf("Time: %s", text ? text : "");
            g_free(text);
            if (then)
                g_date_time_unref(then);
        } else if (rc == 0) {
            printf("Time: %lld", seconds);
        }
    }
    virDomainFree(dom);
    if (rc < 0) {
        mvsh_report_error(NULL);
        return -1;
    }
    return 0;
}

static const mvsh_opt domtime_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "now", MVSH_OT_BOOL, 0 },
    { "pretty", MVSH_OT_BOOL, 0 },
    { "sync", MVSH_OT_BOOL, 0 },
    { "time", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domtime = {
    .name = "domtime",
    .summary = "domain time",
    .usage = "domtime <domain> [--now] [--pretty] [--sync] [--time <number>]",
    .description = "Prints the guest's clock in seconds since the epoch (--pretty: as a UTC "
                   "date). --time N sets it to N, --now to the host's time, --sync makes the "
                   "guest read its own hardware clock again.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domtime_opts, .run = cmd_domtime,
};
