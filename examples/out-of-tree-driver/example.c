/* example.c — a complete modvirt hypervisor driver built out of tree.
 *
 * It serves example:///default: a list of pretend domains kept in memory and
 * shared by every connection of the process (it starts again from "alpha",
 * running, and "beta", shut off, once the last connection closes). No guest
 * ever runs; the point is the shape of a driver: the descriptor, the
 * registration, connectOpen's three answers, locking, handles and errors.
 * Domains are <domain type='example'> documents, parsed and formatted by the
 * core's XML definitions (modvirt-plugin/conf-domain.h); the driver adds
 * only its own checks. It has domains only: no network, storage or
 * interface table.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>

/* libvirt has no error domain for a third-party driver. */
#define EX_ERR_DOMAIN VIR_FROM_NONE

#define EX_LOG_SOURCE "plugin.example"
#define EX_VERSION_STRING "1.0.0"
#define EX_VERSION_NUMBER 1000000UL     /* major * 1000000 + minor * 1000 + micro */

/* Rejects flags this driver does not know, as libvirt's drivers do. */
#define EX_CHECK_FLAGS(flags, supported, failret) \
    do { \
        unsigned int ex_unknown_ = (flags) & ~(unsigned int)(supported); \
        if (ex_unknown_) { \
            mv_error_report(EX_ERR_DOMAIN, VIR_ERR_INVALID_ARG, \
                            "unsupported flags (0x%x) in function %s", \
                            ex_unknown_, __func__); \
            return failret; \
        } \
    } while (0)

/* Limits of this driver, checked by ex_post_parse. */
#define EX_NAME_MAX 255
#define EX_VCPUS_MAX 64

typedef struct ex_dom {
    struct ex_dom *next;
    /* Owned by the domain; def->id is the id while it runs, -1 while shut
     * off. A real driver keeps the live and the persistent definition
     * apart; one is enough here. */
    mv_domain_def *def;
    int state;         /* virDomainState */
    int reason;        /* the matching virDomain*Reason */
    bool persistent;
} ex_dom;

typedef struct ex_state {
    unsigned int conns;    /* connections using this state */
    ex_dom *doms;          /* in definition order */
    int next_id;
} ex_state;

/* What a handle needs, copied out so that handles are made without the
 * lock held. */
typedef struct ex_ref {
    char name[EX_NAME_MAX + 1];
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;
} ex_ref;

/* Slots run on many application threads at once; this lock guards
 * ex_shared and everything reachable from it. */
static pthread_mutex_t ex_lock = PTHREAD_MUTEX_INITIALIZER;
static ex_state *ex_shared;

static void ex_ref_fill(ex_ref *ref, const ex_dom *d)
{
    /* ex_post_parse keeps names within the buffer. */
    snprintf(ref->name, sizeof(ref->name), "%s", d->def->name);
    memcpy(ref->uuid, d->def->uuid, sizeof(ref->uuid));
    ref->id = d->def->id;
}

static virDomainPtr ex_ref_handle(virConnectPtr conn, const ex_ref *ref)
{
    return mv_domain_new(conn, ref->name, ref->uuid, ref->id);
}

static bool ex_dom_is_active(const ex_dom *d)
{
    return d->state != VIR_DOMAIN_SHUTOFF;
}

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

/* Adds a shut off domain that takes over DEF. */
static ex_dom *ex_dom_add(ex_state *st, mv_domain_def *def)
{
    ex_dom *d = calloc(1, sizeof(*d));
    ex_dom **tail = &st->doms;

    if (!d) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_MEMORY, NULL);
        return NULL;
    }
    d->def = def;
    d->def->id = -1;
    d->state = VIR_DOMAIN_SHUTOFF;
    d->reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
    while (*tail)
        tail = &(*tail)->next;
    *tail = d;
    return d;
}

static void ex_dom_remove(ex_state *st, ex_dom *d)
{
    for (ex_dom **p = &st->doms; *p; p = &(*p)->next) {
        if (*p == d) {
            *p = d->next;
            mv_domain_def_free(d->def);
            free(d);
            return;
        }
    }
}

/* Gives D the new definition DEF, keeping D's id, and returns the old one
 * for the caller to free. */
static mv_domain_def *ex_dom_replace_def(ex_dom *d, mv_domain_def *def)
{
    mv_domain_def *old = d->def;

    def->id = old->id;
    d->def = def;
    return old;
}

static void ex_dom_start(ex_state *st, ex_dom *d, bool paused)
{
    d->def->id = st->next_id++;
    d->state = paused ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING;
    d->reason = paused ? VIR_DOMAIN_PAUSED_USER : VIR_DOMAIN_RUNNING_BOOTED;
}

