/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* example.c — a complete modvirt hypervisor driver built out of tree.
 *
 * It serves example:///default: a list of pretend domains kept in memory and
 * shared by every connection of the process (it starts again from "alpha",
 * running, and "beta", shut off, once the last connection closes). No guest
 * ever runs; the point is the shape of a driver: the descriptor, the
 * registration, connectOpen's three answers, locking, handles and errors.
 * Domains are <domain type='example'> documents, parsed and formatted by the
 * core's XML definitions (modvirt-plugin/conf-domain.h), and kept in the
 * core's domain list (modvirt-plugin/domain-list.h), which applies libvirt's
 * rules for duplicates, transient domains, lookups and listing filters; the
 * driver adds only its own checks and what its guests do. It has domains
 * only: no network, storage or interface table.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/domain-list.h>

/* A core older than plugin ABI 1.2 has no domain list: a build that
 * targets one (MV_PLUGIN_ABI_MIN_REQUIRED, docs/abi-policy.md) brings the
 * part of it this driver uses. */
#if MV_PLUGIN_ABI_MIN_REQUIRED < MV_PLUGIN_ABI_1_2
# include "domain-list-compat.h"
#endif

/* libvirt has no error domain for a third-party driver. */
#define EX_ERR_DOMAIN VIR_FROM_NONE

#define EX_LOG_SOURCE "plugin.example"
#define EX_VERSION_STRING "1.0.0"
#define EX_VERSION_NUMBER 1000000UL     /* major * 1000000 + minor * 1000 + micro */

/* Rejects flags this driver does not know, with libvirt's error
 * (mv_error_check_flags in <modvirt-plugin/error.h>). */
#define EX_CHECK_FLAGS(flags, supported, failret) \
    do { \
        if (mv_error_check_flags((flags), (unsigned int)(supported), EX_ERR_DOMAIN, \
                                 __func__) < 0) \
            return failret; \
    } while (0)

/* Limits of this driver, checked by ex_post_parse. */
#define EX_NAME_MAX 255
#define EX_VCPUS_MAX 64

typedef struct ex_state {
    unsigned int conns;    /* connections using this state */
    /* The domains, in the core's domain list (plugin ABI 1.2): its
     * duplicate rules, lookups, filters and definition swaps are
     * libvirt's, so the driver writes none of them. The driver's lock
     * guards it, as everything else here. */
    mv_domain_list *doms;
    int next_id;           /* the id the next domain to start gets */
} ex_state;

/* Slots run on many application threads at once; this lock guards
 * ex_shared and everything reachable from it. */
static pthread_mutex_t ex_lock = PTHREAD_MUTEX_INITIALIZER;
static ex_state *ex_shared;

/* --- XML ---------------------------------------------------------------- */

/* The driver's own checks, called by the core's parser once the generic
 * parsing and defaults are done. The seed domains are parsed with ex_lock
 * held, so this must not take it. */
static int ex_post_parse(mv_domain_def *def, unsigned int flags, void *opaque)
{
    if (strlen(def->name) > EX_NAME_MAX) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "domain name is longer than %d bytes", EX_NAME_MAX);
        return -1;
    }
    if (def->vcpus_max > EX_VCPUS_MAX) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "domain '%s' has %u vCPUs: the example driver runs at most %d",
                        def->name, def->vcpus_max, EX_VCPUS_MAX);
        return -1;
    }
    return 0;
}

/* The <domain type> this driver serves: its own. A core older than plugin
 * ABI 1.2 knows only the types libvirt's drivers share, so a build that
 * targets one (MV_PLUGIN_ABI_MIN_REQUIRED, docs/abi-policy.md) serves
 * type 'test' instead. */
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_2
# define EX_VIRT_TYPE "example"
#else
# define EX_VIRT_TYPE "test"
#endif

/* What the core's parser needs from this driver: the one <domain type> it
 * serves, and its defaults and checks. */
static const mv_domain_xmlopt ex_xmlopt = {
    .size = sizeof(mv_domain_xmlopt),
    .virt_types = (const char *const[]){ EX_VIRT_TYPE, NULL },
    .default_arch = "x86_64",
    .post_parse = ex_post_parse,
};

