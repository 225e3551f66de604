/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-init.c — what starting the library costs, in a fresh process
 * per sample (initialization runs once per process).
 *
 *   bench-init [--runs N] [--plugins N] TRIVIAL.so TEST.so [IN-TREE.so...]
 *
 * The parent builds throw-away plugin directories (empty; links to the
 * in-tree modules; N distinct copies of trivial.so), then re-executes itself
 * with --child and MODVIRT_PLUGIN_DIR set, once per sample, with the plugin
 * cache warm (written by the warm-up run) or cold (removed before each
 * sample). The child times virInitialize() alone with CLOCK_MONOTONIC: with
 * a warm cache that is reading the cache and checking each file; with a
 * cold one it includes the plugin scanner. It then lists the plugins, which
 * loads every usable one, and prints "<ns> <loaded> <found>"; a sample where
 * not every plugin loaded is an error, so a broken setup cannot pass for a
 * fast one. With --child-open it times virConnectOpen("test:///default")
 * from a fresh process instead (initialization included): the cost a
 * process pays for the plugins it does not use, the test plugin alone
 * against every in-tree plugin installed.
 */
#include <libvirt/libvirt.h>
#include <modvirt/modvirt.h>

#include "bench-slots.h"
#include "bench-util.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET_WARM_200_US 1000.0
#define TARGET_OPEN_RATIO 1.10

static int child(void)
{
    uint64_t t0 = bench_now_ns();
    int rc = virInitialize();
    uint64_t t1 = bench_now_ns();
    int found = 0, loaded = 0;
    modvirt_plugin_info **list = modvirt_plugin_list(&found);
    for (int i = 0; i < found; i++)
        loaded += list[i]->loaded;
    modvirt_plugin_list_free(list);
    printf("%" PRIu64 " %d %d\n", t1 - t0, loaded, found);
    return rc < 0;
}

static int child_open(void)
{
    uint64_t t0 = bench_now_ns();
    virConnectPtr c = virConnectOpen("test:///default");
    uint64_t t1 = bench_now_ns();
    if (!c)
        return 1;
    virConnectClose(c);
    printf("%" PRIu64 " 1 1\n", t1 - t0);
    return 0;
}

/* Writes COUNT copies of the module TRIVIAL into DIR, each with the marker
 * (its plugin name and URI scheme) rewritten to trivial-0001, ... */
static void write_copies(const char *dir, const char *trivial, int count)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) err = NULL;
    if (!g_file_get_contents(trivial, &data, &len, &err))
        bench_die("%s", err->message);
    size_t mlen = strlen(TRIVIAL_MARK);
    GArray *at = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (char *p = data; (p = memmem(p, len - (size_t)(p - data), TRIVIAL_MARK, mlen)); p += mlen) {
        size_t off = (size_t)(p - data);
        g_array_append_val(at, off);
    }
    if (at->len == 0)
        bench_die("%s: marker %s not found", trivial, TRIVIAL_MARK);
    for (int i = 1; i <= count; i++) {
        char name[32];
        snprintf(name, sizeof(name), "trivial-%04d", i);
        for (guint k = 0; k < at->len; k++)
            memcpy(data + g_array_index(at, size_t, k), name, mlen);
        g_autofree char *file = g_strdup_printf("%s/%s.so", dir, name);
        if (!g_file_set_contents(file, data, (gssize)len, &err))
            bench_die("%s", err->message);
    }
    g_array_free(at, TRUE);
}

typedef struct {
    const char *label;
    int plugins;
    bool cold;
    double median_us, min_us;
} init_case;

/* Runs RUNS samples (after one warm-up) of MODE with MODVIRT_PLUGIN_DIR=DIR
 * and the plugin cache next to it, removed before each sample when cold. */
static void measure(init_case *c, const char *dir, const char *mode, int runs)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    char *argv[] = { self, (char *)mode, NULL };
    g_autofree char *cache = g_strdup_printf("%s.cache", dir);
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "MODVIRT_PLUGIN_DIR", dir, TRUE);
    env = g_environ_setenv(env, "MODVIRT_PLUGIN_CACHE", cache, TRUE);
    uint64_t *ns = g_new(uint64_t, runs);
    for (int r = -1; r < runs; r++) {
        g_autofree char *out = NULL;
        g_autoptr(GError) err = NULL;
        int status = 0, loaded = -1, found = -1;
        uint64_t t = 0;
        if (c->cold)
            g_unlink(cache);
        if (!g_spawn_sync(NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &err))
            bench_die("cannot run %s: %s", self, err->message);
        if (!g_spawn_check_wait_status(status, NULL) ||
            sscanf(out, "%" SCNu64 " %d %d", &t, &loaded, &found) != 3 ||
            loaded != c->plugins || found != c->plugins)
            bench_die("%s: child failed or loaded %d of %d plugins (expected %d): %s",
                      c->label, loaded, found, c->plugins, out ? out : "");
        if (r >= 0)
            ns[r] = t;
    }
    g_unlink(cache);
    c->median_us = bench_median(ns, (size_t)runs) / 1000.0;
    c->min_us = (double)ns[0] / 1000.0;
    g_free(ns);
}

