/* core/util/file.c — directory creation and atomic file replacement.
 *
 * mv_file_write_atomic is how every persistent definition is saved: write a
 * temporary file beside the target, fsync it, rename it over the target and
 * fsync the directory, so a crash at any point leaves the old or the new
 * content, never a mix. mv_file_lock takes the exclusive lock a driver
 * hands to a process it starts, so the lock lives as long as that process.
 */
#include "core/api/error-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int mv_file_mkdir_p(const char *dir, unsigned int mode)
{
    if (!dir || g_mkdir_with_parents(dir, (int)mode) < 0) {
        int e = errno;
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, e,
                              "cannot create directory '%s'", dir ? dir : "(null)");
        return -1;
    }
    return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int mv_file_write_atomic(const char *path, const char *data, size_t len, unsigned int mode)
{
    if (!path || (!data && len)) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "no path or data to write");
        return -1;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, (int)mode);
    if (fd < 0) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create a temporary file in '%s'", dir);
        return -1;
    }
    const char *step = NULL;
    if (fchmod(fd, mode) < 0)
        step = "set the mode of";
    else if (write_all(fd, data, len) < 0)
        step = "write";
    else if (fsync(fd) < 0)
        step = "sync";
    int e = errno;
    if (close(fd) < 0 && !step) {
        step = "close";
        e = errno;
    }
    if (!step && rename(tmp, path) < 0) {
        step = "rename into place";
        e = errno;
    }
    if (step) {
        unlink(tmp);
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, e,
                              "cannot %s '%s'", step, step[0] == 'r' ? path : tmp);
        return -1;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

int mv_file_lock(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open lock file '%s'", path);
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        return fd;
    int e = errno;
    close(fd);
    if (e == EWOULDBLOCK)
        return -2;
    mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, e, "cannot lock '%s'", path);
    return -1;
}
