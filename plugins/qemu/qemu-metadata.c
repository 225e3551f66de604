/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-metadata.c — a guest's title, description and
 * <metadata> elements: read from and written to the live definition (kept
 * in the status file) or the persistent one (saved), each set followed by
 * the METADATA_CHANGE event, as libvirt's QEMU driver does. */
#include "qemu-driver.h"

#include <pthread.h>

int mv_qemu_domain_set_metadata(virDomainPtr dom, int type, const char *metadata,
                                const char *key, const char *uri, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_QEMU_ERR, "qemuDomainSetMetadata") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    int ret = mv_domain_obj_set_metadata(vm->obj, type, metadata, key, uri, flags, &live, &config);
    if (ret == 0 && live)
        ret = mv_qemu_status_save(st, vm);
    if (ret == 0 && config)
        ret = mv_qemu_config_save(st, config);
    if (ret == 0)
        mv_event_queue_domain_metadata_change(st->events, vm->obj->def->name, vm->obj->def->uuid,
                                              vm->obj->def->id, type, uri);
    return mv_qemu_vm_job_end(st, vm, ret);
}

char *mv_qemu_domain_get_metadata(virDomainPtr dom, int type, const char *uri,
                                  unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_QEMU_ERR, "qemuDomainGetMetadata") < 0)
        return NULL;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    char *ret = mv_domain_obj_get_metadata(vm->obj, type, uri, flags);
    pthread_mutex_unlock(&st->lock);
    return ret;
}
