/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/lxc-test.h — what the lxc tests share: the checks that
 * decide whether real containers can run here (a TAP skip with the reason
 * otherwise), a temporary embed root with a busybox root filesystem, domain
 * XML, the console read through virDomainOpenConsole, lifecycle events on
 * a default event loop thread, reading a program's output until it shows
 * what a test waits for, and checks that nothing of a container is left on
 * the host (processes, cgroups, stage directories). */
#ifndef LXC_TEST_H
#define LXC_TEST_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    char *root;      /* the embed root */
    char *rootfs;    /* busybox root inside it */
    char *uri;
    virConnectPtr conn;
} lxc_fx;

static inline void lxc_quiet(void *data, virErrorPtr err) { (void)data; (void)err; }

/* Runs a shell command; returns its exit status. */
static inline int lxc_sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static inline int lxc_sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static inline char *lxc_out(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static inline char *lxc_out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *out = NULL;
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, NULL, NULL));
    return g_strstrip(out);
}

/* Why real containers cannot run here, or NULL. */
static inline const char *lxc_unsupported(void)
{
    if (geteuid() != 0)
        return "needs root to create containers";
    static const char *const ns[] = { "pid", "mnt", "uts", "ipc", "net" };
    for (size_t i = 0; i < G_N_ELEMENTS(ns); i++) {
        g_autofree char *p = g_strdup_printf("/proc/self/ns/%s", ns[i]);
        if (access(p, F_OK) != 0)
            return "the kernel lacks a namespace containers need";
    }
    g_autofree char *cg = NULL;
    if (!g_file_get_contents("/proc/self/mountinfo", &cg, NULL, NULL) || !strstr(cg, " - cgroup"))
        return "no cgroup filesystem is mounted";
    if (!strstr(cg, "memory") && access("/sys/fs/cgroup/cgroup.controllers", F_OK) != 0)
        return "no memory cgroup controller";
    if (system("command -v unshare >/dev/null 2>&1") == 0 &&
        system("unshare --pid --fork --mount --uts --ipc --net true >/dev/null 2>&1") != 0)
        return "cannot create PID, mount, UTS, IPC and network namespaces here";
    if (system("command -v busybox >/dev/null 2>&1") != 0)
        return "needs busybox (Debian: busybox or busybox-static) for the container root";
    return NULL;
}

static inline bool lxc_skip_all(void)
{
    const char *why = lxc_unsupported();
    if (!why)
        return false;
    printf("1..0 # SKIP %s\n", why);
    return true;
}

/* A busybox root filesystem in DIR (make-rootfs.sh). */
static inline void lxc_make_rootfs(const char *dir)
{
    const char *src = g_getenv("MV_TEST_SOURCE_ROOT");
    g_autofree char *mk = g_build_filename(src ? src : ".", "tests/plugins/lxc/make-rootfs.sh", NULL);
    g_assert_cmpint(lxc_sh("sh '%s' '%s'", mk, dir), ==, 0);
}

static inline void lxc_fx_open(lxc_fx *fx)
{
    fx->root = g_dir_make_tmp("lxc-test-XXXXXX", NULL);
    g_assert_nonnull(fx->root);
    g_chmod(fx->root, 0755);
    fx->rootfs = g_build_filename(fx->root, "rootfs", NULL);
    lxc_make_rootfs(fx->rootfs);
    fx->uri = g_strdup_printf("lxc:///embed?root=%s", fx->root);
    virSetErrorFunc(NULL, lxc_quiet);
    fx->conn = virConnectOpen(fx->uri);
    g_assert_nonnull(fx->conn);
}

static inline void lxc_fx_close(lxc_fx *fx)
{
    if (fx->conn)
        virConnectClose(fx->conn);
    lxc_sh("rm -rf '%s'", fx->root);
    g_free(fx->root);
    g_free(fx->rootfs);
    g_free(fx->uri);
}

/* A container NAME on the root filesystem ROOTFS (NULL: the host's)
 * running SCRIPT with /bin/sh -c; TOP and DEVS are extra XML inside
 * <domain> and <devices>. */
