/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/listen-net.c — modvirtd on TCP and TLS: the settings of
 * libvirtd.conf that concern them (names, values and defaults as libvirt
 * has them, except that nothing listens on the network unless configured),
 * the listening sockets on every address listen_addr resolves to, and the
 * note taken of each client accepted on them. */
#include "daemon.h"
#include "server.h"
#include "tls.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define HANDSHAKE_TIMEOUT_DEFAULT 30

/* The TLS credentials of the listeners (tls-handshake.c uses them). */
mv_tls_context *mvd_tls_ctx;

void mvd_net_config_defaults(mvd_net_config *n)
{
    *n = (mvd_net_config){
        .tcp_port = g_strdup(MV_TCP_PORT),
        .tls_port = g_strdup(MV_TLS_PORT),
        .auth_tcp = MVD_AUTH_SASL,
        .auth_tls = MVD_AUTH_NONE,
        .tls_handshake_timeout = HANDSHAKE_TIMEOUT_DEFAULT,
    };
}

void mvd_net_config_copy(mvd_net_config *dst, const mvd_net_config *src)
{
    *dst = *src;
    dst->listen_addr = g_strdup(src->listen_addr);
    dst->tcp_port = g_strdup(src->tcp_port);
    dst->tls_port = g_strdup(src->tls_port);
    dst->key_file = g_strdup(src->key_file);
    dst->cert_file = g_strdup(src->cert_file);
    dst->ca_file = g_strdup(src->ca_file);
    dst->crl_file = g_strdup(src->crl_file);
    dst->tls_allowed_dn_list = g_strdupv(src->tls_allowed_dn_list);
    dst->tls_priority = g_strdup(src->tls_priority);
}

void mvd_net_config_clear(mvd_net_config *n)
{
    g_clear_pointer(&n->listen_addr, g_free);
    g_clear_pointer(&n->tcp_port, g_free);
    g_clear_pointer(&n->tls_port, g_free);
    g_clear_pointer(&n->key_file, g_free);
    g_clear_pointer(&n->cert_file, g_free);
    g_clear_pointer(&n->ca_file, g_free);
    g_clear_pointer(&n->crl_file, g_free);
    g_clear_pointer(&n->tls_allowed_dn_list, g_strfreev);
    g_clear_pointer(&n->tls_priority, g_free);
}

static int want_bool(const char *key, bool is_int, long long num, bool *out, char **err)
{
    if (!is_int || (num != 0 && num != 1)) {
        *err = g_strdup_printf("%s: expected 0 or 1", key);
        return -1;
    }
    *out = num;
    return 1;
}

static int want_string(const char *key, const char *str, char **items, char **out, char **err)
{
    if (!str || items) {
        *err = g_strdup_printf("%s: expected a string in quotes", key);
        return -1;
    }
    g_free(*out);
    *out = *str ? g_strdup(str) : NULL;
    return 1;
}

static int want_auth(const char *key, const char *str, char **items, int *out, char **err)
{
    if (!str || items) {
        *err = g_strdup_printf("%s: expected \"none\" or \"sasl\"", key);
        return -1;
    }
    if (g_str_equal(str, "none"))
        *out = MVD_AUTH_NONE;
    else if (g_str_equal(str, "sasl"))
        *out = MVD_AUTH_SASL;
    else {
        *err = g_strdup_printf("%s: unknown authentication type '%s' (expected \"none\" or "
                               "\"sasl\")", key, str);
        return -1;
    }
    return 1;
}

/* A port: a number or a service name, as getaddrinfo takes it. */
static int want_port(const char *key, bool is_int, long long num, const char *str, char **out,
                     char **err)
{
    if (is_int) {
        if (num < 1 || num > 65535) {
            *err = g_strdup_printf("%s: %lld is not a port", key, num);
            return -1;
        }
        g_free(*out);
        *out = g_strdup_printf("%lld", num);
        return 1;
    }
    if (!str || !*str) {
        *err = g_strdup_printf("%s: expected a port in quotes, such as \"16514\"", key);
        return -1;
    }
    g_free(*out);
    *out = g_strdup(str);
    return 1;
}

int mvd_net_config_apply(mvd_net_config *n, const char *key, bool is_int, long long num,
                         const char *str, char **items, char **err)
{
    if (g_str_equal(key, "listen_tcp"))
        return want_bool(key, is_int, num, &n->listen_tcp, err);
    if (g_str_equal(key, "listen_tls"))
        return want_bool(key, is_int, num, &n->listen_tls, err);
    if (g_str_equal(key, "listen_addr"))
        return want_string(key, str, items, &n->listen_addr, err);
    if (g_str_equal(key, "tcp_port"))
        return want_port(key, is_int, num, str, &n->tcp_port, err);
    if (g_str_equal(key, "tls_port"))
        return want_port(key, is_int, num, str, &n->tls_port, err);
    if (g_str_equal(key, "auth_tcp"))
        return want_auth(key, str, items, &n->auth_tcp, err);
    if (g_str_equal(key, "auth_tls"))
        return want_auth(key, str, items, &n->auth_tls, err);
    if (g_str_equal(key, "key_file"))
        return want_string(key, str, items, &n->key_file, err);
    if (g_str_equal(key, "cert_file"))
        return want_string(key, str, items, &n->cert_file, err);
    if (g_str_equal(key, "ca_file"))
        return want_string(key, str, items, &n->ca_file, err);
    if (g_str_equal(key, "crl_file"))
        return want_string(key, str, items, &n->crl_file, err);
    if (g_str_equal(key, "tls_no_verify_certificate"))
        return want_bool(key, is_int, num, &n->tls_no_verify_certificate, err);
    if (g_str_equal(key, "tls_no_sanity_certificate"))
        return want_bool(key, is_int, num, &n->tls_no_sanity_certificate, err);
    if (g_str_equal(key, "tls_priority"))
        return want_string(key, str, items, &n->tls_priority, err);
    if (g_str_equal(key, "tls_allowed_dn_list")) {
        if (!items) {
            *err = g_strdup_printf("%s: expected a list of strings, such as [\"C=GB,O=Example,"
                                   "CN=*\"]", key);
            return -1;
        }
        g_strfreev(n->tls_allowed_dn_list);
        n->tls_allowed_dn_list = g_strdupv(items);
        return 1;
    }
    if (g_str_equal(key, "tls_handshake_timeout")) {
        if (!is_int || num < 1 || num > 3600) {
            *err = g_strdup_printf("%s: expected seconds, 1 to 3600", key);
            return -1;
        }
        n->tls_handshake_timeout = (int)num;
        return 1;
    }
    return 0;
}

