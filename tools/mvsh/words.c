/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/words.c — the words virsh prints for domain states, state
 * reasons and lifecycle event details, indexed by libvirt's enum values.
 */
#include "mvsh.h"

#include <glib.h>

static const char *const states[] = {
    "no state", "running", "idle", "paused", "in shutdown", "shut off", "crashed", "pmsuspended",
};

static const char *const running_reasons[] = {
    "unknown", "booted", "migrated", "restored", "from snapshot", "unpaused",
    "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy",
    "post-copy failed",
};
static const char *const paused_reasons[] = {
    "unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog",
    "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up",
    "post-copy", "post-copy failed", "api error",
};
static const char *const shutdown_reasons[] = { "unknown", "user" };
static const char *const shutoff_reasons[] = {
    "unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
    "from snapshot", "daemon",
};
static const char *const crashed_reasons[] = { "unknown", "panicked" };

typedef struct word_list {
    const char *const *words;
    int n;
} word_list;

#define LIST(a) { a, G_N_ELEMENTS(a) }

static const char *pick(word_list l, int i, const char *fallback)
{
    return i >= 0 && i < l.n ? l.words[i] : fallback;
}

const char *mvsh_domain_state_str(int state)
{
    return pick((word_list)LIST(states), state, "no state");
}

const char *mvsh_domain_reason_str(int state, int reason)
{
    static const word_list by_state[] = {
        [VIR_DOMAIN_RUNNING] = LIST(running_reasons),
        [VIR_DOMAIN_PAUSED] = LIST(paused_reasons),
        [VIR_DOMAIN_SHUTDOWN] = LIST(shutdown_reasons),
        [VIR_DOMAIN_SHUTOFF] = LIST(shutoff_reasons),
        [VIR_DOMAIN_CRASHED] = LIST(crashed_reasons),
    };
    if (state < 0 || state >= (int)G_N_ELEMENTS(by_state) || !by_state[state].words)
        return "unknown";
    return pick(by_state[state], reason, "unknown");
}

static const char *const events[] = {
    "Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped", "Shutdown",
    "PMSuspended", "Crashed",
};
static const char *const defined_details[] = { "Added", "Updated", "Renamed", "Snapshot" };
static const char *const undefined_details[] = { "Removed", "Renamed" };
static const char *const started_details[] = {
    "Booted", "Migrated", "Restored", "Snapshot", "Event wakeup",
};
static const char *const suspended_details[] = {
    "Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error",
    "Post-copy", "Post-copy Error",
};
static const char *const resumed_details[] = {
    "Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error",
};
static const char *const stopped_details[] = {
    "Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot",
};
static const char *const shutdown_details[] = {
    "Finished", "Finished after guest request", "Finished after host request",
};
static const char *const pmsuspended_details[] = { "Memory", "Disk" };
static const char *const crashed_details[] = { "Panicked", "Crashed" };

const char *mvsh_event_str(int event)
{
    return pick((word_list)LIST(events), event, "unknown");
}

const char *mvsh_event_detail_str(int event, int detail)
{
    static const word_list by_event[] = {
        LIST(defined_details), LIST(undefined_details), LIST(started_details),
        LIST(suspended_details), LIST(resumed_details), LIST(stopped_details),
        LIST(shutdown_details), LIST(pmsuspended_details), LIST(crashed_details),
    };
    if (event < 0 || event >= (int)G_N_ELEMENTS(by_event))
        return "unknown";
    return pick(by_event[event], detail, "unknown");
}
