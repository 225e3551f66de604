/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/tls.h — TLS with GnuTLS and x509 certificates, for both ends of a
 * connection: where the credentials are (libvirt's file layout), loading
 * them, a session over a socket, checking the peer's certificate (chain,
 * times, host name, the daemon's list of allowed distinguished names), and
 * the session as a byte channel (channel.h) once its handshake is done.
 *
 * Errors come back as a libvirt error code (virErrorNumber) and a message
 * in libvirt's words; the caller reports or logs them.
 */
#ifndef MV_RPC_TLS_H
#define MV_RPC_TLS_H

#include <stdbool.h>
#include "channel.h"

/* The ports libvirt uses. */
#define MV_TLS_PORT "16514"
#define MV_TCP_PORT "16509"

typedef struct mv_tls_error {
    int code;            /* virErrorNumber */
    char msg[1024];
} mv_tls_error;

/* Credential files. */
typedef struct mv_tls_files {
    char *cacert;
    char *cacrl;         /* used when the file exists */
    char *cert;
    char *key;
} mv_tls_files;

/* The files libvirt uses: in PKIPATH when given (cacert.pem, cacrl.pem,
 * {server,client}cert.pem, {server,client}key.pem); else, when USER_DIR, in
 * ~/.pki/libvirt where they exist there; else /etc/pki/CA/cacert.pem,
 * /etc/pki/CA/cacrl.pem and /etc/pki/libvirt/{,private/}... */
void mv_tls_files_locate(const char *pkipath, bool user_dir, bool server, mv_tls_files *f);
void mv_tls_files_clear(mv_tls_files *f);

typedef struct mv_tls_context mv_tls_context;

typedef struct mv_tls_options {
    bool server;
    bool verify_peer;            /* refuse a peer whose certificate fails the checks */
    bool sanity_check;           /* check our own certificate when loading it */
    const char *priority;        /* GnuTLS priority string; NULL: "NORMAL" */
    char **allowed_dn;           /* server: glob patterns of client DNs; NULL: any */
} mv_tls_options;

/* Loads F's credentials for one side. NULL with *ERR on failure. */
mv_tls_context *mv_tls_context_new(const mv_tls_files *f, const mv_tls_options *o,
                                   mv_tls_error *err);
void mv_tls_context_free(mv_tls_context *ctx);

typedef struct mv_tls_session mv_tls_session;

/* A session on the connected socket FD (left open by the session).
 * HOSTNAME: the name or address the client connected to, checked against
 * the server's certificate. */
mv_tls_session *mv_tls_session_new(mv_tls_context *ctx, int fd, const char *hostname,
                                   mv_tls_error *err);
/* The session frees its context when it is freed. */
void mv_tls_session_own_context(mv_tls_session *s);
/* Frees a session that never became a channel. */
void mv_tls_session_free(mv_tls_session *s);

/* One step of the handshake without blocking: 1 done, 0 call again when
 * the socket is ready for what mv_tls_session_wants_write says, -1 failed
 * (*ERR set). */
int mv_tls_session_handshake(mv_tls_session *s, mv_tls_error *err);
bool mv_tls_session_wants_write(mv_tls_session *s);
/* The whole handshake, blocking, for at most TIMEOUT_MS (< 0: none). */
int mv_tls_session_handshake_blocking(mv_tls_session *s, int timeout_ms, mv_tls_error *err);

/* After the handshake: checks the peer's certificate. 0 when it passes
 * (or fails but the context does not require a valid one: *ERR then says
 * why, with code VIR_ERR_OK), -1 refused with *ERR set. */
int mv_tls_session_check_peer(mv_tls_session *s, mv_tls_error *err);
/* Tells the peer its certificate is refused (a fatal TLS alert), before
 * closing: its next read fails with ECONNREFUSED. */
void mv_tls_session_refuse(mv_tls_session *s);
/* The peer certificate's distinguished name, once checked; NULL if none. */
const char *mv_tls_session_peer_dn(mv_tls_session *s);
/* "TLS1.3 / AES-256-GCM" and so on. */
const char *mv_tls_session_describe(mv_tls_session *s);

/* The session as a channel; it frees the session. */
mv_channel *mv_tls_session_channel(mv_tls_session *s);

/* The byte the daemon sends once it accepted the client's certificate. */
#define MV_TLS_CONFIRM 1

#endif
