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
    int ids[2] = { -1, -1 };
    static const struct { int id; virConnectDomainEventGenericCallback cb; } cbs[] = {
        { VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle) },
        { VIR_DOMAIN_EVENT_ID_REBOOT, VIR_DOMAIN_EVENT_CALLBACK(on_reboot) },
    };
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++) {
        if (only >= 0 && only != cbs[i].id)
            continue;
        ids[i] = virConnectDomainEventRegisterAny(sh->conn, dom, cbs[i].id, cbs[i].cb, &w, NULL);
        if (ids[i] < 0)
            rc = -1;
    }
    if (only > VIR_DOMAIN_EVENT_ID_REBOOT) {
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
    for (int i = 0; i < 2; i++)
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
