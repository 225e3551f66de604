/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup-memtune.c — a running guest's memory tunables in its
 * cgroup, read and changed as libvirt reads and changes them: the hard
 * limit (memory.limit_in_bytes; v2 memory.max), the soft limit
 * (memory.soft_limit_in_bytes; v2 memory.high) and the swap limit
 * (memory.memsw.limit_in_bytes, memory plus swap; v2 memory.swap.max). A
 * value as large as the kernel's "no limit" (or v2's "max") reads as
 * MV_DOMAIN_MEMORY_UNLIMITED, which is written as -1 (v2 "max"). */
#include "mv-config.h"
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/error.h>

#include <stdio.h>
#include <string.h>

/* v1's "no limit" is LLONG_MAX rounded down to a page: anything from
 * there up, in KiB, is unlimited. */
#define V1_UNLIMITED_KIB ((9223372036854775807ULL - 65535ULL) >> 10)

enum { HARD, SOFT, SWAP, NLIMITS };

static const char *const v1_files[NLIMITS] = {
    "memory.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.memsw.limit_in_bytes",
};
static const char *const v2_files[NLIMITS] = { "memory.max", "memory.high", "memory.swap.max" };

static const char *memory_dir(mv_cgroup *cg, int from)
{
    const char *dir = cg ? cg->dir[MV_CGROUP_MEMORY] : NULL;
    if (!dir)
        mv_error_report(from, VIR_ERR_OPERATION_INVALID, "cgroup memory controller is not mounted");
    return dir;
}

/* Limit WHICH in KiB; -1 with an error when its file cannot be read (a
 * v1 host without swap accounting has no memsw file: unlimited). */
static int read_limit(mv_cgroup *cg, const char *dir, int which, unsigned long long *kib)
{
    bool v2 = cg->v2[MV_CGROUP_MEMORY];
    g_autofree char *path = g_build_filename(dir, v2 ? v2_files[which] : v1_files[which], NULL);
    if (!v2 && which == SWAP && !g_file_test(path, G_FILE_TEST_EXISTS)) {
        *kib = MV_DOMAIN_MEMORY_UNLIMITED;
        return 0;
    }
    g_autofree char *text = mv_cgroup_read(path);
    if (!text) {
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_INTERNAL_ERROR, "Unable to read from '%s'", path);
        return -1;
    }
    if (!strcmp(text, "max")) {
        *kib = MV_DOMAIN_MEMORY_UNLIMITED;
        return 0;
    }
    char *end;
    unsigned long long bytes = g_ascii_strtoull(text, &end, 10);
    if (end == text || *end) {
        mv_error_report(VIR_FROM_CGROUP, VIR_ERR_INTERNAL_ERROR,
                        "Unable to parse '%s' as an integer", text);
        return -1;
    }
    *kib = bytes >> 10;
    if (*kib >= V1_UNLIMITED_KIB)
        *kib = MV_DOMAIN_MEMORY_UNLIMITED;
    return 0;
}

static int write_limit(mv_cgroup *cg, const char *dir, int which, unsigned long long kib)
{
    bool v2 = cg->v2[MV_CGROUP_MEMORY];
    char buf[32];
    if (kib >= MV_DOMAIN_MEMORY_UNLIMITED)
        g_strlcpy(buf, v2 ? "max" : "-1", sizeof(buf));
    else
        snprintf(buf, sizeof(buf), "%llu", kib << 10);
    return mv_cgroup_set(dir, v2 ? v2_files[which] : v1_files[which], buf);
}

int mv_cgroup_get_memtune(mv_cgroup *cg, int from, mv_domain_memtune *m)
{
    const char *dir = memory_dir(cg, from);
    if (!dir)
        return -1;
    if (read_limit(cg, dir, HARD, &m->hard_limit) < 0 ||
        read_limit(cg, dir, SOFT, &m->soft_limit) < 0 ||
        read_limit(cg, dir, SWAP, &m->swap_hard_limit) < 0)
        return -1;
    return 0;
}

/* libvirt's order: the soft limit first (it clashes with nothing), a
 * lower hard limit before the swap limit, a higher one after it (v1 keeps
 * memory plus swap at or above memory). */
int mv_cgroup_set_memtune(mv_cgroup *cg, int from, mv_domain_memtune *live,
                          const mv_domain_memtune *want, bool hard, bool soft, bool swap)
{
    const char *dir = memory_dir(cg, from);
    if (!dir)
        return -1;
    if (soft) {
        if (write_limit(cg, dir, SOFT, want->soft_limit) < 0)
            return -1;
        live->soft_limit = want->soft_limit;
    }
    if (hard && live->hard_limit > want->hard_limit) {
        if (write_limit(cg, dir, HARD, want->hard_limit) < 0)
            return -1;
        live->hard_limit = want->hard_limit;
        hard = false;
    }
    if (swap) {
        if (write_limit(cg, dir, SWAP, want->swap_hard_limit) < 0)
            return -1;
        live->swap_hard_limit = want->swap_hard_limit;
    }
    if (hard) {
        if (write_limit(cg, dir, HARD, want->hard_limit) < 0)
            return -1;
        live->hard_limit = want->hard_limit;
    }
    return 0;
}
