/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-metadata.c — the test driver's title,
 * description and <metadata> elements, read and set as libvirt's test
 * driver does; each set queues the METADATA_CHANGE event. */
#include "test-domain.h"

int mv_test_domain_set_metadata(virDomainPtr dom, int type, const char *metadata,
                                const char *key, const char *uri, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainSetMetadata", -1);
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    mv_domain_def *live, *config;
    int ret = mv_domain_obj_set_metadata(d, type, metadata, key, uri, flags, &live, &config);
    if (ret == 0)
        mv_event_queue_domain_metadata_change(st->events, d->def->name, d->def->uuid, d->def->id,
                                              type, uri);
    mv_test_unlock(st);
    return ret;
}

char *mv_test_domain_get_metadata(virDomainPtr dom, int type, const char *uri, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainGetMetadata", NULL);
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return NULL;
    char *ret = mv_domain_obj_get_metadata(d, type, uri, flags);
    mv_test_unlock(st);
    return ret;
}
