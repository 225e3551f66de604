/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-tools.c — what volume jobs share: qemu-img runs
 * (with an error naming qemu-utils when it is missing), sparse copies that
 * skip holes, opening a pool's file without following symlinks; and the
 * bounded reading of the driver's own small files. */
#include "sdir.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int mv_sdir_qemu_img(const char *const *argv)
{
    g_autofree char *prog = g_find_program_in_path("qemu-img");
    g_autofree char *errout = NULL;
    g_autoptr(GError) gerr = NULL;
    int status = 0;
    if (!prog) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_FAILED,
                        "cannot find 'qemu-img' in PATH: install the qemu-utils package "
                        "to create, convert or resize non-raw volumes");
        return -1;
    }
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_ptr_array_add(args, prog);
    for (size_t i = 0; argv[i]; i++)
        g_ptr_array_add(args, (gpointer)argv[i]);
    g_ptr_array_add(args, NULL);
    if (mv_log_enabled(MV_LOG_DEBUG, MV_SDIR_SRC)) {
        g_autofree char *cmd = g_strjoinv(" ", (char **)args->pdata);
        mv_log(MV_LOG_DEBUG, MV_SDIR_SRC, "running %s", cmd);
    }
    if (!g_spawn_sync(NULL, (char **)args->pdata, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_CLOEXEC_PIPES, NULL, NULL,
                      NULL, &errout, &status, &gerr)) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INTERNAL_ERROR, "cannot run %s: %s",
                        prog, gerr->message);
        return -1;
    }
    if (!g_spawn_check_wait_status(status, NULL)) {
        g_strstrip(errout);
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INTERNAL_ERROR, "%s %s failed: %s",
                        prog, argv[0], errout && *errout ? errout : "unknown error");
        return -1;
    }
    return 0;
}

static int sdir_copy_range(int src, int dst, off_t off, off_t end)
{
    char buf[1 << 16];
    while (off < end) {
        off_t in = off, out = off;
        ssize_t n = copy_file_range(src, &in, dst, &out, end - off, 0);
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
                      errno == EOPNOTSUPP)) {
            n = pread(src, buf, MIN((off_t)sizeof(buf), end - off), off);
            if (n > 0 && pwrite(dst, buf, n, off) != n)
                n = -1;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        off += n;
    }
    return 0;
}

/* Copies the data extents of SRC's first LEN bytes; holes stay holes in
 * DST (which the caller sizes). 0 or -errno. */
int mv_sdir_copy_sparse(int src, int dst, unsigned long long len)
{
    off_t off = 0, end = (off_t)len;
    while (off < end) {
        off_t data = lseek(src, off, SEEK_DATA);
        if (data < 0 && errno == ENXIO)
            return 0;
        if (data < 0)   /* no SEEK_DATA here: copy everything */
            return sdir_copy_range(src, dst, off, end);
        if (data >= end)
            return 0;
        off_t hole = lseek(src, data, SEEK_HOLE);
        if (hole < 0 || hole > end)
            hole = end;
        int rc = sdir_copy_range(src, dst, data, hole);
        if (rc < 0)
            return rc;
        off = hole;
    }
    return 0;
}

int mv_sdir_open_vol(const mv_sdir_pool *p, const char *name, int flags)
{
    return openat(p->dirfd, name, flags | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
}

int mv_sdir_open_regular(const mv_sdir_pool *p, const mv_storage_vol_def *def, int flags,
                         struct stat *sb, const char *action)
{
    /* O_NONBLOCK: a FIFO put in the volume's place must not block the
     * open; it is refused below like any other file that is not regular. */
    int fd = mv_sdir_open_vol(p, def->name, flags | O_NONBLOCK), err = 0, fl;
    if (fd < 0 || fstat(fd, sb) < 0)
        err = errno;
    else if (!S_ISREG(sb->st_mode))
        err = EINVAL;
    else if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
        err = errno;
    if (err == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    mv_sdir_vol_report_unusable(p->dirfd, def, err, action);
    return -1;
}

char *mv_sdir_vol_path(const mv_sdir_pool *p, const char *name)
{
    return g_strconcat(p->def->target_path, "/", name, NULL);
}
