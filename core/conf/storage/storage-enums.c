/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/storage-enums.c — the XML strings of the storage enums
 * (pool types, volume types, file formats) and what each pool type
 * requires and accepts in its <source>.
 */
#include "core/conf/storage/storage-priv.h"

#include <string.h>

const char *const mv_conf_storage_pool_type_names[] = {
    "dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi",
    "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage", NULL,
};
#define NPOOL_TYPES (G_N_ELEMENTS(mv_conf_storage_pool_type_names) - 1)

static const char *const vol_types[] = {
    "file", "block", "dir", "network", "netdir",
};

static const char *const file_formats[] = {
    NULL, "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat",
    "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk",
};

static const char *const fs_formats[] = {
    "auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2",
    "vfat", "hfs+", "xfs", "ocfs2", "vmfs", NULL,
};
static const char *const netfs_formats[] = { "auto", "nfs", "glusterfs", "cifs", NULL };
/* The first entry is the default: lvm2 for logical, unknown for disk. */
static const char *const logical_formats[] = { "lvm2", "unknown", NULL };
static const char *const disk_formats[] = {
    "unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2", NULL,
};

static const mv_conf_storage_pool_rules pool_rules[] = {
    [MV_STORAGE_POOL_DIR] = { .supported = true, .need_target = true },
    [MV_STORAGE_POOL_FS] = { .supported = true, .need_device = true, .need_target = true,
                             .formats = fs_formats },
    [MV_STORAGE_POOL_NETFS] = { .supported = true, .need_host = true, .need_dir = true,
                                .need_target = true, .formats = netfs_formats },
    [MV_STORAGE_POOL_LOGICAL] = { .supported = true, .name_from_source = true,
                                  .source_name_default = true, .need_target = true,
                                  .formats = logical_formats },
    [MV_STORAGE_POOL_DISK] = { .supported = true, .need_device = true, .need_target = true,
                               .formats = disk_formats },
    [MV_STORAGE_POOL_VSTORAGE] = { .supported = false },
};

static const char *table_to_string(const char *const *table, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? table[v] : NULL;
}

static int table_from_string(const char *const *table, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (table[i] && !strcmp(table[i], s))
            return (int)i;
    return -1;
}

const char *mv_storage_pool_type_to_string(int type)
{
    return table_to_string(mv_conf_storage_pool_type_names, NPOOL_TYPES, type);
}

int mv_storage_pool_type_from_string(const char *s)
{
    return table_from_string(mv_conf_storage_pool_type_names, NPOOL_TYPES, s);
}

const char *mv_storage_vol_type_to_string(int type)
{
    return table_to_string(vol_types, G_N_ELEMENTS(vol_types), type);
}

int mv_storage_vol_type_from_string(const char *s)
{
    return table_from_string(vol_types, G_N_ELEMENTS(vol_types), s);
}

const char *mv_storage_file_format_to_string(int format)
{
    return table_to_string(file_formats, G_N_ELEMENTS(file_formats), format);
}

int mv_storage_file_format_from_string(const char *s)
{
    return table_from_string(file_formats, G_N_ELEMENTS(file_formats), s);
}

const mv_conf_storage_pool_rules *mv_conf_storage_pool_rules_get(mv_storage_pool_type type)
{
    G_STATIC_ASSERT(G_N_ELEMENTS(pool_rules) == NPOOL_TYPES);
    if ((unsigned)type >= G_N_ELEMENTS(pool_rules))
        return NULL;
    return &pool_rules[type];
}
