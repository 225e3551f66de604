/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-qemu-linux.c — a real Linux guest under TCG:
 * Debian's kernel and a busybox initramfs (make-linux-guest.py) booted by
 * the qemu driver. The console (virDomainOpenConsole) shows the guest's
 * marker and carries input both ways, one session at a time (a second is
 * refused, VIR_DOMAIN_CONSOLE_FORCE takes over and ends the first, a closed
 * one frees the console, other processes are kept off by the lock file);
 * virDomainReboot goes through the guest's ACPI power-off and comes back
 * booted with reboot events only (one per reset: QEMU's, then the
 * firmware's own) and no lifecycle event; virDomainShutdown
 * ends it gracefully (shut off, reason shutdown, with libvirt's events). */
#include "qemu-test.h"

#include <fcntl.h>
#include <glib/gstdio.h>

/* A console on a non-blocking stream; the event loop says when it has
 * something to read (the callback then sleeps until re-armed). */
typedef struct {
    virStreamPtr st;
    GString *seen;
    GMutex lock;
    GCond cond;
    int ready;            /* stream events since re-armed */
} console;

#define CONSOLE_EVENTS (VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR | \
                        VIR_STREAM_EVENT_HANGUP)

static void console_event(virStreamPtr st, int events, void *opaque)
{
    console *c = opaque;
    virStreamEventUpdateCallback(st, 0);
    g_mutex_lock(&c->lock);
    c->ready |= events;
    g_cond_signal(&c->cond);
    g_mutex_unlock(&c->lock);
}

static void console_clear(console *c)
{
    g_string_free(c->seen, TRUE);
    g_mutex_clear(&c->lock);
    g_cond_clear(&c->cond);
}

static void console_unref(void *opaque)
{
    g_atomic_rc_box_release_full(opaque, (GDestroyNotify)console_clear);
}

static console *console_new(virConnectPtr conn)
{
    console *c = g_atomic_rc_box_new0(console);
    c->st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    g_assert_nonnull(c->st);
    c->seen = g_string_new(NULL);
    g_mutex_init(&c->lock);
    g_cond_init(&c->cond);
    return c;
}

/* Opens C on DOM's console with FLAGS: what virDomainOpenConsole returned. */
static int console_open(console *c, virDomainPtr dom, const char *dev, unsigned int flags)
{
    int r = virDomainOpenConsole(dom, dev, c->st, flags);
    if (r == 0)
        g_assert_cmpint(virStreamEventAddCallback(c->st, CONSOLE_EVENTS, console_event,
                                                  g_atomic_rc_box_acquire(c), console_unref),
                        ==, 0);
    return r;
}

/* Ends C's stream (FINISH: virStreamFinish, else virStreamAbort) and frees
 * it; the event callback lets go of C when the loop removes it. */
static void console_close(console *c, bool finish)
{
    virStreamEventRemoveCallback(c->st);
    if (finish)
        g_assert_cmpint(virStreamFinish(c->st), ==, 0);
    else
        virStreamAbort(c->st);
    virStreamFree(c->st);
    console_unref(c);
}

/* One virStreamRecv, waiting up to the monotonic time END for data. */
static int console_recv(console *c, char *buf, size_t len, gint64 end)
{
    for (;;) {
        int n = virStreamRecv(c->st, buf, len);
        if (n != -2)
            return n;
        g_mutex_lock(&c->lock);
        c->ready = 0;
        g_mutex_unlock(&c->lock);
        /* Level-triggered: data that came meanwhile fires at once. */
        g_assert_cmpint(virStreamEventUpdateCallback(c->st, CONSOLE_EVENTS), ==, 0);
        g_mutex_lock(&c->lock);
        while (!c->ready && g_cond_wait_until(&c->cond, &c->lock, end))
            ;
        bool ready = c->ready != 0;
        g_mutex_unlock(&c->lock);
        if (!ready)
            return -2;
    }
}

/* Reads the console until TEXT appears after the read position FROM, or MS
 * pass. Returns the offset after the match, or -1. */
static gssize console_wait(console *c, gsize from, const char *text, int ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    char buf[4096];
    for (;;) {
        char *hit = c->seen->len > from ? strstr(c->seen->str + from, text) : NULL;
        if (hit)
            return (hit - c->seen->str) + (gssize)strlen(text);
        int n = console_recv(c, buf, sizeof(buf), end);
        if (n <= 0)
            return -1;
        g_string_append_len(c->seen, buf, n);
    }
}

/* Reads the console to its end within MS: what the last read returned (0
 * at the end, -1 on an error, -2 when MS passed first). */
static int console_drain(console *c, int ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    char buf[4096];
    int n;
    while ((n = console_recv(c, buf, sizeof(buf), end)) > 0)
        g_string_append_len(c->seen, buf, n);
    return n;
}

/* Console exclusivity, with C holding the console of DOM; returns the
 * console that holds it at the end (the FORCE one). */
static console *console_exclusive(qt_fx *fx, virDomainPtr dom, console *c)
{
    /* A second session is refused, with libvirt's error, also through the
     * serial port behind the console (the same pty). */
    console *d = console_new(fx->conn);
    g_assert_cmpint(console_open(d, dom, NULL, 0), ==, -1);
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->code, ==, VIR_ERR_OPERATION_FAILED);
    g_assert_cmpint(e->domain, ==, VIR_FROM_QEMU);
    g_assert_cmpstr(e->message, ==,
                    "operation failed: Active console session exists for this domain");
    g_assert_cmpint(console_open(d, dom, "serial0", 0), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_FAILED);

    /* Another process is kept off by the lock file. */
    int status = 0;
    g_autofree char *out = qt_mvsh(fx, &status, "console linux </dev/null");
    if (out) {
        g_assert_cmpint(status, !=, 0);
        if (!strstr(out, "is locked by lock file"))
            g_error("mvsh console while the console is held: %s", out);
    }

    /* FORCE takes the console over: the first stream reads its end and
     * takes no more input; the new one carries the guest both ways. */
    g_assert_cmpint(console_open(d, dom, NULL, VIR_DOMAIN_CONSOLE_FORCE), ==, 0);
    g_assert_cmpint(console_drain(c, 30000), ==, 0);
    g_assert_cmpint(virStreamSend(c->st, "lost\r", 5), ==, -1);
    console_close(c, false);
    g_assert_cmpint(virStreamSend(d->st, "hello-force\r", 12), ==, 12);
    g_assert_cmpint(console_wait(d, 0, "echo: hello-force", 30000), >, 0);
    return d;
}

