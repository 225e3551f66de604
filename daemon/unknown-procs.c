/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/unknown-procs.c — the answer to a procedure this daemon has no
 * entry for. libvirt 9.0's remote program numbers its procedures 1 to
 * MVD_LIBVIRT_LAST_PROC without gaps; a client may send any of them, and
 * libvirtd runs each on a driver that may not have it: the client then gets
 * VIR_ERR_NO_SUPPORT naming the public function (which virsh, for one,
 * expects for optional queries). Numbers beyond are libvirt's "unknown
 * procedure". The names below are those of the functions real clients ask
 * for in their usual commands; others are named by number. */
#include "daemon.h"

#define MVD_LIBVIRT_LAST_PROC 443

static const struct {
    int num;
    const char *function;
    int from;
} known[] = {
#include "unknown-procs.inc"
};

void mvd_report_unknown_proc(int proc)
{
    if (proc < 1 || proc > MVD_LIBVIRT_LAST_PROC) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "unknown procedure: %d", proc);
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        if (known[i].num == proc) {
            mv_error_report(known[i].from, VIR_ERR_NO_SUPPORT, "%s", known[i].function);
            return;
        }
    }
    mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_SUPPORT, "remote procedure %d", proc);
}
