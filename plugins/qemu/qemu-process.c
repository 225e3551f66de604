/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-process.c — starting a QEMU process for a domain and
 * taking it down: what the command line needs is prepared (taps, volume
 * paths, a VNC port), QEMU is spawned in its own session with stdio on the
 * domain's log, watched through a pidfd, driven over QMP (-S, then cont);
 * any failure kills and reaps it and leaves nothing behind. */
#include "qemu-driver.h"
#include "qemu-command.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <glib-unix.h>


/* --- /proc ------------------------------------------------------------------ */

unsigned long long mv_qemu_process_cputime(pid_t pid)
{
    /* The process's CPU clock: one syscall, no /proc text to parse. */
    clockid_t clk;
    struct timespec ts;
    if (pid > 0 && clock_getcpuclockid(pid, &clk) == 0 && clock_gettime(clk, &ts) == 0)
        return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
    unsigned long long u = 0, s = 0;
    if (pid <= 0 || !mv_process_proc_stat(pid, NULL, &u, &s))
        return 0;
    long hz = sysconf(_SC_CLK_TCK);
    return (u + s) * (1000000000ULL / (unsigned long long)(hz > 0 ? hz : 100));
}

char *mv_qemu_run_path(mv_qemu_state *st, const char *name, const char *suffix)
{
    return mv_driver_state_path(st->root, MV_PATH_RUN, name, suffix);
}

/* --- preparation -------------------------------------------------------------- */

/* A free TCP port on the host from 5900 on, for autoport VNC. */
static int vnc_free_port(void)
{
    for (int port = 5900; port < 65536; port++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return -1;
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
                                 .sin_addr.s_addr = htonl(INADDR_ANY) };
        int ok = bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
        close(fd);
        if (ok)
            return port;
    }
    return -1;
}

typedef struct {
    int *taps;                 /* our fds, -1 when none */
    int *tap_targets;          /* the fd numbers QEMU gets */
    size_t ntaps;
    char **volume_paths;
    size_t nvolumes;
    int vnc_port;
} prep;

static void prep_clear(prep *p)
{
    for (size_t i = 0; i < p->ntaps; i++)
        if (p->taps[i] >= 0)
            close(p->taps[i]);
    g_free(p->taps);
    g_free(p->tap_targets);
    for (size_t i = 0; i < p->nvolumes; i++)
        g_free(p->volume_paths[i]);
    g_free(p->volume_paths);
}

static int prepare(virConnectPtr conn, mv_domain_def *def, prep *p)
{
    mv_domain_devices *d = def->devices;
    p->nvolumes = d->ndisks;
    p->volume_paths = g_new0(char *, d->ndisks + 1);
    for (size_t i = 0; i < d->ndisks; i++) {
        mv_domain_disk_def *disk = d->disks[i];
        if (disk->type == MV_DOMAIN_DISK_TYPE_VOLUME) {
            if (!(p->volume_paths[i] = mv_qemu_volume_path(conn, disk)))
                return -1;
        } else if (disk->src_path && disk->type == MV_DOMAIN_DISK_TYPE_FILE &&
                   access(disk->src_path, F_OK) < 0) {
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "Cannot access storage file '%s'", disk->src_path);
            return -1;
        }
    }
    p->ntaps = d->nnets;
    p->taps = g_new(int, d->nnets + 1);
    p->tap_targets = g_new(int, d->nnets + 1);
    for (size_t i = 0; i < d->nnets; i++) {
        p->taps[i] = -1;
        p->tap_targets[i] = -1;
    }
    for (size_t i = 0; i < d->nnets; i++) {
        mv_domain_net_def *n = d->nets[i];
        if (n->type == MV_DOMAIN_NET_TYPE_USER)
            continue;
        g_autofree char *bridge = NULL;
        if (n->type != MV_DOMAIN_NET_TYPE_ETHERNET && !(bridge = mv_qemu_net_bridge(conn, n)))
            return -1;
        char *ifname = NULL;
        if ((p->taps[i] = mv_qemu_tap_open(n, bridge, &ifname)) < 0)
            return -1;
        g_free(n->ifname);
        n->ifname = ifname;
        p->tap_targets[i] = 3 + (int)i;
    }
    p->vnc_port = -1;
    for (size_t i = 0; i < d->ngraphics; i++) {
        mv_domain_graphics_def *g = d->graphics[i];
        if (g->type != MV_DOMAIN_GRAPHICS_VNC)
            continue;
        if (g->autoport || g->port < 0) {
            if ((p->vnc_port = vnc_free_port()) < 0) {
                mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                                "Unable to find an unused port for VNC");
                return -1;
            }
            g->port = p->vnc_port;
        } else {
            p->vnc_port = g->port;
        }
    }
    return 0;
}

