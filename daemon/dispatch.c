/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/dispatch.c — the worker pool and the running of one call: decode
 * its arguments, run its handler on the client's connection, send the
 * reply (its result, or the error the call left), free both sides.
 *
 * The workers wait together in one poll set on the clients' input (the
 * kernel wakes one of them per arrival); the worker woken reads the
 * message and runs the call itself. A worker about to run something makes
 * sure another one still watches, starting one when needed. At most
 * max_workers ordinary calls run at once (more wait their turn); the quick
 * calls libvirt also runs at high priority (destroy, lookups, state) are
 * not counted, and prio_workers + 1 threads beyond max_workers are kept
 * for them and for watching: a slow call holds one worker, never the
 * other clients or a destroy. */
#include "daemon.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

typedef struct job {
    mvd_client *client;          /* a reference */
    uint8_t *buf;                /* CALL: the whole message */
    size_t len;
    mv_rpc_header hdr;
    void (*fn)(mvd_client *);    /* or a function to run */
} job;

static int pollfd = -1;            /* the clients' input, the job and stop tokens */
static int jobfd = -1;             /* eventfd (semaphore): one count per queued job */
static int stopfd = -1;            /* eventfd, written once to stop every worker */
static int job_token, stop_token;  /* their tags in the poll set */
static GMutex pool_lock;
static GCond exit_cond;            /* a worker exited (stop waits on it) */
static GQueue jobs = G_QUEUE_INIT;       /* functions to run (teardowns, input to read) */
static GQueue waiting_calls = G_QUEUE_INIT; /* ordinary calls over max_workers */
static int nthreads;               /* workers alive */
static GPtrArray *workers;         /* their GThreads, joined at stop */
static int max_threads;            /* max_workers + prio_workers + 1 */
static int max_normal;             /* max_workers: ordinary calls at once */
static int running_normal;         /* ordinary calls running */
static gint polling;               /* workers waiting in the poll set (atomic) */
static bool stopping;

bool mvd_need_conn(virConnectPtr conn)
{
    if (conn)
        return true;
    mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "hypervisor connection not open");
    return false;
}

bool mvd_dispatch_is_quick(int proc)
{
    switch (proc) {
    case MV_REMOTE_PROC_AUTH_LIST:
    case MV_REMOTE_PROC_AUTH_SASL_INIT:
    case MV_REMOTE_PROC_AUTH_SASL_START:
    case MV_REMOTE_PROC_AUTH_SASL_STEP:
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
    if (j->hdr.prog == MV_RPC_QEMU_PROGRAM) {
        mvd_qemu_call(c, &j->hdr, j->buf, j->len);
        return;
    }
    const mv_remote_proc *proc = mv_remote_proc_find(j->hdr.proc);

    if (!proc) {
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": procedure %d is not served",
                c->id, j->hdr.proc);
        mvd_report_unknown_proc(j->hdr.proc);
        mvd_client_send_error(c, &j->hdr, MV_RPC_REPLY);
        virResetLastError();
        return;
    }
    if (!mvd_auth_allows(c, j->hdr.proc)) {
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
        c->running++;
        g_mutex_unlock(&c->lock);
        if (proc->function && !conn)
            mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "hypervisor connection not open");
        else
            rv = mv_rpcd_handlers[mv_remote_proc_index(proc)](&call, conn, args, ret);
        /* Done with the connection before the client hears of it. */
        g_mutex_lock(&c->lock);
        c->running--;
        g_mutex_unlock(&c->lock);
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
    if (rv == 0 && call.after_reply)
        call.after_reply(c);
    mv_xdr_free(proc->args_xdr, args);
    mv_xdr_free(proc->ret_xdr, ret);
    if (args != (void *)&abuf)
        g_free(args);
    if (ret != (void *)&rbuf)
        g_free(ret);
    g_mutex_lock(&c->lock);
    bool closed = c->close_replied && mvd_client_tx_empty(c);
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

static void finish_call(job *j)
{
    g_free(j->buf);
    mvd_server_call_done(j->client);
    mvd_client_unref(j->client);
}

static gpointer worker(gpointer data);

/* With pool_lock held. */
static void spawn(void)
{
    GError *err = NULL;
    GThread *t = g_thread_try_new("mvd-worker", worker, NULL, &err);
    if (!t) {
        mvd_log(MVD_LOG_ERROR, "cannot start a worker: %s", err->message);
        g_error_free(err);
        return;
    }
    if (!workers)
        workers = g_ptr_array_new();
    g_ptr_array_add(workers, t);
    nthreads++;
}

/* The caller is about to run something that may take a while: some worker
 * must still watch the clients. */
static void keep_one_polling(void)
{
    if (g_atomic_int_get(&polling) > 0)
        return;
    g_mutex_lock(&pool_lock);
    if (!stopping && nthreads < max_threads)
        spawn();
    g_mutex_unlock(&pool_lock);
}

/* Watches the job counter for one worker at a time. */
static void arm_jobs(int op)
{
    struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data.ptr = &job_token };
    epoll_ctl(pollfd, op, jobfd, &ev);
}

