/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/server.c — the listening sockets, accepting clients (peer
 * credentials logged), reading their framed messages (in the worker their
 * input event woke), flushing output the sockets did not take (main
 * thread), keepalive, the per-client and global limits, signals, and the
 * idle timeout.
 *
 * Clients' input is edge-triggered: the kernel wakes one worker per
 * arrival; one worker at a time reads a client (another arrival meanwhile
 * makes it read again). Small messages are read ahead into a buffer of
 * MVD_INPUT_BUFFER bytes per client, so one read usually takes a whole
 * call; a larger one goes into a buffer of exactly its size once its length
 * word is checked. A client with max_client_requests calls in flight, or
 * whose stream input is backed up, is read no further (beyond what that
 * buffer holds) until that changes; then a worker reads what waited. */
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

#define MAX_LISTENERS 16

typedef struct {
    int fd;
    char *path;                  /* a unix socket's, removed at exit */
    bool readonly;
    bool armed;
    int kind;                    /* MVD_LISTEN_* */
    int auth;                    /* MVD_AUTH_* */
    char *name;                  /* a network listener's, for the log */
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
static gint ticking;               /* the main loop wakes every second anyway */
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
        *err = g_strdup_printf("cannot set up the main loop: %s", g_strerror(errno));
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
    *l = (listener){ fd, g_strdup(path), readonly, true, MVD_LISTEN_UNIX, MVD_AUTH_NONE, NULL };
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = l };
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    mvd_log(MVD_LOG_INFO, "listening on %s (%s, mode %04o)", path,
            readonly ? "read-only" : "read-write", mode);
    return true;
}

bool mvd_server_listen_fd(int fd, const char *name, int kind, int auth)
{
    if (nlisteners == MAX_LISTENERS) {
        mvd_log(MVD_LOG_ERROR, "too many listening sockets: %s not used", name);
        close(fd);
        return false;
    }
    listener *l = &listeners[nlisteners++];
    *l = (listener){ fd, NULL, false, true, kind, auth, g_strdup(name) };
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = l };
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    return true;
}

bool mvd_server_adopt(int fd, const char *path, bool readonly)
{
    if (nlisteners == MAX_LISTENERS) {
        mvd_log(MVD_LOG_ERROR, "too many listening sockets: %s not used", path);
        close(fd);
        return false;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        mvd_log(MVD_LOG_ERROR, "cannot use the passed socket %s: %s", path, g_strerror(errno));
        close(fd);
        return false;
    }
    listener *l = &listeners[nlisteners++];
    /* No path: the socket is the service manager's, left in place at exit. */
    *l = (listener){ fd, NULL, readonly, true, MVD_LISTEN_UNIX, MVD_AUTH_NONE, g_strdup(path) };
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = l };
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    mvd_log(MVD_LOG_INFO, "listening on %s (%s, passed by the service manager)", path,
            readonly ? "read-only" : "read-write");
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
        g_clear_pointer(&listeners[i].name, g_free);
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

static bool input_wanted(mvd_client *c)
{
    return !c->dead && !c->closing && c->inflight < mvd_cfg.max_client_requests &&
           c->stream_hold == 0;
}

static void input_job(mvd_client *c);

void mvd_server_update(mvd_client *c)
{
    if (c->dead)
        return;
    /* Input that arrived while the limits held it back raised no event
     * since: a worker reads it now. */
    if (c->held_back && !c->reading && input_wanted(c)) {
        c->held_back = false;
        mvd_workers_run(input_job, c);
    }
    bool want_out = !mvd_client_tx_empty(c);
    if (want_out != c->out_watched) {
        struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
        epoll_ctl(epfd, want_out ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, c->fd, &ev);
        c->out_watched = want_out;
        c->out_ever |= want_out;
    }
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
    /* Events of C still in flight find it gone from the table. */
    mvd_workers_watch(c, false);
    g_mutex_lock(&srv_lock);
    bool known = g_hash_table_remove(clients, c);
    g_mutex_unlock(&srv_lock);
    if (known) {
        int left = g_atomic_int_add(&nclients, -1) - 1;
        mvd_client_unref(c);
        /* The main thread cares when the listeners may take clients
         * again, and when the idle timeout starts. */
        if (left == 0 || left + 1 >= mvd_cfg.max_clients)
            mvd_server_wake();
    }
}

/* Under C->lock: a dead client with no call left is torn down, once. */
static bool teardown_due(mvd_client *c)
{
    if (!c->dead || c->inflight > 0 || c->torn_down)
        return false;
    c->torn_down = true;
    return true;
}