static const char *verdict(double value, double target)
{
    return value <= target ? "ok" : "OVER TARGET";
}

static void print_cases(const char *title, const init_case *cases, size_t n, int runs)
{
    printf("%s, %d runs per case\n", title, runs);
    printf("  %-34s %7s %11s %11s\n", "case", "plugins", "median µs", "min µs");
    for (size_t i = 0; i < n; i++)
        printf("  %-34s %7d %11.1f %11.1f\n", cases[i].label, cases[i].plugins,
               cases[i].median_us, cases[i].min_us);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--child") == 0)
        return child();
    if (argc == 2 && strcmp(argv[1], "--child-open") == 0)
        return child_open();

    static const char usage[] = "[--runs N] [--plugins 2..9999] TRIVIAL.so TEST.so [IN-TREE.so...]";
    long opt[] = { 30, 200 };  /* runs, plugins */
    int a = bench_options(argc, argv, usage, (const char *const[]){ "--runs", "--plugins", NULL }, opt);
    int runs = (int)opt[0], count = (int)opt[1];
    if (a + 1 >= argc || count < 2 || count > 9999)
        bench_die("usage: %s %s", argv[0], usage);
    const char *trivial = argv[a], *test = argv[a + 1];
    int intree = argc - a - 2;
    char **intree_files = argv + a + 2;

    init_case cases[] = {
        { "empty plugin directory", 0, false, 0, 0 },
        { "in-tree plugins, warm cache", intree, false, 0, 0 },
        { "in-tree plugins, cold cache", intree, true, 0, 0 },
        { "trivial plugins, half, warm cache", count / 2, false, 0, 0 },
        { "trivial plugins, warm cache", count, false, 0, 0 },
        { "trivial plugins, cold cache", count, true, 0, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *dir = bench_dir_new(trivial);
        if (i == 1 || i == 2)
            for (int k = 0; k < intree; k++)
                bench_dir_link(dir, intree_files[k]);
        else if (i >= 3)
            write_copies(dir, trivial, cases[i].plugins);
        measure(&cases[i], dir, "--child", runs);
        bench_dir_free(dir);
    }
    init_case opens[] = {
        { "test plugin only", 1, false, 0, 0 },
        { "every in-tree plugin installed", 1, false, 0, 0 },
    };
    /* Without the test plugin (built with -Dtest_driver=disabled) there is
     * nothing to open. */
    bool have_test = g_str_has_suffix(test, "/test_driver.so");
    for (size_t i = 0; have_test && i < G_N_ELEMENTS(opens); i++) {
        char *dir = bench_dir_new(trivial);
        if (i == 0)
            bench_dir_link(dir, test);
        else
            for (int k = 0; k < intree; k++)
                bench_dir_link(dir, intree_files[k]);
        measure(&opens[i], dir, "--child-open", runs);
        bench_dir_free(dir);
    }

    print_cases("virInitialize() in a fresh process", cases, G_N_ELEMENTS(cases), runs);
    for (int k = 0; k < intree; k++)
        printf("  in-tree: %s\n", intree_files[k]);
    if (have_test)
        print_cases("virConnectOpen(\"test:///default\") in a fresh process, warm cache", opens,
                    G_N_ELEMENTS(opens), runs);
    double per = (cases[4].median_us - cases[0].median_us) / count;
    printf("per added plugin, warm cache: %.2f µs (median, (%d - 0)/%d)\n", per, count, count);
    printf("%d plugins, warm cache: %.1f µs (median; target <= %.0f µs: %s)\n", count,
           cases[4].median_us, TARGET_WARM_200_US, verdict(cases[4].median_us, TARGET_WARM_200_US));
    if (!have_test)
        return 0;
    double ratio = opens[1].median_us / opens[0].median_us;
    printf("open with every in-tree plugin / test plugin only: %.3f (target <= %.2f: %s)\n",
           ratio, TARGET_OPEN_RATIO, verdict(ratio, TARGET_OPEN_RATIO));
    return 0;
}
