/* core/conf/domain/domain-props.c — reading enum and number attributes
 * with the errors libvirt gives for them ("Invalid value for attribute
 * 'x' in element 'y': 'z'."). */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

static void invalid_value(xmlNodePtr node, const char *attr, const char *value,
                          const char *expected)
{
    mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                    "Invalid value for attribute '%s' in element '%s': '%s'.%s",
                    attr, (const char *)node->name, value, expected);
}

int mv_conf_domain_prop_enum(xmlNodePtr node, const char *attr, const char *const *table,
                             int *out)
{
    g_autofree char *v = mv_xml_prop(node, attr);
    if (!v)
        return 0;
    int r = mv_conf_enum_from(table, v);
    if (r < 0) {
        invalid_value(node, attr, v, "");
        return -1;
    }
    *out = r;
    return 1;
}

int mv_conf_domain_prop_uint(xmlNodePtr node, const char *attr, bool nonzero,
                             unsigned int *out)
{
    g_autofree char *v = mv_xml_prop(node, attr);
    if (!v)
        return 0;
    unsigned int r;
    if (mv_xml_parse_uint(v, &r) < 0) {
        invalid_value(node, attr, v, " Expected non-negative integer value");
        return -1;
    }
    if (nonzero && r == 0) {
        mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                        "Invalid value for attribute '%s' in element '%s': Zero is not permitted",
                        attr, (const char *)node->name);
        return -1;
    }
    *out = r;
    return 1;
}

int mv_conf_domain_prop_int(xmlNodePtr node, const char *attr, int *out)
{
    g_autofree char *v = mv_xml_prop(node, attr);
    if (!v)
        return 0;
    if (mv_xml_parse_int(v, out) < 0) {
        invalid_value(node, attr, v, " Expected integer value");
        return -1;
    }
    return 1;
}
