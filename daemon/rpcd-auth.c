/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-auth.c — authenticating clients whose socket requires it
 * (auth_unix_ro, auth_unix_rw, auth_tcp, auth_tls = "sasl"): the SASL
 * procedures AUTH_SASL_INIT, _START and _STEP, the user name check against
 * sasl_allowed_username_list, the SASL security layer on plain TCP, and the
 * gate that keeps every other call from a client until it has passed.
 *
 * As libvirtd: a failed exchange is answered "authentication failed" (the
 * reason goes to the log only) and may be started again from INIT; on TLS
 * and unix sockets any mechanism will do, on plain TCP only one with a
 * security layer of at least tcp_min_ssf bits, switched on for everything
 * after the reply that completes the exchange. */
#include "daemon.h"
#include "sasl.h"

#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

/* A client's SASL calls run one at a time: a client may have several calls
 * in flight, and a session is not to be freed under another call. */
static GMutex exchange_locks[16];

static GMutex *exchange_lock(mvd_client *c)
{
    return &exchange_locks[c->id % G_N_ELEMENTS(exchange_locks)];
}

struct mvd_auth {
    mv_sasl *sasl;               /* the exchange under way */
    char *mech;                  /* its mechanism */
    mv_sasl *layer;              /* done, with a security layer to switch on */
    char *identity;              /* the user, once authenticated */
};

bool mvd_auth_configured(void)
{
    return mvd_cfg.auth_unix_ro == MVD_AUTH_SASL || mvd_cfg.auth_unix_rw == MVD_AUTH_SASL ||
           (mvd_cfg.net.listen_tcp && mvd_cfg.net.auth_tcp == MVD_AUTH_SASL) ||
           (mvd_cfg.net.listen_tls && mvd_cfg.net.auth_tls == MVD_AUTH_SASL);
}

bool mvd_auth_init(char **err)
{
    if (!mvd_auth_configured())
        return true;
    if (!mv_sasl_server_init()) {
        virErrorPtr e = virGetLastError();
        *err = g_strdup(e && e->message ? e->message : "cannot initialize SASL");
        virResetLastError();
        return false;
    }
    return true;
}

bool mvd_auth_pending(mvd_client *c)
{
    if (c->auth == MVD_AUTH_NONE)
        return false;
    g_mutex_lock(&c->lock);
    bool pending = !c->authenticated;
    g_mutex_unlock(&c->lock);
    return pending;
}

bool mvd_auth_allows(mvd_client *c, int proc)
{
    if (!mvd_auth_pending(c))
        return true;
    switch (proc) {
    case MV_REMOTE_PROC_AUTH_LIST:
    case MV_REMOTE_PROC_AUTH_SASL_INIT:
    case MV_REMOTE_PROC_AUTH_SASL_START:
    case MV_REMOTE_PROC_AUTH_SASL_STEP:
        return true;
    default:
        break;
    }
    mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": procedure %d refused: authentication "
            "required", c->id, proc);
    mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "authentication required");
    return false;
}

void mvd_auth_free(mvd_client *c)
{
    if (!c->authn)
        return;
    mv_sasl_free(c->authn->sasl);
    mv_sasl_free(c->authn->layer);
    g_free(c->authn->identity);
    g_free(c->authn->mech);
    g_clear_pointer(&c->authn, g_free);
}

/* Unix and TLS sockets need no SASL layer. */
static bool is_secure(mvd_client *c)
{
    return !c->addr || c->chan;
}

/* The local address of C as SASL wants it ("IP;PORT"), NULL on unix. */
static char *local_addr(mvd_client *c)
{
    if (!c->addr)
        return NULL;
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    if (getsockname(c->fd, (struct sockaddr *)&ss, &len) < 0 ||
        getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return NULL;
    return g_strdup_printf("%s;%s", host, serv);
}

/* Logs why C's exchange failed (the thread's error, when there is one),
 * drops it and reports libvirt's answer. Always -1. */
static int refuse(mvd_client *c, const char *why)
{
    virErrorPtr e = virGetLastError();
    mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT ": SASL authentication failed: %s%s%s",
            c->id, why, e && e->message ? ": " : "", e && e->message ? e->message : "");
    g_mutex_lock(&c->lock);
    if (c->authn)
        g_clear_pointer(&c->authn->sasl, mv_sasl_free);
    g_mutex_unlock(&c->lock);
    virResetLastError();
    mv_error_report(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED, "%s", "authentication failed");
    return -1;
}

