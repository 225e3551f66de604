/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-signal.c — shutdown and reboot as libvirt's LXC driver
 * does them: a runlevel request on the container's /dev/initctl pipe when
 * its init has one, else a signal to init (SIGTERM, SIGHUP). Init is found
 * through the supervisor's NAME.init record, checked by start time. */
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
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* A pidfd on the current init (it changes when the container reboots). */
static int init_pidfd(mv_lxc_state *st, mv_lxc_dom *d)
{
    g_autofree char *path = mv_lxc_path(st, MV_PATH_RUN, d->obj->def->name, ".init");
    g_autofree char *rec = NULL;
    int pid = 0;
    unsigned long long start = 0;
    if ((rec = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL)) && sscanf(rec, "%d %llu", &pid, &start) == 2) {
        d->run.init_pid = pid;
        d->run.init_start = start;
    }
    int fd = mv_process_attach(d->run.init_pid, d->run.init_start);
    /* while the container reboots (the old init gone, the new one not
     * made yet) the record names the old one: wait for the new record */
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        g_usleep(10000);
        g_clear_pointer(&rec, g_free);
        if ((rec = mv_file_read_text(path, MV_FILE_STATE_MAX, NULL)) &&
            sscanf(rec, "%d %llu", &pid, &start) == 2 && pid != d->run.init_pid) {
            d->run.init_pid = pid;
            d->run.init_start = start;
            fd = mv_process_attach(pid, start);
        } else if (mv_process_exited(d->run.sup_pidfd, 0)) {
            break;
        }
    }
    if (fd < 0)
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_FAILED,
                        "the init process of container '%s' is gone", d->obj->def->name);
    return fd;
}

static int signal_init(mv_lxc_state *st, mv_lxc_dom *d, int sig)
{
    int fd = init_pidfd(st, d);
    if (fd < 0)
        return -1;
    int r = mv_process_signal(fd, sig);
    int e = errno;
    close(fd);
    if (r < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, e, "cannot signal init of '%s'",
                              d->obj->def->name);
        return -1;
    }
    return 0;
}

/* sysvinit's request on /dev/initctl: change to RUNLEVEL ('0', '6'). 1
 * when sent, 0 when the container has no initctl pipe, -1 on error. The
 * pipe is reached through init's root, so it is the container's. As with
 * libvirt, a pipe that nobody reads (ENXIO: init is not listening) is an
 * error, not a reason to fall back to a signal. */
static int initctl_runlevel(mv_lxc_state *st, mv_lxc_dom *d, char runlevel)
{
    struct {
        int magic, cmd, runlevel, sleeptime;
        char data[368];
    } req = { .magic = 0x03091969, .cmd = 1, .runlevel = runlevel, .sleeptime = 0 };
    int pidfd = init_pidfd(st, d);
    if (pidfd < 0)
        return -1;
    /* resolved inside the container's root: a symlink there must not
     * lead to a pipe of the host's */
    g_autofree char *root = g_strdup_printf("/proc/%d/root", (int)d->run.init_pid);
    int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    struct open_how how = {
        .flags = O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    int fd = rootfd < 0 ? -1 : (int)syscall(SYS_openat2, rootfd, "dev/initctl", &how, sizeof(how));
    int e = rootfd < 0 ? ENOENT : errno;
    if (rootfd >= 0)
        close(rootfd);
    struct stat sb;
    /* only a pipe, and only if init is still the one we checked */
    if (fd >= 0 && (fstat(fd, &sb) < 0 || !S_ISFIFO(sb.st_mode) ||
                    mv_process_exited(pidfd, 0))) {
        close(fd);
        fd = -1;
        e = ENOENT;
    }
    close(pidfd);
    if (fd < 0 && (e == ENOENT || e == ENOTDIR || e == ELOOP || e == EXDEV))
        return 0;
    if (fd < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, e,
                              "cannot open /dev/initctl of '%s'%s", d->obj->def->name,
                              e == ENXIO ? " (no process reads it)" : "");
        return -1;
    }
    ssize_t n = write(fd, &req, sizeof(req));
    e = errno;
    close(fd);
    if (n != (ssize_t)sizeof(req)) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, n < 0 ? e : EIO,
                              "cannot write to /dev/initctl of '%s'", d->obj->def->name);
        return -1;
    }
    return 1;
}

/* As libvirt: with flags 0, /dev/initctl (runlevel 0 or 6) if the
 * container's init provides it, else SIGTERM (shutdown) or SIGHUP (reboot)
 * to init, which must handle it (signals from outside its PID namespace
 * reach it only through a handler). */
static int signal_slot(virDomainPtr dom, unsigned int flags, unsigned int sig_flag,
                       unsigned int initctl_flag, int sig, char runlevel, int reason)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    if (!mv_lxc_dom_active(d)) {
        mv_lxc_report_not_running();
        goto out;
    }
    int sent = 0;
    if ((!flags || (flags & initctl_flag)) && (sent = initctl_runlevel(st, d, runlevel)) < 0)
        goto out;
    if (!sent && flags && !(flags & sig_flag)) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_UNSUPPORTED,
                        "Container does not provide an initctl pipe");
        goto out;
    }
    if (!sent && signal_init(st, d, sig) < 0)
        goto out;
    if (reason)
        d->run.stop_reason = reason;
    ret = 0;
out:
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_shutdown(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_SHUTDOWN_INITCTL | VIR_DOMAIN_SHUTDOWN_SIGNAL,
                             MV_LXC_ERR, __func__) < 0)
        return -1;
    return signal_slot(dom, flags, VIR_DOMAIN_SHUTDOWN_SIGNAL, VIR_DOMAIN_SHUTDOWN_INITCTL,
                       SIGTERM, '0', VIR_DOMAIN_SHUTOFF_SHUTDOWN);
}

int mv_lxc_reboot(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_REBOOT_INITCTL | VIR_DOMAIN_REBOOT_SIGNAL,
                             MV_LXC_ERR, __func__) < 0)
        return -1;
    return signal_slot(dom, flags, VIR_DOMAIN_REBOOT_SIGNAL, VIR_DOMAIN_REBOOT_INITCTL, SIGHUP,
                       '6', 0);
}

