/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-transfer.c — virStorageVolUpload/Download: the
 * slots check the volume, open it without following symlinks, keep it busy
 * (upload) or read-locked (download) and attach the file stream
 * operations; the job ends when the core frees them. */
#include "sdir.h"
#include "sdir-stream.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

typedef struct sdir_transfer {
    mv_sdir_state *st;
    mv_sdir_pool *p;
    mv_sdir_vol *v;
    bool upload;
} sdir_transfer;

static void sdir_transfer_done(void *data)
{
    sdir_transfer *t = data;
    pthread_mutex_lock(&t->st->lock);
    mv_sdir_job_end(t->p, t->v, t->upload);
    if (t->upload)   /* the file's size and blocks changed */
        mv_sdir_vol_stat(t->p->dirfd, t->v->def, t->v->record);
    pthread_mutex_unlock(&t->st->lock);
    mv_sdir_state_release(t->st);
    g_free(t);
}

static int sdir_transfer_start(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                         unsigned long long length, bool upload)
{
    MV_SDIR_VOL_BEGIN(vol, st, p, v, -1);
    if (mv_sdir_job_begin(p, v, upload) < 0) {
        mv_sdir_unlock(st);
        return -1;
    }
    struct stat sb;
    int fd = mv_sdir_open_regular(p, v->def, upload ? O_WRONLY : O_RDONLY, &sb,
                                  "cannot open volume");
    if (fd < 0) {
        mv_sdir_job_end(p, v, upload);
        mv_sdir_unlock(st);
        return -1;
    }
    sdir_transfer *t = g_new0(sdir_transfer, 1);
    *t = (sdir_transfer){ .st = st, .p = p, .v = v, .upload = upload };
    mv_sdir_state_ref(st);
    mv_sdir_stream *s = mv_sdir_stream_new(fd, v->def->target_path, upload, offset, length,
                                           sdir_transfer_done, t);
    mv_sdir_unlock(st);
    const mv_stream_ops *ops = upload ? &mv_sdir_upload_ops : &mv_sdir_download_ops;
    if (mv_stream_attach(virStorageVolGetConnect(vol), stream, ops, s) < 0) {
        ops->free(s);
        return -1;
    }
    return 0;
}

int mv_sdir_vol_upload(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                       unsigned long long length, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM, MV_SDIR_ERR,
                             "storageVolUpload") < 0)
        return -1;
    return sdir_transfer_start(vol, stream, offset, length, true);
}

int mv_sdir_vol_download(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                         unsigned long long length, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM, MV_SDIR_ERR,
                             "storageVolDownload") < 0)
        return -1;
    return sdir_transfer_start(vol, stream, offset, length, false);
}
