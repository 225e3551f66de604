/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-vol.c — creating volumes: raw files (sparse,
 * partly or fully allocated), qcow2 through qemu-img (with a backing store
 * for overlays), and clones (a sparse copy, or qemu-img convert between
 * formats). The name is claimed with O_EXCL, the work runs without the
 * state lock, and a failure removes only the file this call created. */
#include "sdir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

typedef struct sdir_job {
    mv_sdir_pool *p;
    mv_sdir_vol *v;               /* the new volume, busy */
    mv_sdir_pool *src_p;          /* clone source, being read */
    mv_sdir_vol *src;
    mv_storage_file_format src_format;
    unsigned long long src_size;
} sdir_job;

static int sdir_vol_check_def(const mv_storage_vol_def *def)
{
    if (def->type != MV_STORAGE_VOL_FILE) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "volume '%s': a dir pool holds only volumes of type 'file'", def->name);
    } else if (def->format != MV_STORAGE_FORMAT_RAW && def->format != MV_STORAGE_FORMAT_QCOW2) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "volume '%s': format '%s' is not supported (raw or qcow2)", def->name,
                        mv_storage_file_format_to_string(def->format));
    } else if (def->backing && def->backing->path && def->format == MV_STORAGE_FORMAT_RAW) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "backing storage not supported for raw volumes");
    } else if (def->backing && def->backing->path && access(def->backing->path, R_OK) < 0) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_INTERNAL_ERROR,
                        "inaccessible backing store volume %s", def->backing->path);
    } else {
        return 0;
    }
    return -1;
}

static int sdir_raw_allocate(int fd, const mv_storage_vol_def *def)
{
    unsigned long long alloc = MIN(def->allocation, def->capacity);
    int rc = alloc ? posix_fallocate(fd, 0, (off_t)alloc) : 0;
    if (rc == 0 && ftruncate(fd, (off_t)def->capacity) < 0)
        rc = errno;
    if (rc != 0)
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, rc,
                              "cannot allocate %llu bytes in file '%s'", def->capacity,
                              def->target_path);
    return rc ? -1 : 0;
}

int mv_sdir_qcow2_create(const mv_storage_vol_def *def, unsigned int flags)
{
    g_autofree char *size = g_strdup_printf("%llu", def->capacity);
    const char *argv[16] = { "create", "-q", "-f", "qcow2" };
    int n = 4;
    if (flags & VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA) {
        argv[n++] = "-o";
        argv[n++] = "preallocation=metadata";
    }
    if (def->backing && def->backing->path) {
        argv[n++] = "-b";
        argv[n++] = def->backing->path;
        argv[n++] = "-F";
        argv[n++] = mv_storage_file_format_to_string(def->backing->format);
    }
    argv[n++] = def->target_path;
    argv[n++] = size;
    argv[n] = NULL;
    return mv_sdir_qemu_img(argv);
}

/* Clone: the same raw format copies extents; anything else converts. */
static int sdir_clone_data(const sdir_job *j, int fd, unsigned int flags)
{
    const mv_storage_vol_def *def = j->v->def;
    struct stat sb;
    int src = mv_sdir_open_regular(j->src_p, j->src->def, O_RDONLY, &sb, "cannot open volume");
    int rc = -1;
    if (src < 0) {
        /* error reported */
    } else if (def->format == MV_STORAGE_FORMAT_RAW && j->src_format == MV_STORAGE_FORMAT_RAW) {
        int err = mv_sdir_copy_sparse(src, fd, sb.st_size);
        if (err == 0 && ftruncate(fd, MAX((off_t)def->capacity, sb.st_size)) < 0)
            err = -errno;
        if (err < 0)
            mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, -err,
                                  "cannot copy '%s' to '%s'", j->src->def->target_path,
                                  def->target_path);
        rc = err < 0 ? -1 : 0;
    } else {
        g_autofree char *src_path = mv_sdir_vol_path(j->src_p, j->src->def->name);
        const char *argv[] = { "convert", "-q", "-f",
                               mv_storage_file_format_to_string(j->src_format), "-O",
                               mv_storage_file_format_to_string(def->format),
                               src_path, def->target_path, NULL };
        rc = mv_sdir_qemu_img(argv);
    }
    (void)flags;
    if (src >= 0)
        close(src);
    return rc;
}

/* A qcow2 source modvirt did not create may name files outside the pool
 * (backing file, external data file): qemu-img would open them. */
static int sdir_clone_check(sdir_job *j)
{
    j->src_format = j->src->def->format;
    if (j->src_format != MV_STORAGE_FORMAT_RAW && j->src_format != MV_STORAGE_FORMAT_QCOW2) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "cannot clone volume '%s' of format '%s'", j->src->def->name,
                        mv_storage_file_format_to_string(j->src_format));
        return -1;
    }
    if (j->src_format == MV_STORAGE_FORMAT_QCOW2 && !j->src->record &&
        j->v->def->format != MV_STORAGE_FORMAT_QCOW2) {
        struct stat sb;
        int fd = mv_sdir_open_regular(j->src_p, j->src->def, O_RDONLY, &sb, "cannot open volume");
        if (fd < 0)
            return -1;
        mv_sdir_probe pr = { 0 };
        bool unsafe = mv_sdir_probe_fd(fd, &sb, true, &pr) < 0 || pr.backing || pr.external;
        g_free(pr.backing);
        close(fd);
        if (unsafe) {
            mv_error_report(MV_SDIR_ERR, VIR_ERR_OPERATION_UNSUPPORTED,
                            "cannot convert volume '%s': a qcow2 image modvirt did not create "
                            "that refers to other files", j->src->def->name);
            return -1;
        }
    }
    return 0;
}

