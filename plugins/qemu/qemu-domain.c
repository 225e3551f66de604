/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-domain.c — the qemu driver's domain definitions and
 * queries: define/undefine (atomic XML in the config dir), create and
 * createXML (through qemu-process.c), lookups and listing (the core's
 * domain list applies libvirt's rules, errors and filters), info and
 * state (no QMP round trip: state is kept from events, CPU time read from
 * /proc), XML and autostart. */
#include "qemu-driver.h"

#include <errno.h>
#include <unistd.h>
#include "qemu-command.h"

#include <string.h>

#define CHECK_FLAGS(flags, ok, ret) \
    do { \
        if (mv_error_check_flags((flags), (ok), MV_QEMU_ERR, __func__) < 0) \
            return ret; \
    } while (0)

static mv_qemu_state *lock_conn(virConnectPtr conn)
{
    mv_qemu_state *st = mv_qemu_state_of(conn);
    pthread_mutex_lock(&st->lock);
    mv_qemu_autostart_wait(st);
    return st;
}

/* --- lookups and listing ---------------------------------------------------- */

/* A handle for the domain FIND found, or NULL with its error. */
static virDomainPtr lookup(virConnectPtr conn,
                           mv_domain_obj *(*find)(mv_domain_list *, const void *),
                           const void *key)
{
    mv_qemu_state *st = lock_conn(conn);
    mv_domain_obj *obj = find(st->doms, key);
    virDomainPtr d = obj ? mv_domain_obj_handle(conn, obj) : NULL;
    pthread_mutex_unlock(&st->lock);
    return d;
}

static mv_domain_obj *find_id(mv_domain_list *list, const void *id)
{
    return mv_domain_list_lookup_id(list, *(const int *)id);
}

static mv_domain_obj *find_uuid(mv_domain_list *list, const void *uuid)
{
    return mv_domain_list_lookup_uuid(list, uuid);
}

static mv_domain_obj *find_name(mv_domain_list *list, const void *name)
{
    return mv_domain_list_lookup_name(list, name);
}

virDomainPtr mv_qemu_domain_lookup_id(virConnectPtr conn, int id)
{
    return lookup(conn, find_id, &id);
}

virDomainPtr mv_qemu_domain_lookup_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    return lookup(conn, find_uuid, uuid);
}

virDomainPtr mv_qemu_domain_lookup_name(virConnectPtr conn, const char *name)
{
    return lookup(conn, find_name, name);
}

int mv_qemu_list_all_domains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    CHECK_FLAGS(flags, MV_DOMAIN_LIST_FILTERS_ALL, -1);
    mv_qemu_state *st = lock_conn(conn);
    int n = mv_domain_list_export(st->doms, conn, domains, flags);
    pthread_mutex_unlock(&st->lock);
    return n;
}

/* --- define, undefine, start ------------------------------------------------- */

mv_domain_def *mv_qemu_parse(const char *xml)
{
    mv_domain_def *def = mv_domain_def_parse(xml, mv_qemu_xmlopt(),
                                             MV_DOMAIN_PARSE_INACTIVE);
    if (def && mv_path_check_name(def->name, "domain", MV_QEMU_ERR) < 0) {
        mv_domain_def_free(def);
        return NULL;
    }
    for (size_t i = 0; def && i < def->devices->ndisks; i++) {
        if (mv_qemu_check_disk_iotune(def->devices->disks[i]) < 0) {
            mv_domain_def_free(def);
            return NULL;
        }
    }
    return def;
}

virDomainPtr mv_qemu_domain_define_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_DEFINE_VALIDATE, NULL);
    mv_domain_def *def = mv_qemu_parse(xml);
    if (!def)
        return NULL;
    mv_qemu_state *st = lock_conn(conn);
    virDomainPtr ret = NULL;
    mv_domain_def *old = NULL;
    mv_domain_obj *obj;
    /* The file is written only for a definition the list will take. */
    if (mv_domain_list_check(st->doms, def, 0, NULL) < 0 || mv_qemu_config_save(st, def) < 0 ||
        !(obj = mv_domain_list_add(st->doms, def, 0, &old))) {
        mv_domain_def_free(def);
        goto out;
    }
    mv_qemu_vm *vm = mv_qemu_vm_attach(st, obj);
    mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_DEFINED,
                     old ? VIR_DOMAIN_EVENT_DEFINED_UPDATED : VIR_DOMAIN_EVENT_DEFINED_ADDED);
    mv_domain_def_free(old);
    ret = mv_qemu_vm_handle(conn, vm);
out:
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_undefine(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_KEEP_NVRAM, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    if (!vm->obj->persistent) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot undefine transient domain");
        goto out;
    }
    if (vm->obj->has_managed_save) {
        if (!(flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "%s",
                            "Refusing to undefine while domain managed save image exists");
            goto out;
        }
        g_autofree char *image = mv_qemu_managed_save_path(st, vm->obj->def->name);
        if (unlink(image) < 0 && errno != ENOENT) {
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "Failed to remove domain managed save image '%s'", image);
            goto out;
        }
        vm->obj->has_managed_save = false;
    }
    if (mv_qemu_config_remove(st, vm->obj->def->name) < 0)
        goto out;
    mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    /* A running domain goes on as a transient one. */
    mv_domain_list_undefine(st->doms, vm->obj);
    ret = 0;
