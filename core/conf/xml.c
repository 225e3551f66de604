/* core/conf/xml.c — safe XML reading and libvirt-style XML writing. */
#include "core/conf/xml.h"
#include "core/util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
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

/* The pre-scan below: a single pass over the text that finds what libxml2
 * would spend unbounded work on before libxml2 sees it. libxml2 checks each
 * attribute of an element against all the earlier ones, so one element with
 * 80000 attributes took 23 s; it looks a prefix up through every namespace
 * declaration in scope, so 64000 of them (250 nested elements with 256
 * each) made a 10 MiB document of prefixed elements take longer than five
 * minutes; and a DTD (refused anyway) can declare defaulted attributes and
 * entities that multiply work. The scan only has to be right for
 * well-formed documents: on anything else it may miscount, and libxml2
 * reports the real error. */

/* Just past the first TERM at or after P, or END when there is none. */
static const char *skip_past(const char *p, const char *end, const char *term)
{
    size_t tlen = strlen(term);
    const char *hit = memmem(p, (size_t)(end - p), term, tlen);
    return hit ? hit + tlen : end;
}

static bool starts_with(const char *p, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

/* Line of POS in XML, for errors only (the scan itself does not count). */
static int line_of(const char *xml, const char *pos)
{
    int line = 1;
    for (const char *p = xml; (p = memchr(p, '\n', (size_t)(pos - p))); p++)
        line++;
    return line;
}

static void report_too_many_attributes(const char *xml, const char *tag, const char *end,
                                       const char *what, int domain)
{
    /* The element's name as written, cut to a sane length on a UTF-8
     * boundary (the text is not validated yet). */
    size_t n = strcspn(tag, " \t\r\n/>");
    n = MIN(n, MIN((size_t)(end - tag), (size_t)64));
    const char *valid_end;
    g_utf8_validate(tag, (gssize)n, &valid_end);
    mv_error_report(domain, VIR_ERR_XML_ERROR, "(%s):%d: element '%.*s' has more than %d attributes",
                    what, line_of(xml, tag), (int)(valid_end - tag), tag, MV_XML_MAX_ATTRIBUTES);
}

/* True when the attribute whose '=' is at EQ, in the tag starting at TAG,
 * is a namespace declaration (xmlns or xmlns:PREFIX). The name is found by
 * looking back from EQ, never past an earlier '=', so that all of a tag's
 * names are looked at once at most. */
static bool is_namespace_declaration(const char *tag, const char *eq)
{
    const char *end = eq;
    while (end > tag && g_ascii_isspace(end[-1]))
        end--;
    const char *start = end;
    while (start > tag && !g_ascii_isspace(start[-1]) && !strchr("'\"=", start[-1]))
        start--;
    size_t n = (size_t)(end - start);
    return n >= 5 && memcmp(start, "xmlns", 5) == 0 && (n == 5 || start[5] == ':');
}

static void report_too_many_namespaces(const char *xml, const char *pos, const char *what,
                                       int domain)
{
    mv_error_report(domain, VIR_ERR_XML_ERROR,
                    "(%s):%d: more than %d namespace declarations in the document", what,
                    line_of(xml, pos), MV_XML_MAX_NAMESPACES);
}

/* Scans the start tag whose name begins at *P: counts its attributes (one
 * '=' outside quoted values each) and the document's namespace
 * declarations (in *NAMESPACES), and leaves *P after the tag. -1 with an
 * error when there are too many of either. */
static int scan_start_tag(const char *xml, const char **pp, const char *end,
                          int *namespaces, const char *what, int domain)
{
    const char *tag = *pp, *p = tag;
    int attributes = 0;
    while (p < end && *p != '>' && *p != '<') {
        if (*p == '"' || *p == '\'') {
            /* A value ends at its quote; at a '<' it was never closed, and
             * the scan goes on from there as libxml2 would. */
            const char stops[] = { *p, '<', '\0' };
            p += 1 + strcspn(p + 1, stops);
            if (p < end && *p != '<')
                p++;
            continue;
        }
        if (*p == '=' && ++attributes > MV_XML_MAX_ATTRIBUTES) {
            report_too_many_attributes(xml, tag, end, what, domain);
            return -1;
        }
        if (*p == '=' && is_namespace_declaration(tag, p) &&
            ++*namespaces > MV_XML_MAX_NAMESPACES) {
            report_too_many_namespaces(xml, p, what, domain);
            return -1;
        }
        p++;
    }
    *pp = p;
    return 0;
}

static int prescan(const char *xml, size_t len, const char *what, int domain)
{
    const char *p = xml, *end = xml + len;
    int namespaces = 0;
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        p++;
        if (starts_with(p, end, "!--")) {
            p = skip_past(p + 3, end, "-->");
        } else if (starts_with(p, end, "![CDATA[")) {
            p = skip_past(p, end, "]]>");
        } else if (starts_with(p, end, "?")) {
            p = skip_past(p, end, "?>");
        } else if (starts_with(p, end, "!DOCTYPE")) {
            mv_error_report(domain, VIR_ERR_XML_ERROR,
                            "(%s): document type declarations (DTDs) are not allowed", what);
            return -1;
        } else if (*p != '/' && *p != '!' &&
                   scan_start_tag(xml, &p, end, &namespaces, what, domain) < 0) {
            return -1;
        }
    }
    return 0;
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
    if (prescan(xml, len, what, domain) < 0)
        return NULL;
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

/* Appends S escaped. Besides the markup characters, the characters a
 * reader would not give back as written become character references: XML
 * reads a CR as LF, and in an attribute value a tab, LF or CR as a space.
 * libvirt writes them raw, so its output for such a value reads back
 * changed; written this way, a definition reads back as it was saved. */
static void escape_into(GString *buf, const char *s, bool attribute)
{
    const char *special = attribute ? "&<>'\"\r\n\t" : "&<>'\"\r";
    /* Most values need no escaping: append them whole. */
    size_t plain = strcspn(s, special);
    g_string_append_len(buf, s, (gssize)plain);
    for (s += plain; *s; s++) {
        switch (*s) {
        case '&': g_string_append(buf, "&amp;"); break;
        case '<': g_string_append(buf, "&lt;"); break;
        case '>': g_string_append(buf, "&gt;"); break;
        case '\'': g_string_append(buf, "&apos;"); break;
        case '"': g_string_append(buf, "&quot;"); break;
        case '\r': g_string_append(buf, "&#13;"); break;
        case '\n': g_string_append(buf, attribute ? "&#10;" : "\n"); break;
        case '\t': g_string_append(buf, attribute ? "&#9;" : "\t"); break;
        default: g_string_append_c(buf, *s);
        }
    }
}

void mv_xml_escape(mv_xml_writer *w, const char *s)
{
    if (s)
        escape_into(w->buf, s, false);
}

void mv_xml_attr(mv_xml_writer *w, const char *name, const char *value)
{
    if (!value)
        return;
    g_string_append_c(w->buf, ' ');
    g_string_append(w->buf, name);
    g_string_append(w->buf, "='");
    escape_into(w->buf, value, true);
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
