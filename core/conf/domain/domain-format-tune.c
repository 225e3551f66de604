/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-format-tune.c — writing <memtune>, <cputune> and
 * <idmap> as libvirt 9.0 does (memtune after <currentMemory>, cputune after
 * <vcpu>, idmap after <os>), and their allocation and release. */
#include "core/conf/domain/domain-internal.h"

static void limit(mv_xml_writer *w, const char *name, unsigned long long v, bool set)
{
    if (!set)
        return;
    mv_xml_start(w, name);
    mv_xml_attr(w, "unit", "KiB");
    mv_xml_end_uint(w, name, v);
}

void mv_conf_domain_format_memtune(mv_xml_writer *w, const mv_domain_memtune *m)
{
    bool hard = m->hard_limit != MV_DOMAIN_MEMORY_UNLIMITED;
    bool soft = m->soft_limit != MV_DOMAIN_MEMORY_UNLIMITED;
    bool swap = m->swap_hard_limit != MV_DOMAIN_MEMORY_UNLIMITED;
    if (!hard && !soft && !swap && !m->min_guarantee)
        return;
    mv_xml_start(w, "memtune");
    mv_xml_children(w);
    limit(w, "hard_limit", m->hard_limit, hard);
    limit(w, "soft_limit", m->soft_limit, soft);
    limit(w, "min_guarantee", m->min_guarantee, m->min_guarantee != 0);
    limit(w, "swap_hard_limit", m->swap_hard_limit, swap);
    mv_xml_close(w, "memtune");
}

void mv_conf_domain_format_cputune(mv_xml_writer *w, const mv_domain_cputune *c,
                                   const mv_domain_iothreads *t, unsigned int vcpus_max)
{
    bool pins = c->emulatorpin != NULL;
    for (size_t i = 0; i < c->nvcpupin && i < vcpus_max && !pins; i++)
        pins = c->vcpupin[i] != NULL;
    for (size_t i = 0; i < t->nthreads && !pins; i++)
        pins = t->threads[i].cpuset != NULL;
    if (!c->shares_given && !c->period && !c->quota && !c->global_period && !c->global_quota &&
        !c->emulator_period && !c->emulator_quota && !c->iothread_period &&
        !c->iothread_quota && !pins)
        return;
    mv_xml_start(w, "cputune");
    mv_xml_children(w);
    if (c->shares_given)
        mv_xml_elem_uint(w, "shares", c->shares);
    if (c->period)
        mv_xml_elem_uint(w, "period", c->period);
    if (c->quota)
        mv_xml_elem_int(w, "quota", c->quota);
    if (c->global_period)
        mv_xml_elem_uint(w, "global_period", c->global_period);
    if (c->global_quota)
        mv_xml_elem_int(w, "global_quota", c->global_quota);
    if (c->emulator_period)
        mv_xml_elem_uint(w, "emulator_period", c->emulator_period);
    if (c->emulator_quota)
        mv_xml_elem_int(w, "emulator_quota", c->emulator_quota);
    if (c->iothread_period)
        mv_xml_elem_uint(w, "iothread_period", c->iothread_period);
    if (c->iothread_quota)
        mv_xml_elem_int(w, "iothread_quota", c->iothread_quota);
    for (size_t i = 0; i < c->nvcpupin && i < vcpus_max; i++) {
        if (!c->vcpupin[i])
            continue;
        mv_xml_start(w, "vcpupin");
        mv_xml_attr_uint(w, "vcpu", i);
        mv_xml_attr(w, "cpuset", c->vcpupin[i]);
        mv_xml_empty(w);
    }
    if (c->emulatorpin)
        mv_xml_elem_attr(w, "emulatorpin", "cpuset", c->emulatorpin);
    for (size_t i = 0; i < t->nthreads; i++) {
        if (!t->threads[i].cpuset)
            continue;
        mv_xml_start(w, "iothreadpin");
        mv_xml_attr_uint(w, "iothread", t->threads[i].id);
        mv_xml_attr(w, "cpuset", t->threads[i].cpuset);
        mv_xml_empty(w);
    }
    mv_xml_close(w, "cputune");
}

static void idmap_entries(mv_xml_writer *w, const char *name, mv_domain_idmap_entry *const *e,
                          size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mv_xml_start(w, name);
        mv_xml_attr_uint(w, "start", e[i]->start);
        mv_xml_attr_uint(w, "target", e[i]->target);
        mv_xml_attr_uint(w, "count", e[i]->count);
        mv_xml_empty(w);
    }
}

void mv_conf_domain_format_idmap(mv_xml_writer *w, const mv_domain_idmap *im)
{
    if (!im->nuids && !im->ngids)
        return;
    mv_xml_start(w, "idmap");
    mv_xml_children(w);
    idmap_entries(w, "uid", im->uids, im->nuids);
    idmap_entries(w, "gid", im->gids, im->ngids);
    mv_xml_close(w, "idmap");
}

void mv_domain_def_trim_vcpupin(mv_domain_def *def)
{
    mv_domain_cputune *c = def->cputune;
    for (; c->nvcpupin > def->vcpus_max; c->nvcpupin--)
        g_clear_pointer(&c->vcpupin[c->nvcpupin - 1], g_free);
}

void mv_conf_domain_cputune_free(mv_domain_cputune *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nvcpupin; i++)
        g_free(c->vcpupin[i]);
    g_free(c->vcpupin);
    g_free(c->emulatorpin);
    g_free(c);
}

mv_domain_memtune *mv_conf_domain_memtune_new(void)
{
    mv_domain_memtune *m = g_new0(mv_domain_memtune, 1);
    m->hard_limit = m->soft_limit = m->swap_hard_limit = MV_DOMAIN_MEMORY_UNLIMITED;
    return m;
}

void mv_conf_domain_idmap_free(mv_domain_idmap *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < im->nuids; i++)
        g_free(im->uids[i]);
    for (size_t i = 0; i < im->ngids; i++)
        g_free(im->gids[i]);
    g_free(im->uids);
    g_free(im->gids);
    g_free(im);
}
