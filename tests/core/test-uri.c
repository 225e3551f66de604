/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-uri.c — connection URI parsing (core/util/uri.c). */
#include "core/util/uri.h"
#include "core/util/error.h"

#include <glib.h>
#include <string.h>

static void test_local(void)
{
    mv_uri *u = mv_uri_parse("qemu:///system");
    g_assert_nonnull(u);
    g_assert_cmpstr(u->scheme, ==, "qemu");
    g_assert_cmpstr(u->driver, ==, "qemu");
    g_assert_null(u->transport);
    g_assert_null(u->server);
    g_assert_cmpstr(u->path, ==, "/system");
    g_assert_cmpuint(u->nparams, ==, 0);
    mv_uri_free(u);
}

static void test_full(void)
{
    mv_uri *u = mv_uri_parse("qemu+ssh://alice@host.example:2222/system?keyfile=%2Ftmp%2Fk&no_verify=1#frag");
    g_assert_nonnull(u);
    g_assert_cmpstr(u->scheme, ==, "qemu+ssh");
    g_assert_cmpstr(u->driver, ==, "qemu");
    g_assert_cmpstr(u->transport, ==, "ssh");
    g_assert_cmpstr(u->user, ==, "alice");
    g_assert_cmpstr(u->server, ==, "host.example");
    g_assert_cmpint(u->port, ==, 2222);
    g_assert_cmpstr(u->path, ==, "/system");
    g_assert_cmpstr(mv_uri_get_param(u, "keyfile"), ==, "/tmp/k");
    g_assert_cmpstr(mv_uri_get_param(u, "no_verify"), ==, "1");
    g_assert_null(mv_uri_get_param(u, "missing"));
    g_assert_cmpstr(u->fragment, ==, "frag");
    mv_uri_free(u);
}

static void test_embed(void)
{
    mv_uri *u = mv_uri_parse("lxc:///embed?root=/srv/x");
    g_assert_nonnull(u);
    g_assert_cmpstr(u->path, ==, "/embed");
    g_assert_cmpstr(mv_uri_get_param(u, "root"), ==, "/srv/x");
    mv_uri_free(u);
    u = mv_uri_parse("test:///abs/path/node.xml");
    g_assert_cmpstr(u->path, ==, "/abs/path/node.xml");
    mv_uri_free(u);
}

static void test_scheme_case(void)
{
    mv_uri *u = mv_uri_parse("TEST:///default");
    g_assert_nonnull(u);
    g_assert_cmpstr(u->driver, ==, "test");
    mv_uri_free(u);
}

static void test_bad(void)
{
    const char *bad[] = { "", "foo", "/just/a/path", "://nothing", "qemu://[bad/system",
                          "1abc:///x", "qe mu:///system" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        mv_error_reset_last();
        mv_uri *u = mv_uri_parse(bad[i]);
        if (u)
            g_error("'%s' should not parse", bad[i]);
        g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_CONNECT);
        if (*bad[i])
            g_assert_nonnull(strstr(virGetLastErrorMessage(), bad[i]));
    }
    /* Oversized and non-UTF-8 input are refused without echoing it. */
    g_autofree char *huge = g_strnfill(10000, 'a');
    g_assert_null(mv_uri_parse(huge));
    g_assert_null(mv_uri_parse("test:///\xff\xfe"));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_CONNECT);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/uri/local", test_local);
    g_test_add_func("/uri/full", test_full);
    g_test_add_func("/uri/embed", test_embed);
    g_test_add_func("/uri/scheme-case", test_scheme_case);
    g_test_add_func("/uri/bad", test_bad);
    return g_test_run();
}
