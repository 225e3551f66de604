/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/conf-storage.h — storage pool (<pool>) and volume
 * (<volume>) definitions: libvirt's XML parsed into structs and formatted
 * back the way libvirt prints them.
 *
 * The core allocates every struct here; plugins read and modify fields but
 * never allocate, copy by value or embed one. Fields are only appended.
 * Strings are malloc-compatible (g_malloc) and NULL when absent.
 */
#ifndef MODVIRT_PLUGIN_CONF_STORAGE_H
#define MODVIRT_PLUGIN_CONF_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* <pool type='...'>, numbered as libvirt numbers them. The parser accepts
 * dir, fs, netfs, logical and disk; the other known types are refused with
 * VIR_ERR_CONFIG_UNSUPPORTED, unknown ones with VIR_ERR_XML_ERROR. */
typedef enum {
    MV_STORAGE_POOL_DIR = 0,
    MV_STORAGE_POOL_FS = 1,
    MV_STORAGE_POOL_NETFS = 2,
    MV_STORAGE_POOL_LOGICAL = 3,
    MV_STORAGE_POOL_DISK = 4,
    MV_STORAGE_POOL_ISCSI = 5,
    MV_STORAGE_POOL_ISCSI_DIRECT = 6,
    MV_STORAGE_POOL_SCSI = 7,
    MV_STORAGE_POOL_MPATH = 8,
    MV_STORAGE_POOL_RBD = 9,
    MV_STORAGE_POOL_SHEEPDOG = 10,
    MV_STORAGE_POOL_GLUSTER = 11,
    MV_STORAGE_POOL_ZFS = 12,
    MV_STORAGE_POOL_VSTORAGE = 13,
} mv_storage_pool_type;

/* <volume type='...'>. */
typedef enum {
    MV_STORAGE_VOL_FILE = 0,
    MV_STORAGE_VOL_BLOCK = 1,
    MV_STORAGE_VOL_DIR = 2,
    MV_STORAGE_VOL_NETWORK = 3,
    MV_STORAGE_VOL_NETDIR = 4,
} mv_storage_vol_type;

/* <format type='...'> of a file volume or a backing store. NONE is never
 * parsed ("none" is refused as libvirt refuses it); it means "no format". */
typedef enum {
    MV_STORAGE_FORMAT_NONE = 0,
    MV_STORAGE_FORMAT_RAW = 1,
    MV_STORAGE_FORMAT_DIR = 2,
    MV_STORAGE_FORMAT_BOCHS = 3,
    MV_STORAGE_FORMAT_CLOOP = 4,
    MV_STORAGE_FORMAT_DMG = 5,
    MV_STORAGE_FORMAT_ISO = 6,
    MV_STORAGE_FORMAT_VPC = 7,
    MV_STORAGE_FORMAT_VDI = 8,
    MV_STORAGE_FORMAT_FAT = 9,
    MV_STORAGE_FORMAT_VHD = 10,
    MV_STORAGE_FORMAT_PLOOP = 11,
    MV_STORAGE_FORMAT_COW = 12,
    MV_STORAGE_FORMAT_QCOW = 13,
    MV_STORAGE_FORMAT_QCOW2 = 14,
    MV_STORAGE_FORMAT_QED = 15,
    MV_STORAGE_FORMAT_VMDK = 16,
} mv_storage_file_format;

/* <features><cow state='yes|no'/>: DEFAULT when absent. */
typedef enum {
    MV_STORAGE_COW_DEFAULT = 0,
    MV_STORAGE_COW_YES = 1,
    MV_STORAGE_COW_NO = 2,
} mv_storage_cow;

/* <permissions>: -1 marks a value that is absent (libvirt's (mode_t)-1 and
 * (uid_t)-1). owner/group 4294967295 read as -1, as in libvirt. */
typedef struct mv_storage_perms {
    int mode;      /* 0 .. 0777 */
    int owner;
    int group;
    char *label;
} mv_storage_perms;

/* <source><host name port/>: port 0 when absent. */
typedef struct mv_storage_pool_host {
    char *name;
    int port;
} mv_storage_pool_host;

/* <source><device path/>. */
typedef struct mv_storage_pool_device {
    char *path;
} mv_storage_pool_device;

