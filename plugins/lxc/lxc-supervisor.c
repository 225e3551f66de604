/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-supervisor.c — the per-container supervisor (libvirt's
 * libvirt_lxc): forked by the driver, in its own session with stdio on the
 * domain's log. It makes the interfaces, clones init into new namespaces,
 * writes its uid/gid maps, puts it in the container's cgroups, moves the
 * guest ends into its network namespace and lets it go; then reports
 * "OK <pid>" (or "ERR <reason>") to the starting driver, keeps the console
 * pty master on fd 3 (the driver takes a copy with pidfd_getfd) and its
 * slave on fd 5, and waits.
 * An init killed by SIGHUP (reboot(2) in the container) is started again.
 * At the end: the exit record, the cgroups removed, exit. Forked from a
 * process that may have had threads: system calls and stack buffers only. */

#include "lxc.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/close_range.h>

const char *mv_lxc_strerror(int err)
{
    const char *s = strerrordesc_np(err);
    return s ? s : "Unknown error";
}

#define SUP_CONSOLE_FD 3
#define SUP_STATUS_FD 4
#define SUP_LOCK_FD 6    /* 5 is the console's slave, opened below */
#define SUP_STACK (256 * 1024)

typedef struct {
    mv_lxc_plan *p;
    int sync_r, sync_w, err_r, err_w;
} sup_child_args;

static int sup_reported;   /* the driver has its answer */

/* UTC date of DAYS since 1970-01-01 (Howard Hinnant's civil_from_days):
 * gmtime_r takes glibc's timezone lock, which a thread of the parent may
 * have held when it forked. */
static void civil(long days, int *y, int *m, int *d)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void sup_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void sup_log(const char *fmt, ...)
{
    char buf[1024];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int y, mo, d;
    long secs = (long)ts.tv_sec;
    civil(secs / 86400, &y, &mo, &d);
    long sod = secs % 86400;
    int n = snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02ld:%02ld:%02ld.%03ld: supervisor %d: ",
                     y, mo, d, sod / 3600, sod / 60 % 60, sod % 60, ts.tv_nsec / 1000000,
                     (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 2)
        n = (int)sizeof(buf) - 2;
    buf[n++] = '\n';
    if (write(2, buf, (size_t)n) < 0) {
        /* the log is all we have */
    }
}

static void sup_report(const char *msg)
{
    if (sup_reported)
        return;
    sup_reported = 1;
    if (write(SUP_STATUS_FD, msg, strlen(msg)) < 0) {
        /* the driver is gone: the log has it */
    }
    /* /dev/null keeps the number taken: pipes made later must not get it */
    dup3(0, SUP_STATUS_FD, O_CLOEXEC);
}

/* The first failure, told to the driver only once everything the start
 * made is undone (no half-dead process must outlive the answer). */
static char sup_error[1100];

static int sup_fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static int sup_fail(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sup_log("%s", msg);
    if (!sup_error[0])
        snprintf(sup_error, sizeof(sup_error), "ERR %s\n", msg);
    return -1;
}

static int write_str(const char *path, const char *s)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = write(fd, s, strlen(s));
    int e = errno;
    close(fd);
    return n < 0 ? -e : 0;
}

/* A small file written whole: temporary name, then rename. 0, or -errno
 * with nothing left behind (the old file, if any, stays). */
static int write_atomic(const char *path, const char *s)
{
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -errno;
    size_t len = strlen(s);
    ssize_t n = write(fd, s, len);
    int err = n < 0 ? errno : (size_t)n != len ? ENOSPC : 0;
    if (!err && fsync(fd) < 0)
        err = errno;
    if (close(fd) < 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) < 0)
        err = errno;
    if (err)
        unlink(tmp);
    return -err;
}

static unsigned long long read_oom_kills(const char *path)
{
    char buf[4096];
    if (!path)
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    const char *k = strstr(buf, "oom_kill ");
    return k ? strtoull(k + 9, NULL, 10) : 0;
}

static int write_idmap(pid_t pid, const char *file, const mv_lxc_idmap *m, size_t n)
{
    char path[64], buf[512];
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%u %u %u\n", m[i].start,
                                m[i].target, m[i].count);
    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
    return write_str(path, buf);
}

static int child_fn(void *arg)
{
    sup_child_args *a = arg;
    close(a->sync_w);
    close(a->err_r);
    close(SUP_STATUS_FD);
    mv_lxc_container_main(a->p, a->sync_r, a->err_w);
    _exit(127);
}

/* Deleting the host end deletes the pair, at once (the namespace's own
 * cleanup runs later, in a kernel worker): the names are free again. */
