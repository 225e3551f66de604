/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-util.c — clock, statistics and temporary plugin directories
 * shared by bench-init and bench-dispatch. */
#include "bench-util.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

double bench_median(uint64_t *samples, size_t n)
{
    qsort(samples, n, sizeof(*samples), cmp_u64);
    return n % 2 ? (double)samples[n / 2]
                 : ((double)samples[n / 2 - 1] + (double)samples[n / 2]) / 2;
}

void bench_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

int bench_options(int argc, char **argv, const char *usage,
                  const char *const *names, long *values)
{
    int a = 1;
    for (; a < argc && strncmp(argv[a], "--", 2) == 0; a += 2) {
        size_t k = 0;
        while (names[k] && strcmp(names[k], argv[a]) != 0)
            k++;
        char *end = NULL;
        if (!names[k] || a + 1 >= argc ||
            (values[k] = strtol(argv[a + 1], &end, 10)) < 1 || *end)
            bench_die("usage: %s %s", argv[0], usage);
    }
    return a;
}

char *bench_dir_new(const char *near)
{
    g_autofree char *parent = g_path_get_dirname(near);
    char *dir = g_build_filename(parent, "bench-plugins-XXXXXX", NULL);
    if (!g_mkdtemp(dir))
        bench_die("cannot create a directory in %s: %s", parent, g_strerror(errno));
    return dir;
}

void bench_dir_link(const char *dir, const char *file)
{
    g_autofree char *abs = g_canonicalize_filename(file, NULL);
    g_autofree char *base = g_path_get_basename(file);
    g_autofree char *link = g_build_filename(dir, base, NULL);
    if (symlink(abs, link) < 0)
        bench_die("cannot link %s: %s", link, g_strerror(errno));
}

void bench_dir_free(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *ent;
    while (d && (ent = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, ent, NULL);
        g_unlink(path);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
    g_free(dir);
}
