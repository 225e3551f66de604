/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/config.c — modvirtd.conf, in the syntax of libvirt's libvirtd.conf:
 * `key = value` lines where a value is an integer, a quoted string or a
 * [list, of, strings]; `#` starts a comment. Keys modvirtd does not know are
 * warned about and skipped; a known key with a bad value refuses the file,
 * naming FILE:LINE. */
#include "daemon.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mvd_config mvd_cfg;

void mvd_config_defaults(mvd_config *cfg, bool system)
{
    (void)system;
    *cfg = (mvd_config){
        .unix_sock_group = NULL,
        .unix_sock_ro_perms = 0777,
        .unix_sock_rw_perms = 0700,
        .max_clients = 5000,
        .max_queued_clients = 1000,
        .min_workers = 5,
        .max_workers = 20,
        .prio_workers = 5,
        .max_client_requests = 5,
        .keepalive_interval = 5,
        .keepalive_count = 5,
        .listen_libvirt_paths = false,
        .log_level = MVD_LOG_WARN,
        .log_outputs = NULL,
        .auth_unix_ro = MVD_AUTH_NONE,
        .auth_unix_rw = MVD_AUTH_NONE,
        .tcp_min_ssf = 56,
        .auth_timeout = 60,
    };
    mvd_net_config_defaults(&cfg->net);
}

void mvd_config_clear(mvd_config *cfg)
{
    g_clear_pointer(&cfg->unix_sock_group, g_free);
    g_clear_pointer(&cfg->log_outputs, g_free);
    g_clear_pointer(&cfg->sasl_allowed_username_list, g_strfreev);
    mvd_net_config_clear(&cfg->net);
}

typedef enum { V_INT, V_STRING, V_LIST } vtype;

typedef struct {
    vtype type;
    long long num;
    char *str;            /* V_STRING; V_LIST: the items joined by spaces */
    char **items;         /* V_LIST: the items */
} cvalue;

typedef struct {
    const char *file;
    int line;
    char **err;
} ctx;