/* The guest's kernel and initramfs (built once per build tree): a NULL
 * when the test is skipped (no QEMU, no kernel on this host). */
static GStrv guest_paths(void)
{
    if (!qt_have_qemu()) {
        g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
        return NULL;
    }
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    g_autofree char *cache = g_build_filename(build ? build : "/tmp", "qemu-linux-guest", NULL);
    g_autofree char *script = g_build_filename(g_getenv("MV_TEST_SOURCE_ROOT"), "tests",
                                               "plugins", "qemu", "make-linux-guest.py", NULL);
    const char *argv[] = { "python3", script, cache, NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = 0;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, NULL));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        g_autofree char *why = g_strdup_printf("no guest kernel: %s", g_strstrip(err));
        g_test_skip(why);
        return NULL;
    }
    if (status != 0)
        g_error("make-linux-guest.py failed (%d): %s", status, err);
    GStrv paths = g_strsplit(g_strstrip(out), " ", 2);
    g_assert_nonnull(paths[1]);
    return paths;
}

/* The guest's definition: NAME with MIB of memory. */
static char *guest_xml(const char *name, int mib, GStrv paths)
{
    return g_strdup_printf(
        "<domain type='qemu'>\n"
        "  <name>%s</name>\n"
        "  <memory unit='MiB'>%d</memory>\n"
        "  <vcpu>1</vcpu>\n"
        "  <os><type arch='x86_64' machine='pc'>hvm</type>\n"
        "    <kernel>%s</kernel><initrd>%s</initrd>\n"
        "    <cmdline>console=ttyS0 rdinit=/init panic=-1 quiet</cmdline></os>\n"
        "  <features><acpi/></features>\n"
        "  <devices>\n"
        "    <emulator>" QT_EMULATOR "</emulator>\n"
        "    <serial type='pty'/>\n"
        "    <console type='pty'/>\n"
        "    <memballoon model='none'/>\n"
        "  </devices>\n"
        "</domain>\n", name, mib, paths[0], paths[1]);
}

static void test_linux(void)
{
    g_auto(GStrv) paths = guest_paths();
    if (!paths)
        return;

    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *xml = guest_xml("linux", 256, paths);
    /* Paused first, so the console is open before the guest prints. */
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, VIR_DOMAIN_START_PAUSED);
    g_assert_nonnull(dom);
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_PAUSED);
    console *c = console_new(fx.conn);
    g_assert_cmpint(console_open(c, dom, NULL, 0), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);

    gssize pos = console_wait(c, 0, "MODVIRT-GUEST-UP", 180000);
    if (pos < 0)
        g_error("no marker on the console; it showed:\n%s", c->seen->str);
    g_assert_null(strstr(c->seen->str, "power-button=none"));
    g_assert_cmpint(console_wait(c, (gsize)pos, "\n", 5000), >, 0);

    /* Input reaches the guest (its reader runs: the marker says so), its
     * answer comes back. */
    g_assert_cmpint(virStreamSend(c->st, "hello-modvirt\r", 14), ==, 14);
    pos = console_wait(c, (gsize)pos, "echo: hello-modvirt", 30000);
    g_assert_cmpint(pos, >, 0);

    /* One session at a time. Once the holder is closed (and the loop no
     * longer polls its fd), the console is free again. */
    console *d = console_exclusive(&fx, dom, c);
    console_close(d, true);
    qt_events_drain();

    /* mvsh console from another process, on a terminal and on a pipe
     * (tests/tools/test-mvsh-console.py): banner, a line to the guest and
     * its answer, Ctrl-] leaves and the terminal is restored. */
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (mvsh) {
        g_autofree char *py = g_build_filename(g_getenv("MV_TEST_SOURCE_ROOT"), "tests", "tools",
                                               "test-mvsh-console.py", NULL);
        const char *cargv[] = { "python3", py, mvsh, NULL };
        g_auto(GStrv) envp = g_get_environ();
        envp = g_environ_setenv(envp, "MV_TEST_CONSOLE_URI", fx.uri, TRUE);
        envp = g_environ_setenv(envp, "MV_TEST_CONSOLE_DOMAIN", "linux", TRUE);
        envp = g_environ_setenv(envp, "MV_TEST_CONSOLE_SEND", "hi-mvsh\r", TRUE);
        envp = g_environ_setenv(envp, "MV_TEST_CONSOLE_EXPECT", "echo: hi-mvsh", TRUE);
        g_autofree char *tap = NULL;
        int cst = 0;
        g_assert_true(g_spawn_sync(NULL, (char **)cargv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &tap, NULL, &cst, NULL));
        if (cst != 0 || strstr(tap, "not ok") || !strstr(tap, "ok 1"))
            g_error("mvsh console test failed:\n%s", tap);
        g_test_message("mvsh console: %s", tap);
    }

    /* Ours again, free after mvsh left it. */
    c = console_new(fx.conn);
    g_assert_cmpint(console_open(c, dom, NULL, 0), ==, 0);
    pos = 0;

    /* Reboot: the guest powers off through ACPI, QEMU resets it. As
     * libvirt 9.0's fake reboot: a reboot event for each RESET QEMU reports
     * (the system_reset, and the firmware's hard reset that follows: both
     * come before the guest is up again), no lifecycle event, running
     * throughout. */
    g_free(qt_events_take(&fx));
    g_assert_cmpint(virDomainReboot(dom, 0), ==, 0);
    pos = console_wait(c, (gsize)pos, "MODVIRT-GUEST-POWEROFF", 60000);
    g_assert_cmpint(pos, >, 0);
    g_autofree char *rebooted = qt_events_until(&fx, "linux reboot", 60000);
    g_assert_cmpstr(rebooted, ==, "linux reboot");
    pos = console_wait(c, (gsize)pos, "MODVIRT-GUEST-UP", 180000);
    if (pos < 0)
        g_error("no marker after reboot; console:\n%s", c->seen->str);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_autofree char *after_reboot = qt_events_take(&fx);
    g_auto(GStrv) more = g_strsplit(after_reboot, ";", -1);
    for (guint i = 0; more[i] && *more[i]; i++)
        if (strcmp(more[i], "linux reboot") != 0)
            g_error("events of a reboot: %s;%s", rebooted, after_reboot);

    /* Graceful shutdown through ACPI (the marker says the guest reads the
     * power button). */
    g_assert_cmpint(virDomainShutdown(dom), ==, 0);
    /* The guest's last words may be lost: QEMU ends at its power-off and
     * the pty's unread output goes with it. The events say what happened. */
    console_wait(c, (gsize)pos, "MODVIRT-GUEST-POWEROFF", 60000);
    /* libvirt's events: shutdown (guest), then stopped (shutdown). */
    g_autofree char *stopped = g_strdup_printf("linux %d %d", VIR_DOMAIN_EVENT_STOPPED,
                                               VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN);
    g_autofree char *want = g_strdup_printf("linux %d %d;%s", VIR_DOMAIN_EVENT_SHUTDOWN,
                                            VIR_DOMAIN_EVENT_SHUTDOWN_GUEST, stopped);
    g_autofree char *shutdown = qt_events_until(&fx, stopped, 30000);
    g_assert_cmpstr(shutdown, ==, want);
    g_assert_null(virDomainLookupByName(fx.conn, "linux"));   /* transient: gone */
    g_assert_false(qt_any_qemu(&fx));
    /* The guest gone, its console reads the end. */
    g_assert_cmpint(console_drain(c, 30000), ==, 0);
    console_close(c, false);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* --- save, managed save and their job ------------------------------- */

