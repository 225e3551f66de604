/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-util.h — what both benchmarks share: a monotonic clock,
 * statistics over samples, and throw-away plugin directories.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

uint64_t bench_now_ns(void);

/* Sorts SAMPLES in place; returns the median (the min is then samples[0]). */
double bench_median(uint64_t *samples, size_t n);

/* A new empty directory next to the module NEAR (so it sits on a file system
 * where the build's modules can be mapped executable). Exits on failure. */
char *bench_dir_new(const char *near);

/* Symlinks FILE into DIR under its own base name. Exits on failure. */
void bench_dir_link(const char *dir, const char *file);

/* Removes DIR and the files in it, then frees DIR. */
void bench_dir_free(char *dir);

/* Parses leading "--NAME N" options: NAMES is NULL-terminated ("--runs"),
 * VALUES holds their defaults and receives positive integers. Dies with
 * USAGE on anything else; returns the index of the first operand. */
int bench_options(int argc, char **argv, const char *usage,
                  const char *const *names, long *values);

/* Prints the message and exits with status 2 (an error, not a result). */
void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
