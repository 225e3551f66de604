/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-auth.c — authenticating to the daemon after
 * AUTH_LIST, as libvirt's client does: the scheme the daemon lists first,
 * or the one the auth= URI parameter asks for ("sasl", "sasl.MECH");
 * SASL with the credentials asked through the application's
 * virConnectAuth callback; on plain TCP only a mechanism with a security
 * layer of at least 56 bits, which then carries the rest of the
 * connection. */
#include "remote.h"
#include "sasl.h"

#include <stdlib.h>
#include <string.h>

#define MV_LOG_SRC "remote"

/* libvirt's credential types and the SASL callbacks they answer. */
static const struct {
    int vir;
    unsigned long sasl;
} cred_map[] = {
    { VIR_CRED_USERNAME, SASL_CB_USER },
    { VIR_CRED_AUTHNAME, SASL_CB_AUTHNAME },
    { VIR_CRED_LANGUAGE, SASL_CB_LANGUAGE },
    { VIR_CRED_CNONCE, SASL_CB_CNONCE },
    { VIR_CRED_PASSPHRASE, SASL_CB_PASS },
    { VIR_CRED_ECHOPROMPT, SASL_CB_ECHOPROMPT },
    { VIR_CRED_NOECHOPROMPT, SASL_CB_NOECHOPROMPT },
    { VIR_CRED_REALM, SASL_CB_GETREALM },
};

static int cred_of_sasl(unsigned long id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cred_map); i++)
        if (cred_map[i].sasl == id)
            return cred_map[i].vir;
    return 0;
}

/* SASL callbacks for the credential types the application can answer:
 * SASL then asks for those by interaction, and only for those. Without
 * an application's callback, none (SASL may ask anything, which then
 * fails for want of a callback). */
static sasl_callback_t *make_callbacks(virConnectAuthPtr auth)
{
    if (!auth)
        return NULL;
    GArray *cbs = g_array_new(FALSE, TRUE, sizeof(sasl_callback_t));
    for (unsigned int i = 0; auth && i < auth->ncredtype; i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(cred_map); j++) {
            if (cred_map[j].vir == auth->credtype[i]) {
                sasl_callback_t cb = { cred_map[j].sasl, NULL, NULL };
                g_array_append_val(cbs, cb);
            }
        }
    }
    sasl_callback_t end = { SASL_CB_LIST_END, NULL, NULL };
    g_array_append_val(cbs, end);
    return (sasl_callback_t *)g_array_free(cbs, FALSE);
}

static void free_creds(virConnectCredentialPtr cred, size_t n)
{
    for (size_t i = 0; cred && i < n; i++)
        free(cred[i].result);
    g_free(cred);
}

/* Asks the application for what INTERACT wants and fills it in. The
 * answers live in *CRED until the exchange is over. */
static int interact_fill(sasl_interact_t *interact, virConnectAuthPtr auth,
                         virConnectCredentialPtr *cred, size_t *ncred)
{
    free_creds(*cred, *ncred);
    *cred = NULL;
    size_t n = 0;
    while (interact[n].id != SASL_CB_LIST_END)
        n++;
    virConnectCredentialPtr c = g_new0(virConnectCredential, n);
    for (size_t i = 0; i < n; i++) {
        c[i].type = cred_of_sasl(interact[i].id);
        if (!c[i].type) {
            g_free(c);
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED, "%s",
                            "Failed to make auth credentials");
            return -1;
        }
        c[i].prompt = interact[i].prompt;
        c[i].challenge = interact[i].challenge;
        c[i].defresult = interact[i].defresult;
    }
    *cred = c;
    *ncred = n;
    if (!auth || !auth->cb) {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED, "%s",
                        "No authentication callback available");
        return -1;
    }
    if (auth->cb(c, (unsigned int)n, auth->cbdata) < 0) {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED, "%s",
                        "Failed to collect auth credentials");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (c[i].result) {
            interact[i].result = c[i].result;
            interact[i].len = c[i].resultlen;
        } else {
            interact[i].result = "";
            interact[i].len = 0;
        }
    }
    return 0;
}

/* One AUTH_SASL_START or _STEP round trip. */
static int exchange(mv_remote_client *c, const char *mech, const char *out, size_t outlen,
                    int *complete, char **in, size_t *inlen, bool *in_nil)
{
    if (outlen > MV_REMOTE_AUTH_SASL_DATA_MAX) {
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED,
                        "SASL negotiation data too long: %zu bytes", outlen);
        return -1;
    }
    int rc;
    mv_remote_auth_sasl_step_ret r;
    memset(&r, 0, sizeof(r));
    if (mech) {
        mv_remote_auth_sasl_start_args a = {
            .mech = (char *)mech, .nil = out ? 0 : 1,
            .data = { (uint32_t)outlen, (char *)out },
        };
        mv_remote_auth_sasl_start_ret sr;
        memset(&sr, 0, sizeof(sr));
        rc = mv_remote_client_call(c, MV_REMOTE_PROC_AUTH_SASL_START,
                                   mv_remote_auth_sasl_start_args_xdr, &a,
                                   mv_remote_auth_sasl_start_ret_xdr, &sr);
        r.complete = sr.complete;
        r.nil = sr.nil;
        r.data.n = sr.data.n;
        r.data.v = sr.data.v;
    } else {
        mv_remote_auth_sasl_step_args a = {
            .nil = out ? 0 : 1, .data = { (uint32_t)outlen, (char *)out },
        };
        rc = mv_remote_client_call(c, MV_REMOTE_PROC_AUTH_SASL_STEP,
                                   mv_remote_auth_sasl_step_args_xdr, &a,
                                   mv_remote_auth_sasl_step_ret_xdr, &r);
    }
    if (rc < 0)
        return -1;
    *complete = r.complete;
    *in_nil = r.nil != 0;
    *in = r.data.v;
    *inlen = r.data.n;
    return 0;
}