typedef struct {
    virDomainPtr dom;
    int rc;
    int code;
} save_run;

static gpointer save_thread(gpointer p)
{
    save_run *r = p;
    g_autofree char *dir = g_dir_make_tmp("qemu-save-XXXXXX", NULL);
    g_autofree char *file = g_build_filename(dir, "jobs.img", NULL);
    r->rc = virDomainSave(r->dom, file);
    r->code = r->rc < 0 ? virGetLastErrorCode() : 0;
    g_unlink(file);
    g_rmdir(dir);
    return NULL;
}

static GAsyncQueue *completed_jobs;

static void on_job_completed(virConnectPtr conn, virDomainPtr dom, virTypedParameterPtr params,
                             int nparams, void *opaque)
{
    int op = -1;
    unsigned long long total = 0;
    virTypedParamsGetInt(params, nparams, VIR_DOMAIN_JOB_OPERATION, &op);
    virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_JOB_DATA_TOTAL, &total);
    g_async_queue_push(completed_jobs, g_strdup_printf("%s %d %s", virDomainGetName(dom), op,
                                                       total > 0 ? "data" : "nodata"));
}

/* Opens the fixture and boots the 1 GiB guest NAME (defined, persistent)
 * with its job-completed events queued in completed_jobs (callback id in
 * JCB) and its console open in C, read up to the guest's marker (where it
 * ends, in POS when given). */
static virDomainPtr boot_job_guest(qt_fx *fx, const char *name, char **paths, int *jcb,
                                   console **c, gssize *pos)
{
    qt_fx_open(fx);
    completed_jobs = g_async_queue_new_full(g_free);
    g_autofree char *xml = guest_xml(name, 1024, paths);
    virDomainPtr dom = virDomainDefineXML(fx->conn, xml);
    g_assert_nonnull(dom);
    *jcb = virConnectDomainEventRegisterAny(fx->conn, dom, VIR_DOMAIN_EVENT_ID_JOB_COMPLETED,
                                            VIR_DOMAIN_EVENT_CALLBACK(on_job_completed), NULL,
                                            NULL);
    g_assert_cmpint(*jcb, >=, 0);
    g_assert_cmpint(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), ==, 0);
    *c = console_new(fx->conn);
    g_assert_cmpint(console_open(*c, dom, NULL, 0), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    gssize at = console_wait(*c, 0, "MODVIRT-GUEST-UP", 180000);
    if (at < 0)
        g_error("no marker on the console; it showed:\n%s", (*c)->seen->str);
    if (pos)
        *pos = at;
    return dom;
}

/* A 1 GiB guest: a save runs long enough under TCG for another connection
 * to see its progress and abort it. The aborted save leaves the guest
 * running; a managed save stops it with its statistics kept and the
 * job-completed event; the next start restores it, still running the
 * same processes (its echo reader answers, no boot messages). */
