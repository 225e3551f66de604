/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/server.c — the I/O thread: the listening sockets, accepting
 * clients (peer credentials logged), reading their framed messages,
 * flushing output the sockets did not take, keepalive, the per-client
 * and global limits, signals, and the idle timeout.
 *
 * A message is read in two steps (its length word, then the rest into a
 * buffer of exactly that size), so the thread never reads past what it
 * may take: a client with max_client_requests calls in flight, or whose
 * stream input is backed up, is simply not read until that changes. */
#include "daemon.h"
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

bool mvd_client_flush(mvd_client *c);

#define MAX_LISTENERS 4

typedef struct {
    int fd;
    char *path;
    bool readonly;
    bool armed;
} listener;

static int epfd = -1;
static int wakefd = -1;
static int sigfd = -1;
static listener listeners[MAX_LISTENERS];
static int nlisteners;
static GMutex srv_lock;            /* clients, dead list */
static GHashTable *clients;        /* mvd_client* (a reference each) */
static GPtrArray *dead;            /* clients killed since the last pass (references) */
static gint nclients;
static int wake_token;             /* epoll tags of the two fds */
static int sig_token;

void mvd_server_wake(void)
{
    uint64_t one = 1;
    ssize_t n = write(wakefd, &one, sizeof(one));
    (void)n;
}

static bool bind_socket(const char *path, unsigned int mode, gid_t gid, bool set_group,
                        int backlog, int *fdp, char **err)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path)) {
        *err = g_strdup_printf("socket path %s is too long", path);
        return false;
    }
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *err = g_strdup_printf("cannot create a socket: %s", g_strerror(errno));
        return false;
    }
    unlink(path);
    /* Bound with no permission for anyone, then opened up: no window in
     * which the socket has the umask's mode. */
    mode_t old = umask(0777);
    int r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    int e = errno;
    umask(old);
    if (r < 0) {
        *err = g_strdup_printf("cannot bind %s: %s", path, g_strerror(e));
        close(fd);
        return false;
    }
    if ((set_group && chown(path, (uid_t)-1, gid) < 0) || chmod(path, mode) < 0) {
        *err = g_strdup_printf("cannot set the owner or mode of %s: %s", path, g_strerror(errno));
        unlink(path);
        close(fd);
        return false;
    }
    if (listen(fd, backlog) < 0) {
        *err = g_strdup_printf("cannot listen on %s: %s", path, g_strerror(errno));
        unlink(path);
        close(fd);
        return false;
    }
    *fdp = fd;
    return true;
}

bool mvd_server_init(char **err)
{
    clients = g_hash_table_new(NULL, NULL);
    dead = g_ptr_array_new();
    epfd = epoll_create1(EPOLL_CLOEXEC);
    wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (epfd < 0 || wakefd < 0 || sigfd < 0) {
        *err = g_strdup_printf("cannot set up the I/O thread: %s", g_strerror(errno));
        return false;
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &wake_token };
    epoll_ctl(epfd, EPOLL_CTL_ADD, wakefd, &ev);
    ev.data.ptr = &sig_token;
    epoll_ctl(epfd, EPOLL_CTL_ADD, sigfd, &ev);
    return true;
}

bool mvd_server_listen(const char *path, bool readonly, unsigned int mode, const char *group,
                       char **err)
{
    gid_t gid = (gid_t)-1;
    if (group) {
        struct group *gr = getgrnam(group);
        if (!gr) {
            char *end = NULL;
            unsigned long n = strtoul(group, &end, 10);
            if (!*group || *end) {
                *err = g_strdup_printf("unix_sock_group: no group named '%s'", group);
                return false;
            }
            gid = (gid_t)n;
        } else {
            gid = gr->gr_gid;
        }
    }
    int fd;
    if (!bind_socket(path, mode, gid, group != NULL, mvd_cfg.max_queued_clients, &fd, err))
        return false;
    listener *l = &listeners[nlisteners++];
    *l = (listener){ fd, g_strdup(path), readonly, true };
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = l };
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    mvd_log(MVD_LOG_INFO, "listening on %s (%s, mode %04o)", path,
            readonly ? "read-only" : "read-write", mode);
    return true;
}

