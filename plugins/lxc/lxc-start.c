/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-start.c — starting and stopping containers, with the
 * state lock held. Start: plan (all checks, nothing changed on a refusal),
 * cgroups, console pty, log, then fork the supervisor and wait for its
 * "OK <init pid>" (init has exec'd) or "ERR <reason>". Destroy: SIGKILL to
 * every process through the cgroup, then wait for the supervisor, which
 * removes the cgroups. The end of a container, whoever caused it, is
 * handled once, in mv_lxc_exited; a reboot inside is noticed when the
 * supervisor writes a new NAME.init. */
#include "lxc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MV_LXC_START_TIMEOUT_MS 30000
#define MV_LXC_STOP_TIMEOUT_MS 10000

void mv_lxc_report_not_running(void)
{
    mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID, "domain is not running");
}

static int plan_cgroup(mv_lxc_plan *p, mv_cgroup *cg)
{
    GPtrArray *procs = g_ptr_array_new(), *dirs = g_ptr_array_new();
    for (guint i = 0; i < cg->dirs->len; i++) {
        g_ptr_array_add(procs, g_build_filename(cg->dirs->pdata[i], "cgroup.procs", NULL));
        g_ptr_array_add(dirs, g_strdup(cg->dirs->pdata[i]));
    }
    g_ptr_array_add(procs, NULL);
    g_ptr_array_add(dirs, NULL);
    p->cg_procs = (char **)g_ptr_array_free(procs, FALSE);
    p->cg_dirs = (char **)g_ptr_array_free(dirs, FALSE);
    if (cg->unified)
        p->cg_kill = g_build_filename(cg->unified, "cgroup.kill", NULL);
    p->cg_oom = mv_cgroup_file(cg, MV_CGROUP_MEMORY, "memory.oom_control", "memory.events");
    return 0;
}

static int open_console(mv_lxc_plan *p)
{
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    char name[64];
    if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0 || ptsname_r(fd, name, sizeof(name)) != 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot allocate a console pty");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    p->console_fd = fd;
    p->console_path = g_strdup(name);
    /* a user namespace's root must own its console */
    for (size_t i = 0; i < p->nuid; i++) {
        if (p->uid[i].start != 0)
            continue;
        unsigned int gid = 0;
        for (size_t j = 0; j < p->ngid; j++)
            if (p->gid[j].start == 0)
                gid = p->gid[j].target;
        if (chown(name, p->uid[i].target, gid) < 0) {
            mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "cannot give the console pty '%s' to uid %u", name,
                                  p->uid[i].target);
            return -1;
        }
    }
    return 0;
}

/* Reads the supervisor's one-line answer. */
static char *read_answer(int fd)
{
    GString *s = g_string_new(NULL);
    gint64 deadline = g_get_monotonic_time() + MV_LXC_START_TIMEOUT_MS * 1000LL;
    for (;;) {
        gint64 left = (deadline - g_get_monotonic_time()) / 1000;
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (left <= 0 || (poll(&pfd, 1, (int)left) < 0 && errno != EINTR))
            break;
        char buf[512];
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        g_string_append_len(s, buf, n);
        if (strchr(s->str, '\n'))
            break;
    }
    return g_string_free(s, FALSE);
}

static void set_console_path(mv_domain_def *def, const char *path)
{
    for (size_t i = 0; i < def->devices->nconsoles; i++) {
        mv_domain_chr_def *c = def->devices->consoles[i];
        g_free(c->path);
        c->path = g_strdup(path);
    }
}

/* RUN/NAME.lock, locked; the supervisor keeps it for the container's life,
 * so a second process whose view of the domain is older (it loaded the
 * state before the first started it) gets a clear error instead of a
 * second container on the same root. */
static int start_lock(mv_lxc_state *st, const char *name)
{
    g_autofree char *path = mv_lxc_path(st, MV_PATH_RUN, name, ".lock");
    int fd = mv_file_lock(path);
    if (fd == -2)
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "domain '%s' is already running (started by another process "
                        "using this URI)", name);
    return fd < 0 ? -1 : fd;
}