static void test_save_job(void)
{
    g_auto(GStrv) paths = guest_paths();
    if (!paths)
        return;
    qt_fx fx;
    int jcb;
    console *c;
    gssize pos;
    virDomainPtr dom = boot_job_guest(&fx, "jobs", paths, &jcb, &c, &pos);
    /* No balloon device: the resident size alone, as libvirt reports it. */
    virDomainMemoryStatStruct mem[VIR_DOMAIN_MEMORY_STAT_NR];
    g_assert_cmpint(virDomainMemoryStats(dom, mem, VIR_DOMAIN_MEMORY_STAT_NR, 0), ==, 1);
    g_assert_cmpint(mem[0].tag, ==, VIR_DOMAIN_MEMORY_STAT_RSS);
    g_assert_cmpuint(mem[0].val, >, 1024);

    /* Another connection reads the job. */
    virConnectPtr other = virConnectOpen(fx.uri);
    g_assert_nonnull(other);
    virDomainPtr odom = virDomainLookupByName(other, "jobs");
    virDomainJobInfo info;
    g_assert_cmpint(virDomainGetJobInfo(odom, &info), ==, 0);
    g_assert_cmpint(info.type, ==, VIR_DOMAIN_JOB_NONE);
    g_assert_cmpint(virDomainAbortJob(odom), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: no job is active on the domain");

    /* A save in progress, seen and aborted from the other connection. */
    save_run run = { .dom = dom };
    GThread *t = g_thread_new("save", save_thread, &run);
    bool seen = false;
    unsigned long long total = 0;
    while (!seen) {
        g_assert_cmpint(virDomainGetJobInfo(odom, &info), ==, 0);
        if (info.type == VIR_DOMAIN_JOB_UNBOUNDED && info.dataTotal > 0) {
            seen = true;
            total = info.dataTotal;
        } else if (!virDomainIsActive(odom)) {
            break;   /* it completed before anyone saw it */
        }
    }
    g_assert_true(seen);
    g_assert_cmpuint(total, >=, 1000ULL * 1024 * 1024);
    virTypedParameterPtr params = NULL;
    int nparams = 0, type = -1, op = -1;
    g_assert_cmpint(virDomainGetJobStats(odom, &type, &params, &nparams, 0), ==, 0);
    g_assert_cmpint(virTypedParamsGetInt(params, nparams, VIR_DOMAIN_JOB_OPERATION, &op), ==, 1);
    g_assert_cmpint(op, ==, VIR_DOMAIN_JOB_OPERATION_SAVE);
    virTypedParamsFree(params, nparams);
    g_assert_cmpint(virDomainAbortJob(odom), ==, 0);
    g_thread_join(t);
    g_test_message("save seen after %llu ms: %llu of %llu bytes written", info.timeElapsed,
                   info.dataProcessed, info.dataTotal);
    g_assert_cmpint(run.rc, ==, -1);
    g_assert_cmpint(run.code, ==, VIR_ERR_OPERATION_ABORTED);
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(virStreamSend(c->st, "after-abort\r", 12), ==, 12);
    pos = console_wait(c, (gsize)pos, "echo: after-abort", 30000);
    g_assert_cmpint(pos, >, 0);

    /* Managed save: the image is the driver's, the statistics are kept
     * and the event says the job completed. */
    g_assert_cmpint(virDomainHasManagedSaveImage(dom, 0), ==, 0);
    g_assert_cmpint(virDomainManagedSave(dom, 0), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_SAVED);
    g_assert_cmpint(virDomainHasManagedSaveImage(odom, 0), ==, 1);
    g_autofree char *image = g_build_filename(fx.root, "lib", "qemu", "save", "jobs.save", NULL);
    g_assert_true(g_file_test(image, G_FILE_TEST_IS_REGULAR));
    g_autofree char *done = g_async_queue_timeout_pop(completed_jobs, 30 * G_USEC_PER_SEC);
    g_assert_cmpstr(done, ==, "jobs 2 data");
    params = NULL;
    g_assert_cmpint(virDomainGetJobStats(odom, &type, &params, &nparams,
                                         VIR_DOMAIN_JOB_STATS_COMPLETED |
                                         VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED), ==, 0);
    g_assert_cmpint(type, ==, VIR_DOMAIN_JOB_COMPLETED);
    unsigned long long processed = 0;
    g_assert_cmpint(virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_JOB_DATA_PROCESSED,
                                            &processed), ==, 1);
    g_assert_cmpuint(processed, >, 0);
    virTypedParamsFree(params, nparams);
    params = NULL;
    g_assert_cmpint(virDomainGetJobStats(odom, &type, &params, &nparams,
                                         VIR_DOMAIN_JOB_STATS_COMPLETED), ==, 0);
    g_assert_cmpint(type, ==, VIR_DOMAIN_JOB_COMPLETED);
    virTypedParamsFree(params, nparams);
    params = NULL;
    g_assert_cmpint(virDomainGetJobStats(odom, &type, &params, &nparams,
                                         VIR_DOMAIN_JOB_STATS_COMPLETED), ==, 0);
    g_assert_cmpint(type, ==, VIR_DOMAIN_JOB_NONE);
    g_assert_cmpint(nparams, ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Requested operation is not valid: "
                    "Refusing to undefine while domain managed save image exists");
    /* The image's definition and the state it resumes in may change. */
    char *saved_xml = virDomainManagedSaveGetXMLDesc(odom, 0);
    g_assert_nonnull(saved_xml);
    g_assert_nonnull(strstr(saved_xml, "<name>jobs</name>"));
    g_auto(GStrv) parts = g_strsplit(saved_xml, "<name>jobs</name>", 2);
    free(saved_xml);
    g_autofree char *with_desc = g_strconcat(parts[0], "<name>jobs</name><description>edited"
                                             "</description>", parts[1], NULL);
    g_assert_cmpint(virDomainManagedSaveDefineXML(dom, with_desc, VIR_DOMAIN_SAVE_PAUSED), ==, 0);
    saved_xml = virDomainManagedSaveGetXMLDesc(odom, 0);
    g_assert_nonnull(strstr(saved_xml, "<description>edited</description>"));
    free(saved_xml);
    console_drain(c, 30000);
    console_close(c, false);

    /* The next start restores it, paused as the image now says: resumed,
     * the guest's echo reader answers at once and nothing boots. */
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_PAUSED);
    char *live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, "<description>edited</description>"));
    free(live);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(virDomainHasManagedSaveImage(dom, 0), ==, 0);
    g_assert_false(g_file_test(image, G_FILE_TEST_EXISTS));
    g_assert_null(virDomainManagedSaveGetXMLDesc(dom, 0));
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Requested operation is not valid: "
                    "domain does not have managed save image");
    c = console_new(fx.conn);
    g_assert_cmpint(console_open(c, dom, NULL, 0), ==, 0);
    g_assert_cmpint(virStreamSend(c->st, "after-restore\r", 14), ==, 14);
    g_assert_cmpint(console_wait(c, 0, "echo: after-restore", 30000), >, 0);
    g_assert_null(strstr(c->seen->str, "MODVIRT-GUEST-UP"));

    /* A memory-only dump: an ELF file, the guest running on, the job's
     * statistics kept as a dump's; a memory-only dump cannot be aborted
     * (QEMU has no command for it), which needs no race to show: there is
     * no job before it. */
    g_autofree char *ddir = g_dir_make_tmp("qemu-dump-XXXXXX", NULL);
    g_autofree char *elf = g_build_filename(ddir, "memory.elf", NULL);
    g_autofree char *core = g_build_filename(ddir, "core", NULL);
    g_assert_cmpint(virDomainCoreDumpWithFormat(dom, elf, VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB,
                                                0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Operation not supported: kdump-compressed "
                    "format is only supported with memory-only dump");
    g_assert_cmpint(virDomainCoreDumpWithFormat(dom, elf, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW,
                                                VIR_DUMP_MEMORY_ONLY), ==, 0);
    char head[4] = { 0 };
    GStatBuf sb;
    FILE *f = fopen(elf, "rb");
    g_assert_nonnull(f);
    g_assert_cmpuint(fread(head, 1, 4, f), ==, 4);
    fclose(f);
    g_assert_cmpmem(head, 4, "\177ELF", 4);
    g_assert_cmpint(g_stat(elf, &sb), ==, 0);
    g_assert_cmpint(sb.st_size, >, 1000LL * 1024 * 1024);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    params = NULL;
    g_assert_cmpint(virDomainGetJobStats(odom, &type, &params, &nparams,
                                         VIR_DOMAIN_JOB_STATS_COMPLETED), ==, 0);
    g_assert_cmpint(type, ==, VIR_DOMAIN_JOB_COMPLETED);
    g_assert_cmpint(virTypedParamsGetInt(params, nparams, VIR_DOMAIN_JOB_OPERATION, &op), ==, 1);
    g_assert_cmpint(op, ==, VIR_DOMAIN_JOB_OPERATION_DUMP);
    virTypedParamsFree(params, nparams);
    g_free(g_async_queue_timeout_pop(completed_jobs, 30 * G_USEC_PER_SEC));
    g_assert_cmpint(virStreamSend(c->st, "after-dump\r", 11), ==, 11);
    g_assert_cmpint(console_wait(c, 0, "echo: after-dump", 30000), >, 0);

    /* A crash dump: QEMU's state in the file, the domain crashed. */
    g_assert_cmpint(virDomainCoreDump(dom, core, VIR_DUMP_CRASH), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_CRASHED);
    g_assert_cmpint(g_stat(core, &sb), ==, 0);
    g_assert_cmpint(sb.st_size, >, 0);
    g_assert_cmpint(g_unlink(elf), ==, 0);
    g_assert_cmpint(g_unlink(core), ==, 0);
    g_assert_cmpint(g_rmdir(ddir), ==, 0);
    console_drain(c, 30000);
    console_close(c, false);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virConnectDomainEventDeregisterAny(fx.conn, jcb);
    virDomainFree(odom);
    g_assert_cmpint(virConnectClose(other), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
    g_async_queue_unref(completed_jobs);
}

/* --- restore as libvirt's start job ----------------------------------- */

typedef struct {
    virConnectPtr conn;
    virDomainPtr dom;
    const char *file;
    int rc;
    int code;
    char *msg;
    int type;              /* GetJobInfo: the job type it saw */
    GMutex *lock;
    GCond *cond;
    int *returned;         /* calls returned so far */
} restore_call;

static void call_done(restore_call *r, int rc)
{
    r->rc = rc;
    r->code = rc < 0 ? virGetLastErrorCode() : 0;
    r->msg = rc < 0 ? g_strdup(virGetLastErrorMessage()) : NULL;
    g_mutex_lock(r->lock);
    (*r->returned)++;
    g_cond_broadcast(r->cond);
    g_mutex_unlock(r->lock);
}

static gpointer restore_thread(gpointer p)
{
    restore_call *r = p;
    call_done(r, virDomainRestore(r->conn, r->file));
    return NULL;
}

static gpointer jobinfo_thread(gpointer p)
{
    restore_call *r = p;
    virDomainJobInfo info = { .type = -1 };
    int rc = virDomainGetJobInfo(r->dom, &info);
    r->type = info.type;
    call_done(r, rc);
    return NULL;
}

static gpointer abort_thread(gpointer p)
{
    restore_call *r = p;
    call_done(r, virDomainAbortJob(r->dom));
    return NULL;
}

static gpointer suspend_thread(gpointer p)
{
    restore_call *r = p;
    call_done(r, virDomainSuspend(r->dom));
    return NULL;
}

/* The pid of the QEMU of this test's root that runs DOMAIN, or 0. */
static int qemu_pid_of(qt_fx *fx, const char *domain)
{
    g_autofree char *cmd = g_strdup_printf("pgrep -f 'qemu-syste[m].*%s.*guest=%s'", fx->root,
                                           domain);
    g_autofree char *out = NULL;
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, NULL, NULL));
    return out ? atoi(out) : 0;
}