void mvd_server_unlink(void)
{
    for (int i = 0; i < nlisteners; i++) {
        if (listeners[i].fd >= 0) {
            epoll_ctl(epfd, EPOLL_CTL_DEL, listeners[i].fd, NULL);
            close(listeners[i].fd);
            listeners[i].fd = -1;
        }
        if (listeners[i].path) {
            unlink(listeners[i].path);
            g_clear_pointer(&listeners[i].path, g_free);
        }
    }
}

static void arm_listeners(bool on)
{
    for (int i = 0; i < nlisteners; i++) {
        listener *l = &listeners[i];
        if (l->fd < 0 || l->armed == on)
            continue;
        struct epoll_event ev = { .events = on ? EPOLLIN : 0, .data.ptr = l };
        epoll_ctl(epfd, EPOLL_CTL_MOD, l->fd, &ev);
        l->armed = on;
    }
}

void mvd_server_update(mvd_client *c)
{
    uint32_t want = 0;
    if (!c->dead) {
        if (!c->closing && c->inflight < mvd_cfg.max_client_requests && c->stream_hold == 0)
            want |= EPOLLIN;
        if (!g_queue_is_empty(&c->txq))
            want |= EPOLLOUT;
    }
    if (c->dead || want == c->armed)
        return;
    struct epoll_event ev = { .events = want, .data.ptr = c };
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->armed = want;
}

void mvd_client_kill(mvd_client *c, const char *why)
{
    g_mutex_lock(&c->lock);
    bool was = c->dead;
    c->dead = true;
    g_mutex_unlock(&c->lock);
    if (was)
        return;
    if (why)
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": closing: %s", c->id, why);
    g_mutex_lock(&srv_lock);
    g_ptr_array_add(dead, mvd_client_ref(c));
    g_mutex_unlock(&srv_lock);
    mvd_server_wake();
}

/* A worker: closes what the client had open, then forgets it. */
static void teardown(mvd_client *c)
{
    mvd_events_clear(c);
    mvd_streams_clear(c);
    g_mutex_lock(&c->lock);
    virConnectPtr conn = c->conn;
    c->conn = NULL;
    g_mutex_unlock(&c->lock);
    if (conn && virConnectClose(conn) < 0)
        virResetLastError();
    mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": closed", c->id);
    g_mutex_lock(&srv_lock);
    bool known = g_hash_table_remove(clients, c);
    g_mutex_unlock(&srv_lock);
    if (known) {
        g_atomic_int_add(&nclients, -1);
        mvd_client_unref(c);
    }
    mvd_server_wake();
}

/* Under C->lock: a dead client with no call left is torn down, once. */
static bool teardown_due(mvd_client *c)
{
    if (!c->dead || c->inflight > 0 || c->torn_down)
        return false;
    c->torn_down = true;
    return true;
}

void mvd_server_call_done(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    c->inflight--;
    mvd_server_update(c);
    bool due = teardown_due(c);
    g_mutex_unlock(&c->lock);
    if (due)
        mvd_workers_run(teardown, c);
}

/* The I/O thread: stops watching the clients killed since the last pass. */
static void reap(void)
{
    g_mutex_lock(&srv_lock);
    GPtrArray *list = dead;
    dead = g_ptr_array_new();
    g_mutex_unlock(&srv_lock);
    for (guint i = 0; i < list->len; i++) {
        mvd_client *c = list->pdata[i];
        epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
        shutdown(c->fd, SHUT_RDWR);
        g_mutex_lock(&c->lock);
        bool due = teardown_due(c);
        g_mutex_unlock(&c->lock);
        if (due)
            mvd_workers_run(teardown, c);
        mvd_client_unref(c);
    }
    g_ptr_array_unref(list);
}