/* The session of C's exchange under way, or NULL (with C's exchange lock
 * held). */
static mv_sasl *session_of(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    mv_sasl *s = c->authn && !c->authenticated ? c->authn->sasl : NULL;
    g_mutex_unlock(&c->lock);
    return s;
}

static int sasl_init(mv_rpcd_call *call, void *args, void *ret)
{
    (void)args;
    mvd_client *c = call->client;
    mv_remote_auth_sasl_init_ret *r = ret;

    g_mutex_lock(&c->lock);
    bool bad = c->auth != MVD_AUTH_SASL || c->authenticated || (c->authn && c->authn->sasl);
    g_mutex_unlock(&c->lock);
    if (bad)
        return refuse(c, "unexpected SASL init request");
    if (!mv_sasl_server_init())
        return refuse(c, "SASL is not available");
    g_autofree char *local = local_addr(c);
    mv_sasl *s = mv_sasl_server_new(local, c->addr);
    if (!s)
        return refuse(c, "cannot start a session");
    bool ok = is_secure(c) ? mv_sasl_set_props(s, 0, 0, true)
                           : mv_sasl_set_props(s, mvd_cfg.tcp_min_ssf, 100000, false);
    if (ok)
        r->mechlist = mv_sasl_mechlist(s);
    if (!r->mechlist) {
        mv_sasl_free(s);
        return refuse(c, "no mechanism");
    }
    g_mutex_lock(&c->lock);
    if (!c->authn)
        c->authn = g_new0(struct mvd_auth, 1);
    mv_sasl_free(c->authn->sasl);
    c->authn->sasl = s;
    g_mutex_unlock(&c->lock);
    mvd_log(MVD_LOG_DEBUG, "client %" G_GUINT64_FORMAT ": SASL mechanisms offered: %s", c->id,
            r->mechlist);
    return 0;
}

static bool user_allowed(const char *user)
{
    char **list = mvd_cfg.sasl_allowed_username_list;
    if (!list)
        return true;
    for (size_t i = 0; list[i]; i++)
        if (g_pattern_match_simple(list[i], user))
            return true;
    return false;
}

/* After the reply completing C's exchange: what C is sent from now on is
 * encoded by the SASL layer, and what it sends decoded. The reply must
 * have left in the clear: a client that let its socket fill up before
 * then is dropped. The client sends nothing before it has that reply, so
 * nothing read ahead predates the layer. */
static void layer_on(mvd_client *c)
{
    mvd_client_uncork(c);
    g_mutex_lock(&c->lock);
    mv_sasl *s = c->authn ? c->authn->layer : NULL;
    if (c->authn)
        c->authn->layer = NULL;
    g_mutex_unlock(&c->lock);
    if (!s)
        return;
    mv_channel *ch = mv_sasl_channel_new(s, c->fd);
    g_mutex_lock(&c->lock);
    g_mutex_lock(&c->wlock);
    bool clear = g_queue_is_empty(&c->txq);
    if (clear)
        c->chan = ch;
    g_mutex_unlock(&c->wlock);
    g_mutex_unlock(&c->lock);
    if (!clear) {
        mv_channel_free(ch);
        mvd_client_kill(c, "output pending when the SASL security layer was due");
    }
}

/* The exchange of C is complete on the daemon's side: the strength of its
 * layer and the user are checked; then C may make its calls (with C's
 * exchange lock held, which keeps the fields of its mvd_auth). */
