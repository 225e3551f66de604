/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-metadata.c — <metadata>: kept as XML text the
 * way libvirt keeps it (children without a namespace, or repeating one,
 * dropped; blank text between elements dropped; namespaces declared on the
 * <metadata> element) and written back re-indented at its depth. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <libxml/parser.h>
#include <string.h>

static char *dump(xmlNodePtr node, int level, int format)
{
    xmlBufferPtr b = xmlBufferCreate();
    xmlNodeDump(b, node->doc, node, level, format);
    char *r = g_strdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return r;
}

/* Our own serialization read back; libxml2's blank heuristics then drop
 * indentation-only text as libvirt's parse does. */
static xmlDocPtr reread(const char *text)
{
    if (!text)
        return NULL;
    xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
    if (doc && (doc->intSubset || !xmlDocGetRootElement(doc))) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static void sanitize(xmlNodePtr md, const char *drop_uri)
{
    /* Copies: an href may live in the nsDef of a node freed below. */
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    xmlNodePtr next;
    for (xmlNodePtr c = md->children; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *href = c->ns && c->ns->href ? (const char *)c->ns->href : NULL;
        if (href && (!drop_uri || strcmp(href, drop_uri)) && !g_hash_table_contains(seen, href)) {
            g_hash_table_add(seen, g_strdup(href));
            continue;
        }
        xmlUnlinkNode(c);
        xmlFreeNode(c);
    }
}

/* Copies MD into a document of its own, sanitized, then canonical text. */
static char *canonical(xmlNodePtr md, const char *drop_uri, xmlNodePtr extra)
{
    xmlDocPtr tmp = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr copy = xmlDocCopyNode(md, tmp, 1);
    if (!copy) {
        xmlFreeDoc(tmp);
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_NO_MEMORY, NULL);
        return NULL;
    }
    xmlDocSetRootElement(tmp, copy);
    sanitize(copy, drop_uri);
    if (extra)
        xmlAddChild(copy, xmlDocCopyNode(extra, tmp, 1));
    g_autofree char *flat = dump(copy, 0, 0);
    xmlFreeDoc(tmp);
    xmlDocPtr doc = reread(flat);
    if (!doc) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "cannot read back <metadata>");
        return NULL;
    }
    char *r = dump(xmlDocGetRootElement(doc), 0, 1);
    xmlFreeDoc(doc);
    return r;
}

char *mv_conf_domain_metadata_from_node(xmlNodePtr metadata)
{
    return canonical(metadata, NULL, NULL);
}

void mv_conf_domain_metadata_format(mv_xml_writer *w, const char *metadata)
{
    xmlDocPtr doc = reread(metadata);
    if (!doc) {
        mv_xml_add_subtree(w, metadata);
        return;
    }
    int old = xmlIndentTreeOutput;
    xmlIndentTreeOutput = 1;
    g_autofree char *text = dump(xmlDocGetRootElement(doc), w->indent / 2, 1);
    xmlIndentTreeOutput = old;
    xmlFreeDoc(doc);
    mv_xml_literal(w, text);
    mv_xml_raw(w, "\n");
}

static xmlNodePtr find_ns_child(xmlNodePtr md, const char *uri)
{
    for (xmlNodePtr c = md ? md->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
            !strcmp((const char *)c->ns->href, uri))
            return c;
    return NULL;
}

/* Takes NODE and its descendants out of namespace URI, and drops the
 * declarations of it, as libvirt hands a metadata element back. */
static void strip_ns(xmlNodePtr node, const char *uri)
{
    if (node->type != XML_ELEMENT_NODE)
        return;
    if (node->ns && node->ns->href && !strcmp((const char *)node->ns->href, uri))
        xmlSetNs(node, NULL);
    for (xmlNsPtr *link = &node->nsDef; *link;) {
        xmlNsPtr ns = *link;
        if (ns->href && !strcmp((const char *)ns->href, uri)) {
            *link = ns->next;
            ns->next = NULL;
            xmlFreeNs(ns);
        } else {
            link = &ns->next;
        }
    }
    for (xmlNodePtr c = node->children; c; c = c->next)
        strip_ns(c, uri);
}

char *mv_domain_def_get_metadata(const mv_domain_def *def, const char *uri)
{
    xmlDocPtr doc = def && uri ? reread(def->metadata) : NULL;
    xmlNodePtr c = doc ? find_ns_child(xmlDocGetRootElement(doc), uri) : NULL;
    if (c)
        strip_ns(c, uri);
    char *r = c ? dump(c, 0, 1) : NULL;
    if (doc)
        xmlFreeDoc(doc);
    return r;
}

int mv_domain_def_set_metadata(mv_domain_def *def, const char *xml, const char *key,
                               const char *uri)
{
    if (!def || !uri || (xml && !key)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "metadata needs a namespace and a key");
        return -1;
    }
    xmlDocPtr cur = reread(def->metadata ? def->metadata : "<metadata/>");
    xmlDocPtr add = NULL;
    xmlNodePtr extra = NULL;
    if (xml) {
        add = mv_xml_read(xml, NULL, "metadata_xml", VIR_FROM_DOMAIN);
        if (!add || !(extra = xmlDocGetRootElement(add))) {
            if (add)
                xmlFreeDoc(add);
            if (cur)
                xmlFreeDoc(cur);
            return -1;
        }
        xmlSetNs(extra, xmlNewNs(extra, BAD_CAST uri, BAD_CAST key));
    }
    char *text = cur ? canonical(xmlDocGetRootElement(cur), uri, extra) : NULL;
    if (add)
        xmlFreeDoc(add);
    if (cur)
        xmlFreeDoc(cur);
    if (!text)
        return -1;
    g_free(def->metadata);
    def->metadata = text;
    return 0;
}