/* Stops D; a transient domain then ceases to exist. Returns whether it did. */
static bool ex_dom_stop(ex_state *st, ex_dom *d, int reason)
{
    d->def->id = -1;
    d->state = VIR_DOMAIN_SHUTOFF;
    d->reason = reason;
    if (!d->persistent) {
        ex_dom_remove(st, d);
        return true;
    }
    return false;
}

static ex_dom *ex_find_name(ex_state *st, const char *name)
{
    for (ex_dom *d = st->doms; d; d = d->next)
        if (strcmp(d->def->name, name) == 0)
            return d;
    return NULL;
}

static ex_dom *ex_find_uuid(ex_state *st, const unsigned char *uuid)
{
    for (ex_dom *d = st->doms; d; d = d->next)
        if (memcmp(d->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return d;
    return NULL;
}

static ex_dom *ex_find_id(ex_state *st, int id)
{
    for (ex_dom *d = st->doms; d; d = d->next)
        if (d->def->id == id && ex_dom_is_active(d))
            return d;
    return NULL;
}

static void ex_state_free(ex_state *st)
{
    while (st->doms)
        ex_dom_remove(st, st->doms);
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
        ex_dom *d;

        if (!(def = ex_def_parse(seed[i].xml)))
            return -1;
        if (!(d = ex_dom_add(st, def))) {
            mv_domain_def_free(def);
            return -1;
        }
        d->persistent = true;
        if (seed[i].running)
            ex_dom_start(st, d, false);
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
        if (!(st = calloc(1, sizeof(*st)))) {
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

static void ex_report_no_name(const char *name)
{
    mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_DOMAIN,
                    "no domain with matching name '%s'", name);
}

/* Locks the state and finds the domain DOM names. On failure the lock is
 * released and VIR_ERR_NO_DOMAIN reported. */
static ex_dom *ex_lock_dom(virDomainPtr dom, ex_state **stp)
{
    ex_state *st = ex_conn_state(virDomainGetConnect(dom));
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    ex_dom *d;

    if (virDomainGetUUID(dom, uuid) < 0)
        return NULL;
    pthread_mutex_lock(&ex_lock);
    if ((d = ex_find_uuid(st, uuid))) {
        *stp = st;
        return d;
    }
    pthread_mutex_unlock(&ex_lock);
    mv_uuid_format(uuid, uuidstr);
    mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_DOMAIN,
                    "no domain with matching uuid '%s' (%s)",
                    uuidstr, virDomainGetName(dom));
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

/* Every filter libvirt defines for virConnectListAllDomains. The core passes
 * the application's flags through unchecked, and the old listing calls
 * (virConnectNumOfDomains, ...) come here with ACTIVE or INACTIVE, so the
 * driver both checks and applies them. */
#define EX_LIST_FLAGS \
    (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE | \
     VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT | \
     VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED | \
     VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER | \
     VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE | \
     VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART | \
     VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT | \
     VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT)

/* A pair of filter flags: with neither set (or both) it lets every domain
 * through, otherwise only those matching the one set. */
static bool ex_pair(unsigned int flags, unsigned int yes, unsigned int no, bool has)
{
    return !(flags & (yes | no)) || (flags & (has ? yes : no));
}

static bool ex_dom_listed(const ex_dom *d, unsigned int flags)
{
    const unsigned int states = VIR_CONNECT_LIST_DOMAINS_RUNNING |
        VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
        VIR_CONNECT_LIST_DOMAINS_OTHER;
    unsigned int mine;

    switch (d->state) {
    case VIR_DOMAIN_RUNNING: mine = VIR_CONNECT_LIST_DOMAINS_RUNNING; break;
    case VIR_DOMAIN_PAUSED: mine = VIR_CONNECT_LIST_DOMAINS_PAUSED; break;
    case VIR_DOMAIN_SHUTOFF: mine = VIR_CONNECT_LIST_DOMAINS_SHUTOFF; break;
    default: mine = VIR_CONNECT_LIST_DOMAINS_OTHER; break;
    }
    if ((flags & states) && !(flags & mine))
        return false;
    /* No domain here autostarts or has a managed save image, snapshots or
     * checkpoints: those filters still apply, and the answer is "no". */
    return ex_pair(flags, VIR_CONNECT_LIST_DOMAINS_ACTIVE,
                   VIR_CONNECT_LIST_DOMAINS_INACTIVE, ex_dom_is_active(d)) &&
           ex_pair(flags, VIR_CONNECT_LIST_DOMAINS_PERSISTENT,
                   VIR_CONNECT_LIST_DOMAINS_TRANSIENT, d->persistent) &&
           ex_pair(flags, VIR_CONNECT_LIST_DOMAINS_AUTOSTART,
                   VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, false) &&
           ex_pair(flags, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE,
                   VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, false) &&
           ex_pair(flags, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT,
                   VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT, false) &&
           ex_pair(flags, VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT,
                   VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT, false);
}

static int ex_connect_list_all_domains(virConnectPtr conn, virDomainPtr **domains,
                                       unsigned int flags)
{
    ex_state *st = ex_conn_state(conn);
    ex_ref *refs = NULL;
    virDomainPtr *list;
    size_t n = 0, cap = 0;

    EX_CHECK_FLAGS(flags, EX_LIST_FLAGS, -1);

    pthread_mutex_lock(&ex_lock);
    for (ex_dom *d = st->doms; d; d = d->next)
        cap++;
    if (cap && !(refs = calloc(cap, sizeof(*refs)))) {
        pthread_mutex_unlock(&ex_lock);
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    for (ex_dom *d = st->doms; d; d = d->next)
        if (ex_dom_listed(d, flags))
            ex_ref_fill(&refs[n++], d);
    pthread_mutex_unlock(&ex_lock);

    if (!domains) {             /* the caller wants the count only */
        free(refs);
        return (int)n;
    }

    /* The caller owns the array (NULL-terminated, from malloc) and each
     * handle in it. */
    if (!(list = calloc(n + 1, sizeof(*list)))) {
        free(refs);
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(list[i] = ex_ref_handle(conn, &refs[i]))) {
            for (size_t j = 0; j < i; j++)
                virDomainFree(list[j]);
            free(list);
            free(refs);
            return -1;
        }
    }
    free(refs);
    *domains = list;
    return (int)n;
}

static virDomainPtr ex_domain_lookup_by_id(virConnectPtr conn, int id)
{
    ex_state *st = ex_conn_state(conn);
    ex_ref ref;
    ex_dom *d;

    pthread_mutex_lock(&ex_lock);
    if ((d = ex_find_id(st, id)))
        ex_ref_fill(&ref, d);
    pthread_mutex_unlock(&ex_lock);
    if (!d) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_DOMAIN,
                        "no domain with matching id %d", id);
        return NULL;
    }
    return ex_ref_handle(conn, &ref);
}

static virDomainPtr ex_domain_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    ex_state *st = ex_conn_state(conn);
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    ex_ref ref;
    ex_dom *d;

    pthread_mutex_lock(&ex_lock);
    if ((d = ex_find_uuid(st, uuid)))
        ex_ref_fill(&ref, d);
    pthread_mutex_unlock(&ex_lock);
    if (!d) {
        mv_uuid_format(uuid, uuidstr);
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_DOMAIN,
                        "no domain with matching uuid '%s'", uuidstr);
        return NULL;
    }
    return ex_ref_handle(conn, &ref);
}