static void accept_clients(listener *l)
{
    for (;;) {
        if (g_atomic_int_get(&nclients) >= mvd_cfg.max_clients) {
            mvd_log(MVD_LOG_WARN, "%d clients connected (max_clients): new ones wait",
                    mvd_cfg.max_clients);
            arm_listeners(false);
            return;
        }
        int fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                mvd_log(MVD_LOG_WARN, "accept on %s: %s", l->path, g_strerror(errno));
            return;
        }
        mvd_client *c = mvd_client_new(fd, l->readonly);
        struct ucred cred = { 0 };
        socklen_t clen = sizeof(cred);
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0) {
            c->pid = cred.pid;
            c->uid = cred.uid;
            c->gid = cred.gid;
        }
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT " connected on %s: pid %d uid %u gid %u%s",
                c->id, l->path, (int)c->pid, (unsigned)c->uid, (unsigned)c->gid,
                l->readonly ? " (read-only)" : "");
        g_mutex_lock(&srv_lock);
        g_hash_table_add(clients, c);
        g_mutex_unlock(&srv_lock);
        g_atomic_int_inc(&nclients);
        c->armed = EPOLLIN;
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    }
}

static void send_keepalive(mvd_client *c, int proc)
{
    mv_rpc_header h = { MV_RPC_KEEPALIVE_PROGRAM, MV_RPC_KEEPALIVE_VERSION, proc,
                        MV_RPC_MESSAGE, 0, MV_RPC_OK };
    mvd_client_send_msg(c, &h, NULL, NULL);
}

/* One whole message of C. */
static void handle_message(mvd_client *c, uint8_t *buf, uint32_t len)
{
    mv_xdr x;
    mv_rpc_header h;
    if (!mv_rpc_message_open(&x, buf, len, &h)) {
        g_free(buf);
        mvd_client_kill(c, "undecodable message header");
        return;
    }
    if (h.prog == MV_RPC_KEEPALIVE_PROGRAM && h.vers == MV_RPC_KEEPALIVE_VERSION &&
        h.type == MV_RPC_MESSAGE) {
        if (h.proc == MV_RPC_KEEPALIVE_PING)
            send_keepalive(c, MV_RPC_KEEPALIVE_PONG);
        else if (h.proc != MV_RPC_KEEPALIVE_PONG)
            mvd_log(MVD_LOG_DEBUG, "client %" G_GUINT64_FORMAT ": ignoring keepalive message %d",
                    c->id, h.proc);
        g_free(buf);
        return;
    }
    bool is_call = h.type == MV_RPC_CALL || h.type == MV_RPC_CALL_WITH_FDS;
    if (h.prog != MV_RPC_REMOTE_PROGRAM || h.vers != MV_RPC_REMOTE_VERSION) {
        if (is_call) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Cannot find program %d version %d",
                            (int)h.prog, (int)h.vers);
            mvd_client_send_error(c, &h, MV_RPC_REPLY);
            virResetLastError();
        } else {
            mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": dropping a message of unknown "
                    "program %u version %u type %d proc %d", c->id, h.prog, h.vers, h.type, h.proc);
        }
        g_free(buf);
        return;
    }
    switch (h.type) {
    case MV_RPC_CALL:
        if (h.status != MV_RPC_OK) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unexpected message status %u",
                            (unsigned)h.status);
            mvd_client_send_error(c, &h, MV_RPC_REPLY);
            virResetLastError();
            g_free(buf);
            return;
        }
        g_mutex_lock(&c->lock);
        c->inflight++;
        mvd_server_update(c);
        g_mutex_unlock(&c->lock);
        mvd_dispatch_call(c, buf, len, &h);
        return;
    case MV_RPC_CALL_WITH_FDS:
        /* No procedure of this daemon takes file descriptors. */
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unexpected message type %u",
                        (unsigned)h.type);
        mvd_client_send_error(c, &h, MV_RPC_REPLY);
        virResetLastError();
        g_free(buf);
        return;
    case MV_RPC_STREAM:
    case MV_RPC_STREAM_HOLE:
        mvd_stream_input(c, buf, len, &h);
        return;
    default:
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": ignoring a message of type %d "
                "proc %d", c->id, h.type, h.proc);
        g_free(buf);
        return;
    }
}

