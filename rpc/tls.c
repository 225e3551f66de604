/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/tls.c — TLS sessions with GnuTLS and x509 credentials, shared by
 * modvirtd and the remote plugin (see tls.h). The socket is read and
 * written through our own pull and push functions, which honour the
 * caller's choice of blocking or not per call: one thread may receive
 * while another sends, as GnuTLS allows on an established session. */
#include "tls.h"

#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <glib.h>
#include <libvirt/virterror.h>

#define PKI_DIR "/etc/pki"

struct mv_tls_context {
    gnutls_certificate_credentials_t cred;
    gnutls_priority_t prio;
    bool server;
    bool verify_peer;
    char **allowed_dn;
};

struct mv_tls_session {
    mv_channel ch;               /* first: the session is its channel */
    gnutls_session_t s;
    mv_tls_context *ctx;
    char *hostname;
    char *peer_dn;
    char desc[96];
    bool rblock;                 /* the receiver blocks (pull) */
    bool wblock;                 /* the sender blocks (push) */
    bool owns_ctx;
};

static void set_err(mv_tls_error *err, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void set_err(mv_tls_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
}

/* ---- where the files are ------------------------------------------------- */

void mv_tls_files_locate(const char *pkipath, bool user_dir, bool server, mv_tls_files *f)
{
    const char *side = server ? "server" : "client";
    memset(f, 0, sizeof(*f));
    if (pkipath && *pkipath) {
        f->cacert = g_build_filename(pkipath, "cacert.pem", NULL);
        f->cacrl = g_build_filename(pkipath, "cacrl.pem", NULL);
        f->cert = g_strdup_printf("%s/%scert.pem", pkipath, side);
        f->key = g_strdup_printf("%s/%skey.pem", pkipath, side);
        return;
    }
    if (user_dir) {
        g_autofree char *dir = g_build_filename(g_get_home_dir(), ".pki", "libvirt", NULL);
        char *p = g_build_filename(dir, "cacert.pem", NULL);
        if (g_file_test(p, G_FILE_TEST_EXISTS))
            f->cacert = p;
        else
            g_free(p);
        p = g_build_filename(dir, "cacrl.pem", NULL);
        if (g_file_test(p, G_FILE_TEST_EXISTS))
            f->cacrl = p;
        else
            g_free(p);
        /* The certificate and its key go together. */
        char *c = g_strdup_printf("%s/%scert.pem", dir, side);
        char *k = g_strdup_printf("%s/%skey.pem", dir, side);
        if (g_file_test(c, G_FILE_TEST_EXISTS) && g_file_test(k, G_FILE_TEST_EXISTS)) {
            f->cert = c;
            f->key = k;
        } else {
            g_free(c);
            g_free(k);
        }
    }
    if (!f->cacert)
        f->cacert = g_strdup(PKI_DIR "/CA/cacert.pem");
    if (!f->cacrl)
        f->cacrl = g_strdup(PKI_DIR "/CA/cacrl.pem");
    if (!f->cert) {
        f->cert = g_strdup_printf(PKI_DIR "/libvirt/%scert.pem", side);
        f->key = g_strdup_printf(PKI_DIR "/libvirt/private/%skey.pem", side);
    }
}

void mv_tls_files_clear(mv_tls_files *f)
{
    g_clear_pointer(&f->cacert, g_free);
    g_clear_pointer(&f->cacrl, g_free);
    g_clear_pointer(&f->cert, g_free);
    g_clear_pointer(&f->key, g_free);
}

/* ---- certificates -------------------------------------------------------- */

static const char *kind_name(bool server, bool ca)
{
    return ca ? "CA" : server ? "server" : "client";
}

/* Expiry and activation of CERT (NAME in messages). */
static bool check_times(gnutls_x509_crt_t cert, const char *name, bool server, bool ca,
                        mv_tls_error *err)
{
    time_t now = time(NULL);
    if (gnutls_x509_crt_get_expiration_time(cert) < now) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "The %s certificate %s has expired",
                kind_name(server, ca), name);
        return false;
    }
    if (gnutls_x509_crt_get_activation_time(cert) > now) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "The %s certificate %s is not yet active",
                kind_name(server, ca), name);
        return false;
    }
    return true;
}