static const char *auth_name(int auth)
{
    return auth == MVD_AUTH_SASL ? "sasl" : auth == MVD_AUTH_POLKIT ? "polkit" : "none";
}

/* Binds and listens on every address of listen_addr for PORT. */
static bool listen_port(const char *port, int kind, int auth, char **err)
{
    const mvd_net_config *n = &mvd_cfg.net;
    struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM };
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(n->listen_addr, port, &hints, &res);
    if (rc != 0) {
        *err = g_strdup_printf("Unable to resolve address '%s' service '%s': %s",
                               n->listen_addr ? n->listen_addr : "*", port, gai_strerror(rc));
        return false;
    }
    int bound = 0, last_errno = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                        ai->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ai->ai_family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
            listen(fd, mvd_cfg.max_queued_clients) < 0) {
            last_errno = errno;
            close(fd);
            /* An address family the host has not configured is no failure
             * while another address binds. */
            if (last_errno == EADDRNOTAVAIL || last_errno == EAFNOSUPPORT)
                continue;
            *err = g_strdup_printf("Unable to bind to port %s: %s", port,
                                   g_strerror(last_errno));
            freeaddrinfo(res);
            return false;
        }
        char host[NI_MAXHOST] = "", serv[NI_MAXSERV] = "";
        getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV);
        g_autofree char *name = g_strdup_printf("%s %s%s%s:%s", kind == MVD_LISTEN_TLS ? "tls"
                                                : "tcp", ai->ai_family == AF_INET6 ? "[" : "",
                                                host, ai->ai_family == AF_INET6 ? "]" : "", serv);
        mvd_server_listen_fd(fd, name, kind, auth);
        mvd_log(MVD_LOG_INFO, "listening on %s (auth %s)", name, auth_name(auth));
        bound++;
    }
    freeaddrinfo(res);
    if (!bound) {
        *err = g_strdup_printf("Unable to bind to port %s: %s", port,
                               g_strerror(last_errno ? last_errno : EADDRNOTAVAIL));
        return false;
    }
    return true;
}

/* The TLS credentials: the files configured, else libvirt's layout. */
static bool load_tls(char **err)
{
    const mvd_net_config *n = &mvd_cfg.net;
    mv_tls_files f;
    mv_tls_files_locate(NULL, geteuid() != 0, true, &f);
    if (n->ca_file) {
        g_free(f.cacert);
        f.cacert = g_strdup(n->ca_file);
    }
    if (n->crl_file) {
        g_free(f.cacrl);
        f.cacrl = g_strdup(n->crl_file);
    }
    if (n->cert_file) {
        g_free(f.cert);
        f.cert = g_strdup(n->cert_file);
    }
    if (n->key_file) {
        g_free(f.key);
        f.key = g_strdup(n->key_file);
    }
    mv_tls_options o = {
        .server = true,
        .verify_peer = !n->tls_no_verify_certificate,
        .sanity_check = !n->tls_no_sanity_certificate,
        .priority = n->tls_priority,
        .allowed_dn = n->tls_allowed_dn_list,
    };
    mv_tls_error e = { 0 };
    mvd_tls_ctx = mv_tls_context_new(&f, &o, &e);
    if (!mvd_tls_ctx)
        *err = g_strdup_printf("TLS: %s", e.msg);
    else
        mvd_log(MVD_LOG_INFO, "TLS credentials: CA %s, certificate %s, key %s%s", f.cacert,
                f.cert, f.key, n->tls_no_verify_certificate
                ? " (client certificates not verified: tls_no_verify_certificate)" : "");
    mv_tls_files_clear(&f);
    return mvd_tls_ctx != NULL;
}

bool mvd_net_listen(char **err)
{
    const mvd_net_config *n = &mvd_cfg.net;
    if (n->listen_tcp) {
        if (n->auth_tcp == MVD_AUTH_NONE)
            mvd_log(MVD_LOG_WARN, "auth_tcp = \"none\": clients on TCP port %s are neither "
                    "authenticated nor encrypted; anyone who reaches it has full access",
                    n->tcp_port);
        if (!listen_port(n->tcp_port, MVD_LISTEN_TCP, n->auth_tcp, err))
            return false;
    }
    if (n->listen_tls) {
        if (!load_tls(err) || !listen_port(n->tls_port, MVD_LISTEN_TLS, n->auth_tls, err))
            return false;
    }
    return true;
}

void mvd_net_accepted(mvd_client *c, int fd, const char *name, int kind, int auth)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[NI_MAXHOST] = "?", serv[NI_MAXSERV] = "?";
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
        getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV);
    /* Replies are small and awaited: no waiting to fill a segment. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    c->addr = g_strdup_printf("%s;%s", host, serv);
    c->auth = auth;
    mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT " connected on %s from %s%s", c->id, name,
            c->addr, kind == MVD_LISTEN_TLS ? " (TLS handshake next)" : "");
}