/* Reads from C while it has whole messages and may send more. */
static void read_client(mvd_client *c)
{
    for (int budget = 64; budget > 0; budget--) {
        g_mutex_lock(&c->lock);
        bool may = !c->dead && (c->armed & EPOLLIN);
        g_mutex_unlock(&c->lock);
        if (!may)
            return;
        uint8_t *dst;
        size_t want;
        if (!c->rbuf) {
            dst = c->lenbuf + c->rpos;
            want = 4 - c->rpos;
        } else {
            dst = c->rbuf + c->rpos;
            want = c->rlen - c->rpos;
        }
        ssize_t n = recv(c->fd, dst, want, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            mvd_client_kill(c, n == 0 ? "end of file" : g_strerror(errno));
            return;
        }
        c->rpos += (size_t)n;
        if (!c->rbuf) {
            if (c->rpos < 4)
                continue;
            uint32_t len = mv_rpc_message_length(c->lenbuf);
            if (len == 0) {
                uint32_t raw = (uint32_t)c->lenbuf[0] << 24 | (uint32_t)c->lenbuf[1] << 16 |
                               (uint32_t)c->lenbuf[2] << 8 | c->lenbuf[3];
                mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT ": message length %u is out of "
                        "range (%u to %u): dropping the client", c->id, raw,
                        MV_RPC_LEN_SIZE + MV_RPC_HEADER_SIZE, MV_RPC_MESSAGE_MAX);
                mvd_client_kill(c, NULL);
                return;
            }
            c->rlen = len;
            c->rbuf = g_malloc(len);
            memcpy(c->rbuf, c->lenbuf, 4);
            continue;
        }
        if (c->rpos < c->rlen)
            continue;
        uint8_t *buf = c->rbuf;
        uint32_t len = c->rlen;
        c->rbuf = NULL;
        c->rpos = 0;
        c->rlen = 0;
        g_mutex_lock(&c->lock);
        c->last_rx = g_get_monotonic_time();
        c->ka_sent = 0;
        g_mutex_unlock(&c->lock);
        handle_message(c, buf, len);
    }
}

/* Every second while some client has keepalive on. */
static void keepalive_tick(void)
{
    int interval = mvd_cfg.keepalive_interval;
    unsigned int count = mvd_cfg.keepalive_count;
    if (interval <= 0)
        return;
    gint64 now = g_get_monotonic_time();
    GPtrArray *ping = g_ptr_array_new(), *drop = g_ptr_array_new();
    g_mutex_lock(&srv_lock);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, clients);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        mvd_client *c = key;
        g_mutex_lock(&c->lock);
        if (c->keepalive && !c->dead) {
            gint64 idle = now - c->last_rx;
            if (idle >= (gint64)interval * (c->ka_sent + 1) * G_USEC_PER_SEC) {
                if (c->ka_sent >= count) {
                    g_ptr_array_add(drop, mvd_client_ref(c));
                } else {
                    c->ka_sent++;
                    g_ptr_array_add(ping, mvd_client_ref(c));
                }
            }
        }
        g_mutex_unlock(&c->lock);
    }
    g_mutex_unlock(&srv_lock);
    for (guint i = 0; i < ping->len; i++) {
        send_keepalive(ping->pdata[i], MV_RPC_KEEPALIVE_PING);
        mvd_client_unref(ping->pdata[i]);
    }
    for (guint i = 0; i < drop->len; i++) {
        mvd_client *c = drop->pdata[i];
        mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT ": no response after %u keepalive "
                "messages in %d seconds: dropping it", c->id, count, interval * (count + 1));
        mvd_client_kill(c, NULL);
        mvd_client_unref(c);
    }
    g_ptr_array_unref(ping);
    g_ptr_array_unref(drop);
}

static bool any_keepalive(void)
{
    bool any = false;
    g_mutex_lock(&srv_lock);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, clients);
    while (!any && g_hash_table_iter_next(&it, &key, NULL))
        any = ((mvd_client *)key)->keepalive;
    g_mutex_unlock(&srv_lock);
    return any;
}

int mvd_server_clients(void)
{
    return g_atomic_int_get(&nclients);
}

