/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup-read.h — the core's own reading of a cgroup file, for
 * the callers that report its failure (the block I/O tunables and the
 * statistics). */
#ifndef MV_CORE_UTIL_CGROUP_READ_H
#define MV_CORE_UTIL_CGROUP_READ_H

/* PATH's whole text (g_free it), or NULL with libvirt's "Unable to read
 * from 'PATH'" system error under VIR_FROM_CGROUP. */
char *mv_cgroup_read_text(const char *path);

#endif
