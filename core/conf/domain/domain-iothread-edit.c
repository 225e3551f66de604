/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-iothread-edit.c — a driver adding an I/O thread
 * to a definition or removing one, with libvirt's checks (its hypervisor-
 * common ones, hence VIR_FROM_DOMAIN): no id twice, no removal of a thread
 * that is not there or that a disk uses. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/error.h>

#include <string.h>

int mv_domain_iothread_can_add(const mv_domain_def *def, unsigned int id)
{
    if (!mv_domain_iothread_find(def, id))
        return 0;
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                    "an IOThread is already using iothread_id '%u'", id);
    return -1;
}

int mv_domain_iothread_can_del(const mv_domain_def *def, unsigned int id)
{
    if (!mv_domain_iothread_find(def, id)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                        "cannot find IOThread '%u' in iothreadids list", id);
        return -1;
    }
    for (size_t i = 0; i < def->devices->ndisks; i++)
        if (def->devices->disks[i]->iothread == id) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                            "cannot remove IOThread %u since it is being used by disk '%s'",
                            id, def->devices->disks[i]->dst);
            return -1;
        }
    return 0;
}

void mv_domain_iothread_add(mv_domain_def *def, unsigned int id)
{
    mv_domain_iothreads *t = def->iothreads;
    t->threads = g_renew(mv_domain_iothread, t->threads, t->nthreads + 1);
    t->threads[t->nthreads++] = (mv_domain_iothread){
        .id = id, .thread_pool_min = -1, .thread_pool_max = -1,
    };
}

void mv_domain_iothread_del(mv_domain_def *def, unsigned int id)
{
    mv_domain_iothreads *t = def->iothreads;
    mv_domain_iothread *th = mv_domain_iothread_find(def, id);
    if (!th)
        return;
    size_t at = (size_t)(th - t->threads);
    g_free(th->cpuset);
    memmove(th, th + 1, (t->nthreads - at - 1) * sizeof(*th));
    t->nthreads--;
}