static inline char *lxc_xml_root(const char *rootfs, const char *name, const char *script,
                                 const char *top, const char *devs)
{
    g_autofree char *esc = g_markup_escape_text(script, -1);
    g_autofree char *fs = rootfs ? g_strdup_printf(
        "<filesystem type='mount'><source dir='%s'/><target dir='/'/></filesystem>", rootfs)
        : g_strdup("");
    return g_strdup_printf(
        "<domain type='lxc'><name>%s</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>%s"
        "<os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg><initarg>%s</initarg></os>"
        "<devices>%s%s<console type='pty'/></devices></domain>",
        name, top ? top : "", esc, fs, devs ? devs : "");
}

/* The same on FX's busybox root (FX NULL: the host's root). */
static inline char *lxc_xml(const lxc_fx *fx, const char *name, const char *script,
                            const char *top, const char *devs)
{
    return lxc_xml_root(fx ? fx->rootfs : NULL, name, script, top, devs);
}

/* ---- output of other programs ----------------------------------------- */

/* Appends what FD gives to OUT until OUT contains WANT (NULL: until the
 * end of FD) or TIMEOUT_MS pass; whether WANT was seen. */
static inline bool lxc_read_until(int fd, GString *out, const char *want, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000LL;
    while (!want || !strstr(out->str, want)) {
        int left = (int)((end - g_get_monotonic_time()) / 1000);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (left <= 0 || poll(&p, 1, left) <= 0)
            break;
        char buf[512];
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        g_string_append_len(out, buf, n);
    }
    return !want || strstr(out->str, want) != NULL;
}

static inline void lxc_stderr_to_stdout(gpointer data)
{
    (void)data;
    dup2(1, 2);
}

/* Runs ARGV (stdin /dev/null) until its output shows WANT or TIMEOUT_MS
 * pass, then ends it; returns the output (stdout and stderr). */
static inline char *lxc_run_until(const char *const *argv, const char *want, int timeout_ms)
{
    GPid pid;
    int out;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, lxc_stderr_to_stdout,
                                           NULL, &pid, NULL, &out, NULL, NULL));
    GString *text = g_string_new(NULL);
    lxc_read_until(out, text, want, timeout_ms);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    g_spawn_close_pid(pid);
    close(out);
    return g_string_free(text, FALSE);
}

/* ---- the console ------------------------------------------------------ */
typedef struct {
    virStreamPtr st;
    GString *buf;
} lxc_console;

static inline void lxc_console_open(lxc_console *c, virDomainPtr dom)
{
    c->st = virStreamNew(virDomainGetConnect(dom), VIR_STREAM_NONBLOCK);
    g_assert_nonnull(c->st);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, c->st, 0), ==, 0);
    c->buf = g_string_new(NULL);
}

/* Reads the console until it shows WANT (true) or TIMEOUT_MS pass. */
static inline bool lxc_console_wait(lxc_console *c, const char *want, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000LL;
    while (!strstr(c->buf->str, want)) {
        char b[4096];
        int n = virStreamRecv(c->st, b, sizeof(b));
        if (n > 0) {
            g_string_append_len(c->buf, b, n);
            continue;
        }
        if (n == 0 || n == -1 || g_get_monotonic_time() > end)
            return strstr(c->buf->str, want) != NULL;
        g_usleep(5000);
    }
    return true;
}

static inline void lxc_console_close(lxc_console *c)
{
    virStreamAbort(c->st);
    virStreamFree(c->st);
    g_string_free(c->buf, TRUE);
}

/* The console output of DOM once it shows WANT (fails the test if not). */
static inline char *lxc_console_expect(virDomainPtr dom, const char *want)
{
    lxc_console c;
    lxc_console_open(&c, dom);
    bool ok = lxc_console_wait(&c, want, 10000);
    char *out = g_strdup(c.buf->str);
    lxc_console_close(&c);
    if (!ok)
        g_error("console never showed '%s'; got:\n%s", want, out);
    return out;
}

/* ---- lifecycle events ------------------------------------------------- */
typedef struct {
    GMutex lock;
    GCond cond;
    GArray *events;    /* pairs event, detail */
    int cb, reboot_cb;
    int reboots;
    bool drained;      /* the loop ran the timer lxc_events_unwatch added */
    GThread *loop;
} lxc_events;

static lxc_events lxc_ev;
static volatile int lxc_loop_quit;

static inline int lxc_ev_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    (void)conn;
    (void)dom;
    (void)opaque;
    g_mutex_lock(&lxc_ev.lock);
    int pair[2] = { event, detail };
    g_array_append_vals(lxc_ev.events, pair, 2);
    g_mutex_unlock(&lxc_ev.lock);
    return 0;
}