static void nets_delete(mv_lxc_plan *p)
{
    for (size_t i = 0; i < p->nnets; i++)
        if (p->nets[i].created) {
            mv_lxc_nl_link_delete(p->nets[i].host);
            p->nets[i].created = false;
        }
}

static int nets_create(mv_lxc_plan *p)
{
    for (size_t i = 0; i < p->nnets; i++) {
        mv_lxc_netif *n = &p->nets[i];
        int r;
        for (int tries = 0;; tries++) {
            r = mv_lxc_nl_veth_create(n->host, n->guest_tmp, n->mac);
            if (r != -EEXIST || !n->auto_name || tries >= 1000)
                break;
            /* taken since the driver looked (another root, another process) */
            snprintf(n->host, sizeof(n->host), "veth%d", atoi(n->host + 4) + 1);
        }
        if (r < 0)
            return sup_fail("cannot create veth pair '%s': %s", n->host, mv_lxc_strerror(-r));
        n->created = true;
        if (n->bridge[0] && (r = mv_lxc_nl_link_set(n->host, n->bridge, false, 0)) < 0)
            return sup_fail("cannot attach '%s' to bridge '%s': %s", n->host, n->bridge,
                            mv_lxc_strerror(-r));
        if ((r = mv_lxc_nl_link_set(n->host, NULL, true, 0)) < 0)
            return sup_fail("cannot set '%s' up: %s", n->host, mv_lxc_strerror(-r));
    }
    return 0;
}

/* Everything between clone and "go". */
static int child_prepare(mv_lxc_plan *p, pid_t pid)
{
    int r;
    if (p->nuid &&
        ((r = write_idmap(pid, "uid_map", p->uid, p->nuid)) < 0 ||
         (r = write_idmap(pid, "gid_map", p->gid, p->ngid)) < 0))
        return sup_fail("cannot write the container's id maps: %s", mv_lxc_strerror(-r));
    char pidbuf[32];
    snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
    for (char **f = p->cg_procs; f && *f; f++)
        if ((r = write_str(*f, pidbuf)) < 0)
            return sup_fail("cannot put init in cgroup '%s': %s", *f, mv_lxc_strerror(-r));
    for (size_t i = 0; i < p->nnets; i++)
        if ((r = mv_lxc_nl_link_set(p->nets[i].guest_tmp, NULL, false, pid)) < 0)
            return sup_fail("cannot move '%s' into the container: %s", p->nets[i].guest_tmp,
                            mv_lxc_strerror(-r));
    return 0;
}

/* NAME.init: init's pid and start time, for the driver's signals. A
 * container whose init the driver cannot find must not run: -1 with the
 * reason. */
static int write_init_record(mv_lxc_plan *p, pid_t pid)
{
    char line[128];
    snprintf(line, sizeof(line), "%d %llu\n", (int)pid, mv_process_start_time(pid));
    int r = write_atomic(p->init_path, line);
    if (r < 0)
        return sup_fail("cannot record init's pid in '%s': %s", p->init_path, mv_lxc_strerror(-r));
    return 0;
}

