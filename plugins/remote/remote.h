/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote.h — the remote plugin's internals: a connection to
 * a daemon speaking libvirt's remote protocol (modvirtd or libvirtd), the
 * calls made on it, its events and its streams.
 *
 * One socket per connection. Any thread may call at once: the caller
 * encodes and writes its own request under the write lock, then waits for
 * the reply with its serial. Whoever waits and finds nobody reading the
 * socket reads it itself and hands out what arrives (replies to their
 * callers, stream data to their streams, events to the event source,
 * keepalive pings answered); when its own reply is in, it passes the
 * reading on to another waiter. One thread for all the connections of the
 * process reads a connection that has been idle for a moment (events,
 * pings, the daemon going away), sends keepalive pings and runs close
 * callbacks.
 */
#ifndef MV_REMOTE_H
#define MV_REMOTE_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include <modvirt-plugin/plugin.h>

#include "message.h"
#include "channel.h"
#include "remote-objects.h"
#include "remote-protocol.h"
#include "remote-stubs.h"

/* The scheme the core routes remote URIs to. */
#define MV_REMOTE_SCHEME "remote"

/* libvirt's client defaults: a ping after 5 s of silence, the connection
 * declared dead after 5 pings unanswered. */
#define MV_REMOTE_KEEPALIVE_INTERVAL 5
#define MV_REMOTE_KEEPALIVE_COUNT 5

/* libvirt's driver features asked with CONNECT_SUPPORTS_FEATURE. */
#define MV_REMOTE_FEATURE_PROGRAM_KEEPALIVE 10
#define MV_REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK 15
#define MV_REMOTE_FEATURE_REMOTE_EVENT_CALLBACK 14

/* libvirt's REMOTE_AUTH_* values from AUTH_LIST. */
#define MV_REMOTE_AUTH_NONE 0
#define MV_REMOTE_AUTH_SASL 1
#define MV_REMOTE_AUTH_POLKIT 2

typedef struct mv_remote_client mv_remote_client;
typedef struct mv_remote_stream mv_remote_stream;

/* Something a thread waits for on a client: a reply, stream data. */
typedef struct mv_remote_waiter {
    GCond cond;
    bool done;
    bool queued;                 /* waiting on the client (in its list) */
    struct mv_remote_waiter *next;
} mv_remote_waiter;

/* remote-transport.c: where to connect and what to ask for. */
typedef struct mv_remote_target {
    char *socket;        /* the daemon's unix socket */
    char *name;          /* the URI sent in CONNECT_OPEN ("" to let it choose) */
    bool session;        /* a per-user daemon, started on demand */
    bool autostart;
    struct mv_remote_ssh *ssh;   /* SCHEME+ssh://: the ssh client's settings
                                  * (socket is then the far end's, or NULL) */
    struct mv_remote_net *net;   /* SCHEME+tcp:// and SCHEME+tls:// (socket NULL) */
    char *auth;                  /* the auth= parameter ("sasl", "sasl.MECH"), or NULL */
    char *auth_host;             /* the daemon's host name for SASL ("localhost") */
    bool plain_tcp;              /* SCHEME+tcp://: no layer below SASL */
} mv_remote_target;

int mv_remote_target_parse(const mv_uri *uri, unsigned int flags, mv_remote_target *t);
void mv_remote_target_clear(mv_remote_target *t);
/* A connected socket (blocking, close-on-exec) to T's daemon, starting a
 * session daemon when T allows and none listens; -1 with libvirt's error. */
int mv_remote_transport_connect(const mv_remote_target *t);

/* remote-ssh.c: SCHEME+ssh://[USER@]HOST[:PORT]/PATH. The system's ssh
 * client runs with one end of a socket pair as its stdin and stdout, and
 * on the far host a relay to the daemon's socket (modvirt-ssh-helper, or
 * nc -U); the connection's socket is the pair's other end. */
typedef struct mv_remote_ssh mv_remote_ssh;
/* Completes T (parsed from URI up to the socket) for the ssh transport:
 * SOCKET is the socket= parameter (NULL: the far end chooses). On error,
 * T is cleared and libvirt's error reported. */
int mv_remote_ssh_target(const mv_uri *uri, unsigned int flags, const char *socket,
                         mv_remote_target *t);
void mv_remote_ssh_free(mv_remote_ssh *s);
/* Runs ssh for T: the socket, or -1 with an error. */
int mv_remote_ssh_connect(const mv_remote_target *t);
/* For a socket from mv_remote_ssh_connect (NULL for any other): what
 * the ssh command wrote on its standard error (its own complaints and the
 * far end's), or how it ended; g_malloc'd. */
char *mv_remote_tunnel_said(int fd);
/* FD is about to be closed: its ssh command is stopped and reaped. */
void mv_remote_tunnel_release(int fd);