/* The first certificate of the PEM file PATH; NULL with *ERR. */
static gnutls_x509_crt_t load_cert(const char *path, const char *what, mv_tls_error *err)
{
    gnutls_datum_t data = { 0 };
    int rc = gnutls_load_file(path, &data);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Cannot read %s '%s': %s", what, path,
                g_strerror(errno ? errno : ENOENT));
        return NULL;
    }
    gnutls_x509_crt_t cert = NULL;
    gnutls_x509_crt_init(&cert);
    rc = gnutls_x509_crt_import(cert, &data, GNUTLS_X509_FMT_PEM);
    gnutls_free(data.data);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Unable to import %s %s: %s", what, path,
                gnutls_strerror(rc));
        gnutls_x509_crt_deinit(cert);
        return NULL;
    }
    return cert;
}

static bool file_readable(const char *path, const char *what, mv_tls_error *err)
{
    if (access(path, R_OK) == 0)
        return true;
    set_err(err, VIR_ERR_SYSTEM_ERROR, "Cannot read %s '%s': %s", what, path,
            g_strerror(errno));
    return false;
}

/* Our own certificate and the CA's, checked as libvirt does before use. */
static bool sanity_check(const mv_tls_files *f, bool server, mv_tls_error *err)
{
    gnutls_x509_crt_t ca = load_cert(f->cacert, "CA certificate", err);
    if (!ca)
        return false;
    gnutls_x509_crt_t cert = load_cert(f->cert, "certificate", err);
    if (!cert) {
        gnutls_x509_crt_deinit(ca);
        return false;
    }
    bool ok = check_times(ca, f->cacert, server, true, err) &&
              check_times(cert, f->cert, server, false, err);
    if (ok) {
        unsigned int status = 0;
        if (gnutls_x509_crt_list_verify(&cert, 1, &ca, 1, NULL, 0, 0, &status) < 0 ||
            status != 0) {
            set_err(err, VIR_ERR_SYSTEM_ERROR,
                    "Our own certificate %s failed validation against %s: %s", f->cert,
                    f->cacert,
                    status & GNUTLS_CERT_SIGNER_NOT_FOUND
                        ? "The certificate hasn't got a known issuer."
                        : "The certificate is not trusted.");
            ok = false;
        }
    }
    gnutls_x509_crt_deinit(cert);
    gnutls_x509_crt_deinit(ca);
    return ok;
}

mv_tls_context *mv_tls_context_new(const mv_tls_files *f, const mv_tls_options *o,
                                   mv_tls_error *err)
{
    if (!file_readable(f->cacert, "CA certificate", err) ||
        !file_readable(f->cert, "certificate", err) ||
        !file_readable(f->key, "private key", err))
        return NULL;
    if (o->sanity_check && !sanity_check(f, o->server, err))
        return NULL;
    mv_tls_context *ctx = g_new0(mv_tls_context, 1);
    ctx->server = o->server;
    ctx->verify_peer = o->verify_peer;
    ctx->allowed_dn = g_strdupv(o->allowed_dn);
    int rc = gnutls_certificate_allocate_credentials(&ctx->cred);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Unable to allocate x509 credentials: %s",
                gnutls_strerror(rc));
        goto fail;
    }
    rc = gnutls_certificate_set_x509_trust_file(ctx->cred, f->cacert, GNUTLS_X509_FMT_PEM);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Unable to set x509 CA certificate: %s: %s",
                f->cacert, gnutls_strerror(rc));
        goto fail;
    }
    if (f->cacrl && access(f->cacrl, R_OK) == 0) {
        rc = gnutls_certificate_set_x509_crl_file(ctx->cred, f->cacrl, GNUTLS_X509_FMT_PEM);
        if (rc < 0) {
            set_err(err, VIR_ERR_SYSTEM_ERROR,
                    "Unable to set x509 certificate revocation list: %s: %s", f->cacrl,
                    gnutls_strerror(rc));
            goto fail;
        }
    }
    rc = gnutls_certificate_set_x509_key_file(ctx->cred, f->cert, f->key, GNUTLS_X509_FMT_PEM);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Unable to set x509 key and certificate: %s, %s: %s",
                f->key, f->cert, gnutls_strerror(rc));
        goto fail;
    }
    if (o->server)
        gnutls_certificate_set_known_dh_params(ctx->cred, GNUTLS_SEC_PARAM_MEDIUM);
    const char *prio = o->priority && *o->priority ? o->priority : "NORMAL";
    const char *where = NULL;
    rc = gnutls_priority_init(&ctx->prio, prio, &where);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Failed to set TLS session priority to %s: %s", prio,
                gnutls_strerror(rc));
        ctx->prio = NULL;
        goto fail;
    }
    return ctx;

