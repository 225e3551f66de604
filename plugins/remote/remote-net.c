/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-net.c — SCHEME+tcp://HOST[:PORT]/PATH and
 * SCHEME+tls://HOST[:PORT]/PATH (TLS also when a URI names a host and no
 * transport): a TCP connection to any address HOST resolves to, and for
 * TLS a session with libvirt's client credentials (pkipath=, or
 * ~/.pki/libvirt, or /etc/pki), the server's certificate checked (chain,
 * times, host name; no_verify=1 only logs what fails), tls_priority=, and
 * the daemon's confirmation that it accepted ours. */
#include "remote.h"
#include "tls.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define MV_LOG_SRC "remote"

/* How long a server may take over the TLS handshake. */
#define HANDSHAKE_TIMEOUT_MS 60000

struct mv_remote_net {
    bool tls;
    char *host;          /* without brackets */
    char *port;
    char *pkipath;
    char *priority;
    bool no_verify;
    bool no_sanity;
    mv_channel *chan;    /* the session once connected, until taken */
};

static bool flag(const char *v)
{
    return v && strtol(v, NULL, 10) != 0;
}

int mv_remote_net_target(const mv_uri *uri, const char *transport, mv_remote_target *t)
{
    if (!uri->server || !*uri->server) {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_INVALID_ARG,
                        "remote_open: the %s transport needs a host name in the URI",
                        transport);
        mv_remote_target_clear(t);
        return -1;
    }
    mv_remote_net *n = g_new0(mv_remote_net, 1);
    n->tls = !g_ascii_strcasecmp(transport, "tls");
    const char *host = uri->server;
    size_t hl = strlen(host);
    n->host = host[0] == '[' && hl > 2 && host[hl - 1] == ']' ? g_strndup(host + 1, hl - 2)
                                                               : g_strdup(host);
    n->port = uri->port > 0 ? g_strdup_printf("%d", uri->port)
                            : g_strdup(n->tls ? MV_TLS_PORT : MV_TCP_PORT);
    n->pkipath = g_strdup(mv_uri_get_param(uri, "pkipath"));
    n->priority = g_strdup(mv_uri_get_param(uri, "tls_priority"));
    n->no_verify = flag(mv_uri_get_param(uri, "no_verify"));
    n->no_sanity = flag(mv_uri_get_param(uri, "no_sanity"));
    t->net = n;
    t->session = false;
    t->autostart = false;
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "%s: %s to %s port %s, name '%s'", uri->original,
           n->tls ? "TLS" : "TCP", n->host, n->port, t->name);
    return 0;
}

void mv_remote_net_free(mv_remote_net *n)
{
    if (!n)
        return;
    mv_channel_free(n->chan);
    g_free(n->host);
    g_free(n->port);
    g_free(n->pkipath);
    g_free(n->priority);
    g_free(n);
}

/* A TCP connection to HOST:PORT, trying each address in turn. */
static int connect_tcp(const mv_remote_net *n)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_ADDRCONFIG };
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(n->host, n->port, &hints, &res);
    if (rc == EAI_BADFLAGS || rc == EAI_NONAME) {
        /* No configured address of any family (a bare namespace): ask again
         * without the filter. */
        hints.ai_flags = 0;
        rc = getaddrinfo(n->host, n->port, &hints, &res);
    }
    if (rc != 0) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR,
                        "Unable to resolve address '%s' service '%s': %s", n->host, n->port,
                        gai_strerror(rc));
        return -1;
    }
    int err = 0, fd = -1;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int c;
        do {
            c = connect(fd, ai->ai_addr, ai->ai_addrlen);
        } while (c < 0 && errno == EINTR);
        if (c < 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, err,
                              "unable to connect to server at '%s:%s'", n->host, n->port);
        return -1;
    }
    /* Calls are small and awaited: no waiting to fill a segment. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

/* The client's credentials, checked: before connecting, as libvirt. */
static mv_tls_context *client_context(const mv_remote_net *n)
{
    mv_tls_files f;
    mv_tls_files_locate(n->pkipath, geteuid() != 0, false, &f);
    mv_tls_options o = {
        .server = false,
        .verify_peer = !n->no_verify,
        .sanity_check = !n->no_sanity,
        .priority = n->priority,
    };
    mv_tls_error e = { 0 };
    mv_tls_context *ctx = mv_tls_context_new(&f, &o, &e);
    mv_tls_files_clear(&f);
    if (!ctx)
        mv_error_report(VIR_FROM_RPC, e.code, "%s", e.msg);
    return ctx;
}

/* The TLS session on FD, checked and confirmed by the daemon. CTX is
 * taken. */
static mv_channel *start_tls(const mv_remote_net *n, mv_tls_context *ctx, int fd)
{
    mv_tls_error e = { 0 };
    mv_tls_session *s = mv_tls_session_new(ctx, fd, n->host, &e);
    if (!s) {
        mv_tls_context_free(ctx);
        mv_error_report(VIR_FROM_RPC, e.code, "%s", e.msg);
        return NULL;
    }
    mv_tls_session_own_context(s);
    if (mv_tls_session_handshake_blocking(s, HANDSHAKE_TIMEOUT_MS, &e) < 0) {
        mv_tls_session_free(s);
        mv_error_report(VIR_FROM_RPC, e.code, "%s", e.msg);
        return NULL;
    }
    if (mv_tls_session_check_peer(s, &e) < 0) {
        mv_log(MV_LOG_WARN, MV_LOG_SRC, "Certificate check failed %s", e.msg);
        mv_tls_session_refuse(s);
        mv_tls_session_free(s);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED,
                        "Failed to verify peer's certificate: %s", e.msg);
        return NULL;
    }
    if (e.msg[0])
        mv_log(MV_LOG_WARN, MV_LOG_SRC, "Ignoring bad certificate at user request "
               "(no_verify=1): %s", e.msg);
    mv_channel *ch = mv_tls_session_channel(s);
    /* The daemon checks our certificate, then sends one byte. */
    unsigned char b = 0;
    ssize_t got;
    do {
        got = mv_channel_recv(ch, &b, 1, true);
    } while (got < 0 && errno == EINTR);
    /* A TLS alert (ECONNREFUSED) or the end: the daemon did not accept us. */
    if (got < 0 && errno != ECONNRESET && errno != ECONNREFUSED) {
        mv_error_report_errno(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, errno,
                              "Unable to read TLS confirmation");
        mv_channel_free(ch);
        return NULL;
    }
    if (got != 1 || b != MV_TLS_CONFIRM) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC,
                        "server verification (of our certificate or IP address) failed");
        mv_channel_free(ch);
        return NULL;
    }
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "TLS session with %s:%s (%s)", n->host, n->port,
           mv_tls_session_describe(s));
    return ch;
}

int mv_remote_net_connect(const mv_remote_target *t)
{
    mv_remote_net *n = t->net;
    mv_tls_context *ctx = NULL;
    if (n->tls && !(ctx = client_context(n)))
        return -1;
    int fd = connect_tcp(n);
    if (fd < 0 || !n->tls) {
        mv_tls_context_free(ctx);
        return fd;
    }
    mv_channel *ch = start_tls(n, ctx, fd);
    if (!ch) {
        close(fd);
        return -1;
    }
    mv_channel_free(n->chan);
    n->chan = ch;
    return fd;
}

mv_channel *mv_remote_target_take_channel(mv_remote_target *t)
{
    if (!t->net)
        return NULL;
    mv_channel *ch = t->net->chan;
    t->net->chan = NULL;
    return ch;
}