/* remote-net.c: SCHEME+tcp://HOST[:PORT]/PATH and SCHEME+tls://... */
typedef struct mv_remote_net mv_remote_net;
/* Completes T (parsed from URI up to the socket) for TRANSPORT ("tcp" or
 * "tls"). On error, T is cleared and libvirt's error reported. */
int mv_remote_net_target(const mv_uri *uri, const char *transport, mv_remote_target *t);
void mv_remote_net_free(mv_remote_net *n);
/* Connects T's host (and for TLS, makes and checks the session, kept in
 * T for mv_remote_target_take_channel): the socket, or -1 with an error. */
int mv_remote_net_connect(const mv_remote_target *t);
/* The security layer mv_remote_transport_connect set up (NULL: none). */
mv_channel *mv_remote_target_take_channel(mv_remote_target *t);

/* remote-auth.c: authenticates on C (socket FD) as AUTH_LIST's answer AL
 * and T's auth= parameter ask, with AUTH's callback for credentials. 0, or
 * -1 with libvirt's error. */
int mv_remote_authenticate(mv_remote_client *c, int fd, const mv_remote_target *t,
                           virConnectAuthPtr auth, const mv_remote_auth_list_ret *al);

/* remote-client.c: the call machinery. */

/* A call sent and not yet answered. */
typedef struct mv_remote_pending {
    mv_remote_waiter w;
    uint32_t serial;
    mv_xdr_proc ret_xdr;
    void *ret;
    int status;                  /* MV_RPC_OK, MV_RPC_ERROR, or -1: the reply was bad */
    mv_remote_error err;         /* status MV_RPC_ERROR */
    struct mv_remote_pending *next;
} mv_remote_pending;

mv_remote_client *mv_remote_client_new(int fd, virConnectPtr conn);
/* C reads and writes through CH (taken; NULL: the socket itself) from now
 * on: set before C is used, or between calls with none in flight. */
void mv_remote_client_set_channel(mv_remote_client *c, mv_channel *ch);
/* Whether C's traffic goes through a security layer. */
bool mv_remote_client_encrypted(mv_remote_client *c);
/* Whether C's socket is a local one (unix), not a network one. */
bool mv_remote_client_local(mv_remote_client *c);
/* Hands C to the thread watching every connection (keepalive when the
 * daemon has it, reading while idle, the close callback). */
int mv_remote_client_start(mv_remote_client *c, bool keepalive);
/* virConnectSetKeepAlive: a ping after INTERVAL seconds of silence, the
 * connection closed after COUNT more unanswered (INTERVAL <= 0: no
 * pings). 1 when the daemon does not speak keepalive. */
int mv_remote_client_set_keepalive(mv_remote_client *c, int interval, unsigned int count);
/* Takes C from the watching thread, closes the socket and frees C. */
void mv_remote_client_free(mv_remote_client *c);
mv_remote_client *mv_remote_client_of(virConnectPtr conn);
/* Sends a call of the remote program: P's reply will be decoded into RET
 * with RET_XDR (NULL for none). 0, or -1 with an error. */
int mv_remote_client_send(mv_remote_client *c, mv_remote_pending *p, int proc,
                          mv_xdr_proc args_xdr, void *args, mv_xdr_proc ret_xdr, void *ret);
/* One call of a batch. */
typedef struct mv_remote_batch_call {
    mv_remote_pending *p;
    uint32_t serial;             /* 0: the next one */
    int proc;
    mv_xdr_proc args_xdr;
    void *args;
    mv_xdr_proc ret_xdr;
    void *ret;
    uint32_t prog;               /* 0: libvirt's remote program */
} mv_remote_batch_call;
/* Sends the N calls with one write (each then awaited with
 * mv_remote_client_finish): 0, or -1 with an error and none sent. */
int mv_remote_client_send_batch(mv_remote_client *c, mv_remote_batch_call *calls, size_t n);
/* One call of libvirt-qemu's program (MV_RPC_QEMU_PROGRAM) on CONN's
 * client: 0, or -1 with the error. */
int mv_remote_call_qemu(virConnectPtr conn, int proc, mv_xdr_proc args_xdr, void *args,
                        mv_xdr_proc ret_xdr, void *ret);
/* virDomainQemuAgentCommand through the daemon (remote-qemu.c). */
char *mv_remote_domain_qemu_agent_command(virDomainPtr dom, const char *cmd, int timeout,
                                          unsigned int flags);
/* The same with a serial taken beforehand (mv_remote_client_next_serial),
 * for a stream registered before its call goes out. */
int mv_remote_client_send_as(mv_remote_client *c, mv_remote_pending *p, uint32_t serial,
                             int proc, mv_xdr_proc args_xdr, void *args, mv_xdr_proc ret_xdr,
                             void *ret);
