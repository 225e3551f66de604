/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/sasl.c — Cyrus SASL sessions for both ends of the remote protocol,
 * and the SASL security layer as a byte channel (see sasl.h). */
#include "sasl.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <glib.h>
#include <libvirt/virterror.h>
#include <modvirt-plugin/error.h>

struct mv_sasl {
    GMutex lock;
    sasl_conn_t *conn;
    sasl_callback_t *cbs;   /* a client's, owned */
};

static bool init_result(int rc)
{
    if (rc != SASL_OK) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED,
                        "failed to initialize SASL library: %d (%s)", rc,
                        sasl_errstring(rc, NULL, NULL));
        return false;
    }
    return true;
}

bool mv_sasl_server_init(void)
{
    static gsize once;
    static int rc;
    if (g_once_init_enter(&once)) {
        rc = sasl_server_init(NULL, MV_SASL_SERVICE);
        g_once_init_leave(&once, 1);
    }
    return init_result(rc);
}

bool mv_sasl_client_init(void)
{
    static gsize once;
    static int rc;
    if (g_once_init_enter(&once)) {
        rc = sasl_client_init(NULL);
        g_once_init_leave(&once, 1);
    }
    return init_result(rc);
}

static mv_sasl *session_new(sasl_conn_t *conn)
{
    mv_sasl *s = g_new0(mv_sasl, 1);
    g_mutex_init(&s->lock);
    s->conn = conn;
    return s;
}

mv_sasl *mv_sasl_server_new(const char *local, const char *remote)
{
    sasl_conn_t *conn = NULL;
    int rc = sasl_server_new(MV_SASL_SERVICE, NULL, NULL, local, remote, NULL,
                             SASL_SUCCESS_DATA, &conn);
    if (rc != SASL_OK) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED,
                        "Failed to create SASL client context: %d (%s)", rc,
                        sasl_errstring(rc, NULL, NULL));
        return NULL;
    }
    return session_new(conn);
}

mv_sasl *mv_sasl_client_new(const char *host, const char *local, const char *remote,
                            sasl_callback_t *cbs)
{
    sasl_conn_t *conn = NULL;
    int rc = sasl_client_new(MV_SASL_SERVICE, host, local, remote, cbs, SASL_SUCCESS_DATA,
                             &conn);
    if (rc != SASL_OK) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED,
                        "Failed to create SASL client context: %d (%s)", rc,
                        sasl_errstring(rc, NULL, NULL));
        g_free(cbs);
        return NULL;
    }
    mv_sasl *s = session_new(conn);
    s->cbs = cbs;
    return s;
}

void mv_sasl_free(mv_sasl *s)
{
    if (!s)
        return;
    sasl_dispose(&s->conn);
    g_free(s->cbs);
    g_mutex_clear(&s->lock);
    g_free(s);
}

bool mv_sasl_set_external_ssf(mv_sasl *s, int ssf)
{
    sasl_ssf_t v = (sasl_ssf_t)ssf;
    g_mutex_lock(&s->lock);
    int rc = sasl_setprop(s->conn, SASL_SSF_EXTERNAL, &v);
    g_mutex_unlock(&s->lock);
    if (rc != SASL_OK) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "cannot set external SSF %d (%s)",
                        rc, sasl_errstring(rc, NULL, NULL));
        return false;
    }
    return true;
}

bool mv_sasl_set_props(mv_sasl *s, int min_ssf, int max_ssf, bool allow_anonymous)
{
    sasl_security_properties_t props = {
        .min_ssf = (sasl_ssf_t)min_ssf,
        .max_ssf = (sasl_ssf_t)max_ssf,
        .maxbufsize = 1 << 16,
        .security_flags = allow_anonymous ? 0 : SASL_SEC_NOANONYMOUS | SASL_SEC_NOPLAINTEXT,
    };
    g_mutex_lock(&s->lock);
    int rc = sasl_setprop(s->conn, SASL_SEC_PROPS, &props);
    g_mutex_unlock(&s->lock);
    if (rc != SASL_OK) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "cannot set security props %d (%s)",
                        rc, sasl_errstring(rc, NULL, NULL));
        return false;
    }
    return true;
}

char *mv_sasl_mechlist(mv_sasl *s)
{
    const char *list = NULL;
    char *ret = NULL;
    g_mutex_lock(&s->lock);
    int rc = sasl_listmech(s->conn, NULL, "", ",", "", &list, NULL, NULL);
    if (rc != SASL_OK)
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "cannot list SASL mechanisms %d (%s)",
                        rc, sasl_errdetail(s->conn));
    else if (!list || !*list)
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s",
                        "no SASL mechanisms are available");
    else
        ret = g_strdup(list);
    g_mutex_unlock(&s->lock);
    return ret;
}

