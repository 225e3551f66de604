/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-domain.c — domain definitions and queries: define and
 * undefine (atomic persistent XML), lookups and listing (the core's domain
 * list applies libvirt's rules, errors and filters), XML, info (CPU time
 * and memory from the cgroups), state with reasons, autostart. Ids are the
 * supervisors' pids, as libvirt's are its controllers'. */
#include "lxc.h"

#include <string.h>

virDomainPtr mv_lxc_define(virConnectPtr conn, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_DEFINE_VALIDATE, MV_LXC_ERR, __func__) < 0)
        return NULL;
    mv_lxc_extra ex;
    mv_domain_def *def = mv_lxc_parse(xml, MV_DOMAIN_PARSE_INACTIVE, &ex);
    if (!def)
        return NULL;
    mv_lxc_state *st = mv_lxc_lock(conn);
    mv_domain_def *old = NULL;
    mv_domain_obj *obj;
    /* The file is written only for a definition the list will take. */
    if (mv_domain_list_check(st->doms, def, 0, NULL) < 0 || mv_lxc_config_save(st, def) < 0 ||
        !(obj = mv_domain_list_add(st->doms, def, 0, &old))) {
        mv_lxc_unlock(st);
        mv_domain_def_free(def);
        return NULL;
    }
    mv_lxc_dom *d = mv_lxc_dom_of(obj);
    if (!mv_lxc_dom_active(d))
        d->extra = ex;
    mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_DEFINED,
                     old ? VIR_DOMAIN_EVENT_DEFINED_UPDATED : VIR_DOMAIN_EVENT_DEFINED_ADDED);
    mv_domain_def_free(old);
    virDomainPtr h = mv_lxc_dom_handle(conn, d);
    mv_lxc_unlock(st);
    return h;
}

int mv_lxc_undefine(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                             VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM |
                             VIR_DOMAIN_UNDEFINE_KEEP_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
                             MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    if (!d->obj->persistent) {
        mv_lxc_unlock(st);
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID, "cannot undefine transient domain");
        return -1;
    }
    if (mv_lxc_config_remove(st, d->obj->def->name) < 0) {
        mv_lxc_unlock(st);
        return -1;
    }
    mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    /* A running container goes on as a transient domain. The definition is
     * gone already: a stale status only makes a later process keep the
     * container persistent until it stops. */
    if (mv_domain_list_undefine(st->doms, d->obj) == 0 && mv_lxc_status_save(st, d) < 0) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "%s", virGetLastErrorMessage());
        mv_error_reset();
    }
    mv_lxc_unlock(st);
    return 0;
}

/* A handle for the domain FIND found, or NULL with its error. */
static virDomainPtr lookup(virConnectPtr conn,
                           mv_domain_obj *(*find)(mv_domain_list *, const void *),
                           const void *key)
{
    mv_lxc_state *st = mv_lxc_lock(conn);
    mv_domain_obj *obj = find(st->doms, key);
    virDomainPtr h = obj ? mv_domain_obj_handle(conn, obj) : NULL;
    mv_lxc_unlock(st);
    return h;
}

static mv_domain_obj *find_name(mv_domain_list *l, const void *k)
{
    return mv_domain_list_lookup_name(l, k);
}

static mv_domain_obj *find_uuid(mv_domain_list *l, const void *k)
{
    return mv_domain_list_lookup_uuid(l, k);
}

static mv_domain_obj *find_id(mv_domain_list *l, const void *k)
{
    return mv_domain_list_lookup_id(l, *(const int *)k);
}

virDomainPtr mv_lxc_lookup_name(virConnectPtr conn, const char *name)
{
    return lookup(conn, find_name, name);
}

virDomainPtr mv_lxc_lookup_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    return lookup(conn, find_uuid, uuid);
}

virDomainPtr mv_lxc_lookup_id(virConnectPtr conn, int id)
{
    return lookup(conn, find_id, &id);
}

int mv_lxc_list_all(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    if (mv_error_check_flags(flags, MV_DOMAIN_LIST_FILTERS_ALL, MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st = mv_lxc_lock(conn);
    int n = mv_domain_list_export(st->doms, conn, domains, flags);
    mv_lxc_unlock(st);
    return n;
}

char *mv_lxc_get_xml(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                             VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE,
                             MV_LXC_ERR, __func__) < 0)
        return NULL;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return NULL;
    bool inactive = (flags & VIR_DOMAIN_XML_INACTIVE) && d->obj->new_def;
    char *xml = mv_domain_def_format(inactive ? d->obj->new_def : d->obj->def, flags);
    mv_lxc_unlock(st);
    return xml;
}

