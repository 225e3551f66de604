/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-managed-save.c — managed save, as libvirt's qemu driver
 * lays it out: the image is STATE/save/NAME.save (libvirt's
 * /var/lib/libvirt/qemu/save/NAME.save), in the save file format of
 * qemu-save.c; a domain with one is listed as such, refused by a plain
 * undefine, and restored from it by its next start (qemu-domain.c). */
#include "qemu-driver.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

char *mv_qemu_managed_save_path(mv_qemu_state *st, const char *name)
{
    g_autofree char *file = g_strconcat(name, ".save", NULL);
    return g_build_filename(mv_driver_state_dir(st->root, MV_PATH_STATE), "save", file, NULL);
}

int mv_qemu_domain_managed_save(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_SAVE_BYPASS_CACHE | VIR_DOMAIN_SAVE_RUNNING |
                             VIR_DOMAIN_SAVE_PAUSED, MV_QEMU_ERR, "qemuDomainManagedSave") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    g_autofree char *path = mv_qemu_managed_save_path(st, vm->obj->def->name);
    g_autofree char *dir = g_path_get_dirname(path);
    if (!mv_qemu_vm_active(vm)) {
        mv_qemu_error_not_running();
        goto out;
    }
    if (!vm->obj->persistent) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot do managed save for transient domain");
        goto out;
    }
    if (g_mkdir_with_parents(dir, 0700) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create directory '%s'", dir);
        goto out;
    }
    mv_qemu_vm_ref(vm);
    ret = mv_qemu_save_vm(st, vm, path, flags, VIR_DOMAIN_JOB_OPERATION_SAVE);
    if (ret == 0) {
        vm->obj->has_managed_save = true;
        mv_domain_set_id(dom, -1);
    }
    mv_qemu_vm_unref(vm);
out:
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_has_managed_save(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, "qemuDomainHasManagedSaveImage") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = vm->obj->has_managed_save ? 1 : 0;
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_managed_save_remove(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, "qemuDomainManagedSaveRemove") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = 0;
    g_autofree char *path = mv_qemu_managed_save_path(st, vm->obj->def->name);
    if (g_unlink(path) < 0 && errno != ENOENT) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Failed to remove managed save file '%s'", path);
        ret = -1;
    } else {
        vm->obj->has_managed_save = false;
    }
    pthread_mutex_unlock(&st->lock);
    return ret;
}