static void lxc_release_run(mv_lxc_state *st, mv_lxc_dom *d);
static void lxc_kill_wait(mv_lxc_dom *d);

/* The container runs: frozen if asked, then recorded. A container no
 * status file names would run on unseen by every other process (and by
 * this one once it closes the root), so a start that cannot record it
 * fails. 0, or -1 with an error. */
static int lxc_start_finish(mv_lxc_state *st, mv_lxc_dom *d, bool paused)
{
    if (paused) {
        if (mv_cgroup_freeze(d->run.cg, true) < 0)
            return -1;
        d->obj->state = VIR_DOMAIN_PAUSED;
        d->obj->reason = VIR_DOMAIN_PAUSED_USER;
    }
    return mv_lxc_status_save(st, d);
}

/* Undoes a start whose container runs already: kills it, waits for its
 * supervisor and leaves D shut off with its definition as before the
 * start, without events (none was sent); a transient D leaves the list.
 * The error that explains the failure stays. */
static void lxc_start_undo(mv_lxc_state *st, mv_lxc_dom *d)
{
    lxc_kill_wait(d);
    lxc_release_run(st, d);
    mv_domain_list_set_inactive(st->doms, d->obj, VIR_DOMAIN_SHUTOFF_FAILED);
}

int mv_lxc_start(mv_lxc_state *st, mv_lxc_dom *d, virConnectPtr conn, int reason, bool paused)
{
    if (mv_lxc_dom_active(d)) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID, "domain is already running");
        return -1;
    }
    if (geteuid() != 0) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_DENIED,
                        "starting a container needs root (namespaces and cgroups)");
        return -1;
    }
    /* Our <metadata> settings of the definition that runs (checked when
     * it was parsed). */
    if (mv_lxc_extra_of(d->obj->def, &d->extra) < 0)
        return -1;
    /* One supervisor per container, whichever process starts it: it
     * inherits this lock and holds it for the container's life. */
    int lockfd = start_lock(st, d->obj->def->name);
    if (lockfd < 0)
        return -1;
    mv_lxc_plan *p = mv_lxc_plan_new(st, d, conn);
    if (!p) {
        close(lockfd);
        return -1;
    }
    p->lock_fd = lockfd;
    mv_cgroup *cg = mv_lxc_cgroup_create(st, d);
    if (!cg) {
        close(p->lock_fd);
        mv_lxc_plan_free(p);
        return -1;
    }
    plan_cgroup(p, cg);
    g_autofree char *log = mv_lxc_path(st, MV_PATH_LOG, d->obj->def->name, ".log");
    int pipefd[2] = { -1, -1 };
    char *answer = NULL;
    unlink(p->exit_path);
    unlink(p->init_path);
    if (open_console(p) < 0)
        goto fail;
    p->log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (p->log_fd < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno, "cannot open log '%s'", log);
        goto fail;
    }
    if (pipe2(pipefd, O_CLOEXEC) < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno, "cannot make a pipe");
        goto fail;
    }
    p->status_fd = pipefd[1];
    pid_t pid = fork();
    if (pid == 0)
        mv_lxc_supervisor_main(p);
    if (pid < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot fork the container's supervisor");
        goto fail;
    }
    close(pipefd[1]);
    pipefd[1] = -1;
    answer = read_answer(pipefd[0]);
    int sup_pidfd = mv_process_pidfd(pid);
    pid_t init = 0;
    if (!g_str_has_prefix(answer, "OK ") || (init = (pid_t)atoi(answer + 3)) <= 0 || sup_pidfd < 0) {
        g_strchomp(answer);
        if (g_str_has_prefix(answer, "ERR "))
            mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_FAILED,
                            "container '%s' failed to start: %s (see %s)", d->obj->def->name,
                            answer + 4, log);
        else
            mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_FAILED,
                            "container '%s' failed to start: the supervisor %s (see %s)",
                            d->obj->def->name, *answer ? "answered nonsense" : "did not answer", log);
        /* it exits once it has cleaned up; a hung one is killed */
        if (sup_pidfd < 0 || !mv_process_exited(sup_pidfd, MV_LXC_STOP_TIMEOUT_MS))
            kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        if (sup_pidfd >= 0)
            close(sup_pidfd);
        goto fail;
    }
    /* the host ends the supervisor ended up with */
    {
        g_auto(GStrv) words = g_strsplit(g_strchomp(answer), " ", -1);
        for (size_t i = 0; i < p->nnets && words[0] && words[1] && words[i + 2]; i++)
            g_strlcpy(p->nets[i].host, words[i + 2], sizeof(p->nets[i].host));
    }
    g_free(answer);
    close(pipefd[0]);
    close(p->console_fd);
    close(p->log_fd);
    close(p->lock_fd);   /* the supervisor's copy holds the lock */
    d->run.sup_pid = pid;
    d->run.sup_start = mv_process_start_time(pid);
    d->run.sup_pidfd = sup_pidfd;
    d->run.init_pid = d->run.seen_init = init;
    d->run.init_start = mv_process_start_time(init);
    d->run.cg = cg;
    d->run.console_path = g_steal_pointer(&p->console_path);
    d->run.stopping = false;
    d->run.stop_reason = 0;
    /* Active from here, with the supervisor's pid as its id (libvirt's is
     * its controller's); live changes never reach the persistent
     * definition, which waits. */
    if (mv_domain_list_set_active(st->doms, d->obj, NULL, (int)pid, VIR_DOMAIN_RUNNING,
                                  reason) < 0) {
        mv_lxc_plan_free(p);
        lxc_kill_wait(d);
        lxc_release_run(st, d);
        return -1;
    }
    /* as libvirt, the live definition names the host ends */
    for (size_t i = 0; i < p->nnets && i < d->obj->def->devices->nnets; i++) {
        mv_domain_net_def *net = d->obj->def->devices->nets[i];
        if (!net->ifname)
            net->ifname = g_strdup(p->nets[i].host);
    }
    mv_lxc_plan_free(p);
    set_console_path(d->obj->def, d->run.console_path);
    if (lxc_start_finish(st, d, paused) < 0) {
        lxc_start_undo(st, d);
        return -1;
    }
    mv_lxc_wake(st);
    return 0;

