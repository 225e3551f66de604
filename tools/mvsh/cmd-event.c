/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-event.c — `event`: waits for domain events on the default
 * event loop and prints them as virsh does ("event 'lifecycle' for domain
 * 'test': Stopped Destroyed"), once, or until --timeout with --loop.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Indexed by VIR_DOMAIN_EVENT_ID_*. */
static const char *const event_names[] = {
    "lifecycle", "reboot", "rtc-change", "watchdog", "io-error", "graphics",
    "io-error-reason", "control-error", "block-job", "disk-change", "tray-change",
    "pm-wakeup", "pm-suspend", "balloon-change", "pm-suspend-disk", "device-removed",
    "block-job-2", "tunable", "agent-lifecycle", "device-added", "migration-iteration",
    "job-completed", "device-removal-failed", "metadata-change", "block-threshold",
    "memory-failure", "memory-device-size-change",
};

typedef struct event_wait {
    bool loop, timestamp, done, timed_out;
    int count;
} event_wait;

static void print_prefix(event_wait *w)
{
    if (!w->timestamp)
        return;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *s = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");
    printf("%s.%03d+0000: ", s, g_date_time_get_microsecond(now) / 1000);
}

static void got_event(event_wait *w)
{
    fflush(stdout);
    w->count++;
    if (!w->loop)
        w->done = true;
}

static void on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    print_prefix(opaque);
    printf("event 'lifecycle' for domain '%s': %s %s\n", virDomainGetName(dom),
           mvsh_event_str(event), mvsh_event_detail_str(event, detail));
    got_event(opaque);
}

static void on_reboot(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    print_prefix(opaque);
    printf("event 'reboot' for domain '%s'\n", virDomainGetName(dom));
    got_event(opaque);
}

static void on_agent_lifecycle(virConnectPtr conn, virDomainPtr dom, int state, int reason,
                               void *opaque)
{
    static const char *const states[] = { "unknown", "connected", "disconnected" };
    static const char *const reasons[] = { "unknown", "domain started", "channel event" };
    print_prefix(opaque);
    printf("event 'agent-lifecycle' for domain '%s': state: '%s' reason: '%s'\n",
           virDomainGetName(dom),
           state >= 0 && state < (int)G_N_ELEMENTS(states) ? states[state] : "unknown",
           reason >= 0 && reason < (int)G_N_ELEMENTS(reasons) ? reasons[reason] : "unknown");
    got_event(opaque);
}

/* A job statistic as virsh's event printer shows it: booleans as 0/1,
 * doubles in "%g" (unlike schedinfo's values). */
static char *event_param_str(const virTypedParameter *p)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_DOUBLE: return g_strdup_printf("%g", p->value.d);
    case VIR_TYPED_PARAM_BOOLEAN: return g_strdup_printf("%d", p->value.b);
    default: return mvsh_typed_param_str(p);
    }
}

static void on_job_completed(virConnectPtr conn, virDomainPtr dom, virTypedParameterPtr params,
                             int nparams, void *opaque)
{
    print_prefix(opaque);
    printf("event 'job-completed' for domain '%s':\n", virDomainGetName(dom));
    for (int i = 0; i < nparams; i++) {
        g_autofree char *value = event_param_str(&params[i]);
        if (value)
            printf("\t%s: %s\n", params[i].field, value);
    }
    got_event(opaque);
}

static void on_metadata_change(virConnectPtr conn, virDomainPtr dom, int type, const char *nsuri,
                               void *opaque)
{
    static const char *const types[] = { "description", "title", "element" };
    print_prefix(opaque);
    printf("event 'metadata-change' for domain '%s': type %s, uri %s\n", virDomainGetName(dom),
           type >= 0 && type < (int)G_N_ELEMENTS(types) ? types[type] : "unknown",
           nsuri ? nsuri : "<null>");
    got_event(opaque);
}

static void on_timeout(int timer, void *opaque)
{
    event_wait *w = opaque;
    w->done = w->timed_out = true;
}

static int find_event(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(event_names); i++)
        if (!strcmp(event_names[i], name))
            return (int)i;
    return -1;
}

