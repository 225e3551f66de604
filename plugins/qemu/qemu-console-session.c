/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-console-session.c — one console session per guest
 * pty, as libvirt's character device locking: a second
 * virDomainOpenConsole on a pty in use is refused, VIR_DOMAIN_CONSOLE_FORCE
 * ends the session in use first, and a lock file in /var/lock (LCK..pts_N
 * with the holder's pid) keeps other processes off the pty too.
 *
 * The application's stream does not read the guest's pty itself: it gets
 * the slave of a pty pair of ours, and a relay thread copies between the
 * guest's pty and the pair's master. That is how a session's end is
 * seen whoever ends it: the stream finishing, aborting or freed closes the
 * slave (the master then hangs up), the guest's pty closing (QEMU ended)
 * stops the relay, and ending a session here closes the master (the
 * stream then reads its end, writes fail with EIO), as the guest's own
 * pty does when QEMU goes away. The stream keeps watching a real fd, so
 * event-driven clients stay event-driven. */
#include "qemu-driver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <termios.h>
#include <unistd.h>

#define LOCK_DIR "/var/lock"
#define RELAY_BUF 4096

typedef struct {
    char *path;        /* the guest's pty: the key */
    int guest;         /* the guest's pty, opened */
    int master;        /* our pair's master; its slave serves the stream */
    int stop;          /* eventfd: the relay ends when it becomes readable */
    bool lock_file;    /* we created the lock file of PATH */
    pthread_t thread;
} session;

/* Serializes opening and ending sessions (joins happen under it). */
static pthread_mutex_t attach_lock = PTHREAD_MUTEX_INITIALIZER;
/* Guards SESSIONS; the relays take it, never ATTACH_LOCK. */
static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;
static GHashTable *sessions;   /* path -> session, each with a running relay */

static void session_free(session *s)
{
    if (s->guest >= 0)
        close(s->guest);
    if (s->master >= 0)
        close(s->master);
    if (s->stop >= 0)
        close(s->stop);
    g_free(s->path);
    g_free(s);
}

/* --- lock files (as libvirt's, so other processes respect ours) -------------- */

static char *lock_path(const char *dev)
{
    const char *name = g_str_has_prefix(dev, "/dev/") ? dev + 4 : dev;
    g_autofree char *flat = g_strdup(name);
    for (char *p = flat; *p; p++)
        if (*p == '/')
            *p = '_';
    return g_strdup_printf("%s/LCK..%s", LOCK_DIR, flat);
}

/* The pid in the lock file at PATH if that process runs, else 0. */
static pid_t lock_holder(const char *path)
{
    g_autofree char *text = NULL;
    long long pid = 0;
    if (!g_file_get_contents(path, &text, NULL, NULL) || sscanf(text, "%lld", &pid) != 1 ||
        pid <= 0 || (pid_t)pid != pid)
        return 0;
    if (kill((pid_t)pid, 0) < 0 && errno != EPERM)
        return 0;
    return (pid_t)pid;
}

/* Creates the lock file of DEV: 0 (also when an unprivileged process may
 * not write the lock directory), or -1 with libvirt's errors. */
static int lock_create(session *s)
{
    g_autofree char *path = lock_path(s->path);
    pid_t holder = lock_holder(path);
    if (holder > 0) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_OPERATION_FAILED,
                        "Requested device '%s' is locked by lock file '%s' held by process %lld",
                        s->path, path, (long long)holder);
        return -1;
    }
    unlink(path);   /* stale, malformed or absent */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EACCES && geteuid() != 0)
            return 0;
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno,
                              "Couldn't create lock file for device '%s' in path '%s'",
                              s->path, path);
        return -1;
    }
    g_autofree char *pid = g_strdup_printf("%10lld\n", (long long)getpid());
    ssize_t w = write(fd, pid, strlen(pid));
    int err = errno;
    close(fd);
    if (w != (ssize_t)strlen(pid)) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, w < 0 ? err : ENOSPC,
                              "Couldn't write to lock file for device '%s' in path '%s'",
                              s->path, path);
        unlink(path);
        return -1;
    }
    s->lock_file = true;
    return 0;
}

static void lock_remove(session *s)
{
    if (!s->lock_file)
        return;
    g_autofree char *path = lock_path(s->path);
    unlink(path);
    s->lock_file = false;
}

/* --- the relay ---------------------------------------------------------------- */

typedef struct {
    char data[RELAY_BUF];
    size_t off, len;
} relay_buf;

/* Reads FD into an empty B: false at the end of FD (EOF, EIO: the other
 * side of that pty is gone) or on an error. */
static bool fill(int fd, relay_buf *b)
{
    ssize_t r = read(fd, b->data, sizeof(b->data));
    if (r > 0) {
        b->off = 0;
        b->len = (size_t)r;
        return true;
    }
    return r < 0 && (errno == EAGAIN || errno == EINTR);
}

/* Writes what B holds to FD: false when FD cannot take it any more. */
static bool drain(int fd, relay_buf *b)
{
    ssize_t w = write(fd, b->data + b->off, b->len - b->off);
    if (w < 0)
        return errno == EAGAIN || errno == EINTR;
    b->off += (size_t)w;
    if (b->off == b->len)
        b->off = b->len = 0;
    return true;
}

