/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain-sched.c — libvirt's scheduler calls on domains: the
 * scheduler's name and its parameters, read and set as typed parameters.
 * Drivers serve them with three slots; the calls without flags pass 0,
 * and the Flags reads add VIR_TYPED_PARAM_STRING_OKAY, as libvirt does for
 * drivers that take string parameters (all of modvirt's do). */
#include "core/api/api-internal.h"

#include <string.h>

#define MV_FROM_THIS VIR_FROM_DOMAIN

char *virDomainGetSchedulerType(virDomainPtr domain, int *nparams)
{
    MV_API_DOMAIN(domain, NULL);
    int unused = 0;
    MV_API_DISPATCH(hv, domainGetSchedulerType, (domain, nparams ? nparams : &unused), NULL);
}

/* The arguments libvirt checks before a read: PARAMS and NPARAMS given,
 * *NPARAMS above zero. */
static bool read_args_ok(virConnectPtr conn, virTypedParameterPtr params, int *nparams,
                         const char *func)
{
    if (!params || !nparams) {
        mv_api_null_arg(conn, MV_FROM_THIS, !params ? "params" : "nparams", func);
        return false;
    }
    if (*nparams <= 0) {
        mv_api_bad_arg(conn, MV_FROM_THIS, func, "nparams in %s must be greater than zero",
                       func);
        return false;
    }
    return true;
}

/* What libvirt checks before a set: PARAMS given (unless none), NPARAMS
 * not negative, and every field name terminated within its field. */
static bool set_args_ok(virConnectPtr conn, virTypedParameterPtr params, int nparams,
                        const char *func)
{
    if (!params) {
        mv_api_null_arg(conn, MV_FROM_THIS, "params", func);
        return false;
    }
    if (nparams < 0) {
        mv_api_bad_arg(conn, MV_FROM_THIS, func, "nparams in %s must be zero or greater", func);
        return false;
    }
    return MV_API_PARAM_NAMES_OK(conn, params, nparams, func);
}

int virDomainGetSchedulerParameters(virDomainPtr domain, virTypedParameterPtr params,
                                    int *nparams)
{
    MV_API_DOMAIN(domain, -1);
    if (!read_args_ok(conn_, params, nparams, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetSchedulerParametersFlags, (domain, params, nparams, 0));
}

int virDomainGetSchedulerParametersFlags(virDomainPtr domain, virTypedParameterPtr params,
                                         int *nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    if (!read_args_ok(conn_, params, nparams, __func__))
        return -1;
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, __func__))
        return -1;
    flags |= VIR_TYPED_PARAM_STRING_OKAY;
    MV_API_DISPATCH_INT(hv, domainGetSchedulerParametersFlags, (domain, params, nparams, flags));
}

int virDomainSetSchedulerParameters(virDomainPtr domain, virTypedParameterPtr params,
                                    int nparams)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (!set_args_ok(conn_, params, nparams, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainSetSchedulerParametersFlags, (domain, params, nparams, 0));
}

int virDomainSetSchedulerParametersFlags(virDomainPtr domain, virTypedParameterPtr params,
                                         int nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (!set_args_ok(conn_, params, nparams, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainSetSchedulerParametersFlags, (domain, params, nparams, flags));
}
