/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/sasl.h — thin wrappers over Cyrus SASL shared by modvirtd (the server
 * side of AUTH_SASL_*) and the remote plugin (the client side): sessions,
 * their security properties, the exchange steps, and the security layer a
 * mechanism such as DIGEST-MD5 or GSSAPI negotiates, as a byte channel.
 *
 * Both sides use the SASL service name "libvirt", as libvirt does, so the
 * administrator's /etc/sasl2/libvirt.conf and its sasldb serve modvirtd
 * unchanged (SASL_CONF_PATH or sasl_set_path() point elsewhere in tests).
 *
 * Errors are reported (VIR_FROM_RPC, VIR_ERR_AUTH_FAILED mostly) with
 * libvirt's words. A session may be used by one thread at a time; the
 * wrappers lock it, so concurrent calls on one session are serialized.
 */
#ifndef MV_RPC_SASL_H
#define MV_RPC_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include <sasl/sasl.h>

#include "channel.h"

/* The SASL service (application) name, libvirt's. */
#define MV_SASL_SERVICE "libvirt"

/* The outcome of a start or a step. */
enum {
    MV_SASL_ERROR = -1,
    MV_SASL_COMPLETE = 0,
    MV_SASL_CONTINUE = 1,
    MV_SASL_INTERACT = 2,
};

typedef struct mv_sasl mv_sasl;

/* Initializes the library for servers or clients, once per process (later
 * calls return the first outcome). False with the error reported. */
bool mv_sasl_server_init(void);
bool mv_sasl_client_init(void);

/* A server session. LOCAL and REMOTE are "IP;PORT" (NULL on a unix socket). */
mv_sasl *mv_sasl_server_new(const char *local, const char *remote);
/* A client session for HOST, with the callbacks CBS (g_malloc'd, taken
 * even on failure: SASL uses them as long as the session lives; may be
 * NULL). */
mv_sasl *mv_sasl_client_new(const char *host, const char *local, const char *remote,
                            sasl_callback_t *cbs);
void mv_sasl_free(mv_sasl *s);

/* The strength (in bits) of a layer below SASL, e.g. TLS's key size. */
bool mv_sasl_set_external_ssf(mv_sasl *s, int ssf);
/* The strength a mechanism must give, and whether anonymous or plaintext
 * mechanisms are allowed (libvirt: on a secure channel, 0, 0, true; on
 * plain TCP, the minimum, 100000, false). */
bool mv_sasl_set_props(mv_sasl *s, int min_ssf, int max_ssf, bool allow_anonymous);

/* The server's mechanisms, comma separated (g_malloc'd), or NULL. */
char *mv_sasl_mechlist(mv_sasl *s);

/* Server steps. IN may be NULL (no data) and differs from "" (empty). */
int mv_sasl_server_start(mv_sasl *s, const char *mech, const char *in, size_t inlen,
                         const char **out, size_t *outlen);
int mv_sasl_server_step(mv_sasl *s, const char *in, size_t inlen, const char **out,
                        size_t *outlen);

/* Client steps; MV_SASL_INTERACT asks the caller to fill *INTERACT and
 * call again. */
int mv_sasl_client_start(mv_sasl *s, const char *mechlist, sasl_interact_t **interact,
                         const char **out, size_t *outlen, const char **mech);
int mv_sasl_client_step(mv_sasl *s, const char *in, size_t inlen, sasl_interact_t **interact,
                        const char **out, size_t *outlen);

/* The negotiated strength in bits (0: no security layer), or -1. */
int mv_sasl_ssf(mv_sasl *s);
/* The authenticated user name (owned by the session), or NULL. */
const char *mv_sasl_username(mv_sasl *s);

/* A channel that encodes what is sent and decodes what is received with
 * S's security layer, over the socket FD. Takes S. */
mv_channel *mv_sasl_channel_new(mv_sasl *s, int fd);

#endif
