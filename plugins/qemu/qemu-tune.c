/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-tune.c — a guest's memory and block I/O tunables, as
 * libvirt's qemu driver offers them: hard_limit, soft_limit and
 * swap_hard_limit (min_guarantee is not one), a running guest's read from
 * and written to its cgroup, the persistent ones the definition's
 * <memtune>, saved when set; <blkiotune> likewise (a running guest's
 * weight read from its cgroup, its devices from the running definition).
 * The work is the plugin API's (<modvirt-plugin/cgroup.h>); this file
 * locks, checks the flags and saves. */
#include "qemu-driver.h"

#define LIVE_CONFIG (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)

/* Saves what a set changed: the status for the running definition, the
 * persistent definition's file. */
static int save(mv_qemu_state *st, mv_qemu_vm *vm, const mv_domain_def *live,
                const mv_domain_def *config)
{
    if (live && mv_qemu_status_save(st, vm) < 0)
        return -1;
    if (config && mv_qemu_config_save(st, config) < 0)
        return -1;
    return 0;
}

int mv_qemu_get_memory_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                              unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG | VIR_TYPED_PARAM_STRING_OKAY, MV_QEMU_ERR,
                             "qemuDomainGetMemoryParameters") < 0)
        return -1;
    flags &= ~VIR_TYPED_PARAM_STRING_OKAY;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = mv_cgroup_domain_get_memtune(vm->obj, vm->cg, MV_QEMU_ERR, params, nparams, flags);
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_set_memory_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                              unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG, MV_QEMU_ERR,
                             "qemuDomainSetMemoryParameters") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    int ret = mv_cgroup_domain_set_memtune(vm->obj, vm->cg, MV_QEMU_ERR, params, nparams, flags,
                                           &live, &config);
    if (save(st, vm, live, config) < 0)
        ret = -1;
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_get_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                             unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG | VIR_TYPED_PARAM_STRING_OKAY, MV_QEMU_ERR,
                             "qemuDomainGetBlkioParameters") < 0)
        return -1;
    flags &= ~VIR_TYPED_PARAM_STRING_OKAY;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = mv_cgroup_domain_get_blkiotune(vm->obj, vm->cg, MV_QEMU_ERR, params, nparams,
                                             flags);
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_set_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                             unsigned int flags)
{
    if (mv_error_check_flags(flags, LIVE_CONFIG, MV_QEMU_ERR,
                             "qemuDomainSetBlkioParameters") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    int ret = mv_cgroup_domain_set_blkiotune(vm->obj, vm->cg, MV_QEMU_ERR, params, nparams,
                                             flags, &live, &config);
    if (save(st, vm, live, config) < 0)
        ret = -1;
    pthread_mutex_unlock(&st->lock);
    return ret;
}
