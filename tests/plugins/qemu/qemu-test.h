/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/qemu-test.h — what the qemu driver tests share: a
 * temporary embed root and connection, small guest XML, lifecycle events
 * and reboot events collected on the default event loop (run in a thread)
 * and taken in order, closing the last
 * connection once no event delivery holds it, killing a QEMU and waiting
 * for its end, checks on the QEMU processes a domain leaves (or does
 * not leave) behind, and the QMP commands the driver sent. */
#ifndef QEMU_TEST_H
#define QEMU_TEST_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define QT_EMULATOR "/usr/bin/qemu-system-x86_64"

typedef struct {
    char *root;
    char *uri;
    virConnectPtr conn;
    GAsyncQueue *events;   /* "NAME EVENT DETAIL" strings, "NAME reboot" */
    int cb;
    int reboot_cb;
} qt_fx;

static inline void qt_quiet(void *data, virErrorPtr err) { (void)data; (void)err; }

static gpointer qt_loop(gpointer data)
{
    (void)data;
    for (;;)
        virEventRunDefaultImpl();
    return NULL;
}

/* Once per process: the default event loop, in a thread. */
static inline void qt_events_init(void)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        virEventRegisterDefaultImpl();
        g_thread_new("events", qt_loop, NULL);
        g_once_init_leave(&once, 1);
    }
}

static int qt_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    (void)conn;
    qt_fx *fx = opaque;
    g_async_queue_push(fx->events, g_strdup_printf("%s %d %d", virDomainGetName(dom), event,
                                                   detail));
    return 0;
}

static void qt_reboot(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    (void)conn;
    qt_fx *fx = opaque;
    g_async_queue_push(fx->events, g_strdup_printf("%s reboot", virDomainGetName(dom)));
}

static inline void qt_fx_register(qt_fx *fx)
{
    fx->cb = virConnectDomainEventRegisterAny(fx->conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(qt_lifecycle), fx, NULL);
    g_assert_cmpint(fx->cb, >=, 0);
    fx->reboot_cb = virConnectDomainEventRegisterAny(fx->conn, NULL, VIR_DOMAIN_EVENT_ID_REBOOT,
                                                     VIR_DOMAIN_EVENT_CALLBACK(qt_reboot), fx,
                                                     NULL);
    g_assert_cmpint(fx->reboot_cb, >=, 0);
}

static inline void qt_fx_deregister(qt_fx *fx)
{
    virConnectDomainEventDeregisterAny(fx->conn, fx->cb);
    virConnectDomainEventDeregisterAny(fx->conn, fx->reboot_cb);
}

/* Opens FX on the embed root ROOT (taken), or a new temporary one. */
static inline void qt_fx_open_at(qt_fx *fx, char *root)
{
    qt_events_init();
    fx->root = root ? root : g_dir_make_tmp("qemu-test-XXXXXX", NULL);
    g_assert_nonnull(fx->root);
    fx->uri = g_strdup_printf("qemu:///embed?root=%s", fx->root);
    virSetErrorFunc(NULL, qt_quiet);
    fx->conn = virConnectOpen(fx->uri);
    g_assert_nonnull(fx->conn);
    fx->events = g_async_queue_new_full(g_free);
    qt_fx_register(fx);
}

static inline void qt_fx_open(qt_fx *fx)
{
    qt_fx_open_at(fx, NULL);
}

/* FX's connection again after qt_fx_close_last, with the event callback. */
static inline void qt_fx_reopen(qt_fx *fx)
{
    fx->conn = virConnectOpen(fx->uri);
    g_assert_nonnull(fx->conn);
    qt_fx_register(fx);
}

/* The loop thread ran a timer added after the current dispatch. */
static struct {
    GMutex lock;
    GCond cond;
    bool ran;
} qt_drain_mark;

static void qt_drain_cb(int timer, void *opaque)
{
    (void)opaque;
    virEventRemoveTimeout(timer);
    g_mutex_lock(&qt_drain_mark.lock);
    qt_drain_mark.ran = true;
    g_cond_signal(&qt_drain_mark.cond);
    g_mutex_unlock(&qt_drain_mark.lock);
}

/* Returns once the event loop thread has finished what it is doing now:
 * delivering an event holds a reference on the connection until the
 * delivery returns, and a timer added now only runs after that. */
static inline void qt_events_drain(void)
{
    g_mutex_lock(&qt_drain_mark.lock);
    qt_drain_mark.ran = false;
    g_assert_cmpint(virEventAddTimeout(0, qt_drain_cb, NULL, NULL), >=, 0);
    gint64 end = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    while (!qt_drain_mark.ran && g_cond_wait_until(&qt_drain_mark.cond, &qt_drain_mark.lock, end))
        ;
    bool ran = qt_drain_mark.ran;
    g_mutex_unlock(&qt_drain_mark.lock);
    g_assert_true(ran);
}