/* Stops watching the dead client C and tears it down once idle. */
static void reap_one(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    if (c->out_watched) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
        c->out_watched = false;
    }
    shutdown(c->fd, SHUT_RDWR);
    bool due = teardown_due(c);
    g_mutex_unlock(&c->lock);
    if (due)
        mvd_workers_run(teardown, c);
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
    /* A client never watched for output is in no event the main thread
     * may hold: it is reaped here. */
    g_mutex_lock(&c->lock);
    bool here = !c->out_ever;
    g_mutex_unlock(&c->lock);
    if (here) {
        reap_one(c);
        return;
    }
    g_mutex_lock(&srv_lock);
    g_ptr_array_add(dead, mvd_client_ref(c));
    g_mutex_unlock(&srv_lock);
    mvd_server_wake();
}

void mvd_server_call_done(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    c->inflight--;
    mvd_server_update(c);
    bool due = teardown_due(c);
    g_mutex_unlock(&c->lock);
    if (due)
        teardown(c);    /* a worker, free to block */
}

/* The main thread: stops watching the clients killed since the last pass. */
static void reap(void)
{
    g_mutex_lock(&srv_lock);
    GPtrArray *list = dead;
    dead = g_ptr_array_new();
    g_mutex_unlock(&srv_lock);
    for (guint i = 0; i < list->len; i++) {
        reap_one(list->pdata[i]);
        mvd_client_unref(list->pdata[i]);
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
                mvd_log(MVD_LOG_WARN, "accept on %s: %s", l->path ? l->path : l->name,
                        g_strerror(errno));
            return;
        }
        mvd_client *c = mvd_client_new(fd, l->readonly);
        if (l->kind != MVD_LISTEN_UNIX) {
            mvd_net_accepted(c, fd, l->name, l->kind, l->auth);
            g_mutex_lock(&srv_lock);
            g_hash_table_add(clients, c);
            g_mutex_unlock(&srv_lock);
            g_atomic_int_inc(&nclients);
            if (l->kind == MVD_LISTEN_TLS)
                mvd_tls_handshake_begin(c);
            else
                mvd_workers_watch(c, true);
            continue;
        }
        struct ucred cred = { 0 };
        socklen_t clen = sizeof(cred);
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0) {
            c->pid = cred.pid;
            c->uid = cred.uid;
            c->gid = cred.gid;
        }
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT " connected on %s: pid %d uid %u gid %u%s",
                c->id, l->path ? l->path : l->name, (int)c->pid, (unsigned)c->uid,
                (unsigned)c->gid,
                l->readonly ? " (read-only)" : "");
        g_mutex_lock(&srv_lock);
        g_hash_table_add(clients, c);
        g_mutex_unlock(&srv_lock);
        g_atomic_int_inc(&nclients);
        mvd_workers_watch(c, true);
    }
}

static void send_keepalive(mvd_client *c, int proc)
{
    mv_rpc_header h = { MV_RPC_KEEPALIVE_PROGRAM, MV_RPC_KEEPALIVE_VERSION, proc,
                        MV_RPC_MESSAGE, 0, MV_RPC_OK };
    mvd_client_send_msg(c, &h, NULL, NULL);
}

/* One whole message of C. A call is counted in flight and left for the
 * caller to run (true); anything else is handled here. */
