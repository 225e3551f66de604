/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-vol-ops.c — changing volumes that exist: delete
 * (unlink of the pool's own entry, never a symlink's target), wipe (zeroes
 * over the data extents, with progress in the log; qcow2 is recreated
 * empty) and resize (grow; shrink only with the flag and only when nothing
 * but holes lies beyond the new end). Long work runs with the volume busy
 * and the state lock dropped. */
#include "sdir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int mv_sdir_vol_delete(virStorageVolPtr vol, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_SDIR_ERR, "storageVolDelete") < 0)
        return -1;
    MV_SDIR_VOL_BEGIN(vol, st, p, v, -1);
    int ret = -1;
    if (mv_sdir_vol_check_idle(v) < 0) {
        /* error reported */
    } else if (unlinkat(p->dirfd, v->def->name, 0) < 0 && errno != ENOENT) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot unlink file '%s'", v->def->target_path);
    } else {
        g_autofree char *name = g_strdup(v->def->name);
        mv_sdir_vol_drop(p, v);
        mv_sdir_vol_free(v);
        mv_sdir_records_set(st, p, name, MV_STORAGE_FORMAT_NONE, 0);
        ret = 0;
    }
    mv_sdir_unlock(st);
    return ret;
}

/* Zeroes the data extents of FD's first LEN bytes (holes already read as
 * zeroes), logging progress every 10%. */
static int sdir_zero_fd(int fd, unsigned long long len, const char *path)
{
    static const char zeros[1 << 20];
    off_t off = 0, end = (off_t)len;
    unsigned int tenth = 0;
    while (off < end) {
        off_t data = lseek(fd, off, SEEK_DATA);
        if (data < 0 && errno == ENXIO)
            break;
        off_t hole = data < 0 ? end : lseek(fd, data, SEEK_HOLE);
        data = data < 0 ? off : data;
        hole = hole < 0 || hole > end ? end : hole;
        for (off = data; off < hole;) {
            ssize_t n = pwrite(fd, zeros, MIN((off_t)sizeof(zeros), hole - off), off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return n < 0 ? -errno : -EIO;
            off += n;
            if (off * 10 / MAX(end, 1) > tenth) {
                tenth = off * 10 / MAX(end, 1);
                mv_log(MV_LOG_INFO, MV_SDIR_SRC, "wiping %s: %u%%", path, tenth * 10);
            }
        }
    }
    return fsync(fd) < 0 ? -errno : 0;
}

static int sdir_wipe_file(const mv_sdir_pool *p, const mv_storage_vol_def *def)
{
    if (def->format == MV_STORAGE_FORMAT_QCOW2)   /* an empty image again */
        return mv_sdir_qcow2_create(def, 0);
    struct stat sb;
    int fd = mv_sdir_open_regular(p, def, O_WRONLY, &sb, "cannot wipe volume");
    if (fd < 0)
        return -1;
    int rc = sdir_zero_fd(fd, sb.st_size, def->target_path);
    close(fd);
    if (rc < 0)
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, -rc,
                              "cannot wipe volume '%s'", def->target_path);
    return rc < 0 ? -1 : 0;
}

int mv_sdir_vol_wipe(virStorageVolPtr vol, unsigned int algorithm, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_SDIR_ERR, "storageVolWipePattern") < 0)
        return -1;
    if (algorithm > VIR_STORAGE_VOL_WIPE_ALG_TRIM) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INVALID_ARG,
                        "wiping algorithm %u not supported", algorithm);
        return -1;
    }
    if (algorithm != VIR_STORAGE_VOL_WIPE_ALG_ZERO) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "wiping algorithm %u not supported: the storage-dir plugin "
                        "only writes zeroes (VIR_STORAGE_VOL_WIPE_ALG_ZERO)", algorithm);
        return -1;
    }
    MV_SDIR_VOL_BEGIN(vol, st, p, v, -1);
    int ret = -1;
    if (mv_sdir_job_begin(p, v, true) == 0) {
        mv_storage_vol_def *def = mv_storage_vol_def_copy(v->def);
        mv_sdir_unlock(st);
        ret = sdir_wipe_file(p, def);
        mv_storage_vol_def_free(def);
        pthread_mutex_lock(&st->lock);
        mv_sdir_job_end(p, v, true);
    }
    mv_sdir_unlock(st);
    return ret;
}