static void run_queued_job(void)
{
    uint64_t v;
    bool got = read(jobfd, &v, sizeof(v)) == sizeof(v);
    arm_jobs(EPOLL_CTL_MOD);    /* the next job goes to another worker */
    if (!got)
        return;
    g_mutex_lock(&pool_lock);
    job *j = g_queue_pop_head(&jobs);
    g_mutex_unlock(&pool_lock);
    if (!j)
        return;
    keep_one_polling();
    j->fn(j->client);
    mvd_client_unref(j->client);
    g_free(j);
}

static gpointer worker(gpointer data)
{
    (void)data;
    for (;;) {
        struct epoll_event ev;
        g_atomic_int_inc(&polling);
        int n = epoll_wait(pollfd, &ev, 1, -1);
        g_atomic_int_add(&polling, -1);
        if (n <= 0)
            continue;   /* EINTR */
        if (ev.data.ptr == &stop_token)
            break;
        if (ev.data.ptr == &job_token)
            run_queued_job();
        else
            mvd_server_input_event(ev.data.ptr);
    }
    g_mutex_lock(&pool_lock);
    nthreads--;
    g_cond_broadcast(&exit_cond);
    g_mutex_unlock(&pool_lock);
    return NULL;
}

bool mvd_workers_start(int min, int max, int prio)
{
    pollfd = epoll_create1(EPOLL_CLOEXEC);
    jobfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE);
    stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (pollfd < 0 || jobfd < 0 || stopfd < 0) {
        mvd_log(MVD_LOG_ERROR, "cannot set up the workers: %s", g_strerror(errno));
        return false;
    }
    arm_jobs(EPOLL_CTL_ADD);
    /* Level-triggered and never read: every worker sees it. */
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &stop_token };
    epoll_ctl(pollfd, EPOLL_CTL_ADD, stopfd, &ev);
    mvd_workers_limits(min, max, prio);
    g_mutex_lock(&pool_lock);
    bool ok = nthreads > 0;
    g_mutex_unlock(&pool_lock);
    return ok;
}

void mvd_workers_limits(int min, int max, int prio)
{
    g_mutex_lock(&pool_lock);
    max_normal = MAX(max, 1);
    /* Past max_workers ordinary calls, PRIO workers and one more stay for
     * the quick calls and for watching the clients. */
    max_threads = max_normal + MAX(prio, 0) + 1;
    while (nthreads < MIN(MAX(min, 2), max_threads))
        spawn();
    g_mutex_unlock(&pool_lock);
}

void mvd_workers_watch(mvd_client *c, bool on)
{
    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = c };
    epoll_ctl(pollfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, c->fd, &ev);
}

void mvd_dispatch_call(mvd_client *c, uint8_t *buf, size_t len, const mv_rpc_header *hdr)
{
    job j = { .client = mvd_client_ref(c), .buf = buf, .len = len, .hdr = *hdr };
    bool prio = hdr->prog == MV_RPC_REMOTE_PROGRAM && mvd_dispatch_is_quick(hdr->proc);
    if (!prio) {
        g_mutex_lock(&pool_lock);
        if (running_normal >= max_normal) {
            g_queue_push_tail(&waiting_calls, g_memdup2(&j, sizeof(j)));
            g_mutex_unlock(&pool_lock);
            return;
        }
        running_normal++;
        g_mutex_unlock(&pool_lock);
    }
    keep_one_polling();
    run_call(&j);
    finish_call(&j);
    if (prio)
        return;
    /* This worker's turn for ordinary calls goes on with those waiting. */
    for (;;) {
        g_mutex_lock(&pool_lock);
        job *next = g_queue_pop_head(&waiting_calls);
        if (!next)
            running_normal--;
        g_mutex_unlock(&pool_lock);
        if (!next)
            return;
        run_call(next);
        finish_call(next);
        g_free(next);
    }
}

void mvd_workers_run(void (*fn)(mvd_client *), mvd_client *c)
{
    job *j = g_new0(job, 1);
    j->client = mvd_client_ref(c);
    j->fn = fn;
    g_mutex_lock(&pool_lock);
    g_queue_push_tail(&jobs, j);
    g_mutex_unlock(&pool_lock);
    uint64_t one = 1;
    ssize_t n = write(jobfd, &one, sizeof(one));
    (void)n;
}

void mvd_workers_stop(int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    g_mutex_lock(&pool_lock);
    stopping = true;
    uint64_t one = 1;
    ssize_t n = write(stopfd, &one, sizeof(one));
    (void)n;
    while (nthreads > 0 && g_cond_wait_until(&exit_cond, &pool_lock, end))
        ;
    /* Each has left its loop; joined, each has also run its threads'
     * destructors (libxml2's per-thread state), which a process that
     * exits first would leave half done. Workers still busy are left. */
    GPtrArray *done = nthreads == 0 ? g_steal_pointer(&workers) : NULL;
    g_mutex_unlock(&pool_lock);
    for (guint i = 0; done && i < done->len; i++)
        g_thread_join(done->pdata[i]);
    if (done)
        g_ptr_array_free(done, TRUE);
}
