/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/vol-format.c — writes mv_storage_vol_def as libvirt
 * prints a volume (virStorageVolGetXMLDesc).
 */
#include "core/conf/storage/storage-priv.h"

static void format_file_format(mv_xml_writer *w, mv_storage_file_format format)
{
    mv_xml_elem_attr(w, "format", "type", mv_storage_file_format_to_string(format));
}

char *mv_storage_vol_def_format(const mv_storage_pool_def *pool,
                                const mv_storage_vol_def *def, unsigned int flags)
{
    (void)pool;
    (void)flags;
    mv_xml_writer w;
    if (!mv_conf_storage_writer_open(&w, "volume",
                                     def ? mv_storage_vol_type_to_string(def->type) : NULL,
                                     "storage volume"))
        return NULL;
    mv_xml_elem_text(&w, "name", def->name);
    mv_xml_elem_text(&w, "key", def->key);
    mv_conf_storage_size_format(&w, "capacity", def->capacity);
    mv_conf_storage_size_format(&w, "allocation", def->allocation);
    mv_xml_start(&w, "target");
    mv_xml_children(&w);
    mv_xml_elem_text(&w, "path", def->target_path);
    format_file_format(&w, def->format);
    mv_conf_storage_perms_format(&w, def->perms);
    mv_xml_close(&w, "target");
    if (def->backing && def->backing->path) {
        mv_xml_start(&w, "backingStore");
        mv_xml_children(&w);
        mv_xml_elem_text(&w, "path", def->backing->path);
        format_file_format(&w, def->backing->format);
        mv_conf_storage_perms_format(&w, def->backing->perms);
        mv_xml_close(&w, "backingStore");
    }
    return mv_conf_storage_writer_close(&w, "volume");
}