/* One life of the container: its wait status, or -1. */
static int run_once(mv_lxc_plan *p, char *stack)
{
    if (nets_create(p) < 0) {
        nets_delete(p);
        return -1;
    }
    int sync[2], err[2];
    if (pipe2(sync, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
        nets_delete(p);
        return sup_fail("cannot make pipes: %s", mv_lxc_strerror(errno));
    }
    sup_child_args a = { p, sync[0], sync[1], err[0], err[1] };
    int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD;
    if (p->nuid)
        flags |= CLONE_NEWUSER;
    pid_t pid = clone(child_fn, stack + SUP_STACK, flags, &a);
    close(sync[0]);
    close(err[1]);
    if (pid < 0) {
        int e = errno;
        close(sync[1]);
        close(err[0]);
        nets_delete(p);
        return sup_fail("cannot clone the container's init with new namespaces: %s", mv_lxc_strerror(e));
    }
    /* the driver finds init through this record: it is in place before
     * init runs, so whatever init does (print "ready") comes after it */
    int ok = child_prepare(p, pid) == 0 && write_init_record(p, pid) == 0;
    if (ok && write(sync[1], "g", 1) != 1) {
        sup_fail("the container's init died before it could start: %s", mv_lxc_strerror(errno));
        ok = 0;
    }
    close(sync[1]);
    char msg[1024];
    ssize_t n = 0;
    if (ok) {
        /* the error pipe closes on exec: EOF means init runs */
        do
            n = read(err[0], msg, sizeof(msg) - 1);
        while (n < 0 && errno == EINTR);
    }
    close(err[0]);
    if (!ok || n > 0) {
        if (n > 0) {
            msg[n] = '\0';
            sup_fail("%s", msg);
        }
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        nets_delete(p);
        return -1;
    }
    char answer[64 + 16 * 64];
    size_t len = (size_t)snprintf(answer, sizeof(answer), "OK %d", (int)pid);
    for (size_t i = 0; i < p->nnets && len < sizeof(answer) - 20; i++)
        len += (size_t)snprintf(answer + len, sizeof(answer) - len, " %s", p->nets[i].host);
    snprintf(answer + len, sizeof(answer) - len, "\n");
    sup_report(answer);
    sup_log("container '%s' started, init pid %d", p->name, (int)pid);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    nets_delete(p);
    return status;
}

static void cgroups_remove(mv_lxc_plan *p)
{
    if (p->cg_kill)
        write_str(p->cg_kill, "1");
    for (char **d = p->cg_dirs; d && *d; d++) {
        for (int tries = 0; tries < 2000; tries++) {
            if (rmdir(*d) == 0 || errno == ENOENT)
                break;
            if (errno != EBUSY) {
                sup_log("cannot remove cgroup %s: %s", *d, mv_lxc_strerror(errno));
                break;
            }
            struct timespec ts = { 0, 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
    }
}

void mv_lxc_supervisor_main(mv_lxc_plan *p)
{
    setsid();
    for (int sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    char comm[16];
    snprintf(comm, sizeof(comm), "lxc %s", p->name);
    prctl(PR_SET_NAME, comm, 0, 0, 0);

    /* fds: 0 /dev/null, 1-2 the log, 3 the console master, 4 the status
     * pipe, (5 the console's slave,) 6 the start lock; nothing else of the
     * parent's survives */
    int con = fcntl(p->console_fd, F_DUPFD_CLOEXEC, 10);
    int stat = fcntl(p->status_fd, F_DUPFD_CLOEXEC, 10);
    int log = fcntl(p->log_fd, F_DUPFD_CLOEXEC, 10);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (con < 0 || stat < 0 || log < 0 || null < 0)
        _exit(2);
    dup2(null, 0);
    dup2(log, 1);
    dup2(log, 2);
    int lock = fcntl(p->lock_fd, F_DUPFD_CLOEXEC, 10);
    dup3(con, SUP_CONSOLE_FD, O_CLOEXEC);
    dup3(stat, SUP_STATUS_FD, O_CLOEXEC);
    if (lock >= 0)
        dup3(lock, SUP_LOCK_FD, O_CLOEXEC);   /* held until we exit */
    syscall(SYS_close_range, SUP_STATUS_FD + 1, SUP_STATUS_FD + 1, 0);
    syscall(SYS_close_range, SUP_LOCK_FD + 1, ~0u, 0);
    /* holding the slave open too keeps the master from reading EIO while
     * no init has it open (before it starts, across a reboot): console
     * sessions survive reboots and see everything init writes */
    int slave = open(p->console_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave >= 0 && slave != SUP_STATUS_FD + 1)
        dup3(slave, SUP_STATUS_FD + 1, O_CLOEXEC), close(slave);
    p->console_fd = SUP_CONSOLE_FD;
    p->status_fd = SUP_STATUS_FD;

    char *stack = mmap(NULL, SUP_STACK, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        sup_fail("cannot allocate a stack: %s", mv_lxc_strerror(errno));
        cgroups_remove(p);
        sup_report(sup_error);
        _exit(1);
    }
    sup_log("starting container '%s'", p->name);
    int status;
    unsigned long long oom_before;
    for (;;) {
        oom_before = read_oom_kills(p->cg_oom);
        status = run_once(p, stack);
        if (status < 0)
            break;
        if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGHUP))
            break;
        sup_log("container '%s' rebooted: starting it again", p->name);
    }
    bool oom = status >= 0 && read_oom_kills(p->cg_oom) > oom_before;
    char rec[128];
    if (status < 0)
        snprintf(rec, sizeof(rec), "error\n");
    else
        snprintf(rec, sizeof(rec), "status %d oom %d\n", status, oom ? 1 : 0);
    if (status >= 0)
        sup_log("container '%s' stopped: %s %d%s", p->name,
                WIFEXITED(status) ? "init exited with status" : "init killed by signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                oom ? " (out of memory)" : "");
    cgroups_remove(p);
    unlink(p->init_path);
    /* without the record the driver reports the end as a failure */
    int r = write_atomic(p->exit_path, rec);
    if (r < 0)
        sup_log("cannot write the exit record '%s': %s", p->exit_path, mv_lxc_strerror(-r));
    if (status < 0)
        sup_report(sup_error[0] ? sup_error : "ERR the container could not be started\n");
    _exit(status < 0 ? 1 : 0);
}
