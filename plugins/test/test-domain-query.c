/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-query.c — the test driver's domain lookups,
 * listing with libvirt's filter flags, and the getters and setters of
 * info, state, memory, vCPUs, XML and autostart, with live/config
 * semantics as libvirt's test driver has them. */
#include "test-domain.h"

#include <string.h>

#define MV_TEST_MAX_VCPUS 32

/* --- listing and lookups ----------------------------------------------- */

int mv_test_list_all_domains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    mv_test_state *st;
    int n;

    MV_TEST_CHECK_FLAGS(flags, MV_DOMAIN_LIST_FILTERS_ALL, "testConnectListAllDomains", -1);
    st = mv_test_lock(conn);
    n = mv_domain_list_export(st->doms, conn, domains, flags);
    mv_test_unlock(st);
    return n;
}

/* A handle for the domain LOOKUP found (NULL: error already reported). */
#define MV_TEST_LOOKUP(conn, lookup) ({ \
    mv_test_state *st_ = mv_test_lock(conn); \
    mv_domain_obj *d_ = (lookup); \
    virDomainPtr h_ = d_ ? mv_domain_obj_handle(conn, d_) : NULL; \
    mv_test_unlock(st_); \
    h_; })

virDomainPtr mv_test_domain_lookup_id(virConnectPtr conn, int id)
{
    return MV_TEST_LOOKUP(conn, mv_test_dom_by_id(st_, id));
}

virDomainPtr mv_test_domain_lookup_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    return MV_TEST_LOOKUP(conn, mv_test_dom_by_uuid(st_, uuid));
}

virDomainPtr mv_test_domain_lookup_name(virConnectPtr conn, const char *name)
{
    return MV_TEST_LOOKUP(conn, mv_test_dom_by_name(st_, name));
}

/* --- info and state ---------------------------------------------------- */

static unsigned int mv_test_vcpus(const mv_domain_def *def)
{
    return def->vcpus_current ? def->vcpus_current : def->vcpus_max;
}

int mv_test_domain_get_info(virDomainPtr dom, virDomainInfoPtr info)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);

    if (!d)
        return -1;
    info->state = d->state;
    info->maxMem = d->def->memory;
    info->memory = d->def->current_memory;
    info->nrVirtCpu = mv_test_vcpus(d->def);
    /* libvirt's test driver reports the wall clock time in ns. */
    info->cpuTime = (unsigned long long)g_get_real_time() * 1000;
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;

    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetState", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    *state = d->state;
    if (reason)
        *reason = d->reason;
    mv_test_unlock(st);
    return 0;
}

char *mv_test_domain_get_os_type(virDomainPtr dom)
{
    mv_test_state *st;

    if (!mv_test_dom_lock(dom, &st))
        return NULL;
    mv_test_unlock(st);
    return g_strdup("linux");
}

unsigned long long mv_test_domain_get_max_memory(virDomainPtr dom)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    unsigned long long mem;

    if (!d)
        return 0;
    mem = d->def->memory;
    mv_test_unlock(st);
    return mem;
}

/* --- memory ------------------------------------------------------------ */

static int mv_test_set_memory_locked(mv_domain_obj *d, unsigned long memory, unsigned int flags)
{
    mv_domain_def *live, *config;

    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && (flags & VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                        "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        return -1;
    }
    if (mv_domain_obj_get_defs(d, flags, &live, &config) < 0)
        return -1;
    if (flags & VIR_DOMAIN_MEM_MAXIMUM) {
        if (live) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID,
                            "cannot resize the maximum memory on an active domain");
            return -1;
        }
        config->memory = memory;
        if (config->current_memory > memory)
            config->current_memory = memory;
        return 0;
    }
    mv_domain_def *def = live ? live : config;
    if (memory > def->memory) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "cannot set memory higher than max memory");
        return -1;
    }
    def->current_memory = memory;
    return 0;
}

/* Runs a setter on DOM's domain under the lock. */
static int mv_test_dom_set(virDomainPtr dom, int (*set)(mv_domain_obj *, unsigned long, unsigned int),
                           unsigned long value, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    int ret;

    if (!d)
        return -1;
    ret = set(d, value, flags);
    mv_test_unlock(st);
    return ret;
}

int mv_test_domain_set_memory(virDomainPtr dom, unsigned long memory, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                        VIR_DOMAIN_MEM_MAXIMUM, "testDomainSetMemoryFlags", -1);
    return mv_test_dom_set(dom, mv_test_set_memory_locked, memory, flags);
}

