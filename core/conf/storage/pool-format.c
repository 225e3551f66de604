/* core/conf/storage/pool-format.c — writes mv_storage_pool_def as libvirt
 * prints a pool (element order, sizes in bytes, dir's empty <source>).
 */
#include "core/conf/storage/storage-priv.h"
#include "core/util/uuid.h"

static void format_source(mv_xml_writer *w, const mv_storage_pool_source *s)
{
    mv_xml_add(w, "<source>\n");
    w->indent += 2;
    for (size_t i = 0; i < s->nhosts; i++) {
        mv_xml_add(w, "<host");
        mv_xml_attr(w, "name", s->hosts[i]->name);
        if (s->hosts[i]->port)
            g_string_append_printf(w->buf, " port='%d'", s->hosts[i]->port);
        mv_xml_raw(w, "/>\n");
    }
    for (size_t i = 0; i < s->ndevices; i++)
        mv_conf_storage_empty_elem(w, "device", "path", s->devices[i]->path);
    mv_conf_storage_empty_elem(w, "dir", "path", s->dir);
    mv_xml_elem_text(w, "name", s->name);
    mv_conf_storage_empty_elem(w, "format", "type", s->format);
    w->indent -= 2;
    mv_xml_add(w, "</source>\n");
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
        mv_xml_add(&w, "<features>\n");
        mv_xml_add(&w, "  <cow state='%s'/>\n", def->cow == MV_STORAGE_COW_YES ? "yes" : "no");
        mv_xml_add(&w, "</features>\n");
    }
    if (def->source)
        format_source(&w, def->source);
    if (def->target_path || def->target_perms) {
        mv_xml_add(&w, "<target>\n");
        w.indent += 2;
        mv_xml_elem_text(&w, "path", def->target_path);
        mv_conf_storage_perms_format(&w, def->target_perms);
        w.indent -= 2;
        mv_xml_add(&w, "</target>\n");
    }
    return mv_conf_storage_writer_close(&w, "pool");
}