fail:
    g_free(answer);
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    if (pipefd[1] >= 0)
        close(pipefd[1]);
    if (p->console_fd >= 0)
        close(p->console_fd);
    if (p->log_fd >= 0)
        close(p->log_fd);
    close(p->lock_fd);
    mv_cgroup_kill(cg);
    mv_cgroup_remove(cg);
    mv_cgroup_free(cg);
    for (size_t i = 0; i < p->nnets; i++)
        mv_lxc_nl_link_delete(p->nets[i].host);
    rmdir(p->stage);
    unlink(p->exit_path);
    unlink(p->init_path);
    mv_lxc_plan_free(p);
    return -1;
}

/* The exit record: 0 with *status and *oom, or -1 (error or none). */
static int read_exit(mv_lxc_state *st, const char *name, int *status, int *oom)
{
    g_autofree char *path = mv_lxc_path(st, MV_PATH_RUN, name, ".exit");
    g_autofree char *rec = NULL;
    if (!(rec = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL)))
        return -1;
    return sscanf(rec, "status %d oom %d", status, oom) == 2 ? 0 : -1;
}

/* A supervisor that left no record ended abnormally (it was killed, or the
 * record could not be written): libvirt's "failed". Init killed by a
 * signal, the OOM killer included, is "crashed"; init exiting, "shutdown". */
int mv_lxc_exit_reason(mv_lxc_state *st, const char *name)
{
    int status = 0, oom = 0;
    if (read_exit(st, name, &status, &oom) < 0)
        return VIR_DOMAIN_SHUTOFF_FAILED;
    if (oom || WIFSIGNALED(status))
        return VIR_DOMAIN_SHUTOFF_CRASHED;
    return VIR_DOMAIN_SHUTOFF_SHUTDOWN;
}

static const int stop_events[][2] = {
    [VIR_DOMAIN_SHUTOFF_SHUTDOWN] = { VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN },
    [VIR_DOMAIN_SHUTOFF_DESTROYED] = { VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED },
    [VIR_DOMAIN_SHUTOFF_CRASHED] = { VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED },
    [VIR_DOMAIN_SHUTOFF_FAILED] = { VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED },
};

