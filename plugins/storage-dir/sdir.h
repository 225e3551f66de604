/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir.h — what the storage-dir plugin's files share:
 * one state per root (pools, their volumes, one mutex, one event source),
 * the pool and volume records, and the helpers each room exports. */
#ifndef MV_SDIR_H
#define MV_SDIR_H

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-storage.h>
#include <glib.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/stat.h>

#define MV_SDIR_SRC "plugin.storage-dir"
#define MV_SDIR_ERR VIR_FROM_STORAGE

typedef struct mv_sdir_vol {
    mv_storage_vol_def *def;
    guint64 record;     /* MV_SDIR_RECORD of its creation, 0: probed */
    int busy;           /* being created, wiped, resized or uploaded to */
    int readers;        /* being cloned from or downloaded */
    unsigned int gen;   /* the pool's generation when it was added */
} mv_sdir_vol;

typedef struct mv_sdir_pool {
    mv_storage_pool_def *def;      /* live definition */
    mv_storage_pool_def *newdef;   /* pending persistent one, or NULL */
    bool active, persistent, autostart;
    int dirfd;                     /* the target directory while active */
    int jobs;                      /* refreshes, volume jobs in flight */
    unsigned int gen;              /* bumped by every volume added */
    GPtrArray *vols;               /* mv_sdir_vol */
    GHashTable *by_name;           /* name -> mv_sdir_vol */
} mv_sdir_pool;

typedef struct mv_sdir_state {
    mv_driver_state *root;         /* the core's state of this root */
    pthread_mutex_t lock;
    bool autostart_checked;        /* the boot's autostart claim was tried */
    GPtrArray *pools;              /* mv_sdir_pool */
    mv_event_source *events;
} mv_sdir_state;

/* sdir-state.c */
mv_sdir_state *mv_sdir_state_acquire(const mv_uri *uri, bool readonly);
void mv_sdir_state_release(mv_sdir_state *st);
void mv_sdir_state_ref(mv_sdir_state *st);
mv_sdir_state *mv_sdir_lock(virConnectPtr conn);
void mv_sdir_unlock(mv_sdir_state *st);
mv_sdir_pool *mv_sdir_pool_add(mv_sdir_state *st, mv_storage_pool_def *def);
void mv_sdir_pool_remove(mv_sdir_state *st, mv_sdir_pool *p);
int mv_sdir_pool_save(mv_sdir_state *st, const mv_storage_pool_def *def);
int mv_sdir_pool_unsave(mv_sdir_state *st, const char *name);
int mv_sdir_status_save(mv_sdir_state *st, const mv_sdir_pool *p);
void mv_sdir_status_remove(mv_sdir_state *st, const char *name);
int mv_sdir_autostart_set(mv_sdir_state *st, const char *name, bool on);

/* sdir-pool-run.c: start, stop and refresh with the lock held (refresh
 * drops and retakes it while it scans). */
int mv_sdir_pool_start(mv_sdir_state *st, mv_sdir_pool *p);
void mv_sdir_pool_stop(mv_sdir_state *st, mv_sdir_pool *p);
int mv_sdir_pool_refresh(mv_sdir_state *st, mv_sdir_pool *p);
void mv_sdir_pool_sizes(mv_sdir_pool *p);
void mv_sdir_vol_insert(mv_sdir_pool *p, mv_sdir_vol *v);
void mv_sdir_vol_drop(mv_sdir_pool *p, mv_sdir_vol *v);
void mv_sdir_vol_free(mv_sdir_vol *v);

/* sdir-objects.c: lookups with libvirt's errors, handles. */
/* How the plugin API's object helpers see pools (ListAll filters, lookups
 * with libvirt's errors). */
extern const mv_object_kind mv_sdir_pool_kind;
/* The pool-type filters of virConnectListAllStoragePools. */
#define MV_SDIR_TYPE_FLAGS (((VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT << 1) - 1) & \
                            ~(VIR_CONNECT_LIST_STORAGE_POOLS_DIR - 1))
