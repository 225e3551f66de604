/* tests/conf/test-xml.c — the safe XML reader, the writer's escaping and
 * the size units every definition shares (core/conf/xml.c, units.c). */
#include "core/conf/xml.h"
#include "core/conf/units.h"
#include "core/api/error-internal.h"

#include <glib.h>
#include <string.h>

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
    gint64 t0 = g_get_monotonic_time();
    g_assert_null(mv_xml_read(bomb->str, "domain", "domain_definition", VIR_FROM_DOMAIN));
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
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

static void test_writer(void)
{
    mv_xml_writer w;
    mv_xml_writer_init(&w);
    mv_xml_add(&w, "<domain");
    mv_xml_attr(&w, "type", "t'<>&\"");
    mv_xml_raw(&w, ">\n");
    w.indent += 2;
    mv_xml_elem_text(&w, "name", "a&b<c>");
    mv_xml_elem_text(&w, "title", NULL);
    mv_xml_add_subtree(&w, "<m:x xmlns:m='urn:x'>\n  <m:y/>\n</m:x>\n");
    w.indent -= 2;
    mv_xml_add(&w, "</domain>\n");
    g_autofree char *s = mv_xml_writer_finish(&w);
    g_assert_cmpstr(s, ==,
                    "<domain type='t&apos;&lt;&gt;&amp;&quot;'>\n"
                    "  <name>a&amp;b&lt;c&gt;</name>\n"
                    "  <m:x xmlns:m='urn:x'>\n"
                    "    <m:y/>\n"
                    "  </m:x>\n"
                    "</domain>\n");
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xml/read-ok", test_read_ok);
    g_test_add_func("/xml/malformed", test_malformed);
    g_test_add_func("/xml/hostile", test_hostile);
    g_test_add_func("/xml/writer", test_writer);
    g_test_add_func("/xml/numbers", test_numbers);
    g_test_add_func("/xml/units", test_units);
    return g_test_run();
}
