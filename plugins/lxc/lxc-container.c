/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-container.c — the container's init before it execs: runs
 * in the process the supervisor cloned into new namespaces. It waits for
 * the supervisor (uid maps, cgroups, interfaces), then builds the new root
 * on the stage directory (the root directory or the host's root, read-only
 * without one; bind mounts resolved inside the root so a symlink cannot
 * point a mount at the host), mounts /proc, /sys read-only, a tmpfs /dev
 * with the standard nodes, a new devpts instance and /dev/console bound to
 * the console pty, sets the hostname, names the interfaces, pivots, drops
 * capabilities and execs init. Only system calls: the parent process may
 * have had threads holding locks when it forked. A failure writes one line
 * to ERRFD and returns. */

#include "lxc.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

static int ct_fail(int errfd, const char *what, const char *arg, int err)
{
    char buf[1024];
    int n = snprintf(buf, sizeof(buf), "%s%s%s%s%s%s", what, arg ? " '" : "", arg ? arg : "",
                     arg ? "'" : "", err ? ": " : "", err ? mv_lxc_strerror(err) : "");
    if (n > 0 && write(errfd, buf, (size_t)(n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1)) < 0) {
        /* nobody to tell */
    }
    return -1;
}

/* An O_PATH fd on PATH inside the directory ROOTFD, symlinks resolved as
 * if ROOTFD were "/". */
static int open_in_root(int rootfd, const char *path, int flags)
{
    struct open_how how = {
        .flags = (unsigned long long)(O_PATH | O_CLOEXEC | flags),
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    return (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
}

/* Attaches a clone of the tree at SRC on TARGETFD (read-only when asked);
 * returns an fd on the attached tree (or -errno). */
static int bind_tree(const char *src, int targetfd, bool readonly, bool recursive)
{
    int fd = (int)syscall(SYS_open_tree, AT_FDCWD, src,
                          OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
    if (fd < 0)
        return -errno;
    int ret = 0;
    if (readonly) {
        struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
        if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0),
                    &attr, sizeof(attr)) < 0)
            ret = -errno;
    }
    if (ret == 0 && syscall(SYS_move_mount, fd, "", targetfd, "",
                            MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        ret = -errno;
    if (ret < 0) {
        close(fd);
        return ret;
    }
    return fd;
}

/* A read-only clone of the mount tree at FD, attached on FD itself. */
static int bind_tree_self(int fd)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    int r = bind_tree(path, fd, true, true);
    if (r < 0)
        return r;
    close(r);
    return 0;
}

/* The attached new root (set by setup_root). */
static int ct_rootfd = -1;

/* Mounts on REL resolved inside the new root (a symlink there cannot send
 * the mount elsewhere), made first if missing. STAGE is unused: kept so
 * that the callers read as paths. */
static int mount_at(const char *stage, const char *rel, const char *src, const char *type,
                    unsigned long flags, const char *data)
{
    (void)stage;
    int fd = open_in_root(ct_rootfd, rel, O_DIRECTORY);
    if (fd < 0 && errno == ENOENT) {
        /* made in its parent, itself resolved inside the root */
        char parent[256];
        const char *base = strrchr(rel, '/');
        snprintf(parent, sizeof(parent), "%.*s", (int)(base - rel), rel);
        int pfd = open_in_root(ct_rootfd, parent[0] ? parent : "/", O_DIRECTORY);
        if (pfd >= 0 && mkdirat(pfd, base + 1, 0755) == 0)
            fd = open_in_root(ct_rootfd, rel, O_DIRECTORY);
        if (pfd >= 0)
            close(pfd);
        if (fd < 0)
            errno = ENOENT;
    }
    if (fd < 0)
        return -errno;
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    int r = mount(src, path, type, flags, data) < 0 ? -errno : 0;
    close(fd);
    return r;
}

/* The host's node SRC on a new file NAME in the directory DIRFD (works in
 * a user namespace, where mknod does not). */
static int bind_file(int dirfd, const char *name, const char *src)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -errno;
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    int r = mount(src, path, NULL, MS_BIND, NULL) < 0 ? -errno : 0;
    close(fd);
    return r;
}

/* Everything in /dev is made relative to the new tmpfs (a directory fd):
 * no path through the container's root is followed. */