/* A restore is libvirt's "start" job: while it runs (held here by
 * stopping its QEMU, so it cannot end), another connection's job query,
 * abort and suspend wait for it, the last completed job is not shown, and
 * once QEMU goes on the restore completes and they run after it: no job,
 * "no job is active on the domain", a suspended guest. The restore keeps
 * no statistics and sends no job-completed event; the start from a
 * managed save image restores the same way and the guest runs on. */
static void test_restore_job(void)
{
    g_auto(GStrv) paths = guest_paths();
    if (!paths)
        return;
    qt_fx fx;
    int jcb;
    console *c;
    virDomainPtr dom = boot_job_guest(&fx, "rjob", paths, &jcb, &c, NULL);
    console_drain(c, 30000);
    console_close(c, false);

    g_autofree char *dir = g_dir_make_tmp("qemu-restore-XXXXXX", NULL);
    g_autofree char *file = g_build_filename(dir, "rjob.img", NULL);
    g_assert_cmpint(virDomainSave(dom, file), ==, 0);
    g_autofree char *done = g_async_queue_timeout_pop(completed_jobs, 30 * G_USEC_PER_SEC);
    g_assert_cmpstr(done, ==, "rjob 2 data");

    virConnectPtr other = virConnectOpen(fx.uri);
    g_assert_nonnull(other);
    virDomainPtr odom = virDomainLookupByName(other, "rjob");
    g_assert_nonnull(odom);

    GMutex lock;
    GCond cond;
    int returned = 0;
    g_mutex_init(&lock);
    g_cond_init(&cond);
    restore_call rs = { .conn = fx.conn, .file = file, .lock = &lock, .cond = &cond,
                        .returned = &returned };
    restore_call ji = { .dom = odom, .lock = &lock, .cond = &cond, .returned = &returned };
    restore_call ab = ji, su = ji;
    GThread *rt = g_thread_new("restore", restore_thread, &rs);
    /* The restore's QEMU is there once the domain is active. */
    for (;;) {
        int active = virDomainIsActive(odom);
        g_assert_cmpint(active, >=, 0);
        g_mutex_lock(&lock);
        bool ended = returned > 0;
        g_mutex_unlock(&lock);
        if (active || ended)
            break;
    }
    int pid = qemu_pid_of(&fx, "rjob");
    g_assert_cmpint(pid, >, 0);
    g_assert_cmpint(kill(pid, SIGSTOP), ==, 0);
    int reason;
    int state = qt_state(odom, &reason);
    if (state != VIR_DOMAIN_PAUSED || reason != VIR_DOMAIN_PAUSED_STARTING_UP) {
        /* It completed before its QEMU was stopped. */
        g_assert_cmpint(kill(pid, SIGCONT), ==, 0);
        g_thread_join(rt);
        g_assert_cmpint(rs.rc, ==, 0);
        g_test_incomplete("the restore ended before it could be held");
        goto out;
    }
    /* The last completed job (the save) is not shown while a job runs. */
    virTypedParameterPtr params = NULL;
    int nparams = 0, type = -1, op = -1;
    g_assert_cmpint(virDomainGetJobStats(odom, &type, &params, &nparams,
                                         VIR_DOMAIN_JOB_STATS_COMPLETED |
                                         VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED), ==, 0);
    g_assert_cmpint(type, ==, VIR_DOMAIN_JOB_NONE);
    g_assert_cmpint(nparams, ==, 0);

    GThread *t1 = g_thread_new("jobinfo", jobinfo_thread, &ji);
    GThread *t2 = g_thread_new("abort", abort_thread, &ab);
    GThread *t3 = g_thread_new("suspend", suspend_thread, &su);
    /* None of them answers while the restore is held: two seconds give
     * an answer that does not wait ample time to show. */
    gint64 until = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
    g_mutex_lock(&lock);
    while (returned == 0 && g_cond_wait_until(&cond, &lock, until))
        ;
    int early = returned;
    g_mutex_unlock(&lock);
    g_assert_cmpint(kill(pid, SIGCONT), ==, 0);
    g_assert_cmpint(early, ==, 0);
    g_thread_join(rt);
    g_thread_join(t1);
    g_thread_join(t2);
    g_thread_join(t3);
    if (rs.rc != 0)
        g_error("restore failed: %s", rs.msg);
    g_assert_cmpint(ji.rc, ==, 0);
    g_assert_cmpint(ji.type, ==, VIR_DOMAIN_JOB_NONE);
    g_assert_cmpint(ab.rc, ==, -1);
    g_assert_cmpint(ab.code, ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(ab.msg, ==, "Requested operation is not valid: no job is active on the domain");
    if (su.rc != 0)
        g_error("suspend after the restore failed: %s", su.msg);
    g_assert_cmpint(qt_state(odom, &reason), ==, VIR_DOMAIN_PAUSED);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_PAUSED_USER);
    g_assert_cmpint(virDomainResume(odom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);

    /* No statistics of its own: the save's are still the last completed. */
    params = NULL;
    g_assert_cmpint(virDomainGetJobStats(odom, &type, &params, &nparams,
                                         VIR_DOMAIN_JOB_STATS_COMPLETED |
                                         VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED), ==, 0);
    g_assert_cmpint(type, ==, VIR_DOMAIN_JOB_COMPLETED);
    g_assert_cmpint(virTypedParamsGetInt(params, nparams, VIR_DOMAIN_JOB_OPERATION, &op), ==, 1);
    g_assert_cmpint(op, ==, VIR_DOMAIN_JOB_OPERATION_SAVE);
    virTypedParamsFree(params, nparams);

    /* The guest runs the processes it ran (its echo reader answers). */
    c = console_new(fx.conn);
    g_assert_cmpint(console_open(c, dom, NULL, 0), ==, 0);
    g_assert_cmpint(virStreamSend(c->st, "after-restore\r", 14), ==, 14);
    g_assert_cmpint(console_wait(c, 0, "echo: after-restore", 30000), >, 0);
    g_assert_null(strstr(c->seen->str, "MODVIRT-GUEST-UP"));
    console_drain(c, 30000);
    console_close(c, false);

    /* The next job-completed event is the managed save's: the restore
     * sent none. Its start restores the same way. */
    g_assert_cmpint(virDomainManagedSave(dom, 0), ==, 0);
    g_free(done);
    done = g_async_queue_timeout_pop(completed_jobs, 30 * G_USEC_PER_SEC);
    g_assert_cmpstr(done, ==, "rjob 2 data");
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_RESTORED);
    g_assert_cmpint(virDomainHasManagedSaveImage(dom, 0), ==, 0);
    virDomainJobInfo info;
    g_assert_cmpint(virDomainGetJobInfo(odom, &info), ==, 0);
    g_assert_cmpint(info.type, ==, VIR_DOMAIN_JOB_NONE);
    c = console_new(fx.conn);
    g_assert_cmpint(console_open(c, dom, NULL, 0), ==, 0);
    g_assert_cmpint(virStreamSend(c->st, "after-start\r", 12), ==, 12);
    g_assert_cmpint(console_wait(c, 0, "echo: after-start", 30000), >, 0);
    console_drain(c, 30000);
    console_close(c, false);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);