/* libvirt's checks of the new capacity. */
static int sdir_resize_target(const mv_storage_vol_def *def, unsigned long long arg,
                              unsigned int flags, unsigned long long *cap)
{
    bool shrink = flags & VIR_STORAGE_VOL_RESIZE_SHRINK;
    *cap = arg;
    if (flags & VIR_STORAGE_VOL_RESIZE_DELTA) {
        if (shrink && arg > def->capacity) {
            mv_error_report(MV_SDIR_ERR, VIR_ERR_INVALID_ARG, "can't shrink capacity below zero");
            return -1;
        }
        *cap = shrink ? def->capacity - arg : def->capacity + arg;
    }
    if (*cap < def->capacity && !shrink) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INVALID_ARG,
                        "Can't shrink capacity below current capacity unless shrink flag "
                        "explicitly specified");
        return -1;
    }
    if (*cap < def->capacity && def->format != MV_STORAGE_FORMAT_RAW) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_UNSUPPORTED,
                        "shrinking volume '%s' of format '%s' is not supported", def->name,
                        mv_storage_file_format_to_string(def->format));
        return -1;
    }
    return 0;
}

static int sdir_resize_raw(const mv_sdir_pool *p, const mv_storage_vol_def *def,
                           unsigned long long cap, unsigned int flags)
{
    struct stat sb;
    int fd = mv_sdir_open_regular(p, def, O_WRONLY, &sb, "cannot resize volume"), err = 0;
    if (fd < 0)
        return -1;
    if (cap < (unsigned long long)sb.st_size &&
        !(lseek(fd, (off_t)cap, SEEK_DATA) < 0 && errno == ENXIO)) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_UNSUPPORTED,
                        "cannot shrink volume '%s' to %llu bytes: it holds data beyond that size",
                        def->name, cap);
        close(fd);
        return -1;
    }
    if ((flags & VIR_STORAGE_VOL_RESIZE_ALLOCATE) && cap > (unsigned long long)sb.st_size)
        err = posix_fallocate(fd, sb.st_size, (off_t)(cap - sb.st_size));
    if (!err && ftruncate(fd, (off_t)cap) < 0)
        err = errno;
    close(fd);
    if (err)
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, err,
                              "cannot resize volume '%s' to %llu bytes", def->target_path, cap);
    return err ? -1 : 0;
}

int mv_sdir_vol_resize(virStorageVolPtr vol, unsigned long long capacity, unsigned int flags)
{
    unsigned long long cap;
    if (mv_error_check_flags(flags, VIR_STORAGE_VOL_RESIZE_ALLOCATE | VIR_STORAGE_VOL_RESIZE_DELTA |
                                    VIR_STORAGE_VOL_RESIZE_SHRINK, MV_SDIR_ERR,
                             "storageVolResize") < 0)
        return -1;
    MV_SDIR_VOL_BEGIN(vol, st, p, v, -1);
    int ret = -1, rc = mv_sdir_vol_stat(p->dirfd, v->def, v->record);
    if (rc < 0)
        mv_sdir_vol_report_unusable(p->dirfd, v->def, -rc, "cannot stat file");
    else if (sdir_resize_target(v->def, capacity, flags, &cap) == 0 &&
        mv_sdir_job_begin(p, v, true) == 0) {
        mv_storage_vol_def *def = mv_storage_vol_def_copy(v->def);
        mv_sdir_unlock(st);
        if (def->format == MV_STORAGE_FORMAT_RAW) {
            ret = sdir_resize_raw(p, def, cap, flags);
        } else {
            g_autofree char *size = g_strdup_printf("%llu", cap);
            const char *argv[] = { "resize", "-q", "-f", "qcow2", def->target_path, size, NULL };
            ret = mv_sdir_qemu_img(argv);
        }
        mv_storage_vol_def_free(def);
        pthread_mutex_lock(&st->lock);
        mv_sdir_job_end(p, v, true);
        mv_sdir_vol_stat(p->dirfd, v->def, v->record);
    }
    mv_sdir_unlock(st);
    return ret;
}