static bool fail(ctx *cx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool fail(ctx *cx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    *cx->err = g_strdup_printf("%s:%d: %s", cx->file, cx->line, msg);
    return false;
}

static bool want_int(ctx *cx, const char *key, const cvalue *v, long long lo, long long hi,
                     int *out)
{
    if (v->type != V_INT)
        return fail(cx, "%s: expected an integer", key);
    if (v->num < lo || v->num > hi)
        return fail(cx, "%s: %lld is out of range (%lld to %lld)", key, v->num, lo, hi);
    *out = (int)v->num;
    return true;
}

static bool want_perms(ctx *cx, const char *key, const cvalue *v, unsigned int *out)
{
    if (v->type != V_STRING)
        return fail(cx, "%s: expected an octal mode in quotes, such as \"0770\"", key);
    char *end = NULL;
    errno = 0;
    unsigned long m = strtoul(v->str, &end, 8);
    if (!*v->str || *end || errno || m > 07777)
        return fail(cx, "%s: '%s' is not an octal file mode", key, v->str);
    *out = (unsigned int)m;
    return true;
}

static bool apply(mvd_config *cfg, ctx *cx, const char *key, cvalue *v)
{
    int n = 0;
    g_autofree char *net_err = NULL;
    int net = mvd_net_config_apply(&cfg->net, key, v->type == V_INT, v->num, v->str, v->items,
                                   &net_err);
    if (net != 0)
        return net > 0 || fail(cx, "%s", net_err);
    if (g_str_equal(key, "unix_sock_group")) {
        if (v->type != V_STRING)
            return fail(cx, "%s: expected a group name in quotes", key);
        g_free(cfg->unix_sock_group);
        cfg->unix_sock_group = *v->str ? g_strdup(v->str) : NULL;
    } else if (g_str_equal(key, "unix_sock_ro_perms")) {
        return want_perms(cx, key, v, &cfg->unix_sock_ro_perms);
    } else if (g_str_equal(key, "unix_sock_rw_perms")) {
        return want_perms(cx, key, v, &cfg->unix_sock_rw_perms);
    } else if (g_str_equal(key, "max_clients")) {
        return want_int(cx, key, v, 1, 1000000, &cfg->max_clients);
    } else if (g_str_equal(key, "max_queued_clients")) {
        return want_int(cx, key, v, 1, 1000000, &cfg->max_queued_clients);
    } else if (g_str_equal(key, "min_workers")) {
        return want_int(cx, key, v, 1, 10000, &cfg->min_workers);
    } else if (g_str_equal(key, "max_workers")) {
        return want_int(cx, key, v, 1, 10000, &cfg->max_workers);
    } else if (g_str_equal(key, "prio_workers")) {
        return want_int(cx, key, v, 0, 10000, &cfg->prio_workers);
    } else if (g_str_equal(key, "max_client_requests")) {
        return want_int(cx, key, v, 1, 100000, &cfg->max_client_requests);
    } else if (g_str_equal(key, "keepalive_interval")) {
        return want_int(cx, key, v, -1, INT_MAX / 1000, &cfg->keepalive_interval);
    } else if (g_str_equal(key, "keepalive_count")) {
        if (!want_int(cx, key, v, 0, 100000, &n))
            return false;
        cfg->keepalive_count = (unsigned int)n;
    } else if (g_str_equal(key, "listen_libvirt_paths")) {
        if (!want_int(cx, key, v, 0, 1, &n))
            return fail(cx, "%s: expected 0 or 1", key);
        cfg->listen_libvirt_paths = n;
    } else if (g_str_equal(key, "log_level")) {
        return want_int(cx, key, v, 1, 4, &cfg->log_level);
    } else if (g_str_equal(key, "log_outputs")) {
        if (v->type != V_STRING)
            return fail(cx, "%s: expected a string such as \"3:stderr\"", key);
        g_free(cfg->log_outputs);
        cfg->log_outputs = g_strdup(v->str);
    } else if (g_str_equal(key, "auth_unix_ro") || g_str_equal(key, "auth_unix_rw")) {
        int *out = g_str_equal(key, "auth_unix_ro") ? &cfg->auth_unix_ro : &cfg->auth_unix_rw;
        if (v->type != V_STRING)
            return fail(cx, "%s: expected a string", key);
        if (g_str_equal(v->str, "sasl")) {
            *out = MVD_AUTH_SASL;
        } else if (g_str_equal(v->str, "none") || g_str_equal(v->str, "polkit")) {
            /* polkit: libvirt's default where polkit runs; modvirtd relies on
             * the socket's file permissions instead. */
            *out = MVD_AUTH_NONE;
        } else {
            return fail(cx, "%s: unsupported auth %s", key, v->str);
        }
    } else if (g_str_equal(key, "sasl_allowed_username_list")) {
        if (v->type != V_LIST)
            return fail(cx, "%s: expected a list of user names, such as [\"joe\", \"*@EXAMPLE.COM\"]",
                        key);
        g_strfreev(cfg->sasl_allowed_username_list);
        cfg->sasl_allowed_username_list = g_strdupv(v->items);
    } else if (g_str_equal(key, "tcp_min_ssf")) {
        if (!want_int(cx, key, v, 0, 100000, &cfg->tcp_min_ssf))
            return false;
        /* As libvirt: the default (56) may only be raised. */
        if (cfg->tcp_min_ssf < 112)
            return fail(cx, "%s: minimum SSF levels lower than 112 are not supported", key);
    } else if (g_str_equal(key, "auth_timeout")) {
        return want_int(cx, key, v, 0, 86400, &cfg->auth_timeout);
    } else if (g_str_equal(key, "log_filters") || g_str_equal(key, "max_anonymous_clients") ||
               g_str_equal(key, "keepalive_required") || g_str_equal(key, "unix_sock_dir") ||
               g_str_equal(key, "host_uuid") || g_str_equal(key, "audit_level")) {
        mvd_log(MVD_LOG_WARN, "%s:%d: %s is accepted and has no effect in modvirtd",
                cx->file, cx->line, key);
    } else {
        mvd_log(MVD_LOG_WARN, "%s:%d: unknown setting '%s' ignored", cx->file, cx->line, key);
    }
    return true;
}

/* Parses one string literal at *P ('...' or "..."); advances *P. */
static bool parse_string(ctx *cx, const char **p, char **out)
{
    char q = **p;
    const char *s = *p + 1;
    const char *e = strchr(s, q);
    if (!e)
        return fail(cx, "unterminated string");
    *out = g_strndup(s, e - s);
    *p = e + 1;
    return true;
}

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\r')
        (*p)++;
}

