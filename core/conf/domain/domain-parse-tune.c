/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-parse-tune.c — <memtune>, <cputune> (its scalar
 * children) and <idmap>: parsed with libvirt 9.0's number syntax and
 * messages, then checked after the driver's post-parse callback, where
 * libvirt validates them (ranges, "uid and gid", the root mapping).
 *
 * As libvirt reads them by XPath (./memtune/hard_limit[1], ./idmap/uid),
 * several <memtune>/<cputune> elements act as one (the first occurrence of
 * each child wins) and the entries of several <idmap> elements add up.
 * <vcpupin> and <emulatorpin> are read from every <cputune> too, checked
 * in libvirt's order (the pin of a vCPU the domain does not have is
 * dropped silently, before its cpuset is looked at), then <iothreadpin>
 * (whose thread must exist). Other unknown children (vcpusched, ...) are
 * ignored. */
#include "core/conf/domain/domain-internal.h"
#include "core/conf/units.h"
#include <modvirt-plugin/error.h>

#include <string.h>

#define MEMORY_MAX_KIB MV_DOMAIN_MEMORY_UNLIMITED
#define SHARES_MIN 2ULL
#define SHARES_MAX 262144ULL
#define PERIOD_MIN 1000ULL
#define PERIOD_MAX 1000000ULL
#define QUOTA_MIN 1000LL
#define QUOTA_MAX 17592186044415LL
#define CPUMASK_BITS 16384

/* The first child NAME of any PARENT element under ROOT, in document
 * order: what libvirt's "./PARENT/NAME[1]" finds. */
static xmlNodePtr first_grandchild(xmlNodePtr root, const char *parent, const char *name)
{
    for (xmlNodePtr p = mv_xml_child(root, parent); p; p = mv_xml_next(p)) {
        xmlNodePtr c = mv_xml_child(p, name);
        if (c)
            return c;
    }
    return NULL;
}

static int parse_ll(const char *s, long long *out)
{
    return mv_xml_number_signed(s, 0, G_MININT64, G_MAXINT64, out) ? 0 : -1;
}

static int parse_limit(xmlNodePtr root, const char *name, bool guarantee,
                       unsigned long long *out)
{
    xmlNodePtr e = first_grandchild(root, "memtune", name);
    g_autofree char *text = mv_xml_text(e);
    if (!text || !*text)
        return 0;
    const char *v = text;
    while (g_ascii_isspace(*v))
        v++;
    if (*v == '+')
        v++;
    g_autofree char *unit = mv_xml_prop(e, "unit");
    g_autofree char *where = g_strdup_printf("./memtune/%s[1]", name);
    if (!guarantee)
        return mv_units_parse(g_ascii_isdigit(*v) ? v : text, unit, 1024, 1024, MEMORY_MAX_KIB,
                              where, out);
    /* libvirt reads min_guarantee as it reads <memory>: bytes up to
     * LLONG_MAX, then a KiB count up to 2^53 - 1 with another message. */
    unsigned long long bytes;
    if (mv_units_parse(g_ascii_isdigit(*v) ? v : text, unit, 1024, 1, G_MAXINT64, where,
                       &bytes) < 0)
        return -1;
    *out = bytes / 1024 + (bytes % 1024 ? 1 : 0);
    if (*out > MEMORY_MAX_KIB) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OVERFLOW, "size value too large");
        return -1;
    }
    return 0;
}

int mv_conf_domain_parse_memtune(mv_domain_def *def, xmlNodePtr root)
{
    mv_domain_memtune *m = def->memtune;
    return parse_limit(root, "hard_limit", false, &m->hard_limit) < 0 ||
           parse_limit(root, "soft_limit", false, &m->soft_limit) < 0 ||
           parse_limit(root, "min_guarantee", true, &m->min_guarantee) < 0 ||
           parse_limit(root, "swap_hard_limit", false, &m->swap_hard_limit) < 0 ? -1 : 0;
}

/* <cputune><NAME>: 0 absent or empty, 1 read, -1 with libvirt's error. */
static int cputune_value(xmlNodePtr root, const char *name, const char *what,
                         unsigned long long *u, long long *s)
{
    g_autofree char *text = mv_xml_text(first_grandchild(root, "cputune", name));
    if (!text || !*text)
        return 0;
    if ((u ? mv_xml_parse_ull(text, u) : parse_ll(text, s)) == 0)
        return 1;
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "can't parse cputune %s value", what);
    return -1;
}

