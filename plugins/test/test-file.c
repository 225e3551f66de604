/* plugins/test/test-file.c — reading the files a test:/// connection is
 * given (node files, the files their objects name, save images): regular
 * files only, of bounded size. A FIFO would block the open forever, and
 * /dev/zero would be read until memory runs out. */
#include "test-state.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Up to MAX + 1 bytes of FD: the byte past the bound tells a file that
 * grew beyond it since fstat from one that fits exactly. */
static char *mv_test_read_at_most(int fd, size_t max, size_t *len, char **cause)
{
    GByteArray *buf = g_byte_array_new();
    guint8 chunk[65536];

    while (buf->len <= max) {
        ssize_t n = read(fd, chunk, MIN(sizeof(chunk), max + 1 - buf->len));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *cause = g_strdup(g_strerror(errno));
            g_byte_array_unref(buf);
            return NULL;
        }
        if (n == 0)
            break;
        g_byte_array_append(buf, chunk, (guint)n);
    }
    if (buf->len > max) {
        *cause = g_strdup_printf("larger than %zu bytes", max);
        g_byte_array_unref(buf);
        return NULL;
    }
    *len = buf->len;
    g_byte_array_append(buf, (const guint8 *)"", 1);
    return (char *)g_byte_array_free(buf, FALSE);
}

char *mv_test_file_load(const char *path, size_t max, size_t *len, bool *opened, char **cause)
{
    struct stat sb;
    char *text = NULL;
    int fd;

    *len = 0;
    *cause = NULL;
    /* O_NONBLOCK: a FIFO is refused below instead of waiting for a writer. */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    *opened = fd >= 0;
    if (fd < 0) {
        *cause = g_strdup(g_strerror(errno));
        return NULL;
    }
    if (fstat(fd, &sb) < 0)
        *cause = g_strdup(g_strerror(errno));
    else if (!S_ISREG(sb.st_mode))
        *cause = g_strdup("not a regular file");
    else if ((unsigned long long)sb.st_size > max)
        *cause = g_strdup_printf("larger than %zu bytes", max);
    else
        text = mv_test_read_at_most(fd, max, len, cause);
    close(fd);
    return text;
}
