/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/xml-prop.c — the typed attribute readers of xml-prop.h: one
 * return convention, libvirt's number syntax and libvirt's messages. */
#include "core/conf/xml-prop.h"
#include "core/conf/xml.h"

#include <errno.h>
#include <limits.h>
#include <modvirt-plugin/error.h>
#include <stdlib.h>
#include <string.h>

const char *const mv_xml_yesno_names[] = { "", "yes", "no", NULL };
const char *const mv_xml_onoff_names[] = { "", "on", "off", NULL };

static const char *elem_name(xmlNodePtr node)
{
    return (const char *)node->name;
}

static int report_missing(xmlNodePtr node, const char *name)
{
    mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                    "Missing required attribute '%s' in element '%s'", name, elem_name(node));
    return -1;
}

/* "Invalid value for attribute 'A' in element 'E': 'V'." then EXPECTED. */
static int report_invalid(xmlNodePtr node, const char *name, const char *value,
                          const char *expected)
{
    mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                    "Invalid value for attribute '%s' in element '%s': '%s'.%s",
                    name, elem_name(node), value, expected);
    return -1;
}

static int report_zero(xmlNodePtr node, const char *name)
{
    mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                    "Invalid value for attribute '%s' in element '%s': Zero is not permitted",
                    name, elem_name(node));
    return -1;
}

/* The raw value into *VALUE: 1, 0 when absent (or NODE is NULL), -1 when
 * absent and required (reported). */
static int fetch(xmlNodePtr node, const char *name, unsigned int flags, char **value)
{
    *value = node ? mv_xml_prop(node, name) : NULL;
    if (*value && (flags & MV_XML_PROP_NONEMPTY) && !**value)
        g_clear_pointer(value, g_free);
    if (*value)
        return 1;
    return node && (flags & MV_XML_PROP_REQUIRED) ? report_missing(node, name) : 0;
}

static int base_of(unsigned int flags)
{
    return flags & MV_XML_PROP_ANY_BASE ? 0 : 10;
}

/* strtoull's syntax over the whole string, without the '-' that strtoull
 * would accept and negate. */
bool mv_xml_number_unsigned(const char *s, unsigned int flags, unsigned long long max,
                            unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, base_of(flags));
    if (end == s || *end || errno || memchr(s, '-', (size_t)(end - s)) || v > max)
        return false;
    *out = v;
    return true;
}

bool mv_xml_number_signed(const char *s, unsigned int flags, long long min, long long max,
                          long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, base_of(flags));
    if (end == s || *end || errno || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static int read_unsigned(xmlNodePtr node, const char *name, unsigned int flags,
                         unsigned long long max, unsigned long long *out)
{
    g_autofree char *v = NULL;
    int r = fetch(node, name, flags, &v);
    if (r <= 0)
        return r;
    if (!mv_xml_number_unsigned(v, flags, max, out))
        return report_invalid(node, name, v, " Expected non-negative integer value");
    if ((flags & MV_XML_PROP_NONZERO) && *out == 0)
        return report_zero(node, name);
    return 1;
}

int mv_xml_prop_uint(xmlNodePtr node, const char *name, unsigned int flags, unsigned int *out)
{
    unsigned long long v;
    int r = read_unsigned(node, name, flags, UINT_MAX, &v);
    if (r > 0)
        *out = (unsigned int)v;
    return r;
}

int mv_xml_prop_ull(xmlNodePtr node, const char *name, unsigned int flags,
                    unsigned long long *out)
{
    unsigned long long v;
    int r = read_unsigned(node, name, flags, ULLONG_MAX, &v);
    if (r > 0)
        *out = v;
    return r;
}

int mv_xml_prop_int(xmlNodePtr node, const char *name, unsigned int flags, int *out)
{
    g_autofree char *v = NULL;
    int r = fetch(node, name, flags, &v);
    if (r <= 0)
        return r;
    long long n;
    if (!mv_xml_number_signed(v, flags, INT_MIN, INT_MAX, &n))
        return report_invalid(node, name, v, " Expected integer value");
    if ((flags & MV_XML_PROP_NONNEGATIVE) && n < 0)
        return report_invalid(node, name, v, " Expected non-negative value");
    if ((flags & MV_XML_PROP_NONZERO) && n == 0)
        return report_zero(node, name);
    *out = (int)n;
    return 1;
}

int mv_xml_prop_enum(xmlNodePtr node, const char *name, const char *const *table,
                     unsigned int flags, int *out)
{
    g_autofree char *v = NULL;
    int r = fetch(node, name, flags, &v);
    if (r <= 0)
        return r;
    for (int i = 0; *v && table[i]; i++) {
        if (strcmp(table[i], v) != 0)
            continue;
        if (i == 0 && (flags & MV_XML_PROP_NONZERO))
            break;
        *out = i;
        return 1;
    }
    return report_invalid(node, name, v, "");
}

static int read_bool(xmlNodePtr node, const char *name, const char *const *table,
                     unsigned int flags, bool *out)
{
    int v;
    int r = mv_xml_prop_enum(node, name, table, flags, &v);
    if (r > 0)
        *out = v == 1;
    return r;
}

int mv_xml_prop_yesno(xmlNodePtr node, const char *name, unsigned int flags, bool *out)
{
    return read_bool(node, name, mv_xml_yesno_names, flags, out);
}

int mv_xml_prop_onoff(xmlNodePtr node, const char *name, unsigned int flags, bool *out)
{
    return read_bool(node, name, mv_xml_onoff_names, flags, out);
}

int mv_xml_prop_string(xmlNodePtr node, const char *name, unsigned int flags, char **out)
{
    char *v;
    int r = fetch(node, name, flags, &v);
    if (r > 0)
        *out = v;
    return r;
}