mvd_server_exit mvd_server_run(int timeout_s, void (*reload)(void))
{
    gint64 idle_since = g_get_monotonic_time();
    gint64 last_tick = 0;
    for (;;) {
        int wait_ms = -1;
        if (any_keepalive())
            wait_ms = 1000;
        if (timeout_s > 0)
            wait_ms = 1000;
        struct epoll_event evs[64];
        int n = epoll_wait(epfd, evs, G_N_ELEMENTS(evs), wait_ms);
        if (n < 0 && errno != EINTR) {
            mvd_log(MVD_LOG_ERROR, "epoll_wait: %s", g_strerror(errno));
            return MVD_EXIT_ERROR;
        }
        for (int i = 0; i < n; i++) {
            void *p = evs[i].data.ptr;
            if (p == &wake_token) {
                uint64_t v;
                ssize_t r = read(wakefd, &v, sizeof(v));
                (void)r;
            } else if (p == &sig_token) {
                struct signalfd_siginfo si;
                while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
                    if (si.ssi_signo == SIGHUP) {
                        mvd_log(MVD_LOG_INFO, "SIGHUP: reloading the configuration");
                        reload();
                    } else {
                        mvd_log(MVD_LOG_INFO, "%s: shutting down",
                                si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
                        return MVD_EXIT_SIGNAL;
                    }
                }
            } else if (p >= (void *)listeners && p < (void *)(listeners + MAX_LISTENERS)) {
                accept_clients(p);
            } else {
                mvd_client *c = p;
                uint32_t e = evs[i].events;
                if (e & EPOLLOUT) {
                    if (!mvd_client_flush(c)) {
                        mvd_client_kill(c, "write failed");
                        continue;
                    }
                    g_mutex_lock(&c->lock);
                    bool done = c->closing && g_queue_is_empty(&c->txq);
                    g_mutex_unlock(&c->lock);
                    if (done)
                        mvd_client_kill(c, "connection closed by the client");
                }
                if (e & EPOLLIN)
                    read_client(c);
                else if (e & (EPOLLHUP | EPOLLERR))
                    mvd_client_kill(c, "hang up");
            }
        }
        reap();
        if (g_atomic_int_get(&nclients) < mvd_cfg.max_clients)
            arm_listeners(true);
        gint64 now = g_get_monotonic_time();
        if (now - last_tick >= G_USEC_PER_SEC) {
            last_tick = now;
            keepalive_tick();
        }
        if (g_atomic_int_get(&nclients) > 0) {
            idle_since = now;
        } else if (timeout_s > 0 && now - idle_since >= (gint64)timeout_s * G_USEC_PER_SEC) {
            mvd_log(MVD_LOG_INFO, "no client for %d seconds: exiting", timeout_s);
            return MVD_EXIT_TIMEOUT;
        }
    }
}

void mvd_server_shutdown(int grace_ms)
{
    mvd_server_unlink();
    g_mutex_lock(&srv_lock);
    GPtrArray *all = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, clients);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(all, mvd_client_ref(key));
    g_mutex_unlock(&srv_lock);
    for (guint i = 0; i < all->len; i++) {
        mvd_client_kill(all->pdata[i], "the daemon shuts down");
        mvd_client_unref(all->pdata[i]);
    }
    g_ptr_array_unref(all);
    reap();
    /* Teardowns close the clients' connections in the workers. */
    gint64 end = g_get_monotonic_time() + (gint64)grace_ms * 1000;
    while (g_atomic_int_get(&nclients) > 0 && g_get_monotonic_time() < end) {
        struct epoll_event ev;
        epoll_wait(epfd, &ev, 1, 50);
        uint64_t v;
        ssize_t r = read(wakefd, &v, sizeof(v));
        (void)r;
        reap();
    }
    if (g_atomic_int_get(&nclients) > 0)
        mvd_log(MVD_LOG_WARN, "%d clients still busy after %d ms: exiting anyway",
                g_atomic_int_get(&nclients), grace_ms);
}

void mvd_client_set_keepalive(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    c->keepalive = true;
    g_mutex_unlock(&c->lock);
    mvd_server_wake();   /* the I/O thread now ticks */
}