/* A definition from XML, or NULL with the parser's error reported (libvirt's
 * codes and messages). The id in the document, if any, is ignored: the
 * driver gives ids when domains start. */
static mv_domain_def *ex_def_parse(const char *xml)
{
    return mv_domain_def_parse(xml, &ex_xmlopt, MV_DOMAIN_PARSE_INACTIVE);
}

/* --- state ------------------------------------------------------------- */

/* Starts D (shut off) with the next id, paused if asked. 0, or -1 with an
 * error. */
static int ex_dom_start(ex_state *st, mv_domain_obj *d, bool paused)
{
    return mv_domain_list_set_active(st->doms, d, NULL, st->next_id++,
                                     paused ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING,
                                     paused ? VIR_DOMAIN_PAUSED_USER : VIR_DOMAIN_RUNNING_BOOTED);
}

static void ex_state_free(ex_state *st)
{
    mv_domain_list_free(st->doms);
    free(st);
}

static int ex_state_seed(ex_state *st)
{
    static const struct {
        const char *xml;
        bool running;
    } seed[] = {
        { "<domain type='" EX_VIRT_TYPE "'>"
          "<name>alpha</name><uuid>3f9c2a61-5b0e-4d7a-9e21-6c8b0d4f7a11</uuid>"
          "<memory unit='KiB'>524288</memory><vcpu>2</vcpu>"
          "<os><type>hvm</type></os>"
          "</domain>", true },
        { "<domain type='" EX_VIRT_TYPE "'>"
          "<name>beta</name><uuid>8d41e7b2-0c6f-4a93-b5d8-2e7f19a3c402</uuid>"
          "<memory unit='KiB'>262144</memory><vcpu>1</vcpu>"
          "<os><type>hvm</type></os>"
          "</domain>", false },
    };

    for (size_t i = 0; i < sizeof(seed) / sizeof(seed[0]); i++) {
        mv_domain_def *def;
        mv_domain_obj *d;

        if (!(def = ex_def_parse(seed[i].xml)))
            return -1;
        /* Added as a definition: persistent and shut off. */
        if (!(d = mv_domain_list_add(st->doms, def, 0, NULL))) {
            mv_domain_def_free(def);
            return -1;
        }
        if (seed[i].running && ex_dom_start(st, d, false) < 0)
            return -1;
    }
    return 0;
}

/* Takes a reference on the shared state, creating it for the first
 * connection. */
static ex_state *ex_state_acquire(void)
{
    ex_state *st;

    pthread_mutex_lock(&ex_lock);
    if (!ex_shared) {
        if (!(st = calloc(1, sizeof(*st))) ||
            !(st->doms = mv_domain_list_new(EX_ERR_DOMAIN, NULL))) {
            free(st);
            pthread_mutex_unlock(&ex_lock);
            mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_MEMORY, NULL);
            return NULL;
        }
        st->next_id = 1;
        if (ex_state_seed(st) < 0) {
            ex_state_free(st);
            pthread_mutex_unlock(&ex_lock);
            return NULL;
        }
        ex_shared = st;
    }
    st = ex_shared;
    st->conns++;
    pthread_mutex_unlock(&ex_lock);
    return st;
}

static void ex_state_release(ex_state *st)
{
    pthread_mutex_lock(&ex_lock);
    if (--st->conns == 0) {
        ex_state_free(st);
        ex_shared = NULL;
    }
    pthread_mutex_unlock(&ex_lock);
}

static ex_state *ex_conn_state(virConnectPtr conn)
{
    return mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);
}

/* Locks the state and finds the domain DOM names. On failure the lock is
 * released and VIR_ERR_NO_DOMAIN reported ("no domain with matching uuid
 * 'UUID' (NAME)": a handle can outlive its domain). */
static mv_domain_obj *ex_lock_dom(virDomainPtr dom, ex_state **stp)
{
    ex_state *st = ex_conn_state(virDomainGetConnect(dom));
    mv_domain_obj *d;

    pthread_mutex_lock(&ex_lock);
    if ((d = mv_domain_list_lookup_domain(st->doms, dom))) {
        *stp = st;
        return d;
    }
    pthread_mutex_unlock(&ex_lock);
    return NULL;
}

