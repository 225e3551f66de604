/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/tls-handshake.c — the TLS handshake of clients accepted on a TLS
 * port, in a thread of its own that waits on all of them at once (no
 * handshake holds up the I/O loop, the workers, or another handshake).
 *
 * A client that passes (its certificate verified and its DN allowed, as
 * configured) gets libvirt's confirmation byte and is handed to the
 * workers, its socket now read and written through the session. One that
 * fails, stalls past tls_handshake_timeout, or speaks plain RPC to the TLS
 * port is logged and dropped, never reaching a driver; the plain RPC
 * client gets an error reply saying why first. */
#include "daemon.h"
#include "tls.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

extern mv_tls_context *mvd_tls_ctx;

/* The first byte a TLS client sends: a handshake record. */
#define TLS_HANDSHAKE_RECORD 0x16

typedef struct {
    mvd_client *c;
    mv_tls_session *s;
    gint64 deadline;
    bool looked;                 /* the first byte was seen to be TLS */
} hs;

static GMutex hs_lock;
static GPtrArray *pending;       /* hs*, every handshake in progress */
static int hs_epfd = -1;
static int hs_kickfd = -1;
static int kick_token;

static void kick(void)
{
    uint64_t one = 1;
    ssize_t n = write(hs_kickfd, &one, sizeof(one));
    (void)n;
}

static const char *addr_of(mvd_client *c)
{
    return c->addr ? c->addr : "?";
}

/* Ends H: the client goes on to the workers (CH set), or is dropped. */
static void finish(hs *h, mv_channel *ch, const char *why)
{
    epoll_ctl(hs_epfd, EPOLL_CTL_DEL, h->c->fd, NULL);
    g_mutex_lock(&hs_lock);
    g_ptr_array_remove_fast(pending, h);
    g_mutex_unlock(&hs_lock);
    if (ch) {
        h->c->chan = ch;
        mvd_workers_watch(h->c, true);
    } else {
        mv_tls_session_free(h->s);
        mvd_client_kill(h->c, why);
    }
    mvd_client_unref(h->c);
    g_free(h);
}

/* A client speaking libvirt's RPC in the clear to the TLS port: its first
 * call gets an error reply saying so, then it is dropped. */
static void refuse_plain(hs *h)
{
    mvd_client *c = h->c;
    uint8_t buf[MVD_INPUT_BUFFER];
    ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
    /* Read what else waits, so that closing sends no reset ahead of the reply. */
    uint8_t sink[4096];
    while (recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT) > 0)
        ;
    mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT " (%s): refused: not a TLS client "
            "(plain TCP to the TLS port)", c->id, addr_of(c));
    mv_xdr x;
    mv_rpc_header hdr;
    if (n >= (ssize_t)(MV_RPC_LEN_SIZE + MV_RPC_HEADER_SIZE)) {
        uint32_t len = mv_rpc_message_length(buf);
        if (len && len <= (size_t)n && mv_rpc_message_open(&x, buf, len, &hdr) &&
            hdr.prog == MV_RPC_REMOTE_PROGRAM && hdr.type == MV_RPC_CALL) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED,
                            "this port of the daemon accepts TLS connections only: connect "
                            "with a SCHEME+tls:// URI");
            mvd_client_send_error(c, &hdr, MV_RPC_REPLY);
            virResetLastError();
        }
    }
    finish(h, NULL, "not a TLS client");
}