fail:
    mv_tls_context_free(ctx);
    return NULL;
}

void mv_tls_context_free(mv_tls_context *ctx)
{
    if (!ctx)
        return;
    if (ctx->prio)
        gnutls_priority_deinit(ctx->prio);
    if (ctx->cred)
        gnutls_certificate_free_credentials(ctx->cred);
    g_strfreev(ctx->allowed_dn);
    g_free(ctx);
}

/* ---- sessions ------------------------------------------------------------ */

static ssize_t pull(gnutls_transport_ptr_t p, void *buf, size_t len)
{
    mv_tls_session *s = p;
    ssize_t n;
    do {
        n = recv(s->ch.fd, buf, len, s->rblock ? 0 : MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        gnutls_transport_set_errno(s->s, errno == EWOULDBLOCK ? EAGAIN : errno);
    return n;
}

static ssize_t push(gnutls_transport_ptr_t p, const void *buf, size_t len)
{
    mv_tls_session *s = p;
    ssize_t n;
    do {
        n = send(s->ch.fd, buf, len, MSG_NOSIGNAL | (s->wblock ? 0 : MSG_DONTWAIT));
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        gnutls_transport_set_errno(s->s, errno == EWOULDBLOCK ? EAGAIN : errno);
    return n;
}

/* Waits for the socket (handshake and timeouts). */
static int pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
    mv_tls_session *s = p;
    struct pollfd pf = { .fd = s->ch.fd, .events = POLLIN };
    int rc;
    do {
        rc = poll(&pf, 1, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (int)ms);
    } while (rc < 0 && errno == EINTR);
    return rc;
}

mv_tls_session *mv_tls_session_new(mv_tls_context *ctx, int fd, const char *hostname,
                                   mv_tls_error *err)
{
    mv_tls_session *s = g_new0(mv_tls_session, 1);
    s->ch.fd = fd;
    s->ctx = ctx;
    s->hostname = g_strdup(hostname);
    int rc = gnutls_init(&s->s, (ctx->server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_NONBLOCK);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Failed to initialize TLS session: %s",
                gnutls_strerror(rc));
        g_free(s->hostname);
        g_free(s);
        return NULL;
    }
    rc = gnutls_priority_set(s->s, ctx->prio);
    if (rc >= 0)
        rc = gnutls_credentials_set(s->s, GNUTLS_CRD_CERTIFICATE, ctx->cred);
    if (rc < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Failed to set up the TLS session: %s",
                gnutls_strerror(rc));
        mv_tls_session_free(s);
        return NULL;
    }
    if (ctx->server) {
        gnutls_certificate_server_set_request(s->s, GNUTLS_CERT_REQUEST);
        /* Not naming our CAs, the client sends the certificate it has even
         * when another CA issued it: the refusal can then say why. */
        gnutls_certificate_send_x509_rdn_sequence(s->s, 1);
    }
    else if (hostname && !g_hostname_is_ip_address(hostname))
        gnutls_server_name_set(s->s, GNUTLS_NAME_DNS, hostname, strlen(hostname));
    gnutls_transport_set_ptr(s->s, s);
    gnutls_transport_set_pull_function(s->s, pull);
    gnutls_transport_set_push_function(s->s, push);
    gnutls_transport_set_pull_timeout_function(s->s, pull_timeout);
    return s;
}

void mv_tls_session_own_context(mv_tls_session *s)
{
    s->owns_ctx = true;
}

void mv_tls_session_free(mv_tls_session *s)
{
    if (!s)
        return;
    gnutls_deinit(s->s);
    if (s->owns_ctx)
        mv_tls_context_free(s->ctx);
    g_free(s->hostname);
    g_free(s->peer_dn);
    g_free(s);
}

int mv_tls_session_handshake(mv_tls_session *s, mv_tls_error *err)
{
    s->rblock = s->wblock = false;
    int rc = gnutls_handshake(s->s);
    if (rc == 0)
        return 1;
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(rc))
        return 0;
    set_err(err, VIR_ERR_AUTH_FAILED, "TLS handshake failed %s", gnutls_strerror(rc));
    return -1;
}

bool mv_tls_session_wants_write(mv_tls_session *s)
{
    return gnutls_record_get_direction(s->s) == 1;
}