/* The supervisor is gone (or going): reaps it if it is our child, cleans
 * what it could not (cgroups, when this process may change things) and
 * forgets the run. The status files go too, unless only read-only
 * connections watched: a read-write load cleans up after them. */
static void lxc_release_run(mv_lxc_state *st, mv_lxc_dom *d)
{
    mv_process_reap(d->run.sup_pidfd, NULL);
    close(d->run.sup_pidfd);
    d->run.sup_pidfd = -1;
    if (d->run.cg && mv_lxc_writable(st)) {
        if (!mv_cgroup_empty(d->run.cg))
            mv_cgroup_kill(d->run.cg);
        mv_cgroup_remove(d->run.cg);
    }
    g_clear_pointer(&d->run.cg, mv_cgroup_free);
    if (mv_lxc_writable(st))
        mv_lxc_status_remove(st, d->obj->def->name);
    g_clear_pointer(&d->run.console_path, g_free);
    d->run.sup_pid = d->run.init_pid = d->run.seen_init = 0;
    d->run.stopping = false;
    d->run.stop_reason = 0;
}

/* The supervisor is gone: find out why from its exit record, clean up
 * and mark D shut off. */
void mv_lxc_exited(mv_lxc_state *st, mv_lxc_dom *d)
{
    int reason = d->run.stop_reason ? d->run.stop_reason
                                    : mv_lxc_exit_reason(st, d->obj->def->name);
    mv_log(MV_LOG_INFO, MV_LXC_SRC, "container '%s' stopped (reason %d)", d->obj->def->name, reason);
    mv_lxc_dom_event(st, d, stop_events[reason][0], stop_events[reason][1]);
    lxc_release_run(st, d);
    set_console_path(d->obj->def, NULL);
    /* The definition that waited is back; a transient domain is gone
     * (D with it, unless the caller holds a reference). */
    mv_domain_list_set_inactive(st->doms, d->obj, reason);
}

/* Kills every process of D and waits for its supervisor to finish. */
static void lxc_kill_wait(mv_lxc_dom *d)
{
    if (d->run.cg)
        mv_cgroup_kill(d->run.cg);
    if (!mv_process_exited(d->run.sup_pidfd, MV_LXC_STOP_TIMEOUT_MS)) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "container '%s': supervisor still running, killing it",
               d->obj->def->name);
        mv_process_signal(d->run.sup_pidfd, SIGKILL);
        mv_process_exited(d->run.sup_pidfd, MV_LXC_STOP_TIMEOUT_MS);
    }
}

int mv_lxc_stop(mv_lxc_state *st, mv_lxc_dom *d, int reason)
{
    d->run.stopping = true;
    d->run.stop_reason = reason;
    lxc_kill_wait(d);
    mv_lxc_exited(st, d);
    return 0;
}

/* NAME.init was replaced: after a reboot, a new init runs. */
void mv_lxc_init_changed(mv_lxc_state *st, mv_lxc_dom *d)
{
    g_autofree char *path = mv_lxc_path(st, MV_PATH_RUN, d->obj->def->name, ".init");
    g_autofree char *rec = NULL;
    int pid = 0;
    unsigned long long start = 0;
    if (!(rec = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL)) || sscanf(rec, "%d %llu", &pid, &start) != 2 ||
        pid == d->run.seen_init)
        return;
    bool reboot = d->run.seen_init != 0;
    d->run.init_pid = d->run.seen_init = pid;
    d->run.init_start = start;
    if (reboot) {
        mv_log(MV_LOG_INFO, MV_LXC_SRC, "container '%s' rebooted, init pid %d", d->obj->def->name, pid);
        mv_event_queue_domain_reboot(st->events, d->obj->def->name, d->obj->def->uuid, d->obj->def->id);
        /* nobody waits for an answer: the stale status names the
         * supervisor still, which is what re-attaching needs */
        if (mv_lxc_status_save(st, d) < 0) {
            mv_log(MV_LOG_WARN, MV_LXC_SRC, "%s", virGetLastErrorMessage());
            mv_error_reset();
        }
    }
}

