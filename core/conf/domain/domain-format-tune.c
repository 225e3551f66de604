/* core/conf/domain/domain-format-tune.c — writing <memtune>, <cputune> and
 * <idmap> as libvirt 9.0 does (memtune after <currentMemory>, cputune after
 * <vcpu>, idmap after <os>), and their allocation and release. */
#include "core/conf/domain/domain-internal.h"

static void limit(mv_xml_writer *w, const char *name, unsigned long long v, bool set)
{
    if (set)
        mv_xml_add(w, "  <%s unit='KiB'>%llu</%s>\n", name, v, name);
}

void mv_conf_domain_format_memtune(mv_xml_writer *w, const mv_domain_memtune *m)
{
    bool hard = m->hard_limit != MV_DOMAIN_MEMORY_UNLIMITED;
    bool soft = m->soft_limit != MV_DOMAIN_MEMORY_UNLIMITED;
    bool swap = m->swap_hard_limit != MV_DOMAIN_MEMORY_UNLIMITED;
    if (!hard && !soft && !swap && !m->min_guarantee)
        return;
    mv_xml_add(w, "<memtune>\n");
    limit(w, "hard_limit", m->hard_limit, hard);
    limit(w, "soft_limit", m->soft_limit, soft);
    limit(w, "min_guarantee", m->min_guarantee, m->min_guarantee != 0);
    limit(w, "swap_hard_limit", m->swap_hard_limit, swap);
    mv_xml_add(w, "</memtune>\n");
}

void mv_conf_domain_format_cputune(mv_xml_writer *w, const mv_domain_cputune *c)
{
    if (!c->shares_given && !c->period && !c->quota && !c->global_period && !c->global_quota &&
        !c->emulator_period && !c->emulator_quota)
        return;
    mv_xml_add(w, "<cputune>\n");
    if (c->shares_given)
        mv_xml_add(w, "  <shares>%llu</shares>\n", c->shares);
    if (c->period)
        mv_xml_add(w, "  <period>%llu</period>\n", c->period);
    if (c->quota)
        mv_xml_add(w, "  <quota>%lld</quota>\n", c->quota);
    if (c->global_period)
        mv_xml_add(w, "  <global_period>%llu</global_period>\n", c->global_period);
    if (c->global_quota)
        mv_xml_add(w, "  <global_quota>%lld</global_quota>\n", c->global_quota);
    if (c->emulator_period)
        mv_xml_add(w, "  <emulator_period>%llu</emulator_period>\n", c->emulator_period);
    if (c->emulator_quota)
        mv_xml_add(w, "  <emulator_quota>%lld</emulator_quota>\n", c->emulator_quota);
    mv_xml_add(w, "</cputune>\n");
}

void mv_conf_domain_format_idmap(mv_xml_writer *w, const mv_domain_idmap *im)
{
    if (!im->nuids && !im->ngids)
        return;
    mv_xml_add(w, "<idmap>\n");
    for (size_t i = 0; i < im->nuids; i++)
        mv_xml_add(w, "  <uid start='%u' target='%u' count='%u'/>\n", im->uids[i]->start,
                   im->uids[i]->target, im->uids[i]->count);
    for (size_t i = 0; i < im->ngids; i++)
        mv_xml_add(w, "  <gid start='%u' target='%u' count='%u'/>\n", im->gids[i]->start,
                   im->gids[i]->target, im->gids[i]->count);
    mv_xml_add(w, "</idmap>\n");
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
