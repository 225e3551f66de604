/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/xml.h — reading untrusted XML safely, and writing it the way
 * libvirt writes it (core-private; used by every definition in core/conf).
 *
 * Reading: documents over MV_XML_MAX_BYTES, with a DTD, with an element of
 * more than MV_XML_MAX_ATTRIBUTES attributes, with more than
 * MV_XML_MAX_NAMESPACES namespace declarations, or deeper than libxml2's
 * default nesting bound are refused; there is no network access and no
 * entity substitution. The DTD, attribute and namespace checks are made on
 * the text before libxml2 parses it, so that their cost is never paid. Parse errors
 * are VIR_ERR_XML_DETAIL with the line, as libvirt reports them.
 * Writing: two-space indentation, single-quoted attributes, & < > ' "
 * escaped, and the characters XML would not read back as written (CR; tab
 * and LF in attribute values) as character references.
 */
#ifndef MV_CONF_XML_H
#define MV_CONF_XML_H

#include <glib.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

#define MV_XML_MAX_BYTES (10 * 1024 * 1024)
#define MV_XML_MAX_DEPTH 256
/* libxml2's duplicate check makes an element's parse quadratic in its
 * attributes; at this bound a 10 MiB document of such elements parses as
 * fast as one of plain elements. libvirt's own elements have at most a few
 * dozen. */
#define MV_XML_MAX_ATTRIBUTES 256
/* libxml2 resolves each prefix by a linear search of the declarations in
 * scope; at this bound a 10 MiB document of prefixed elements parses as
 * fast as a plain one. libvirt documents declare a handful. */
#define MV_XML_MAX_NAMESPACES 256

/* Parses XML; ROOT is the required root element name (NULL: any) and WHAT names the
 * document in errors ("domain_definition"). NULL with an error for DOMAIN
 * (a VIR_FROM_*) on any failure, including a root other than ROOT. */
xmlDocPtr mv_xml_read(const char *xml, const char *root, const char *what, int domain);

/* Child element NAME of NODE (the first), or NULL. */
xmlNodePtr mv_xml_child(xmlNodePtr node, const char *name);
/* Next sibling element after CUR with the same name, or NULL. */
xmlNodePtr mv_xml_next(xmlNodePtr cur);
/* Number of child elements called NAME. */
size_t mv_xml_count(xmlNodePtr node, const char *name);
/* Attribute NAME of NODE as a g_malloc'd string, or NULL. Typed and
 * checked attributes are read with xml-prop.h. */
char *mv_xml_prop(xmlNodePtr node, const char *name);
/* Whether NODE (which may be NULL) has attribute NAME. */
bool mv_xml_has_prop(xmlNodePtr node, const char *name);
/* Text content of NODE (no entity expansion), g_malloc'd; NULL if NODE is. */
char *mv_xml_text(xmlNodePtr node);
/* Text of child NAME, or NULL. */
char *mv_xml_child_text(xmlNodePtr node, const char *name);
/* Serializes NODE verbatim (for <metadata>), g_malloc'd. */
char *mv_xml_node_dump(xmlNodePtr node);
/* Line of NODE in its document. */
long mv_xml_line(xmlNodePtr node);

/* Decimal numbers in libvirt's syntax (xml-prop.h: leading white space
 * and '+' accepted, nothing after the digits, no '-' for unsigned,
 * overflow refused). 0, or -1 (no error reported: callers say which
 * element). */
int mv_xml_parse_ull(const char *s, unsigned long long *out);
int mv_xml_parse_int(const char *s, int *out);
int mv_xml_parse_uint(const char *s, unsigned int *out);

/* Writer. Elements are written from the start tag on, one call per piece:
 *
 *     mv_xml_start(w, "disk");              <disk
 *     mv_xml_attr(w, "type", "file");        type='file'
 *     size_t m = mv_xml_children(w);       >\n, one level deeper
 *     ... children ...
 *     mv_xml_close_or_empty(w, m, "disk"); </disk>\n, or /> when none came
 *
 * Nothing goes through printf: numbers are converted by hand and strings
 * appended as they are (escaped where the call says so), which keeps
 * formatting a definition a matter of memcpy. */
typedef struct mv_xml_writer {
    GString *buf;
    int indent;
} mv_xml_writer;

void mv_xml_writer_init(mv_xml_writer *w);
/* Returns the document (g_malloc'd) and resets W. */
char *mv_xml_writer_finish(mv_xml_writer *w);
void mv_xml_writer_clear(mv_xml_writer *w);

/* Indented "<NAME": a start tag left open for attributes. */
void mv_xml_start(mv_xml_writer *w, const char *name);
/* Ends the start tag as an empty element: "/>\n". */
void mv_xml_empty(mv_xml_writer *w);
/* Ends the start tag with children to follow: ">\n", one level deeper.
 * Returns the mark mv_xml_close_or_empty needs. */
size_t mv_xml_children(mv_xml_writer *w);
/* One level back, then indented "</NAME>\n". */
void mv_xml_close(mv_xml_writer *w, const char *name);
/* As mv_xml_close, or "/>\n" in place of the start tag's ">\n" when
 * nothing was written since MARK (from mv_xml_children). */
void mv_xml_close_or_empty(mv_xml_writer *w, size_t mark, const char *name);
/* Ends the start tag with text content on the same line:
 * ">TEXT</NAME>\n", TEXT escaped; the unsigned variant writes V. */
void mv_xml_end_text(mv_xml_writer *w, const char *name, const char *text);
void mv_xml_end_uint(mv_xml_writer *w, const char *name, unsigned long long v);

/* " NAME='VALUE'" (escaped for an attribute) when VALUE is not NULL. */
void mv_xml_attr(mv_xml_writer *w, const char *name, const char *value);
/* " NAME='V'" in decimal. */
void mv_xml_attr_uint(mv_xml_writer *w, const char *name, unsigned long long v);
void mv_xml_attr_int(mv_xml_writer *w, const char *name, long long v);
/* " NAME='0xV'": lower-case hex digits, at least WIDTH of them. */
void mv_xml_attr_hex(mv_xml_writer *w, const char *name, unsigned long long v, int width);

/* An indented "<NAME ATTR='VALUE'/>\n" (escaped) when VALUE is not NULL. */
void mv_xml_elem_attr(mv_xml_writer *w, const char *name, const char *attr, const char *value);
/* An indented "<NAME>TEXT</NAME>\n" (escaped) when TEXT is not NULL. */
void mv_xml_elem_text(mv_xml_writer *w, const char *name, const char *text);
/* An indented "<NAME>V</NAME>\n" in decimal. */
void mv_xml_elem_uint(mv_xml_writer *w, const char *name, unsigned long long v);
void mv_xml_elem_int(mv_xml_writer *w, const char *name, long long v);
/* An indented TEXT, verbatim (a fixed line such as "<readonly/>\n"). */
void mv_xml_literal(mv_xml_writer *w, const char *text);

/* Appends raw text (no indentation, no escaping). */
void mv_xml_raw(mv_xml_writer *w, const char *text);
/* Appends S escaped for element text. */
void mv_xml_escape(mv_xml_writer *w, const char *s);
/* Appends V in decimal (no indentation). */
void mv_xml_uint(mv_xml_writer *w, unsigned long long v);
void mv_xml_int(mv_xml_writer *w, long long v);
/* Re-indents a serialized subtree (like <metadata>) to the writer's depth. */
void mv_xml_add_subtree(mv_xml_writer *w, const char *xml);

#endif
