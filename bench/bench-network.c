/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-network.c — the bridge-net plugin's targets:
 * network start (bridge + dnsmasq + nft table) ≤ 150 ms and destroy
 * ≤ 50 ms, medians over --runs cycles of a nat network with DHCP, in a
 * temporary embed root. Run through run-netns.sh, which makes a network
 * namespace for it; without that it refuses to run. */
#include "bench-util.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    static const char *const names[] = { "--runs", NULL };
    long opts[] = { 51 };
    int first = bench_options(argc, argv, "bench-network [--runs N] [DIR]", names, opts);
    /* set by run-netns.sh: the bench creates bridges and nft tables */
    if (!g_getenv("MV_BENCH_NETNS"))
        bench_die("run bench-network inside a network namespace (bench/run-netns.sh does)");
    g_autofree char *root = g_build_filename(first < argc ? argv[first] : g_get_tmp_dir(),
                                             "bench-network-XXXXXX", NULL);
    if (!g_mkdtemp(root))
        bench_die("cannot make %s", root);
    g_autofree char *uri = g_strdup_printf("network:///embed?root=%s", root);
    virConnectPtr conn = virConnectOpen(uri);
    virNetworkPtr net = conn ? virNetworkDefineXML(conn,
        "<network><name>bench</name><forward mode='nat'/><bridge name='mvbench0'/>"
        "<ip address='10.123.0.1' netmask='255.255.255.0'><dhcp>"
        "<range start='10.123.0.10' end='10.123.0.250'/></dhcp></ip></network>") : NULL;
    if (!net)
        bench_die("cannot define a network on %s (MODVIRT_PLUGIN_DIR must hold bridge_net.so): %s",
                  uri, virGetLastErrorMessage());
    uint64_t *start = g_new(uint64_t, opts[0]);
    uint64_t *stop = g_new(uint64_t, opts[0]);
    for (long i = 0; i < opts[0]; i++) {
        uint64_t t0 = bench_now_ns();
        if (virNetworkCreate(net) < 0)
            bench_die("start: %s", virGetLastErrorMessage());
        uint64_t t1 = bench_now_ns();
        if (virNetworkDestroy(net) < 0)
            bench_die("destroy: %s", virGetLastErrorMessage());
        start[i] = t1 - t0;
        stop[i] = bench_now_ns() - t1;
    }
    double ms_start = bench_median(start, (size_t)opts[0]) / 1e6;
    double ms_stop = bench_median(stop, (size_t)opts[0]) / 1e6;
    printf("network start   median %7.2f ms  (min %.2f)  target <= 150 ms  %s\n", ms_start,
           start[0] / 1e6, ms_start <= 150 ? "ok" : "MISSED");
    printf("network destroy median %7.2f ms  (min %.2f)  target <= 50 ms   %s\n", ms_stop,
           stop[0] / 1e6, ms_stop <= 50 ? "ok" : "MISSED");
    virNetworkUndefine(net);
    virNetworkFree(net);
    virConnectClose(conn);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", root);
    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", root);
    g_free(start);
    g_free(stop);
    return ms_start <= 150 && ms_stop <= 50 ? 0 : 1;
}