/* Maps a SASL result; S locked. */
static int outcome(mv_sasl *s, int rc, const char *what)
{
    switch (rc) {
    case SASL_OK:
        return MV_SASL_COMPLETE;
    case SASL_CONTINUE:
        return MV_SASL_CONTINUE;
    case SASL_INTERACT:
        return MV_SASL_INTERACT;
    default:
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED, "Failed to %s SASL negotiation: %d (%s)",
                        what, rc, sasl_errdetail(s->conn));
        return MV_SASL_ERROR;
    }
}

int mv_sasl_server_start(mv_sasl *s, const char *mech, const char *in, size_t inlen,
                         const char **out, size_t *outlen)
{
    unsigned int n = 0;
    *out = NULL;
    g_mutex_lock(&s->lock);
    int rc = sasl_server_start(s->conn, mech, in, (unsigned int)inlen, out, &n);
    int r = outcome(s, rc, "start");
    g_mutex_unlock(&s->lock);
    *outlen = n;
    return r;
}

int mv_sasl_server_step(mv_sasl *s, const char *in, size_t inlen, const char **out,
                        size_t *outlen)
{
    unsigned int n = 0;
    *out = NULL;
    g_mutex_lock(&s->lock);
    int rc = sasl_server_step(s->conn, in, (unsigned int)inlen, out, &n);
    int r = outcome(s, rc, "step");
    g_mutex_unlock(&s->lock);
    *outlen = n;
    return r;
}

int mv_sasl_client_start(mv_sasl *s, const char *mechlist, sasl_interact_t **interact,
                         const char **out, size_t *outlen, const char **mech)
{
    unsigned int n = 0;
    *out = NULL;
    g_mutex_lock(&s->lock);
    int rc = sasl_client_start(s->conn, mechlist, interact, out, &n, mech);
    int r = outcome(s, rc, "start");
    g_mutex_unlock(&s->lock);
    *outlen = n;
    return r;
}

int mv_sasl_client_step(mv_sasl *s, const char *in, size_t inlen, sasl_interact_t **interact,
                        const char **out, size_t *outlen)
{
    unsigned int n = 0;
    *out = NULL;
    g_mutex_lock(&s->lock);
    int rc = sasl_client_step(s->conn, in, (unsigned int)inlen, interact, out, &n);
    int r = outcome(s, rc, "step");
    g_mutex_unlock(&s->lock);
    *outlen = n;
    return r;
}

int mv_sasl_ssf(mv_sasl *s)
{
    const void *v = NULL;
    g_mutex_lock(&s->lock);
    int rc = sasl_getprop(s->conn, SASL_SSF, &v);
    g_mutex_unlock(&s->lock);
    if (rc != SASL_OK || !v) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED,
                        "cannot query SASL ssf on connection %d (%s)", rc,
                        sasl_errstring(rc, NULL, NULL));
        return -1;
    }
    return (int)*(const sasl_ssf_t *)v;
}

const char *mv_sasl_username(mv_sasl *s)
{
    const void *v = NULL;
    g_mutex_lock(&s->lock);
    int rc = sasl_getprop(s->conn, SASL_USERNAME, &v);
    g_mutex_unlock(&s->lock);
    if (rc != SASL_OK) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED,
                        "cannot query SASL username on connection %d (%s)", rc,
                        sasl_errstring(rc, NULL, NULL));
        return NULL;
    }
    if (!v) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED, "%s", "no client username was found");
        return NULL;
    }
    return v;
}

/* ---- the security layer ---------------------------------------------------- */

typedef struct {
    mv_channel base;
    mv_sasl *sasl;
    size_t maxout;          /* plaintext bytes encoded at once (SASL_MAXOUTBUF) */
    /* Receiving: decoded bytes not yet taken. */
    const char *dec;        /* owned by the SASL connection until the next decode */
    size_t dec_len, dec_off;
    char *raw;              /* socket read buffer */
    /* Sending: one encoded record, partly written (SASL's buffer, valid
     * until the next encode, which waits for this one to be out). */
    const char *rec;
    size_t rec_len, rec_off;
    size_t rec_plain;       /* the plaintext bytes it carries */
} sasl_channel;

#define RAW_SIZE 65536

