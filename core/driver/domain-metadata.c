/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/driver/domain-metadata.c — virDomainGetMetadata and
 * virDomainSetMetadata on a driver's domain object: the title, the
 * description and the namespaced <metadata> elements of the live or the
 * persistent definition, as libvirt's domain objects serve them. */
#include "core/util/error.h"
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/domain-list.h>
#include <modvirt-plugin/error.h>

#include <glib.h>
#include <string.h>

static void not_present(void)
{
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_NO_DOMAIN_METADATA,
                    "Requested metadata element is not present");
}

static void unknown_type(int type)
{
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unknown metadata type '%d'", type);
}

char *mv_domain_obj_get_metadata(mv_domain_obj *obj, int type, const char *uri,
                                 unsigned int flags)
{
    mv_domain_def *live = NULL, *config = NULL;
    if (mv_domain_obj_get_defs(obj, flags, &live, &config) < 0)
        return NULL;
    const mv_domain_def *def = live ? live : config;
    char *ret = NULL;
    switch (type) {
    case VIR_DOMAIN_METADATA_DESCRIPTION:
        ret = g_strdup(def->description);
        break;
    case VIR_DOMAIN_METADATA_TITLE:
        ret = g_strdup(def->title);
        break;
    case VIR_DOMAIN_METADATA_ELEMENT:
        ret = mv_domain_def_get_metadata(def, uri);
        break;
    default:
        unknown_type(type);
        return NULL;
    }
    if (!ret)
        not_present();
    return ret;
}

/* Sets TYPE's metadata on DEF; -1 with the error reported, DEF unchanged. */
static int set_one(mv_domain_def *def, int type, const char *metadata, const char *key,
                   const char *uri)
{
    char **field = type == VIR_DOMAIN_METADATA_TITLE ? &def->title : &def->description;
    switch (type) {
    case VIR_DOMAIN_METADATA_DESCRIPTION:
    case VIR_DOMAIN_METADATA_TITLE:
        g_free(*field);
        *field = metadata && *metadata ? g_strdup(metadata) : NULL;
        return 0;
    case VIR_DOMAIN_METADATA_ELEMENT:
        return mv_domain_def_set_metadata(def, metadata && *metadata ? metadata : NULL, key, uri);
    default:
        unknown_type(type);
        return -1;
    }
}

int mv_domain_obj_set_metadata(mv_domain_obj *obj, int type, const char *metadata,
                               const char *key, const char *uri, unsigned int flags,
                               mv_domain_def **live, mv_domain_def **config)
{
    mv_domain_def *l = NULL, *c = NULL;
    *live = *config = NULL;
    if (mv_domain_obj_get_defs(obj, flags, &l, &c) < 0)
        return -1;
    /* The live one first: what it refuses, the persistent one would too. */
    if ((l && set_one(l, type, metadata, key, uri) < 0) ||
        (c && set_one(c, type, metadata, key, uri) < 0))
        return -1;
    *live = l;
    *config = c;
    return 0;
}