static void step(hs *h)
{
    mvd_client *c = h->c;
    if (!h->looked) {
        uint8_t first;
        ssize_t n = recv(c->fd, &first, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return;
        if (n <= 0) {
            mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT " (%s): gone before the TLS "
                    "handshake", c->id, addr_of(c));
            finish(h, NULL, n == 0 ? "end of file" : g_strerror(errno));
            return;
        }
        if (first != TLS_HANDSHAKE_RECORD) {
            refuse_plain(h);
            return;
        }
        h->looked = true;
    }
    mv_tls_error e = { 0 };
    int rc = mv_tls_session_handshake(h->s, &e);
    if (rc == 0) {
        struct epoll_event ev = {
            .events = mv_tls_session_wants_write(h->s) ? EPOLLOUT : EPOLLIN, .data.ptr = h };
        epoll_ctl(hs_epfd, EPOLL_CTL_MOD, c->fd, &ev);
        return;
    }
    if (rc < 0) {
        mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT " (%s): refused: %s", c->id,
                addr_of(c), e.msg);
        finish(h, NULL, "TLS handshake failed");
        return;
    }
    rc = mv_tls_session_check_peer(h->s, &e);
    const char *dn = mv_tls_session_peer_dn(h->s);
    if (rc < 0) {
        mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT " (%s): refused: Failed to verify "
                "peer's certificate: %s", c->id, addr_of(c), e.msg);
        mv_tls_session_refuse(h->s);
        finish(h, NULL, "certificate refused");
        return;
    }
    if (e.msg[0])
        mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT " (%s): certificate check failed, "
                "ignored (tls_no_verify_certificate): %s", c->id, addr_of(c), e.msg);
    mv_channel *ch = mv_tls_session_channel(h->s);
    /* libvirt's client waits for this byte before its first call. */
    uint8_t ok = MV_TLS_CONFIRM;
    if (mv_channel_send(ch, &ok, 1, true) != 1) {
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT " (%s): cannot confirm the TLS "
                "session: %s", c->id, addr_of(c), g_strerror(errno));
        h->s = NULL;
        mv_channel_free(ch);
        finish(h, NULL, "write failed");
        return;
    }
    mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT " (%s): TLS session (%s), certificate "
            "DN '%s'", c->id, addr_of(c), mv_tls_session_describe(h->s), dn ? dn : "");
    finish(h, ch, NULL);
}

/* Drops the handshakes past their time; the time to the next deadline
 * (ms, -1: none). */
static int expire(void)
{
    gint64 now = g_get_monotonic_time(), next = G_MAXINT64;
    GPtrArray *late = g_ptr_array_new();
    g_mutex_lock(&hs_lock);
    for (guint i = 0; i < pending->len; i++) {
        hs *h = pending->pdata[i];
        if (h->deadline <= now)
            g_ptr_array_add(late, h);
        else if (h->deadline < next)
            next = h->deadline;
    }
    g_mutex_unlock(&hs_lock);
    for (guint i = 0; i < late->len; i++) {
        hs *h = late->pdata[i];
        mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT " (%s): refused: TLS handshake not "
                "finished within %d seconds (tls_handshake_timeout)", h->c->id,
                addr_of(h->c), mvd_cfg.net.tls_handshake_timeout);
        finish(h, NULL, "TLS handshake timed out");
    }
    g_ptr_array_unref(late);
    return next == G_MAXINT64 ? -1 : (int)((next - now + 999) / 1000);
}

static gpointer run(gpointer data)
{
    (void)data;
    for (;;) {
        int timeout = expire();
        struct epoll_event evs[32];
        int n = epoll_wait(hs_epfd, evs, G_N_ELEMENTS(evs), timeout);
        for (int i = 0; i < n; i++) {
            if (evs[i].data.ptr == &kick_token) {
                uint64_t v;
                ssize_t r = read(hs_kickfd, &v, sizeof(v));
                (void)r;
            } else {
                step(evs[i].data.ptr);
            }
        }
    }
    return NULL;
}

static gpointer start(gpointer data)
{
    (void)data;
    pending = g_ptr_array_new();
    hs_epfd = epoll_create1(EPOLL_CLOEXEC);
    hs_kickfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &kick_token };
    epoll_ctl(hs_epfd, EPOLL_CTL_ADD, hs_kickfd, &ev);
    g_thread_unref(g_thread_new("mvd-tls", run, NULL));
    return NULL;
}

void mvd_tls_handshake_begin(mvd_client *c)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, start, NULL);
    mv_tls_error e = { 0 };
    mv_tls_session *s = mv_tls_session_new(mvd_tls_ctx, c->fd, NULL, &e);
    if (!s) {
        mvd_log(MVD_LOG_ERROR, "client %" G_GUINT64_FORMAT " (%s): %s", c->id, addr_of(c),
                e.msg);
        mvd_client_kill(c, "no TLS session");
        return;
    }
    hs *h = g_new0(hs, 1);
    h->c = mvd_client_ref(c);
    h->s = s;
    h->deadline = g_get_monotonic_time() +
                  (gint64)mvd_cfg.net.tls_handshake_timeout * G_USEC_PER_SEC;
    g_mutex_lock(&hs_lock);
    g_ptr_array_add(pending, h);
    g_mutex_unlock(&hs_lock);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = h };
    epoll_ctl(hs_epfd, EPOLL_CTL_ADD, c->fd, &ev);
    /* The thread's wait may end later than this deadline. */
    kick();
}
