/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-probe.c — what a file in a pool holds, from its
 * first 4 KiB only. Backing files named in an image header are reported,
 * never opened. A volume whose format modvirt recorded is not probed, so a
 * raw disk stays raw whatever a guest writes into it. */
#include "sdir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define PROBE_LEN 4096
#define QCOW2_BACKING_FMT_EXT 0xE2792ACAu
#define QCOW2_DATA_FILE_EXT 0x44415441u

static guint32 be32(const unsigned char *b)
{
    return (guint32)b[0] << 24 | (guint32)b[1] << 16 | (guint32)b[2] << 8 | b[3];
}

static guint64 be64(const unsigned char *b)
{
    return (guint64)be32(b) << 32 | be32(b + 4);
}

/* Backing file name and format from a qcow2 header, if both fit in BUF. */
static void probe_qcow2_backing(const unsigned char *buf, size_t len, guint32 version,
                                mv_sdir_probe *out)
{
    guint64 off = be64(buf + 8);
    guint32 size = be32(buf + 16);
    if (off != 0 && (size > 1023 || off > len || size > len - off)) {
        out->external = true;   /* a backing name we cannot read: treat as unsafe */
        size = 0;
    }
    if (off != 0 && size != 0) {
        out->backing = g_strndup((const char *)buf + off, size);
        out->backing_format = MV_STORAGE_FORMAT_RAW;
    }
    size_t ext = version >= 3 && len >= 104 ? be32(buf + 100) : 72;
    while (ext + 8 <= len) {
        guint32 type = be32(buf + ext), elen = be32(buf + ext + 4);
        if (type == 0 || elen > len - ext - 8)
            break;
        if (type == QCOW2_DATA_FILE_EXT)
            out->external = true;
        if (type == QCOW2_BACKING_FMT_EXT && out->backing) {
            g_autofree char *fmt = g_strndup((const char *)buf + ext + 8, elen);
            int f = mv_storage_file_format_from_string(fmt);
            if (f > 0)
                out->backing_format = f;
        }
        ext += 8 + ((elen + 7) & ~7u);
    }
}

static mv_storage_file_format probe_magic(const unsigned char *buf, size_t len)
{
    if (len >= 8 && memcmp(buf, "QFI\xfb", 4) == 0)
        return be32(buf + 4) == 1 ? MV_STORAGE_FORMAT_QCOW : MV_STORAGE_FORMAT_QCOW2;
    if (len >= 4 && memcmp(buf, "KDMV", 4) == 0)
        return MV_STORAGE_FORMAT_VMDK;
    if (len >= 4 && memcmp(buf, "QED\0", 4) == 0)
        return MV_STORAGE_FORMAT_QED;
    if (len >= 8 && memcmp(buf, "conectix", 8) == 0)
        return MV_STORAGE_FORMAT_VPC;
    if (len >= 68 && memcmp(buf + 64, "\x7f\x10\xda\xbe", 4) == 0)
        return MV_STORAGE_FORMAT_VDI;
    return MV_STORAGE_FORMAT_RAW;
}

/* OUT->format is the recorded format when PROBE is false. */
int mv_sdir_probe_fd(int fd, const struct stat *sb, bool probe, mv_sdir_probe *out)
{
    unsigned char buf[PROBE_LEN];
    ssize_t n = 0;
    out->capacity = sb->st_size;
    if (!probe && out->format == MV_STORAGE_FORMAT_RAW)
        return 0;
    if (fd >= 0 && sb->st_size >= 8 && (n = pread(fd, buf, sizeof(buf), 0)) < 0)
        return -errno;
    if (probe)
        out->format = probe_magic(buf, n);
    if (out->format == MV_STORAGE_FORMAT_QCOW2 && n >= 72 &&
        memcmp(buf, "QFI\xfb", 4) == 0 && be32(buf + 4) >= 2) {
        out->capacity = be64(buf + 24);
        probe_qcow2_backing(buf, n, be32(buf + 4), out);
    }
    return 0;
}

int mv_sdir_vol_stat(int dirfd, mv_storage_vol_def *def, guint64 record)
{
    struct stat sb;
    int fd = -1, rc = 0;
    if (fstatat(dirfd, def->name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
        return -errno;
    if (!S_ISREG(sb.st_mode))
        return -EINVAL;
    bool recorded = record && (record >> 8) == (guint64)sb.st_ino;
    mv_sdir_probe pr = { .format = recorded ? (int)(record & 0xff) : MV_STORAGE_FORMAT_RAW };
    bool need_read = sb.st_size >= 8 && (!recorded || pr.format != MV_STORAGE_FORMAT_RAW);
    if (need_read) {
        fd = openat(dirfd, def->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
            rc = fd < 0 ? -errno : -EINVAL;
    }
    if (rc == 0)
        rc = mv_sdir_probe_fd(fd, &sb, !recorded, &pr);
    if (fd >= 0)
        close(fd);
    if (rc < 0)
        return rc;
    def->type = MV_STORAGE_VOL_FILE;
    def->format = pr.format;
    def->capacity = pr.capacity;
    def->allocation = (unsigned long long)sb.st_blocks * 512;
    def->perms->mode = sb.st_mode & 07777;
    def->perms->owner = sb.st_uid;
    def->perms->group = sb.st_gid;
    if (pr.backing)
        mv_storage_vol_def_set_backing(def, pr.backing, pr.backing_format);
    else if (def->backing)   /* a NULL path is not formatted */
        mv_storage_vol_def_set_backing(def, NULL, MV_STORAGE_FORMAT_NONE);
    g_free(pr.backing);
    return recorded;
}

/* What a directory entry is, for errors ("a symbolic link"). */
static const char *sdir_file_kind(mode_t mode)
{
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    return NULL;
}

void mv_sdir_vol_report_unusable(int dirfd, const mv_storage_vol_def *def, int err,
                                 const char *action)
{
    struct stat sb;
    const char *kind;
    /* The entry is looked at again: the errno alone cannot tell a volume
     * replaced by a symlink (ELOOP from O_NOFOLLOW, EINVAL from the checks
     * above) from one that is missing or unreadable. */
    int rc = fstatat(dirfd, def->name, &sb, AT_SYMLINK_NOFOLLOW);
    if (rc < 0 && errno == ENOENT) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_NO_STORAGE_VOL,
                        "no storage vol with matching path '%s'", def->target_path);
    } else if (rc == 0 && (kind = sdir_file_kind(sb.st_mode))) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INTERNAL_ERROR,
                        "Volume path '%s' is %s, not a regular file", def->target_path, kind);
    } else {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, err ? err : EIO, "%s '%s'",
                              action, def->target_path);
    }
}