mv_sdir_pool *mv_sdir_pool_find(mv_sdir_state *st, const char *name);
mv_sdir_pool *mv_sdir_pool_find_uuid(mv_sdir_state *st, const unsigned char *uuid);
mv_sdir_pool *mv_sdir_pool_active(mv_sdir_state *st, const char *name);
int mv_sdir_pool_check_inactive(const mv_sdir_pool *p);
int mv_sdir_pool_check_idle(const mv_sdir_pool *p);
mv_sdir_vol *mv_sdir_vol_find(mv_sdir_pool *p, const char *name);
int mv_sdir_vol_check_idle(const mv_sdir_vol *v);
virStoragePoolPtr mv_sdir_pool_handle(virConnectPtr conn, const mv_sdir_pool *p);
virStorageVolPtr mv_sdir_vol_handle(virConnectPtr conn, const mv_sdir_pool *p,
                                    const mv_sdir_vol *v);
void mv_sdir_pool_event(mv_sdir_state *st, const mv_sdir_pool *p, int event);

/* Volume slots that need their pool and volume: lock, find both. */
#define MV_SDIR_VOL_BEGIN(vol, st, p, v, fail)                                  \
    mv_sdir_state *st = mv_sdir_lock(virStorageVolGetConnect(vol));             \
    mv_sdir_pool *p = mv_sdir_pool_active(st, mv_storage_vol_get_pool_name(vol)); \
    mv_sdir_vol *v = p ? mv_sdir_vol_find(p, virStorageVolGetName(vol)) : NULL; \
    if (!v) {                                                                   \
        mv_sdir_unlock(st);                                                     \
        return fail;                                                            \
    }

/* sdir-probe.c: what a file in a pool is, reading only its first bytes. */
typedef struct mv_sdir_probe {
    mv_storage_file_format format;
    unsigned long long capacity;   /* virtual size; st_size for raw */
    char *backing;                 /* qcow2 backing file name, never opened */
    mv_storage_file_format backing_format;
    bool external;                 /* refers to other files (backing, data file) */
} mv_sdir_probe;
int mv_sdir_probe_fd(int fd, const struct stat *sb, bool probe, mv_sdir_probe *out);
/* Fills DEF's sizes, perms, format and backing from the file DEF->name in
 * DIRFD, never following a symlink. RECORD (MV_SDIR_RECORD, 0 for none)
 * gives the format when the inode matches. 1 when the record was used, 0
 * when probed, -errno when the file is missing or not a regular file. */
int mv_sdir_vol_stat(int dirfd, mv_storage_vol_def *def, guint64 record);
/* Reports why the file of volume DEF in DIRFD could not be used, after a
 * stat or open of it failed with ERR (an errno; EINVAL from
 * mv_sdir_vol_stat for a file that is not regular): the volume's path and
 * the cause, libvirt's VIR_ERR_NO_STORAGE_VOL when the file is gone,
 * "Volume path '...' is a symbolic link, not a regular file" (and the like)
 * when it was replaced, else "ACTION '...': <strerror(ERR)>". */
void mv_sdir_vol_report_unusable(int dirfd, const mv_storage_vol_def *def, int err,
                                 const char *action);

/* sdir-records.c: the formats of volumes modvirt created, per pool. */
GHashTable *mv_sdir_records_load(mv_sdir_state *st, const mv_sdir_pool *p);
int mv_sdir_records_set(mv_sdir_state *st, mv_sdir_pool *p, const char *name,
                        mv_storage_file_format fmt, unsigned long long ino);
void mv_sdir_records_forget(mv_sdir_state *st, const mv_sdir_pool *p);
/* Record value: format in the low byte, inode above it. */
#define MV_SDIR_RECORD(fmt, ino) (((guint64)(ino) << 8) | (guint64)(fmt))

/* sdir-tools.c: qemu-img, sparse copies, fd helpers. */
int mv_sdir_qemu_img(const char *const *argv);
int mv_sdir_qcow2_create(const mv_storage_vol_def *def, unsigned int flags);
int mv_sdir_copy_sparse(int src, int dst, unsigned long long len);
int mv_sdir_open_vol(const mv_sdir_pool *p, const char *name, int flags);
/* Opens volume DEF's file in P with FLAGS when it is still a regular file
 * (never following a symlink, never blocking on a FIFO), filling *SB.
 * The fd, or -1 with the error mv_sdir_vol_report_unusable gives for
 * ACTION ("cannot open volume"). */
int mv_sdir_open_regular(const mv_sdir_pool *p, const mv_storage_vol_def *def, int flags,
                         struct stat *sb, const char *action);