/* --- spawn -------------------------------------------------------------------- */

/* Appends the command line to the log, as libvirt does, so a failure can be
 * read next to what QEMU printed. */
static int log_open(mv_qemu_state *st, const char *name, char **argv, char **path)
{
    *path = g_strdup_printf("%s/%s.log", st->log_dir, name);
    int fd = open(*path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open log file '%s'", *path);
        return -1;
    }
    GString *s = g_string_new(NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *ts = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");
    g_string_append_printf(s, "%s.%03d+0000: starting up\n", ts,
                           g_date_time_get_microsecond(now) / 1000);
    for (char **a = argv; *a; a++) {
        g_autofree char *q = g_shell_quote(*a);
        g_string_append(s, q);
        g_string_append_c(s, a[1] ? ' ' : '\n');
    }
    if (write(fd, s->str, s->len) < 0) {
        /* the log is a help, not a requirement */
    }
    g_string_free(s, TRUE);
    return fd;
}

/* QEMU's whole environment: nothing of the caller's leaks into it. */
static const char *const qemu_env[] = {
    "LC_ALL=C", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/", NULL
};

/* RUN/NAME.lock, locked for the start; QEMU inherits the fd and keeps the
 * lock until it exits, so a second process whose view of the domain is
 * older (it loaded the state before the first started it) gets a clear
 * error instead of starting a second QEMU on the same disks. */
static int start_lock(mv_qemu_state *st, const char *name)
{
    g_autofree char *path = mv_qemu_run_path(st, name, ".lock");
    int fd = mv_file_lock(path);
    if (fd == -2)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "domain '%s' is already running (started by another process "
                        "using this URI)", name);
    return fd < 0 ? -1 : fd;
}

/* The id of a domain starting on ST's root: -1 with an error naming it. */
static int start_id(mv_qemu_state *st, const char *name)
{
    int id = mv_driver_state_next_id(st->root);
    if (id < 0) {
        virErrorPtr e = virGetLastError();
        g_autofree char *cause = g_strdup(e && e->str2 ? e->str2 : virGetLastErrorMessage());
        mv_error_report(MV_QEMU_ERR, e ? e->code : VIR_ERR_INTERNAL_ERROR,
                        "cannot allocate an id for domain '%s': %s", name, cause);
    }
    return id;
}

/* Kills a process we just spawned and reaps it. */
static void kill_reap(pid_t pid, int pidfd)
{
    kill(pid, SIGKILL);
    siginfo_t si;
    if (pidfd >= 0)
        waitid(P_PIDFD, (id_t)pidfd, &si, WEXITED);
    else
        waitpid(pid, NULL, 0);
}

/* --- live definition ------------------------------------------------------- */

/* Fills the pty paths QEMU chose into the live definition, and the state
 * of each virtio channel (whether the guest has opened its port). */