static void ex_unlock(void)
{
    pthread_mutex_unlock(&ex_lock);
}

static void ex_report_not_running(void)
{
    mv_error_report(EX_ERR_DOMAIN, VIR_ERR_OPERATION_INVALID, "domain is not running");
}

/* --- connection -------------------------------------------------------- */

/* Never the default driver: a URI must name example:// explicitly. */
static char *ex_connect_uri_probe(void)
{
    return NULL;
}

static mv_open_status ex_connect_open(virConnectPtr conn, const mv_uri *uri,
                                      virConnectAuthPtr auth, unsigned int flags)
{
    ex_state *st;

    EX_CHECK_FLAGS(flags, VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES, MV_OPEN_ERROR);

    /* A server or transport means a remote connection: not ours. */
    if (uri->server || uri->transport)
        return MV_OPEN_DECLINED;
    if (!uri->path || strcmp(uri->path, "/default") != 0) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_INVALID_ARG,
                        "unknown path '%s' in '%s': the example driver serves only example:///default",
                        uri->path ? uri->path : "", uri->original);
        return MV_OPEN_ERROR;
    }

    if (!(st = ex_state_acquire()))
        return MV_OPEN_ERROR;
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, st);
    mv_log(MV_LOG_DEBUG, EX_LOG_SOURCE, "opened %s%s", uri->original,
           (flags & VIR_CONNECT_RO) ? " read-only" : "");
    return MV_OPEN_SUCCESS;
}

static int ex_connect_close(virConnectPtr conn)
{
    ex_state *st = ex_conn_state(conn);

    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, NULL);
    if (st)
        ex_state_release(st);
    return 0;
}

static int ex_connect_get_version(virConnectPtr conn, unsigned long *hvVer)
{
    *hvVer = EX_VERSION_NUMBER;
    return 0;
}

static int ex_node_get_info(virConnectPtr conn, virNodeInfoPtr info)
{
    /* A pretend host: 4 cores, 8 GiB. */
    memset(info, 0, sizeof(*info));
    snprintf(info->model, sizeof(info->model), "x86_64");
    info->memory = 8UL * 1024 * 1024;
    info->cpus = 4;
    info->mhz = 2000;
    info->nodes = 1;
    info->sockets = 1;
    info->cores = 4;
    info->threads = 1;
    return 0;
}

/* --- listing and lookup ------------------------------------------------ */

static int ex_connect_list_all_domains(virConnectPtr conn, virDomainPtr **domains,
                                       unsigned int flags)
{
    ex_state *st = ex_conn_state(conn);
    int n;

    /* The core passes the application's flags through unchecked, and the
     * old listing calls (virConnectNumOfDomains, ...) come here with ACTIVE
     * or INACTIVE, so the driver checks them and the list applies them:
     * every filter libvirt defines, the groups about what this driver does
     * not have (autostart, managed save, snapshots, checkpoints) included,
     * whose answer is "no". */
    EX_CHECK_FLAGS(flags, MV_DOMAIN_LIST_FILTERS_ALL, -1);

    /* The caller owns the array (NULL-terminated, from malloc) and each
     * handle in it. Handles are made with the lock held: mv_domain_new
     * calls into no driver. */
    pthread_mutex_lock(&ex_lock);
    n = mv_domain_list_export(st->doms, conn, domains, flags);
    pthread_mutex_unlock(&ex_lock);
    return n;
}

static virDomainPtr ex_domain_lookup_by_id(virConnectPtr conn, int id)
{
    ex_state *st = ex_conn_state(conn);
    virDomainPtr dom = NULL;
    mv_domain_obj *d;

    pthread_mutex_lock(&ex_lock);
    if ((d = mv_domain_list_lookup_id(st->doms, id)))
        dom = mv_domain_obj_handle(conn, d);
    pthread_mutex_unlock(&ex_lock);
    return dom;
}

