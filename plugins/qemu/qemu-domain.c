/* plugins/qemu/qemu-domain.c — the qemu driver's domain definitions and
 * queries: define/undefine (atomic XML in the config dir), create and
 * createXML (through qemu-process.c), lookups, listing with libvirt's
 * filters, info and state (no QMP round trip: state is kept from events,
 * CPU time read from /proc), XML and autostart. */
#include "qemu-driver.h"
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

static virDomainPtr lookup(virConnectPtr conn, const char *name, const unsigned char *uuid,
                           int id)
{
    mv_qemu_state *st = lock_conn(conn);
    mv_qemu_vm *vm = name ? mv_qemu_vm_by_name(st, name)
                   : uuid ? mv_qemu_vm_by_uuid(st, uuid) : mv_qemu_vm_by_id(st, id);
    virDomainPtr d = vm ? mv_qemu_vm_handle(conn, vm) : NULL;
    pthread_mutex_unlock(&st->lock);
    return d;
}

virDomainPtr mv_qemu_domain_lookup_id(virConnectPtr conn, int id)
{
    return lookup(conn, NULL, NULL, id);
}

virDomainPtr mv_qemu_domain_lookup_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    return lookup(conn, NULL, uuid, 0);
}

virDomainPtr mv_qemu_domain_lookup_name(virConnectPtr conn, const char *name)
{
    return lookup(conn, name, NULL, 0);
}

static bool filter(unsigned int flags, unsigned int yes, unsigned int no, bool has)
{
    return !(flags & (yes | no)) || (flags & (has ? yes : no));
}

static bool listed(const mv_qemu_vm *vm, unsigned int flags)
{
    const unsigned int states = VIR_CONNECT_LIST_DOMAINS_RUNNING |
        VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
        VIR_CONNECT_LIST_DOMAINS_OTHER;
    unsigned int mine = vm->state == VIR_DOMAIN_RUNNING ? VIR_CONNECT_LIST_DOMAINS_RUNNING
                      : vm->state == VIR_DOMAIN_PAUSED ? VIR_CONNECT_LIST_DOMAINS_PAUSED
                      : vm->state == VIR_DOMAIN_SHUTOFF ? VIR_CONNECT_LIST_DOMAINS_SHUTOFF
                      : VIR_CONNECT_LIST_DOMAINS_OTHER;
    if ((flags & states) && !(flags & mine))
        return false;
    return filter(flags, VIR_CONNECT_LIST_DOMAINS_ACTIVE, VIR_CONNECT_LIST_DOMAINS_INACTIVE,
                  mv_qemu_vm_active(vm)) &&
           filter(flags, VIR_CONNECT_LIST_DOMAINS_PERSISTENT,
                  VIR_CONNECT_LIST_DOMAINS_TRANSIENT, vm->persistent) &&
           filter(flags, VIR_CONNECT_LIST_DOMAINS_AUTOSTART,
                  VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, vm->autostart) &&
           filter(flags, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE,
                  VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, false) &&
           filter(flags, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT,
                  VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT, false) &&
           filter(flags, VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT,
                  VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT, false);
}

int mv_qemu_list_all_domains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    CHECK_FLAGS(flags, (unsigned int)(VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT << 1) - 1, -1);
    mv_qemu_state *st = lock_conn(conn);
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < st->vms->len; i++) {
        mv_qemu_vm *vm = st->vms->pdata[i];
        if (listed(vm, flags))
            g_ptr_array_add(out, domains ? mv_qemu_vm_handle(conn, vm) : NULL);
    }
    pthread_mutex_unlock(&st->lock);
    int n = (int)out->len;
    if (domains) {
        g_ptr_array_add(out, NULL);
        *domains = (virDomainPtr *)g_ptr_array_free(out, FALSE);
    } else {
        g_ptr_array_free(out, TRUE);
    }
    return n;
}

/* --- define, undefine, start ------------------------------------------------- */

/* The VM DEF names, or NULL; -1 with libvirt's error on a clash (same uuid
 * other name, same name other uuid, or with LIVE an active domain). */
static int check_dup(mv_qemu_state *st, const mv_domain_def *def, bool live, mv_qemu_vm **out)
{
    *out = NULL;
    mv_qemu_vm *by_uuid = g_hash_table_lookup(st->by_uuid, def->uuid);
    mv_qemu_vm *by_name = g_hash_table_lookup(st->by_name, def->name);
    char uuid[VIR_UUID_STRING_BUFLEN];
    if (by_uuid && strcmp(by_uuid->def->name, def->name) != 0) {
        mv_uuid_format(by_uuid->def->uuid, uuid);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "domain '%s' is already defined with uuid %s", by_uuid->def->name, uuid);
        return -1;
    }
    if (by_name && !by_uuid) {
        mv_uuid_format(by_name->def->uuid, uuid);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "domain '%s' already exists with uuid %s", by_name->def->name, uuid);
        return -1;
    }
    if (by_uuid && live && mv_qemu_vm_active(by_uuid)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "domain '%s' is already active", by_uuid->def->name);
        return -1;
    }
    *out = by_uuid;
    return 0;
}