out:
    g_free(rs.msg);
    g_free(ji.msg);
    g_free(ab.msg);
    g_free(su.msg);
    g_mutex_clear(&lock);
    g_cond_clear(&cond);
    g_unlink(file);
    g_rmdir(dir);
    virConnectDomainEventDeregisterAny(fx.conn, jcb);
    if (virDomainIsActive(dom) == 1)
        virDomainDestroy(dom);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(odom);
    g_assert_cmpint(virConnectClose(other), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
    g_async_queue_unref(completed_jobs);
}

/* For the tests that run mvsh in a process of its own, on a root of its
 * own: mvsh's path, with a scratch directory DIR holding NAME.xml
 * (XMLFILE, a guest of MIB MiB) and the embed URI on it; NULL after
 * skipping the test when it cannot run. */
static const char *mvsh_scratch(const char *name, int mib, char **dir, char **xmlfile,
                                char **uri)
{
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (!mvsh) {
        g_test_skip("MV_TEST_MVSH is not set");
        return NULL;
    }
    g_auto(GStrv) paths = guest_paths();
    if (!paths)
        return NULL;
    *dir = g_dir_make_tmp("qemu-mvsh-XXXXXX", NULL);
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    *xmlfile = g_build_filename(*dir, file, NULL);
    g_autofree char *xml = guest_xml(name, mib, paths);
    g_assert_true(g_file_set_contents(*xmlfile, xml, -1, NULL));
    *uri = g_strdup_printf("qemu:///embed?root=%s/root", *dir);
    return mvsh;
}