/* Waits for P's reply: 0, or -1 with the error reported (the daemon's, or
 * the connection's). */
int mv_remote_client_finish(mv_remote_client *c, mv_remote_pending *p);
int mv_remote_client_call(mv_remote_client *c, int proc, mv_xdr_proc args_xdr, void *args,
                          mv_xdr_proc ret_xdr, void *ret);
bool mv_remote_client_alive(mv_remote_client *c);
/* Encodes and writes one message of the remote program (a stream packet). */
int mv_remote_client_send_message(mv_remote_client *c, const mv_rpc_header *h,
                                  mv_xdr_proc xdr, void *obj);
/* Writes a message whose body is LEN raw bytes (stream data). */
int mv_remote_client_send_data(mv_remote_client *c, const mv_rpc_header *h,
                               const void *data, size_t len);
uint32_t mv_remote_client_next_serial(mv_remote_client *c);
/* Wakes whoever waits on W (with the lock held). */
void mv_remote_waiter_wake(mv_remote_waiter *w);
/* Streams: messages carrying SERIAL go to S while it is registered. */
void mv_remote_client_add_stream(mv_remote_client *c, mv_remote_stream *s, uint32_t serial);
void mv_remote_client_remove_stream(mv_remote_client *c, mv_remote_stream *s);
/* A stream's input went back under its high-water mark: the connection may
 * be read again when idle (lock held or not). */
void mv_remote_client_resume(mv_remote_client *c);
void mv_remote_client_lock(mv_remote_client *c);
void mv_remote_client_unlock(mv_remote_client *c);
/* With the lock held: waits until W is done or the connection is gone,
 * reading the socket when nobody else does. */
void mv_remote_client_wait_locked(mv_remote_client *c, mv_remote_waiter *w);
/* With the lock held: whether the socket is gone; reports why. */
bool mv_remote_client_check_closed(mv_remote_client *c);
/* Relays the error a reply carried. */
void mv_remote_error_raise(const mv_remote_error *e);

/* remote-events.c */
typedef struct mv_remote_events mv_remote_events;
mv_remote_events *mv_remote_events_new(virConnectPtr conn, mv_remote_client *c, bool callback_ids);
void mv_remote_events_free(mv_remote_events *ev);
/* An event message the daemon sent (decoded and queued). */
void mv_remote_events_dispatch(mv_remote_events *ev, int proc, mv_xdr *x);
void mv_remote_client_set_events(mv_remote_client *c, mv_remote_events *ev);

/* remote-stream.c: data messages for a stream (called by the reader with
 * the client's lock held; BODY is not kept). */
void mv_remote_stream_deliver(mv_remote_stream *s, const mv_rpc_header *h,
                              const uint8_t *body, size_t len);
/* With the lock held: whether S holds more input than the application has
 * taken than it may (the connection is then not read for it). */
bool mv_remote_stream_over(mv_remote_stream *s);
/* The connection is gone: wake the stream's readers (lock held). */
void mv_remote_stream_disconnect(mv_remote_stream *s);
/* The connection is being freed: stop what the stream runs, free it if
 * the client owns it. */
void mv_remote_stream_release(mv_remote_stream *s);
int mv_remote_stream_open(virConnectPtr conn, virStreamPtr st, int proc,
                          mv_xdr_proc args_xdr, void *args, mv_xdr_proc ret_xdr, void *ret,
                          bool console);
char *mv_remote_domain_screenshot(virDomainPtr dom, virStreamPtr st, unsigned int screen,
                                  unsigned int flags);

/* remote-shared.c: the network, storage and interface drivers a
 * per-driver daemon's hypervisor connections reach other daemons through. */
extern const mv_network_driver mv_remote_relay_network;
extern const mv_storage_driver mv_remote_relay_storage;
extern const mv_interface_driver mv_remote_relay_interface;

/* remote-open.c: the hand-written slots. */
mv_open_status mv_remote_connect_open(virConnectPtr conn, const mv_uri *uri,
                                      virConnectAuthPtr auth, unsigned int flags);
int mv_remote_connect_close(virConnectPtr conn);
int mv_remote_connect_is_alive(virConnectPtr conn);
int mv_remote_connect_set_keep_alive(virConnectPtr conn, int interval, unsigned int count);

/* remote-sched.c */
char *mv_remote_domain_get_scheduler_type(virDomainPtr dom, int *nparams);
/* remote-guest-fs.c */
int mv_remote_domain_fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned int n,
                               unsigned int flags);
int mv_remote_domain_fs_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                             unsigned int flags);
/* remote-iface-addrs.c */
int mv_remote_domain_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                         unsigned int source, unsigned int flags);
/* remote-iothread.c */
int mv_remote_domain_get_iothread_info(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                       unsigned int flags);
int mv_remote_domain_pin_iothread(virDomainPtr dom, unsigned int iothread_id,
                                  unsigned char *cpumap, int maplen, unsigned int flags);
