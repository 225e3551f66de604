/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/uri.c — connection URIs, parsed with libxml2's RFC 3986 parser
 * (as libvirt does) and split into the fields drivers read. */
#include "core/util/uri.h"
#include "core/util/error.h"

#include <glib.h>
#include <libxml/uri.h>
#include <string.h>

#define MV_URI_MAX 4096

static char *dup_or_null(const char *s)
{
    return s ? g_strdup(s) : NULL;
}

/* Splits "a=1&b&c=x%20y" (also ';'-separated) into decoded parameters. */
static void parse_params(mv_uri *uri)
{
    if (!uri->query || !*uri->query)
        return;
    g_auto(GStrv) parts = g_strsplit_set(uri->query, "&;", -1);
    uri->params = g_new0(mv_uri_param, g_strv_length(parts) + 1);
    for (char **p = parts; *p; p++) {
        if (!**p)
            continue;
        char *eq = strchr(*p, '=');
        if (eq)
            *eq = '\0';
        char *name = g_uri_unescape_string(*p, NULL);
        char *value = g_uri_unescape_string(eq ? eq + 1 : "", NULL);
        if (!name || !value) {  /* bad %-escape: keep the raw text */
            g_free(name);
            g_free(value);
            name = g_strdup(*p);
            value = g_strdup(eq ? eq + 1 : "");
        }
        uri->params[uri->nparams].name = name;
        uri->params[uri->nparams].value = value;
        uri->nparams++;
    }
}

static bool scheme_ok(const char *s)
{
    if (!s || !g_ascii_isalpha(*s))
        return false;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && *s != '+' && *s != '-' && *s != '.')
            return false;
    return true;
}

mv_uri *mv_uri_parse(const char *str)
{
    if (!str || strlen(str) > MV_URI_MAX || !g_utf8_validate(str, -1, NULL)) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_CONNECT, "%s: not a valid URI",
                        str && g_utf8_validate(str, -1, NULL) && strlen(str) <= 200 ? str : "(bad URI)");
        return NULL;
    }
    xmlURIPtr x = xmlParseURI(str);
    if (!x || !scheme_ok(x->scheme)) {
        if (x)
            xmlFreeURI(x);
        mv_error_report(VIR_FROM_NONE, VIR_ERR_NO_CONNECT,
                        "%s: not a valid URI (expected scheme:///path, e.g. test:///default)", str);
        return NULL;
    }
    mv_uri *uri = g_new0(mv_uri, 1);
    uri->original = g_strdup(str);
    uri->scheme = g_ascii_strdown(x->scheme, -1);
    char *plus = strchr(uri->scheme, '+');
    uri->driver = plus ? g_strndup(uri->scheme, plus - uri->scheme) : g_strdup(uri->scheme);
    uri->transport = plus ? g_strdup(plus + 1) : NULL;
    uri->user = dup_or_null(x->user);
    uri->server = x->server && *x->server ? g_strdup(x->server) : NULL;
    uri->port = x->port > 0 ? x->port : 0;
    uri->path = dup_or_null(x->path);
    uri->query = dup_or_null(x->query_raw ? x->query_raw : x->query);
    uri->fragment = dup_or_null(x->fragment);
    xmlFreeURI(x);
    parse_params(uri);
    return uri;
}

void mv_uri_free(mv_uri *uri)
{
    if (!uri)
        return;
    for (size_t i = 0; i < uri->nparams; i++) {
        g_free(uri->params[i].name);
        g_free(uri->params[i].value);
    }
    g_free(uri->params);
    g_free(uri->original);
    g_free(uri->scheme);
    g_free(uri->driver);
    g_free(uri->transport);
    g_free(uri->user);
    g_free(uri->server);
    g_free(uri->path);
    g_free(uri->query);
    g_free(uri->fragment);
    g_free(uri);
}

const char *mv_uri_get_param(const mv_uri *uri, const char *name)
{
    const char *found = NULL;
    for (size_t i = 0; uri && name && i < uri->nparams; i++)
        if (g_str_equal(uri->params[i].name, name))
            found = uri->params[i].value;
    return found;
}