/* mvsh dump --verbose in a process of its own (its own root): virsh's
 * progress lines on stderr from virDomainGetJobInfo, polled every half
 * second while the dump runs, and the completed job after it. */
static void test_mvsh_progress(void)
{
    g_autofree char *dir = NULL, *xmlfile = NULL, *uri = NULL;
    const char *mvsh = mvsh_scratch("mj", 1024, &dir, &xmlfile, &uri);
    if (!mvsh)
        return;
    g_autofree char *core = g_build_filename(dir, "core", NULL);
    g_autofree char *line = g_strdup_printf("define %s; start mj; dump mj %s --memory-only "
                                            "--verbose; domjobinfo mj --completed; destroy mj; "
                                            "undefine mj", xmlfile, core);
    const char *argv[] = { mvsh, "-c", uri, line, NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = -1;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, &err, &status,
                               NULL));
    if (status != 0)
        g_error("mvsh failed (%d):\n%s\n%s", status, out, err);
    g_assert_nonnull(strstr(err, "\rDump: [100 %]"));
    g_assert_nonnull(strstr(out, "Domain 'mj' dumped to "));
    g_assert_nonnull(strstr(out, "Job type:         Completed   \n"));
    g_assert_nonnull(strstr(out, "Operation:        Dump        \n"));
    const char *t = strstr(out, "Time elapsed:");
    g_assert_nonnull(t);
    unsigned long long ms = g_ascii_strtoull(t + strlen("Time elapsed:"), NULL, 10);
    /* A dump that ran past one polling period showed its progress before
     * the end. */
    guint lines = 0;
    for (const char *p = err; (p = strstr(p, "\rDump: [")); p++)
        lines++;
    g_test_message("dump of 1 GiB: %llu ms, %u progress lines", ms, lines);
    if (ms > 600)
        g_assert_cmpuint(lines, >=, 2);
    g_assert_cmpint(g_unlink(core), ==, 0);
    g_assert_cmpint(g_unlink(xmlfile), ==, 0);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", dir);
    g_assert_cmpint(system(rm), ==, 0);
}

/* mvsh managedsave-define and managedsave-edit on a real managed save
 * image, in a process of its own: the definition kept with the image is
 * replaced from a file, then edited (an editor given with arguments, run
 * through sh -c) to say it resumes paused; the next start restores it,
 * paused and as edited. */
