/* example-xml.c — reads and writes the example driver's domain XML.
 *
 * This is not an XML parser. It finds the first <name>, <uuid>, <memory>
 * and <vcpu> element inside a <domain> root, takes their text, and rejects
 * what it cannot read instead of guessing: entities, child elements inside
 * those four, unknown memory units, values out of range. That keeps it
 * small and honest; a real driver uses a real parser.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <modvirt-plugin/plugin.h>

#include "example-xml.h"

/* Input is untrusted: bound it before looking at it. */
#define EX_XML_MAX (1024 * 1024)

typedef struct ex_elem {
    const char *attrs;   /* the start tag after the element name */
    size_t attrs_len;
    const char *text;    /* the element's text, trimmed */
    size_t text_len;
} ex_elem;

static bool ex_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *ex_skip_space(const char *p)
{
    while (ex_is_space(*p))
        p++;
    return p;
}

/* Whether P (at a '<') starts element TAG. */
static bool ex_opens(const char *p, const char *tag)
{
    size_t n = strlen(tag);

    return p[0] == '<' && strncmp(p + 1, tag, n) == 0 &&
           (ex_is_space(p[n + 1]) || p[n + 1] == '>' || p[n + 1] == '/');
}

/* Skips an XML declaration and comments before the root element. */
static const char *ex_skip_prolog(const char *p)
{
    for (;;) {
        const char *end;

        p = ex_skip_space(p);
        if (strncmp(p, "<?", 2) == 0) {
            if (!(end = strstr(p, "?>")))
                return NULL;
            p = end + 2;
        } else if (strncmp(p, "<!--", 4) == 0) {
            if (!(end = strstr(p + 4, "-->")))
                return NULL;
            p = end + 3;
        } else {
            return p;
        }
    }
}

/* Finds the first element TAG in XML. 1 when found, 0 when absent, -1 with
 * an error reported when it is not a simple text element. */
static int ex_find(const char *xml, const char *tag, ex_elem *el)
{
    size_t n = strlen(tag);
    const char *p = xml;

    while ((p = strchr(p, '<'))) {
        const char *gt, *text, *close, *end;

        if (!ex_opens(p, tag)) {
            p++;
            continue;
        }
        if (!(gt = strchr(p, '>')))
            goto malformed;
        el->attrs = p + 1 + n;
        if (gt[-1] == '/') {            /* <tag/> */
            el->attrs_len = (size_t)(gt - 1 - el->attrs);
            el->text = gt;
            el->text_len = 0;
            return 1;
        }
        el->attrs_len = (size_t)(gt - el->attrs);

        text = gt + 1;
        close = strchr(text, '<');
        if (!close || close[1] != '/' || strncmp(close + 2, tag, n) != 0 ||
            *ex_skip_space(close + 2 + n) != '>')
            goto malformed;

        end = close;
        text = ex_skip_space(text);
        while (end > text && ex_is_space(end[-1]))
            end--;
        if (memchr(text, '&', (size_t)(end - text))) {
            mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                            "entities in <%s> are not supported by this driver", tag);
            return -1;
        }
        el->text = text;
        el->text_len = (size_t)(end - text);
        return 1;
    }
    return 0;

 malformed:
    mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                    "element <%s> must hold only text", tag);
    return -1;
}

/* Copies attribute NAME of EL into OUT. 1 found, 0 absent, -1 malformed. */
static int ex_attr(const ex_elem *el, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    const char *p = el->attrs;
    const char *end = el->attrs + el->attrs_len;

    for (; p + n + 1 < end; p++) {
        const char *q, *close;
        char quote;

        if (!ex_is_space(*p) || strncmp(p + 1, name, n) != 0)
            continue;
        q = p + 1 + n;
        while (q < end && ex_is_space(*q))
            q++;
        if (q >= end || *q != '=')
            continue;
        q++;
        while (q < end && ex_is_space(*q))
            q++;
        if (q >= end || (*q != '\'' && *q != '"'))
            return -1;
        quote = *q++;
        if (!(close = memchr(q, quote, (size_t)(end - q))) ||
            (size_t)(close - q) >= outlen)
            return -1;
        memcpy(out, q, (size_t)(close - q));
        out[close - q] = '\0';
        return 1;
    }
    return 0;
}

static int ex_parse_ull(const char *s, size_t len, unsigned long long *out)
{
    char buf[24];
    char *end;

    if (len == 0 || len >= sizeof(buf))
        return -1;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    *out = strtoull(buf, &end, 10);
    return errno || *end ? -1 : 0;
}

static int ex_parse_name(const ex_elem *el, ex_def *def)
{
    if (el->text_len == 0) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR, "domain name is empty");
        return -1;
    }
    if (el->text_len > EX_NAME_MAX) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                        "domain name is longer than %d bytes", EX_NAME_MAX);
        return -1;
    }
    /* Names go back out in XML and messages unescaped, so keep out what
     * would need escaping. */
    for (size_t i = 0; i < el->text_len; i++) {
        unsigned char c = (unsigned char)el->text[i];

        if (c < 0x20 || c == 0x7f || strchr("<>&'\"/", c)) {
            mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                            "domain name contains a character this driver does not accept (0x%02x)",
                            c);
            return -1;
        }
    }
    memcpy(def->name, el->text, el->text_len);
    def->name[el->text_len] = '\0';
    return 0;
}