/* The cpuset of a pin ELEM (WHAT: "vcpupin", "emulatorpin") in canonical
 * form, or NULL with libvirt's error. */
static char *pin_cpuset(xmlNodePtr elem, const char *what, char **out)
{
    g_autofree char *text = mv_xml_prop(elem, "cpuset");
    if (!text) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "missing cpuset for %s", what);
        return NULL;
    }
    bool all, empty;
    g_autofree char *canon = mv_conf_domain_bitmap_canon(text, CPUMASK_BITS, &all, &empty);
    if (!canon)
        return NULL;
    if (empty) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Invalid value of 'cpuset': %s", text);
        return NULL;
    }
    return *out = g_steal_pointer(&canon);
}

static int parse_vcpupin(mv_domain_def *def, xmlNodePtr e)
{
    mv_domain_cputune *c = def->cputune;
    unsigned int vcpu;
    if (mv_xml_prop_uint(e, "vcpu", MV_XML_PROP_REQUIRED, &vcpu) < 0)
        return -1;
    if (vcpu >= def->vcpus_max)
        return 0;
    if (!mv_xml_has_prop(e, "cpuset")) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "missing cpuset for vcpupin");
        return -1;
    }
    if (vcpu < c->nvcpupin && c->vcpupin[vcpu]) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "duplicate vcpupin for vcpu '%u'", vcpu);
        return -1;
    }
    char *set;
    if (!pin_cpuset(e, "vcpupin", &set))
        return -1;
    if (vcpu >= c->nvcpupin) {
        c->vcpupin = g_renew(char *, c->vcpupin, vcpu + 1);
        memset(c->vcpupin + c->nvcpupin, 0, (vcpu + 1 - c->nvcpupin) * sizeof(char *));
        c->nvcpupin = vcpu + 1;
    }
    c->vcpupin[vcpu] = set;
    return 0;
}

/* libvirt looks the thread up before it reads the cpuset. */
static int parse_iothreadpin(mv_domain_def *def, xmlNodePtr e)
{
    unsigned int id;
    if (mv_xml_prop_uint(e, "iothread", MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &id) < 0)
        return -1;
    mv_domain_iothread *th = mv_domain_iothread_find(def, id);
    if (!th) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Cannot find 'iothread' : %u", id);
        return -1;
    }
    g_autofree char *set = NULL;
    if (!pin_cpuset(e, "iothreadpin", &set))
        return -1;
    if (th->cpuset) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "duplicate iothreadpin for same iothread '%u'", id);
        return -1;
    }
    th->cpuset = g_steal_pointer(&set);
    return 0;
}

static int parse_pins(mv_domain_def *def, xmlNodePtr root)
{
    for (xmlNodePtr t = mv_xml_child(root, "cputune"); t; t = mv_xml_next(t))
        for (xmlNodePtr e = mv_xml_child(t, "vcpupin"); e; e = mv_xml_next(e))
            if (parse_vcpupin(def, e) < 0)
                return -1;
    xmlNodePtr emulator = NULL;
    for (xmlNodePtr t = mv_xml_child(root, "cputune"); t; t = mv_xml_next(t)) {
        for (xmlNodePtr e = mv_xml_child(t, "emulatorpin"); e; e = mv_xml_next(e)) {
            if (emulator) {
                mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                                "only one emulatorpin is supported");
                return -1;
            }
            emulator = e;
        }
    }
    if (emulator && !pin_cpuset(emulator, "emulatorpin", &def->cputune->emulatorpin))
        return -1;
    for (xmlNodePtr t = mv_xml_child(root, "cputune"); t; t = mv_xml_next(t))
        for (xmlNodePtr e = mv_xml_child(t, "iothreadpin"); e; e = mv_xml_next(e))
            if (parse_iothreadpin(def, e) < 0)
                return -1;
    return 0;
}

int mv_conf_domain_parse_cputune(mv_domain_def *def, xmlNodePtr root)
{
    mv_domain_cputune *c = def->cputune;
    int r = cputune_value(root, "shares", "shares", &c->shares, NULL);
    if (r < 0)
        return -1;
    c->shares_given = r;
    return cputune_value(root, "period", "period", &c->period, NULL) < 0 ||
           cputune_value(root, "quota", "quota", NULL, &c->quota) < 0 ||
           cputune_value(root, "global_period", "global period", &c->global_period, NULL) < 0 ||
           cputune_value(root, "global_quota", "global quota", NULL, &c->global_quota) < 0 ||
           cputune_value(root, "emulator_period", "emulator period", &c->emulator_period, NULL) < 0 ||
           cputune_value(root, "emulator_quota", "emulator quota", NULL, &c->emulator_quota) < 0 ||
           cputune_value(root, "iothread_period", "iothread period", &c->iothread_period, NULL) < 0 ||
           cputune_value(root, "iothread_quota", "iothread quota", NULL, &c->iothread_quota) < 0 ||
           parse_pins(def, root) < 0
               ? -1 : 0;
}

