/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-iothread.c — a domain's I/O threads for clients: the list of
 * threads with their CPU maps (refused beyond libvirt's 16384 threads), a
 * thread's pin, and its polling parameters as typed parameters. */
#include "daemon.h"

#include <stdlib.h>

static virDomainPtr domain_of(virConnectPtr conn, mv_remote_domain *wire)
{
    if (!mvd_need_conn(conn))
        return NULL;
    return mv_remote_domain_get(conn, wire);
}

int mv_rpcd_custom_domain_get_iothread_info(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                            void *ret)
{
    (void)call;
    mv_remote_domain_get_iothread_info_args *a = args;
    mv_remote_domain_get_iothread_info_ret *r = ret;
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    virDomainIOThreadInfoPtr *info = NULL;
    int n = virDomainGetIOThreadInfo(dom, &info, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (n < 0)
        return -1;
    int rc = 0;
    if (n > MV_REMOTE_IOTHREAD_INFO_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                        "Too many IOThreads in info: %d for limit %d", n,
                        MV_REMOTE_IOTHREAD_INFO_MAX);
        rc = -1;
    }
    if (rc == 0) {
        /* The maps move to the reply, which frees them. */
        r->info.n = (uint32_t)n;
        r->info.v = g_new0(mv_remote_domain_iothread_info, n ? n : 1);
        for (int i = 0; i < n; i++) {
            r->info.v[i].iothread_id = info[i]->iothread_id;
            r->info.v[i].cpumap.n = (uint32_t)info[i]->cpumaplen;
            r->info.v[i].cpumap.v = g_memdup2(info[i]->cpumap, (gsize)info[i]->cpumaplen);
        }
        r->ret = (uint32_t)n;
    }
    for (int i = 0; i < n; i++)
        virDomainIOThreadInfoFree(info[i]);
    free(info);
    return rc;
}

int mv_rpcd_custom_domain_pin_iothread(mv_rpcd_call *call, virConnectPtr conn, void *args,
                                       void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_pin_iothread_args *a = args;
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    unsigned char none = 0;
    int rc = virDomainPinIOThread(dom, a->iothreads_id, a->cpumap.v ? a->cpumap.v : &none,
                                  (int)a->cpumap.n, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc;
}

int mv_rpcd_custom_domain_set_iothread_params(mv_rpcd_call *call, virConnectPtr conn,
                                              void *args, void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_set_iothread_params_args *a = args;
    virDomainPtr dom = domain_of(conn, &a->dom);
    if (!dom)
        return -1;
    virTypedParameter none;
    int rc = virDomainSetIOThreadParams(dom, a->iothread_id, a->params.n ? a->params.v : &none,
                                        (int)a->params.n, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc;
}