static void test_mvsh_managedsave_xml(void)
{
    g_autofree char *dir = NULL, *xmlfile = NULL, *uri = NULL;
    const char *mvsh = mvsh_scratch("ms", 256, &dir, &xmlfile, &uri);
    if (!mvsh)
        return;
    g_autofree char *edited = g_build_filename(dir, "edited.xml", NULL);

    /* The image's definition, with a description added, back from a file. */
    g_autofree char *line = g_strdup_printf("define %s; start ms; managedsave ms; "
                                            "managedsave-dumpxml ms", xmlfile);
    const char *argv1[] = { mvsh, "-c", uri, line, NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = -1;
    g_assert_true(g_spawn_sync(NULL, (char **)argv1, NULL, 0, NULL, NULL, &out, &err, &status,
                               NULL));
    if (status != 0)
        g_error("mvsh failed (%d):\n%s\n%s", status, out, err);
    const char *dom = strstr(out, "<domain");
    g_assert_nonnull(dom);
    GString *x = g_string_new(dom);
    const char *name_end = strstr(x->str, "</name>");
    g_assert_nonnull(name_end);
    g_string_insert(x, name_end - x->str + strlen("</name>"),
                    "\n  <description>from a file</description>");
    g_assert_true(g_file_set_contents(edited, x->str, -1, NULL));
    g_string_free(x, TRUE);

    g_autofree char *line2 = g_strdup_printf(
        "managedsave-define ms %s; managedsave-dumpxml ms; managedsave-edit ms --paused; "
        "managedsave-edit ms; managedsave-dumpxml ms; start ms; domstate ms --reason; desc ms; "
        "destroy ms; undefine ms", edited);
    const char *argv2[] = { mvsh, "-c", uri, line2, NULL };
    g_auto(GStrv) envp = g_get_environ();
    envp = g_environ_setenv(envp, "EDITOR",
                            "sed -i 's|from a file|edited in the editor|'", TRUE);
    envp = g_environ_unsetenv(envp, "VISUAL");
    g_free(out);
    g_free(err);
    g_assert_true(g_spawn_sync(NULL, (char **)argv2, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, NULL));
    if (status != 0)
        g_error("mvsh failed (%d):\n%s\n%s", status, out, err);
    g_assert_nonnull(strstr(out, "Managed save state file of domain 'ms' updated.\n"));
    g_assert_nonnull(strstr(out, "<description>from a file</description>"));
    g_assert_nonnull(strstr(out, "Managed save image of Domain 'ms' XML configuration edited.\n"));
    /* The second edit changes nothing: the text is already there. */
    g_assert_nonnull(
        strstr(out, "Managed save image of domain 'ms' XML configuration not changed.\n"));
    g_assert_nonnull(strstr(out, "<description>edited in the editor</description>"));
    if (!strstr(out, "Domain 'ms' started\n\npaused ("))
        g_error("not restored paused:\n%s\n%s", out, err);
    g_assert_nonnull(strstr(out, "\nedited in the editor\n"));
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", dir);
    g_assert_cmpint(system(rm), ==, 0);
}

/* The guest's balloon driver reports its figures every second, the
 * definition's <stats period='1'/> being given to QEMU at start: the
 * memory statistics list them in libvirt 9.0's order (the balloon, the
 * guest's figures with the time of its report after "usable", QEMU's
 * resident size) and the bulk balloon group names them as libvirt does. */
static void test_balloon_stats(void)
{
    g_auto(GStrv) paths = guest_paths();
    if (!paths)
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *plain = guest_xml("balloon", 256, paths);
    GString *x = g_string_new(plain);
    g_string_replace(x, "<memballoon model='none'/>",
                     "<memballoon model='virtio'><stats period='1'/></memballoon>", 1);
    virDomainPtr dom = virDomainCreateXML(fx.conn, x->str, VIR_DOMAIN_START_PAUSED);
    g_string_free(x, TRUE);
    if (!dom)
        g_error("%s", virGetLastErrorMessage());
    console *c = console_new(fx.conn);
    g_assert_cmpint(console_open(c, dom, NULL, 0), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    if (console_wait(c, 0, "MODVIRT-GUEST-UP", 180000) < 0)
        g_error("no marker on the console; it showed:\n%s", c->seen->str);
    console_close(c, false);

    /* The driver is loaded before the marker; its first report follows
     * within a period (a guard, not a pace). */
    virDomainMemoryStatStruct mem[VIR_DOMAIN_MEMORY_STAT_NR];
    int n = 0;
    unsigned long long last = 0;
    gint64 until = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    while (!last && g_get_monotonic_time() < until) {
        n = virDomainMemoryStats(dom, mem, VIR_DOMAIN_MEMORY_STAT_NR, 0);
        g_assert_cmpint(n, >, 0);
        for (int i = 0; i < n; i++)
            if (mem[i].tag == VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE)
                last = mem[i].val;
        if (!last)
            g_usleep(G_USEC_PER_SEC / 10);
    }
    g_assert_cmpuint(last, >, 0);
    static const int order[] = {
        VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, VIR_DOMAIN_MEMORY_STAT_SWAP_IN,
        VIR_DOMAIN_MEMORY_STAT_SWAP_OUT, VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT,
        VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, VIR_DOMAIN_MEMORY_STAT_UNUSED,
        VIR_DOMAIN_MEMORY_STAT_AVAILABLE, VIR_DOMAIN_MEMORY_STAT_USABLE,
        VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, VIR_DOMAIN_MEMORY_STAT_DISK_CACHES,
        VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC, VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL,
        VIR_DOMAIN_MEMORY_STAT_RSS,
    };
    /* Every figure in that order; Linux 6.1 reports all of them but the
     * huge page ones, which depend on its configuration. */
    size_t k = 0;
    unsigned long long val[VIR_DOMAIN_MEMORY_STAT_NR] = { 0 };
    bool seen[VIR_DOMAIN_MEMORY_STAT_NR] = { false };
    for (int i = 0; i < n; i++) {
        while (k < G_N_ELEMENTS(order) && order[k] != mem[i].tag)
            k++;
        if (k == G_N_ELEMENTS(order))
            g_error("figure %d out of libvirt's order (at %d of %d)", mem[i].tag, i, n);
        seen[mem[i].tag] = true;
        val[mem[i].tag] = mem[i].val;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++)
        if (order[i] != VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC &&
            order[i] != VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL && !seen[order[i]])
            g_error("figure %d missing", order[i]);
    g_assert_cmpuint(val[VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON], ==, 256 * 1024);
    g_assert_cmpuint(val[VIR_DOMAIN_MEMORY_STAT_AVAILABLE], >, 128 * 1024);
    g_assert_cmpuint(val[VIR_DOMAIN_MEMORY_STAT_AVAILABLE], <=, 256 * 1024);
    g_assert_cmpuint(val[VIR_DOMAIN_MEMORY_STAT_UNUSED], <, val[VIR_DOMAIN_MEMORY_STAT_AVAILABLE]);

    virDomainPtr doms[] = { dom, NULL };
    virDomainStatsRecordPtr *recs = NULL;
    g_assert_cmpint(virDomainListGetStats(doms, VIR_DOMAIN_STATS_BALLOON, &recs, 0), ==, 1);
    unsigned long long v = 0;
    g_assert_cmpint(virTypedParamsGetULLong(recs[0]->params, recs[0]->nparams, "balloon.usable",
                                            &v), ==, 1);
    g_assert_cmpuint(v, >, 0);
    g_assert_cmpint(virTypedParamsGetULLong(recs[0]->params, recs[0]->nparams,
                                            "balloon.last-update", &v), ==, 1);
    g_assert_cmpuint(v, >, 0);
    g_assert_cmpint(virTypedParamsGetULLong(recs[0]->params, recs[0]->nparams,
                                            "balloon.actual", &v), ==, 0);
    virDomainStatsRecordListFree(recs);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu/linux/boot-console-reboot-shutdown", test_linux);
    g_test_add_func("/qemu/linux/save-job-managed-save-dump", test_save_job);
    g_test_add_func("/qemu/linux/mvsh-dump-progress", test_mvsh_progress);
    g_test_add_func("/qemu/linux/mvsh-managedsave-xml", test_mvsh_managedsave_xml);
    g_test_add_func("/qemu/linux/restore-job", test_restore_job);
    g_test_add_func("/qemu/linux/balloon-stats", test_balloon_stats);
    return g_test_run();
}