static int setup_dev(mv_lxc_plan *p, const char *s, int errfd)
{
    int r;
    if ((r = mount_at(s, "/dev", "devfs", "tmpfs", MS_NOSUID | MS_STRICTATIME,
                      "mode=755,size=65536k")) < 0)
        return ct_fail(errfd, "cannot mount a tmpfs on /dev", NULL, -r);
    int dev = open_in_root(ct_rootfd, "/dev", O_DIRECTORY);
    if (dev < 0)
        return ct_fail(errfd, "cannot open the new /dev", NULL, errno);
    static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
    for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
        char src[32];
        snprintf(src, sizeof(src), "/dev/%s", nodes[i]);
        if ((r = bind_file(dev, nodes[i], src)) < 0)
            return ct_fail(errfd, "cannot make device node", nodes[i], -r);
    }
    if ((r = mount_at(s, "/dev/pts", "devpts", "devpts", MS_NOSUID | MS_NOEXEC,
                      "newinstance,ptmxmode=0666,mode=0620")) < 0)
        return ct_fail(errfd, "cannot mount a new devpts instance on /dev/pts", NULL, -r);
    if ((r = mount_at(s, "/dev/shm", "shm", "tmpfs", MS_NOSUID | MS_NODEV,
                      "mode=1777,size=65536k")) < 0)
        return ct_fail(errfd, "cannot mount /dev/shm", NULL, -r);
    if ((r = mount_at(s, "/dev/mqueue", "mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                      NULL)) < 0)
        return ct_fail(errfd, "cannot mount /dev/mqueue", NULL, -r);
    static const char *const links[][2] = {
        { "ptmx", "pts/ptmx" }, { "fd", "/proc/self/fd" },
        { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
        { "stderr", "/proc/self/fd/2" },
    };
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
        if (symlinkat(links[i][1], dev, links[i][0]) < 0)
            return ct_fail(errfd, "cannot make symlink /dev/", links[i][0], errno);
    if ((r = bind_file(dev, "console", p->console_path)) < 0)
        return ct_fail(errfd, "cannot bind the console pty on /dev/console", p->console_path, -r);
    close(dev);
    return 0;
}

/* The new root is reached through /proc/self/fd/N of the attached tree.
 * With a user namespace the paths are walked as the mapped root: they must
 * be searchable by it (the run dir and stage are 0711). */
static int setup_root(mv_lxc_plan *p, int errfd, char *base, size_t baselen, int *treefd)
{
    int r;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        return ct_fail(errfd, "cannot make the mounts private", NULL, errno);
    /* the host's root is shared read-only, with everything under it */
    const char *src = p->root ? p->root : "/";
    int stagefd = open(p->stage, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (stagefd < 0)
        return ct_fail(errfd, "cannot open the stage directory", p->stage, errno);
    int rootfd = bind_tree(src, stagefd, p->root ? p->root_readonly : true, true);
    close(stagefd);
    if (rootfd < 0)
        return ct_fail(errfd, "cannot mount the root filesystem", src, -rootfd);
    *treefd = ct_rootfd = rootfd;
    snprintf(base, baselen, "/proc/self/fd/%d", rootfd);
    for (size_t i = 0; i < p->nmounts; i++) {
        const mv_lxc_mount *m = &p->mounts[i];
        int tfd = open_in_root(rootfd, m->dst, 0);
        if (tfd < 0)
            return ct_fail(errfd, "cannot find the mount target in the container", m->dst, errno);
        r = bind_tree(m->src, tfd, m->readonly, true);
        close(tfd);
        if (r < 0)
            return ct_fail(errfd, "cannot bind mount", m->src, -r);
        close(r);
    }
    if ((r = mount_at(base, "/proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) < 0)
        return ct_fail(errfd, "cannot mount /proc", NULL, -r);
    /* as libvirt: /proc/sys read-only (a bind of itself, remounted) */
    int sysfd = open_in_root(ct_rootfd, "/proc/sys", O_DIRECTORY);
    if (sysfd < 0 || (r = bind_tree_self(sysfd)) < 0)
        return ct_fail(errfd, "cannot make /proc/sys read-only", NULL, sysfd < 0 ? errno : -r);
    close(sysfd);
    if ((r = mount_at(base, "/sys", "sysfs", "sysfs",
                      MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) < 0)
        return ct_fail(errfd, "cannot mount /sys read-only", NULL, -r);
    return setup_dev(p, base, errfd);
}

static int setup_net(mv_lxc_plan *p, int errfd)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return ct_fail(errfd, "cannot open a socket for the interfaces", NULL, errno);
    struct ifreq ifr;
    for (size_t i = 0; i <= p->nnets; i++) {
        const char *name = i < p->nnets ? p->nets[i].guest : "lo";
        if (i < p->nnets) {
            memset(&ifr, 0, sizeof(ifr));
            snprintf(ifr.ifr_name, IFNAMSIZ, "%s", p->nets[i].guest_tmp);
            snprintf(ifr.ifr_newname, IFNAMSIZ, "%s", name);
            if (ioctl(s, SIOCSIFNAME, &ifr) < 0) {
                int e = errno;
                close(s);
                return ct_fail(errfd, "cannot rename the container interface to", name, e);
            }
        }
        memset(&ifr, 0, sizeof(ifr));
        snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
        if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0 ||
            (ifr.ifr_flags |= IFF_UP, ioctl(s, SIOCSIFFLAGS, &ifr) < 0)) {
            int e = errno;
            close(s);
            return ct_fail(errfd, "cannot set interface up", name, e);
        }
    }
    close(s);
    return 0;
}

/* As libvirt's default policy: no module loading, clock setting, audit
 * control or MAC administration in the container. CAP_SYS_BOOT stays:
 * reboot(2) in the container is how it asks to be restarted. */
static int drop_caps(int errfd)
{
    static const int drop[] = { CAP_SYS_MODULE, CAP_SYS_TIME, CAP_AUDIT_CONTROL,
                                CAP_MAC_ADMIN, CAP_MAC_OVERRIDE };
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data) < 0)
        return ct_fail(errfd, "cannot read capabilities", NULL, errno);
    for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++) {
        int c = drop[i];
        if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
            return ct_fail(errfd, "cannot drop a capability from the bounding set", NULL, errno);
        data[c / 32].effective &= ~(1u << (c % 32));
        data[c / 32].permitted &= ~(1u << (c % 32));
        data[c / 32].inheritable &= ~(1u << (c % 32));
    }
    if (syscall(SYS_capset, &hdr, data) < 0)
        return ct_fail(errfd, "cannot set capabilities", NULL, errno);
    return 0;
}

int mv_lxc_container_main(mv_lxc_plan *p, int syncfd, int errfd)
{
    char go;
    if (read(syncfd, &go, 1) != 1)
        return ct_fail(errfd, "the supervisor gave up before the container started", NULL, 0);
    close(syncfd);
    if (p->nuid) {
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
            return ct_fail(errfd, "cannot become root in the user namespace", NULL, errno);
        setgroups(0, NULL);
    }
    if (setsid() < 0)
        return ct_fail(errfd, "cannot start a session", NULL, errno);
    char base[64];
    int treefd = -1;
    if (setup_root(p, errfd, base, sizeof(base), &treefd) < 0)
        return -1;
    if (sethostname(p->hostname, strlen(p->hostname)) < 0)
        return ct_fail(errfd, "cannot set the hostname", p->hostname, errno);
    if (setup_net(p, errfd) < 0)
        return -1;
    if (p->extra.cgroupns && unshare(CLONE_NEWCGROUP) < 0)
        return ct_fail(errfd, "cannot make a cgroup namespace", NULL, errno);
    if (fchdir(treefd) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
        return ct_fail(errfd, "cannot pivot_root into", p->root ? p->root : "/", errno);
    if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
        return ct_fail(errfd, "cannot detach the old root", NULL, errno);
    if (drop_caps(errfd) < 0)
        return -1;
    int con = open("/dev/console", O_RDWR | O_CLOEXEC);
    if (con < 0)
        return ct_fail(errfd, "cannot open /dev/console", NULL, errno);
    if (ioctl(con, TIOCSCTTY, 0) < 0)
        return ct_fail(errfd, "cannot make the console the controlling tty", NULL, errno);
    if (dup2(con, 0) < 0 || dup2(con, 1) < 0 || dup2(con, 2) < 0)
        return ct_fail(errfd, "cannot redirect stdio to the console", NULL, errno);
    close(con);
    if (p->initdir && chdir(p->initdir) < 0)
        return ct_fail(errfd, "cannot change to initdir", p->initdir, errno);
    /* everything but stdio closes on exec, errfd included */
    syscall(SYS_close_range, 3, ~0u, CLOSE_RANGE_CLOEXEC);
    sigset_t all;
    sigemptyset(&all);
    for (int sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);
    sigprocmask(SIG_SETMASK, &all, NULL);
    execve(p->argv[0], p->argv, p->envp);
    return ct_fail(errfd, "cannot execute init", p->argv[0], errno);
}