static void relay_run(session *s)
{
    relay_buf out = { 0 }, in = { 0 };   /* guest -> stream, stream -> guest */
    for (;;) {
        /* An fd with nothing to do is left out: a hung-up side that cannot
         * be read now would otherwise wake the poll again and again. */
        bool guest_busy = out.len && !in.len, stream_busy = in.len && !out.len;
        struct pollfd p[3] = {
            { .fd = s->stop, .events = POLLIN },
            { .fd = guest_busy ? -1 : s->guest,
              .events = (short)((out.len ? 0 : POLLIN) | (in.len ? POLLOUT : 0)) },
            { .fd = stream_busy ? -1 : s->master,
              .events = (short)((in.len ? 0 : POLLIN) | (out.len ? POLLOUT : 0)) },
        };
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (p[0].revents)
            return;
        if ((p[1].revents & POLLOUT) && !drain(s->guest, &in))
            return;
        if ((p[2].revents & POLLOUT) && !drain(s->master, &out))
            return;
        if (!out.len && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !fill(s->guest, &out))
            return;   /* QEMU closed its pty (what it wrote before was read) */
        if (!in.len && (p[2].revents & (POLLIN | POLLHUP | POLLERR)) && !fill(s->master, &in))
            return;   /* the stream closed its end */
    }
}

static void *relay(void *data)
{
    session *s = data;
    relay_run(s);
    /* Still registered: the session ended by itself and cleans up after
     * itself; otherwise whoever took it out of the table joins and frees. */
    pthread_mutex_lock(&sessions_lock);
    bool mine = g_hash_table_lookup(sessions, s->path) == s;
    if (mine) {
        g_hash_table_remove(sessions, s->path);
        lock_remove(s);
        pthread_detach(pthread_self());
    }
    pthread_mutex_unlock(&sessions_lock);
    if (mine)
        session_free(s);
    return NULL;
}

/* Ends S, which is out of the table: its relay stops, the stream reads
 * its end. */
static void session_end(session *s)
{
    uint64_t one = 1;
    if (write(s->stop, &one, sizeof(one)) < 0)
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "console %s: cannot stop the relay: %s", s->path,
               g_strerror(errno));
    pthread_join(s->thread, NULL);
    session_free(s);
}

/* Whether the stream of S is gone: the slave of our pair is closed. */
static bool stream_gone(const session *s)
{
    struct pollfd p = { .fd = s->master, .events = 0 };
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR));
}

/* With SESSIONS_LOCK held: takes the session of PATH out of the table. */
static session *steal(const char *path)
{
    session *s = sessions ? g_hash_table_lookup(sessions, path) : NULL;
    if (s) {
        g_hash_table_steal(sessions, path);
        lock_remove(s);
    }
    return s;
}

/* --- opening ------------------------------------------------------------------ */

static void make_raw(int fd)
{
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
    }
}

/* The session's fds: the guest's pty, our pair (*SLAVE gets its slave)
 * and the stop eventfd. 0, or -1 with an error. */
static int session_open(session *s, int *slave)
{
    s->guest = open(s->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (s->guest < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Unable to open tty %s", s->path);
        return -1;
    }
    make_raw(s->guest);
    char name[64];
    s->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s->master < 0 || grantpt(s->master) < 0 || unlockpt(s->master) < 0 ||
        ptsname_r(s->master, name, sizeof(name)) != 0 ||
        fcntl(s->master, F_SETFL, fcntl(s->master, F_GETFL) | O_NONBLOCK) < 0 ||
        (*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create a pty for the console of %s", s->path);
        return -1;
    }
    make_raw(*slave);
    s->stop = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (s->stop < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create an eventfd");
        return -1;
    }
    return 0;
}

/* Starts the relay of S with signals blocked (they are the
 * application's). 0, or -1 with an error. */
static int relay_start(session *s)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&s->thread, NULL, relay, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, rc,
                              "cannot start the console relay");
        return -1;
    }
    return 0;
}

int mv_qemu_console_attach(virConnectPtr conn, const char *path, virStreamPtr st, bool force)
{
    session *s = g_new0(session, 1);
    s->path = g_strdup(path);
    s->guest = s->master = s->stop = -1;
    int slave = -1;
    if (session_open(s, &slave) < 0) {
        if (slave >= 0)
            close(slave);
        session_free(s);
        return -1;
    }

    pthread_mutex_lock(&attach_lock);
    pthread_mutex_lock(&sessions_lock);
    session *old = sessions ? g_hash_table_lookup(sessions, path) : NULL;
    bool busy = old && !force && !stream_gone(old);
    old = busy ? NULL : steal(path);
    pthread_mutex_unlock(&sessions_lock);
    if (busy) {
        pthread_mutex_unlock(&attach_lock);
        close(slave);
        session_free(s);
        return 1;
    }
    if (old)
        session_end(old);   /* its stream reads the end */

    int ret = -1;
    if (lock_create(s) < 0) {
        close(slave);
        goto out;
    }
    /* The stream owns the slave from here on, whatever happens. */
    if (mv_stream_attach_fd(conn, st, slave) < 0)
        goto out;
    pthread_mutex_lock(&sessions_lock);
    if (!sessions)
        sessions = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(sessions, s->path, s);
    pthread_mutex_unlock(&sessions_lock);
    if (relay_start(s) < 0) {
        pthread_mutex_lock(&sessions_lock);
        g_hash_table_remove(sessions, s->path);
        pthread_mutex_unlock(&sessions_lock);
        goto out;   /* closing the master ends the stream */
    }
    s = NULL;
    ret = 0;
out:
    if (s) {
        lock_remove(s);
        session_free(s);
    }
    pthread_mutex_unlock(&attach_lock);
    return ret;
}

void mv_qemu_console_release(const char *path)
{
    pthread_mutex_lock(&attach_lock);
    pthread_mutex_lock(&sessions_lock);
    session *s = steal(path);
    pthread_mutex_unlock(&sessions_lock);
    if (s)
        session_end(s);
    pthread_mutex_unlock(&attach_lock);
}
