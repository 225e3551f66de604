/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/daemon.h — modvirtd's internal interfaces: the settings, the log,
 * clients and what sends to them, the worker pool, the listening server,
 * and the per-client event and stream state of the hand-written handlers.
 *
 * Threads: the main thread (server.c) accepts clients, handles signals,
 * keepalive and the idle timeout, and flushes output the sockets did not
 * take. A pool of workers (dispatch.c) waits together on the clients'
 * input: the worker the kernel wakes for a client reads its message and,
 * for a call, lets the next worker read the client and runs the call
 * itself, writing the reply (no thread hop). The event loop thread
 * (main.c) runs libvirt's default event loop, on which driver events and
 * stream callbacks arrive. Replies, events and stream data are written by
 * the thread that produced them, directly when the socket takes them, else
 * queued for the main thread.
 */
#ifndef MV_DAEMON_H
#define MV_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "message.h"
#include "channel.h"
#include "net.h"
#include "remote-protocol.h"
#include "remote-dispatch.h"
#include <modvirt-plugin/error.h>

/* ---- settings (config.c) ------------------------------------------------- */

typedef struct mvd_config {
    char *unix_sock_group;       /* NULL: the daemon's group */
    unsigned int unix_sock_ro_perms;
    unsigned int unix_sock_rw_perms;
    int max_clients;
    int max_queued_clients;
    int min_workers;
    int max_workers;
    int prio_workers;
    int max_client_requests;
    int keepalive_interval;      /* seconds; <= 0: never ping */
    unsigned int keepalive_count;
    bool listen_libvirt_paths;
    int log_level;               /* 1 debug .. 4 error */
    char *log_outputs;
    mvd_net_config net;          /* TCP and TLS (net.h) */
    int auth_unix_ro;            /* MVD_AUTH_* of the unix sockets */
    int auth_unix_rw;
    char **sasl_allowed_username_list;   /* NULL: any SASL user */
    int tcp_min_ssf;             /* SASL layer strength required on plain TCP */
    int auth_timeout;            /* seconds a client has to authenticate; 0: no limit */
} mvd_config;

/* The defaults of MODE (system or session). */
void mvd_config_defaults(mvd_config *cfg, bool system);
/* Reads FILE over CFG. A missing file is fine when MISSING_OK. On a bad
 * value, returns false with *ERR set ("FILE:LINE: ..."). */
bool mvd_config_load(mvd_config *cfg, const char *file, bool missing_ok, char **err);
void mvd_config_clear(mvd_config *cfg);

/* The settings in force; replaced as a whole on SIGHUP (limits only). */
extern mvd_config mvd_cfg;

/* ---- log (log.c) ----------------------------------------------------------- */

enum { MVD_LOG_DEBUG = 1, MVD_LOG_INFO = 2, MVD_LOG_WARN = 3, MVD_LOG_ERROR = 4 };

/* Applies LEVEL and OUTPUTS ("LEVEL:stderr", "LEVEL:file:PATH", space
 * separated; NULL: stderr at LEVEL). False with *ERR on a bad output. */