static virDomainPtr ex_domain_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    ex_state *st = ex_conn_state(conn);
    virDomainPtr dom = NULL;
    mv_domain_obj *d;

    pthread_mutex_lock(&ex_lock);
    if ((d = mv_domain_list_lookup_uuid(st->doms, uuid)))
        dom = mv_domain_obj_handle(conn, d);
    pthread_mutex_unlock(&ex_lock);
    return dom;
}

static virDomainPtr ex_domain_lookup_by_name(virConnectPtr conn, const char *name)
{
    ex_state *st = ex_conn_state(conn);
    virDomainPtr dom = NULL;
    mv_domain_obj *d;

    pthread_mutex_lock(&ex_lock);
    if ((d = mv_domain_list_lookup_name(st->doms, name)))
        dom = mv_domain_obj_handle(conn, d);
    pthread_mutex_unlock(&ex_lock);
    return dom;
}

/* --- define, create, undefine ------------------------------------------ */

static virDomainPtr ex_domain_define_xml_flags(virConnectPtr conn, const char *xml,
                                               unsigned int flags)
{
    ex_state *st = ex_conn_state(conn);
    mv_domain_def *def, *old = NULL;
    virDomainPtr dom = NULL;
    mv_domain_obj *d;

    /* There is no schema to check beyond what the parser refuses anyway. */
    EX_CHECK_FLAGS(flags, VIR_DOMAIN_DEFINE_VALIDATE, NULL);

    if (!(def = ex_def_parse(xml)))
        return NULL;

    /* The list refuses another domain's name or UUID with libvirt's errors,
     * and otherwise adds the domain or gives it the new definition (the one
     * it gets back when it stops, if it runs). */
    pthread_mutex_lock(&ex_lock);
    if ((d = mv_domain_list_add(st->doms, def, 0, &old)))
        dom = mv_domain_obj_handle(conn, d);
    pthread_mutex_unlock(&ex_lock);
    if (!d) {
        mv_domain_def_free(def);
        return NULL;
    }
    mv_domain_def_free(old);

    if (dom)
        mv_log(MV_LOG_INFO, EX_LOG_SOURCE, "defined domain '%s'", virDomainGetName(dom));
    return dom;
}

static virDomainPtr ex_domain_create_xml(virConnectPtr conn, const char *xml,
                                         unsigned int flags)
{
    ex_state *st = ex_conn_state(conn);
    virDomainPtr dom = NULL;
    mv_domain_def *def;
    mv_domain_obj *d;

    EX_CHECK_FLAGS(flags, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE, NULL);

    if (!(def = ex_def_parse(xml)))
        return NULL;

    /* A new domain is transient and vanishes when it stops. Started from
     * new XML, a defined, inactive domain runs that XML and has its own
     * definition back when it stops. One that runs already is refused. */
    pthread_mutex_lock(&ex_lock);
    d = mv_domain_list_add(st->doms, def, MV_DOMAIN_LIST_ADD_LIVE |
                           MV_DOMAIN_LIST_ADD_CHECK_LIVE, NULL);
    if (!d) {
        pthread_mutex_unlock(&ex_lock);
        mv_domain_def_free(def);
        return NULL;
    }
    if (ex_dom_start(st, d, flags & VIR_DOMAIN_START_PAUSED) == 0)
        dom = mv_domain_obj_handle(conn, d);
    else
        mv_domain_list_set_inactive(st->doms, d, d->reason);   /* as it was */
    pthread_mutex_unlock(&ex_lock);

    if (dom)
        mv_log(MV_LOG_INFO, EX_LOG_SOURCE, "started domain '%s' with id %d",
               virDomainGetName(dom), (int)virDomainGetID(dom));
    return dom;
}

static int ex_domain_undefine_flags(virDomainPtr dom, unsigned int flags)
{
    ex_state *st;
    mv_domain_obj *d;

    /* There is no managed save or snapshot metadata to remove. */
    EX_CHECK_FLAGS(flags, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                   VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA, -1);

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    if (!d->persistent) {
        ex_unlock();
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "cannot undefine transient domain");
        return -1;
    }
    /* A running domain stays until it stops, as a transient one. */
    mv_domain_list_undefine(st->doms, d);
    ex_unlock();
    return 0;
}

