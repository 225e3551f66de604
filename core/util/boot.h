/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/boot.h — the once-per-boot records of a driver's run
 * directory (boot.c), by directory: for the per-root driver state, which
 * knows its directories, and for the URI-based plugin API. */
#ifndef MV_UTIL_BOOT_H
#define MV_UTIL_BOOT_H

/* 1 to the first caller of this host boot for RUN_DIR, 0 after; -1 with an
 * error when the record cannot be read or written. */
int mv_boot_autostart_claim_in(const char *run_dir);

/* The next domain id of this boot for RUN_DIR (1, 2, ...), or -1 with an
 * error. */
int mv_boot_next_id_in(const char *run_dir);

#endif
