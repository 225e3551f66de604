/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-job.c — a domain's jobs and what runs as one:
 * domjobinfo, domjobabort, managedsave, managedsave-remove,
 * managedsave-dumpxml and dump, with virsh's options, output and errors;
 * and the watcher that runs a save, managed save or dump in a thread while
 * showing its progress (--verbose) and aborting it on Ctrl-C, as virsh's. */
#include "mvsh.h"

#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- watching a job ----------------------------------------------------- */

typedef struct job_run {
    virDomainPtr dom;
    int (*fn)(virDomainPtr dom, void *opaque);
    void *opaque;
    int rc;
    virErrorPtr err;      /* the worker's error, when it failed */
    GMutex lock;
    GCond done_cond;
    bool done;
} job_run;

static gpointer job_thread(gpointer p)
{
    job_run *r = p;
    int rc = r->fn(r->dom, r->opaque);
    virErrorPtr err = rc < 0 ? virSaveLastError() : NULL;
    g_mutex_lock(&r->lock);
    r->rc = rc;
    r->err = err;
    r->done = true;
    g_cond_signal(&r->done_cond);
    g_mutex_unlock(&r->lock);
    return NULL;
}

/* virsh's progress line: how much of TOTAL is done, never 100 before the
 * end. */
static void print_progress(const char *label, unsigned long long remaining,
                           unsigned long long total)
{
    int pct;
    if (total == 0)
        return;
    if (remaining == 0) {
        pct = 100;
    } else {
        pct = (int)(100 - remaining * 100 / total);
        if (pct >= 100)
            pct = 99;
    }
    fprintf(stderr, "\r%s: [%3d %%]", label, pct);
    fflush(stderr);
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

int mvsh_watch_job(virDomainPtr dom, const char *label, bool verbose,
                   int (*fn)(virDomainPtr dom, void *opaque), void *opaque)
{
    job_run r = { .dom = dom, .fn = fn, .opaque = opaque };
    struct sigaction sa, old;
    bool tty = isatty(STDIN_FILENO);
    bool aborted = false;

    g_mutex_init(&r.lock);
    g_cond_init(&r.done_cond);
    if (tty) {
        interrupted = 0;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_sigint;
        sigaction(SIGINT, &sa, &old);
    }
    GThread *t = g_thread_new("mvsh-job", job_thread, &r);
    g_mutex_lock(&r.lock);
    while (!r.done) {
        gint64 until = g_get_monotonic_time() + 500 * G_TIME_SPAN_MILLISECOND;
        if (g_cond_wait_until(&r.done_cond, &r.lock, until) || r.done)
            continue;
        g_mutex_unlock(&r.lock);
        if (interrupted && !aborted) {
            aborted = true;
            virDomainAbortJob(dom);
        }
        if (verbose) {
            virDomainJobInfo info;
            if (virDomainGetJobInfo(dom, &info) == 0) {
                if (info.type == VIR_DOMAIN_JOB_BOUNDED || info.type == VIR_DOMAIN_JOB_UNBOUNDED)
                    print_progress(label, info.dataRemaining, info.dataTotal);
            }
        }
        g_mutex_lock(&r.lock);
    }
    g_mutex_unlock(&r.lock);
    g_thread_join(t);
    if (tty)
        sigaction(SIGINT, &old, NULL);
    g_mutex_clear(&r.lock);
    g_cond_clear(&r.done_cond);
    mvsh_reset_error();
    if (r.rc < 0) {
        mvsh_take_error(r.err);
        return r.rc;
    }
    if (verbose)
        print_progress(label, 0, 1);
    return r.rc;
}

/* --- managed save ------------------------------------------------------ */

static int do_managed_save(virDomainPtr dom, void *opaque)
{
    return virDomainManagedSave(dom, *(unsigned int *)opaque);
}

static int cmd_managedsave(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    if (mvsh_flag(a, "bypass-cache"))
        flags |= VIR_DOMAIN_SAVE_BYPASS_CACHE;
    if (mvsh_flag(a, "running"))
        flags |= VIR_DOMAIN_SAVE_RUNNING;
    if (mvsh_flag(a, "paused"))
        flags |= VIR_DOMAIN_SAVE_PAUSED;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *name = virDomainGetName(dom);
    int rc = mvsh_watch_job(dom, "Managedsave", mvsh_flag(a, "verbose"), do_managed_save,
                            &flags);
    if (rc < 0)
        mvsh_error("Failed to save domain '%s' state", name);
    else
        mvsh_print_extra(sh, "\nDomain '%s' state saved by libvirt\n", name);
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt managedsave_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "bypass-cache", MVSH_OT_BOOL, 0 },
    { "running", MVSH_OT_BOOL, 0 },
    { "paused", MVSH_OT_BOOL, 0 },
    { "verbose", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_managedsave = {
    .name = "managedsave",
    .summary = "managed save of a domain state",
    .usage = "managedsave <domain> [--bypass-cache] [--running] [--paused] [--verbose]",
    .description = "Saves the running domain's state where the driver keeps it and stops the "
                   "domain; its next start resumes from that state. --running or --paused "
                   "choose the state it resumes in; --verbose shows the progress.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = managedsave_opts, .run = cmd_managedsave,
};

static int cmd_managedsave_remove(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *name = virDomainGetName(dom);
    int rc = 0;
    int has = virDomainHasManagedSaveImage(dom, 0);
    if (has < 0) {
        mvsh_error("Failed to check for domain managed save image");
        rc = -1;
    } else if (!has) {
        mvsh_print_extra(sh, "Domain '%s' has no manage save image; removal skipped", name);
    } else if (virDomainManagedSaveRemove(dom, 0) < 0) {
        mvsh_error("Failed to remove managed save image for domain '%s'", name);
        rc = -1;
    } else {
        mvsh_print_extra(sh, "Removed managedsave image for domain '%s'", name);
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt domain_opt[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_managedsave_remove = {
    .name = "managedsave-remove",
    .summary = "Remove managed save of a domain",
    .usage = "managedsave-remove <domain>",
    .description = "Removes the domain's managed save image, if it has one: its next start "
                   "boots afresh.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domain_opt, .run = cmd_managedsave_remove,
};

static int cmd_managedsave_dumpxml(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    char *xml = virDomainManagedSaveGetXMLDesc(
        dom, mvsh_flag(a, "security-info") ? VIR_DOMAIN_SAVE_IMAGE_XML_SECURE : 0);
    virDomainFree(dom);
    if (!xml)
        return -1;
    printf("%s", xml);
    free(xml);
    return 0;
}

static const mvsh_opt dumpxml_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "security-info", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_managedsave_dumpxml = {
    .name = "managedsave-dumpxml",
    .summary = "Domain information of managed save state file in XML",
    .usage = "managedsave-dumpxml <domain> [--security-info]",
    .description = "Prints the definition stored with the domain's managed save image; "
                   "--security-info includes passwords.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = dumpxml_opts, .run = cmd_managedsave_dumpxml,
};

/* --- core dumps -------------------------------------------------------- */

typedef struct dump_args {
    const char *to;
    unsigned int format;
    unsigned int flags;
} dump_args;

static int do_dump(virDomainPtr dom, void *opaque)
{
    dump_args *d = opaque;
    if (d->format != VIR_DOMAIN_CORE_DUMP_FORMAT_RAW)
        return virDomainCoreDumpWithFormat(dom, d->to, d->format, d->flags);
    return virDomainCoreDump(dom, d->to, d->flags);
}

static const struct { const char *name; unsigned int format; } dump_formats[] = {
    { "kdump-zlib", VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB },
    { "kdump-lzo", VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_LZO },
    { "kdump-snappy", VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_SNAPPY },
    { "win-dmp", VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP },
    { "elf", VIR_DOMAIN_CORE_DUMP_FORMAT_RAW },
};

static int cmd_dump(mvsh *sh, const mvsh_args *a)
{
    dump_args d = { .to = mvsh_arg(a, "file") };
    static const struct { const char *opt; unsigned int flag; } flag_opts[] = {
        { "live", VIR_DUMP_LIVE }, { "crash", VIR_DUMP_CRASH },
        { "bypass-cache", VIR_DUMP_BYPASS_CACHE }, { "reset", VIR_DUMP_RESET },
        { "memory-only", VIR_DUMP_MEMORY_ONLY },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(flag_opts); i++)
        if (mvsh_flag(a, flag_opts[i].opt))
            d.flags |= flag_opts[i].flag;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *name = virDomainGetName(dom), *format = mvsh_arg(a, "format");
    int rc = -1;
    if (format) {
        size_t i;
        if (!(d.flags & VIR_DUMP_MEMORY_ONLY)) {
            mvsh_error("--format only works with --memory-only");
            goto out;
        }
        for (i = 0; i < G_N_ELEMENTS(dump_formats); i++)
            if (!strcmp(format, dump_formats[i].name))
                break;
        if (i == G_N_ELEMENTS(dump_formats)) {
            mvsh_error("format '%s' is not supported, expecting 'kdump-zlib', 'kdump-lzo', "
                       "'kdump-snappy', 'win-dmp' or 'elf'", format);
            goto out;
        }
        d.format = dump_formats[i].format;
    }
    rc = mvsh_watch_job(dom, "Dump", mvsh_flag(a, "verbose"), do_dump, &d);
    if (rc < 0)
        mvsh_error("Failed to core dump domain '%s' to %s", name, d.to);
    else
        mvsh_print_extra(sh, "\nDomain '%s' dumped to %s\n", name, d.to);
out:
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt dump_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "live", MVSH_OT_BOOL, 0 },
    { "crash", MVSH_OT_BOOL, 0 },
    { "bypass-cache", MVSH_OT_BOOL, 0 },
    { "reset", MVSH_OT_BOOL, 0 },
    { "verbose", MVSH_OT_BOOL, 0 },
    { "memory-only", MVSH_OT_BOOL, 0 },
    { "format", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { NULL },
};

const mvsh_cmd mvsh_cmd_dump = {
    .name = "dump",
    .summary = "dump the core of a domain to a file for analysis",
    .usage = "dump <domain> <file> [--live] [--crash] [--bypass-cache] [--reset] [--verbose] "
             "[--memory-only] [--format <string>]",
    .description = "Writes the domain's memory to the file. --live keeps the guest running "
                   "while it is written, --crash leaves it crashed afterwards, --reset resets "
                   "it; --memory-only writes only the memory, as an ELF file or in the "
                   "--format given (kdump-zlib, kdump-lzo, kdump-snappy, win-dmp, elf).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = dump_opts, .run = cmd_dump,
};

/* --- job information --------------------------------------------------- */

static const char *const job_types[] = {
    "None", "Bounded", "Unbounded", "Completed", "Failed", "Cancelled",
};

static const char *const job_ops[] = {
    "Unknown", "Start", "Save", "Restore", "Incoming migration", "Outgoing migration",
    "Snapshot", "Snapshot revert", "Dump", "Backup", "Snapshot delete",
};

/* virsh's vshPrettyCapacity: the value in the largest unit below 1024. */
static double pretty(unsigned long long v, const char **unit)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double d = (double)v;
    int u = 0;
    while (d >= 1024 && u < 6) {
        d /= 1024;
        u++;
    }
    *unit = units[u];
    return d;
}

static void print_size(const char *label, unsigned long long v)
{
    const char *unit;
    double d = pretty(v, &unit);
    printf("%-17s %-.3lf %s\n", label, d, unit);
}

static bool param_ull(virTypedParameterPtr p, int n, const char *name, unsigned long long *v)
{
    return virTypedParamsGetULLong(p, n, name, v) == 1;
}

static void print_stats(int type, const virDomainJobInfo *info, virTypedParameterPtr p, int n,
                        bool completed)
{
    unsigned long long v;
    int iv;

    printf("%-17s %-12llu ms\n", "Time elapsed:", info->timeElapsed);
    if (param_ull(p, n, VIR_DOMAIN_JOB_TIME_ELAPSED_NET, &v))
        printf("%-17s %-12llu ms\n", "Time elapsed w/o network:", v);
    if (type == VIR_DOMAIN_JOB_BOUNDED)
        printf("%-17s %-12llu ms\n", "Time remaining:", info->timeRemaining);
    if (info->dataTotal || info->dataRemaining || info->dataProcessed) {
        print_size("Data processed:", info->dataProcessed);
        print_size("Data remaining:", info->dataRemaining);
        print_size("Data total:", info->dataTotal);
    }
    if (info->memTotal || info->memRemaining || info->memProcessed) {
        print_size("Memory processed:", info->memProcessed);
        print_size("Memory remaining:", info->memRemaining);
        print_size("Memory total:", info->memTotal);
        if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_BPS, &v) && v) {
            const char *unit;
            double d = pretty(v, &unit);
            printf("%-17s %-.3lf %s/s\n", "Memory bandwidth:", d, unit);
        }
        if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE, &v) && v)
            printf("%-17s %-12llu pages/s\n", "Dirty rate:", v);
        if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE, &v) && v)
            printf("%-17s %-12llu bytes\n", "Page size:", v);
        if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_ITERATION, &v) && v)
            printf("%-17s %-12llu\n", "Iteration:", v);
        if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_POSTCOPY_REQS, &v) && v)
            printf("%-17s %-12llu\n", "Postcopy requests:", v);
    }
    if (info->fileTotal || info->fileRemaining || info->fileProcessed) {
        print_size("File processed:", info->fileProcessed);
        print_size("File remaining:", info->fileRemaining);
        print_size("File total:", info->fileTotal);
        if (param_ull(p, n, VIR_DOMAIN_JOB_DISK_BPS, &v) && v) {
            const char *unit;
            double d = pretty(v, &unit);
            printf("%-17s %-.3lf %s/s\n", "File bandwidth:", d, unit);
        }
    }
    if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_CONSTANT, &v))
        printf("%-17s %-12llu\n", "Constant pages:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_NORMAL, &v))
        printf("%-17s %-12llu\n", "Normal pages:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_NORMAL_BYTES, &v))
        print_size("Normal data:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_DOWNTIME, &v))
        printf("%-17s %-12llu ms\n", completed ? "Total downtime:" : "Expected downtime:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_DOWNTIME_NET, &v))
        printf("%-17s %-12llu ms\n", "Downtime w/o network:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_SETUP_TIME, &v))
        printf("%-17s %-12llu ms\n", "Setup time:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_COMPRESSION_CACHE, &v))
        print_size("Compression cache:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_COMPRESSION_BYTES, &v))
        print_size("Compressed data:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_COMPRESSION_PAGES, &v))
        printf("%-17s %-13llu\n", "Compressed pages:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_COMPRESSION_CACHE_MISSES, &v))
        printf("%-17s %-13llu\n", "Compression cache misses:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_COMPRESSION_OVERFLOW, &v))
        printf("%-17s %-13llu\n", "Compression overflows:", v);
    if (virTypedParamsGetInt(p, n, VIR_DOMAIN_JOB_AUTO_CONVERGE_THROTTLE, &iv) == 1)
        printf("%-17s %-13d\n", "Auto converge throttle:", iv);
    if (param_ull(p, n, VIR_DOMAIN_JOB_DISK_TEMP_USED, &v))
        print_size("Temporary disk space use:", v);
    if (param_ull(p, n, VIR_DOMAIN_JOB_DISK_TEMP_TOTAL, &v))
        print_size("Temporary disk space total:", v);
    const char *msg = NULL;
    if (virTypedParamsGetString(p, n, VIR_DOMAIN_JOB_ERRMSG, &msg) == 1 && msg)
        printf("%-17s %s\n", "Error message:", msg);
}

/* The virDomainJobInfo fields from a stats reply, as virsh fills them. */
static void info_from_params(virDomainJobInfo *info, virTypedParameterPtr p, int n)
{
    param_ull(p, n, VIR_DOMAIN_JOB_TIME_ELAPSED, &info->timeElapsed);
    param_ull(p, n, VIR_DOMAIN_JOB_TIME_REMAINING, &info->timeRemaining);
    param_ull(p, n, VIR_DOMAIN_JOB_DATA_TOTAL, &info->dataTotal);
    param_ull(p, n, VIR_DOMAIN_JOB_DATA_PROCESSED, &info->dataProcessed);
    param_ull(p, n, VIR_DOMAIN_JOB_DATA_REMAINING, &info->dataRemaining);
    param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_TOTAL, &info->memTotal);
    param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_PROCESSED, &info->memProcessed);
    param_ull(p, n, VIR_DOMAIN_JOB_MEMORY_REMAINING, &info->memRemaining);
    param_ull(p, n, VIR_DOMAIN_JOB_DISK_TOTAL, &info->fileTotal);
    param_ull(p, n, VIR_DOMAIN_JOB_DISK_PROCESSED, &info->fileProcessed);
    param_ull(p, n, VIR_DOMAIN_JOB_DISK_REMAINING, &info->fileRemaining);
}

static int cmd_domjobinfo(mvsh *sh, const mvsh_args *a)
{
    bool completed = mvsh_flag(a, "completed"), raw = mvsh_flag(a, "rawstats");
    unsigned int flags = 0;
    if (mvsh_flag(a, "keep-completed")) {
        if (!completed) {
            mvsh_error("Option --completed is required by option --keep-completed");
            return -1;
        }
        flags |= VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED;
    }
    if (completed)
        flags |= VIR_DOMAIN_JOB_STATS_COMPLETED;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    virDomainJobInfo info;
    virTypedParameterPtr params = NULL;
    int nparams = 0, type = VIR_DOMAIN_JOB_NONE;
    memset(&info, 0, sizeof(info));
    int rc = virDomainGetJobStats(dom, &type, &params, &nparams, flags);
    if (rc == 0) {
        info.type = type;
        info_from_params(&info, params, nparams);
    } else if (virGetLastErrorCode() == VIR_ERR_NO_SUPPORT) {
        if (flags || raw) {
            mvsh_error("Optional flags or --rawstats are not supported by the daemon");
            goto out;
        }
        mvsh_reset_error();
        rc = virDomainGetJobInfo(dom, &info);
    }
    if (rc < 0)
        goto out;
    if (raw) {
        printf("Job type: %d\n\n", info.type);
        for (int i = 0; i < nparams; i++) {
            g_autofree char *v = NULL;
            switch (params[i].type) {
            case VIR_TYPED_PARAM_INT: v = g_strdup_printf("%d", params[i].value.i); break;
            case VIR_TYPED_PARAM_UINT: v = g_strdup_printf("%u", params[i].value.ui); break;
            case VIR_TYPED_PARAM_LLONG: v = g_strdup_printf("%lld", params[i].value.l); break;
            case VIR_TYPED_PARAM_ULLONG: v = g_strdup_printf("%llu", params[i].value.ul); break;
            case VIR_TYPED_PARAM_DOUBLE: v = g_strdup_printf("%f", params[i].value.d); break;
            case VIR_TYPED_PARAM_BOOLEAN: v = g_strdup(params[i].value.b ? "yes" : "no"); break;
            default: v = g_strdup(params[i].value.s ? params[i].value.s : ""); break;
            }
            printf("%s: %s\n", params[i].field, v);
        }
        goto out;
    }
    printf("%-17s %-12s\n", "Job type:",
           info.type >= 0 && info.type < (int)G_N_ELEMENTS(job_types) ? job_types[info.type]
                                                                       : "unknown");
    /* The figures of a failed or cancelled job only with --anystats, as
     * virsh (modvirt's drivers keep no such job). */
    bool shown = info.type == VIR_DOMAIN_JOB_BOUNDED || info.type == VIR_DOMAIN_JOB_UNBOUNDED ||
                 (completed && info.type == VIR_DOMAIN_JOB_COMPLETED) ||
                 (mvsh_flag(a, "anystats") && info.type != VIR_DOMAIN_JOB_NONE);
    if (shown) {
        int op = VIR_DOMAIN_JOB_OPERATION_UNKNOWN;
        if (virTypedParamsGetInt(params, nparams, VIR_DOMAIN_JOB_OPERATION, &op) == 1 &&
            op >= 0 && op < (int)G_N_ELEMENTS(job_ops))
            printf("%-17s %-12s\n", "Operation:", job_ops[op]);
        print_stats(info.type, &info, params, nparams, completed);
    }
out:
    virTypedParamsFree(params, nparams);
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt domjobinfo_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "completed", MVSH_OT_BOOL, 0 },
    { "keep-completed", MVSH_OT_BOOL, 0 },
    { "anystats", MVSH_OT_BOOL, 0 },
    { "rawstats", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domjobinfo = {
    .name = "domjobinfo",
    .summary = "domain job information",
    .usage = "domjobinfo <domain> [--completed] [--keep-completed] [--anystats] [--rawstats]",
    .description = "Shows the domain's current job (a save, managed save or dump): its kind, "
                   "the operation, the time it has run and the data it has written and has "
                   "left. --completed shows the last completed job instead, which the driver "
                   "then forgets unless --keep-completed; --anystats shows the figures of a failed or "
                   "cancelled job too; --rawstats prints the statistics as "
                   "the driver gives them.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domjobinfo_opts, .run = cmd_domjobinfo,
};

static int cmd_domjobabort(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = mvsh_flag(a, "postcopy")
             ? virDomainAbortJobFlags(dom, VIR_DOMAIN_ABORT_JOB_POSTCOPY)
             : virDomainAbortJob(dom);
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt domjobabort_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "postcopy", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domjobabort = {
    .name = "domjobabort",
    .summary = "abort active domain job",
    .usage = "domjobabort <domain> [--postcopy]",
    .description = "Aborts the domain's current job: a save, managed save or dump stops and "
                   "the guest keeps running. --postcopy interrupts a post-copy migration.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domjobabort_opts, .run = cmd_domjobabort,
};
