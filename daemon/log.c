/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/log.c — modvirtd's own log: one line per event, with a time stamp
 * and level, to stderr or files as log_outputs says (libvirt's
 * "LEVEL:stderr" and "LEVEL:file:PATH" forms). */
#include "daemon.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_OUTPUTS 4

typedef struct {
    int level;
    FILE *fp;            /* stderr or an opened file */
    bool owned;
} log_output;

static GMutex log_lock;
static log_output outputs[MAX_OUTPUTS];
static int noutputs;
static int min_level = MVD_LOG_WARN;

static const char *level_name(int level)
{
    switch (level) {
    case MVD_LOG_DEBUG: return "debug";
    case MVD_LOG_INFO: return "info";
    case MVD_LOG_WARN: return "warning";
    default: return "error";
    }
}

static void close_outputs(void)
{
    for (int i = 0; i < noutputs; i++)
        if (outputs[i].owned)
            fclose(outputs[i].fp);
    noutputs = 0;
}

bool mvd_log_setup(int level, const char *spec, char **err)
{
    log_output fresh[MAX_OUTPUTS];
    int n = 0;
    g_auto(GStrv) words = g_strsplit_set(spec ? spec : "", " \t", -1);

    for (int i = 0; words[i]; i++) {
        if (!*words[i])
            continue;
        g_auto(GStrv) part = g_strsplit(words[i], ":", 3);
        char *end = NULL;
        long lv = part[0] ? strtol(part[0], &end, 10) : 0;
        if (!part[0] || !part[1] || end == part[0] || *end || lv < 1 || lv > 4) {
            *err = g_strdup_printf("log output '%s': expected LEVEL:stderr or LEVEL:file:PATH "
                                   "with LEVEL 1-4", words[i]);
            goto fail;
        }
        if (n == MAX_OUTPUTS) {
            *err = g_strdup_printf("log_outputs: at most %d outputs", MAX_OUTPUTS);
            goto fail;
        }
        if (g_str_equal(part[1], "stderr") || g_str_equal(part[1], "journald")) {
            fresh[n++] = (log_output){ (int)lv, stderr, false };
        } else if (g_str_equal(part[1], "file") && part[2] && part[2][0] == '/') {
            FILE *fp = fopen(part[2], "ae");
            if (!fp) {
                *err = g_strdup_printf("log output '%s': %s", words[i], g_strerror(errno));
                goto fail;
            }
            setvbuf(fp, NULL, _IOLBF, 0);
            fresh[n++] = (log_output){ (int)lv, fp, true };
        } else {
            *err = g_strdup_printf("log output '%s': expected LEVEL:stderr or "
                                   "LEVEL:file:/ABSOLUTE/PATH", words[i]);
            goto fail;
        }
    }
    if (n == 0)
        fresh[n++] = (log_output){ level, stderr, false };

    g_mutex_lock(&log_lock);
    close_outputs();
    memcpy(outputs, fresh, sizeof(fresh[0]) * n);
    noutputs = n;
    min_level = 4;
    for (int i = 0; i < n; i++) {
        /* log_level is a floor under every output, as libvirt's. */
        if (outputs[i].level < level)
            outputs[i].level = level;
        if (outputs[i].level < min_level)
            min_level = outputs[i].level;
    }
    g_mutex_unlock(&log_lock);
    return true;

fail:
    for (int i = 0; i < n; i++)
        if (fresh[i].owned)
            fclose(fresh[i].fp);
    return false;
}

bool mvd_log_enabled(int level)
{
    return level >= g_atomic_int_get(&min_level);
}

void mvd_log(int level, const char *fmt, ...)
{
    if (!mvd_log_enabled(level))
        return;
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char stamp[64];
    snprintf(stamp, sizeof(stamp), "%04d-%02d-%02d %02d:%02d:%02d.%03ld+0000",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             ts.tv_nsec / 1000000);

    g_mutex_lock(&log_lock);
    if (noutputs == 0) {
        if (level >= MVD_LOG_WARN)
            fprintf(stderr, "%s: %d: %s : %s\n", stamp, (int)getpid(), level_name(level), text);
    }
    for (int i = 0; i < noutputs; i++)
        if (level >= outputs[i].level)
            fprintf(outputs[i].fp, "%s: %d: %s : %s\n", stamp, (int)getpid(),
                    level_name(level), text);
    g_mutex_unlock(&log_lock);
}