static void live_chardevs(mv_qemu_state *st, mv_qemu_vm *vm)
{
    JsonNode *r = mv_qemu_job_qmp(st, vm, "query-chardev", NULL, MV_QEMU_QMP_REPLY_MS);
    if (!r)
        return;
    JsonArray *arr = JSON_NODE_HOLDS_ARRAY(r) ? json_node_get_array(r) : NULL;
    mv_domain_devices *d = vm->obj->def->devices;
    for (guint i = 0; arr && i < json_array_get_length(arr); i++) {
        JsonObject *o = json_array_get_object_element(arr, i);
        const char *label = o ? json_object_get_string_member_with_default(o, "label", "") : "";
        const char *fname = o ? json_object_get_string_member_with_default(o, "filename", "") : "";
        unsigned idx;
        if (sscanf(label, "charchannel%u", &idx) == 1 && idx < d->nchannels &&
            json_object_has_member(o, "frontend-open")) {
            g_autofree char *alias = g_strdup_printf("channel%u", idx);
            mv_qemu_channel_state_changed(
                vm, alias, json_object_get_boolean_member(o, "frontend-open"),
                VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_DOMAIN_STARTED);
        }
        if (!g_str_has_prefix(fname, "pty:"))
            continue;
        mv_domain_chr_def *c = NULL;
        if (sscanf(label, "charserial%u", &idx) == 1 && idx < d->nserials)
            c = d->serials[idx];
        else if (sscanf(label, "charconsole%u", &idx) == 1 && idx < d->nconsoles)
            c = d->consoles[idx];
        else if (sscanf(label, "charchannel%u", &idx) == 1 && idx < d->nchannels)
            c = d->channels[idx];
        if (c && c->type == MV_DOMAIN_CHR_TYPE_PTY) {
            g_free(c->path);
            c->path = g_strdup(fname + 4);
        }
    }
    /* A console of target type serial is the first serial port. */
    for (size_t i = 0; i < d->nconsoles; i++) {
        mv_domain_chr_def *c = d->consoles[i];
        if (c->type == MV_DOMAIN_CHR_TYPE_PTY && !c->path && d->nserials &&
            d->serials[0]->path && (!c->target_type || g_str_equal(c->target_type, "serial")))
            c->path = g_strdup(d->serials[0]->path);
    }
    json_node_unref(r);
}

/* Restore: waits until QEMU has read the incoming state. */
static int wait_incoming(mv_qemu_state *st, mv_qemu_vm *vm)
{
    for (int i = 0; i < 60000; i++) {
        JsonNode *r = mv_qemu_job_qmp(st, vm, "query-status", NULL, MV_QEMU_QMP_REPLY_MS);
        if (!r)
            return -1;
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
        const char *status = o ? json_object_get_string_member_with_default(o, "status", "") : "";
        bool done = !g_str_equal(status, "inmigrate");
        bool failed = g_str_equal(status, "internal-error") || g_str_equal(status, "shutdown");
        json_node_unref(r);
        if (failed) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                            "QEMU could not load the saved state (status '%s')", status);
            return -1;
        }
        if (done)
            return 0;
        pthread_mutex_unlock(&st->lock);
        g_usleep(5000);
        pthread_mutex_lock(&st->lock);
    }
    mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_TIMEOUT, "restoring the saved state timed out");
    return -1;
}

/* --- start ------------------------------------------------------------------ */