/* --- life cycle -------------------------------------------------------- */

static int ex_domain_create_with_flags(virDomainPtr dom, unsigned int flags)
{
    ex_state *st;
    mv_domain_obj *d;
    int ret, id;

    EX_CHECK_FLAGS(flags, VIR_DOMAIN_START_PAUSED, -1);

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    if (mv_domain_obj_is_active(d)) {
        ex_unlock();
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "domain is already running");
        return -1;
    }
    ret = ex_dom_start(st, d, flags & VIR_DOMAIN_START_PAUSED);
    id = d->def->id;
    ex_unlock();

    /* The application's handle now reports the new id. */
    mv_domain_set_id(dom, id);
    return ret;
}

static int ex_domain_stop(virDomainPtr dom, int reason)
{
    ex_state *st;
    mv_domain_obj *d;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    if (!mv_domain_obj_is_active(d)) {
        ex_unlock();
        ex_report_not_running();
        return -1;
    }
    /* Shut off; a transient domain then ceases to exist. */
    mv_domain_list_set_inactive(st->doms, d, reason);
    ex_unlock();

    mv_domain_set_id(dom, -1);
    return 0;
}

static int ex_domain_destroy_flags(virDomainPtr dom, unsigned int flags)
{
    /* A pretend guest stops at once, gracefully or not. */
    EX_CHECK_FLAGS(flags, VIR_DOMAIN_DESTROY_GRACEFUL, -1);
    return ex_domain_stop(dom, VIR_DOMAIN_SHUTOFF_DESTROYED);
}

static int ex_domain_shutdown_flags(virDomainPtr dom, unsigned int flags)
{
    EX_CHECK_FLAGS(flags, 0, -1);
    return ex_domain_stop(dom, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
}

static int ex_domain_suspend(virDomainPtr dom)
{
    ex_state *st;
    mv_domain_obj *d;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    if (d->state != VIR_DOMAIN_RUNNING) {
        bool paused = d->state == VIR_DOMAIN_PAUSED;

        ex_unlock();
        if (paused)
            mv_error_report(EX_ERR_DOMAIN, VIR_ERR_OPERATION_INVALID,
                            "domain is already paused");
        else
            ex_report_not_running();
        return -1;
    }
    d->state = VIR_DOMAIN_PAUSED;
    d->reason = VIR_DOMAIN_PAUSED_USER;
    ex_unlock();
    return 0;
}

static int ex_domain_resume(virDomainPtr dom)
{
    ex_state *st;
    mv_domain_obj *d;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    if (d->state != VIR_DOMAIN_PAUSED) {
        bool running = d->state == VIR_DOMAIN_RUNNING;

        ex_unlock();
        if (running)
            mv_error_report(EX_ERR_DOMAIN, VIR_ERR_OPERATION_INVALID,
                            "domain is not paused");
        else
            ex_report_not_running();
        return -1;
    }
    d->state = VIR_DOMAIN_RUNNING;
    d->reason = VIR_DOMAIN_RUNNING_UNPAUSED;
    ex_unlock();
    return 0;
}

/* --- queries ----------------------------------------------------------- */

static int ex_domain_get_info(virDomainPtr dom, virDomainInfoPtr info)
{
    ex_state *st;
    mv_domain_obj *d;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    memset(info, 0, sizeof(*info));
    info->state = (unsigned char)d->state;
    info->maxMem = (unsigned long)d->def->memory;
    info->memory = (unsigned long)d->def->current_memory;
    info->nrVirtCpu = (unsigned short)d->def->vcpus_current;
    info->cpuTime = 0;          /* nothing runs, so no time is used */
    ex_unlock();
    return 0;
}

static int ex_domain_get_state(virDomainPtr dom, int *state, int *reason,
                               unsigned int flags)
{
    ex_state *st;
    mv_domain_obj *d;

    EX_CHECK_FLAGS(flags, 0, -1);

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    *state = d->state;
    if (reason)
        *reason = d->reason;
    ex_unlock();
    return 0;
}

static char *ex_domain_get_xml_desc(virDomainPtr dom, unsigned int flags)
{
    ex_state *st;
    mv_domain_obj *d;
    char *xml;

    EX_CHECK_FLAGS(flags, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE, NULL);

    if (!(d = ex_lock_dom(dom, &st)))
        return NULL;
    /* The formatter writes the id unless VIR_DOMAIN_XML_INACTIVE asks for the
     * inactive form, which is the pending definition of a running domain
     * when it has one. It only reads the definition, so holding the lock
     * is what keeps a redefinition from freeing it meanwhile. */
    xml = mv_domain_def_format((flags & VIR_DOMAIN_XML_INACTIVE) && d->new_def ? d->new_def
                                                                             : d->def, flags);
    ex_unlock();
    return xml;
}

static int ex_domain_is_active(virDomainPtr dom)
{
    ex_state *st;
    mv_domain_obj *d;
    int ret;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    ret = mv_domain_obj_is_active(d);
    ex_unlock();
    return ret;
}

static int ex_domain_is_persistent(virDomainPtr dom)
{
    ex_state *st;
    mv_domain_obj *d;
    int ret;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    ret = d->persistent;
    ex_unlock();
    return ret;
}

static char *ex_domain_get_os_type(virDomainPtr dom)
{
    ex_state *st;
    mv_domain_obj *d;
    char *type;

    if (!(d = ex_lock_dom(dom, &st)))
        return NULL;
    /* Returned strings belong to the caller and must come from malloc. */
    type = strdup(d->def->os->type);
    ex_unlock();
    if (!type)
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_MEMORY, NULL);
    return type;
}