char *mv_sdir_vol_path(const mv_sdir_pool *p, const char *name);

/* The slots of the storage driver table, which sdir-plugin.c holds. */

/* Open and close (sdir-plugin.c). */
mv_open_status mv_sdir_storage_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags);
int mv_sdir_storage_close(virConnectPtr conn);

/* Listing, lookups and properties (sdir-query.c). */
int mv_sdir_pool_list_all(virConnectPtr conn, virStoragePoolPtr **pools, unsigned int flags);
virStoragePoolPtr mv_sdir_pool_lookup_name(virConnectPtr conn, const char *name);
virStoragePoolPtr mv_sdir_pool_lookup_uuid(virConnectPtr conn, const unsigned char *uuid);
virStoragePoolPtr mv_sdir_pool_lookup_volume(virStorageVolPtr vol);
virStoragePoolPtr mv_sdir_pool_lookup_path(virConnectPtr conn, const char *path);
int mv_sdir_pool_get_info(virStoragePoolPtr pool, virStoragePoolInfoPtr info);
char *mv_sdir_pool_get_xml(virStoragePoolPtr pool, unsigned int flags);
int mv_sdir_pool_get_autostart(virStoragePoolPtr pool, int *autostart);
int mv_sdir_pool_set_autostart(virStoragePoolPtr pool, int autostart);
int mv_sdir_pool_is_active(virStoragePoolPtr pool);
int mv_sdir_pool_is_persistent(virStoragePoolPtr pool);
int mv_sdir_vol_list_all(virStoragePoolPtr pool, virStorageVolPtr **vols, unsigned int flags);
virStorageVolPtr mv_sdir_vol_lookup_name(virStoragePoolPtr pool, const char *name);
virStorageVolPtr mv_sdir_vol_lookup_key(virConnectPtr conn, const char *key);
virStorageVolPtr mv_sdir_vol_lookup_path(virConnectPtr conn, const char *path);
int mv_sdir_vol_get_info(virStorageVolPtr vol, virStorageVolInfoPtr info, unsigned int flags);
char *mv_sdir_vol_get_xml(virStorageVolPtr vol, unsigned int flags);
char *mv_sdir_vol_get_path(virStorageVolPtr vol);

/* Pool life cycle (sdir-pool.c). */
virStoragePoolPtr mv_sdir_pool_create_xml(virConnectPtr conn, const char *xml, unsigned int flags);
virStoragePoolPtr mv_sdir_pool_define(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_sdir_pool_build(virStoragePoolPtr pool, unsigned int flags);
int mv_sdir_pool_start_slot(virStoragePoolPtr pool, unsigned int flags);
int mv_sdir_pool_destroy(virStoragePoolPtr pool);
int mv_sdir_pool_delete(virStoragePoolPtr pool, unsigned int flags);
int mv_sdir_pool_undefine(virStoragePoolPtr pool);
int mv_sdir_pool_refresh_slot(virStoragePoolPtr pool, unsigned int flags);

/* Volume life cycle (sdir-vol.c, sdir-vol-ops.c) and transfers
 * (sdir-transfer.c). */
virStorageVolPtr mv_sdir_vol_create(virStoragePoolPtr pool, const char *xml, unsigned int flags);
virStorageVolPtr mv_sdir_vol_clone(virStoragePoolPtr pool, const char *xml,
                                   virStorageVolPtr src, unsigned int flags);
int mv_sdir_vol_delete(virStorageVolPtr vol, unsigned int flags);
int mv_sdir_vol_wipe(virStorageVolPtr vol, unsigned int algorithm, unsigned int flags);
int mv_sdir_vol_resize(virStorageVolPtr vol, unsigned long long capacity, unsigned int flags);
int mv_sdir_vol_upload(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                       unsigned long long length, unsigned int flags);
int mv_sdir_vol_download(virStorageVolPtr vol, virStreamPtr stream, unsigned long long offset,
                         unsigned long long length, unsigned int flags);
/* A job on V outside the lock: begin and end with the lock held (a writer
 * refuses a volume in use, a reader one being written). Neither P nor V
 * goes away in between. */
int mv_sdir_job_begin(mv_sdir_pool *p, mv_sdir_vol *v, bool writer);
void mv_sdir_job_end(mv_sdir_pool *p, mv_sdir_vol *v, bool writer);

#endif
