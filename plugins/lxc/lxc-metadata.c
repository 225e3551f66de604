/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-metadata.c — a container's title, description and
 * <metadata> elements: the live ones kept in its status file, the
 * persistent ones in its definition; each set queues METADATA_CHANGE, as
 * libvirt's LXC driver does. */
#include "lxc.h"

int mv_lxc_set_metadata(virDomainPtr dom, int type, const char *metadata, const char *key,
                        const char *uri, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_LXC_ERR, "lxcDomainSetMetadata") < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_domain_def *live, *config;
    int ret = mv_domain_obj_set_metadata(d->obj, type, metadata, key, uri, flags, &live, &config);
    if (ret == 0 && live)
        ret = mv_lxc_status_save(st, d);
    if (ret == 0 && config)
        ret = mv_lxc_config_save(st, config);
    if (ret == 0)
        mv_event_queue_domain_metadata_change(st->events, d->obj->def->name, d->obj->def->uuid,
                                              d->obj->def->id, type, uri);
    mv_lxc_unlock(st);
    return ret;
}

char *mv_lxc_get_metadata(virDomainPtr dom, int type, const char *uri, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_LXC_ERR, "lxcDomainGetMetadata") < 0)
        return NULL;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return NULL;
    char *ret = mv_domain_obj_get_metadata(d->obj, type, uri, flags);
    mv_lxc_unlock(st);
    return ret;
}
