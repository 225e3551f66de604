/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-qemu-linux.c — a real Linux guest under TCG:
 * Debian's kernel and a busybox initramfs (make-linux-guest.py) booted by
 * the qemu driver. The console (virDomainOpenConsole) shows the guest's
 * marker and carries input both ways; virDomainReboot goes through the
 * guest's ACPI power-off and comes back booted; virDomainShutdown ends it
 * gracefully (shut off, reason shutdown, with the events). */
#include "qemu-test.h"

#include <fcntl.h>

typedef struct {
    virStreamPtr st;
    GString *seen;
} console;

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
        if (g_get_monotonic_time() > end)
            return -1;
        int n = virStreamRecv(c->st, buf, sizeof(buf));
        if (n == -2) {
            g_usleep(20000);
            continue;
        }
        if (n <= 0)
            return -1;
        g_string_append_len(c->seen, buf, n);
    }
}

static void test_linux(void)
{
    if (!qt_have_qemu()) {
        g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
        return;
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
        return;
    }
    if (status != 0)
        g_error("make-linux-guest.py failed (%d): %s", status, err);
    g_auto(GStrv) paths = g_strsplit(g_strstrip(out), " ", 2);
    g_assert_nonnull(paths[1]);

    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *xml = g_strdup_printf(
        "<domain type='qemu'>\n"
        "  <name>linux</name>\n"
        "  <memory unit='MiB'>256</memory>\n"
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
        "</domain>\n", paths[0], paths[1]);
    /* Paused first, so the console is open before the guest prints. */
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, VIR_DOMAIN_START_PAUSED);
    g_assert_nonnull(dom);
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_PAUSED);
    console c = { .st = virStreamNew(fx.conn, VIR_STREAM_NONBLOCK), .seen = g_string_new(NULL) };
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, c.st, 0), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);

    gssize pos = console_wait(&c, 0, "MODVIRT-GUEST-UP", 180000);
    if (pos < 0)
        g_error("no marker on the console; it showed:\n%s", c.seen->str);
    g_assert_null(strstr(c.seen->str, "power-button=none"));
    g_assert_cmpint(console_wait(&c, (gsize)pos, "\n", 5000), >, 0);

    /* Input reaches the guest (its reader runs: the marker says so), its
     * answer comes back. */
    g_assert_cmpint(virStreamSend(c.st, "hello-modvirt\r", 14), ==, 14);
    pos = console_wait(&c, (gsize)pos, "echo: hello-modvirt", 30000);
    g_assert_cmpint(pos, >, 0);

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

    /* Reboot: the guest powers off through ACPI, QEMU resets it. */
    g_assert_cmpint(virDomainReboot(dom, 0), ==, 0);
    pos = console_wait(&c, (gsize)pos, "MODVIRT-GUEST-POWEROFF", 60000);
    g_assert_cmpint(pos, >, 0);
    pos = console_wait(&c, (gsize)pos, "MODVIRT-GUEST-UP", 180000);
    if (pos < 0)
        g_error("no marker after reboot; console:\n%s", c.seen->str);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);

    /* Graceful shutdown through ACPI (the marker says the guest reads the
     * power button). */
    g_assert_cmpint(virDomainShutdown(dom), ==, 0);
    /* The guest's last words may be lost: QEMU ends at its power-off and
     * the pty's unread output goes with it. The events say what happened. */
    console_wait(&c, (gsize)pos, "MODVIRT-GUEST-POWEROFF", 60000);
    g_assert_true(qt_wait_event(&fx, "linux", VIR_DOMAIN_EVENT_SHUTDOWN,
                                VIR_DOMAIN_EVENT_SHUTDOWN_GUEST, 30000));
    g_assert_true(qt_wait_event(&fx, "linux", VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN, 30000));
    g_assert_null(virDomainLookupByName(fx.conn, "linux"));   /* transient: gone */
    g_assert_false(qt_any_qemu(&fx));
    virStreamAbort(c.st);
    virStreamFree(c.st);
    g_string_free(c.seen, TRUE);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu/linux/boot-console-reboot-shutdown", test_linux);
    return g_test_run();
}