int mv_tls_session_handshake_blocking(mv_tls_session *s, int timeout_ms, mv_tls_error *err)
{
    gint64 end = timeout_ms < 0 ? 0 : g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    for (;;) {
        int rc = mv_tls_session_handshake(s, err);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
        int wait = -1;
        if (end) {
            gint64 left = end - g_get_monotonic_time();
            if (left <= 0) {
                set_err(err, VIR_ERR_AUTH_FAILED,
                        "TLS handshake failed: no answer within %d seconds", timeout_ms / 1000);
                return -1;
            }
            wait = (int)((left + 999) / 1000);
        }
        struct pollfd pf = { .fd = s->ch.fd,
                             .events = mv_tls_session_wants_write(s) ? POLLOUT : POLLIN };
        if (poll(&pf, 1, wait) < 0 && errno != EINTR) {
            set_err(err, VIR_ERR_SYSTEM_ERROR, "TLS handshake failed: %s", g_strerror(errno));
            return -1;
        }
    }
}

/* The DN of CERT as libvirt shows it (and matches tls_allowed_dn_list). */
static char *cert_dn(gnutls_x509_crt_t cert)
{
    char buf[1024];
    size_t len = sizeof(buf);
    if (gnutls_x509_crt_get_dn(cert, buf, &len) < 0)
        return NULL;
    return g_strndup(buf, len);
}

static bool dn_allowed(char **allowed, const char *dn)
{
    for (size_t i = 0; allowed[i]; i++)
        if (fnmatch(allowed[i], dn, 0) == 0)
            return true;
    return false;
}

/* The checks proper: false with *ERR naming the first that fails. */
static bool peer_valid(mv_tls_session *s, mv_tls_error *err)
{
    mv_tls_context *ctx = s->ctx;
    bool peer_is_server = !ctx->server;
    unsigned int ncerts = 0;
    const gnutls_datum_t *certs = gnutls_certificate_get_peers(s->s, &ncerts);
    if (!certs || ncerts == 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "No certificate was presented by the %s",
                peer_is_server ? "server" : "client");
        return false;
    }
    gnutls_x509_crt_t cert = NULL;
    gnutls_x509_crt_init(&cert);
    if (gnutls_x509_crt_import(cert, &certs[0], GNUTLS_X509_FMT_DER) < 0) {
        set_err(err, VIR_ERR_SYSTEM_ERROR, "Unable to load the %s's certificate",
                peer_is_server ? "server" : "client");
        gnutls_x509_crt_deinit(cert);
        return false;
    }
    g_free(s->peer_dn);
    s->peer_dn = cert_dn(cert);
    g_autofree char *name = g_strdup_printf("'%s'", s->peer_dn ? s->peer_dn : "[session]");
    bool ok = check_times(cert, name, peer_is_server, false, err);
    if (ok) {
        unsigned int status = 0;
        int rc = gnutls_certificate_verify_peers2(s->s, &status);
        if (rc < 0) {
            set_err(err, VIR_ERR_SYSTEM_ERROR, "Unable to verify TLS peer: %s",
                    gnutls_strerror(rc));
            ok = false;
        } else if (status) {
            const char *reason = "Invalid certificate";
            if (status & GNUTLS_CERT_INVALID)
                reason = "The certificate is not trusted.";
            if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
                reason = "The certificate hasn't got a known issuer.";
            if (status & GNUTLS_CERT_REVOKED)
                reason = "The certificate has been revoked.";
            if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
                reason = "The certificate uses an insecure algorithm";
            set_err(err, VIR_ERR_SYSTEM_ERROR,
                    "Certificate failed validation: The %s certificate %s is not trusted: %s",
                    peer_is_server ? "server" : "client", name, reason);
            ok = false;
        }
    }
    for (unsigned int i = 1; ok && i < ncerts; i++) {
        gnutls_x509_crt_t ca = NULL;
        gnutls_x509_crt_init(&ca);
        if (gnutls_x509_crt_import(ca, &certs[i], GNUTLS_X509_FMT_DER) == 0)
            ok = check_times(ca, "[session]", peer_is_server, true, err);
        gnutls_x509_crt_deinit(ca);
    }
    if (ok && ctx->server && ctx->allowed_dn && !dn_allowed(ctx->allowed_dn, s->peer_dn ? s->peer_dn : "")) {
        set_err(err, VIR_ERR_SYSTEM_ERROR,
                "Client's Distinguished Name is not on the list of allowed clients "
                "(tls_allowed_dn_list).  Use 'certtool -i --infile clientcert.pem' to view "
                "the Distinguished Name field in the client certificate, or run this daemon "
                "with --verbose option. (DN '%s')", s->peer_dn ? s->peer_dn : "");
        ok = false;
    }
    if (ok && !ctx->server && s->hostname && !gnutls_x509_crt_check_hostname(cert, s->hostname)) {
        set_err(err, VIR_ERR_RPC, "Certificate %s owner does not match the hostname %s", name,
                s->hostname);
        ok = false;
    }
    gnutls_x509_crt_deinit(cert);
    return ok;
}