void mv_qemu_process_watch(mv_qemu_state *st, mv_qemu_vm *vm)
{
    (void)st;
    /* Attached from the monitor thread so the source belongs to its loop
     * (g_source_attach is thread-safe, the context is what matters). */
    mv_qemu_vm_ref(vm);
    vm->exit_source = g_unix_fd_source_new(vm->pidfd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(vm->exit_source, G_SOURCE_FUNC(mv_qemu_on_exit), vm,
                          (GDestroyNotify)mv_qemu_vm_unref);
    g_source_attach(vm->exit_source, st->ctx);
}

int mv_qemu_process_start(virConnectPtr conn, mv_qemu_state *st, mv_qemu_vm *vm,
                          int incoming_fd, bool paused, int reason)
{
    if (mv_qemu_vm_active(vm))
        return mv_qemu_error_running();
    mv_domain_def *live = mv_domain_def_copy(vm->obj->def);
    if (!live)
        return -1;
    const char *emulator = live->devices->emulator ? live->devices->emulator
                                                   : MV_QEMU_DEFAULT_EMULATOR;
    if (access(emulator, X_OK) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Cannot check QEMU binary %s", emulator);
        mv_domain_def_free(live);
        return -1;
    }
    g_autofree char *qmp_path = mv_qemu_run_path(st, live->name, ".qmp");
    if (strlen(qmp_path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "monitor socket path '%s' is too long for a unix socket", qmp_path);
        mv_domain_def_free(live);
        return -1;
    }
    /* One QEMU per domain, whichever process starts it: QEMU inherits this
     * lock and holds it as long as it runs (see start_lock). */
    int lockfd = start_lock(st, live->name);
    if (lockfd < 0) {
        mv_domain_def_free(live);
        return -1;
    }
    /* Ids are shared by every process using the root: `destroy 1` in any
     * of them means the same domain. Taken before anything runs. */
    int id = start_id(st, live->name);
    if (id < 0) {
        close(lockfd);
        mv_domain_def_free(live);
        return -1;
    }
    prep p = { 0 };
    char **argv = NULL;
    g_autofree char *log_path = NULL;
    int logfd = -1, pidfd = -1;
    pid_t pid = -1;
    off_t log_start = 0;
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm >= 0)
        close(kvm);
    if (prepare(conn, live, &p) < 0 || mv_qemu_channels_prepare(st, live, id) < 0)
        goto fail;
    mv_qemu_command_input in = {
        .qmp_socket = qmp_path,
        .kvm_available = kvm >= 0,
        .tap_fds = p.tap_targets,
        .ntap_fds = p.ntaps,
        .volume_paths = (const char *const *)p.volume_paths,
        .nvolume_paths = p.nvolumes,
        .vnc_port = p.vnc_port,
    };
    if (!(argv = mv_qemu_build_argv(live, &in)))
        goto fail;
    /* Restore: the saved state comes in on one more fd. */
    GPtrArray *av = g_ptr_array_new();
    for (char **a = argv; *a; a++)
        g_ptr_array_add(av, *a);
    g_free(argv);
    size_t nfds = p.ntaps;
    mv_process_fd *fds = g_new(mv_process_fd, p.ntaps + 2);
    for (size_t i = 0; i < p.ntaps; i++) {
        fds[i] = (mv_process_fd){ p.taps[i], p.tap_targets[i] };
        p.taps[i] = -1;
    }
    if (incoming_fd >= 0) {
        int tfd = 3 + (int)nfds;
        g_ptr_array_add(av, g_strdup("-incoming"));
        g_ptr_array_add(av, g_strdup_printf("fd:%d", tfd));
        fds[nfds++] = (mv_process_fd){ fcntl(incoming_fd, F_DUPFD_CLOEXEC, 0), tfd };
    }
    /* QEMU's copy keeps the lock; ours closes below */
    fds[nfds] = (mv_process_fd){ lockfd, 3 + (int)nfds };
    nfds++;
    lockfd = -1;
    g_ptr_array_add(av, NULL);
    argv = (char **)g_ptr_array_free(av, FALSE);
    unlink(qmp_path);
    if ((logfd = log_open(st, live->name, argv, &log_path)) >= 0) {
        log_start = lseek(logfd, 0, SEEK_END);
        pid = mv_process_spawn((const char *const *)argv, qemu_env, logfd, fds, nfds);
        if (pid < 0)
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "cannot execute QEMU binary %s", emulator);
    }
    for (size_t i = 0; i < nfds; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    g_free(fds);
    if (pid < 0)
        goto fail;
    pidfd = mv_process_pidfd(pid);

    /* The live definition is in place from here: events and exits see it.
     * The persistent one waits in new_def (where a createXML over a
     * defined domain has put it already). */
    if (mv_domain_list_set_active(st->doms, vm->obj, live, id, VIR_DOMAIN_PAUSED,
                                  VIR_DOMAIN_PAUSED_STARTING_UP) < 0) {
        kill_reap(pid, pidfd);
        if (pidfd >= 0)
            close(pidfd);
        goto fail;
    }
    live = NULL;
    vm->pid = pid;
    vm->pidfd = pidfd;
    vm->our_child = true;
    vm->proc_start = mv_process_start_time(pid);
    vm->start_epoch = g_get_real_time() / G_USEC_PER_SEC;
    vm->starting = true;
    vm->exited = vm->got_shutdown = vm->guest_shutdown = vm->fake_reboot = false;
    vm->destroying = false;
    vm->stop_reason = 0;
    if (mv_qemu_cgroup_setup(st, vm) < 0)
        goto fail_running;

    pthread_mutex_unlock(&st->lock);
    mv_qmp *mon = mv_qmp_open(qmp_path, pidfd, MV_QEMU_QMP_CONNECT_MS, st->ctx,
                              mv_qemu_on_qmp_event, mv_qemu_on_qmp_eof, vm);
    pthread_mutex_lock(&st->lock);
    if (!mon) {
        g_autofree char *tail = mv_process_log_tail(log_path, log_start, 8);
        virErrorPtr saved = virSaveLastError();
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "qemu unexpectedly closed the monitor: %s",
                        *tail ? tail : (saved && saved->message ? saved->message : "no output"));
        virFreeError(saved);
        goto fail_running;
    }
    vm->mon = mon;
    mv_qemu_process_watch(st, vm);
    if (incoming_fd >= 0 && wait_incoming(st, vm) < 0)
        goto fail_running;
    live_chardevs(st, vm);
    if (mv_qemu_cgroup_threads(st, vm, true) < 0 || mv_qemu_vcpu_pins_apply(st, vm) < 0 ||
        mv_qemu_iothread_pins_apply(st, vm) < 0)
        goto fail_running;
    if (mv_qemu_iotune_apply_defined(st, vm) < 0 || mv_qemu_balloon_period_apply(st, vm) < 0)
        goto fail_running;
    /* A QEMU no status file names would run on unseen by every other
     * process (and by this one once it exits): the status is written
     * before the guest runs, and a start that cannot record it fails. */
    if (mv_qemu_status_save(st, vm) < 0)
        goto fail_running;
    if (!paused && mv_qemu_job_qmp_run(st, vm, "cont", NULL) < 0)
        goto fail_running;
    vm->starting = false;
    if (vm->exited)
        goto fail_running_exited;
    if (mv_qemu_vm_set_state(vm, paused ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING,
                             paused ? VIR_DOMAIN_PAUSED_USER : reason) < 0)
        goto fail_running;
    mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_STARTED,
                     reason == VIR_DOMAIN_RUNNING_RESTORED ? VIR_DOMAIN_EVENT_STARTED_RESTORED
                                                           : VIR_DOMAIN_EVENT_STARTED_BOOTED);
    if (paused)
        mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    g_strfreev(argv);
    prep_clear(&p);
    if (logfd >= 0)
        close(logfd);
    return 0;

