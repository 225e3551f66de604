/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/units.c — parsing scaled sizes with overflow detection. */
#include "core/conf/units.h"
#include "core/conf/xml.h"
#include "core/util/error.h"

#include <string.h>

/* Bytes per UNIT, or 0 for an unknown unit. */
static unsigned long long unit_scale(const char *unit)
{
    static const char *const prefixes = "kmgtpe";
    if (!g_ascii_strcasecmp(unit, "b") || !g_ascii_strcasecmp(unit, "byte") ||
        !g_ascii_strcasecmp(unit, "bytes"))
        return 1;
    const char *p = strchr(prefixes, g_ascii_tolower(unit[0]));
    if (!p || !unit[0])
        return 0;
    int power = (int)(p - prefixes) + 1;
    unsigned long long base;
    const char *rest = unit + 1;
    if (!*rest || !g_ascii_strcasecmp(rest, "ib"))
        base = 1024;
    else if (!g_ascii_strcasecmp(rest, "b"))
        base = 1000;
    else
        return 0;
    unsigned long long s = 1;
    for (int i = 0; i < power; i++)
        s *= base;
    return s;
}

int mv_units_parse(const char *value, const char *unit, unsigned long long default_scale,
                   unsigned long long divisor, unsigned long long max,
                   const char *element, unsigned long long *out)
{
    unsigned long long v;
    if (mv_xml_parse_ull(value, &v) < 0) {
        mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Invalid value '%s' for element or attribute '%s'",
                        value ? value : "", element);
        return -1;
    }
    unsigned long long scale = unit && *unit ? unit_scale(unit) : default_scale;
    if (!scale) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "unknown suffix '%s'", unit);
        return -1;
    }
    if (v && scale > G_MAXUINT64 / v) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_OVERFLOW, "value too large: %s%s", value, unit ? unit : "");
        return -1;
    }
    unsigned long long bytes = v * scale;
    unsigned long long r = bytes / divisor + (bytes % divisor ? 1 : 0);
    if (r > max) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_OVERFLOW, "value too large: %s%s", value, unit ? unit : "");
        return -1;
    }
    *out = r;
    return 0;
}
