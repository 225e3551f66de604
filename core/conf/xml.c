/* core/conf/xml.c — safe XML reading and libvirt-style XML writing. */
#include "core/conf/xml.h"
#include "core/api/error-internal.h"

#include <errno.h>
#include <stdio.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* libvirt's parse error: "(what):LINE: message", the offending line, and a
 * caret under the column. */
static void report_parse_error(const char *xml, const char *what, int domain,
                               const xmlError *e)
{
    if (!e || !e->message) {
        mv_error_report(domain, VIR_ERR_XML_DETAIL, "(%s): failed to parse document", what);
        return;
    }
    g_autofree char *msg = g_strdup(e->message);
    g_strchomp(msg);
    int line = e->line > 0 ? e->line : 1;
    const char *p = xml;
    for (int l = 1; l < line && p && *p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    g_autofree char *ctx = NULL;
    if (p && *p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        ctx = g_strndup(p, MIN(len, 80));
    }
    int col = e->int2 > 0 ? e->int2 - 1 : 0;
    if (ctx && col > (int)strlen(ctx))
        col = (int)strlen(ctx);
    g_autofree char *caret = g_strnfill(col, '-');
    mv_error_report(domain, VIR_ERR_XML_DETAIL, "(%s):%d: %s\n%s\n%s^", what, line, msg,
                    ctx ? ctx : "(null)", caret);
}

/* The first error of the current parse: libvirt reports that one, while
 * libxml2's lastError holds the last. */
static __thread struct { bool set; xmlError err; } first_error;

static void keep_first_error(void *userdata, xmlErrorPtr err)
{
    if (first_error.set || !err)
        return;
    first_error.set = true;
    xmlCopyError(err, &first_error.err);
}

/* One parser context per thread, reused: creating one (and its name
 * dictionary) was a tenth of a small document's parse. Its dictionary only
 * grows with new names, so past a bound the context starts afresh (hostile
 * input must not grow a long-lived process). */
#define MV_XML_DICT_MAX 4096

static void parser_ctxt_free(gpointer ctxt)
{
    xmlFreeParserCtxt(ctxt);
}

static GPrivate parser_key = G_PRIVATE_INIT(parser_ctxt_free);

static xmlParserCtxtPtr parser_ctxt(void)
{
    xmlParserCtxtPtr ctxt = g_private_get(&parser_key);
    if (ctxt && ctxt->dict && xmlDictSize(ctxt->dict) > MV_XML_DICT_MAX) {
        g_private_replace(&parser_key, NULL);
        ctxt = NULL;
    }
    if (!ctxt) {
        ctxt = xmlNewParserCtxt();
        if (!ctxt)
            return NULL;
        g_private_set(&parser_key, ctxt);
    }
    return ctxt;
}

xmlDocPtr mv_xml_read(const char *xml, const char *root, const char *what, int domain)
{
    if (!xml) {
        mv_error_report(domain, VIR_ERR_XML_ERROR, "no XML document given");
        return NULL;
    }
    size_t len = strlen(xml);
    if (len > MV_XML_MAX_BYTES) {
        mv_error_report(domain, VIR_ERR_XML_ERROR,
                        "document of %zu bytes is larger than the %d bytes allowed",
                        len, MV_XML_MAX_BYTES);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = parser_ctxt();
    if (!ctxt) {
        mv_error_report(domain, VIR_ERR_NO_MEMORY, NULL);
        return NULL;
    }
    /* No NOENT (entities stay references), no DTDLOAD, no HUGE (keeps
     * libxml2's depth and size bounds), no network. */
    ctxt->sax->serror = keep_first_error;
    first_error.set = false;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, xml, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                                      XML_PARSE_NOBLANKS);
    if (!doc || !ctxt->wellFormed) {
        report_parse_error(xml, what, domain,
                           first_error.set ? &first_error.err : &ctxt->lastError);
        if (first_error.set)
            xmlResetError(&first_error.err);
        if (doc)
            xmlFreeDoc(doc);
        return NULL;
    }
    if (first_error.set)
        xmlResetError(&first_error.err);
    if (doc->intSubset || doc->extSubset) {
        mv_error_report(domain, VIR_ERR_XML_ERROR,
                        "(%s): document type declarations (DTDs) are not allowed", what);
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlNodePtr top = xmlDocGetRootElement(doc);
    if (!top || !xmlStrEqual(top->name, BAD_CAST root)) {
        /* libvirt files this one under VIR_FROM_XML whatever the kind. */
        mv_error_report(VIR_FROM_XML, VIR_ERR_XML_ERROR, "expecting root element of '%s', not '%s'",
                        root, top ? (const char *)top->name : "");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

xmlNodePtr mv_xml_child(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
            return c;
    return NULL;
}

xmlNodePtr mv_xml_next(xmlNodePtr cur)
{
    for (xmlNodePtr c = cur ? cur->next : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, cur->name))
            return c;
    return NULL;
}

size_t mv_xml_count(xmlNodePtr node, const char *name)
{
    size_t n = 0;
    for (xmlNodePtr c = mv_xml_child(node, name); c; c = mv_xml_next(c))
        n++;
    return n;
}

char *mv_xml_prop(xmlNodePtr node, const char *name)
{
    if (!node)
        return NULL;
    xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
    if (!v)
        return NULL;
    char *r = g_strdup((const char *)v);
    xmlFree(v);
    return r;
}

char *mv_xml_text(xmlNodePtr node)
{
    if (!node)
        return NULL;
    /* Only text children: entity references are never expanded. */
    GString *s = g_string_new(NULL);
    for (xmlNodePtr c = node->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            g_string_append(s, (const char *)c->content);
    return g_string_free(s, FALSE);
}

char *mv_xml_child_text(xmlNodePtr node, const char *name)
{
    return mv_xml_text(mv_xml_child(node, name));
}

char *mv_xml_node_dump(xmlNodePtr node)
{
    xmlBufferPtr b = xmlBufferCreate();
    xmlNodeDump(b, node->doc, node, 0, 1);
    char *r = g_strdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return r;
}

long mv_xml_line(xmlNodePtr node)
{
    return node ? xmlGetLineNo(node) : 0;
}

int mv_xml_parse_ull(const char *s, unsigned long long *out)
{
    if (!s || !g_ascii_isdigit(*s))
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

int mv_xml_parse_int(const char *s, int *out)
{
    if (!s || !*s)
        return -1;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < INT32_MIN || v > INT32_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

int mv_xml_parse_uint(const char *s, unsigned int *out)
{
    unsigned long long v;
    if (mv_xml_parse_ull(s, &v) < 0 || v > UINT32_MAX)
        return -1;
    *out = (unsigned int)v;
    return 0;
}

void mv_xml_writer_init(mv_xml_writer *w)
{
    w->buf = g_string_sized_new(1024);
    w->indent = 0;
}

char *mv_xml_writer_finish(mv_xml_writer *w)
{
    char *r = g_string_free(w->buf, FALSE);
    w->buf = NULL;
    return r;
}

void mv_xml_writer_clear(mv_xml_writer *w)
{
    if (w->buf)
        g_string_free(w->buf, TRUE);
    w->buf = NULL;
}

/* Formats into the buffer's free space directly: GLib's own
 * g_string_append_vprintf allocates a temporary string per call, which was
 * a fifth of the time of formatting a domain. */
static void append_vprintf(GString *buf, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    size_t room = buf->allocated_len - buf->len;
    int n = vsnprintf(buf->str + buf->len, room, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    if ((size_t)n >= room) {
        g_string_set_size(buf, buf->len + (size_t)n);   /* grows, keeps NUL room */
        g_string_truncate(buf, buf->len - (size_t)n);
        vsnprintf(buf->str + buf->len, buf->allocated_len - buf->len, fmt, ap);
    }
    buf->len += (size_t)n;
}

void mv_xml_add(mv_xml_writer *w, const char *fmt, ...)
{
    static const char spaces[] = "                                ";
    for (int left = w->indent; left > 0; left -= (int)sizeof(spaces) - 1)
        g_string_append_len(w->buf, spaces, MIN(left, (int)sizeof(spaces) - 1));
    va_list ap;
    va_start(ap, fmt);
    append_vprintf(w->buf, fmt, ap);
    va_end(ap);
}

void mv_xml_raw(mv_xml_writer *w, const char *text)
{
    g_string_append(w->buf, text);
}

void mv_xml_escape(mv_xml_writer *w, const char *s)
{
    if (!s)
        return;
    /* Most values need no escaping: append them whole. */
    size_t plain = strcspn(s, "&<>'\"");
    g_string_append_len(w->buf, s, (gssize)plain);
    for (s += plain; *s; s++) {
        switch (*s) {
        case '&': g_string_append(w->buf, "&amp;"); break;
        case '<': g_string_append(w->buf, "&lt;"); break;
        case '>': g_string_append(w->buf, "&gt;"); break;
        case '\'': g_string_append(w->buf, "&apos;"); break;
        case '"': g_string_append(w->buf, "&quot;"); break;
        default: g_string_append_c(w->buf, *s);
        }
    }
}

void mv_xml_attr(mv_xml_writer *w, const char *name, const char *value)
{
    if (!value)
        return;
    g_string_append_c(w->buf, ' ');
    g_string_append(w->buf, name);
    g_string_append(w->buf, "='");
    mv_xml_escape(w, value);
    g_string_append_c(w->buf, '\'');
}

void mv_xml_elem_text(mv_xml_writer *w, const char *name, const char *text)
{
    if (!text)
        return;
    mv_xml_add(w, "<%s>", name);
    mv_xml_escape(w, text);
    g_string_append(w->buf, "</");
    g_string_append(w->buf, name);
    g_string_append(w->buf, ">\n");
}

void mv_xml_add_subtree(mv_xml_writer *w, const char *xml)
{
    g_auto(GStrv) lines = g_strsplit(xml, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!**l)
            continue;
        mv_xml_add(w, "%s\n", *l);
    }
}