/* Closes FX's connection, the last one: its state is freed (the next open
 * loads it again from the files). */
static inline void qt_fx_close_last(qt_fx *fx)
{
    qt_fx_deregister(fx);
    qt_events_drain();
    g_assert_cmpint(virConnectClose(fx->conn), ==, 0);
    fx->conn = NULL;
}

/* Kills PID with SIGKILL and waits until it has exited (a zombie or
 * reaped: it runs no more). */
static inline void qt_kill_wait(int pid)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint((int)syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0), ==, 0);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    g_assert_cmpint(poll(&p, 1, 30000), ==, 1);
    close(fd);
}

/* Waits up to MS for PID to end (a zombie counts as ended); whether it did. */
static inline bool qt_wait_exit(int pid, int ms)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0)
        return true;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    bool ended = poll(&p, 1, ms) == 1;
    close(fd);
    return ended;
}

/* Appends what FD gives to OUT until OUT contains WANT (NULL: until the
 * end of FD); fails the test at the end of FD without WANT. */
static inline void qt_read_until(int fd, GString *out, const char *want)
{
    char buf[512];
    ssize_t n = 1;
    while ((!want || !strstr(out->str, want)) && (n = read(fd, buf, sizeof(buf))) > 0)
        g_string_append_len(out, buf, n);
    if (want && !strstr(out->str, want))
        g_error("expected '%s', got: %s", want, out->str);
}

static inline void qt_fx_close(qt_fx *fx)
{
    qt_fx_deregister(fx);
    /* A callback the loop thread is running now still pushes to the queue:
     * let it return before the queue goes. */
    qt_events_drain();
    g_assert_cmpint(virConnectClose(fx->conn), >=, 0);
    g_async_queue_unref(fx->events);
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", fx->root);
    g_assert_cmpint(system(cmd), ==, 0);
    g_free(fx->root);
    g_free(fx->uri);
}

/* Waits up to MS for the lifecycle event NAME EVENT DETAIL; events before
 * it are dropped. */
static inline bool qt_wait_event(qt_fx *fx, const char *name, int event, int detail, int ms)
{
    g_autofree char *want = g_strdup_printf("%s %d %d", name, event, detail);
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    for (;;) {
        gint64 left = end - g_get_monotonic_time();
        if (left <= 0)
            return false;
        g_autofree char *e = g_async_queue_timeout_pop(fx->events, (guint64)left);
        if (!e)
            return false;
        if (strcmp(e, want) == 0)
            return true;
    }
}

/* The events delivered so far (what the driver queued before this call
 * included: the loop is drained first), in order, joined by ';'. */
static inline char *qt_events_take(qt_fx *fx)
{
    qt_events_drain();
    GString *all = g_string_new(NULL);
    char *e;
    while ((e = g_async_queue_try_pop(fx->events))) {
        g_string_append_printf(all, "%s%s", all->len ? ";" : "", e);
        g_free(e);
    }
    return g_string_free(all, FALSE);
}

/* Waits up to MS for the event WANT ("NAME EVENT DETAIL" or "NAME
 * reboot"); the events up to it, in order, joined by ';' (NULL: it did not
 * come; the events seen are logged). */
static inline char *qt_events_until(qt_fx *fx, const char *want, int ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    GString *all = g_string_new(NULL);
    for (;;) {
        gint64 left = end - g_get_monotonic_time();
        g_autofree char *e = left > 0 ? g_async_queue_timeout_pop(fx->events, (guint64)left)
                                      : NULL;
        if (!e) {
            g_test_message("no event '%s'; seen: %s", want, all->str);
            g_string_free(all, TRUE);
            return NULL;
        }
        g_string_append_printf(all, "%s%s", all->len ? ";" : "", e);
        if (strcmp(e, want) == 0)
            return g_string_free(all, FALSE);
    }
}

/* A diskless guest: 64 MiB, serial console on a pty, VNC on loopback. */
static inline char *qt_guest_xml(const char *name, const char *type, const char *extra)
{
    return g_strdup_printf(
        "<domain type='%s'>\n"
        "  <name>%s</name>\n"
        "  <memory unit='MiB'>64</memory>\n"
        "  <vcpu current='1'>2</vcpu>\n"
        "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
        "  <devices>\n"
        "    <emulator>" QT_EMULATOR "</emulator>\n"
        "    <serial type='pty'/>\n"
        "    <console type='pty'/>\n"
        "    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>\n"
        "%s"
        "  </devices>\n"
        "</domain>\n", type, name, extra ? extra : "");
}

