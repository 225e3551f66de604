/* bench/bench-init.c — what virInitialize costs, in a fresh process per
 * sample (it runs once per process).
 *
 *   bench-init [--runs N] [--plugins N] TRIVIAL.so [IN-TREE.so...]
 *
 * The parent builds throw-away plugin directories (empty; links to the
 * in-tree modules; N distinct copies of trivial.so), then re-executes itself
 * with --child and MODVIRT_PLUGIN_DIR set, once per sample. The child times
 * virInitialize() alone with CLOCK_MONOTONIC and prints
 * "<ns> <loaded> <found>"; a sample where not every plugin loaded is an
 * error, so a broken setup cannot pass for a fast one.
 */
#include <libvirt/libvirt.h>
#include <modvirt/modvirt.h>

#include "bench-slots.h"
#include "bench-util.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET_INIT_US 3000.0
#define TARGET_PER_PLUGIN_US 100.0

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
    double median_us, min_us;
} init_case;

/* Runs RUNS samples (after one warm-up) with MODVIRT_PLUGIN_DIR=DIR. */
static void measure(init_case *c, const char *dir, int runs)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    char *argv[] = { self, (char *)"--child", NULL };
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "MODVIRT_PLUGIN_DIR", dir, TRUE);
    uint64_t *ns = g_new(uint64_t, runs);
    for (int r = -1; r < runs; r++) {
        g_autofree char *out = NULL;
        g_autoptr(GError) err = NULL;
        int status = 0, loaded = -1, found = -1;
        uint64_t t = 0;
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
    c->median_us = bench_median(ns, (size_t)runs) / 1000.0;
    c->min_us = (double)ns[0] / 1000.0;
    g_free(ns);
}

static const char *verdict(double value, double target)
{
    return value <= target ? "ok" : "OVER TARGET";
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--child") == 0)
        return child();

    static const char usage[] = "[--runs N] [--plugins 2..9999] TRIVIAL.so [IN-TREE.so...]";
    long opt[] = { 30, 200 };  /* runs, plugins */
    int a = bench_options(argc, argv, usage, (const char *const[]){ "--runs", "--plugins", NULL }, opt);
    int runs = (int)opt[0], count = (int)opt[1];
    if (a >= argc || count < 2 || count > 9999)
        bench_die("usage: %s %s", argv[0], usage);
    const char *trivial = argv[a];
    int intree = argc - a - 1;

    init_case cases[] = {
        { "empty plugin directory", 0, 0, 0 },
        { "in-tree plugins", intree, 0, 0 },
        { "trivial plugins, half", count / 2, 0, 0 },
        { "trivial plugins", count, 0, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *dir = bench_dir_new(trivial);
        if (i == 1)
            for (int k = 0; k < intree; k++)
                bench_dir_link(dir, argv[a + 1 + k]);
        else if (i >= 2)
            write_copies(dir, trivial, cases[i].plugins);
        measure(&cases[i], dir, runs);
        bench_dir_free(dir);
    }

    printf("virInitialize() in a fresh process, %d runs per case\n", runs);
    printf("  %-26s %7s %11s %11s\n", "case", "plugins", "median µs", "min µs");
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        printf("  %-26s %7d %11.1f %11.1f\n", cases[i].label, cases[i].plugins,
               cases[i].median_us, cases[i].min_us);
    for (int k = 0; k < intree; k++)
        printf("  in-tree: %s\n", argv[a + 1 + k]);
    double per = (cases[3].median_us - cases[0].median_us) / count;
    double per_half = (cases[3].median_us - cases[2].median_us) / (count - count / 2);
    printf("per added plugin: %.1f µs (median, (%d - 0)/%d; target <= %.0f µs: %s)\n",
           per, count, count, TARGET_PER_PLUGIN_US, verdict(per, TARGET_PER_PLUGIN_US));
    printf("per added plugin from %d to %d: %.1f µs (above the line before: cost grows with plugins already loaded)\n",
           count / 2, count, per_half);
    printf("in-tree init: %.1f µs (median; target <= %.0f µs: %s)\n", cases[1].median_us,
           TARGET_INIT_US, verdict(cases[1].median_us, TARGET_INIT_US));
    return 0;
}