static int ex_parse_memory(const ex_elem *el, ex_def *def)
{
    char unit[16];
    unsigned long long value;
    unsigned long long kib_per_unit = 1;
    int r;

    if (ex_parse_ull(el->text, el->text_len, &value) < 0 || value == 0) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                        "<memory> must be a positive integer");
        return -1;
    }
    if ((r = ex_attr(el, "unit", unit, sizeof(unit))) < 0) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR, "malformed unit of <memory>");
        return -1;
    }
    if (r == 0 || strcmp(unit, "KiB") == 0 || strcmp(unit, "k") == 0) {
        kib_per_unit = 1;
    } else if (strcmp(unit, "MiB") == 0 || strcmp(unit, "M") == 0) {
        kib_per_unit = 1024;
    } else if (strcmp(unit, "GiB") == 0 || strcmp(unit, "G") == 0) {
        kib_per_unit = 1024 * 1024;
    } else if (strcmp(unit, "b") == 0 || strcmp(unit, "bytes") == 0) {
        def->memory = value / 1024 + (value % 1024 != 0);
        return 0;
    } else {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                        "unknown memory unit '%s'", unit);
        return -1;
    }
    /* virDomainInfo reports KiB in an unsigned long. */
    if (value > (unsigned long)-1 / kib_per_unit) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR, "<memory> is too large");
        return -1;
    }
    def->memory = value * kib_per_unit;
    return 0;
}

int ex_def_parse(const char *xml, ex_def *def)
{
    const char *root;
    ex_elem el;
    unsigned long long vcpus;
    int r;

    memset(def, 0, sizeof(*def));
    def->memory = 131072;
    def->vcpus = 1;

    if (strnlen(xml, EX_XML_MAX + 1) > EX_XML_MAX) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                        "document is larger than %d bytes", EX_XML_MAX);
        return -1;
    }
    if (!(root = ex_skip_prolog(xml)) || !ex_opens(root, "domain") ||
        !strstr(root, "</domain>")) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                        "expected a <domain> document");
        return -1;
    }

    if ((r = ex_find(root, "name", &el)) < 0)
        return -1;
    if (r == 0) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR, "missing domain name");
        return -1;
    }
    if (ex_parse_name(&el, def) < 0)
        return -1;

    if ((r = ex_find(root, "uuid", &el)) < 0)
        return -1;
    if (r == 0) {
        if (ex_uuid_generate(def->uuid) < 0)
            return -1;
    } else if (ex_uuid_parse(el.text, el.text_len, def->uuid) < 0) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR, "malformed uuid element");
        return -1;
    }

    if ((r = ex_find(root, "memory", &el)) < 0)
        return -1;
    if (r == 1 && ex_parse_memory(&el, def) < 0)
        return -1;

    if ((r = ex_find(root, "vcpu", &el)) < 0)
        return -1;
    if (r == 1) {
        if (ex_parse_ull(el.text, el.text_len, &vcpus) < 0 ||
            vcpus == 0 || vcpus > EX_VCPUS_MAX) {
            mv_error_report(EX_ERR_DOMAIN, VIR_ERR_XML_ERROR,
                            "<vcpu> must be between 1 and %d", EX_VCPUS_MAX);
            return -1;
        }
        def->vcpus = (unsigned int)vcpus;
    }
    return 0;
}

char *ex_def_format(const ex_def *def, int id)
{
    /* The name is at most EX_NAME_MAX bytes and needs no escaping (see
     * ex_parse_name), so the document has a known upper bound. */
    const size_t size = EX_NAME_MAX + 512;
    char uuid[VIR_UUID_STRING_BUFLEN];
    char idattr[24] = "";
    char *xml;
    int n;

    if (!(xml = malloc(size))) {
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_NO_MEMORY, NULL);
        return NULL;
    }
    ex_uuid_format(def->uuid, uuid);
    if (id > 0)
        snprintf(idattr, sizeof(idattr), " id='%d'", id);
    n = snprintf(xml, size,
                 "<domain type='example'%s>\n"
                 "  <name>%s</name>\n"
                 "  <uuid>%s</uuid>\n"
                 "  <memory unit='KiB'>%llu</memory>\n"
                 "  <currentMemory unit='KiB'>%llu</currentMemory>\n"
                 "  <vcpu placement='static'>%u</vcpu>\n"
                 "  <os>\n"
                 "    <type arch='x86_64'>hvm</type>\n"
                 "  </os>\n"
                 "</domain>\n",
                 idattr, def->name, uuid, def->memory, def->memory, def->vcpus);
    if (n < 0 || (size_t)n >= size) {
        free(xml);
        mv_error_report(EX_ERR_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "domain XML for '%s' did not fit its buffer", def->name);
        return NULL;
    }
    return xml;
}

void ex_uuid_format(const unsigned char *uuid, char *out)
{
    snprintf(out, VIR_UUID_STRING_BUFLEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7],
             uuid[8], uuid[9], uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]);
}

static int ex_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int ex_uuid_parse(const char *str, size_t len, unsigned char *uuid)
{
    size_t i = 0;

    for (int byte = 0; byte < VIR_UUID_BUFLEN; byte++) {
        int hi, lo;

        /* Dashes only where the canonical form has them. */
        if (i < len && str[i] == '-' && (byte == 4 || byte == 6 || byte == 8 || byte == 10))
            i++;
        if (i + 2 > len)
            return -1;
        if ((hi = ex_hex(str[i])) < 0 || (lo = ex_hex(str[i + 1])) < 0)
            return -1;
        uuid[byte] = (unsigned char)(hi << 4 | lo);
        i += 2;
    }
    return i == len ? 0 : -1;
}

int ex_uuid_generate(unsigned char *uuid)
{
    ssize_t n = getrandom(uuid, VIR_UUID_BUFLEN, 0);

    if (n != VIR_UUID_BUFLEN) {
        mv_error_report_errno(EX_ERR_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                              n < 0 ? errno : EIO, "cannot generate a domain uuid");
        return -1;
    }
    uuid[6] = (unsigned char)((uuid[6] & 0x0f) | 0x40);   /* version 4 */
    uuid[8] = (unsigned char)((uuid[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
    return 0;
}
