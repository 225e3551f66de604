/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/typed-params.h — checking the typed parameters an
 * application passes to a driver's set calls (scheduler, block I/O tune,
 * memory tunables), once for every driver, with libvirt's errors.
 * Building parameter lists needs nothing here: plugins call the public
 * virTypedParamsAdd* functions. Since plugin ABI 1.2.
 */
#ifndef MODVIRT_PLUGIN_TYPED_PARAMS_H
#define MODVIRT_PLUGIN_TYPED_PARAMS_H

#include <libvirt/libvirt.h>
#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One parameter a call accepts: its name and VIR_TYPED_PARAM_* type. */
typedef struct mv_typed_param_spec {
    const char *field;
    int type;
} mv_typed_param_spec;

/* Checks PARAMS against SPEC (terminated by an entry whose field is NULL):
 * every name must be in SPEC (else VIR_ERR_ARGUMENT_UNSUPPORTED "parameter
 * '%s' not supported"), have its type (else VIR_ERR_INVALID_ARG "invalid
 * type '%s' for parameter '%s', expected '%s'") and occur once (else
 * VIR_ERR_INVALID_ARG "parameter '%s' occurs multiple times"). 0, or -1
 * with the error reported under FROM (a VIR_FROM_* domain). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_typed_params_validate(int from, const virTypedParameter *params, int nparams,
                             const mv_typed_param_spec *spec);

/* The same for virDomainSetBlockIoTune's parameters (the
 * VIR_DOMAIN_BLOCK_IOTUNE_* names: unsigned long long limits, the group
 * name a string), with libvirt's errors under VIR_FROM_NONE. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_typed_params_validate_block_iotune(const virTypedParameter *params, int nparams);

/* Appended in plugin ABI 1.2: the same for virDomainSetMemoryParameters'
 * parameters as libvirt's drivers take them (hard_limit, soft_limit and
 * swap_hard_limit, unsigned long long KiB; min_guarantee is not one), and
 * for virDomainSetBlkioParameters' (weight, an unsigned int; the
 * VIR_DOMAIN_BLKIO_DEVICE_* lists, strings). Errors under VIR_FROM_NONE. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_typed_params_validate_memtune(const virTypedParameter *params, int nparams);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_typed_params_validate_blkiotune(const virTypedParameter *params, int nparams);

#ifdef __cplusplus
}
#endif

#endif