int mv_remote_domain_set_iothread_params(virDomainPtr dom, unsigned int iothread_id,
                                         virTypedParameterPtr params, int nparams,
                                         unsigned int flags);
/* remote-guest-info.c */
int mv_remote_domain_get_guest_info(virDomainPtr dom, unsigned int types,
                                    virTypedParameterPtr *params, int *nparams,
                                    unsigned int flags);
/* remote-ssh-keys.c */
int mv_remote_domain_authorized_ssh_keys_get(virDomainPtr dom, const char *user, char ***keys,
                                             unsigned int flags);
int mv_remote_domain_authorized_ssh_keys_set(virDomainPtr dom, const char *user,
                                             const char **keys, unsigned int nkeys,
                                             unsigned int flags);
/* remote-disk-errors.c */
int mv_remote_domain_get_disk_errors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                     unsigned int maxerrors, unsigned int flags);
int mv_remote_domain_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                          int *nparams, unsigned int flags);
int mv_remote_domain_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                          int nparams, unsigned int flags);

/* remote-job.c */
int mv_remote_domain_get_job_stats(virDomainPtr dom, int *type, virTypedParameterPtr *params,
                                   int *nparams, unsigned int flags);
/* remote-tune.c */
int mv_remote_domain_get_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int *nparams, unsigned int flags);
int mv_remote_domain_set_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int nparams, unsigned int flags);
int mv_remote_domain_get_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                          int *nparams, unsigned int flags);
int mv_remote_domain_set_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                          int nparams, unsigned int flags);

/* remote-stats.c */
int mv_remote_domain_block_stats(virDomainPtr dom, const char *path,
                                 virDomainBlockStatsPtr stats);
int mv_remote_domain_interface_stats(virDomainPtr dom, const char *device,
                                     virDomainInterfaceStatsPtr stats);
int mv_remote_domain_block_stats_flags(virDomainPtr dom, const char *path,
                                       virTypedParameterPtr params, int *nparams,
                                       unsigned int flags);
int mv_remote_domain_get_block_io_tune(virDomainPtr dom, const char *disk,
                                       virTypedParameterPtr params, int *nparams,
                                       unsigned int flags);
int mv_remote_domain_set_block_io_tune(virDomainPtr dom, const char *disk,
                                       virTypedParameterPtr params, int nparams,
                                       unsigned int flags);
int mv_remote_connect_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms,
                                           unsigned int ndoms, unsigned int stats,
                                           virDomainStatsRecordPtr **retStats,
                                           unsigned int flags);
/* remote-vcpu.c */
int mv_remote_domain_get_vcpus(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                               unsigned char *cpumaps, int maplen);
int mv_remote_domain_pin_vcpu_flags(virDomainPtr dom, unsigned int vcpu,
                                    unsigned char *cpumap, int maplen, unsigned int flags);
int mv_remote_domain_get_vcpu_pin_info(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                       int maplen, unsigned int flags);
int mv_remote_domain_pin_emulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                  unsigned int flags);
int mv_remote_domain_get_emulator_pin_info(virDomainPtr dom, unsigned char *cpumap,
                                           int maplen, unsigned int flags);
int mv_remote_domain_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params,
                                   unsigned int nparams, int start_cpu, unsigned int ncpus,
                                   unsigned int flags);
int mv_remote_node_get_cpu_stats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params,
                                 int *nparams, unsigned int flags);
int mv_remote_node_get_memory_stats(virConnectPtr conn, int cellNum,
                                    virNodeMemoryStatsPtr params, int *nparams,
                                    unsigned int flags);
int mv_remote_node_get_cpu_map(virConnectPtr conn, unsigned char **cpumap,
                               unsigned int *online, unsigned int flags);

/* remote-params.c: a set's parameters within the protocol's limit MAX
 * (else false with libvirt's error); a read's reply: with *NPARAMS 0 the
 * count COUNT, else the N parameters GOT moved into PARAMS (room for
 * *NPARAMS), or -1 when they do not fit. GOT is consumed. */
bool mv_remote_params_fit(int nparams, int max);
int mv_remote_params_take(virTypedParameter *got, uint32_t n, int count,
                          virTypedParameterPtr params, int *nparams);

int mv_remote_connect_is_encrypted(virConnectPtr conn);
int mv_remote_connect_is_secure(virConnectPtr conn);
int mv_remote_domain_create_with_flags(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                                  unsigned int flags);
int mv_remote_vol_upload(virStorageVolPtr vol, virStreamPtr st, unsigned long long offset,
                         unsigned long long length, unsigned int flags);
int mv_remote_vol_download(virStorageVolPtr vol, virStreamPtr st, unsigned long long offset,
                           unsigned long long length, unsigned int flags);

#endif
