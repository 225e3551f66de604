/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-params.c — the two checks every call that carries
 * typed parameters makes, as libvirt's client makes them: a set sends at
 * most the protocol's limit, and a read's reply gives the count asked for
 * (0 parameters) or parameters that fit the caller's array. */
#include "remote.h"

#include <string.h>

bool mv_remote_params_fit(int nparams, int max)
{
    if (nparams > max) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "too many parameters: %d > %d", nparams, max);
        return false;
    }
    return true;
}

int mv_remote_params_take(virTypedParameter *got, uint32_t n, int count,
                          virTypedParameterPtr params, int *nparams)
{
    if (*nparams == 0) {
        virTypedParamsFree(got, (int)n);
        *nparams = count;
        return 0;
    }
    if (n > (uint32_t)*nparams) {
        virTypedParamsFree(got, (int)n);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "returned number of parameters exceeds limit");
        return -1;
    }
    if (n)
        memcpy(params, got, n * sizeof(*got));
    g_free(got);   /* the strings now belong to the caller's array */
    *nparams = (int)n;
    return 0;
}