static int auth_sasl(mv_remote_client *c, int fd, const mv_remote_target *t,
                     virConnectAuthPtr auth, const char *wantmech)
{
    if (!mv_sasl_client_init())
        return -1;
    int ret = -1;
    virConnectCredentialPtr cred = NULL;
    size_t ncred = 0;
    char *serverin = NULL;
    mv_remote_auth_sasl_init_ret ir;
    memset(&ir, 0, sizeof(ir));
    bool secure = !t->plain_tcp;
    mv_sasl *s = mv_sasl_client_new(t->auth_host ? t->auth_host : "localhost", NULL, NULL,
                                    make_callbacks(auth));
    if (!s)
        goto out;
    /* On a secure channel (unix, TLS, SSH) any mechanism will do; on plain
     * TCP only one with a layer strong enough (56 bits: DES, Kerberos). */
    if (!(secure ? mv_sasl_set_props(s, 0, 0, true) : mv_sasl_set_props(s, 56, 100000, false)))
        goto out;
    if (mv_remote_client_call(c, MV_REMOTE_PROC_AUTH_SASL_INIT, mv_remote_void_xdr, NULL,
                              mv_remote_auth_sasl_init_ret_xdr, &ir) < 0)
        goto out;
    const char *mechlist = ir.mechlist;
    if (wantmech) {
        if (!strstr(mechlist, wantmech)) {
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED,
                            "SASL mechanism %s not supported by server", wantmech);
            goto out;
        }
        mechlist = wantmech;
    }
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "SASL mechanisms offered: %s", ir.mechlist);

    sasl_interact_t *interact = NULL;
    const char *out = NULL, *mech = NULL;
    size_t outlen = 0;
    int rc;
    while ((rc = mv_sasl_client_start(s, mechlist, &interact, &out, &outlen, &mech))
           == MV_SASL_INTERACT) {
        if (interact_fill(interact, auth, &cred, &ncred) < 0)
            goto out;
    }
    if (rc == MV_SASL_ERROR)
        goto out;
    int complete = 0;
    size_t inlen = 0;
    bool in_nil = true;
    if (exchange(c, mech, out, outlen, &complete, &serverin, &inlen, &in_nil) < 0)
        goto out;
    /* Even when the daemon is done, the client steps until SASL says it
     * is done too (it checks the daemon's last word). */
    while (!(complete && rc == MV_SASL_COMPLETE)) {
        while ((rc = mv_sasl_client_step(s, in_nil ? NULL : (serverin ? serverin : ""), inlen,
                                         &interact, &out, &outlen)) == MV_SASL_INTERACT) {
            if (interact_fill(interact, auth, &cred, &ncred) < 0)
                goto out;
        }
        g_clear_pointer(&serverin, g_free);
        if (rc == MV_SASL_ERROR)
            goto out;
        if (complete && rc == MV_SASL_COMPLETE)
            break;
        if (exchange(c, NULL, out, outlen, &complete, &serverin, &inlen, &in_nil) < 0)
            goto out;
        if (complete && rc == MV_SASL_COMPLETE)
            break;
    }
    int ssf = 0;
    if (!secure) {
        if ((ssf = mv_sasl_ssf(s)) < 0)
            goto out;
        if (ssf < 56) {
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED,
                            "negotiation SSF %d was not strong enough", ssf);
            goto out;
        }
    }
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "SASL authentication complete (%s, SSF %d)", mech, ssf);
    if (ssf > 0) {
        /* Everything from now on goes through the layer. */
        mv_remote_client_set_channel(c, mv_sasl_channel_new(s, fd));
        s = NULL;
    }
    ret = 0;

out:
    g_free(serverin);
    mv_xdr_free(mv_remote_auth_sasl_init_ret_xdr, &ir);
    mv_sasl_free(s);
    free_creds(cred, ncred);
    return ret;
}

int mv_remote_authenticate(mv_remote_client *c, int fd, const mv_remote_target *t,
                           virConnectAuthPtr auth, const mv_remote_auth_list_ret *al)
{
    if (al->types.n == 0)
        return 0;
    int type = al->types.v[0];
    const char *mech = NULL;
    if (t->auth) {
        int want;
        if (!g_ascii_strcasecmp(t->auth, "sasl") || !g_ascii_strncasecmp(t->auth, "sasl.", 5)) {
            want = MV_REMOTE_AUTH_SASL;
            if (t->auth[4] == '.')
                mech = t->auth + 5;
        } else if (!g_ascii_strcasecmp(t->auth, "polkit")) {
            want = MV_REMOTE_AUTH_POLKIT;
        } else {
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED,
                            "unknown authentication type %s", t->auth);
            return -1;
        }
        uint32_t i;
        for (i = 0; i < al->types.n && al->types.v[i] != want; i++)
            ;
        if (i == al->types.n) {
            mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED,
                            "requested authentication type %s rejected", t->auth);
            return -1;
        }
        type = want;
    }
    switch (type) {
    case MV_REMOTE_AUTH_NONE:
        return 0;
    case MV_REMOTE_AUTH_SASL:
        return auth_sasl(c, fd, t, auth, mech);
    case MV_REMOTE_AUTH_POLKIT:
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED, "%s",
                        "the daemon requires polkit authentication, which modvirt's client "
                        "does not support");
        return -1;
    default:
        mv_error_report(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED,
                        "unsupported authentication type %d", type);
        return -1;
    }
}