static int cmd_event(mvsh *sh, const mvsh_args *a)
{
    if (mvsh_exclusive(a, "all", "event") < 0 || mvsh_exclusive(a, "list", "all") < 0 ||
        mvsh_exclusive(a, "list", "event") < 0)
        return -1;
    if (mvsh_flag(a, "list")) {
        for (size_t i = 0; i < G_N_ELEMENTS(event_names); i++)
            printf("%s\n", event_names[i]);
        return 0;
    }
    const char *name = mvsh_arg(a, "event");
    int only = name ? find_event(name) : -1;
    if (name && only < 0) {
        mvsh_error("unknown event type %s", name);
        return -1;
    }
    if (!name && !mvsh_flag(a, "all")) {
        mvsh_error("one of --list, --all, or --event <type> is required");
        return -1;
    }
    unsigned int timeout = 0;
    int has_timeout = mvsh_arg_uint(a, "timeout", &timeout);
    if (has_timeout < 0)
        return -1;
    if (has_timeout && (timeout < 1 || timeout > INT32_MAX / 1000)) {
        mvsh_error("Numeric value '%s' for <timeout> option is malformed or out of range",
                   mvsh_arg(a, "timeout"));
        return -1;
    }
    virDomainPtr dom = NULL;
    if (mvsh_arg(a, "domain") && !(dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY)))
        return -1;
    event_wait w = { .loop = mvsh_flag(a, "loop"), .timestamp = mvsh_flag(a, "timestamp") };
    static const struct { int id; virConnectDomainEventGenericCallback cb; } cbs[] = {
        { VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle) },
        { VIR_DOMAIN_EVENT_ID_REBOOT, VIR_DOMAIN_EVENT_CALLBACK(on_reboot) },
        { VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_agent_lifecycle) },
        { VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, VIR_DOMAIN_EVENT_CALLBACK(on_job_completed) },
        { VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, VIR_DOMAIN_EVENT_CALLBACK(on_metadata_change) },
    };
    int ids[G_N_ELEMENTS(cbs)];
    bool known = only < 0;
    int rc = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(cbs); i++) {
        ids[i] = -1;
        if (rc < 0 || (only >= 0 && only != cbs[i].id))
            continue;
        known = true;
        ids[i] = virConnectDomainEventRegisterAny(sh->conn, dom, cbs[i].id, cbs[i].cb, &w, NULL);
        if (ids[i] < 0)
            rc = -1;
    }
    if (!known) {
        mvsh_error("event '%s' is not supported by mvsh", name);
        rc = -1;
    }
    if (rc == 0) {
        int timer = has_timeout ? virEventAddTimeout((int)timeout * 1000, on_timeout, &w, NULL) : -1;
        while (!w.done && virEventRunDefaultImpl() == 0)
            ;
        if (timer >= 0)
            virEventRemoveTimeout(timer);
        if (w.timed_out)
            printf("event loop timed out\n");
        printf("events received: %d\n", w.count);
        rc = w.count ? 0 : -1;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cbs); i++)
        if (ids[i] >= 0)
            virConnectDomainEventDeregisterAny(sh->conn, ids[i]);
    if (dom)
        virDomainFree(dom);
    return rc;
}

static const mvsh_opt event_opts[] = {
    { "domain", MVSH_OT_STRING, 0 },
    { "event", MVSH_OT_STRING, 0 },
    { "all", MVSH_OT_BOOL, 0 },
    { "loop", MVSH_OT_BOOL, 0 },
    { "timeout", MVSH_OT_STRING, 0 },
    { "list", MVSH_OT_BOOL, 0 },
    { "timestamp", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_event = {
    .name = "event",
    .summary = "Domain Events",
    .usage = "event [--domain <string>] [--event <string>] [--all] [--loop] "
             "[--timeout <number>] [--list] [--timestamp]",
    .description = "Waits for a domain event (of type --event, or of every type with --all; "
                   "of one --domain, or of all) and prints it; with --loop keeps printing "
                   "events until --timeout seconds have passed. --list lists the event types. "
                   "Ends with the number of events received; none is a failure.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .opts = event_opts, .run = cmd_event,
};