int mv_tls_session_check_peer(mv_tls_session *s, mv_tls_error *err)
{
    if (peer_valid(s, err))
        return 0;
    if (!s->ctx->verify_peer) {
        /* The caller logs why, and goes on as asked. */
        err->code = VIR_ERR_OK;
        return 0;
    }
    return -1;
}

void mv_tls_session_refuse(mv_tls_session *s)
{
    s->wblock = false;
    gnutls_alert_send(s->s, GNUTLS_AL_FATAL, GNUTLS_A_BAD_CERTIFICATE);
}

const char *mv_tls_session_peer_dn(mv_tls_session *s)
{
    return s->peer_dn;
}

const char *mv_tls_session_describe(mv_tls_session *s)
{
    if (!s->desc[0])
        snprintf(s->desc, sizeof(s->desc), "%s / %s",
                 gnutls_protocol_get_name(gnutls_protocol_get_version(s->s)),
                 gnutls_cipher_get_name(gnutls_cipher_get(s->s)));
    return s->desc;
}

/* ---- the channel ---------------------------------------------------------- */

static int wait_fd(int fd, short events)
{
    struct pollfd pf = { .fd = fd, .events = events };
    int rc;
    do {
        rc = poll(&pf, 1, -1);
    } while (rc < 0 && errno == EINTR);
    return rc < 0 ? -1 : 0;
}

static ssize_t fail_errno(ssize_t rc)
{
    switch (rc) {
    case GNUTLS_E_AGAIN:
        errno = EAGAIN;
        break;
    case GNUTLS_E_INTERRUPTED:
        errno = EINTR;
        break;
    case GNUTLS_E_PREMATURE_TERMINATION:
    case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
        errno = ECONNRESET;
        break;
    case GNUTLS_E_FATAL_ALERT_RECEIVED:
        /* The peer refused the session (our certificate, most often). */
        errno = ECONNREFUSED;
        break;
    default:
        errno = EIO;
        break;
    }
    return -1;
}

static ssize_t ch_recv(mv_channel *ch, void *buf, size_t len, bool block)
{
    mv_tls_session *s = (mv_tls_session *)ch;
    s->rblock = block;
    for (;;) {
        ssize_t rc = gnutls_record_recv(s->s, buf, len);
        if (rc >= 0)
            return rc;
        if (rc == GNUTLS_E_INTERRUPTED || rc == GNUTLS_E_REHANDSHAKE)
            continue;
        if (rc == GNUTLS_E_AGAIN && block) {
            /* A non-blocking socket under a blocking call. */
            if (wait_fd(ch->fd, POLLIN) < 0)
                return -1;
            continue;
        }
        if (rc == GNUTLS_E_PREMATURE_TERMINATION)
            return 0;     /* the peer closed without a TLS goodbye: the end */
        return fail_errno(rc);
    }
}

/* On EAGAIN, GnuTLS keeps the record it made of the start of BUF and must
 * be called again with the same bytes: the callers keep unsent data where
 * it is and retry from the same place, which is what it needs. */
static ssize_t ch_send(mv_channel *ch, const void *buf, size_t len, bool block)
{
    mv_tls_session *s = (mv_tls_session *)ch;
    s->wblock = block;
    for (;;) {
        ssize_t rc = gnutls_record_send(s->s, buf, len);
        if (rc >= 0)
            return rc;
        if (rc == GNUTLS_E_INTERRUPTED)
            continue;
        if (rc == GNUTLS_E_AGAIN && block) {
            if (wait_fd(ch->fd, POLLOUT) < 0)
                return -1;
            continue;
        }
        return fail_errno(rc);
    }
}

static size_t ch_pending(mv_channel *ch)
{
    return gnutls_record_check_pending(((mv_tls_session *)ch)->s);
}

static void ch_free(mv_channel *ch)
{
    mv_tls_session_free((mv_tls_session *)ch);
}

static const mv_channel_ops tls_ops = {
    .recv = ch_recv,
    .send = ch_send,
    .pending = ch_pending,
    .free = ch_free,
};

mv_channel *mv_tls_session_channel(mv_tls_session *s)
{
    s->ch.ops = &tls_ops;
    return &s->ch;
}