fail_running_exited: {
        g_autofree char *tail = mv_process_log_tail(log_path, log_start, 8);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR, "QEMU exited while starting: %s",
                        *tail ? tail : "no output");
    }
fail_running: {
        /* Nothing below reports or resets an error: the caller gets the
         * one that explains the failure. */
        vm->starting = false;
        vm->destroying = true;
        if (!vm->exited) {
            kill(pid, SIGKILL);
            while (!vm->exited && vm->exit_source)
                pthread_cond_wait(&st->cond, &st->lock);
        }
        if (!vm->exit_source && !vm->exited)
            kill_reap(pid, pidfd);
        mv_qemu_process_stopped(st, vm, VIR_DOMAIN_SHUTOFF_FAILED, -1);
    }
    g_strfreev(argv);
    prep_clear(&p);
    if (logfd >= 0)
        close(logfd);
    return -1;

fail:
    if (lockfd >= 0)
        close(lockfd);
    mv_domain_def_free(live);
    g_strfreev(argv);
    prep_clear(&p);
    if (logfd >= 0)
        close(logfd);
    return -1;
}

/* --- stop -------------------------------------------------------------------- */

typedef struct {
    mv_qmp *mon;
    mv_qemu_vm *vm;     /* a reference: callbacks of MON may still name it */
} deferred_close;

