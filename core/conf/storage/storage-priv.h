/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/storage-priv.h — helpers shared by the pool and volume
 * definitions (core-private): enum tables, per-pool-type rules,
 * permissions, sizes and path clean-up.
 */
#ifndef MV_CONF_STORAGE_PRIV_H
#define MV_CONF_STORAGE_PRIV_H

#include <modvirt-plugin/conf-storage.h>
#include "core/conf/xml.h"
#include "core/conf/xml-prop.h"

/* What a pool type requires in its <source> and <target>. */
typedef struct mv_conf_storage_pool_rules {
    bool supported;           /* the parser handles this type */
    bool need_host;           /* "missing storage pool source host name" */
    bool need_dir;            /* "missing storage pool source path" */
    bool need_device;         /* "missing storage pool source device name" */
    bool name_from_source;    /* pool name defaults to <source><name> */
    bool source_name_default; /* <source><name> defaults to the pool name,
                               * the target path to /dev/<source name> */
    bool need_target;         /* "missing storage pool target path" */
    const char *const *formats; /* source formats, first is the default; NULL: none */
} mv_conf_storage_pool_rules;

const mv_conf_storage_pool_rules *mv_conf_storage_pool_rules_get(mv_storage_pool_type type);
/* The pool type names, indexed by mv_storage_pool_type, NULL-terminated. */
extern const char *const mv_conf_storage_pool_type_names[];

/* Permissions: a new set has every value absent (-1). */
mv_storage_perms *mv_conf_storage_perms_new(void);
void mv_conf_storage_perms_free(mv_storage_perms *perms);
mv_storage_perms *mv_conf_storage_perms_copy(const mv_storage_perms *perms);
/* Reads <permissions> under PARENT into PERMS (absent: untouched). 0/-1. */
int mv_conf_storage_perms_parse(xmlNodePtr parent, mv_storage_perms *perms);
/* Writes <permissions> when any value is set. */
void mv_conf_storage_perms_format(mv_xml_writer *w, const mv_storage_perms *perms);

/* Reads child ELEM of NODE (value + unit attribute) as bytes into OUT;
 * absent leaves OUT untouched and returns 0, present returns 1. -1 with
 * "malformed WHAT element" (VIR_ERR_XML_ERROR) for a value that is not a
 * number (libvirt names "capacity" for a bad allocation too), or the units
 * errors. */
int mv_conf_storage_size_parse(xmlNodePtr node, const char *elem, const char *what,
                               unsigned long long *out);
/* Writes "<ELEM unit='bytes'>N</ELEM>". */
void mv_conf_storage_size_format(mv_xml_writer *w, const char *elem, unsigned long long v);

/* Starts W with "<ROOT type='TYPE'>" and indents; false with an internal
 * error naming WHAT when TYPE is NULL (a value outside the enum). */
bool mv_conf_storage_writer_open(mv_xml_writer *w, const char *root, const char *type,
                                 const char *what);
/* Closes ROOT and returns the document. */
char *mv_conf_storage_writer_close(mv_xml_writer *w, const char *root);

/* libvirt's path clean-up: runs of '/' collapse (a leading "//" stays),
 * a trailing '/' goes. g_malloc'd. */
char *mv_conf_storage_path_clean(const char *path);

/* Reads <format type> of NODE's child; absent: RAW. -1 with libvirt's
 * "unknown volume format type" error. */
int mv_conf_storage_format_parse(xmlNodePtr parent, mv_storage_file_format *out);

/* Frees a NULL-terminated-count array of pointers with FREE_FN. */
void mv_conf_storage_free_list(void **items, size_t n, void (*free_fn)(void *));

#endif
