/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-stream.h — stream operations over one open
 * file, for virStorageVolUpload/Download: a window [offset, offset+length)
 * written or read sequentially, holes found with SEEK_DATA/SEEK_HOLE on the
 * way out and punched or left unwritten on the way in. Only libc and the
 * plugin API, so a test can drive the operations without a core stream. */
#ifndef MV_SDIR_STREAM_H
#define MV_SDIR_STREAM_H

#include <modvirt-plugin/plugin.h>
#include <stdbool.h>

typedef struct mv_sdir_stream mv_sdir_stream;

/* Takes FD. LENGTH 0: no bound on upload, up to the end of the file on
 * download. RELEASE(DATA) runs once when the operations' free runs. */
mv_sdir_stream *mv_sdir_stream_new(int fd, const char *path, bool upload,
                                   unsigned long long offset, unsigned long long length,
                                   void (*release)(void *), void *data);

extern const mv_stream_ops mv_sdir_upload_ops;
extern const mv_stream_ops mv_sdir_download_ops;

#endif
