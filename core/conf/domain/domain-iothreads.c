/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-iothreads.c — <iothreads>, <iothreadids> and
 * <defaultiothread> as libvirt 9.0 reads, checks and writes them: the
 * count read as the first <iothreads>' text, the ids of every
 * <iothreadids>, then threads with the lowest free ids added until the
 * count is reached (the count grows to the number of ids). The pool sizes
 * are checked after the <cputune> ranges, as libvirt validates them. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

mv_domain_iothreads *mv_conf_domain_iothreads_new(void)
{
    mv_domain_iothreads *t = g_new0(mv_domain_iothreads, 1);
    t->default_pool_min = t->default_pool_max = -1;
    return t;
}

void mv_conf_domain_iothreads_free(mv_domain_iothreads *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nthreads; i++)
        g_free(t->threads[i].cpuset);
    g_free(t->threads);
    g_free(t);
}

mv_domain_iothread *mv_domain_iothread_find(const mv_domain_def *def, unsigned int id)
{
    mv_domain_iothreads *t = def ? def->iothreads : NULL;
    for (size_t i = 0; t && i < t->nthreads; i++)
        if (t->threads[i].id == id)
            return &t->threads[i];
    return NULL;
}

static int pool_sizes(xmlNodePtr e, int *min, int *max)
{
    *min = *max = -1;
    return mv_xml_prop_int(e, "thread_pool_min", MV_XML_PROP_NONNEGATIVE, min) < 0 ||
           mv_xml_prop_int(e, "thread_pool_max", MV_XML_PROP_NONNEGATIVE, max) < 0 ? -1 : 0;
}

static int parse_id(mv_domain_def *def, xmlNodePtr e)
{
    mv_domain_iothreads *t = def->iothreads;
    mv_domain_iothread th = { 0 };
    if (mv_xml_prop_uint(e, "id", MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &th.id) < 0 ||
        pool_sizes(e, &th.thread_pool_min, &th.thread_pool_max) < 0)
        return -1;
    if (mv_domain_iothread_find(def, th.id)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                        "duplicate iothread id '%u' found", th.id);
        return -1;
    }
    t->threads = g_renew(mv_domain_iothread, t->threads, t->nthreads + 1);
    t->threads[t->nthreads++] = th;
    return 0;
}

/* Threads numbered from the lowest ids no thread has, up to COUNT. */
static int autofill(mv_domain_def *def, unsigned int count)
{
    mv_domain_iothreads *t = def->iothreads;
    if (t->nthreads >= count)
        return 0;
    mv_domain_iothread *grown = g_try_renew(mv_domain_iothread, t->threads, count);
    if (!grown) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_NO_MEMORY, "cannot allocate %u iothreads", count);
        return -1;
    }
    t->threads = grown;
    g_autoptr(GHashTable) taken = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < t->nthreads; i++)
        if (t->threads[i].id <= count)
            g_hash_table_add(taken, GUINT_TO_POINTER(t->threads[i].id));
    for (unsigned int id = 1; t->nthreads < count; id++) {
        if (g_hash_table_contains(taken, GUINT_TO_POINTER(id)))
            continue;
        t->threads[t->nthreads++] = (mv_domain_iothread){
            .id = id, .autofill = 1, .thread_pool_min = -1, .thread_pool_max = -1,
        };
    }
    return 0;
}

int mv_conf_domain_parse_iothreads(mv_domain_def *def, xmlNodePtr root)
{
    g_autofree char *text = mv_xml_text(mv_xml_child(root, "iothreads"));
    unsigned long long count = 0;
    if (text && *text && !mv_xml_number_unsigned(text, 0, G_MAXUINT32, &count)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "invalid iothreads count '%s'", text);
        return -1;
    }
    for (xmlNodePtr ids = mv_xml_child(root, "iothreadids"); ids; ids = mv_xml_next(ids))
        for (xmlNodePtr e = mv_xml_child(ids, "iothread"); e; e = mv_xml_next(e))
            if (parse_id(def, e) < 0)
                return -1;
    if (autofill(def, (unsigned int)count) < 0)
        return -1;
    xmlNodePtr dflt = mv_xml_child(root, "defaultiothread");
    if (dflt && pool_sizes(dflt, &def->iothreads->default_pool_min,
                           &def->iothreads->default_pool_max) < 0)
        return -1;
    return 0;
}

/* libvirt compares the sizes as ints, -1 for "not given": a minimum
 * without a maximum is refused. */
static int check_pool(int min, int max)
{
    if (max == 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "thread_pool_max must be a positive integer");
        return -1;
    }
    if (min > max) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "thread_pool_min must be smaller or equal to thread_pool_max");
        return -1;
    }
    return 0;
}

int mv_conf_domain_validate_iothreads(const mv_domain_def *def)
{
    const mv_domain_iothreads *t = def->iothreads;
    for (size_t i = 0; i < t->nthreads; i++)
        if (check_pool(t->threads[i].thread_pool_min, t->threads[i].thread_pool_max) < 0)
            return -1;
    return check_pool(t->default_pool_min, t->default_pool_max);
}

static void pool_attrs(mv_xml_writer *w, int min, int max)
{
    if (min >= 0)
        mv_xml_attr_uint(w, "thread_pool_min", (unsigned int)min);
    if (max >= 0)
        mv_xml_attr_uint(w, "thread_pool_max", (unsigned int)max);
}

void mv_conf_domain_format_iothreads(mv_xml_writer *w, const mv_domain_iothreads *t)
{
    if (t->nthreads) {
        mv_xml_elem_uint(w, "iothreads", t->nthreads);
        bool ids = false;
        for (size_t i = 0; i < t->nthreads && !ids; i++)
            ids = !t->threads[i].autofill || t->threads[i].thread_pool_min >= 0 ||
                  t->threads[i].thread_pool_max >= 0;
        if (ids) {
            mv_xml_start(w, "iothreadids");
            mv_xml_children(w);
            for (size_t i = 0; i < t->nthreads; i++) {
                mv_xml_start(w, "iothread");
                mv_xml_attr_uint(w, "id", t->threads[i].id);
                pool_attrs(w, t->threads[i].thread_pool_min, t->threads[i].thread_pool_max);
                mv_xml_empty(w);
            }
            mv_xml_close(w, "iothreadids");
        }
    }
    if (t->default_pool_min >= 0 || t->default_pool_max >= 0) {
        mv_xml_start(w, "defaultiothread");
        pool_attrs(w, t->default_pool_min, t->default_pool_max);
        mv_xml_empty(w);
    }
}
