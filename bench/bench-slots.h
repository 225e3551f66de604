/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-slots.h — the driver slots bench-dispatch times.
 *
 * Compiled into bench-driver.so (reached through the public API) and into
 * bench-dispatch itself (called through a plain function pointer, the
 * floor), so both paths end in the same code. TRIVIAL_MARK is the name and
 * scheme of trivial.so, rewritten per copy by bench-init.
 */
#ifndef BENCH_SLOTS_H
#define BENCH_SLOTS_H

#include <libvirt/libvirt.h>

#define TRIVIAL_MARK "trivial-0000"

static inline int bench_slot_get_version(virConnectPtr conn, unsigned long *ver)
{
    *ver = 1000000;
    return 0;
}

static inline int bench_slot_is_active(virDomainPtr dom)
{
    return 1;
}

#endif
