/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/log.c — the log every part of modvirt writes to.
 *
 * MODVIRT_DEBUG=N (1 debug .. 4 error) sets the threshold, default 3
 * (warnings). MODVIRT_LOG_FILTERS="1:registry 4:plugin" lowers or raises it
 * per source: the longest matching source prefix wins. MODVIRT_LOG_FILE
 * appends to a file instead of stderr. Lines name their source, so a line
 * says who is at fault.
 */
#include "core/util/secure.h"
#include <modvirt-plugin/log.h>

#include <glib.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct { char *prefix; int prio; } log_filter;

static struct {
    int threshold;
    log_filter *filters;
    size_t nfilters;
    FILE *out;
} logcfg;

static int parse_prio(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return (end != s && *end == '\0' && v >= 1 && v <= 4) ? (int)v : 0;
}

/* The environment of a setuid program is its caller's: it could name any
 * file to append to as the program's owner. */
static const char *log_env(const char *name)
{
    return mv_util_secure_execution() ? NULL : g_getenv(name);
}

static gpointer log_setup(gpointer unused)
{
    const char *dbg = log_env("MODVIRT_DEBUG");
    logcfg.threshold = dbg && parse_prio(dbg) ? parse_prio(dbg) : MV_LOG_WARN;
    const char *filters = log_env("MODVIRT_LOG_FILTERS");
    if (filters) {
        g_auto(GStrv) parts = g_strsplit_set(filters, " \t,", -1);
        logcfg.filters = g_new0(log_filter, g_strv_length(parts) + 1);
        for (char **p = parts; *p; p++) {
            char *colon = strchr(*p, ':');
            if (!colon)
                continue;
            *colon = '\0';
            int prio = parse_prio(*p);
            if (!prio || !colon[1])
                continue;
            logcfg.filters[logcfg.nfilters].prefix = g_strdup(colon + 1);
            logcfg.filters[logcfg.nfilters].prio = prio;
            logcfg.nfilters++;
        }
    }
    const char *file = log_env("MODVIRT_LOG_FILE");
    logcfg.out = file ? fopen(file, "ae") : NULL;
    if (!logcfg.out)
        logcfg.out = stderr;
    return NULL;
}

static void log_init(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, log_setup, NULL);
}

int mv_log_enabled(mv_log_priority prio, const char *source)
{
    log_init();
    int threshold = logcfg.threshold;
    size_t best = 0;
    for (size_t i = 0; source && i < logcfg.nfilters; i++) {
        size_t len = strlen(logcfg.filters[i].prefix);
        if (len > best && strncmp(source, logcfg.filters[i].prefix, len) == 0) {
            best = len;
            threshold = logcfg.filters[i].prio;
        }
    }
    return (int)prio >= threshold;
}

void mv_log(mv_log_priority prio, const char *source, const char *fmt, ...)
{
    static const char *const names[] = { "", "debug", "info", "warning", "error" };
    if (prio < MV_LOG_DEBUG || prio > MV_LOG_ERROR || !mv_log_enabled(prio, source))
        return;
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *ts = g_date_time_format(now, "%Y-%m-%d %H:%M:%S.%f");
    fprintf(logcfg.out, "%.23s+0000: %d: %s : %s: %s\n", ts, (int)getpid(), names[prio],
            source ? source : "?", msg);
    fflush(logcfg.out);
}
