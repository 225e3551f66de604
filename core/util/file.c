/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/file.c — directory creation and atomic file replacement.
 *
 * mv_file_write_atomic is how every persistent definition is saved: write a
 * temporary file beside the target, fsync it, rename it over the target and
 * fsync the directory, so a crash at any point leaves the old or the new
 * content, never a mix. mv_file_lock takes the exclusive lock a driver
 * hands to a process it starts, so the lock lives as long as that process.
 * mv_file_read_regular is how a driver reads a file it did not write
 * itself, or one a user may have replaced: regular files only, bounded.
 */
#include "core/util/error.h"
#include <modvirt-plugin/paths.h>

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
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

/* Up to MAX + 1 bytes of FD into a new buffer: one byte past the bound is
 * how a file that grew beyond it is told from one that fits exactly. The
 * buffer starts at the size fstat gave (SIZE) and is read into directly:
 * a file that did not change is read with one buffer and no copy. */
static mv_file_read_status read_at_most(int fd, size_t max, size_t size, char **text,
                                        size_t *len, int *errnum)
{
    max = MIN(max, G_MAXSIZE / 2);
    size_t cap = MIN(size, max) + 2, have = 0;   /* room for the probe byte and the NUL */
    char *buf = g_malloc(cap);
    while (have <= max) {
        if (have + 1 >= cap) {
            cap = MIN(cap * 2, max + 2);
            buf = g_realloc(buf, cap);
        }
        ssize_t n = read(fd, buf + have, MIN(cap - 1 - have, max + 1 - have));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *errnum = errno;
            g_free(buf);
            return MV_FILE_READ_CANNOT_READ;
        }
        if (n == 0)
            break;
        have += (size_t)n;
    }
    if (have > max) {
        g_free(buf);
        return MV_FILE_READ_TOO_LARGE;
    }
    buf[have] = '\0';
    *len = have;
    *text = buf;
    return MV_FILE_READ_OK;
}

mv_file_read_status mv_file_read_regular(const char *path, size_t max, char **text, size_t *len,
                                         int *errnum)
{
    *text = NULL;
    *len = 0;
    *errnum = 0;
    /* O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *errnum = errno;
        return MV_FILE_READ_CANNOT_OPEN;
    }
    struct stat sb;
    mv_file_read_status st;
    if (fstat(fd, &sb) < 0) {
        *errnum = errno;
        st = MV_FILE_READ_CANNOT_READ;
    } else if (!S_ISREG(sb.st_mode)) {
        st = MV_FILE_READ_NOT_REGULAR;
    } else if ((unsigned long long)sb.st_size > max) {
        st = MV_FILE_READ_TOO_LARGE;
    } else {
        st = read_at_most(fd, max, (size_t)sb.st_size, text, len, errnum);
    }
    close(fd);
    return st;
}

char *mv_file_read_cause(mv_file_read_status status, int errnum, size_t max)
{
    switch (status) {
    case MV_FILE_READ_OK:
        return NULL;
    case MV_FILE_READ_NOT_REGULAR:
        return g_strdup("not a regular file");
    case MV_FILE_READ_TOO_LARGE:
        return g_strdup_printf("larger than %zu bytes", max);
    default:
        return g_strdup(g_strerror(errnum));
    }
}

char *mv_file_read_text(const char *path, size_t max, char **cause)
{
    char *text = NULL;
    size_t len;
    int errnum = 0;
    mv_file_read_status st = mv_file_read_regular(path, max, &text, &len, &errnum);
    if (cause)
        *cause = mv_file_read_cause(st, errnum, max);
    return text;
}