static gboolean close_monitor(gpointer data)
{
    deferred_close *c = data;
    mv_qmp_close(c->mon);
    mv_qemu_vm_unref(c->vm);
    g_free(c);
    return G_SOURCE_REMOVE;
}

/* The console sessions on VM's ptys end with it. */
static void release_consoles(const mv_domain_devices *d)
{
    for (size_t i = 0; i < d->nserials + d->nconsoles; i++) {
        const mv_domain_chr_def *c = i < d->nserials ? d->serials[i]
                                                     : d->consoles[i - d->nserials];
        if (c->type == MV_DOMAIN_CHR_TYPE_PTY && c->path)
            mv_qemu_console_release(c->path);
    }
}

void mv_qemu_process_stopped(mv_qemu_state *st, mv_qemu_vm *vm, int reason, int detail)
{
    release_consoles(vm->obj->def->devices);
    mv_qemu_channels_cleanup(st, vm);
    if (vm->exit_source) {
        g_source_destroy(vm->exit_source);
        g_source_unref(vm->exit_source);
        vm->exit_source = NULL;
    }
    if (vm->mon) {
        /* Closed on the monitor thread, after any callback it is in. */
        deferred_close *c = g_new(deferred_close, 1);
        c->mon = vm->mon;
        c->vm = vm;
        mv_qemu_vm_ref(vm);
        vm->mon = NULL;
        GSource *src = g_idle_source_new();
        g_source_set_callback(src, close_monitor, c, NULL);
        g_source_attach(src, st->ctx);
        g_source_unref(src);
    }
    if (vm->pidfd >= 0) {
        if (vm->our_child) {
            siginfo_t si = { 0 };
            waitid(P_PIDFD, (id_t)vm->pidfd, &si, WEXITED | WNOHANG);
        }
        close(vm->pidfd);
        vm->pidfd = -1;
    }
    if (mv_qemu_writable(st))
        mv_qemu_status_remove(st, vm->obj->def->name);
    mv_qemu_cgroup_release(vm);
    mv_qemu_vcpu_threads_forget(vm);
    mv_qemu_iothread_list_forget(vm);
    vm->pid = 0;
    vm->status_stale = false;
    vm->our_child = false;
    vm->starting = vm->destroying = vm->fake_reboot = false;
    vm->stop_reason = 0;
    /* Shut off, the persistent definition back, a transient domain out of
     * the list (the reference taken here keeps VM for its event, which
     * names no id). */
    mv_qemu_vm_ref(vm);
    mv_domain_list_set_inactive(st->doms, vm->obj, reason);
    if (detail >= 0)
        mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_STOPPED, detail);
    mv_qemu_vm_unref(vm);
    pthread_cond_broadcast(&st->cond);
}

/* Waits (lock dropped) until VM's process is gone or MS passed. */
static bool wait_exit(mv_qemu_state *st, mv_qemu_vm *vm, int ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    while (!vm->exited && vm->pid > 0)
        if (pthread_cond_timedwait(&st->cond, &st->lock, &ts) == ETIMEDOUT)
            break;
    return vm->exited || vm->pid <= 0;
}

int mv_qemu_process_kill(mv_qemu_state *st, mv_qemu_vm *vm)
{
    vm->destroying = true;
    if (vm->pid <= 0)
        return 0;
    kill(vm->pid, SIGTERM);
    if (wait_exit(st, vm, MV_QEMU_TERM_MS))
        return 0;
    kill(vm->pid, SIGKILL);
    if (wait_exit(st, vm, 10000))
        return 0;
    mv_error_report(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR,
                    "Failed to terminate process %d with SIGKILL", (int)vm->pid);
    return -1;
}