/* <source>: which parts a pool type needs is checked by the parser. */
typedef struct mv_storage_pool_source {
    mv_storage_pool_host **hosts;
    size_t nhosts;
    mv_storage_pool_device **devices;
    size_t ndevices;
    char *dir;        /* <dir path/> (netfs) */
    char *name;       /* <name> (logical: the volume group) */
    char *format;     /* <format type/>: one of the pool type's values, or
                       * NULL for a type without source formats */
} mv_storage_pool_source;

typedef struct mv_storage_pool_def {
    mv_storage_pool_type type;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    /* Sizes in bytes; drivers refresh them. */
    unsigned long long capacity;
    unsigned long long allocation;
    unsigned long long available;
    mv_storage_cow cow;
    mv_storage_pool_source *source;    /* never NULL */
    char *target_path;                 /* sanitized: no "//", no trailing '/' */
    mv_storage_perms *target_perms;    /* never NULL */
} mv_storage_pool_def;

/* <backingStore>. */
typedef struct mv_storage_backing {
    char *path;
    mv_storage_file_format format;     /* RAW when not given */
    mv_storage_perms *perms;           /* never NULL */
} mv_storage_backing;

typedef struct mv_storage_vol_def {
    char *name;
    char *key;
    mv_storage_vol_type type;
    unsigned long long capacity;       /* bytes */
    unsigned long long allocation;     /* bytes; = capacity when not given */
    char *target_path;
    mv_storage_file_format format;     /* RAW when not given */
    mv_storage_perms *perms;           /* never NULL */
    mv_storage_backing *backing;       /* NULL when none */
} mv_storage_vol_def;

/* Parse flags (none defined yet; pass 0). */

/* Parses <pool>. A missing uuid is generated. NULL with libvirt's error. */
mv_storage_pool_def *mv_storage_pool_def_parse(const char *xml, unsigned int flags);
/* Formats DEF as libvirt does (virStoragePoolGetXMLDesc). */
char *mv_storage_pool_def_format(const mv_storage_pool_def *def, unsigned int flags);
void mv_storage_pool_def_free(mv_storage_pool_def *def);
/* An empty dir pool (source and perms allocated, perms all -1). */
mv_storage_pool_def *mv_storage_pool_def_new(void);
mv_storage_pool_def *mv_storage_pool_def_copy(const mv_storage_pool_def *def);
bool mv_storage_pool_def_same_uuid(const mv_storage_pool_def *a, const mv_storage_pool_def *b);
bool mv_storage_pool_def_same_name(const mv_storage_pool_def *a, const mv_storage_pool_def *b);
/* Same type and same storage (target path, or source device/dir/name):
 * two such pools would manage the same volumes. */
bool mv_storage_pool_def_same_storage(const mv_storage_pool_def *a,
                                      const mv_storage_pool_def *b);

/* Parses <volume> for POOL (may be NULL). With a POOL that has a target
 * path, the volume's path and key become "<pool target>/<name>", as a
 * volume created in that pool gets them. The name must be usable as a file
 * name. NULL with libvirt's error. */
mv_storage_vol_def *mv_storage_vol_def_parse(const mv_storage_pool_def *pool,
                                             const char *xml, unsigned int flags);
char *mv_storage_vol_def_format(const mv_storage_pool_def *pool,
                                const mv_storage_vol_def *def, unsigned int flags);
void mv_storage_vol_def_free(mv_storage_vol_def *def);
/* An empty file volume (raw, perms allocated and all -1). */
mv_storage_vol_def *mv_storage_vol_def_new(void);
mv_storage_vol_def *mv_storage_vol_def_copy(const mv_storage_vol_def *def);
/* Gives DEF a backing store (replacing any): PATH copied, FORMAT as is. */
void mv_storage_vol_def_set_backing(mv_storage_vol_def *def, const char *path,
                                    mv_storage_file_format format);
bool mv_storage_vol_def_same_name(const mv_storage_vol_def *a, const mv_storage_vol_def *b);

/* Enum <-> XML string; NULL / -1 for values that have none. */
const char *mv_storage_pool_type_to_string(int type);
int mv_storage_pool_type_from_string(const char *s);
const char *mv_storage_vol_type_to_string(int type);
int mv_storage_vol_type_from_string(const char *s);
const char *mv_storage_file_format_to_string(int format);
int mv_storage_file_format_from_string(const char *s);

#ifdef __cplusplus
}
#endif

#endif