static virDomainPtr ex_domain_lookup_by_name(virConnectPtr conn, const char *name)
{
    ex_state *st = ex_conn_state(conn);
    ex_ref ref;
    ex_dom *d;

    pthread_mutex_lock(&ex_lock);
    if ((d = ex_find_name(st, name)))
        ex_ref_fill(&ref, d);
    pthread_mutex_unlock(&ex_lock);
    if (!d) {
        ex_report_no_name(name);
        return NULL;
    }
    return ex_ref_handle(conn, &ref);
}

/* --- define, create, undefine ------------------------------------------ */

/* Finds the domain DEF would replace. Another domain with the same name or
 * the same uuid (but not both) is a conflict: VIR_ERR_DOM_EXIST. Returns 0
 * with *existing set (or NULL), or -1. */
static int ex_check_duplicate(ex_state *st, const mv_domain_def *def, ex_dom **existing)
{
    ex_dom *by_name = ex_find_name(st, def->name);
    ex_dom *by_uuid = ex_find_uuid(st, def->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (by_name && by_name != by_uuid) {
        mv_uuid_format(by_name->def->uuid, uuidstr);
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_DOM_EXIST,
                        "domain '%s' already exists with uuid %s", def->name, uuidstr);
        return -1;
    }
    if (by_uuid && by_uuid != by_name) {
        mv_uuid_format(def->uuid, uuidstr);
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_DOM_EXIST,
                        "domain '%s' is already defined with uuid %s",
                        by_uuid->def->name, uuidstr);
        return -1;
    }
    *existing = by_name;
    return 0;
}

