/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/xml.c — safe XML reading and libvirt-style XML writing. */
#include "core/conf/xml.h"
#include "core/conf/xml-prop.h"
#include "core/util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
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
    if (!top || (root && !xmlStrEqual(top->name, BAD_CAST root))) {
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

bool mv_xml_has_prop(xmlNodePtr node, const char *name)
{
    return node && xmlHasNsProp(node, BAD_CAST name, NULL);
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
    return s && mv_xml_number_unsigned(s, 0, G_MAXUINT64, out) ? 0 : -1;
}

int mv_xml_parse_int(const char *s, int *out)
{
    long long v;
    if (!s || !mv_xml_number_signed(s, 0, G_MININT32, G_MAXINT32, &v))
        return -1;
    *out = (int)v;
    return 0;
}

int mv_xml_parse_uint(const char *s, unsigned int *out)
{
    unsigned long long v;
    if (!s || !mv_xml_number_unsigned(s, 0, G_MAXUINT32, &v))
        return -1;
    *out = (unsigned int)v;
    return 0;
}

void mv_xml_writer_init(mv_xml_writer *w)
{
    w->buf = g_string_sized_new(2048);
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

/* Appending: formatting a domain is some two hundred small appends, and
 * GLib's g_string_append_len (through g_string_insert_len) costs more
 * than the copy itself. Each piece here asks for room once, writes into
 * the buffer directly and then commits what it wrote; GLib is only asked
 * to grow the buffer. It stays NUL-terminated, as a GString must. */
static void grow(GString *buf, size_t n)
{
    size_t len = buf->len;
    g_string_set_size(buf, len + n);
    buf->len = len;
    buf->str[len] = '\0';
}

/* Where the next N bytes go (room for the NUL after them included). */
static inline char *room(GString *buf, size_t n)
{
    if (G_UNLIKELY(buf->len + n >= buf->allocated_len))
        grow(buf, n);
    return buf->str + buf->len;
}

/* Ends what was written at END. */
static inline void commit(GString *buf, char *end)
{
    buf->len = (size_t)(end - buf->str);
    *end = '\0';
}

static inline void put(GString *buf, const char *s, size_t n)
{
    char *p = room(buf, n);
    memcpy(p, s, n);
    commit(buf, p + n);
}

static inline void put_c(GString *buf, char c)
{
    char *p = room(buf, 1);
    *p = c;
    commit(buf, p + 1);
}

static inline void put_str(GString *buf, const char *s)
{
    put(buf, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define PUT_LIT(buf, lit) put((buf), "" lit, sizeof(lit) - 1)

static inline size_t depth(const mv_xml_writer *w)
{
    return w->indent > 0 ? (size_t)w->indent : 0;
}

/* The writer's indentation then "<NAME" or "</NAME>\n". */
static void tag(mv_xml_writer *w, const char *name, bool end)
{
    size_t n = strlen(name), d = depth(w);
    char *p = room(w->buf, d + n + 4);
    memset(p, ' ', d);
    p += d;
    *p++ = '<';
    if (end)
        *p++ = '/';
    memcpy(p, name, n);
    p += n;
    if (end) {
        *p++ = '>';
        *p++ = '\n';
    }
    commit(w->buf, p);
}

/* Writes the decimal digits of V ending at END; returns the first. */
static char *decimal(char *end, unsigned long long v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

/* V in decimal at P (room for 21 bytes); returns the end. */
static char *put_decimal(char *p, unsigned long long v, bool negative)
{
    char digits[20];
    char *first = decimal(digits + sizeof(digits), v);
    size_t n = (size_t)(digits + sizeof(digits) - first);
    if (negative)
        *p++ = '-';
    memcpy(p, first, n);
    return p + n;
}

/* The magnitude of V (that of LLONG_MIN fits an unsigned long long). */
static unsigned long long magnitude(long long v)
{
    return v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
}

void mv_xml_uint(mv_xml_writer *w, unsigned long long v)
{
    commit(w->buf, put_decimal(room(w->buf, 21), v, false));
}

void mv_xml_int(mv_xml_writer *w, long long v)
{
    commit(w->buf, put_decimal(room(w->buf, 21), magnitude(v), v < 0));
}

void mv_xml_start(mv_xml_writer *w, const char *name)
{
    tag(w, name, false);
}

void mv_xml_empty(mv_xml_writer *w)
{
    PUT_LIT(w->buf, "/>\n");
}

size_t mv_xml_children(mv_xml_writer *w)
{
    PUT_LIT(w->buf, ">\n");
    w->indent += 2;
    return w->buf->len;
}

/* "</NAME>\n" with no indentation, after text content. */
static void end_tag(GString *buf, const char *name)
{
    size_t n = strlen(name);
    char *p = room(buf, n + 4);
    *p++ = '<';
    *p++ = '/';
    memcpy(p, name, n);
    p += n;
    *p++ = '>';
    *p++ = '\n';
    commit(buf, p);
}

void mv_xml_close(mv_xml_writer *w, const char *name)
{
    w->indent -= 2;
    tag(w, name, true);
}

void mv_xml_close_or_empty(mv_xml_writer *w, size_t mark, const char *name)
{
    if (w->buf->len != mark) {
        mv_xml_close(w, name);
        return;
    }
    w->indent -= 2;
    commit(w->buf, w->buf->str + mark - 2);   /* drops the ">\n" of mv_xml_children */
    mv_xml_empty(w);
}

void mv_xml_end_text(mv_xml_writer *w, const char *name, const char *text)
{
    put_c(w->buf, '>');
    mv_xml_escape(w, text);
    end_tag(w->buf, name);
}

void mv_xml_end_uint(mv_xml_writer *w, const char *name, unsigned long long v)
{
    char *p = room(w->buf, 22);
    *p++ = '>';
    commit(w->buf, put_decimal(p, v, false));
    end_tag(w->buf, name);
}

void mv_xml_literal(mv_xml_writer *w, const char *text)
{
    size_t d = depth(w), n = strlen(text);
    char *p = room(w->buf, d + n);
    memset(p, ' ', d);
    memcpy(p + d, text, n);
    commit(w->buf, p + d + n);
}

void mv_xml_raw(mv_xml_writer *w, const char *text)
{
    put_str(w->buf, text);
}

/* Appends S escaped. Besides the markup characters, the characters a
 * reader would not give back as written become character references: XML
 * reads a CR as LF, and in an attribute value a tab, LF or CR as a space.
 * libvirt writes them raw, so its output for such a value reads back
 * changed; written this way, a definition reads back as it was saved. */
static void escape_into(GString *buf, const char *s, bool attribute)
{
    const char *special = attribute ? "&<>'\"\r\n\t" : "&<>'\"\r";
    for (;;) {
        /* Most values need no escaping: runs of plain text go whole. */
        size_t plain = strcspn(s, special);
        put(buf, s, plain);
        s += plain;
        if (!*s)
            return;
        switch (*s++) {
        case '&': PUT_LIT(buf, "&amp;"); break;
        case '<': PUT_LIT(buf, "&lt;"); break;
        case '>': PUT_LIT(buf, "&gt;"); break;
        case '\'': PUT_LIT(buf, "&apos;"); break;
        case '"': PUT_LIT(buf, "&quot;"); break;
        case '\r': PUT_LIT(buf, "&#13;"); break;
        case '\n': PUT_LIT(buf, "&#10;"); break;   /* only in attributes */
        case '\t': PUT_LIT(buf, "&#9;"); break;    /* only in attributes */
        }
    }
}

void mv_xml_escape(mv_xml_writer *w, const char *s)
{
    if (s)
        escape_into(w->buf, s, false);
}

/* " NAME='" with room for EXTRA more bytes after it; returns where they go. */
static char *attr_start(GString *buf, const char *name, size_t extra)
{
    size_t n = strlen(name);
    char *p = room(buf, n + 3 + extra);
    *p++ = ' ';
    memcpy(p, name, n);
    p += n;
    *p++ = '=';
    *p++ = '\'';
    return p;
}

void mv_xml_attr(mv_xml_writer *w, const char *name, const char *value)
{
    if (!value)
        return;
    commit(w->buf, attr_start(w->buf, name, 0));
    escape_into(w->buf, value, true);
    put_c(w->buf, '\'');
}

void mv_xml_attr_uint(mv_xml_writer *w, const char *name, unsigned long long v)
{
    char *p = put_decimal(attr_start(w->buf, name, 22), v, false);
    *p++ = '\'';
    commit(w->buf, p);
}

void mv_xml_attr_int(mv_xml_writer *w, const char *name, long long v)
{
    char *p = put_decimal(attr_start(w->buf, name, 22), magnitude(v), v < 0);
    *p++ = '\'';
    commit(w->buf, p);
}

void mv_xml_attr_hex(mv_xml_writer *w, const char *name, unsigned long long v, int width)
{
    static const char hex[] = "0123456789abcdef";
    int n = 1;
    for (unsigned long long rest = v >> 4; rest; rest >>= 4)
        n++;
    int digits = MAX(n, width);
    char *p = attr_start(w->buf, name, (size_t)digits + 3);
    *p++ = '0';
    *p++ = 'x';
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        p[i] = hex[v & 0xf];   /* past the value's digits, v is 0: zero padding */
    p += digits;
    *p++ = '\'';
    commit(w->buf, p);
}

void mv_xml_elem_attr(mv_xml_writer *w, const char *name, const char *attr, const char *value)
{
    if (!value)
        return;
    mv_xml_start(w, name);
    mv_xml_attr(w, attr, value);
    mv_xml_empty(w);
}

void mv_xml_elem_text(mv_xml_writer *w, const char *name, const char *text)
{
    if (!text)
        return;
    mv_xml_start(w, name);
    mv_xml_end_text(w, name, text);
}

void mv_xml_elem_uint(mv_xml_writer *w, const char *name, unsigned long long v)
{
    mv_xml_start(w, name);
    mv_xml_end_uint(w, name, v);
}

void mv_xml_elem_int(mv_xml_writer *w, const char *name, long long v)
{
    mv_xml_start(w, name);
    char *p = room(w->buf, 22);
    *p++ = '>';
    commit(w->buf, put_decimal(p, magnitude(v), v < 0));
    end_tag(w->buf, name);
}

void mv_xml_add_subtree(mv_xml_writer *w, const char *xml)
{
    /* Line by line, each at the writer's depth; empty lines dropped. */
    for (const char *line = xml; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len) {
            size_t d = depth(w);
            char *p = room(w->buf, d + len + 1);
            memset(p, ' ', d);
            memcpy(p + d, line, len);
            p[d + len] = '\n';
            commit(w->buf, p + d + len + 1);
        }
        line += len + (nl ? 1 : 0);
    }
}
