/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-copy.c — deep copy by writing the definition
 * with every field and reading it back without adding defaults: one code
 * path for every field, devices included. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

mv_domain_def *mv_domain_def_copy(const mv_domain_def *def)
{
    if (!def) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "no domain definition to copy");
        return NULL;
    }
    g_autofree char *xml = mv_domain_def_format(def, 0);
    return mv_domain_def_parse(xml, NULL, MV_DOMAIN_PARSE_NO_DEFAULTS);
}
