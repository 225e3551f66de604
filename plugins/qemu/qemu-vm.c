/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-vm.c — the qemu driver's part of its domains (kept in
 * the core's domain list): the VM data attached to each, finding a
 * handle's VM, state changes with their events, jobs (a slot talking to
 * QEMU without holding the state lock), and the persistent files
 * (definitions, autostart links). */
#include "qemu-driver.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

mv_qemu_vm *mv_qemu_vm_attach(mv_qemu_state *st, mv_domain_obj *obj)
{
    mv_qemu_vm *vm = obj->priv;

    if (vm)
        return vm;
    vm = g_new0(mv_qemu_vm, 1);
    vm->st = st;
    vm->obj = obj;
    vm->pidfd = -1;
    obj->priv = vm;
    return vm;
}

void mv_qemu_vm_free(void *data)
{
    mv_qemu_vm *vm = data;

    if (vm->pidfd >= 0)
        close(vm->pidfd);
    mv_qemu_job_clear(vm);
    mv_cgroup_free(vm->cg);   /* the handle only: a QEMU still running keeps it */
    mv_qemu_agent_unref(vm->agent);
    g_free(vm->vcpu_tids);
    mv_qemu_iothread_list_forget(vm);
    g_free(vm);
}

void mv_qemu_vm_ref(mv_qemu_vm *vm)
{
    mv_domain_obj_ref(vm->obj);
}

/* The last reference frees the domain and, through mv_qemu_vm_free, VM. */
void mv_qemu_vm_unref(mv_qemu_vm *vm)
{
    mv_domain_obj_unref(vm->obj);
}

bool mv_qemu_vm_active(const mv_qemu_vm *vm)
{
    return mv_domain_obj_is_active(vm->obj);
}

mv_qemu_vm *mv_qemu_vm_lock(virDomainPtr dom, mv_qemu_state **stp)
{
    mv_qemu_state *st = mv_qemu_state_of(virDomainGetConnect(dom));
    mv_domain_obj *obj;

    pthread_mutex_lock(&st->lock);
    mv_qemu_autostart_wait(st);
    if (!(obj = mv_domain_list_lookup_domain(st->doms, dom))) {
        pthread_mutex_unlock(&st->lock);
        return NULL;
    }
    *stp = st;
    return mv_qemu_vm_attach(st, obj);
}

virDomainPtr mv_qemu_vm_handle(virConnectPtr conn, const mv_qemu_vm *vm)
{
    return mv_domain_obj_handle(conn, vm->obj);
}

void mv_qemu_vm_event(mv_qemu_vm *vm, int event, int detail)
{
    mv_domain_obj_event(vm->st->events, vm->obj, event, detail);
}

int mv_qemu_vm_set_state(mv_qemu_vm *vm, int state, int reason)
{
    vm->obj->state = state;
    vm->obj->reason = reason;
    if (state != VIR_DOMAIN_SHUTOFF && vm->pid > 0 && vm->st)
        return mv_qemu_status_save(vm->st, vm);
    return 0;
}

int mv_qemu_error_not_running(void)
{
    mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "domain is not running");
    return -1;
}

int mv_qemu_error_running(void)
{
    mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "domain is already running");
    return -1;
}

/* --- jobs ----------------------------------------------------------------- */

int mv_qemu_job_begin(mv_qemu_state *st, mv_qemu_vm *vm, bool need_active)
{
    mv_qemu_vm_ref(vm);
    struct timespec until;
    mv_qemu_job_deadline(&until);
    while (vm->job) {
        if (!mv_qemu_async_exclusive(vm)) {
            pthread_cond_wait(&st->cond, &st->lock);
        } else if (mv_qemu_async_wait(st, vm, &until) < 0) {
            mv_qemu_vm_unref(vm);
            return -1;
        }
    }
    if (vm->obj->removed && need_active) {
        mv_qemu_vm_unref(vm);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_NO_DOMAIN, "domain '%s' no longer exists",
                        vm->obj->def->name);
        return -1;
    }
    if (need_active && !mv_qemu_vm_active(vm)) {
        mv_qemu_vm_unref(vm);
        return mv_qemu_error_not_running();
    }
    vm->job = true;
    return 0;
}

void mv_qemu_job_end(mv_qemu_state *st, mv_qemu_vm *vm)
{
    vm->job = false;
    if (vm->exited && mv_qemu_vm_active(vm))
        mv_qemu_process_exited(st, vm);   /* it ended while we talked to it */
    pthread_cond_broadcast(&st->cond);
    mv_qemu_vm_unref(vm);
}

JsonNode *mv_qemu_job_qmp(mv_qemu_state *st, mv_qemu_vm *vm, const char *cmd,
                          JsonObject *args, int timeout_ms)
{
    mv_qmp *mon = vm->mon;
    if (!mon || vm->exited) {
        if (vm->exited)
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                            "domain '%s': QEMU exited", vm->obj->def->name);
        else
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                            "domain '%s': its QEMU monitor is held by another process using "
                            "this URI", vm->obj->def->name);
        return NULL;
    }
    /* The job keeps MON alive: teardown waits for the job to end. */
    pthread_mutex_unlock(&st->lock);
    JsonNode *r = mv_qmp_command(mon, cmd, args, timeout_ms);
    pthread_mutex_lock(&st->lock);
    return r;
}

int mv_qemu_job_qmp_run(mv_qemu_state *st, mv_qemu_vm *vm, const char *cmd, JsonObject *args)
{
    JsonNode *r = mv_qemu_job_qmp(st, vm, cmd, args, MV_QEMU_QMP_REPLY_MS);
    if (!r)
        return -1;
    json_node_unref(r);
    return 0;
}

/* --- persistent files ----------------------------------------------------- */

int mv_qemu_config_save(mv_qemu_state *st, const mv_domain_def *def)
{
    g_autofree char *xml = mv_domain_def_format(def, VIR_DOMAIN_XML_INACTIVE |
                                                     VIR_DOMAIN_XML_SECURE);
    return xml ? mv_driver_state_config_save(st->root, def->name, xml) : -1;
}

int mv_qemu_config_remove(mv_qemu_state *st, const char *name)
{
    return mv_driver_state_config_remove(st->root, name);
}

int mv_qemu_autostart_set(mv_qemu_state *st, const char *name, bool on)
{
    return mv_driver_state_autostart_set(st->root, name, on);
}

mv_qemu_vm *mv_qemu_vm_job_begin(virDomainPtr dom, mv_qemu_state **stp, bool need_active)
{
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, stp);
    if (!vm)
        return NULL;
    if (mv_qemu_job_begin(*stp, vm, need_active) < 0) {
        pthread_mutex_unlock(&(*stp)->lock);
        return NULL;
    }
    return vm;
}

int mv_qemu_vm_job_end(mv_qemu_state *st, mv_qemu_vm *vm, int ret)
{
    mv_qemu_job_end(st, vm);
    pthread_mutex_unlock(&st->lock);
    return ret;
}
