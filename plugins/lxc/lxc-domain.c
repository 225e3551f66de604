/* plugins/lxc/lxc-domain.c — domain definitions and queries: define and
 * undefine (atomic persistent XML), lookups, listing with libvirt's
 * filters, XML, info (CPU time and memory from the cgroups), state with
 * reasons, autostart. Handles are made after the lock is dropped where the
 * domain may change; ids are the supervisors' pids, as libvirt's are its
 * controllers'. */
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
    mv_lxc_dom *d = mv_lxc_dom_by_name(st, def->name);
    mv_lxc_dom *u = mv_lxc_dom_by_uuid(st, def->uuid);
    if ((d || u) && d != u) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        mv_uuid_format((u ? u : d)->def->uuid, uuid);
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_FAILED,
                        "domain '%s' already exists with uuid %s", (u ? u : d)->def->name, uuid);
        mv_lxc_unlock(st);
        mv_domain_def_free(def);
        return NULL;
    }
    if (mv_lxc_config_save(st, def) < 0) {
        mv_lxc_unlock(st);
        mv_domain_def_free(def);
        return NULL;
    }
    bool added = !d;
    if (!d) {
        d = mv_lxc_dom_add(st, def, &ex);
    } else if (mv_lxc_dom_active(d)) {
        mv_domain_def_free(d->newdef);
        d->newdef = def;
        d->newextra = ex;
    } else {
        mv_domain_def_free(d->def);
        d->def = def;
        d->extra = ex;
    }
    d->persistent = true;
    mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_DEFINED,
                     added ? VIR_DOMAIN_EVENT_DEFINED_ADDED : VIR_DOMAIN_EVENT_DEFINED_UPDATED);
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
    if (!d->persistent) {
        mv_lxc_unlock(st);
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID, "cannot undefine transient domain");
        return -1;
    }
    if (mv_lxc_config_remove(st, d->def->name) < 0) {
        mv_lxc_unlock(st);
        return -1;
    }
    mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    d->autostart = false;
    if (mv_lxc_dom_active(d)) {
        d->persistent = false;
        mv_domain_def_free(d->newdef);
        d->newdef = NULL;
        /* the definition is gone already: a stale status only makes a
         * later process keep the container persistent until it stops */
        if (mv_lxc_status_save(st, d) < 0) {
            mv_log(MV_LOG_WARN, MV_LXC_SRC, "%s", virGetLastErrorMessage());
            mv_error_reset();
        }
    } else {
        mv_lxc_dom_remove(st, d);
    }
    mv_lxc_unlock(st);
    return 0;
}

static virDomainPtr lookup(virConnectPtr conn, mv_lxc_dom *(*find)(mv_lxc_state *, const void *),
                           const void *key, const char *fmt, const char *what)
{
    mv_lxc_state *st = mv_lxc_lock(conn);
    mv_lxc_dom *d = find(st, key);
    virDomainPtr h = d ? mv_lxc_dom_handle(conn, d) : NULL;
    mv_lxc_unlock(st);
    if (!d)
        mv_error_report(MV_LXC_ERR, VIR_ERR_NO_DOMAIN, fmt, what);
    return h;
}

static mv_lxc_dom *find_name(mv_lxc_state *st, const void *k) { return mv_lxc_dom_by_name(st, k); }
static mv_lxc_dom *find_uuid(mv_lxc_state *st, const void *k) { return mv_lxc_dom_by_uuid(st, k); }
static mv_lxc_dom *find_id(mv_lxc_state *st, const void *k) { return mv_lxc_dom_by_id(st, *(const int *)k); }

virDomainPtr mv_lxc_lookup_name(virConnectPtr conn, const char *name)
{
    return lookup(conn, find_name, name, "no domain with matching name '%s'", name);
}

virDomainPtr mv_lxc_lookup_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    char s[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(uuid, s);
    return lookup(conn, find_uuid, uuid, "no domain with matching uuid '%s'", s);
}

virDomainPtr mv_lxc_lookup_id(virConnectPtr conn, int id)
{
    char s[32];
    g_snprintf(s, sizeof(s), "%d", id);
    return lookup(conn, find_id, &id, "no domain with matching id %s", s);
}

#define LIST_FLAGS (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE | \
    VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT | \
    VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED | \
    VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER | \
    VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE | \
    VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART | \
    VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT | \
    VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT)