static int idmap_attr(xmlNodePtr e, const char *name, unsigned int *out)
{
    g_autofree char *v = mv_xml_prop(e, name);
    unsigned long long n;
    if (!v || !mv_xml_number_unsigned(v, 0, G_MAXUINT32, &n))
        return -1;
    *out = (unsigned int)n;
    return 0;
}

static gint idmap_cmp(gconstpointer a, gconstpointer b)
{
    const mv_domain_idmap_entry *x = *(mv_domain_idmap_entry *const *)a;
    const mv_domain_idmap_entry *y = *(mv_domain_idmap_entry *const *)b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int parse_ids(xmlNodePtr root, const char *kind, mv_domain_idmap_entry ***out, size_t *n)
{
    GPtrArray *a = g_ptr_array_new();
    for (xmlNodePtr im = mv_xml_child(root, "idmap"); im; im = mv_xml_next(im)) {
        for (xmlNodePtr e = mv_xml_child(im, kind); e; e = mv_xml_next(e)) {
            mv_domain_idmap_entry *m = g_new0(mv_domain_idmap_entry, 1);
            g_ptr_array_add(a, m);
            if (idmap_attr(e, "start", &m->start) < 0 || idmap_attr(e, "target", &m->target) < 0 ||
                idmap_attr(e, "count", &m->count) < 0) {
                mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                                "invalid idmap start/target/count settings");
                g_ptr_array_set_free_func(a, g_free);
                g_ptr_array_free(a, TRUE);
                return -1;
            }
        }
    }
    g_ptr_array_sort(a, idmap_cmp);   /* stable, like libvirt's on equal starts */
    *n = a->len;
    *out = (mv_domain_idmap_entry **)g_ptr_array_free(a, a->len == 0);
    return 0;
}

int mv_conf_domain_parse_idmap(mv_domain_def *def, xmlNodePtr root)
{
    mv_domain_idmap *im = def->idmap;
    return parse_ids(root, "uid", &im->uids, &im->nuids) < 0 ||
           parse_ids(root, "gid", &im->gids, &im->ngids) < 0 ? -1 : 0;
}

static int out_of_range(const char *name, const char *range)
{
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                    "Value of cputune '%s' must be in range %s", name, range);
    return -1;
}

#define PERIOD_BAD(v) ((v) && ((v) < PERIOD_MIN || (v) > PERIOD_MAX))
#define QUOTA_BAD(v) ((v) > 0 && ((v) < QUOTA_MIN || (v) > QUOTA_MAX))

int mv_conf_domain_validate_tune(const mv_domain_def *def)
{
    const mv_domain_cputune *c = def->cputune;
    static const char periods[] = "[1000, 1000000]", quotas[] = "[1000, 17592186044415]";
    if (c->shares && (c->shares < SHARES_MIN || c->shares > SHARES_MAX))
        return out_of_range("shares", "[2, 262144]");
    if (PERIOD_BAD(c->period))
        return out_of_range("period", periods);
    if (PERIOD_BAD(c->global_period))
        return out_of_range("global_period", periods);
    if (PERIOD_BAD(c->emulator_period))
        return out_of_range("emulator_period", periods);
    if (PERIOD_BAD(c->iothread_period))
        return out_of_range("iothread_period", periods);
    if (QUOTA_BAD(c->quota))
        return out_of_range("quota", quotas);
    if (QUOTA_BAD(c->global_quota))
        return out_of_range("global_quota", quotas);
    if (QUOTA_BAD(c->emulator_quota))
        return out_of_range("emulator_quota", quotas);
    if (QUOTA_BAD(c->iothread_quota))
        return out_of_range("iothread_quota", quotas);

    const mv_domain_idmap *im = def->idmap;
    if (!im->nuids && !im->ngids)
        return 0;
    if (!im->nuids || !im->ngids) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "uid and gid should be mapped both");
        return -1;
    }
    if (im->uids[0]->start != 0 || im->gids[0]->start != 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "You must map the root user of container");
        return -1;
    }
    return 0;
}
