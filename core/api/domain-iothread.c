/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain-iothread.c — libvirt's calls on a domain's I/O threads:
 * their list with each thread's CPU map, pinning one, adding and removing
 * one, and setting a thread's polling and pool parameters. The argument
 * checks are libvirt's entry points' (codes, texts and order); all but the
 * list are refused on read-only connections. */
#include "core/api/api-internal.h"

#include <stdlib.h>
#include <string.h>

#define MV_FROM_THIS VIR_FROM_DOMAIN

void virDomainIOThreadInfoFree(virDomainIOThreadInfoPtr info)
{
    if (!info)
        return;
    free(info->cpumap);
    free(info);
}

int virDomainGetIOThreadInfo(virDomainPtr domain, virDomainIOThreadInfoPtr **info,
                             unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(info, -1);
    *info = NULL;
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetIOThreadInfo, (domain, info, flags));
}

int virDomainPinIOThread(virDomainPtr domain, unsigned int iothread_id, unsigned char *cpumap,
                         int maplen, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    MV_API_NONNULL(cpumap, -1);
    if (maplen <= 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "maplen in %s must be greater than zero",
                       __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainPinIOThread, (domain, iothread_id, cpumap, maplen, flags));
}

int virDomainAddIOThread(virDomainPtr domain, unsigned int iothread_id, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainAddIOThread,
                    (domain, iothread_id, flags));
}

/* Unlike the addition, libvirt refuses thread 0 here, before the driver. */
int virDomainDelIOThread(virDomainPtr domain, unsigned int iothread_id, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (iothread_id == 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "iothread_id in %s must not be zero",
                       __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainDelIOThread, (domain, iothread_id, flags));
}

int virDomainSetIOThreadParams(virDomainPtr domain, unsigned int iothread_id,
                               virTypedParameterPtr params, int nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    MV_API_NONNULL(params, -1);
    if (nparams <= 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "nparams in %s must be greater than zero",
                       __func__);
        return -1;
    }
    if (!MV_API_PARAM_NAMES_OK(conn_, params, nparams, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainSetIOThreadParams,
                        (domain, iothread_id, params, nparams, flags));
}
