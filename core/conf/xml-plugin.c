/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/xml-plugin.c — the plugin API for drivers' own XML files
 * (modvirt-plugin/xml.h), on top of the core's safe reader. */
#include "core/conf/xml.h"
#include "core/conf/xml-prop.h"
#include "core/util/error.h"
#include <modvirt-plugin/paths.h>
#include <modvirt-plugin/xml.h>

#include <errno.h>
#include <libxml/tree.h>
#include <string.h>

/* Opaque handles are the libxml2 objects themselves. */
#define DOC(d) ((xmlDocPtr)(d))
#define NODE(n) ((xmlNodePtr)(n))

mv_xml_doc *mv_xml_doc_parse(const char *text, const char *root, const char *what,
                             int err_domain)
{
    return (mv_xml_doc *)mv_xml_read(text, root, what, err_domain);
}

mv_xml_doc *mv_xml_doc_parse_file(const char *path, const char *root, const char *what,
                                  int err_domain)
{
    g_autofree char *text = NULL;
    size_t len = 0;
    int errnum = 0;
    if (!path) {
        mv_error_report(err_domain, VIR_ERR_SYSTEM_ERROR, "cannot read '(null)': no path");
        return NULL;
    }
    switch (mv_file_read_regular(path, MV_XML_MAX_BYTES, &text, &len, &errnum)) {
    case MV_FILE_READ_OK:
        break;
    case MV_FILE_READ_CANNOT_OPEN:
    case MV_FILE_READ_CANNOT_READ:
        mv_error_report_errno(err_domain, VIR_ERR_SYSTEM_ERROR, errnum, "cannot read '%s'", path);
        return NULL;
    case MV_FILE_READ_NOT_REGULAR:
        mv_error_report(err_domain, VIR_ERR_SYSTEM_ERROR, "cannot read '%s': not a regular file",
                        path);
        return NULL;
    case MV_FILE_READ_TOO_LARGE:
        break;   /* reported below, as a document with a NUL is */
    }
    if (!text || strlen(text) != len) {
        mv_error_report(err_domain, VIR_ERR_XML_ERROR, "'%s' is not an XML document of at most %d bytes",
                        path, MV_XML_MAX_BYTES);
        return NULL;
    }
    return mv_xml_doc_parse(text, root, what, err_domain);
}

void mv_xml_doc_free(mv_xml_doc *doc)
{
    if (doc)
        xmlFreeDoc(DOC(doc));
}

mv_xml_node *mv_xml_doc_root(mv_xml_doc *doc)
{
    return doc ? (mv_xml_node *)xmlDocGetRootElement(DOC(doc)) : NULL;
}

static xmlNodePtr next_element(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && (!name || xmlStrEqual(n->name, BAD_CAST name)))
            return n;
    return NULL;
}

mv_xml_node *mv_xml_node_child(mv_xml_node *node, const char *name)
{
    return node ? (mv_xml_node *)next_element(NODE(node)->children, name) : NULL;
}

mv_xml_node *mv_xml_node_next(mv_xml_node *node, const char *name)
{
    return node ? (mv_xml_node *)next_element(NODE(node)->next, name) : NULL;
}

const char *mv_xml_node_name(const mv_xml_node *node)
{
    return node ? (const char *)NODE(node)->name : NULL;
}

const char *mv_xml_node_ns(const mv_xml_node *node)
{
    return node && NODE(node)->ns ? (const char *)NODE(node)->ns->href : NULL;
}

char *mv_xml_node_prop(const mv_xml_node *node, const char *name)
{
    return mv_xml_prop(NODE(node), name);
}

int mv_xml_node_prop_uint(const mv_xml_node *node, const char *name, unsigned int flags,
                          unsigned int *out)
{
    return mv_xml_prop_uint(NODE(node), name, flags, out);
}

int mv_xml_node_prop_ull(const mv_xml_node *node, const char *name, unsigned int flags,
                         unsigned long long *out)
{
    return mv_xml_prop_ull(NODE(node), name, flags, out);
}

int mv_xml_node_prop_int(const mv_xml_node *node, const char *name, unsigned int flags,
                         int *out)
{
    return mv_xml_prop_int(NODE(node), name, flags, out);
}

int mv_xml_node_prop_yesno(const mv_xml_node *node, const char *name, unsigned int flags,
                           bool *out)
{
    return mv_xml_prop_yesno(NODE(node), name, flags, out);
}

int mv_xml_node_prop_enum(const mv_xml_node *node, const char *name,
                          const char *const *table, unsigned int flags, int *out)
{
    return mv_xml_prop_enum(NODE(node), name, table, flags, out);
}

char *mv_xml_node_text(const mv_xml_node *node)
{
    return mv_xml_text(NODE(node));
}

char *mv_xml_node_serialize(const mv_xml_node *node)
{
    if (!node)
        return NULL;
    /* A copy in a document of its own carries the namespace declarations
     * inherited from its ancestors. */
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr copy = xmlDocCopyNode(NODE(node), doc, 1);
    xmlDocSetRootElement(doc, copy);
    xmlReconciliateNs(doc, copy);
    char *text = mv_xml_node_dump(copy);
    xmlFreeDoc(doc);
    return text;
}