bool mvd_log_setup(int level, const char *outputs, char **err);
void mvd_log(int level, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
bool mvd_log_enabled(int level);

/* ---- clients (client.c) ---------------------------------------------------- */

typedef struct mvd_stream mvd_stream;
typedef struct mvd_event_reg mvd_event_reg;

/* Read-ahead for small messages: one read usually takes a whole call. */
#define MVD_INPUT_BUFFER 4096

struct mvd_client {
    gint refs;
    int fd;
    uint64_t id;
    bool readonly;               /* accepted on the read-only socket */
    pid_t pid;
    uid_t uid;
    gid_t gid;
    int auth;                    /* MVD_AUTH_*: what its listener requires */
    char *addr;                  /* a TCP client's address ("IP;PORT"), else NULL */
    mv_channel *chan;            /* a security layer over fd (TLS), else NULL:
                                  * set before the client is watched, kept to the end */
    gint64 accepted;             /* monotonic, µs */
    struct mvd_auth *authn;      /* a SASL exchange under way or done (rpcd-auth.c) */
    bool authenticated;          /* passed its listener's auth (under lock) */

    GMutex lock;                 /* everything below but the reader state */
    virConnectPtr conn;
    int inflight;                /* calls queued or running */
    int running;                 /* handlers using conn right now */
    bool dead;                   /* no more input; output dropped */
    bool closing;                /* CONNECT_CLOSE came: no more calls are read */
    bool close_replied;          /* ... and its reply is queued: close once flushed */
    bool torn_down;
    bool keepalive;              /* the client asked for keepalive */
    gint64 last_rx;              /* monotonic, µs */
    unsigned int ka_sent;        /* pings not answered */
    GMutex wlock;                /* writing to the socket, and the two below (taken
                                  * alone or inside lock, never around it) */
    GQueue txq;                  /* mvd_buf: output the socket did not take */
    size_t tx_bytes;
    bool reading;                /* a worker reads the input */
    bool more;                   /* input arrived meanwhile: read again */
    bool held_back;              /* input left unread by the limits */
    bool out_watched;            /* the main thread waits for room to write */
    bool out_ever;               /* ... or did once (its events may name C) */
    unsigned int stream_hold;    /* streams whose input queue is full */
    GList *streams;              /* mvd_stream */

    GMutex reg_lock;             /* event registrations (never taken in callbacks) */
    GPtrArray *regs;             /* mvd_event_reg */
    bool close_callback;

    /* Reader state (the worker that set reading only). */
    uint8_t *ibuf;               /* MVD_INPUT_BUFFER bytes read ahead */
    size_t istart, iend;
    bool drained;                /* the last read emptied the socket */
    uint8_t *rbuf;               /* a message larger than ibuf, read to its end */
    size_t rpos;
    uint32_t rlen;
};

mvd_client *mvd_client_new(int fd, bool readonly);
mvd_client *mvd_client_ref(mvd_client *c);
void mvd_client_unref(mvd_client *c);

/* Sends the encoded message BUF (LEN bytes, g_malloc'd; taken) to C: written
 * now as far as the socket takes it, the rest queued for the main thread.
 * Dropped when C is dead. */
void mvd_client_send(mvd_client *c, uint8_t *buf, size_t len);
/* From CORK to UNCORK, what the calling thread sends to C is held, then
 * written at once. */
void mvd_client_cork(mvd_client *c);
void mvd_client_uncork(mvd_client *c);
/* Encodes a message with HDR and BODY (coded by PROC, may be NULL) and
 * sends it. False when it could not be encoded (too large). */
bool mvd_client_send_msg(mvd_client *c, const mv_rpc_header *hdr, mv_xdr_proc proc, void *body);
/* Sends a reply with status ERROR and the calling thread's last error for
 * the call HDR (type TYPE). */
void mvd_client_send_error(mvd_client *c, const mv_rpc_header *hdr, int type);
/* Bytes waiting in C's output queue. */
size_t mvd_client_backlog(mvd_client *c);
/* Whether C's output queue is empty. */
bool mvd_client_tx_empty(mvd_client *c);
/* Marks C dead (socket gone, or dropped for cause) and wakes the main thread. */
void mvd_client_kill(mvd_client *c, const char *why);
/* The client asked for keepalive: the daemon pings it when it is silent. */
void mvd_client_set_keepalive(mvd_client *c);

/* Fills ERR from the calling thread's last error (libvirt's fallback when
 * none is set); free with mv_xdr_free(mv_remote_error_xdr, ERR). */
void mvd_error_from_last(mv_remote_error *err);

/* Runs STMT keeping the thread's error: freeing a handle is a public call,
 * which resets it, and a failed call's error must reach the reply. */
#define MVD_KEEP_ERROR(stmt) \
    do { \
        virErrorPtr kept_ = virSaveLastError(); \
        stmt; \
        if (kept_) { \
            if (kept_->code != VIR_ERR_OK) \
                mv_error_relay(kept_); \
            virFreeError(kept_); \
        } \
    } while (0)

/* ---- authentication (rpcd-auth.c) ----------------------------------------- */

/* Sets up SASL for the daemon (false with *ERR when a socket requires it
 * and the library cannot start). */
bool mvd_auth_init(char **err);
/* Whether some socket requires SASL. */
bool mvd_auth_configured(void);
/* Whether C may make call PROC: a client whose listener requires
 * authentication may only authenticate until it has (else libvirt's
 * "authentication required" is reported and logged). */
bool mvd_auth_allows(mvd_client *c, int proc);
/* Whether C must still authenticate (the main thread drops it, with a
 * log line, once auth_timeout has passed since it was accepted). */
bool mvd_auth_pending(mvd_client *c);
/* rpcd-qemu.c: a call of libvirt-qemu's program (MV_RPC_QEMU_PROGRAM),
 * run and answered (its reply or error sent) on the worker. */
void mvd_qemu_call(mvd_client *c, const mv_rpc_header *hdr, const uint8_t *buf, size_t len);
/* Frees C's authentication state (last reference). */
void mvd_auth_free(mvd_client *c);

/* ---- server (server.c) ----------------------------------------------------- */

/* Recomputes what is watched on C: room to write while output is queued;
 * input the limits held back is read once they allow. Call with C->lock
 * held. */
void mvd_server_update(mvd_client *c);
/* A call of C finished (C->lock not held): may resume its input. */
void mvd_server_call_done(mvd_client *c);
/* Wakes the main thread (a client to reap, the idle timeout). */
void mvd_server_wake(void);
/* A worker got the input event tagged P (a client, unless it went away
 * meanwhile): reads its messages; a call among them is run in the calling
 * thread once another worker may read the client's next one. */
void mvd_server_input_event(void *p);

/* ---- workers (dispatch.c) -------------------------------------------------- */

bool mvd_workers_start(int min, int max, int prio);
void mvd_workers_limits(int min, int max, int prio);
/* Watches C's input in the workers' poll set (edge-triggered: one event
 * per arrival), or stops. */
void mvd_workers_watch(mvd_client *c, bool on);
/* The calls libvirt runs at high priority (destroy, lookups, state; and
 * AUTH_LIST): quick, never waiting for a driver's long job. */
bool mvd_dispatch_is_quick(int proc);
/* For a handler: true when the client has opened its connection (CONN),
 * else false with libvirt's "connection not open" error. */
bool mvd_need_conn(virConnectPtr conn);
/* Runs the call BUF (LEN bytes, taken) of C in the calling worker, or
 * queues it when max_workers ordinary calls are running already. */
void mvd_dispatch_call(mvd_client *c, uint8_t *buf, size_t len, const mv_rpc_header *hdr);
/* Queues FN(C) to a worker (client teardown). */
void mvd_workers_run(void (*fn)(mvd_client *), mvd_client *c);
/* Stops taking jobs; waits up to TIMEOUT_MS for running ones. */
void mvd_workers_stop(int timeout_ms);

/* The context of one call, handed to the handlers. */
struct mv_rpcd_call {
    mvd_client *client;
    mv_rpc_header hdr;
    /* A stream the handler opened: started once the reply is sent, or
     * dropped when the call fails. */
    mvd_stream *stream;
    /* Run once the reply is sent (the SASL layer is switched on after the
     * reply that completes the exchange, which leaves in the clear). */
    void (*after_reply)(mvd_client *c);
};

/* Reports libvirt's error for a procedure this daemon does not have. */
void mvd_report_unknown_proc(int proc);

/* ---- events and streams (rpcd-events.c, rpcd-stream.c) ---------------------- */

/* Drops C's event registrations (teardown). */
void mvd_events_clear(mvd_client *c);
/* Returns once the event loop thread has finished what it was doing: a
 * callback removed while its event was being delivered has been freed by
 * then, with the reference it held on its connection. Not on that thread. */
void mvd_events_settle(void);
/* The close callback registered for a client (rpcd-connect.c). */
void mvd_connect_close_callback(virConnectPtr conn, int reason, void *opaque);
/* Sends CONNECT_EVENT_CONNECTION_CLOSED to a client that asked for it. */
void mvd_events_conn_closed(mvd_client *c, int reason);

/* A STREAM or STREAM_HOLE message BUF (taken) for C. */
void mvd_stream_input(mvd_client *c, uint8_t *buf, size_t len, const mv_rpc_header *hdr);
/* Starts the stream of a call whose reply was sent. */
void mvd_stream_start(mvd_stream *s);
/* Drops the stream of a call that failed. */
void mvd_stream_discard(mvd_stream *s);
/* C's output drained: streams held back for it may go on. */
void mvd_streams_tx_drained(mvd_client *c);
/* Aborts every stream of C (teardown). */
void mvd_streams_clear(mvd_client *c);

/* Output above this many bytes holds back stream producers, and a
 * stream's input queue above it holds back the client's input. */
#define MVD_STREAM_HIGH_WATER (4u * 1024 * 1024)

/* rpcd-stats.c: a typed parameter read for a client: READ on the domain
 * WIRE names (and the device WHAT, or NULL) with room for NPARAMS, at
 * most MAX; a call with NPARAMS 0 gets the count in *COUNT, any other the
 * parameters in *OUT / *N. 0, or -1 with the error. */
typedef int (*mvd_params_read_fn)(virDomainPtr dom, const char *what,
                                  virTypedParameterPtr params, int *nparams, unsigned int flags);
int mvd_read_params(virConnectPtr conn, mv_remote_domain *wire, const char *what, int nparams,
                    unsigned int flags, int max, mvd_params_read_fn read, int *count,
                    virTypedParameter **out, uint32_t *n);

#endif