static inline int qt_state(virDomainPtr dom, int *reason)
{
    int state = -1;
    g_assert_cmpint(virDomainGetState(dom, &state, reason, 0), ==, 0);
    return state;
}

/* The pid of DOM's QEMU from its status file, or 0. */
static inline int qt_pid(qt_fx *fx, const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/run/qemu/%s.status", fx->root, name);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return 0;
    int pid = 0;
    return sscanf(text, "pid=%d", &pid) == 1 ? pid : 0;
}

/* Whether a QEMU of this test (its root on the command line) still runs
 * (zombies do not count: they are gone for every purpose but the table). */
static inline bool qt_any_qemu(qt_fx *fx)
{
    g_autofree char *cmd = g_strdup_printf(
        "for p in $(pgrep -f 'qemu-syste[m].*%s'); do "
        "  grep -q '^State:.*Z' /proc/$p/status 2>/dev/null || echo $p; done", fx->root);
    char *out = NULL;
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, NULL, NULL));
    bool any = out && *g_strstrip(out);
    g_free(out);
    return any;
}

static inline bool qt_have_qemu(void)
{
    return access(QT_EMULATOR, X_OK) == 0;
}

/* The small Linux guest of make-linux-guest.py: its kernel and initrd
 * paths (g_strfreev them), or NULL with *WHY saying why there is none
 * here (no kernel package); a failure of the builder ends the test. */
static inline char **qt_linux_guest(char **why)
{
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
        *why = g_strdup_printf("no guest kernel: %s", g_strstrip(err));
        return NULL;
    }
    if (status != 0)
        g_error("make-linux-guest.py failed (%d): %s", status, err);
    char **paths = g_strsplit(g_strstrip(out), " ", 2);
    g_assert_nonnull(paths[1]);
    return paths;
}

/* Every file under ROOT with its type, size, mode, modification time and,
 * for regular files, content checksum: equal listings mean nothing under
 * ROOT was created, removed or written. */
static inline char *qt_tree(const char *root)
{
    g_autofree char *cmd = g_strdup_printf(
        "cd '%s' && find . -exec stat -c '%%n %%F %%s %%a %%y' {} + | sort && "
        "find . -type f -exec md5sum {} + | sort", root);
    char *out = NULL;
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, NULL, NULL));
    return out;
}

/* What a reboot of the host does to DRIVER's autostart record on ROOT: it
 * names an older boot, so the next read-write open autostarts again. */
static inline void qt_new_boot(const char *root, const char *driver)
{
    g_autofree char *marker = g_strdup_printf("%s/run/%s/autostarted", root, driver);
    g_assert_true(g_file_set_contents(marker, "an older boot\n", -1, NULL));
}

/* Runs mvsh (MV_TEST_MVSH) with ARGS on FX's URI; its output (stdout and
 * stderr, stripped), or NULL when mvsh is not known. *STATUS gets its exit
 * status. */
static inline char *qt_mvsh(qt_fx *fx, int *status, const char *args)
{
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (!mvsh)
        return NULL;
    g_autofree char *cmd = g_strdup_printf("'%s' -c '%s' %s 2>&1", mvsh, fx->uri, args);
    char *out = NULL;
    int st = 0;
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &st, NULL));
    if (status)
        *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    return g_strstrip(out);
}

/* The QMP commands this process sends, logged to a file: call before
 * anything logs (at the top of main). The log is removed at exit. */
static char *qt_qmp_log_path;

static void qt_qmp_log_remove(void)
{
    g_autofree char *dir = g_path_get_dirname(qt_qmp_log_path);
    g_unlink(qt_qmp_log_path);
    g_rmdir(dir);
}

static inline void qt_qmp_log_start(void)
{
    char *dir = g_dir_make_tmp("qemu-test-log-XXXXXX", NULL);
    g_assert_nonnull(dir);
    qt_qmp_log_path = g_build_filename(dir, "modvirt.log", NULL);
    g_free(dir);
    g_setenv("MODVIRT_LOG_FILE", qt_qmp_log_path, TRUE);
    g_setenv("MODVIRT_LOG_FILTERS", "1:plugin.qemu.qmp", TRUE);
    atexit(qt_qmp_log_remove);
}

/* How many times this process has sent QMP command CMD so far. */
static inline int qt_qmp_sent(const char *cmd)
{
    g_autofree char *text = NULL;
    if (!qt_qmp_log_path || !g_file_get_contents(qt_qmp_log_path, &text, NULL, NULL))
        return -1;
    g_autofree char *needle = g_strdup_printf(": send %s\n", cmd);
    int n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

#endif
