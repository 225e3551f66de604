/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/xml.h — reading a driver's own XML files safely (a test
 * driver's node file, a driver's runtime status file), with the same
 * protections as libvirt definitions: no network, no entities, no DTDs,
 * bounded size and depth. Definitions themselves (domains, networks, ...)
 * are parsed with the conf-*.h functions, never with these.
 */
#ifndef MODVIRT_PLUGIN_XML_H
#define MODVIRT_PLUGIN_XML_H

#include <stdbool.h>
#include "abi.h"

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

/* Typed attributes, read as the core reads the attributes of definitions:
 * libvirt's accepted values and error texts. Each returns
 *    1  present and valid: *OUT is set;
 *    0  absent (or NODE is NULL): *OUT is left as it was;
 *   -1  invalid, or absent with MV_XML_PROP_REQUIRED: a VIR_FROM_XML
 *       VIR_ERR_XML_ERROR error ("Invalid value for attribute 'A' in
 *       element 'E': 'V'. ...") is reported, *OUT is left as it was.
 * Numbers accept leading white space and '+' and nothing after the digits;
 * unsigned ones refuse '-'. Since plugin ABI 1.2. */
typedef enum {
    MV_XML_PROP_REQUIRED = 1 << 0,     /* absent is an error */
    MV_XML_PROP_NONZERO = 1 << 1,      /* 0 (for an enum: the first entry) is an error */
    MV_XML_PROP_NONNEGATIVE = 1 << 2,  /* signed numbers: below 0 is an error */
    MV_XML_PROP_ANY_BASE = 1 << 3,     /* numbers as C writes them: 0x1f, 017, 31 */
    MV_XML_PROP_NONEMPTY = 1 << 4,     /* strings: "" counts as absent */
} mv_xml_prop_flags;

MV_PLUGIN_AVAILABLE_IN_1_2
int mv_xml_node_prop_uint(const mv_xml_node *node, const char *name, unsigned int flags,
                          unsigned int *out);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_xml_node_prop_ull(const mv_xml_node *node, const char *name, unsigned int flags,
                         unsigned long long *out);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_xml_node_prop_int(const mv_xml_node *node, const char *name, unsigned int flags,
                         int *out);
/* "yes" (true) or "no" (false). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_xml_node_prop_yesno(const mv_xml_node *node, const char *name, unsigned int flags,
                           bool *out);
/* The index of the value in TABLE, a NULL-terminated array; "" entries
 * never match. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_xml_node_prop_enum(const mv_xml_node *node, const char *name,
                          const char *const *table, unsigned int flags, int *out);

#ifdef __cplusplus
}
#endif

#endif
