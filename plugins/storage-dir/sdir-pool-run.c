/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-pool-run.c — an active pool: its directory held
 * open, its volumes found by scanning it (without the state lock: a pool of
 * 10000 files must not stall other calls), its live sizes. */
#include "sdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

void mv_sdir_vol_free(mv_sdir_vol *v)
{
    if (!v)   /* slots emptied by a merge */
        return;
    mv_storage_vol_def_free(v->def);
    g_free(v);
}

void mv_sdir_vol_insert(mv_sdir_pool *p, mv_sdir_vol *v)
{
    v->gen = ++p->gen;
    g_ptr_array_add(p->vols, v);
    g_hash_table_insert(p->by_name, v->def->name, v);
}

void mv_sdir_vol_drop(mv_sdir_pool *p, mv_sdir_vol *v)
{
    guint i;
    g_hash_table_remove(p->by_name, v->def->name);
    if (g_ptr_array_find(p->vols, v, &i))
        g_ptr_array_steal_index_fast(p->vols, i);   /* the caller frees V */
}

void mv_sdir_pool_sizes(mv_sdir_pool *p)
{
    struct statvfs sv;
    unsigned long long alloc = 0;
    if (!p->active)
        return;
    for (guint i = 0; i < p->vols->len; i++)
        alloc += ((mv_sdir_vol *)p->vols->pdata[i])->def->allocation;
    p->def->allocation = alloc;
    if (fstatvfs(p->dirfd, &sv) == 0) {
        p->def->capacity = (unsigned long long)sv.f_blocks * sv.f_frsize;
        p->def->available = (unsigned long long)sv.f_bavail * sv.f_frsize;
    }
}

/* The regular files of the pool directory, as volume records. */
static GPtrArray *sdir_scan(int dirfd, const char *target, GHashTable *recs)
{
    GPtrArray *found = g_ptr_array_new_with_free_func((GDestroyNotify)mv_sdir_vol_free);
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *ent;
    if (!d) {
        if (fd >= 0)
            close(fd);
        g_ptr_array_unref(found);
        return NULL;
    }
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.' || ent->d_type == DT_DIR || ent->d_type == DT_LNK)
            continue;
        mv_sdir_vol *v = g_new0(mv_sdir_vol, 1);
        guint64 *rec = g_hash_table_lookup(recs, ent->d_name);
        v->def = mv_storage_vol_def_new();
        v->def->name = g_strdup(ent->d_name);
        v->def->target_path = g_strconcat(target, "/", ent->d_name, NULL);
        v->def->key = g_strdup(v->def->target_path);
        int rc = mv_sdir_vol_stat(dirfd, v->def, rec ? *rec : 0);
        if (rc < 0) {
            mv_sdir_vol_free(v);
            continue;
        }
        v->record = rc == 1 ? *rec : 0;
        g_ptr_array_add(found, v);
    }
    closedir(d);
    return found;
}

/* Keeps the volumes a job holds and those added while the scan ran. */
static void sdir_merge(mv_sdir_pool *p, GPtrArray *found, unsigned int gen0)
{
    GPtrArray *old = p->vols;
    GHashTable *old_names = p->by_name;
    p->vols = g_ptr_array_new_with_free_func((GDestroyNotify)mv_sdir_vol_free);
    p->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < old->len; i++) {
        mv_sdir_vol *v = old->pdata[i];
        if (v->busy || v->readers || v->gen > gen0) {
            old->pdata[i] = NULL;
            g_ptr_array_add(p->vols, v);
            g_hash_table_insert(p->by_name, v->def->name, v);
        }
    }
    for (guint i = 0; i < found->len; i++) {
        mv_sdir_vol *v = found->pdata[i];
        if (g_hash_table_contains(p->by_name, v->def->name))
            continue;
        found->pdata[i] = NULL;
        v->gen = gen0;
        g_ptr_array_add(p->vols, v);
        g_hash_table_insert(p->by_name, v->def->name, v);
    }
    g_hash_table_unref(old_names);
    g_ptr_array_unref(old);
}

/* The open directory must still be the one at the target path. */
static int sdir_same_dir(const mv_sdir_pool *p)
{
    struct stat a, b;
    if (stat(p->def->target_path, &a) < 0 || fstat(p->dirfd, &b) < 0)
        return -errno;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino ? 0 : -ENOENT;
}

int mv_sdir_pool_refresh(mv_sdir_state *st, mv_sdir_pool *p)
{
    int rc = sdir_same_dir(p);
    if (rc < 0) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, -rc,
                              "cannot open directory '%s'", p->def->target_path);
        return -1;
    }
    g_autoptr(GHashTable) recs = mv_sdir_records_load(st, p);
    g_autofree char *target = g_strdup(p->def->target_path);
    unsigned int gen0 = p->gen;
    p->jobs++;
    pthread_mutex_unlock(&st->lock);
    GPtrArray *found = sdir_scan(p->dirfd, target, recs);
    int err = errno;
    pthread_mutex_lock(&st->lock);
    p->jobs--;
    if (!found) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, err,
                              "cannot open directory '%s'", target);
        return -1;
    }
    sdir_merge(p, found, gen0);
    g_ptr_array_unref(found);
    mv_sdir_pool_sizes(p);
    return 0;
}

int mv_sdir_pool_start(mv_sdir_state *st, mv_sdir_pool *p)
{
    int fd = open(p->def->target_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        mv_error_report_errno(MV_SDIR_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open directory '%s'", p->def->target_path);
        return -1;
    }
    p->dirfd = fd;
    p->active = true;
    if (mv_sdir_pool_refresh(st, p) < 0) {
        mv_sdir_pool_stop(st, p);
        return -1;
    }
    return 0;
}

/* The pending persistent definition, if any, becomes the definition. */
void mv_sdir_pool_stop(mv_sdir_state *st, mv_sdir_pool *p)
{
    (void)st;
    if (p->dirfd >= 0)
        close(p->dirfd);
    p->dirfd = -1;
    p->active = false;
    g_hash_table_remove_all(p->by_name);
    g_ptr_array_set_size(p->vols, 0);
    if (p->newdef) {
        mv_storage_pool_def_free(p->def);
        p->def = p->newdef;
        p->newdef = NULL;
    }
}
