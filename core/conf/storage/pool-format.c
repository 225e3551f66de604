/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/pool-format.c — writes mv_storage_pool_def as libvirt
 * prints a pool (element order, sizes in bytes, dir's empty <source>).
 */
#include "core/conf/storage/storage-priv.h"
#include "core/util/uuid.h"

static void format_source(mv_xml_writer *w, const mv_storage_pool_source *s)
{
    mv_xml_start(w, "source");
    mv_xml_children(w);
    for (size_t i = 0; i < s->nhosts; i++) {
        mv_xml_start(w, "host");
        mv_xml_attr(w, "name", s->hosts[i]->name);
        if (s->hosts[i]->port)
            mv_xml_attr_int(w, "port", s->hosts[i]->port);
        mv_xml_empty(w);
    }
    for (size_t i = 0; i < s->ndevices; i++)
        mv_xml_elem_attr(w, "device", "path", s->devices[i]->path);
    mv_xml_elem_attr(w, "dir", "path", s->dir);
    mv_xml_elem_text(w, "name", s->name);
    mv_xml_elem_attr(w, "format", "type", s->format);
    mv_xml_close(w, "source");
}

char *mv_storage_pool_def_format(const mv_storage_pool_def *def, unsigned int flags)
{
    (void)flags;
    mv_xml_writer w;
    char uuid[VIR_UUID_STRING_BUFLEN];
    if (!mv_conf_storage_writer_open(&w, "pool",
                                     def ? mv_storage_pool_type_to_string(def->type) : NULL,
                                     "storage pool"))
        return NULL;
    mv_uuid_format(def->uuid, uuid);
    mv_xml_elem_text(&w, "name", def->name);
    mv_xml_elem_text(&w, "uuid", uuid);
    mv_conf_storage_size_format(&w, "capacity", def->capacity);
    mv_conf_storage_size_format(&w, "allocation", def->allocation);
    mv_conf_storage_size_format(&w, "available", def->available);
    if (def->cow != MV_STORAGE_COW_DEFAULT) {
        mv_xml_start(&w, "features");
        mv_xml_children(&w);
        mv_xml_elem_attr(&w, "cow", "state", def->cow == MV_STORAGE_COW_YES ? "yes" : "no");
        mv_xml_close(&w, "features");
    }
    if (def->source)
        format_source(&w, def->source);
    if (def->target_path || def->target_perms) {
        mv_xml_start(&w, "target");
        mv_xml_children(&w);
        mv_xml_elem_text(&w, "path", def->target_path);
        mv_conf_storage_perms_format(&w, def->target_perms);
        mv_xml_close(&w, "target");
    }
    return mv_conf_storage_writer_close(&w, "pool");
}
