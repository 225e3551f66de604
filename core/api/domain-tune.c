/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain-tune.c — libvirt's memory and block I/O tunables of a
 * domain (the <memtune> limits and the <blkiotune> weights and throttles),
 * read and set as typed parameters. The reads take libvirt's "how many"
 * query (NULL PARAMS, *NPARAMS 0) and always add
 * VIR_TYPED_PARAM_STRING_OKAY (every modvirt driver takes strings); the
 * sets are refused on read-only connections. Argument checks are
 * libvirt's, in libvirt's order. */
#include "core/api/api-internal.h"

#include <string.h>

#define MV_FROM_THIS VIR_FROM_DOMAIN

/* What a read checks: NPARAMS given and not negative, PARAMS given unless
 * *NPARAMS is 0, and not both LIVE and CONFIG. */
static bool read_args_ok(virConnectPtr conn, virTypedParameterPtr params, int *nparams,
                         unsigned int flags, const char *func)
{
    if (!nparams) {
        mv_api_null_arg(conn, MV_FROM_THIS, "nparams", func);
        return false;
    }
    if (*nparams < 0) {
        mv_api_bad_arg(conn, MV_FROM_THIS, func, "*nparams in %s must be zero or greater",
                       func);
        return false;
    }
    if (*nparams != 0 && !params) {
        mv_api_null_arg(conn, MV_FROM_THIS, "params", func);
        return false;
    }
    if (MV_API_EXCLUSIVE(conn, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, func))
        return false;
    return true;
}

int virDomainSetMemoryParameters(virDomainPtr domain, virTypedParameterPtr params,
                                 int nparams, unsigned int flags)
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
    MV_API_DISPATCH_INT(hv, domainSetMemoryParameters, (domain, params, nparams, flags));
}

int virDomainGetMemoryParameters(virDomainPtr domain, virTypedParameterPtr params,
                                 int *nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    flags |= VIR_TYPED_PARAM_STRING_OKAY;
    if (!read_args_ok(conn_, params, nparams, flags, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetMemoryParameters, (domain, params, nparams, flags));
}

int virDomainSetBlkioParameters(virDomainPtr domain, virTypedParameterPtr params,
                                int nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    MV_API_NONNULL(params, -1);
    if (nparams < 0) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "nparams in %s must be zero or greater",
                       __func__);
        return -1;
    }
    if (!MV_API_PARAM_NAMES_OK(conn_, params, nparams, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainSetBlkioParameters, (domain, params, nparams, flags));
}

int virDomainGetBlkioParameters(virDomainPtr domain, virTypedParameterPtr params,
                                int *nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    flags |= VIR_TYPED_PARAM_STRING_OKAY;
    if (!read_args_ok(conn_, params, nparams, flags, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetBlkioParameters, (domain, params, nparams, flags));
}