static bool handle_message(mvd_client *c, uint8_t *buf, uint32_t len, mv_rpc_header *call)
{
    mv_xdr x;
    mv_rpc_header h;
    if (!mv_rpc_message_open(&x, buf, len, &h)) {
        g_free(buf);
        mvd_client_kill(c, "undecodable message header");
        return false;
    }
    if (h.prog == MV_RPC_KEEPALIVE_PROGRAM && h.vers == MV_RPC_KEEPALIVE_VERSION &&
        h.type == MV_RPC_MESSAGE) {
        if (h.proc == MV_RPC_KEEPALIVE_PING)
            send_keepalive(c, MV_RPC_KEEPALIVE_PONG);
        else if (h.proc != MV_RPC_KEEPALIVE_PONG)
            mvd_log(MVD_LOG_DEBUG, "client %" G_GUINT64_FORMAT ": ignoring keepalive message %d",
                    c->id, h.proc);
        g_free(buf);
        return false;
    }
    bool is_call = h.type == MV_RPC_CALL || h.type == MV_RPC_CALL_WITH_FDS;
    bool qemu = h.prog == MV_RPC_QEMU_PROGRAM && h.vers == MV_RPC_QEMU_VERSION &&
                h.type == MV_RPC_CALL;
    if ((h.prog != MV_RPC_REMOTE_PROGRAM || h.vers != MV_RPC_REMOTE_VERSION) && !qemu) {
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
        return false;
    }
    switch (h.type) {
    case MV_RPC_CALL:
        if (h.status != MV_RPC_OK) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unexpected message status %u",
                            (unsigned)h.status);
            mvd_client_send_error(c, &h, MV_RPC_REPLY);
            virResetLastError();
            g_free(buf);
            return false;
        }
        g_mutex_lock(&c->lock);
        /* Read just before CONNECT_CLOSE marked the client closing. */
        bool late = c->closing;
        if (!late)
            c->inflight++;
        g_mutex_unlock(&c->lock);
        if (late) {
            mvd_log(MVD_LOG_DEBUG, "client %" G_GUINT64_FORMAT ": dropping call %d sent after "
                    "closing the connection", c->id, h.proc);
            g_free(buf);
            return false;
        }
        *call = h;
        return true;
    case MV_RPC_CALL_WITH_FDS:
        /* No procedure of this daemon takes file descriptors. */
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unexpected message type %u",
                        (unsigned)h.type);
        mvd_client_send_error(c, &h, MV_RPC_REPLY);
        virResetLastError();
        g_free(buf);
        return false;
    case MV_RPC_STREAM:
    case MV_RPC_STREAM_HOLE:
        mvd_stream_input(c, buf, len, &h);
        return false;
    default:
        mvd_log(MVD_LOG_INFO, "client %" G_GUINT64_FORMAT ": ignoring a message of type %d "
                "proc %d", c->id, h.type, h.proc);
        g_free(buf);
        return false;
    }
}

static void drop_bad_length(mvd_client *c, const uint8_t *p)
{
    uint32_t raw = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT ": message length %u is out of range "
            "(%u to %u): dropping the client", c->id, raw, MV_RPC_LEN_SIZE + MV_RPC_HEADER_SIZE,
            MV_RPC_MESSAGE_MAX);
    mvd_client_kill(c, NULL);
}

/* The next whole message of C already read, or NULL. A message too large
 * for the read-ahead buffer moves to a buffer of its own size. False when
 * C was dropped. */
static bool next_buffered(mvd_client *c, uint8_t **bufp, uint32_t *lenp)
{
    *bufp = NULL;
    if (c->rbuf) {
        if (c->rpos < c->rlen)
            return true;
        *bufp = c->rbuf;
        *lenp = c->rlen;
        c->rbuf = NULL;
        c->rpos = c->rlen = 0;
        return true;
    }
    size_t have = c->iend - c->istart;
    if (have < MV_RPC_LEN_SIZE)
        return true;
    const uint8_t *p = c->ibuf + c->istart;
    uint32_t len = mv_rpc_message_length(p);
    if (len == 0) {
        drop_bad_length(c, p);
        return false;
    }
    if (have >= len) {
        *bufp = g_memdup2(p, len);
        *lenp = len;
        c->istart += len;
    } else if (len > MVD_INPUT_BUFFER) {
        c->rbuf = g_malloc(len);
        c->rlen = len;
        c->rpos = have;
        memcpy(c->rbuf, p, have);
        c->istart += have;
    }
    if (c->istart == c->iend)
        c->istart = c->iend = 0;
    return true;
}

/* Reads C while it may send more: messages other than calls are handled
 * here, the first call is returned (in *BUF, *LEN, *CALL) for the caller to
 * run. False with no call once the socket is empty, the limits stop the
 * reading (*HELD), or C was dropped. */