static inline void lxc_reboot_cb(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    (void)conn;
    (void)dom;
    (void)opaque;
    g_mutex_lock(&lxc_ev.lock);
    lxc_ev.reboots++;
    g_mutex_unlock(&lxc_ev.lock);
}

static inline void lxc_tick(int timer, void *opaque) { (void)timer; (void)opaque; }

static inline gpointer lxc_loop_main(gpointer data)
{
    (void)data;
    while (!lxc_loop_quit)
        virEventRunDefaultImpl();
    return NULL;
}

/* Call once, before opening connections. */
static inline void lxc_events_init(void)
{
    virEventRegisterDefaultImpl();
    virEventAddTimeout(20, lxc_tick, NULL, NULL);
    lxc_ev.events = g_array_new(FALSE, FALSE, sizeof(int));
    lxc_ev.loop = g_thread_new("events", lxc_loop_main, NULL);
}

static inline void lxc_events_watch(virConnectPtr conn)
{
    g_mutex_lock(&lxc_ev.lock);
    g_array_set_size(lxc_ev.events, 0);
    lxc_ev.reboots = 0;
    g_mutex_unlock(&lxc_ev.lock);
    lxc_ev.reboot_cb = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_REBOOT,
                                                        VIR_DOMAIN_EVENT_CALLBACK(lxc_reboot_cb),
                                                        NULL, NULL);
    lxc_ev.cb = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                 VIR_DOMAIN_EVENT_CALLBACK(lxc_ev_cb), NULL, NULL);
    g_assert_cmpint(lxc_ev.cb, >=, 0);
}

static inline void lxc_drained_cb(int timer, void *opaque)
{
    (void)opaque;
    virEventRemoveTimeout(timer);
    g_mutex_lock(&lxc_ev.lock);
    lxc_ev.drained = true;
    g_cond_signal(&lxc_ev.cond);
    g_mutex_unlock(&lxc_ev.lock);
}

/* Stops watching; returns once no delivery holds the connection any more
 * (the loop thread runs a timer added now only after what it is doing),
 * so that a later close of the last connection frees the driver's state. */
static inline void lxc_events_unwatch(virConnectPtr conn)
{
    virConnectDomainEventDeregisterAny(conn, lxc_ev.cb);
    virConnectDomainEventDeregisterAny(conn, lxc_ev.reboot_cb);
    g_mutex_lock(&lxc_ev.lock);
    lxc_ev.drained = false;
    g_assert_cmpint(virEventAddTimeout(0, lxc_drained_cb, NULL, NULL), >=, 0);
    gint64 end = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    while (!lxc_ev.drained && g_cond_wait_until(&lxc_ev.cond, &lxc_ev.lock, end))
        ;
    bool drained = lxc_ev.drained;
    g_mutex_unlock(&lxc_ev.lock);
    g_assert_true(drained);
}

/* Waits until EVENT/DETAIL was delivered (DETAIL -1: any). */
static inline bool lxc_events_wait(int event, int detail, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000LL;
    do {
        g_mutex_lock(&lxc_ev.lock);
        for (guint i = 0; i + 1 < lxc_ev.events->len; i += 2) {
            int e = g_array_index(lxc_ev.events, int, i), d = g_array_index(lxc_ev.events, int, i + 1);
            if (e == event && (detail < 0 || d == detail)) {
                g_mutex_unlock(&lxc_ev.lock);
                return true;
            }
        }
        g_mutex_unlock(&lxc_ev.lock);
        g_usleep(10000);
    } while (g_get_monotonic_time() < end);
    return false;
}

static inline bool lxc_reboots_wait(int n, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000LL;
    for (;;) {
        g_mutex_lock(&lxc_ev.lock);
        int r = lxc_ev.reboots;
        g_mutex_unlock(&lxc_ev.lock);
        if (r >= n)
            return true;
        if (g_get_monotonic_time() > end)
            return false;
        g_usleep(10000);
    }
}

/* ---- state checks ----------------------------------------------------- */
static inline void lxc_assert_state(virDomainPtr dom, int state, int reason)
{
    int s = -1, r = -1;
    g_assert_cmpint(virDomainGetState(dom, &s, &r, 0), ==, 0);
    if (s != state || (reason >= 0 && r != reason))
        g_error("state %d reason %d, expected %d reason %d", s, r, state, reason);
}