static bool wait_fd(int fd, short ev)
{
    struct pollfd p = { fd, ev, 0 };
    for (;;) {
        int r = poll(&p, 1, -1);
        if (r > 0)
            return true;
        if (r < 0 && errno != EINTR)
            return false;
    }
}

static ssize_t sasl_ch_recv(mv_channel *ch, void *buf, size_t len, bool block)
{
    sasl_channel *sc = (sasl_channel *)ch;
    while (sc->dec_off >= sc->dec_len) {
        ssize_t n = recv(ch->fd, sc->raw, RAW_SIZE, block ? 0 : MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n;
        const char *out = NULL;
        unsigned int outlen = 0;
        g_mutex_lock(&sc->sasl->lock);
        int rc = sasl_decode(sc->sasl->conn, sc->raw, (unsigned int)n, &out, &outlen);
        g_mutex_unlock(&sc->sasl->lock);
        if (rc != SASL_OK) {
            errno = EPROTO;
            return -1;
        }
        sc->dec = out;
        sc->dec_len = outlen;
        sc->dec_off = 0;
        /* A partial record decodes to nothing yet: read on. */
    }
    size_t n = MIN(len, sc->dec_len - sc->dec_off);
    memcpy(buf, sc->dec + sc->dec_off, n);
    sc->dec_off += n;
    return (ssize_t)n;
}

/* Writes the pending record: true once all of it is out. */
static bool flush_record(sasl_channel *sc, bool block, bool *failed)
{
    *failed = false;
    while (sc->rec_off < sc->rec_len) {
        ssize_t n = send(sc->base.fd, sc->rec + sc->rec_off, sc->rec_len - sc->rec_off,
                         MSG_NOSIGNAL | (block ? 0 : MSG_DONTWAIT));
        if (n > 0) {
            sc->rec_off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!block)
                return false;
            if (!wait_fd(sc->base.fd, POLLOUT)) {
                *failed = true;
                return false;
            }
        } else {
            *failed = true;
            return false;
        }
    }
    return true;
}

/* As a TLS session: a record taken is reported once all of it is written;
 * until then the caller gets EAGAIN and calls again with the same data. */
static ssize_t sasl_ch_send(mv_channel *ch, const void *buf, size_t len, bool block)
{
    sasl_channel *sc = (sasl_channel *)ch;
    bool failed;
    if (!sc->rec) {
        size_t take = MIN(len, sc->maxout);
        const char *out = NULL;
        unsigned int outlen = 0;
        g_mutex_lock(&sc->sasl->lock);
        int rc = sasl_encode(sc->sasl->conn, buf, (unsigned int)take, &out, &outlen);
        if (rc == SASL_OK) {
            sc->rec = out;
            sc->rec_len = outlen;
            sc->rec_off = 0;
            sc->rec_plain = take;
        }
        g_mutex_unlock(&sc->sasl->lock);
        if (rc != SASL_OK) {
            errno = EPROTO;
            return -1;
        }
    }
    if (!flush_record(sc, block, &failed)) {
        if (!failed)
            errno = EAGAIN;
        return -1;
    }
    ssize_t done = (ssize_t)sc->rec_plain;
    sc->rec = NULL;
    sc->rec_len = sc->rec_off = sc->rec_plain = 0;
    return done;
}

static size_t sasl_ch_pending(mv_channel *ch)
{
    sasl_channel *sc = (sasl_channel *)ch;
    return sc->dec_len - sc->dec_off;
}

static void sasl_ch_free(mv_channel *ch)
{
    sasl_channel *sc = (sasl_channel *)ch;
    mv_sasl_free(sc->sasl);
    g_free(sc->raw);
    g_free(sc);
}

static const mv_channel_ops sasl_channel_ops = {
    .recv = sasl_ch_recv,
    .send = sasl_ch_send,
    .pending = sasl_ch_pending,
    .free = sasl_ch_free,
};

mv_channel *mv_sasl_channel_new(mv_sasl *s, int fd)
{
    sasl_channel *sc = g_new0(sasl_channel, 1);
    sc->base.ops = &sasl_channel_ops;
    sc->base.fd = fd;
    sc->sasl = s;
    sc->raw = g_malloc(RAW_SIZE);
    const void *v = NULL;
    sc->maxout = 4096;
    if (sasl_getprop(s->conn, SASL_MAXOUTBUF, &v) == SASL_OK && v && *(const unsigned int *)v > 0)
        sc->maxout = *(const unsigned int *)v;
    return &sc->base;
}