out:
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_create(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_AUTODESTROY |
                VIR_DOMAIN_START_BYPASS_CACHE | VIR_DOMAIN_START_FORCE_BOOT, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    /* A managed save image is where the domain goes on from, unless
     * FORCE_BOOT drops it. */
    if (vm->obj->has_managed_save && !mv_qemu_vm_active(vm)) {
        g_autofree char *image = mv_qemu_managed_save_path(st, vm->obj->def->name);
        if (flags & VIR_DOMAIN_START_FORCE_BOOT) {
            if (unlink(image) < 0 && errno != ENOENT) {
                mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                      "cannot remove managed save file %s", image);
                goto out;
            }
            vm->obj->has_managed_save = false;
        } else {
            mv_qemu_vm_ref(vm);
            ret = mv_qemu_managed_save_restore(virDomainGetConnect(dom), st, vm,
                                               flags & VIR_DOMAIN_START_PAUSED);
            if (ret == 0)
                mv_domain_set_id(dom, vm->obj->def->id);
            mv_qemu_vm_unref(vm);
            goto out;
        }
    }
    if (mv_qemu_job_begin(st, vm, false) == 0) {
        ret = mv_qemu_process_start(virDomainGetConnect(dom), st, vm, -1,
                                    flags & VIR_DOMAIN_START_PAUSED, VIR_DOMAIN_RUNNING_BOOTED);
        if (ret == 0)
            mv_domain_set_id(dom, vm->obj->def->id);
        mv_qemu_job_end(st, vm);
    }
out:
    pthread_mutex_unlock(&st->lock);
    return ret;
}

virDomainPtr mv_qemu_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_AUTODESTROY |
                VIR_DOMAIN_START_VALIDATE, NULL);
    mv_domain_def *def = mv_qemu_parse(xml);
    if (!def)
        return NULL;
    mv_qemu_state *st = lock_conn(conn);
    virDomainPtr ret = NULL;
    /* A new domain is transient; over a defined, shut off one, DEF runs and
     * the definition waits in new_def. */
    mv_domain_obj *obj = mv_domain_list_add(st->doms, def, MV_DOMAIN_LIST_ADD_LIVE |
                                            MV_DOMAIN_LIST_ADD_CHECK_LIVE, NULL);
    if (!obj) {
        mv_domain_def_free(def);
        goto out;
    }
    mv_qemu_vm *vm = mv_qemu_vm_attach(st, obj);
    if (mv_qemu_job_begin(st, vm, false) == 0) {
        if (mv_qemu_process_start(conn, st, vm, -1, flags & VIR_DOMAIN_START_PAUSED,
                                  VIR_DOMAIN_RUNNING_BOOTED) == 0)
            ret = mv_qemu_vm_handle(conn, vm);
        else if (!mv_qemu_vm_active(vm))
            /* nothing is left of a new domain; a defined one has its
             * definition back */
            mv_domain_list_set_inactive(st->doms, obj, obj->reason);
        mv_qemu_job_end(st, vm);
    }
out:
    pthread_mutex_unlock(&st->lock);
    return ret;
}

/* --- queries ----------------------------------------------------------------- */

int mv_qemu_domain_get_info(virDomainPtr dom, virDomainInfoPtr info)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    memset(info, 0, sizeof(*info));
    info->state = (unsigned char)vm->obj->state;
    info->maxMem = vm->obj->def->memory;
    info->memory = mv_qemu_vm_active(vm) ? vm->obj->def->current_memory : vm->obj->def->memory;
    info->nrVirtCpu = (unsigned short)(vm->obj->def->vcpus_current ? vm->obj->def->vcpus_current
                                                              : vm->obj->def->vcpus_max);
    info->cpuTime = mv_qemu_vm_active(vm) ? mv_qemu_process_cputime(vm->pid) : 0;
    pthread_mutex_unlock(&st->lock);
    return 0;
}

int mv_qemu_domain_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    CHECK_FLAGS(flags, 0, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    *state = vm->obj->state;
    if (reason)
        *reason = vm->obj->reason;
    pthread_mutex_unlock(&st->lock);
    return 0;
}

char *mv_qemu_domain_get_os_type(virDomainPtr dom)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    char *t = g_strdup(vm->obj->def->os->type);
    pthread_mutex_unlock(&st->lock);
    return t;
}

unsigned long long mv_qemu_domain_get_max_memory(virDomainPtr dom)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return 0;
    unsigned long long m = vm->obj->def->memory;
    pthread_mutex_unlock(&st->lock);
    return m;
}

char *mv_qemu_domain_get_xml(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE, NULL);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    const mv_domain_def *def = (flags & VIR_DOMAIN_XML_INACTIVE) && vm->obj->new_def
                               ? vm->obj->new_def : vm->obj->def;
    char *xml = mv_domain_def_format(def, flags);
    pthread_mutex_unlock(&st->lock);
    return xml;
}

int mv_qemu_domain_get_autostart(virDomainPtr dom, int *autostart)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    *autostart = vm->obj->autostart;
    pthread_mutex_unlock(&st->lock);
    return 0;
}

int mv_qemu_domain_set_autostart(virDomainPtr dom, int autostart)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    if (!vm->obj->persistent)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot set autostart for transient domain");
    else if (mv_qemu_autostart_set(st, vm->obj->def->name, autostart != 0) == 0) {
        vm->obj->autostart = autostart != 0;
        ret = 0;
    }
    pthread_mutex_unlock(&st->lock);
    return ret;
}

static int vm_bool(virDomainPtr dom, int which)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int r = which == 0 ? mv_qemu_vm_active(vm) : vm->obj->persistent;
    pthread_mutex_unlock(&st->lock);
    return r;
}

int mv_qemu_domain_is_active(virDomainPtr dom)
{
    return vm_bool(dom, 0);
}

int mv_qemu_domain_is_persistent(virDomainPtr dom)
{
    return vm_bool(dom, 1);
}

int mv_qemu_domain_is_updated(virDomainPtr dom)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    pthread_mutex_unlock(&st->lock);
    return 0;
}
