/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/boot.c — what a stateful driver does once per host boot on a
 * root, whichever process does it: run autostart, and number the domains
 * it starts (libvirt's daemon does both from its start, and a daemon
 * starts once per boot).
 *
 * Each is a small file in the driver's run directory that holds the boot
 * id (/proc/sys/kernel/random/boot_id). A host's /run is emptied by a
 * reboot but an embedded root's run directory is not, so the boot id, not
 * the file's existence, tells this boot's record from an earlier one.
 * Every process opening the root may call these at the same moment: each
 * file is read and rewritten under an exclusive flock on it.
 *
 * The files are rewritten in place rather than by rename: they are a few
 * bytes inside a block they already own, so a full filesystem does not
 * stop domains from getting ids once the file exists, and a torn write
 * needs a host crash, after which the boot id no longer matches anyway
 * (which is also why they are never synced). */
#include "core/util/boot.h"
#include "core/util/error.h"
#include <modvirt-plugin/paths.h>

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define BOOT_ID_FILE "/proc/sys/kernel/random/boot_id"
#define AUTOSTART_FILE "autostarted"   /* libvirt's name for the same marker */
#define IDS_FILE "domain-ids"
#define RECORD_MAX 128

/* The boot id as text, no newline; -1 with an error. */
static int read_boot_id(char *buf, size_t size)
{
    FILE *f = fopen(BOOT_ID_FILE, "re");
    bool ok = f && fgets(buf, (int)size, f);
    int e = errno;
    if (f)
        fclose(f);
    if (!ok) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, e ? e : EIO,
                              "cannot read the host's boot id from '%s'", BOOT_ID_FILE);
        return -1;
    }
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

/* PATH opened (created if needed) and exclusively locked, its current
 * content in REC (NUL-terminated, possibly empty). The fd, or -1 with an
 * error. Closing the fd releases the lock. */
static int open_locked(const char *path, char *rec, size_t size)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open '%s'", path);
        return -1;
    }
    int r;
    while ((r = flock(fd, LOCK_EX)) < 0 && errno == EINTR)
        ;
    ssize_t n = r == 0 ? pread(fd, rec, size - 1, 0) : -1;
    if (n < 0) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot %s '%s'", r < 0 ? "lock" : "read", path);
        close(fd);
        return -1;
    }
    rec[n] = '\0';
    return fd;
}

/* Replaces the content of FD (PATH) by TEXT. 0, or -1 with an error. */
static int rewrite(int fd, const char *path, const char *text)
{
    size_t len = strlen(text);
    ssize_t n = pwrite(fd, text, len, 0);
    if (n >= 0 && (size_t)n != len)
        errno = ENOSPC;
    if (n < 0 || (size_t)n != len || ftruncate(fd, (off_t)len) < 0) {
        mv_error_report_errno(VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot write '%s'", path);
        return -1;
    }
    return 0;
}

int mv_boot_autostart_claim_in(const char *run_dir)
{
    char boot[RECORD_MAX], rec[RECORD_MAX];
    if (read_boot_id(boot, sizeof(boot)) < 0)
        return -1;
    g_autofree char *path = g_build_filename(run_dir, AUTOSTART_FILE, NULL);
    int fd = open_locked(path, rec, sizeof(rec));
    if (fd < 0)
        return -1;
    rec[strcspn(rec, "\n")] = '\0';
    int ret = 0;
    if (strcmp(rec, boot) != 0) {
        g_autofree char *text = g_strdup_printf("%s\n", boot);
        ret = rewrite(fd, path, text) < 0 ? -1 : 1;
    }
    close(fd);
    return ret;
}

int mv_boot_next_id_in(const char *run_dir)
{
    char boot[RECORD_MAX], rec[RECORD_MAX], seen[RECORD_MAX];
    if (read_boot_id(boot, sizeof(boot)) < 0)
        return -1;
    g_autofree char *path = g_build_filename(run_dir, IDS_FILE, NULL);
    int fd = open_locked(path, rec, sizeof(rec));
    if (fd < 0)
        return -1;
    /* "BOOTID LAST": a record of an earlier boot, or none, starts at 1, as
     * a freshly started libvirt daemon does; so does one that ran out. */
    int last = 0;
    if (sscanf(rec, "%127s %d", seen, &last) != 2 || strcmp(seen, boot) != 0 ||
        last < 0 || last == INT_MAX)
        last = 0;
    g_autofree char *text = g_strdup_printf("%s %d\n", boot, last + 1);
    int ret = rewrite(fd, path, text) < 0 ? -1 : last + 1;
    close(fd);
    return ret;
}

/* DRIVER's run directory for URI (malloc'd), or NULL with an error. */
static char *run_dir(const mv_uri *uri, const char *driver)
{
    return mv_path_driver_dir(uri, driver, MV_PATH_RUN);
}

int mv_driver_autostart_claim(const mv_uri *uri, const char *driver)
{
    char *dir = run_dir(uri, driver);
    int ret = dir ? mv_boot_autostart_claim_in(dir) : -1;
    free(dir);
    return ret;
}

int mv_driver_next_id(const mv_uri *uri, const char *driver)
{
    char *dir = run_dir(uri, driver);
    int ret = dir ? mv_boot_next_id_in(dir) : -1;
    free(dir);
    return ret;
}
