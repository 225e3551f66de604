/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/xml-prop.h — reading the attributes of a definition the way
 * libvirt reads them, with its accepted values and its error texts. Every
 * definition in core/conf reads its typed attributes through these; the
 * plugin API's mv_xml_node_prop_* (modvirt-plugin/xml.h) are the same
 * readers for drivers' own files. Core-private.
 *
 * One convention for every reader:
 *    1  the attribute is present and valid: *OUT is set;
 *    0  the attribute is absent: *OUT is left as it was;
 *   -1  the attribute is invalid, or absent with MV_XML_PROP_REQUIRED: the
 *       error is reported (VIR_FROM_XML, VIR_ERR_XML_ERROR, libvirt's text)
 *       and *OUT is left as it was.
 * NODE may be NULL (an optional element that is not there): that reads as
 * absent, 0, even with MV_XML_PROP_REQUIRED; a caller that needs the
 * element checks for it.
 *
 * Numbers are read as libvirt's virStrToLong_* read them: leading white
 * space and a '+' are accepted, nothing may follow the digits, a value out
 * of the type's range is invalid, and an unsigned value may carry no '-'.
 * They are decimal unless MV_XML_PROP_ANY_BASE is given (flags are the
 * MV_XML_PROP_* of modvirt-plugin/xml.h).
 */
#ifndef MV_CONF_XML_PROP_H
#define MV_CONF_XML_PROP_H

#include <libxml/tree.h>
#include <modvirt-plugin/xml.h>
#include <stdbool.h>

/* Enum tables for the tristates libvirt writes as yes/no and on/off,
 * indexed like MV_TRISTATE_*: "" (absent, never matches), then yes/on, no/off. */
extern const char *const mv_xml_yesno_names[];
extern const char *const mv_xml_onoff_names[];

int mv_xml_prop_uint(xmlNodePtr node, const char *name, unsigned int flags, unsigned int *out);
int mv_xml_prop_ull(xmlNodePtr node, const char *name, unsigned int flags,
                    unsigned long long *out);
/* MV_XML_PROP_NONNEGATIVE refuses a value below 0. */
int mv_xml_prop_int(xmlNodePtr node, const char *name, unsigned int flags, int *out);

/* The index of the value in TABLE, a NULL-terminated array of strings in
 * which "" entries never match. MV_XML_PROP_NONZERO refuses index 0 (the
 * "none"/"default" entry libvirt's tables start with). */
int mv_xml_prop_enum(xmlNodePtr node, const char *name, const char *const *table,
                     unsigned int flags, int *out);
/* "yes"/"no" and "on"/"off" as a bool. */
int mv_xml_prop_yesno(xmlNodePtr node, const char *name, unsigned int flags, bool *out);
int mv_xml_prop_onoff(xmlNodePtr node, const char *name, unsigned int flags, bool *out);

/* S in the number syntax above, unsigned and at most MAX, or signed in
 * [MIN, MAX] (FLAGS may hold MV_XML_PROP_ANY_BASE): true with *OUT set, or
 * false. They report nothing: for the values libvirt reads with messages
 * of their own (element text, a few attributes). */
bool mv_xml_number_unsigned(const char *s, unsigned int flags, unsigned long long max,
                            unsigned long long *out);
bool mv_xml_number_signed(const char *s, unsigned int flags, long long min, long long max,
                          long long *out);

/* The value, g_malloc'd into *OUT (which must hold no string of its own).
 * MV_XML_PROP_NONEMPTY reads "" as absent, as libvirt's XPath reads do. */
int mv_xml_prop_string(xmlNodePtr node, const char *name, unsigned int flags, char **out);

#endif