mv_domain_def *mv_qemu_parse(const char *xml)
{
    mv_domain_def *def = mv_domain_def_parse(xml, mv_qemu_xmlopt(),
                                             MV_DOMAIN_PARSE_INACTIVE);
    if (def && mv_path_check_name(def->name, "domain", MV_QEMU_ERR) < 0) {
        mv_domain_def_free(def);
        return NULL;
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
    mv_qemu_vm *vm;
    virDomainPtr ret = NULL;
    if (check_dup(st, def, false, &vm) < 0 || mv_qemu_config_save(st, def) < 0) {
        mv_domain_def_free(def);
        goto out;
    }
    int detail = VIR_DOMAIN_EVENT_DEFINED_UPDATED;
    if (!vm) {
        vm = mv_qemu_vm_add(st, def);
        detail = VIR_DOMAIN_EVENT_DEFINED_ADDED;
    } else if (mv_qemu_vm_active(vm)) {
        if (!vm->persistent)
            detail = VIR_DOMAIN_EVENT_DEFINED_ADDED;
        mv_domain_def_free(vm->new_def);
        vm->new_def = def;
    } else {
        def->id = -1;
        mv_domain_def_free(vm->def);
        vm->def = def;
    }
    vm->persistent = true;
    mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_DEFINED, detail);
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
    if (!vm->persistent) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot undefine transient domain");
        goto out;
    }
    if (mv_qemu_config_remove(st, vm->key_name) < 0)
        goto out;
    mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    vm->autostart = false;
    if (mv_qemu_vm_active(vm)) {
        vm->persistent = false;
        mv_domain_def_free(vm->new_def);
        vm->new_def = NULL;
    } else {
        mv_qemu_vm_remove(st, vm);
    }
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
    if (mv_qemu_job_begin(st, vm, false) == 0) {
        ret = mv_qemu_process_start(virDomainGetConnect(dom), st, vm, -1,
                                    flags & VIR_DOMAIN_START_PAUSED, VIR_DOMAIN_RUNNING_BOOTED);
        if (ret == 0)
            mv_domain_set_id(dom, vm->def->id);
        mv_qemu_job_end(st, vm);
    }
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
    mv_qemu_vm *vm;
    virDomainPtr ret = NULL;
    if (check_dup(st, def, true, &vm) < 0) {
        mv_domain_def_free(def);
        goto out;
    }
    if (!vm) {
        vm = mv_qemu_vm_add(st, def);
        vm->persistent = false;
    } else {
        /* Over an inactive persistent domain: DEF runs, the persistent
         * definition waits in new_def (process_start keeps it there). */
        mv_domain_def_free(vm->new_def);
        vm->new_def = vm->def;
        vm->def = def;
        def->id = -1;
    }
    if (mv_qemu_job_begin(st, vm, false) == 0) {
        if (mv_qemu_process_start(conn, st, vm, -1, flags & VIR_DOMAIN_START_PAUSED,
                                  VIR_DOMAIN_RUNNING_BOOTED) == 0)
            ret = mv_qemu_vm_handle(conn, vm);
        else if (!vm->persistent)
            mv_qemu_vm_remove(st, vm);   /* nothing of it is left */
        else if (!mv_qemu_vm_active(vm) && vm->new_def) {
            /* the persistent definition is current again */
            mv_domain_def_free(vm->def);
            vm->def = vm->new_def;
            vm->new_def = NULL;
        }
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
    info->state = (unsigned char)vm->state;
    info->maxMem = vm->def->memory;
    info->memory = mv_qemu_vm_active(vm) ? vm->def->current_memory : vm->def->memory;
    info->nrVirtCpu = (unsigned short)(vm->def->vcpus_current ? vm->def->vcpus_current
                                                              : vm->def->vcpus_max);
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
    *state = vm->state;
    if (reason)
        *reason = vm->reason;
    pthread_mutex_unlock(&st->lock);
    return 0;
}

char *mv_qemu_domain_get_os_type(virDomainPtr dom)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    char *t = g_strdup(vm->def->os->type);
    pthread_mutex_unlock(&st->lock);
    return t;
}

unsigned long long mv_qemu_domain_get_max_memory(virDomainPtr dom)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return 0;
    unsigned long long m = vm->def->memory;
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
    const mv_domain_def *def = (flags & VIR_DOMAIN_XML_INACTIVE) && vm->new_def ? vm->new_def
                                                                               : vm->def;
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
    *autostart = vm->autostart;
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
    if (!vm->persistent)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot set autostart for transient domain");
    else if (mv_qemu_autostart_set(st, vm->key_name, autostart != 0) == 0) {
        vm->autostart = autostart != 0;
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
    int r = which == 0 ? mv_qemu_vm_active(vm) : vm->persistent;
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