static bool read_client(mvd_client *c, uint8_t **bufp, uint32_t *lenp, mv_rpc_header *call,
                        bool *held)
{
    *held = false;
    for (int budget = 64; budget > 0; budget--) {
        g_mutex_lock(&c->lock);
        bool may = input_wanted(c);
        g_mutex_unlock(&c->lock);
        if (!may) {
            *held = true;
            return false;
        }
        uint8_t *buf;
        uint32_t len;
        if (!next_buffered(c, &buf, &len))
            return false;
        if (buf) {
            g_mutex_lock(&c->lock);
            c->last_rx = g_get_monotonic_time();
            c->ka_sent = 0;
            g_mutex_unlock(&c->lock);
            if (handle_message(c, buf, len, call)) {
                *bufp = buf;
                *lenp = len;
                return true;
            }
            continue;
        }
        /* Nothing whole yet: read, unless the last read found the socket
         * empty (another arrival raises another event). */
        if (c->drained)
            return false;
        uint8_t *dst;
        size_t want;
        if (c->rbuf) {
            dst = c->rbuf + c->rpos;
            want = c->rlen - c->rpos;
        } else {
            if (!c->ibuf)
                c->ibuf = g_malloc(MVD_INPUT_BUFFER);
            if (c->istart > 0) {
                memmove(c->ibuf, c->ibuf + c->istart, c->iend - c->istart);
                c->iend -= c->istart;
                c->istart = 0;
            }
            dst = c->ibuf + c->iend;
            want = MVD_INPUT_BUFFER - c->iend;
        }
        ssize_t n = c->chan ? mv_channel_recv(c->chan, dst, want, false)
                            : recv(c->fd, dst, want, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            c->drained = true;
            return false;
        }
        if (n <= 0) {
            mvd_client_kill(c, n == 0 ? "end of file" : g_strerror(errno));
            return false;
        }
        /* A short read emptied the socket (unix stream sockets hand out
         * all they hold). A layer hands out a record at a time: it is
         * read until it says it has nothing (all it decoded taken, and
         * the socket empty). */
        c->drained = !c->chan && (size_t)n < want;
        if (c->rbuf)
            c->rpos += (size_t)n;
        else
            c->iend += (size_t)n;
    }
    /* Budget spent: the rest is read by another turn. */
    return false;
}

/* Whether a whole message of C waits in its buffers (or a bad length
 * word, which drops it when read). */
static bool whole_buffered(mvd_client *c)
{
    if (c->rbuf)
        return c->rpos == c->rlen;
    size_t have = c->iend - c->istart;
    if (have < MV_RPC_LEN_SIZE)
        return false;
    uint32_t len = mv_rpc_message_length(c->ibuf + c->istart);
    return len == 0 || have >= len;
}

/* A worker reads C (a reference held by the caller). */
static void client_input(mvd_client *c)
{
    g_mutex_lock(&c->lock);
    if (c->reading) {
        /* The reader reads again before it lets go. */
        c->more = true;
        g_mutex_unlock(&c->lock);
        return;
    }
    if (!input_wanted(c)) {
        c->held_back = true;
        g_mutex_unlock(&c->lock);
        return;
    }
    c->reading = true;
    g_mutex_unlock(&c->lock);
    uint8_t *buf = NULL;
    uint32_t len = 0;
    mv_rpc_header call;
    bool run, held;
    /* An event came: the socket may hold data again. */
    c->drained = false;
    bool corked = false;
    int turns = 0;
    for (;;) {
        run = read_client(c, &buf, &len, &call, &held);
        if (run && turns < 64 && mvd_dispatch_is_quick(call.proc) &&
            call.proc != MV_REMOTE_PROC_CONNECT_CLOSE) {
            /* A quick call runs here, in turn: calls sent together (a
             * client's handshake) wake no other worker, and their replies
             * leave together. After 64, the rest goes to another turn. */
            if (!corked)
                mvd_client_cork(c);
            corked = true;
            turns++;
            mvd_dispatch_call(c, buf, len, &call);
            continue;
        }
        if (corked)
            mvd_client_uncork(c);
        corked = false;
        g_mutex_lock(&c->lock);
        bool again = c->more;
        c->more = false;
        if (!run && !held && again && !c->dead) {
            g_mutex_unlock(&c->lock);
            c->drained = false;
            continue;
        }
        break;
    }
    /* C->lock held. What this worker leaves unread: a whole message read
     * ahead, a socket not known to be empty, or an arrival meanwhile. */
    bool left = c->more || !c->drained || whole_buffered(c);
    c->more = false;
    c->reading = false;
    if (!c->dead && (held || left)) {
        if (input_wanted(c))
            mvd_workers_run(input_job, c);
        else
            c->held_back = true;
    }
    g_mutex_unlock(&c->lock);
    if (run)
        mvd_dispatch_call(c, buf, len, &call);
}

static void input_job(mvd_client *c)
{
    client_input(c);
}

void mvd_server_input_event(void *p)
{
    /* A client torn down meanwhile is no longer in the table. */
    g_mutex_lock(&srv_lock);
    mvd_client *c = g_hash_table_contains(clients, p) ? mvd_client_ref(p) : NULL;
    g_mutex_unlock(&srv_lock);
    if (!c)
        return;
    client_input(c);
    mvd_client_unref(c);
}

