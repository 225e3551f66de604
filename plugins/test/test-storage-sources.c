/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-storage-sources.c — virConnectFindStoragePoolSources
 * for the test driver: the fixed answers libvirt's test driver gives for
 * logical and netfs pools, its errors for every other type. */
#include "test-objects.h"
#include "test-storage.h"

#include <stdlib.h>
#include <string.h>

static const char test_logical_sources[] =
    "<sources>\n"
    "  <source>\n"
    "    <device path='/dev/sda20'/>\n"
    "    <name>testvg1</name>\n"
    "    <format type='lvm2'/>\n"
    "  </source>\n"
    "  <source>\n"
    "    <device path='/dev/sda21'/>\n"
    "    <name>testvg2</name>\n"
    "    <format type='lvm2'/>\n"
    "  </source>\n"
    "</sources>\n";

/* The host named in a <source><host name/></source> spec, or NULL. */
static char *spec_host(const char *spec)
{
    mv_xml_doc *doc = mv_xml_doc_parse(spec, "source", "storage_source_specification",
                                       VIR_FROM_STORAGE);
    if (!doc)
        return NULL;
    mv_xml_node *host = mv_xml_node_child(mv_xml_doc_root(doc), "host");
    char *name = host ? mv_xml_node_prop(host, "name") : NULL;
    mv_xml_doc_free(doc);
    return name;
}

char *mv_test_pool_find_sources(virConnectPtr conn, const char *type, const char *spec,
                                unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testConnectFindStoragePoolSources") < 0)
        return NULL;
    int t = mv_storage_pool_type_from_string(type);
    if (t < 0) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_NO_SUPPORT,
                        "pool type '%s' does not support source discovery", type);
        return NULL;
    }
    if (t == MV_STORAGE_POOL_LOGICAL)
        return strdup(test_logical_sources);
    if (t != MV_STORAGE_POOL_NETFS) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR, "unknown storage pool type %s", type);
        return NULL;
    }
    g_autofree char *host = spec ? spec_host(spec) : NULL;
    if (!host) {
        if (!spec || virGetLastErrorCode() == VIR_ERR_OK)
            mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                            "hostname must be specified for netfs sources");
        return NULL;
    }
    g_autofree char *esc = g_markup_escape_text(host, -1);
    char *xml = g_strdup_printf("<sources>\n  <source>\n    <host name='%s'/>\n"
                                "    <dir path='/testshare'/>\n    <format type='nfs'/>\n"
                                "  </source>\n</sources>\n", esc);
    return xml;
}
