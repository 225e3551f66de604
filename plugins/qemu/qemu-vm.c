/* plugins/qemu/qemu-vm.c — the qemu driver's domain objects: the list and
 * its indexes, lookups with libvirt's errors, state changes with their
 * events, jobs (a slot talking to QEMU without holding the state lock), and
 * the persistent files (definitions, autostart links). */
#include "qemu-driver.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

mv_qemu_vm *mv_qemu_vm_add(mv_qemu_state *st, mv_domain_def *def)
{
    mv_qemu_vm *vm = g_new0(mv_qemu_vm, 1);
    def->id = -1;
    vm->st = st;
    vm->def = def;
    vm->state = VIR_DOMAIN_SHUTOFF;
    vm->reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
    vm->pid = 0;
    vm->pidfd = -1;
    vm->refs = 1;
    vm->key_name = g_strdup(def->name);
    memcpy(vm->key_uuid, def->uuid, VIR_UUID_BUFLEN);
    g_ptr_array_add(st->vms, vm);
    g_hash_table_insert(st->by_name, vm->key_name, vm);
    g_hash_table_insert(st->by_uuid, vm->key_uuid, vm);
    return vm;
}

void mv_qemu_vm_unref(mv_qemu_vm *vm)
{
    if (!g_atomic_int_dec_and_test(&vm->refs))
        return;
    mv_domain_def_free(vm->def);
    mv_domain_def_free(vm->new_def);
    if (vm->pidfd >= 0)
        close(vm->pidfd);
    g_free(vm->key_name);
    g_free(vm);
}

void mv_qemu_vm_remove(mv_qemu_state *st, mv_qemu_vm *vm)
{
    if (vm->removed)
        return;
    vm->removed = true;
    g_hash_table_remove(st->by_name, vm->key_name);
    g_hash_table_remove(st->by_uuid, vm->key_uuid);
    g_ptr_array_remove(st->vms, vm);
    mv_qemu_vm_unref(vm);
}

bool mv_qemu_vm_active(const mv_qemu_vm *vm)
{
    return vm->state != VIR_DOMAIN_SHUTOFF;
}

mv_qemu_vm *mv_qemu_vm_by_name(mv_qemu_state *st, const char *name)
{
    mv_qemu_vm *vm = g_hash_table_lookup(st->by_name, name);
    if (!vm)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_NO_DOMAIN, "no domain with matching name '%s'",
                        name);
    return vm;
}

mv_qemu_vm *mv_qemu_vm_by_uuid(mv_qemu_state *st, const unsigned char *uuid)
{
    mv_qemu_vm *vm = g_hash_table_lookup(st->by_uuid, uuid);
    if (!vm) {
        char s[VIR_UUID_STRING_BUFLEN];
        mv_uuid_format(uuid, s);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s'", s);
    }
    return vm;
}

mv_qemu_vm *mv_qemu_vm_by_id(mv_qemu_state *st, int id)
{
    for (guint i = 0; i < st->vms->len; i++) {
        mv_qemu_vm *vm = st->vms->pdata[i];
        if (mv_qemu_vm_active(vm) && vm->def->id == id)
            return vm;
    }
    mv_error_report(MV_QEMU_ERR, VIR_ERR_NO_DOMAIN, "no domain with matching id %d", id);
    return NULL;
}

mv_qemu_vm *mv_qemu_vm_lock(virDomainPtr dom, mv_qemu_state **stp)
{
    mv_qemu_state *st = mv_qemu_state_of(virDomainGetConnect(dom));
    unsigned char uuid[VIR_UUID_BUFLEN];
    virDomainGetUUID(dom, uuid);
    pthread_mutex_lock(&st->lock);
    mv_qemu_autostart_wait(st);
    mv_qemu_vm *vm = g_hash_table_lookup(st->by_uuid, uuid);
    if (!vm) {
        char s[VIR_UUID_STRING_BUFLEN];
        mv_uuid_format(uuid, s);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s' (%s)",
                        s, virDomainGetName(dom));
        pthread_mutex_unlock(&st->lock);
        return NULL;
    }
    *stp = st;
    return vm;
}

virDomainPtr mv_qemu_vm_handle(virConnectPtr conn, const mv_qemu_vm *vm)
{
    return mv_domain_new(conn, vm->def->name, vm->def->uuid,
                         mv_qemu_vm_active(vm) ? vm->def->id : -1);
}

void mv_qemu_vm_event(mv_qemu_vm *vm, int event, int detail)
{
    mv_event_queue_domain_lifecycle(vm->st->events, vm->def->name, vm->def->uuid,
                                    mv_qemu_vm_active(vm) ? vm->def->id : -1, event, detail);
}

int mv_qemu_vm_set_state(mv_qemu_vm *vm, int state, int reason)
{
    vm->state = state;
    vm->reason = reason;
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
    g_atomic_int_inc(&vm->refs);
    while (vm->job)
        pthread_cond_wait(&st->cond, &st->lock);
    if (vm->removed && need_active) {
        mv_qemu_vm_unref(vm);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_NO_DOMAIN, "domain '%s' no longer exists",
                        vm->key_name);
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
                            "domain '%s': QEMU exited", vm->def->name);
        else
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                            "domain '%s': its QEMU monitor is held by another process using "
                            "this URI", vm->def->name);
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
    g_autofree char *path = g_strdup_printf("%s/%s.xml", st->config_dir, def->name);
    if (!xml)
        return -1;
    return mv_file_write_atomic(path, xml, strlen(xml), 0600);
}

int mv_qemu_config_remove(mv_qemu_state *st, const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/%s.xml", st->config_dir, name);
    if (unlink(path) < 0 && errno != ENOENT) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot remove config file '%s'", path);
        return -1;
    }
    mv_qemu_autostart_set(st, name, false);
    return 0;
}

int mv_qemu_autostart_set(mv_qemu_state *st, const char *name, bool on)
{
    g_autofree char *link = g_strdup_printf("%s/%s.xml", st->autostart_dir, name);
    if (!on) {
        if (unlink(link) < 0 && errno != ENOENT) {
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "Failed to delete symlink '%s'", link);
            return -1;
        }
        return 0;
    }
    g_autofree char *target = g_strdup_printf("%s/%s.xml", st->config_dir, name);
    if (mv_file_mkdir_p(st->autostart_dir, 0755) < 0)
        return -1;
    if (symlink(target, link) < 0 && errno != EEXIST) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Failed to create symlink '%s' to '%s'", link, target);
        return -1;
    }
    return 0;
}