/* Parses a value at P (the rest of a line, possibly continued for a list:
 * lists must fit on one logical line here, joined by the caller). */
static bool parse_value(ctx *cx, const char *p, cvalue *v)
{
    skip_ws(&p);
    if (*p == '"' || *p == '\'') {
        v->type = V_STRING;
        if (!parse_string(cx, &p, &v->str))
            return false;
    } else if (*p == '[') {
        v->type = V_LIST;
        GString *all = g_string_new(NULL);
        GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
        p++;
        for (;;) {
            skip_ws(&p);
            if (*p == ']') {
                p++;
                break;
            }
            char *item = NULL;
            if ((*p != '"' && *p != '\'') || !parse_string(cx, &p, &item)) {
                g_string_free(all, TRUE);
                g_ptr_array_free(items, TRUE);
                return *cx->err ? false : fail(cx, "expected a quoted string in the list");
            }
            if (all->len)
                g_string_append_c(all, ' ');
            g_string_append(all, item);
            g_ptr_array_add(items, item);
            skip_ws(&p);
            if (*p == ',')
                p++;
            else if (*p != ']') {
                g_string_free(all, TRUE);
                g_ptr_array_free(items, TRUE);
                return fail(cx, "expected ',' or ']' in the list");
            }
        }
        v->str = g_string_free(all, FALSE);
        g_ptr_array_add(items, NULL);
        v->items = (char **)g_ptr_array_free(items, FALSE);
    } else {
        v->type = V_INT;
        char *end = NULL;
        errno = 0;
        v->num = strtoll(p, &end, 0);
        if (end == p || errno)
            return fail(cx, "expected a number, a quoted string or a list");
        p = end;
    }
    skip_ws(&p);
    if (*p && *p != '#' && *p != '\n')
        return fail(cx, "unexpected text after the value: '%s'", p);
    return true;
}

bool mvd_config_load(mvd_config *cfg, const char *file, bool missing_ok, char **err)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) gerr = NULL;
    if (!g_file_get_contents(file, &text, NULL, &gerr)) {
        if (missing_ok && g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return true;
        *err = g_strdup_printf("cannot read %s: %s", file, gerr->message);
        return false;
    }
    mvd_config fresh = *cfg;
    fresh.unix_sock_group = g_strdup(cfg->unix_sock_group);
    fresh.log_outputs = g_strdup(cfg->log_outputs);
    fresh.sasl_allowed_username_list = g_strdupv(cfg->sasl_allowed_username_list);
    mvd_net_config_copy(&fresh.net, &cfg->net);

    ctx cx = { file, 0, err };
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        cx.line = i + 1;
        /* A list may span lines: join until its ']'. */
        g_autofree char *joined = g_strdup(lines[i]);
        if (strchr(joined, '[') && !strchr(joined, ']')) {
            while (lines[i + 1] && !strchr(joined, ']')) {
                char *more = g_strconcat(joined, " ", lines[++i], NULL);
                g_free(joined);
                joined = more;
            }
        }
        const char *p = joined;
        skip_ws(&p);
        if (!*p || *p == '#')
            continue;
        const char *k = p;
        while (g_ascii_isalnum(*p) || *p == '_')
            p++;
        g_autofree char *key = g_strndup(k, p - k);
        skip_ws(&p);
        if (!*key || *p != '=') {
            fail(&cx, "expected 'key = value'");
            goto bad;
        }
        cvalue v = { 0 };
        bool ok = parse_value(&cx, p + 1, &v) && apply(&fresh, &cx, key, &v);
        g_free(v.str);
        g_strfreev(v.items);
        if (!ok)
            goto bad;
    }
    if (fresh.min_workers > fresh.max_workers) {
        *err = g_strdup_printf("%s: min_workers (%d) is more than max_workers (%d)", file,
                               fresh.min_workers, fresh.max_workers);
        goto bad;
    }
    {
        g_autofree char *lerr = NULL;
        if (fresh.log_outputs && !mvd_log_setup(fresh.log_level, fresh.log_outputs, &lerr)) {
            *err = g_strdup_printf("%s: log_outputs: %s", file, lerr);
            goto bad;
        }
    }
    mvd_config_clear(cfg);
    *cfg = fresh;
    return true;

bad:
    mvd_config_clear(&fresh);
    return false;
}
