/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conf/test-xml.c — the safe XML reader (and its file reader), the
 * typed attribute readers and their return convention, the writer's
 * escaping, the size units and the name rule every definition shares
 * (core/conf/xml.c, xml-prop.c, xml-plugin.c, units.c, name.c). */
#include "core/conf/xml.h"
#include "core/conf/xml-prop.h"
#include "core/conf/units.h"
#include "core/conf/name.h"
#include "core/util/error.h"
#include <modvirt-plugin/xml.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void assert_err(int code, int domain, const char *substr)
{
    if (virGetLastErrorCode() != code || virGetLastErrorDomain() != domain ||
        (substr && !strstr(virGetLastErrorMessage(), substr)))
        g_error("expected code %d domain %d '%s', got %d %d '%s'", code, domain,
                substr ? substr : "*", virGetLastErrorCode(), virGetLastErrorDomain(),
                virGetLastErrorMessage());
}

static void test_read_ok(void)
{
    xmlDocPtr doc = mv_xml_read("<domain type='test'>\n  <name>a&amp;b</name>\n</domain>",
                                "domain", "domain_definition", VIR_FROM_DOMAIN);
    g_assert_nonnull(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    g_autofree char *type = mv_xml_prop(root, "type");
    g_autofree char *name = mv_xml_child_text(root, "name");
    g_assert_cmpstr(type, ==, "test");
    g_assert_cmpstr(name, ==, "a&b");
    g_assert_cmpint(mv_xml_line(mv_xml_child(root, "name")), ==, 2);
    xmlFreeDoc(doc);
}

static void test_malformed(void)
{
    g_assert_null(mv_xml_read("<domain><name>x</nam></domain>", "domain",
                              "domain_definition", VIR_FROM_DOMAIN));
    /* As libvirt: "(domain_definition):1: Opening and ending tag mismatch..." */
    assert_err(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN,
               "(domain_definition):1: Opening and ending tag mismatch: name line 1 and nam");
    g_assert_null(mv_xml_read("<network/>", "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: expecting root element of 'domain', not 'network'");
    g_assert_null(mv_xml_read("", "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "Document is empty");
}

static void test_hostile(void)
{
    /* An external entity is never fetched, and DTDs are refused outright. */
    g_assert_null(mv_xml_read("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                              "<domain><name>&x;</name></domain>",
                              "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "DTDs");
    GString *bomb = g_string_new("<!DOCTYPE d [<!ENTITY a0 'xxxxxxxxxx'>");
    for (int i = 1; i < 10; i++)
        g_string_append_printf(bomb, "<!ENTITY a%d '&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;'>",
                               i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    g_string_append(bomb, "]><domain><name>&a9;</name></domain>");
    /* Refused as a DTD: no entity is expanded. */
    g_assert_null(mv_xml_read(bomb->str, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
               "XML error: (domain_definition): document type declarations (DTDs) are not allowed");
    g_string_free(bomb, TRUE);

    /* 100000-deep nesting stops at the depth bound. */
    GString *deep = g_string_new("<domain>");
    for (int i = 0; i < 100000; i++)
        g_string_append(deep, "<a>");
    for (int i = 0; i < 100000; i++)
        g_string_append(deep, "</a>");
    g_string_append(deep, "</domain>");
    g_assert_null(mv_xml_read(deep->str, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "depth");
    g_string_free(deep, TRUE);

    /* Over 10 MiB: refused before parsing. */
    size_t big = MV_XML_MAX_BYTES + 1;
    char *huge = g_malloc(big + 1);
    memset(huge, ' ', big);
    memcpy(huge, "<domain>", 8);
    huge[big] = '\0';
    g_assert_null(mv_xml_read(huge, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "larger than");
    g_free(huge);

    /* Invalid UTF-8. */
    g_assert_null(mv_xml_read("<domain><name>\xff\xfe</name></domain>", "domain",
                              "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, NULL);
}

/* A document whose root holds one element E with N attributes. */
static char *doc_with_attributes(int n)
{
    GString *s = g_string_new("<domain>\n<e");
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, " a%d=''", i);
    g_string_append(s, "/></domain>");
    return g_string_free(s, FALSE);
}

static void test_attribute_bound(void)
{
    g_autofree char *at_bound = doc_with_attributes(MV_XML_MAX_ATTRIBUTES);
    xmlDocPtr doc = mv_xml_read(at_bound, "domain", "domain_definition", VIR_FROM_DOMAIN);
    g_assert_nonnull(doc);
    xmlFreeDoc(doc);

    g_autofree char *over = doc_with_attributes(MV_XML_MAX_ATTRIBUTES + 1);
    g_assert_null(mv_xml_read(over, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
               "XML error: (domain_definition):2: element 'e' has more than 256 attributes");

    /* 80000 attributes on one element took libxml2 23 s: refused by the
     * count before libxml2 sees them (libxml2 would report no such error). */
    g_autofree char *huge = doc_with_attributes(80000);
    g_assert_null(mv_xml_read(huge, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
               "XML error: (domain_definition):2: element 'e' has more than 256 attributes");
}

/* A document whose root declares N namespaces, then uses the first one,
 * the costliest to look up, in many elements. */
static char *doc_with_namespaces(int n, int uses)
{
    GString *s = g_string_new("<domain");
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, "%sxmlns:p%d='urn:%d'", i % 200 ? " " : "\n", i, i);
    g_string_append(s, ">");
    for (int i = 0; i < uses; i++)
        g_string_append(s, n ? "<p0:a/>" : "<a/>");
    g_string_append(s, "</domain>");
    return g_string_free(s, FALSE);
}

static void test_namespace_bound(void)
{
    g_autofree char *at_bound = doc_with_namespaces(MV_XML_MAX_NAMESPACES, 10);
    xmlDocPtr doc = mv_xml_read(at_bound, "domain", "domain_definition", VIR_FROM_DOMAIN);
    g_assert_nonnull(doc);
    xmlFreeDoc(doc);

    /* Counted over the whole document, default declarations included: the
     * 257th is the last one on line 3. */
    GString *over = g_string_new("<domain>\n<x xmlns='urn:x'/>\n<y");
    for (int i = 0; i < MV_XML_MAX_NAMESPACES; i++)
        g_string_append_printf(over, " xmlns:p%d='u'", i);
    g_string_append(over, "/></domain>");
    g_assert_null(mv_xml_read(over->str, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
               "XML error: (domain_definition):3: more than 256 namespace declarations in the "
               "document");
    g_string_free(over, TRUE);

    /* Only declarations count: not attributes whose name merely starts
     * with xmlns, nor text inside values. */
    GString *lookalikes = g_string_new("<domain>");
    for (int i = 0; i < 2 * MV_XML_MAX_NAMESPACES; i++)
        g_string_append(lookalikes, "<e xmlnsx='1' a=\"xmlns:b='c'\" b='xmlns=1'/>");
    g_string_append(lookalikes, "</domain>");
    doc = mv_xml_read(lookalikes->str, "domain", "domain_definition", VIR_FROM_DOMAIN);
    if (!doc)
        g_error("%s", virGetLastErrorMessage());
    xmlFreeDoc(doc);
    g_string_free(lookalikes, TRUE);

    /* 250 nested elements declaring 256 each made a 10 MiB document of
     * prefixed elements take longer than five minutes: the count refuses
     * it before libxml2 parses it. */
    GString *deep = g_string_new("<domain>");
    for (int d = 0; d < 250; d++) {
        g_string_append_printf(deep, "<p%d_0:e", d);
        for (int i = 0; i < 256; i++)
            g_string_append_printf(deep, " xmlns:p%d_%d='u'", d, i);
        g_string_append(deep, ">");
    }
    for (int i = 0; i < 100000; i++)
        g_string_append(deep, "<p0_0:a/>");
    g_assert_null(mv_xml_read(deep->str, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
               "XML error: (domain_definition):1: more than 256 namespace declarations in the "
               "document");
    g_string_free(deep, TRUE);
}

/* '=' that is not an attribute's does not count: in values, comments,
 * CDATA, processing instructions, text and end tags. */
static void test_attribute_count_ignores_other_markup(void)
{
    g_autofree char *eq = g_strnfill(2 * MV_XML_MAX_ATTRIBUTES, '=');
    g_autofree char *xml = g_strdup_printf(
        "<?xml version='1.0'?>\n<?pi %s?>\n<domain a='%s' b=\"%s\">\n"
        "<!-- %s -->\n<![CDATA[%s]]>\n%s\n<x>&gt;%s</x  >\n</domain>",
        eq, eq, eq, eq, eq, eq, eq);
    xmlDocPtr doc = mv_xml_read(xml, "domain", "domain_definition", VIR_FROM_DOMAIN);
    if (!doc)
        g_error("%s", virGetLastErrorMessage());
    xmlFreeDoc(doc);
    /* A DOCTYPE in a comment is a comment. */
    doc = mv_xml_read("<!-- <!DOCTYPE x> --><domain/>", "domain", "domain_definition",
                      VIR_FROM_DOMAIN);
    g_assert_nonnull(doc);
    xmlFreeDoc(doc);
}

/* Text that is not well-formed cannot hide attributes from the count. */
static void test_attribute_count_malformed(void)
{
    g_autofree char *many = doc_with_attributes(80000);
    static const char *const prefixes[] = {
        "<domain><a x='unclosed<b/>",     /* a value cut by '<' */
        "<domain><!X>",                   /* markup that is no markup */
        "<domain></a b='x'>",             /* an end tag with attributes */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        g_autofree char *xml = g_strconcat(prefixes[i], many, NULL);
        g_assert_null(mv_xml_read(xml, "domain", "domain_definition", VIR_FROM_DOMAIN));
        assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "has more than 256 attributes");
    }
}

/* A DTD is refused before libxml2 reads it: its declarations (defaulted
 * attributes, entities) would otherwise cost work first. */
static void test_dtd_refused_early(void)
{
    GString *dtd = g_string_new("<!DOCTYPE domain [<!ATTLIST e");
    for (int i = 0; i < 80000; i++)
        g_string_append_printf(dtd, " a%d CDATA 'x'", i);
    g_string_append(dtd, ">]><domain>");
    for (int i = 0; i < 100; i++)
        g_string_append(dtd, "<e/>");
    g_string_append(dtd, "</domain>");
    g_assert_null(mv_xml_read(dtd->str, "domain", "domain_definition", VIR_FROM_DOMAIN));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
               "XML error: (domain_definition): document type declarations (DTDs) are not allowed");
    g_string_free(dtd, TRUE);
}

static void test_name_chars(void)
{
    static const char *const good[] = { "a", "a b", "vm-1_x.y", "caf\xc3\xa9", "\xe6\x97\xa5" };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++)
        g_assert_cmpint(mv_conf_name_check_chars(good[i]), ==, 0);
    /* libvirt's own message for a newline (the character itself). */
    g_assert_cmpint(mv_conf_name_check_chars("a\nb"), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_XML_DETAIL);
    g_assert_cmpint(virGetLastErrorDomain(), ==, VIR_FROM_XML);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid char in name: \n");
    static const struct { const char *name, *msg; } bad[] = {
        { "a\rb", "invalid char in name: 0x0d" },
        { "\tb", "invalid char in name: 0x09" },
        { "a\x01", "invalid char in name: 0x01" },
        { "a\x7f", "invalid char in name: 0x7f" },
        { "a\xc2\x85", "invalid char in name: 0x85" },     /* U+0085 NEL */
        { "a\xc2\x9b[2J", "invalid char in name: 0x9b" },  /* U+009B CSI */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(mv_conf_name_check_chars(bad[i].name), ==, -1);
        g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_XML_DETAIL);
        g_assert_cmpstr(virGetLastErrorMessage(), ==, bad[i].msg);
    }
}

/* A driver's own files: regular files only, bounded, never a blocking open. */
static void test_parse_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("test-xml-XXXXXX", NULL);
    g_autofree char *ok = g_build_filename(dir, "ok.xml", NULL);
    g_assert_true(g_file_set_contents(ok, "<node><x/></node>", -1, NULL));
    mv_xml_doc *doc = mv_xml_doc_parse_file(ok, "node", "node", VIR_FROM_TEST);
    g_assert_nonnull(doc);
    mv_xml_doc_free(doc);

    g_autofree char *fifo = g_build_filename(dir, "fifo", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    const char *const not_regular[] = { fifo, dir, "/dev/zero" };
    for (size_t i = 0; i < G_N_ELEMENTS(not_regular); i++) {
        g_assert_null(mv_xml_doc_parse_file(not_regular[i], "node", "node", VIR_FROM_TEST));
        g_autofree char *msg = g_strdup_printf("cannot read '%s': not a regular file", not_regular[i]);
        assert_err(VIR_ERR_SYSTEM_ERROR, VIR_FROM_TEST, msg);
    }

    g_autofree char *big = g_build_filename(dir, "big.xml", NULL);
    FILE *f = fopen(big, "w");
    g_assert_nonnull(f);
    g_assert_cmpint(ftruncate(fileno(f), MV_XML_MAX_BYTES + 1), ==, 0);
    fclose(f);
    g_assert_null(mv_xml_doc_parse_file(big, "node", "node", VIR_FROM_TEST));
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_TEST, "is not an XML document of at most 10485760 bytes");

    g_autofree char *missing = g_build_filename(dir, "missing.xml", NULL);
    g_assert_null(mv_xml_doc_parse_file(missing, "node", "node", VIR_FROM_TEST));
    g_autofree char *msg = g_strdup_printf("cannot read '%s': No such file or directory", missing);
    assert_err(VIR_ERR_SYSTEM_ERROR, VIR_FROM_TEST, msg);

    g_unlink(ok);
    g_unlink(fifo);
    g_unlink(big);
    g_rmdir(dir);
}

static void test_writer(void)
{
    mv_xml_writer w;
    mv_xml_writer_init(&w);
    mv_xml_start(&w, "domain");
    mv_xml_attr(&w, "type", "t'<>&\"");
    mv_xml_children(&w);
    mv_xml_elem_text(&w, "name", "a&b<c>");
    mv_xml_elem_text(&w, "title", NULL);
    mv_xml_add_subtree(&w, "<m:x xmlns:m='urn:x'>\n  <m:y/>\n</m:x>\n");
    mv_xml_close(&w, "domain");
    g_autofree char *s = mv_xml_writer_finish(&w);
    g_assert_cmpstr(s, ==,
                    "<domain type='t&apos;&lt;&gt;&amp;&quot;'>\n"
                    "  <name>a&amp;b&lt;c&gt;</name>\n"
                    "  <m:x xmlns:m='urn:x'>\n"
                    "    <m:y/>\n"
                    "  </m:x>\n"
                    "</domain>\n");
}

/* The pieces the formatters write with: numbers converted by hand, hex
 * padded as libvirt pads PCI addresses, elements that close as empty when
 * no child came. */
static void test_writer_pieces(void)
{
    mv_xml_writer w;
    mv_xml_writer_init(&w);
    mv_xml_start(&w, "a");
    mv_xml_attr_uint(&w, "u", 0);
    mv_xml_attr_uint(&w, "max", G_MAXUINT64);
    mv_xml_attr_int(&w, "min", G_MININT64);
    mv_xml_attr_int(&w, "neg", -1);
    mv_xml_attr_hex(&w, "d", 0, 4);
    mv_xml_attr_hex(&w, "s", 0x1f, 2);
    mv_xml_attr_hex(&w, "f", 7, 1);
    mv_xml_attr_hex(&w, "w", 0x12345, 2);
    size_t a = mv_xml_children(&w);
    mv_xml_start(&w, "empty");
    size_t e = mv_xml_children(&w);
    mv_xml_close_or_empty(&w, e, "empty");
    mv_xml_start(&w, "full");
    size_t f = mv_xml_children(&w);
    mv_xml_literal(&w, "<readonly/>\n");
    mv_xml_close_or_empty(&w, f, "full");
    mv_xml_elem_uint(&w, "n", 18446744073709551615ULL);
    mv_xml_elem_int(&w, "q", -17592186044415LL);
    mv_xml_elem_attr(&w, "mac", "address", "a'b");
    mv_xml_elem_attr(&w, "none", "address", NULL);
    mv_xml_start(&w, "memory");
    mv_xml_attr(&w, "unit", "KiB");
    mv_xml_end_uint(&w, "memory", 1024);
    mv_xml_start(&w, "type");
    mv_xml_end_text(&w, "type", "h<m");
    mv_xml_close_or_empty(&w, a, "a");
    g_autofree char *s = mv_xml_writer_finish(&w);
    g_assert_cmpstr(s, ==,
                    "<a u='0' max='18446744073709551615' min='-9223372036854775808' neg='-1'"
                    " d='0x0000' s='0x1f' f='0x7' w='0x12345'>\n"
                    "  <empty/>\n"
                    "  <full>\n"
                    "    <readonly/>\n"
                    "  </full>\n"
                    "  <n>18446744073709551615</n>\n"
                    "  <q>-17592186044415</q>\n"
                    "  <mac address='a&apos;b'/>\n"
                    "  <memory unit='KiB'>1024</memory>\n"
                    "  <type>h&lt;m</type>\n"
                    "</a>\n");
}

/* What is written reads back as it was: a CR anywhere, a tab or newline in
 * an attribute value would otherwise come back as LF or a space. */
static void test_writer_round_trip(void)
{
    static const char value[] = "a\rb\nc\td  e";
    mv_xml_writer w;
    mv_xml_writer_init(&w);
    mv_xml_start(&w, "domain");
    mv_xml_attr(&w, "type", value);
    mv_xml_children(&w);
    mv_xml_elem_text(&w, "name", value);
    mv_xml_close(&w, "domain");
    g_autofree char *s = mv_xml_writer_finish(&w);
    g_assert_cmpstr(s, ==,
                    "<domain type='a&#13;b&#10;c&#9;d  e'>\n"
                    "  <name>a&#13;b\nc\td  e</name>\n"
                    "</domain>\n");
    xmlDocPtr doc = mv_xml_read(s, "domain", "domain_definition", VIR_FROM_DOMAIN);
    g_assert_nonnull(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    g_autofree char *type = mv_xml_prop(root, "type");
    g_autofree char *name = mv_xml_child_text(root, "name");
    g_assert_cmpstr(type, ==, value);
    g_assert_cmpstr(name, ==, value);
    xmlFreeDoc(doc);
}

static void test_numbers(void)
{
    unsigned long long u;
    int i;
    unsigned int ui;
    g_assert_cmpint(mv_xml_parse_ull("18446744073709551615", &u), ==, 0);
    g_assert_cmpint(mv_xml_parse_ull("18446744073709551616", &u), ==, -1);
    g_assert_cmpint(mv_xml_parse_ull("-1", &u), ==, -1);
    g_assert_cmpint(mv_xml_parse_ull("12x", &u), ==, -1);
    g_assert_cmpint(mv_xml_parse_ull("", &u), ==, -1);
    g_assert_cmpint(mv_xml_parse_int("-2147483648", &i), ==, 0);
    g_assert_cmpint(mv_xml_parse_int("2147483648", &i), ==, -1);
    g_assert_cmpint(mv_xml_parse_uint("4294967296", &ui), ==, -1);
}

static void test_units(void)
{
    static const struct { const char *v, *unit; unsigned long long kib; } ok[] = {
        { "1024", NULL, 1024 }, { "1", "b", 1 }, { "1", "bytes", 1 }, { "1", "KB", 1 },
        { "1", "k", 1 }, { "1", "KiB", 1 }, { "1", "MB", 977 }, { "1", "M", 1024 },
        { "1", "MiB", 1024 }, { "1", "GB", 976563 }, { "1", "G", 1048576 },
        { "1", "GiB", 1048576 }, { "1", "TB", 976562500 }, { "1", "T", 1073741824ULL },
        { "1", "TiB", 1073741824ULL }, { "1", "PB", 976562500000ULL },
        { "1", "P", 1099511627776ULL }, { "1", "PiB", 1099511627776ULL },
        { "1", "EB", 976562500000000ULL }, { "1", "E", 1125899906842624ULL },
        { "1", "EiB", 1125899906842624ULL },
    };
    for (size_t n = 0; n < G_N_ELEMENTS(ok); n++) {
        unsigned long long out = 0;
        if (mv_units_parse(ok[n].v, ok[n].unit, 1024, 1024, G_MAXUINT64, "./memory[1]", &out) < 0)
            g_error("%s %s: %s", ok[n].v, ok[n].unit, virGetLastErrorMessage());
        g_assert_cmpuint(out, ==, ok[n].kib);
    }
    unsigned long long out;
    g_assert_cmpint(mv_units_parse("1", "XB", 1024, 1024, G_MAXUINT64, "./memory[1]", &out), ==, -1);
    assert_err(VIR_ERR_INVALID_ARG, VIR_FROM_NONE, "invalid argument: unknown suffix 'XB'");
    g_assert_cmpint(mv_units_parse("100", "EiB", 1024, 1024, G_MAXUINT64, "./memory[1]", &out), ==, -1);
    assert_err(VIR_ERR_OVERFLOW, VIR_FROM_NONE, "numerical overflow: value too large: 100EiB");
    g_assert_cmpint(mv_units_parse("-5", NULL, 1024, 1024, G_MAXUINT64, "./memory[1]", &out), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML,
               "XML error: Invalid value '-5' for element or attribute './memory[1]'");
    g_assert_cmpint(mv_units_parse("5", "G", 1024, 1024, 1024, "./memory[1]", &out), ==, -1);
    assert_err(VIR_ERR_OVERFLOW, VIR_FROM_NONE, NULL);
}

/* One element holding the attributes the reader tests look at. */
static const char prop_doc[] =
    "<e u='42' z='0' sp=' 7' plus='+8' hex='0x1f' oct='017' neg='-3' mzero='-0' big='4294967296'"
    " junk='12x' trail='5 ' empty='' yes='yes' no='no' on='on' off='off' def='default'"
    " mode='mapped' none='none'/>";

static xmlNodePtr prop_node(xmlDocPtr *doc)
{
    *doc = mv_xml_read(prop_doc, "e", "test", VIR_FROM_XML);
    g_assert_nonnull(*doc);
    return xmlDocGetRootElement(*doc);
}

#define INVALID(attr, value, tail) \
    "XML error: Invalid value for attribute '" attr "' in element 'e': '" value "'." tail

static void test_prop_uint(void)
{
    xmlDocPtr doc;
    xmlNodePtr e = prop_node(&doc);
    unsigned int v = 99;
    /* present and valid: 1, value set */
    g_assert_cmpint(mv_xml_prop_uint(e, "u", 0, &v), ==, 1);
    g_assert_cmpuint(v, ==, 42);
    g_assert_cmpint(mv_xml_prop_uint(e, "sp", 0, &v), ==, 1);
    g_assert_cmpuint(v, ==, 7);
    g_assert_cmpint(mv_xml_prop_uint(e, "plus", 0, &v), ==, 1);
    g_assert_cmpuint(v, ==, 8);
    /* absent (or no element): 0, value untouched */
    v = 99;
    g_assert_cmpint(mv_xml_prop_uint(e, "missing", 0, &v), ==, 0);
    g_assert_cmpint(mv_xml_prop_uint(NULL, "u", MV_XML_PROP_REQUIRED, &v), ==, 0);
    g_assert_cmpuint(v, ==, 99);
    /* invalid: -1 with libvirt's error, value untouched */
    static const char *const bad[] = { "hex", "neg", "mzero", "big", "junk", "trail", "empty" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        mv_error_reset();
        g_assert_cmpint(mv_xml_prop_uint(e, bad[i], 0, &v), ==, -1);
        assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, "Expected non-negative integer value");
        g_assert_cmpuint(v, ==, 99);
    }
    g_assert_cmpint(mv_xml_prop_uint(e, "hex", 0, &v), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML,
               INVALID("hex", "0x1f", " Expected non-negative integer value"));
    g_assert_cmpint(mv_xml_prop_uint(e, "missing", MV_XML_PROP_REQUIRED, &v), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML,
               "XML error: Missing required attribute 'missing' in element 'e'");
    g_assert_cmpint(mv_xml_prop_uint(e, "z", MV_XML_PROP_NONZERO, &v), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML,
               "XML error: Invalid value for attribute 'z' in element 'e': Zero is not permitted");
    g_assert_cmpuint(v, ==, 99);
    /* C numbers only when asked for (libvirt: PCI address fields) */
    g_assert_cmpint(mv_xml_prop_uint(e, "hex", MV_XML_PROP_ANY_BASE, &v), ==, 1);
    g_assert_cmpuint(v, ==, 31);
    g_assert_cmpint(mv_xml_prop_uint(e, "oct", MV_XML_PROP_ANY_BASE, &v), ==, 1);
    g_assert_cmpuint(v, ==, 15);
    g_assert_cmpint(mv_xml_prop_uint(e, "oct", 0, &v), ==, 1);
    g_assert_cmpuint(v, ==, 17);
    g_assert_cmpint(mv_xml_prop_uint(e, "junk", MV_XML_PROP_ANY_BASE, &v), ==, -1);
    xmlFreeDoc(doc);
}

static void test_prop_int_ull(void)
{
    xmlDocPtr doc;
    xmlNodePtr e = prop_node(&doc);
    int i = 99;
    g_assert_cmpint(mv_xml_prop_int(e, "neg", 0, &i), ==, 1);
    g_assert_cmpint(i, ==, -3);
    g_assert_cmpint(mv_xml_prop_int(e, "missing", 0, &i), ==, 0);
    g_assert_cmpint(i, ==, -3);
    g_assert_cmpint(mv_xml_prop_int(e, "neg", MV_XML_PROP_NONNEGATIVE, &i), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, INVALID("neg", "-3", " Expected non-negative value"));
    g_assert_cmpint(mv_xml_prop_int(e, "big", 0, &i), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, INVALID("big", "4294967296", " Expected integer value"));
    g_assert_cmpint(mv_xml_prop_int(e, "hex", 0, &i), ==, -1);
    g_assert_cmpint(mv_xml_prop_int(e, "hex", MV_XML_PROP_ANY_BASE, &i), ==, 1);
    g_assert_cmpint(i, ==, 31);
    g_assert_cmpint(mv_xml_prop_int(e, "z", MV_XML_PROP_NONZERO, &i), ==, -1);
    g_assert_cmpint(i, ==, 31);

    unsigned long long u = 5;
    g_assert_cmpint(mv_xml_prop_ull(e, "big", 0, &u), ==, 1);
    g_assert_cmpuint(u, ==, 4294967296ULL);
    g_assert_cmpint(mv_xml_prop_ull(e, "neg", 0, &u), ==, -1);
    g_assert_cmpint(mv_xml_prop_ull(e, "missing", 0, &u), ==, 0);
    g_assert_cmpuint(u, ==, 4294967296ULL);
    xmlFreeDoc(doc);
}

static void test_prop_enum_string(void)
{
    static const char *const modes[] = { "passthrough", "mapped", "squash", NULL };
    static const char *const nones[] = { "none", "ide", NULL };
    xmlDocPtr doc;
    xmlNodePtr e = prop_node(&doc);
    int v = 99;
    g_assert_cmpint(mv_xml_prop_enum(e, "mode", modes, 0, &v), ==, 1);
    g_assert_cmpint(v, ==, 1);
    g_assert_cmpint(mv_xml_prop_enum(e, "missing", modes, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, 1);
    g_assert_cmpint(mv_xml_prop_enum(e, "u", modes, 0, &v), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, INVALID("u", "42", ""));
    g_assert_cmpint(mv_xml_prop_enum(e, "none", nones, 0, &v), ==, 1);
    g_assert_cmpint(v, ==, 0);
    g_assert_cmpint(mv_xml_prop_enum(e, "none", nones, MV_XML_PROP_NONZERO, &v), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, INVALID("none", "none", ""));
    /* "" never matches, even a table's "" entry; NONEMPTY reads it as absent */
    g_assert_cmpint(mv_xml_prop_enum(e, "empty", mv_xml_yesno_names, 0, &v), ==, -1);
    g_assert_cmpint(mv_xml_prop_enum(e, "empty", modes, MV_XML_PROP_NONEMPTY, &v), ==, 0);
    g_assert_cmpint(mv_xml_prop_enum(e, "empty", modes, MV_XML_PROP_NONEMPTY | MV_XML_PROP_REQUIRED,
                                     &v), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, "Missing required attribute 'empty' in element 'e'");
    g_assert_cmpint(mv_xml_prop_enum(e, "def", mv_xml_onoff_names, 0, &v), ==, -1);
    g_assert_cmpint(mv_xml_prop_enum(e, "off", mv_xml_onoff_names, 0, &v), ==, 1);
    g_assert_cmpint(v, ==, 2);   /* off */

    bool b = false;
    g_assert_cmpint(mv_xml_prop_yesno(e, "yes", 0, &b), ==, 1);
    g_assert_true(b);
    g_assert_cmpint(mv_xml_prop_yesno(e, "no", 0, &b), ==, 1);
    g_assert_false(b);
    g_assert_cmpint(mv_xml_prop_yesno(e, "on", 0, &b), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, INVALID("on", "on", ""));
    g_assert_cmpint(mv_xml_prop_onoff(e, "on", 0, &b), ==, 1);
    g_assert_true(b);
    g_assert_cmpint(mv_xml_prop_onoff(e, "yes", 0, &b), ==, -1);
    g_assert_cmpint(mv_xml_prop_onoff(e, "missing", 0, &b), ==, 0);
    g_assert_true(b);

    char *s = NULL;
    g_assert_cmpint(mv_xml_prop_string(e, "empty", 0, &s), ==, 1);
    g_assert_cmpstr(s, ==, "");
    g_clear_pointer(&s, g_free);
    g_assert_cmpint(mv_xml_prop_string(e, "empty", MV_XML_PROP_NONEMPTY, &s), ==, 0);
    g_assert_null(s);
    g_assert_cmpint(mv_xml_prop_string(e, "missing", MV_XML_PROP_REQUIRED, &s), ==, -1);
    g_assert_null(s);
    g_assert_cmpint(mv_xml_prop_string(e, "mode", MV_XML_PROP_REQUIRED, &s), ==, 1);
    g_assert_cmpstr(s, ==, "mapped");
    g_free(s);
    g_assert_true(mv_xml_has_prop(e, "empty"));
    g_assert_false(mv_xml_has_prop(e, "missing"));
    g_assert_false(mv_xml_has_prop(NULL, "u"));
    xmlFreeDoc(doc);
}

/* The same readers for plugins' own files (modvirt-plugin/xml.h). */
static void test_prop_plugin(void)
{
    static const char *const modes[] = { "passthrough", "mapped", NULL };
    mv_xml_doc *doc = mv_xml_doc_parse(prop_doc, "e", "test", VIR_FROM_NONE);
    g_assert_nonnull(doc);
    mv_xml_node *e = mv_xml_doc_root(doc);
    unsigned int u = 0;
    unsigned long long ull = 0;
    int i = 0, m = 0;
    bool b = false;
    g_assert_cmpint(mv_xml_node_prop_uint(e, "u", 0, &u), ==, 1);
    g_assert_cmpuint(u, ==, 42);
    g_assert_cmpint(mv_xml_node_prop_uint(e, "hex", MV_XML_PROP_ANY_BASE, &u), ==, 1);
    g_assert_cmpuint(u, ==, 31);
    g_assert_cmpint(mv_xml_node_prop_ull(e, "big", 0, &ull), ==, 1);
    g_assert_cmpuint(ull, ==, 4294967296ULL);
    g_assert_cmpint(mv_xml_node_prop_int(e, "neg", 0, &i), ==, 1);
    g_assert_cmpint(i, ==, -3);
    g_assert_cmpint(mv_xml_node_prop_yesno(e, "yes", 0, &b), ==, 1);
    g_assert_true(b);
    g_assert_cmpint(mv_xml_node_prop_enum(e, "mode", modes, 0, &m), ==, 1);
    g_assert_cmpint(m, ==, 1);
    g_assert_cmpint(mv_xml_node_prop_uint(e, "missing", 0, &u), ==, 0);
    g_assert_cmpint(mv_xml_node_prop_uint(NULL, "u", 0, &u), ==, 0);
    g_assert_cmpint(mv_xml_node_prop_int(e, "junk", 0, &i), ==, -1);
    assert_err(VIR_ERR_XML_ERROR, VIR_FROM_XML, INVALID("junk", "12x", " Expected integer value"));
    g_assert_cmpint(i, ==, -3);
    mv_xml_doc_free(doc);
}

/* libvirt's number syntax, for element text and the attributes with
 * messages of their own. */
static void test_number_syntax(void)
{
    unsigned long long u;
    long long s;
    unsigned int ui;
    g_assert_true(mv_xml_number_unsigned(" +12", 0, G_MAXUINT64, &u) && u == 12);
    g_assert_false(mv_xml_number_unsigned("12 ", 0, G_MAXUINT64, &u));
    g_assert_false(mv_xml_number_unsigned(" -0", 0, G_MAXUINT64, &u));
    g_assert_false(mv_xml_number_unsigned("0x10", 0, G_MAXUINT64, &u));
    g_assert_true(mv_xml_number_unsigned("0x10", MV_XML_PROP_ANY_BASE, G_MAXUINT64, &u) && u == 16);
    g_assert_false(mv_xml_number_unsigned("256", 0, 255, &u));
    g_assert_true(mv_xml_number_signed(" -5", 0, -10, 10, &s) && s == -5);
    g_assert_false(mv_xml_number_signed("-11", 0, -10, 10, &s));
    g_assert_cmpint(mv_xml_parse_uint(" +7", &ui), ==, 0);
    g_assert_cmpuint(ui, ==, 7);
    g_assert_cmpint(mv_xml_parse_uint(NULL, &ui), ==, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xml/read-ok", test_read_ok);
    g_test_add_func("/xml/malformed", test_malformed);
    g_test_add_func("/xml/hostile", test_hostile);
    g_test_add_func("/xml/attribute-bound", test_attribute_bound);
    g_test_add_func("/xml/attribute-count-ignores-other-markup",
                    test_attribute_count_ignores_other_markup);
    g_test_add_func("/xml/attribute-count-malformed", test_attribute_count_malformed);
    g_test_add_func("/xml/namespace-bound", test_namespace_bound);
    g_test_add_func("/xml/dtd-refused-early", test_dtd_refused_early);
    g_test_add_func("/xml/name-chars", test_name_chars);
    g_test_add_func("/xml/parse-file", test_parse_file);
    g_test_add_func("/xml/writer", test_writer);
    g_test_add_func("/xml/writer-pieces", test_writer_pieces);
    g_test_add_func("/xml/writer-round-trip", test_writer_round_trip);
    g_test_add_func("/xml/numbers", test_numbers);
    g_test_add_func("/xml/number-syntax", test_number_syntax);
    g_test_add_func("/xml/prop-uint", test_prop_uint);
    g_test_add_func("/xml/prop-int-ull", test_prop_int_ull);
    g_test_add_func("/xml/prop-enum-string", test_prop_enum_string);
    g_test_add_func("/xml/prop-plugin", test_prop_plugin);
    g_test_add_func("/xml/units", test_units);
    return g_test_run();
}