static virDomainPtr ex_domain_define_xml_flags(virConnectPtr conn, const char *xml,
                                               unsigned int flags)
{
    ex_state *st = ex_conn_state(conn);
    mv_domain_def *def, *old = NULL;
    ex_dom *d;
    ex_ref ref;

    /* There is no schema to check beyond what the parser refuses anyway. */
    EX_CHECK_FLAGS(flags, VIR_DOMAIN_DEFINE_VALIDATE, NULL);

    if (!(def = ex_def_parse(xml)))
        return NULL;

    pthread_mutex_lock(&ex_lock);
    if (ex_check_duplicate(st, def, &d) < 0) {
        pthread_mutex_unlock(&ex_lock);
        mv_domain_def_free(def);
        return NULL;
    }
    if (d) {
        old = ex_dom_replace_def(d, def);   /* redefinition of the same domain */
    } else if (!(d = ex_dom_add(st, def))) {
        pthread_mutex_unlock(&ex_lock);
        mv_domain_def_free(def);
        return NULL;
    }
    d->persistent = true;
    ex_ref_fill(&ref, d);
    pthread_mutex_unlock(&ex_lock);
    mv_domain_def_free(old);

    mv_log(MV_LOG_INFO, EX_LOG_SOURCE, "defined domain '%s'", ref.name);
    return ex_ref_handle(conn, &ref);
}

static virDomainPtr ex_domain_create_xml(virConnectPtr conn, const char *xml,
                                         unsigned int flags)
{
    ex_state *st = ex_conn_state(conn);
    mv_domain_def *def, *old = NULL;
    ex_dom *d;
    ex_ref ref;

    EX_CHECK_FLAGS(flags, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE, NULL);

    if (!(def = ex_def_parse(xml)))
        return NULL;

    pthread_mutex_lock(&ex_lock);
    if (ex_check_duplicate(st, def, &d) < 0) {
        pthread_mutex_unlock(&ex_lock);
        mv_domain_def_free(def);
        return NULL;
    }
    if (d && ex_dom_is_active(d)) {
        pthread_mutex_unlock(&ex_lock);
        mv_domain_def_free(def);
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "domain is already running");
        return NULL;
    }
    /* Starting a defined, inactive domain from new XML keeps it persistent;
     * otherwise the new domain is transient and vanishes when it stops. */
    if (d) {
        old = ex_dom_replace_def(d, def);
    } else if (!(d = ex_dom_add(st, def))) {
        pthread_mutex_unlock(&ex_lock);
        mv_domain_def_free(def);
        return NULL;
    }
    ex_dom_start(st, d, flags & VIR_DOMAIN_START_PAUSED);
    ex_ref_fill(&ref, d);
    pthread_mutex_unlock(&ex_lock);
    mv_domain_def_free(old);

    mv_log(MV_LOG_INFO, EX_LOG_SOURCE, "started domain '%s' with id %d", ref.name, ref.id);
    return ex_ref_handle(conn, &ref);
}

static int ex_domain_undefine_flags(virDomainPtr dom, unsigned int flags)
{
    ex_state *st;
    ex_dom *d;

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
    if (ex_dom_is_active(d))
        d->persistent = false;
    else
        ex_dom_remove(st, d);
    ex_unlock();
    return 0;
}

/* --- life cycle -------------------------------------------------------- */

static int ex_domain_create_with_flags(virDomainPtr dom, unsigned int flags)
{
    ex_state *st;
    ex_dom *d;
    int id;

    EX_CHECK_FLAGS(flags, VIR_DOMAIN_START_PAUSED, -1);

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    if (ex_dom_is_active(d)) {
        ex_unlock();
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "domain is already running");
        return -1;
    }
    ex_dom_start(st, d, flags & VIR_DOMAIN_START_PAUSED);
    id = d->def->id;
    ex_unlock();

    /* The application's handle now reports the new id. */
    mv_domain_set_id(dom, id);
    return 0;
}

static int ex_domain_stop(virDomainPtr dom, int reason)
{
    ex_state *st;
    ex_dom *d;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    if (!ex_dom_is_active(d)) {
        ex_unlock();
        ex_report_not_running();
        return -1;
    }
    ex_dom_stop(st, d, reason);
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
    ex_dom *d;

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
    ex_dom *d;

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
    ex_dom *d;

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
    ex_dom *d;

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
    ex_dom *d;
    char *xml;

    EX_CHECK_FLAGS(flags, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE, NULL);

    if (!(d = ex_lock_dom(dom, &st)))
        return NULL;
    /* The formatter writes the id unless VIR_DOMAIN_XML_INACTIVE asks for the
     * inactive form. It only reads the definition, so holding the lock is
     * what keeps a redefinition from freeing it meanwhile. */
    xml = mv_domain_def_format(d->def, flags);
    ex_unlock();
    return xml;
}

static int ex_domain_is_active(virDomainPtr dom)
{
    ex_state *st;
    ex_dom *d;
    int ret;

    if (!(d = ex_lock_dom(dom, &st)))
        return -1;
    ret = ex_dom_is_active(d);
    ex_unlock();
    return ret;
}

static int ex_domain_is_persistent(virDomainPtr dom)
{
    ex_state *st;
    ex_dom *d;
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
    ex_dom *d;
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
    ex_dom *d;
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