int mv_lxc_get_info(virDomainPtr dom, virDomainInfoPtr info)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    memset(info, 0, sizeof(*info));
    info->state = (unsigned char)d->obj->state;
    info->maxMem = d->obj->def->memory;
    info->nrVirtCpu = (unsigned short)d->obj->def->vcpus_current;
    info->memory = d->obj->def->current_memory;
    if (mv_lxc_dom_active(d) && d->run.cg) {
        info->cpuTime = mv_cgroup_cpu_ns(d->run.cg);
        info->memory = mv_cgroup_mem_kib(d->run.cg);
    }
    mv_lxc_unlock(st);
    return 0;
}

int mv_lxc_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    *state = d->obj->state;
    if (reason)
        *reason = d->obj->reason;
    mv_lxc_unlock(st);
    return 0;
}

char *mv_lxc_get_os_type(virDomainPtr dom)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return NULL;
    mv_lxc_unlock(st);
    return g_strdup("exe");
}

unsigned long long mv_lxc_get_max_memory(virDomainPtr dom)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return 0;
    unsigned long long m = d->obj->def->memory;
    mv_lxc_unlock(st);
    return m;
}

int mv_lxc_get_vcpus(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                             VIR_DOMAIN_VCPU_MAXIMUM, MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    const mv_domain_def *def = (flags & VIR_DOMAIN_AFFECT_CONFIG) && d->obj->new_def ? d->obj->new_def : d->obj->def;
    int n = (int)((flags & VIR_DOMAIN_VCPU_MAXIMUM) ? def->vcpus_max : def->vcpus_current);
    mv_lxc_unlock(st);
    return n;
}

/* As libvirt's LXC driver: the maximum (<memory>) changes in the
 * persistent definition only; the current amount is the memory cgroup's
 * limit of the running container, at most the maximum. */
int mv_lxc_set_memory(virDomainPtr dom, unsigned long memory, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                             VIR_DOMAIN_MEM_MAXIMUM, MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    bool active = mv_lxc_dom_active(d);
    bool live = (flags & VIR_DOMAIN_AFFECT_LIVE) ||
                (!(flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) && active);
    bool config = (flags & VIR_DOMAIN_AFFECT_CONFIG) ||
                  (!(flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) && !active);
    mv_domain_def *cfg = d->obj->new_def ? d->obj->new_def : d->obj->def;
    int ret = -1;
    if (live && !active) {
        mv_lxc_report_not_running();
    } else if (config && !d->obj->persistent) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot change persistent config of a transient domain");
    } else if ((flags & VIR_DOMAIN_MEM_MAXIMUM) && live) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "Cannot resize the max memory on an active domain");
    } else if (!(flags & VIR_DOMAIN_MEM_MAXIMUM) &&
               ((live && memory > d->obj->def->memory) || (config && memory > cfg->memory))) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG, "Cannot set memory higher than max memory");
    } else if (live && mv_cgroup_set_memory(d->run.cg, memory) < 0) {
        /* reported */
    } else {
        ret = 0;
        if (live) {
            d->obj->def->current_memory = memory;
            ret = mv_lxc_status_save(st, d);
        }
        if (config && ret == 0) {
            if (flags & VIR_DOMAIN_MEM_MAXIMUM) {
                cfg->memory = memory;
                if (cfg->current_memory > memory)
                    cfg->current_memory = memory;
            } else {
                cfg->current_memory = memory;
            }
            ret = mv_lxc_config_save(st, cfg);
        }
    }
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_get_max_vcpus(virDomainPtr dom)
{
    return mv_lxc_get_vcpus(dom, VIR_DOMAIN_VCPU_MAXIMUM);
}

int mv_lxc_get_autostart(virDomainPtr dom, int *autostart)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    *autostart = d->obj->autostart;
    mv_lxc_unlock(st);
    return 0;
}

int mv_lxc_set_autostart(virDomainPtr dom, int autostart)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    if (!d->obj->persistent)
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot set autostart for transient domain");
    else if ((ret = mv_lxc_autostart_set(st, d->obj->def->name, autostart != 0)) == 0)
        d->obj->autostart = autostart != 0;
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_is_active(virDomainPtr dom)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int r = mv_lxc_dom_active(d);
    mv_lxc_unlock(st);
    return r;
}

int mv_lxc_is_persistent(virDomainPtr dom)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int r = d->obj->persistent;
    mv_lxc_unlock(st);
    return r;
}

int mv_lxc_is_updated(virDomainPtr dom)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_lxc_unlock(st);
    return 0;
}
