/* modvirt-plugin/xml.h — reading a driver's own XML files safely (a test
 * driver's node file, a driver's runtime status file), with the same
 * protections as libvirt definitions: no network, no entities, no DTDs,
 * bounded size and depth. Definitions themselves (domains, networks, ...)
 * are parsed with the conf-*.h functions, never with these.
 */
#ifndef MODVIRT_PLUGIN_XML_H
#define MODVIRT_PLUGIN_XML_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mv_xml_doc mv_xml_doc;     /* opaque */
typedef struct mv_xml_node mv_xml_node;   /* opaque, owned by its document */

/* Parses TEXT, whose root element must be ROOT. WHAT names the document in
 * errors ("node_definition"), reported under ERR_DOMAIN (a VIR_FROM_*).
 * NULL with an error on failure. */
mv_xml_doc *mv_xml_doc_parse(const char *text, const char *root, const char *what,
                             int err_domain);
/* The same for a file; a missing or unreadable file is VIR_ERR_SYSTEM_ERROR
 * naming the path. */
mv_xml_doc *mv_xml_doc_parse_file(const char *path, const char *root, const char *what,
                                  int err_domain);
void mv_xml_doc_free(mv_xml_doc *doc);

mv_xml_node *mv_xml_doc_root(mv_xml_doc *doc);
/* First child element of NODE named NAME (NULL: any element), or NULL. */
mv_xml_node *mv_xml_node_child(mv_xml_node *node, const char *name);
/* Next sibling element named NAME (NULL: any element), or NULL. */
mv_xml_node *mv_xml_node_next(mv_xml_node *node, const char *name);
/* The element's local name and namespace URI (NULL when none). */
const char *mv_xml_node_name(const mv_xml_node *node);
const char *mv_xml_node_ns(const mv_xml_node *node);
/* Attribute (no namespace) and text content, malloc'd; NULL when absent. */
char *mv_xml_node_prop(const mv_xml_node *node, const char *name);
char *mv_xml_node_text(const mv_xml_node *node);
/* The element and its subtree as an XML document text, malloc'd, with the
 * namespace declarations it uses. */
char *mv_xml_node_serialize(const mv_xml_node *node);

#ifdef __cplusplus
}
#endif

#endif