/* --- vCPUs ------------------------------------------------------------- */

static int mv_test_set_vcpus_locked(mv_domain_obj *d, unsigned long value, unsigned int flags)
{
    unsigned int n = (unsigned int)value;
    mv_domain_def *live, *config;

    if (mv_domain_obj_get_defs(d, flags, &live, &config) < 0)
        return -1;
    if (flags & VIR_DOMAIN_VCPU_MAXIMUM) {
        /* The core made sure CONFIG is set and LIVE is not. */
        config->vcpus_max = n;
        if (mv_test_vcpus(config) > n)
            config->vcpus_current = n;
        mv_domain_def_trim_vcpupin(config);
        return 0;
    }
    for (int i = 0; i < 2; i++) {
        mv_domain_def *def = i ? config : live;
        if (def && n > def->vcpus_max) {
            mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                            "requested cpu amount exceeds maximum (%u > %u)", n, def->vcpus_max);
            return -1;
        }
    }
    if (live)
        live->vcpus_current = n;
    if (config)
        config->vcpus_current = n;
    return 0;
}

int mv_test_domain_set_vcpus(virDomainPtr dom, unsigned int nvcpus, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                        VIR_DOMAIN_VCPU_MAXIMUM, "testDomainSetVcpusFlags", -1);
    if (nvcpus > MV_TEST_MAX_VCPUS) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "requested cpu amount exceeds maximum supported amount (%u > %d)",
                        nvcpus, MV_TEST_MAX_VCPUS);
        return -1;
    }
    return mv_test_dom_set(dom, mv_test_set_vcpus_locked, nvcpus, flags);
}

int mv_test_domain_get_vcpus(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;
    mv_domain_def *live, *config;
    int ret = -1;

    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                        VIR_DOMAIN_VCPU_MAXIMUM, "testDomainGetVcpusFlags", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (mv_domain_obj_get_defs(d, flags, &live, &config) == 0) {
        mv_domain_def *def = live ? live : config;
        ret = (int)((flags & VIR_DOMAIN_VCPU_MAXIMUM) ? def->vcpus_max : mv_test_vcpus(def));
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_domain_get_max_vcpus(virDomainPtr dom)
{
    return mv_test_domain_get_vcpus(dom, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_VCPU_MAXIMUM);
}

/* --- XML, autostart, flags --------------------------------------------- */

char *mv_test_domain_get_xml(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;
    const mv_domain_def *def;
    char *xml;

    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                        VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE,
                        "testDomainGetXMLDesc", NULL);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return NULL;
    def = (flags & VIR_DOMAIN_XML_INACTIVE) && d->new_def ? d->new_def : d->def;
    if (!mv_domain_obj_is_active(d))
        flags |= VIR_DOMAIN_XML_INACTIVE;
    xml = mv_domain_def_format(def, flags);
    mv_test_unlock(st);
    return xml;
}

int mv_test_domain_get_autostart(virDomainPtr dom, int *autostart)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);

    if (!d)
        return -1;
    *autostart = d->autostart;
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_set_autostart(virDomainPtr dom, int autostart)
{
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);

    if (!d)
        return -1;
    d->autostart = autostart != 0;
    mv_test_unlock(st);
    return 0;
}

/* The boolean queries: FIELD of the domain, or -1 with an error. */
#define MV_TEST_DOM_BOOL(dom, expr) ({ \
    mv_test_state *st_; \
    mv_domain_obj *d_ = mv_test_dom_lock(dom, &st_); \
    int r_ = -1; \
    if (d_) { \
        r_ = (expr) ? 1 : 0; \
        mv_test_unlock(st_); \
    } \
    r_; })

int mv_test_domain_is_active(virDomainPtr dom)
{
    return MV_TEST_DOM_BOOL(dom, mv_domain_obj_is_active(d_));
}

int mv_test_domain_is_persistent(virDomainPtr dom)
{
    return MV_TEST_DOM_BOOL(dom, d_->persistent);
}

/* No call of the test driver changes a running domain's definition in a
 * way its persistent one lacks (libvirt's test driver only does so for
 * device hotplug, which it does not have here). */
int mv_test_domain_is_updated(virDomainPtr dom)
{
    return MV_TEST_DOM_BOOL(dom, false);
}
