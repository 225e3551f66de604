/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/dispatch.c — the worker pool and the running of one call: decode
 * its arguments, run its handler on the client's connection, send the
 * reply (its result, or the error the call left), free both sides.
 *
 * Workers are started up to max_workers as calls wait; prio_workers more
 * run only the quick calls libvirt also runs at high priority (destroy,
 * lookups, state), so that those go through while every ordinary worker
 * is busy with slow calls. */
#include "daemon.h"

#include <stddef.h>
#include <string.h>

typedef struct job {
    mvd_client *client;          /* a reference */
    uint8_t *buf;                /* CALL: the whole message */
    size_t len;
    mv_rpc_header hdr;
    void (*fn)(mvd_client *);    /* or a function to run */
} job;

static GMutex pool_lock;
static GCond normal_cond;          /* ordinary workers wait here */
static GCond prio_cond;            /* workers for quick calls only */
static GCond idle_cond;            /* a job finished (stop waits on it) */
static GQueue normal_q = G_QUEUE_INIT;
static GQueue prio_q = G_QUEUE_INIT;
static int nworkers, idle_workers, max_workers;
static bool stopping;
static int running;

static bool is_prio(int proc)
{
    switch (proc) {
    case MV_REMOTE_PROC_DOMAIN_DESTROY:
    case MV_REMOTE_PROC_DOMAIN_DESTROY_FLAGS:
    case MV_REMOTE_PROC_DOMAIN_LOOKUP_BY_ID:
    case MV_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME:
    case MV_REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID:
    case MV_REMOTE_PROC_DOMAIN_GET_INFO:
    case MV_REMOTE_PROC_DOMAIN_GET_STATE:
    case MV_REMOTE_PROC_DOMAIN_IS_ACTIVE:
    case MV_REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS:
    case MV_REMOTE_PROC_CONNECT_CLOSE:
    case MV_REMOTE_PROC_CONNECT_GET_TYPE:
    case MV_REMOTE_PROC_CONNECT_GET_URI:
    case MV_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE:
        return true;
    default:
        return false;
    }
}

static void run_call(job *j)
{
    mvd_client *c = j->client;
    mv_rpcd_call call = { .client = c, .hdr = j->hdr };
    const mv_remote_proc *proc = mv_remote_proc_find(j->hdr.proc);

    if (!proc) {
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": procedure %d is not served",
                c->id, j->hdr.proc);
        mvd_report_unknown_proc(j->hdr.proc);
        mvd_client_send_error(c, &j->hdr, MV_RPC_REPLY);
        virResetLastError();
        return;
    }
    /* Small argument and result structs live on the stack. */
    union { char b[256]; max_align_t a; } abuf, rbuf;
    void *args = proc->args_size <= sizeof(abuf) ? (void *)&abuf : g_malloc(proc->args_size);
    void *ret = proc->ret_size <= sizeof(rbuf) ? (void *)&rbuf : g_malloc(proc->ret_size);
    memset(args, 0, MAX(proc->args_size, 1));
    memset(ret, 0, MAX(proc->ret_size, 1));

    mv_xdr x;
    mv_rpc_header h;
    int rv = -1;
    if (!mv_rpc_message_open(&x, j->buf, j->len, &h) || !proc->args_xdr(&x, args)) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to decode message payload");
    } else {
        g_mutex_lock(&c->lock);
        virConnectPtr conn = c->conn;
        g_mutex_unlock(&c->lock);
        if (proc->function && !conn)
            mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "connection not open");
        else
            rv = mv_rpcd_handlers[mv_remote_proc_index(proc)](&call, conn, args, ret);
    }
    if (rv == 0) {
        mv_rpc_header rh = j->hdr;
        rh.type = MV_RPC_REPLY;
        rh.status = MV_RPC_OK;
        if (!mvd_client_send_msg(c, &rh, proc->ret_xdr, ret)) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to encode message payload");
            rv = -1;
        }
    }
    if (rv < 0)
        mvd_client_send_error(c, &j->hdr, MV_RPC_REPLY);
    virResetLastError();
    mv_xdr_free(proc->args_xdr, args);
    mv_xdr_free(proc->ret_xdr, ret);
    if (args != (void *)&abuf)
        g_free(args);
    if (ret != (void *)&rbuf)
        g_free(ret);
    g_mutex_lock(&c->lock);
    bool closed = c->closing && g_queue_is_empty(&c->txq);
    g_mutex_unlock(&c->lock);
    if (closed)
        mvd_client_kill(c, "connection closed by the client");
    if (call.stream) {
        if (rv == 0)
            mvd_stream_start(call.stream);
        else
            mvd_stream_discard(call.stream);
    }
}