static int finish(mvd_client *c, mv_sasl *s, mv_rpcd_call *call)
{
    int ssf = 0;
    if (!is_secure(c)) {
        if ((ssf = mv_sasl_ssf(s)) < 0)
            return refuse(c, "cannot read the negotiated strength");
        if (ssf < mvd_cfg.tcp_min_ssf) {
            g_autofree char *why = g_strdup_printf("negotiated SSF %d was not strong enough",
                                                   ssf);
            return refuse(c, why);
        }
    }
    const char *user = mv_sasl_username(s);
    if (!user)
        return refuse(c, "no user name");
    if (!user_allowed(user)) {
        g_autofree char *why = g_strdup_printf("SASL client identity '%s' not allowed by "
                                               "sasl_allowed_username_list", user);
        return refuse(c, why);
    }
    g_mutex_lock(&c->lock);
    c->authn->identity = g_strdup(user);
    c->authenticated = true;
    c->authn->sasl = NULL;
    if (ssf > 0) {
        /* The session now belongs to the layer. */
        c->authn->layer = s;
        call->after_reply = layer_on;
    }
    g_mutex_unlock(&c->lock);
    mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": authenticated as '%s' with SASL %s%s",
            c->id, c->authn->identity, c->authn->mech ? c->authn->mech : "",
            ssf > 0 ? " (security layer on)" : "");
    if (ssf == 0)
        mv_sasl_free(s);
    return 0;
}

/* Shared by START and STEP: runs one step and fills the reply. */
static int step(mv_rpcd_call *call, mv_sasl *s, const char *mech, int nil, const char *data,
                uint32_t len, int *complete, int *rnil, char **rdata, uint32_t *rlen)
{
    mvd_client *c = call->client;
    const char *in = nil ? NULL : (data ? data : "");
    const char *out = NULL;
    size_t outlen = 0;
    int rc = mech ? mv_sasl_server_start(s, mech, in, len, &out, &outlen)
                  : mv_sasl_server_step(s, in, len, &out, &outlen);
    if (rc != MV_SASL_COMPLETE && rc != MV_SASL_CONTINUE)
        return refuse(c, mech ? "start" : "step");
    if (outlen > MV_REMOTE_AUTH_SASL_DATA_MAX) {
        g_autofree char *why = g_strdup_printf("reply data too long %zu", outlen);
        return refuse(c, why);
    }
    *rnil = out ? 0 : 1;
    *rdata = out && outlen ? g_memdup2(out, outlen) : NULL;
    *rlen = (uint32_t)outlen;
    if (rc == MV_SASL_CONTINUE) {
        *complete = 0;
        return 0;
    }
    if (finish(c, s, call) < 0) {
        g_clear_pointer(rdata, g_free);
        return -1;
    }
    *complete = 1;
    return 0;
}

static int sasl_start(mv_rpcd_call *call, void *args, void *ret)
{
    mvd_client *c = call->client;
    mv_remote_auth_sasl_start_args *a = args;
    mv_remote_auth_sasl_start_ret *r = ret;
    mv_sasl *s = session_of(c);
    if (!s)
        return refuse(c, "unexpected SASL start request");
    mvd_log(MVD_LOG_DEBUG, "client %" G_GUINT64_FORMAT ": SASL start with %s", c->id, a->mech);
    g_mutex_lock(&c->lock);
    g_free(c->authn->mech);
    c->authn->mech = g_strdup(a->mech);
    g_mutex_unlock(&c->lock);
    return step(call, s, a->mech, a->nil, a->data.v, a->data.n, &r->complete, &r->nil, &r->data.v,
                &r->data.n);
}

static int sasl_step(mv_rpcd_call *call, void *args, void *ret)
{
    mvd_client *c = call->client;
    mv_remote_auth_sasl_step_args *a = args;
    mv_remote_auth_sasl_step_ret *r = ret;
    mv_sasl *s = session_of(c);
    if (!s)
        return refuse(c, "unexpected SASL step request");
    return step(call, s, NULL, a->nil, a->data.v, a->data.n, &r->complete, &r->nil, &r->data.v,
                &r->data.n);
}

/* The procedures, each under its client's exchange lock. */
static int locked(int (*fn)(mv_rpcd_call *, void *, void *), mv_rpcd_call *call, void *args,
                  void *ret)
{
    GMutex *m = exchange_lock(call->client);
    g_mutex_lock(m);
    int rv = fn(call, args, ret);
    g_mutex_unlock(m);
    return rv;
}

int mv_rpcd_custom_auth_sasl_init(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)conn;
    return locked(sasl_init, call, args, ret);
}

int mv_rpcd_custom_auth_sasl_start(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)conn;
    return locked(sasl_start, call, args, ret);
}

int mv_rpcd_custom_auth_sasl_step(mv_rpcd_call *call, virConnectPtr conn, void *args, void *ret)
{
    (void)conn;
    return locked(sasl_step, call, args, ret);
}
