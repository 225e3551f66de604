/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-conf.c — parse + format of typical definitions.
 *
 *   bench-conf [--iters N] [--reps N]
 *
 * Times mv_*_def_parse followed by mv_*_def_format (and the free) for a
 * typical 40-line domain and for a network, a storage pool and a volume,
 * best of REPS runs of ITERS round trips, against the project's targets (bench/README.md).
 */
#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/conf-storage.h>

#include "bench-util.h"

#include <glib.h>

#include <stdio.h>
#include <stdlib.h>

static const char domain_xml[] =
    "<domain type='kvm'>\n"
    "  <name>web01</name>\n"
    "  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n"
    "  <memory unit='GiB'>4</memory>\n"
    "  <currentMemory unit='GiB'>4</currentMemory>\n"
    "  <vcpu placement='static'>2</vcpu>\n"
    "  <os>\n"
    "    <type arch='x86_64' machine='pc'>hvm</type>\n"
    "    <boot dev='hd'/>\n"
    "  </os>\n"
    "  <features>\n"
    "    <acpi/>\n"
    "    <apic/>\n"
    "  </features>\n"
    "  <cpu mode='host-model'/>\n"
    "  <clock offset='utc'/>\n"
    "  <on_poweroff>destroy</on_poweroff>\n"
    "  <on_reboot>restart</on_reboot>\n"
    "  <on_crash>destroy</on_crash>\n"
    "  <devices>\n"
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
    "    <disk type='file' device='disk'>\n"
    "      <driver name='qemu' type='qcow2'/>\n"
    "      <source file='/var/lib/images/web01.qcow2'/>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "    </disk>\n"
    "    <disk type='file' device='cdrom'>\n"
    "      <source file='/var/lib/images/install.iso'/>\n"
    "      <target dev='sda' bus='sata'/>\n"
    "      <readonly/>\n"
    "    </disk>\n"
    "    <interface type='network'>\n"
    "      <mac address='52:54:00:12:34:56'/>\n"
    "      <source network='default'/>\n"
    "      <model type='virtio'/>\n"
    "    </interface>\n"
    "    <console type='pty'/>\n"
    "    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>\n"
    "    <memballoon model='virtio'/>\n"
    "  </devices>\n"
    "</domain>\n";

static const char network_xml[] =
    "<network>\n"
    "  <name>default</name>\n"
    "  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>\n"
    "  <forward mode='nat'/>\n"
    "  <bridge name='virbr0' stp='on' delay='0'/>\n"
    "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
    "    <dhcp>\n"
    "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "</network>\n";

static const char pool_xml[] =
    "<pool type='dir'>\n"
    "  <name>images</name>\n"
    "  <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>\n"
    "  <target>\n"
    "    <path>/var/lib/images</path>\n"
    "  </target>\n"
    "</pool>\n";

static const char vol_xml[] =
    "<volume>\n"
    "  <name>web01.qcow2</name>\n"
    "  <capacity unit='GiB'>20</capacity>\n"
    "  <allocation unit='GiB'>0</allocation>\n"
    "  <target>\n"
    "    <format type='qcow2'/>\n"
    "  </target>\n"
    "</volume>\n";

static mv_storage_pool_def *pool;

/* One round trip per kind; each returns 0 or exits. */
static void check(void *def, char *out, const char *what)
{
    if (!def || !out)
        bench_die("%s: %s", what, virGetLastErrorMessage());
    free(out);
}

static void rt_domain(void)
{
    mv_domain_def *d = mv_domain_def_parse(domain_xml, NULL, 0);
    check(d, d ? mv_domain_def_format(d, 0) : NULL, "domain");
    mv_domain_def_free(d);
}

/* 4000 controllers written in reverse index order: the order libvirt
 * gives them (by type, then index) must not cost O(n^2). */
static char *many_xml;

static void rt_many(void)
{
    mv_domain_def *d = mv_domain_def_parse(many_xml, NULL, 0);
    check(d, d ? mv_domain_def_format(d, 0) : NULL, "domain with 4000 controllers");
    mv_domain_def_free(d);
}

static void make_many(void)
{
    GString *s = g_string_new("<domain type='test'><name>many</name>"
                              "<memory>131072</memory><os><type>hvm</type></os><devices>");
    for (int i = 1999; i >= 0; i--)
        g_string_append_printf(s, "<controller type='scsi' index='%d'/>"
                                  "<controller type='ide' index='%d'/>", i, i);
    g_string_append(s, "</devices></domain>");
    many_xml = g_string_free(s, FALSE);
}

static void rt_network(void)
{
    mv_network_def *d = mv_network_def_parse(network_xml, 0);
    check(d, d ? mv_network_def_format(d, 0) : NULL, "network");
    mv_network_def_free(d);
}

static void rt_pool(void)
{
    mv_storage_pool_def *d = mv_storage_pool_def_parse(pool_xml, 0);
    check(d, d ? mv_storage_pool_def_format(d, 0) : NULL, "pool");
    mv_storage_pool_def_free(d);
}

static void rt_vol(void)
{
    mv_storage_vol_def *d = mv_storage_vol_def_parse(pool, vol_xml, 0);
    check(d, d ? mv_storage_vol_def_format(pool, d, 0) : NULL, "volume");
    mv_storage_vol_def_free(d);
}

int main(int argc, char **argv)
{
    static const char *const names[] = { "--iters", "--reps", NULL };
    long values[] = { 20000, 5 };
    bench_options(argc, argv, "[--iters N] [--reps N]", names, values);
    pool = mv_storage_pool_def_parse(pool_xml, 0);
    if (!pool)
        bench_die("pool: %s", virGetLastErrorMessage());

    make_many();
    /* DIV: the case runs iters / DIV times (it is thousands of times larger). */
    static const struct {
        const char *name; void (*fn)(void); double target_us; long div;
    } cases[] = {
        { "domain (40 lines)", rt_domain, 25.0, 1 },
        { "domain, 4000 ctrls", rt_many, 20000.0, 1000 },
        { "network", rt_network, 10.0, 1 },
        { "storage pool", rt_pool, 10.0, 1 },
        { "storage volume", rt_vol, 10.0, 1 },
    };
    printf("%-20s %12s %12s  %s\n", "parse+format", "best us", "target us", "verdict");
    int fails = 0;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        double best = 1e30;
        long iters = values[0] / cases[c].div > 0 ? values[0] / cases[c].div : 1;
        for (long r = 0; r < values[1]; r++) {
            uint64_t t0 = bench_now_ns();
            for (long i = 0; i < iters; i++)
                cases[c].fn();
            double us = (double)(bench_now_ns() - t0) / 1000.0 / (double)iters;
            best = us < best ? us : best;
        }
        int ok = best <= cases[c].target_us;
        fails += !ok;
        printf("%-20s %12.2f %12.1f  %s\n", cases[c].name, best, cases[c].target_us,
               ok ? "ok" : "OVER TARGET");
    }
    mv_storage_pool_def_free(pool);
    g_free(many_xml);
    return fails ? 1 : 0;
}
