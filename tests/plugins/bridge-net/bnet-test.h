/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/bridge-net/bnet-test.h — what the bridge-net tests share:
 * a temporary embed root and connection, network XML, shell commands in
 * the test's namespaces (the runner's MVT_NS and MVT_NS-NAME ones), killing
 * a process and waiting for its end, and checks on errors and on what is
 * left on the host. */
#ifndef BNET_TEST_H
#define BNET_TEST_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct {
    char *root;
    char *uri;
    virConnectPtr conn;
} bnet_fx;

static inline void bnet_quiet(void *data, virErrorPtr err) { (void)data; (void)err; }

static inline virConnectPtr bnet_fx_reopen(bnet_fx *fx)
{
    virConnectPtr c = virConnectOpen(fx->uri);
    g_assert_nonnull(c);
    return c;
}

/* Opens FX on the embed root ROOT (taken), or a new temporary one. */
static inline void bnet_fx_open_at(bnet_fx *fx, char *root)
{
    fx->root = root ? root : g_dir_make_tmp("bnet-test-XXXXXX", NULL);
    g_assert_nonnull(fx->root);
    fx->uri = g_strdup_printf("network:///embed?root=%s", fx->root);
    virSetErrorFunc(NULL, bnet_quiet);
    fx->conn = bnet_fx_reopen(fx);
}

static inline void bnet_fx_open(bnet_fx *fx)
{
    bnet_fx_open_at(fx, NULL);
}

/* Runs a shell command; returns its exit status. */
static inline int bnet_sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static inline int bnet_sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The output of a shell command, stripped. */
static inline char *bnet_out(const char *cmd)
{
    char *out = NULL;
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, NULL, NULL));
    return g_strstrip(out);
}

/* Kills PID with SIGKILL and waits until it has exited (it runs no more;
 * its parent may not have reaped it yet). */
static inline void bnet_kill_wait(int pid)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint((int)syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0), ==, 0);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    g_assert_cmpint(poll(&p, 1, 30000), ==, 1);
    close(fd);
}

/* NAME of a namespace of this test: MVT_NS-SUFFIX. */
static inline char *bnet_ns(const char *suffix)
{
    const char *base = g_getenv("MVT_NS");
    return g_strdup_printf("%s-%s", base ? base : "mvt-x", suffix);
}

/* Nothing of BR's on the host: no bridge, no nft table. */
static inline void bnet_assert_clean(const char *br)
{
    g_assert_cmpint(bnet_sh("ip link show %s >/dev/null 2>&1", br), !=, 0);
    g_autofree char *tables = bnet_out("nft list tables");
    g_autofree char *ours = g_strdup_printf("modvirt-%s\n", br);
    g_autofree char *all = g_strconcat(tables, "\n", NULL);
    g_assert_null(strstr(all, ours));
}

/* No dnsmasq at all in this test's namespace (ip netns identify). */
static inline void bnet_assert_no_dnsmasq(void)
{
    g_assert_cmpint(bnet_sh("for p in $(pgrep -x dnsmasq); do "
                            "[ \"$(ip netns identify $p 2>/dev/null)\" = \"$MVT_NS\" ] && exit 1; done; exit 0"), ==, 0);
}

static inline void bnet_fx_close(bnet_fx *fx)
{
    if (fx->conn)
        virConnectClose(fx->conn);
    bnet_sh("rm -rf '%s'", fx->root);
    g_free(fx->root);
    g_free(fx->uri);
}

/* A network on BR with 10.77.N.1/24 and a DHCP range; MODE NULL: isolated. */
static inline char *bnet_xml(const char *name, const char *mode, const char *br, int n)
{
    return g_strdup_printf(
        "<network><name>%s</name>%s%s%s%s<bridge name='%s' stp='off'/>"
        "<ip address='10.77.%d.1' netmask='255.255.255.0'><dhcp>"
        "<range start='10.77.%d.10' end='10.77.%d.99'/>"
        "<host mac='52:54:00:77:00:05' name='fixed' ip='10.77.%d.5'/></dhcp></ip></network>",
        name, mode ? "<forward mode='" : "", mode ? mode : "", mode ? "'/>" : "", "",
        br, n, n, n, n);
}

/* Every file under ROOT with its type, size, mode, modification time and,
 * for regular files, content checksum: equal listings mean nothing under
 * ROOT was created, removed or written. What dnsmasq writes while it runs
 * (its log, its leases) is left out: it is not the driver's doing. */
static inline char *bnet_tree(const char *root)
{
    g_autofree char *cmd = g_strdup_printf(
        "cd '%s' && find . ! -name '*.log' ! -name '*.leases' -exec stat -c '%%n %%F %%s %%a %%y' {} + "
        "| sort && find . -type f ! -name '*.log' ! -name '*.leases' -exec md5sum {} + | sort", root);
    return bnet_out(cmd);
}

/* What a reboot of the host does to the network driver's autostart record
 * on ROOT: it names an older boot, so the next read-write open autostarts. */
static inline void bnet_new_boot(const char *root)
{
    g_autofree char *marker = g_strdup_printf("%s/run/network/autostarted", root);
    g_assert_true(g_file_set_contents(marker, "an older boot\n", -1, NULL));
}

/* The pid in NAME's dnsmasq pid file on ROOT, or 0. */
static inline int bnet_dnsmasq_pid(const char *root, const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/run/network/%s.pid", root, name);
    g_autofree char *text = NULL;
    return g_file_get_contents(path, &text, NULL, NULL) ? atoi(text) : 0;
}

static inline void bnet_assert_error(int code, const char *substr)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || (substr && !strstr(e->message, substr)))
        g_error("expected code %d with '%s', got code %d '%s'", code, substr ? substr : "*",
                e->code, e->message);
}

#endif