/* libvirt's filter groups: a group with no bit set matches everything. */
static bool list_match(const mv_lxc_dom *d, unsigned int f)
{
    bool active = mv_lxc_dom_active(d);
#define GROUP(a, b, ca, cb) \
    if ((f & ((a) | (b))) && !(((f & (a)) && (ca)) || ((f & (b)) && (cb)))) return false
    GROUP(VIR_CONNECT_LIST_DOMAINS_ACTIVE, VIR_CONNECT_LIST_DOMAINS_INACTIVE, active, !active);
    GROUP(VIR_CONNECT_LIST_DOMAINS_PERSISTENT, VIR_CONNECT_LIST_DOMAINS_TRANSIENT,
          d->persistent, !d->persistent);
    GROUP(VIR_CONNECT_LIST_DOMAINS_AUTOSTART, VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART,
          d->autostart, !d->autostart);
    GROUP(VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, false, true);
    GROUP(VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT, VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT, false, true);
    GROUP(VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT, VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT, false, true);
#undef GROUP
    unsigned int states = f & (VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                               VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER);
    if (states) {
        unsigned int mine = d->state == VIR_DOMAIN_RUNNING ? VIR_CONNECT_LIST_DOMAINS_RUNNING
                          : d->state == VIR_DOMAIN_PAUSED ? VIR_CONNECT_LIST_DOMAINS_PAUSED
                          : d->state == VIR_DOMAIN_SHUTOFF ? VIR_CONNECT_LIST_DOMAINS_SHUTOFF
                          : VIR_CONNECT_LIST_DOMAINS_OTHER;
        if (!(states & mine))
            return false;
    }
    return true;
}

int mv_lxc_list_all(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    if (mv_error_check_flags(flags, LIST_FLAGS, MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st = mv_lxc_lock(conn);
    GPtrArray *list = g_ptr_array_new();
    for (guint i = 0; i < st->doms->len; i++) {
        mv_lxc_dom *d = st->doms->pdata[i];
        if (!list_match(d, flags))
            continue;
        if (!domains) {
            g_ptr_array_add(list, NULL);
            continue;
        }
        virDomainPtr h = mv_lxc_dom_handle(conn, d);
        if (!h) {
            for (guint j = 0; j < list->len; j++)
                virDomainFree(list->pdata[j]);
            g_ptr_array_free(list, TRUE);
            mv_lxc_unlock(st);
            return -1;
        }
        g_ptr_array_add(list, h);
    }
    mv_lxc_unlock(st);
    int n = (int)list->len;
    if (domains) {
        g_ptr_array_add(list, NULL);
        *domains = (virDomainPtr *)g_ptr_array_free(list, FALSE);
    } else {
        g_ptr_array_free(list, TRUE);
    }
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
    bool inactive = (flags & VIR_DOMAIN_XML_INACTIVE) && d->newdef;
    char *xml = mv_domain_def_format(inactive ? d->newdef : d->def, flags);
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
    info->state = (unsigned char)d->state;
    info->maxMem = d->def->memory;
    info->nrVirtCpu = (unsigned short)d->def->vcpus_current;
    info->memory = d->def->current_memory;
    if (mv_lxc_dom_active(d) && d->run.cg) {
        info->cpuTime = mv_lxc_cgroup_cpu_ns(d->run.cg);
        info->memory = mv_lxc_cgroup_mem_kib(d->run.cg);
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
    *state = d->state;
    if (reason)
        *reason = d->reason;
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
    unsigned long long m = d->def->memory;
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
    const mv_domain_def *def = (flags & VIR_DOMAIN_AFFECT_CONFIG) && d->newdef ? d->newdef : d->def;
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
    mv_domain_def *cfg = d->newdef ? d->newdef : d->def;
    int ret = -1;
    if (live && !active) {
        mv_lxc_report_not_running();
    } else if (config && !d->persistent) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot change persistent config of a transient domain");
    } else if ((flags & VIR_DOMAIN_MEM_MAXIMUM) && live) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "Cannot resize the max memory on an active domain");
    } else if (!(flags & VIR_DOMAIN_MEM_MAXIMUM) &&
               ((live && memory > d->def->memory) || (config && memory > cfg->memory))) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INVALID_ARG, "Cannot set memory higher than max memory");
    } else if (live && mv_lxc_cgroup_set_memory(d->run.cg, memory) < 0) {
        /* reported */
    } else {
        ret = 0;
        if (live) {
            d->def->current_memory = memory;
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
    *autostart = d->autostart;
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
    if (!d->persistent)
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot set autostart for transient domain");
    else if ((ret = mv_lxc_autostart_set(st, d->def->name, autostart != 0)) == 0)
        d->autostart = autostart != 0;
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
    int r = d->persistent;
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
