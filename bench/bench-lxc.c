/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-lxc.c — the lxc plugin's targets: start of a
 * busybox container until its init runs ≤ 50 ms, and destroy ≤ 50 ms;
 * medians over --runs cycles in a temporary embed root. "Init runs" is
 * what virDomainCreateXML waits for (the supervisor reports after init's
 * execve succeeded); the time until init's first console output is shown
 * too. The root filesystem is built by tests/plugins/lxc/make-rootfs.sh
 * (MV_BENCH_SOURCE_ROOT). Needs root; exits 77 otherwise. */
#include "bench-util.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

/* Reads DOM's console until "up" shows; 0 when it did. */
static int wait_console(virDomainPtr dom)
{
    virStreamPtr st = virStreamNew(virDomainGetConnect(dom), VIR_STREAM_NONBLOCK);
    if (!st || virDomainOpenConsole(dom, NULL, st, 0) < 0)
        return -1;
    char buf[256];
    size_t have = 0;
    uint64_t end = bench_now_ns() + 5000000000ull;
    int ret = -1;
    while (bench_now_ns() < end) {
        int n = virStreamRecv(st, buf + have, sizeof(buf) - 1 - have);
        if (n > 0) {
            have += (size_t)n;
            buf[have] = '\0';
            if (strstr(buf, "up")) {
                ret = 0;
                break;
            }
        } else if (n != -2) {
            break;
        }
    }
    virStreamAbort(st);
    virStreamFree(st);
    return ret;
}

int main(int argc, char **argv)
{
    static const char *const names[] = { "--runs", NULL };
    long opts[] = { 51 };
    int first = bench_options(argc, argv, "bench-lxc [--runs N] [DIR]", names, opts);
    if (geteuid() != 0) {
        fprintf(stderr, "bench-lxc: needs root (namespaces, cgroups)\n");
        return 77;
    }
    g_autofree char *root = g_build_filename(first < argc ? argv[first] : g_get_tmp_dir(),
                                             "bench-lxc-XXXXXX", NULL);
    if (!g_mkdtemp(root))
        bench_die("cannot make %s", root);
    const char *src = g_getenv("MV_BENCH_SOURCE_ROOT");
    g_autofree char *mk = g_strdup_printf("sh '%s/tests/plugins/lxc/make-rootfs.sh' '%s/rootfs'",
                                          src ? src : ".", root);
    if (system(mk) != 0)
        bench_die("cannot build a busybox root with %s", mk);
    g_autofree char *uri = g_strdup_printf("lxc:///embed?root=%s", root);
    virSetErrorFunc(NULL, quiet);
    virConnectPtr conn = virConnectOpen(uri);
    if (!conn)
        bench_die("cannot open %s (MODVIRT_PLUGIN_DIR must hold lxc.so): %s", uri,
                  virGetLastErrorMessage());
    g_autofree char *xml = g_strdup_printf(
        "<domain type='lxc'><name>bench</name><memory unit='MiB'>64</memory>"
        "<os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg>"
        "<initarg>echo up; exec sleep 1000</initarg></os>"
        "<devices><filesystem type='mount'><source dir='%s/rootfs'/><target dir='/'/></filesystem>"
        "<console type='pty'/></devices></domain>", root);
    size_t n = (size_t)opts[0];
    uint64_t *start = g_new(uint64_t, n), *output = g_new(uint64_t, n), *stop = g_new(uint64_t, n);
    for (size_t i = 0; i < n; i++) {
        uint64_t t0 = bench_now_ns();
        virDomainPtr dom = virDomainCreateXML(conn, xml, 0);
        if (!dom)
            bench_die("start: %s", virGetLastErrorMessage());
        uint64_t t1 = bench_now_ns();
        if (wait_console(dom) < 0)
            bench_die("no console output from the container");
        uint64_t t2 = bench_now_ns();
        if (virDomainDestroy(dom) < 0)
            bench_die("destroy: %s", virGetLastErrorMessage());
        stop[i] = bench_now_ns() - t2;
        start[i] = t1 - t0;
        output[i] = t2 - t0;
        virDomainFree(dom);
    }
    double ms_start = bench_median(start, n) / 1e6;
    double ms_out = bench_median(output, n) / 1e6;
    double ms_stop = bench_median(stop, n) / 1e6;
    printf("container start   median %7.2f ms  (min %.2f)  target <= 50 ms  %s\n", ms_start,
           start[0] / 1e6, ms_start <= 50 ? "ok" : "MISSED");
    printf("  first output    median %7.2f ms  (min %.2f)  (start + init's echo on the console)\n",
           ms_out, output[0] / 1e6);
    printf("container destroy median %7.2f ms  (min %.2f)  target <= 50 ms  %s\n", ms_stop,
           stop[0] / 1e6, ms_stop <= 50 ? "ok" : "MISSED");
    virConnectClose(conn);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", root);
    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", root);
    g_free(start);
    g_free(output);
    g_free(stop);
    return 0;
}
