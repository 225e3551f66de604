/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-records.c — the formats of the volumes modvirt
 * created, one file per pool in the state dir ("FORMAT INODE NAME" lines,
 * names escaped), so that refresh never probes them. A record counts only
 * while the file keeps its inode: a file replaced from outside is probed. */
#include "sdir.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *records_path(mv_sdir_state *st, const mv_sdir_pool *p)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(p->def->uuid, uuid);
    return g_strdup_printf("%s/formats-%s", mv_driver_state_dir(st->root, MV_PATH_STATE), uuid);
}

/* name -> guint64 MV_SDIR_RECORD(format, inode). */
GHashTable *mv_sdir_records_load(mv_sdir_state *st, const mv_sdir_pool *p)
{
    GHashTable *recs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autofree char *path = records_path(st, p);
    g_autofree char *cause = NULL;
    g_autofree char *text = mv_file_read_text(path, MV_FILE_STATE_MAX, &cause);
    if (!text)   /* none yet, or unusable: every volume is probed */
        return recs;
    char *line = text, *next;
    for (; line && *line; line = next) {
        if ((next = strchr(line, '\n')))
            *next++ = '\0';
        char *end;
        unsigned long fmt = strtoul(line, &end, 10);
        if (*end != ' ')
            continue;
        unsigned long long ino = strtoull(end + 1, &end, 10);
        if (*end != ' ' || fmt == 0 || fmt > 255)
            continue;
        guint64 *val = g_new(guint64, 1);
        *val = MV_SDIR_RECORD(fmt, ino);
        g_hash_table_replace(recs, g_strcompress(end + 1), val);
    }
    return recs;
}

/* Sets (FMT != NONE) or drops NAME's record; entries whose file is gone
 * are dropped on the way. Called with the lock held. */
int mv_sdir_records_set(mv_sdir_state *st, mv_sdir_pool *p, const char *name,
                        mv_storage_file_format fmt, unsigned long long ino)
{
    g_autoptr(GHashTable) recs = mv_sdir_records_load(st, p);
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree char *path = records_path(st, p);
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_remove(recs, name);
    g_hash_table_iter_init(&it, recs);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        if (!g_hash_table_contains(p->by_name, key))
            continue;
        g_autofree char *esc = g_strescape(key, NULL);
        guint64 r = *(guint64 *)val;
        g_string_append_printf(out, "%u %llu %s\n", (unsigned)(r & 0xff),
                               (unsigned long long)(r >> 8), esc);
    }
    if (fmt != MV_STORAGE_FORMAT_NONE) {
        g_autofree char *esc = g_strescape(name, NULL);
        g_string_append_printf(out, "%u %llu %s\n", (unsigned)fmt, ino, esc);
    }
    return mv_file_write_atomic(path, out->str, out->len, 0600);
}

void mv_sdir_records_forget(mv_sdir_state *st, const mv_sdir_pool *p)
{
    g_autofree char *path = records_path(st, p);
    if (unlink(path) < 0 && errno != ENOENT)
        mv_log(MV_LOG_WARN, MV_SDIR_SRC, "cannot remove %s: %s", path, g_strerror(errno));
}