/* With the lock held: parses, checks, claims the name in memory. */
static int sdir_job_prepare(mv_sdir_state *st, virStoragePoolPtr pool, const char *xml,
                            virStorageVolPtr clonevol, sdir_job *j)
{
    if (!(j->p = mv_sdir_pool_active(st, virStoragePoolGetName(pool))))
        return -1;
    mv_storage_vol_def *def = mv_storage_vol_def_parse(j->p->def, xml, 0);
    if (!def || sdir_vol_check_def(def) < 0) {
        mv_storage_vol_def_free(def);
        return -1;
    }
    if (g_hash_table_contains(j->p->by_name, def->name)) {
        mv_error_report(MV_SDIR_ERR, VIR_ERR_STORAGE_VOL_EXIST, "'%s'", def->name);
        mv_storage_vol_def_free(def);
        return -1;
    }
    j->v = g_new0(mv_sdir_vol, 1);
    j->v->def = def;
    if (clonevol) {
        if (!(j->src_p = mv_sdir_pool_active(st, mv_storage_vol_get_pool_name(clonevol))) ||
            !(j->src = mv_sdir_vol_find(j->src_p, virStorageVolGetName(clonevol))) ||
            sdir_clone_check(j) < 0 || mv_sdir_job_begin(j->src_p, j->src, false) < 0) {
            mv_sdir_vol_free(j->v);
            return -1;
        }
    }
    mv_sdir_vol_insert(j->p, j->v);
    return mv_sdir_job_begin(j->p, j->v, true);
}

static virStorageVolPtr sdir_vol_make(virStoragePoolPtr pool, const char *xml,
                                      virStorageVolPtr clonevol, unsigned int flags)
{
    virConnectPtr conn = virStoragePoolGetConnect(pool);
    sdir_job j = { 0 };
    mv_sdir_state *st = mv_sdir_lock(conn);
    if (sdir_job_prepare(st, pool, xml, clonevol, &j) < 0) {
        mv_sdir_unlock(st);
        return NULL;
    }
    const mv_storage_vol_def *def = j.v->def;
    int mode = def->perms->mode >= 0 ? def->perms->mode : 0600;
    mv_sdir_unlock(st);

    int rc = -1, fd = mv_sdir_open_vol(j.p, def->name, O_RDWR | O_CREAT | O_EXCL);
    fd = fd >= 0 ? fd : -errno;
    if (fd >= 0 && fchmod(fd, mode) == 0 &&
        (def->perms->owner < 0 && def->perms->group < 0 ? 0
         : fchown(fd, def->perms->owner, def->perms->group)) == 0)
        rc = 0;
    else if (fd == -EEXIST)
        mv_error_report(MV_SDIR_ERR, VIR_ERR_STORAGE_VOL_EXIST, "'%s'", def->name);
    else
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, fd < 0 ? -fd : errno,
                              "cannot create volume '%s'", def->target_path);
    if (rc == 0 && j.src)
        rc = sdir_clone_data(&j, fd, flags);
    else if (rc == 0 && def->format == MV_STORAGE_FORMAT_QCOW2)
        rc = mv_sdir_qcow2_create(def, flags);
    else if (rc == 0)
        rc = sdir_raw_allocate(fd, def);
    struct stat sb;
    if (rc == 0 && (fsync(fd) < 0 || fstat(fd, &sb) < 0)) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot write volume '%s'", def->target_path);
        rc = -1;
    }
    if (rc < 0 && fd >= 0)
        unlinkat(j.p->dirfd, def->name, 0);   /* ours: O_EXCL created it */
    if (fd >= 0)
        close(fd);

    pthread_mutex_lock(&st->lock);
    virStorageVolPtr ret = NULL;
    if (j.src)
        mv_sdir_job_end(j.src_p, j.src, false);
    mv_sdir_job_end(j.p, j.v, true);
    if (rc == 0) {
        j.v->record = MV_SDIR_RECORD(def->format, sb.st_ino);
        if (mv_sdir_records_set(st, j.p, def->name, def->format, sb.st_ino) < 0)
            mv_log(MV_LOG_WARN, MV_SDIR_SRC, "format of '%s' not recorded", def->target_path);
        mv_sdir_vol_stat(j.p->dirfd, j.v->def, j.v->record);
        ret = mv_sdir_vol_handle(conn, j.p, j.v);
    } else {
        mv_sdir_vol_drop(j.p, j.v);
        mv_sdir_vol_free(j.v);
    }
    mv_sdir_unlock(st);
    return ret;
}

virStorageVolPtr mv_sdir_vol_create(virStoragePoolPtr pool, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA, MV_SDIR_ERR,
                             "storageVolCreateXML") < 0)
        return NULL;
    return sdir_vol_make(pool, xml, NULL, flags);
}

virStorageVolPtr mv_sdir_vol_clone(virStoragePoolPtr pool, const char *xml,
                                   virStorageVolPtr src, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_SDIR_ERR, "storageVolCreateXMLFrom") < 0)
        return NULL;
    return sdir_vol_make(pool, xml, src, flags);
}