static void run_job(job *j)
{
    if (j->fn) {
        j->fn(j->client);
        mvd_client_unref(j->client);
    } else {
        run_call(j);
        g_free(j->buf);
        mvd_server_call_done(j->client);
        mvd_client_unref(j->client);
    }
    g_free(j);
}

static gpointer worker(gpointer data)
{
    bool prio_only = GPOINTER_TO_INT(data);
    g_mutex_lock(&pool_lock);
    for (;;) {
        job *j = g_queue_pop_head(&prio_q);
        if (!j && !prio_only)
            j = g_queue_pop_head(&normal_q);
        if (!j) {
            if (stopping)
                break;
            if (!prio_only)
                idle_workers++;
            g_cond_wait(prio_only ? &prio_cond : &normal_cond, &pool_lock);
            if (!prio_only)
                idle_workers--;
            continue;
        }
        running++;
        g_mutex_unlock(&pool_lock);
        run_job(j);
        g_mutex_lock(&pool_lock);
        running--;
        if (stopping)
            g_cond_broadcast(&idle_cond);
    }
    g_mutex_unlock(&pool_lock);
    return NULL;
}

static void spawn(bool prio_only)
{
    GError *err = NULL;
    GThread *t = g_thread_try_new(prio_only ? "mvd-prio" : "mvd-worker", worker,
                                  GINT_TO_POINTER(prio_only), &err);
    if (!t) {
        mvd_log(MVD_LOG_ERROR, "cannot start a worker: %s", err->message);
        g_error_free(err);
        return;
    }
    g_thread_unref(t);
    if (!prio_only)
        nworkers++;
}

bool mvd_workers_start(int min, int max, int prio)
{
    g_mutex_lock(&pool_lock);
    max_workers = max;
    for (int i = 0; i < min; i++)
        spawn(false);
    for (int i = 0; i < prio; i++)
        spawn(true);
    bool ok = nworkers > 0;
    g_mutex_unlock(&pool_lock);
    return ok;
}

void mvd_workers_limits(int min, int max, int prio)
{
    (void)prio;
    g_mutex_lock(&pool_lock);
    max_workers = max;
    while (nworkers < min)
        spawn(false);
    g_mutex_unlock(&pool_lock);
}

static void push(job *j, bool prio)
{
    g_mutex_lock(&pool_lock);
    g_queue_push_tail(prio ? &prio_q : &normal_q, j);
    /* Every worker busy: one more, up to the limit. */
    if (idle_workers == 0 && nworkers < max_workers)
        spawn(false);
    /* One waiter, not all: a quick call may go to either kind. */
    if (prio)
        g_cond_signal(&prio_cond);
    g_cond_signal(&normal_cond);
    g_mutex_unlock(&pool_lock);
}

void mvd_dispatch_call(mvd_client *c, uint8_t *buf, size_t len, const mv_rpc_header *hdr)
{
    job *j = g_new0(job, 1);
    j->client = mvd_client_ref(c);
    j->buf = buf;
    j->len = len;
    j->hdr = *hdr;
    push(j, is_prio(hdr->proc));
}

void mvd_workers_run(void (*fn)(mvd_client *), mvd_client *c)
{
    job *j = g_new0(job, 1);
    j->client = mvd_client_ref(c);
    j->fn = fn;
    push(j, false);
}

void mvd_workers_stop(int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    g_mutex_lock(&pool_lock);
    stopping = true;
    g_cond_broadcast(&normal_cond);
    g_cond_broadcast(&prio_cond);
    while ((running > 0 || !g_queue_is_empty(&normal_q)) &&
           g_cond_wait_until(&idle_cond, &pool_lock, end))
        ;
    g_mutex_unlock(&pool_lock);
}
