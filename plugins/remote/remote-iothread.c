/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-iothread.c — a domain's I/O threads over RPC: the
 * reply's list of threads becomes the caller's array of entries (each
 * freed with virDomainIOThreadInfoFree), a pin carries the caller's map,
 * and a thread's parameters go as typed parameters (at most libvirt's 64). */
#include "remote.h"

#include <stdlib.h>
#include <string.h>

int mv_remote_domain_get_iothread_info(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                       unsigned int flags)
{
    mv_remote_domain_get_iothread_info_args a;
    mv_remote_domain_get_iothread_info_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_GET_IOTHREAD_INFO,
                       mv_remote_domain_get_iothread_info_args_xdr, &a,
                       mv_remote_domain_get_iothread_info_ret_xdr, &r) < 0)
        return -1;
    uint32_t n = r.info.n;
    int rc = (int)r.ret;
    if (n > MV_REMOTE_IOTHREAD_INFO_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                        "Too many IOThreads in info: %u for limit %d", n,
                        MV_REMOTE_IOTHREAD_INFO_MAX);
        rc = -1;
    } else if (n) {
        virDomainIOThreadInfoPtr *out = calloc(n, sizeof(*out));
        for (uint32_t i = 0; out && i < n; i++) {
            out[i] = calloc(1, sizeof(*out[i]));
            if (!out[i])
                break;
            out[i]->iothread_id = r.info.v[i].iothread_id;
            out[i]->cpumaplen = (int)r.info.v[i].cpumap.n;
            out[i]->cpumap = malloc(r.info.v[i].cpumap.n ? r.info.v[i].cpumap.n : 1);
            if (out[i]->cpumap)
                memcpy(out[i]->cpumap, r.info.v[i].cpumap.v, r.info.v[i].cpumap.n);
        }
        bool complete = out != NULL;
        for (uint32_t i = 0; out && i < n; i++)
            complete = complete && out[i] && out[i]->cpumap;
        if (!complete) {
            for (uint32_t i = 0; out && i < n; i++)
                virDomainIOThreadInfoFree(out[i]);
            free(out);
            mv_error_report(VIR_FROM_RPC, VIR_ERR_NO_MEMORY, "out of memory");
            rc = -1;
        } else {
            *info = out;
        }
    }
    mv_xdr_free(mv_remote_domain_get_iothread_info_ret_xdr, &r);
    return rc;
}

int mv_remote_domain_pin_iothread(virDomainPtr dom, unsigned int iothread_id,
                                  unsigned char *cpumap, int maplen, unsigned int flags)
{
    if (maplen > MV_REMOTE_CPUMAP_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "map length greater than maximum: %d > %d",
                        maplen, MV_REMOTE_CPUMAP_MAX);
        return -1;
    }
    mv_remote_domain_pin_iothread_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.iothreads_id = iothread_id;
    a.cpumap.n = (uint32_t)maplen;
    a.cpumap.v = cpumap;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_PIN_IOTHREAD,
                          mv_remote_domain_pin_iothread_args_xdr, &a, mv_remote_void_xdr, NULL);
}

int mv_remote_domain_set_iothread_params(virDomainPtr dom, unsigned int iothread_id,
                                         virTypedParameterPtr params, int nparams,
                                         unsigned int flags)
{
    if (!mv_remote_params_fit(nparams, MV_REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX))
        return -1;
    mv_remote_domain_set_iothread_params_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.iothread_id = iothread_id;
    a.params.n = (uint32_t)nparams;
    a.params.v = params;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_SET_IOTHREAD_PARAMS,
                          mv_remote_domain_set_iothread_params_args_xdr, &a, mv_remote_void_xdr,
                          NULL);
}