/* Waits until DOM is shut off. */
static inline bool lxc_wait_shutoff(virDomainPtr dom, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000LL;
    do {
        int s = -1, r;
        if (virDomainGetState(dom, &s, &r, 0) < 0 || s == VIR_DOMAIN_SHUTOFF)
            return true;
        g_usleep(10000);
    } while (g_get_monotonic_time() < end);
    return false;
}

/* The pid of the container's init: the supervisor's (the domain id) child. */
static inline int lxc_init_pid(virDomainPtr dom)
{
    int id = (int)virDomainGetID(dom);
    g_autofree char *kids = lxc_out("cat /proc/%d/task/%d/children", id, id);
    return atoi(kids);
}

/* The container's cgroup directory for CONTROLLER (v1), from init's
 * /proc/PID/cgroup and the hierarchy's mount point. */
static inline char *lxc_cgroup_dir(int initpid, const char *ctrl)
{
    return lxc_out("p=$(grep -E '^[0-9]+:([^:]*,)?%s(,[^:]*)?:' /proc/%d/cgroup | cut -d: -f3); "
                   "m=$(awk '$0 ~ / - cgroup / && $NF ~ /(^|,)%s(,|$)/ {print $5; exit}' /proc/self/mountinfo); "
                   "[ -n \"$p\" ] && [ -n \"$m\" ] && echo \"$m$p\"", ctrl, initpid, ctrl);
}

/* Nothing of container NAME is left: no cgroup directory in any
 * hierarchy, no supervisor or stage directory. */
static inline void lxc_assert_gone(const lxc_fx *fx, const char *name)
{
    /* the driver names them mvlxc-TAG-NAME, TAG a hash of its config dir */
    g_autofree char *cfg = g_strdup_printf("%s/etc/lxc", fx->root);
    g_autofree char *cgs = lxc_out("find /sys/fs/cgroup -maxdepth 12 -type d -name 'mvlxc-%08x-%s' 2>/dev/null",
                                   g_str_hash(cfg), name);
    if (*cgs)
        g_error("cgroups left behind for '%s':\n%s", name, cgs);
    /* supervisors write to the domain's log (zombies waiting for init's
     * reaper have no fds and do not count) */
    g_autofree char *procs = lxc_out("for p in /proc/[0-9]*; do [ \"$(readlink $p/fd/2 2>/dev/null)\" = "
                                     "'%s/log/lxc/%s.log' ] && echo $p; done; true", fx->root, name);
    if (*procs)
        g_error("supervisor of '%s' still running: %s", name, procs);
    /* the supervisor's own complaints (sanitizers report on its stderr) */
    g_autofree char *log = g_strdup_printf("%s/log/lxc/%s.log", fx->root, name);
    g_autofree char *text = NULL;
    if (g_file_get_contents(log, &text, NULL, NULL) &&
        (strstr(text, "Sanitizer") || strstr(text, "runtime error")))
        g_error("the supervisor of '%s' reported:\n%s", name, text);
    g_autofree char *stage = g_strdup_printf("%s/run/lxc/%s.root", fx->root, name);
    g_assert_false(g_file_test(stage, G_FILE_TEST_EXISTS));
    g_autofree char *mounts = lxc_out("grep -c '%s' /proc/self/mountinfo; true", fx->root);
    g_assert_cmpstr(mounts, ==, "0");
}

/* XML validates against libvirt's domain schema (when it and xmllint are
 * installed: libvirt's own files, used to compare only). */
static inline void lxc_assert_valid_xml(const lxc_fx *fx, const char *xml)
{
    const char *rng = "/usr/share/libvirt/schemas/domain.rng";
    if (access(rng, R_OK) != 0 || system("command -v xmllint >/dev/null 2>&1") != 0)
        return;
    g_autofree char *path = g_build_filename(fx->root, "check.xml", NULL);
    g_assert_true(g_file_set_contents(path, xml, -1, NULL));
    if (lxc_sh("xmllint --noout --relaxng %s '%s' 2>/dev/null", rng, path) != 0)
        g_error("not valid for libvirt's domain.rng:\n%s", xml);
    g_unlink(path);
}

static inline void lxc_assert_error(int code, const char *substr)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || (substr && !strstr(e->message, substr)))
        g_error("expected code %d with '%s', got code %d '%s'", code, substr ? substr : "*",
                e->code, e->message);
}

#endif
