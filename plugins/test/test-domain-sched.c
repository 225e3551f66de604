/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-sched.c — the test driver's scheduler, as
 * libvirt's test driver has it: "fair", with one parameter, weight, which
 * reads 50 whatever was set; a set checks its parameters and keeps
 * nothing. Neither takes flags (not even VIR_TYPED_PARAM_STRING_OKAY,
 * which the Flags reads always carry, so those fail as libvirt's do). */
#include "test-domain.h"

#include <string.h>

#define MV_TEST_SCHED_WEIGHT 50

/* Whether DOM exists (its error reported when it does not). */
static bool known(virDomainPtr dom)
{
    mv_test_state *st;
    if (!mv_test_dom_lock(dom, &st))
        return false;
    mv_test_unlock(st);
    return true;
}

char *mv_test_domain_get_scheduler_type(virDomainPtr dom, int *nparams)
{
    if (!known(dom))
        return NULL;
    *nparams = 1;
    return g_strdup("fair");
}

int mv_test_domain_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                        int *nparams, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetSchedulerParametersFlags", -1);
    if (!known(dom))
        return -1;
    memset(&params[0], 0, sizeof(params[0]));
    g_strlcpy(params[0].field, VIR_DOMAIN_SCHEDULER_WEIGHT, sizeof(params[0].field));
    params[0].type = VIR_TYPED_PARAM_UINT;
    params[0].value.ui = MV_TEST_SCHED_WEIGHT;
    *nparams = 1;
    return 0;
}

int mv_test_domain_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                        int nparams, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainSetSchedulerParametersFlags", -1);
    static const mv_typed_param_spec spec[] = {
        { VIR_DOMAIN_SCHEDULER_WEIGHT, VIR_TYPED_PARAM_UINT },
        { NULL, 0 },
    };
    if (mv_typed_params_validate(VIR_FROM_TEST, params, nparams, spec) < 0)
        return -1;
    return known(dom) ? 0 : -1;
}