static unsigned long long ex_domain_get_max_memory(virDomainPtr dom)
{
    ex_state *st;
    mv_domain_obj *d;
    unsigned long long mem;

    if (!(d = ex_lock_dom(dom, &st)))
        return 0;               /* libvirt's failure value for this call */
    mem = d->def->memory;
    ex_unlock();
    return mem;
}

/* --- registration ------------------------------------------------------ */

static const mv_hypervisor_driver ex_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    .connectURIProbe = ex_connect_uri_probe,
    .connectOpen = ex_connect_open,
    .connectClose = ex_connect_close,
    .connectGetVersion = ex_connect_get_version,
    .nodeGetInfo = ex_node_get_info,
    .connectListAllDomains = ex_connect_list_all_domains,
    .domainLookupByID = ex_domain_lookup_by_id,
    .domainLookupByUUID = ex_domain_lookup_by_uuid,
    .domainLookupByName = ex_domain_lookup_by_name,
    .domainCreateXML = ex_domain_create_xml,
    .domainDefineXMLFlags = ex_domain_define_xml_flags,
    .domainUndefineFlags = ex_domain_undefine_flags,
    .domainCreateWithFlags = ex_domain_create_with_flags,
    .domainDestroyFlags = ex_domain_destroy_flags,
    .domainShutdownFlags = ex_domain_shutdown_flags,
    .domainSuspend = ex_domain_suspend,
    .domainResume = ex_domain_resume,
    .domainGetInfo = ex_domain_get_info,
    .domainGetState = ex_domain_get_state,
    .domainGetOSType = ex_domain_get_os_type,
    .domainGetMaxMemory = ex_domain_get_max_memory,
    .domainGetXMLDesc = ex_domain_get_xml_desc,
    .domainIsActive = ex_domain_is_active,
    .domainIsPersistent = ex_domain_is_persistent,
};

static const char *const ex_schemes[] = { "example", NULL };

static const mv_connect_driver ex_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "EXAMPLE",
    .uri_schemes = ex_schemes,
    .local_only = 1,
    .hypervisor = &ex_hypervisor,
};

static int ex_init(mv_plugin_ctx *ctx)
{
    return mv_plugin_register_connect(ctx, &ex_connect);
}

static const mv_plugin_descriptor ex_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "example",
    .version = EX_VERSION_STRING,
    .description = "example driver: pretend domains in memory (example:///default)",
    .license = "LGPL-2.1-or-later",
    .init = ex_init,
};

MV_PLUGIN_DEFINE(ex_descriptor)