/* Drops C, logging why. */
static void drop_client(mvd_client *c, const char *why)
{
    mvd_log(MVD_LOG_WARN, "client %" G_GUINT64_FORMAT ": %s: dropping it", c->id, why);
    mvd_client_kill(c, NULL);
    mvd_client_unref(c);
}

/* Every second: pings the clients with keepalive on that have been quiet
 * for an interval, drops those that missed keepalive_count pings and
 * those that did not authenticate within auth_timeout. Returns whether a
 * client is still to authenticate. */
static bool tick(void)
{
    int interval = mvd_cfg.keepalive_interval;
    unsigned int count = mvd_cfg.keepalive_count;
    int auth_timeout = mvd_cfg.auth_timeout > 0 && mvd_auth_configured() ? mvd_cfg.auth_timeout : 0;
    bool auth_waiting = false;
    gint64 now = g_get_monotonic_time();
    GPtrArray *ping = g_ptr_array_new(), *silent = g_ptr_array_new(), *unauth = g_ptr_array_new();
    g_mutex_lock(&srv_lock);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, clients);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        mvd_client *c = key;
        if (auth_timeout && mvd_auth_pending(c)) {
            if (now - c->accepted >= (gint64)auth_timeout * G_USEC_PER_SEC) {
                g_ptr_array_add(unauth, mvd_client_ref(c));
                continue;
            }
            auth_waiting = true;
        }
        if (interval <= 0)
            continue;
        g_mutex_lock(&c->lock);
        if (c->keepalive && !c->dead &&
            now - c->last_rx >= (gint64)interval * (c->ka_sent + 1) * G_USEC_PER_SEC) {
            if (c->ka_sent >= count) {
                g_ptr_array_add(silent, mvd_client_ref(c));
            } else {
                c->ka_sent++;
                g_ptr_array_add(ping, mvd_client_ref(c));
            }
        }
        g_mutex_unlock(&c->lock);
    }
    g_mutex_unlock(&srv_lock);
    for (guint i = 0; i < ping->len; i++) {
        send_keepalive(ping->pdata[i], MV_RPC_KEEPALIVE_PING);
        mvd_client_unref(ping->pdata[i]);
    }
    g_autofree char *silent_why = g_strdup_printf("no response after %u keepalive messages in "
                                                  "%d seconds", count, interval * (count + 1));
    for (guint i = 0; i < silent->len; i++)
        drop_client(silent->pdata[i], silent_why);
    g_autofree char *unauth_why = g_strdup_printf("not authenticated within %d seconds "
                                                  "(auth_timeout)", auth_timeout);
    for (guint i = 0; i < unauth->len; i++)
        drop_client(unauth->pdata[i], unauth_why);
    g_ptr_array_unref(ping);
    g_ptr_array_unref(silent);
    g_ptr_array_unref(unauth);
    return auth_waiting;
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

static bool any_auth_pending(void)
{
    if (mvd_cfg.auth_timeout <= 0 || !mvd_auth_configured())
        return false;
    bool any = false;
    g_mutex_lock(&srv_lock);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, clients);
    while (!any && g_hash_table_iter_next(&it, &key, NULL))
        any = mvd_auth_pending(key);
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
    bool auth_waiting = false;
    for (;;) {
        int wait_ms = -1;
        if (any_keepalive() || auth_waiting || any_auth_pending())
            wait_ms = 1000;
        if (timeout_s > 0)
            wait_ms = 1000;
        g_atomic_int_set(&ticking, wait_ms > 0);
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
                /* A client with queued output (its input is the workers'). */
                mvd_client *c = p;
                if (!mvd_client_flush(c)) {
                    mvd_client_kill(c, "write failed");
                    continue;
                }
                g_mutex_lock(&c->lock);
                bool done = c->close_replied && mvd_client_tx_empty(c);
                g_mutex_unlock(&c->lock);
                if (done)
                    mvd_client_kill(c, "connection closed by the client");
            }
        }
        reap();
        if (g_atomic_int_get(&nclients) < mvd_cfg.max_clients)
            arm_listeners(true);
        gint64 now = g_get_monotonic_time();
        if (now - last_tick >= G_USEC_PER_SEC) {
            last_tick = now;
            auth_waiting = tick();
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
    if (!g_atomic_int_get(&ticking))
        mvd_server_wake();   /* the main thread ticks from now on */
}
