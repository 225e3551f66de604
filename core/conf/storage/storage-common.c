/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/storage-common.c — pieces of XML that pools, volumes
 * and backing stores share: <permissions>, sizes with units, target paths
 * and file formats.
 */
#include "core/conf/storage/storage-priv.h"
#include "core/conf/units.h"
#include "core/util/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

mv_storage_perms *mv_conf_storage_perms_new(void)
{
    mv_storage_perms *p = g_new0(mv_storage_perms, 1);
    p->mode = p->owner = p->group = -1;
    return p;
}

void mv_conf_storage_perms_free(mv_storage_perms *perms)
{
    if (!perms)
        return;
    g_free(perms->label);
    g_free(perms);
}

mv_storage_perms *mv_conf_storage_perms_copy(const mv_storage_perms *perms)
{
    mv_storage_perms *p = mv_conf_storage_perms_new();
    if (perms) {
        *p = *perms;
        p->label = g_strdup(perms->label);
    }
    return p;
}

/* Text of child NAME, NULL when absent or empty (libvirt treats both alike). */
static char *child_text_nonempty(xmlNodePtr node, const char *name)
{
    char *s = mv_xml_child_text(node, name);
    if (s && !*s)
        g_clear_pointer(&s, g_free);
    return s;
}

/* owner/group: "-1" or an unsigned 32-bit id, stored in an int with -1
 * (0xffffffff) meaning "unset"; ids above INT_MAX are kept as their
 * two's complement and formatted back unsigned. */
static int parse_id(xmlNodePtr node, const char *name, int *out)
{
    g_autofree char *s = child_text_nonempty(node, name);
    unsigned int v;
    if (!s)
        return 0;
    if (!strcmp(s, "-1")) {
        *out = -1;
        return 0;
    }
    if (mv_xml_parse_uint(s, &v) < 0) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "malformed %s element", name);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int mv_conf_storage_perms_parse(xmlNodePtr parent, mv_storage_perms *perms)
{
    xmlNodePtr node = mv_xml_child(parent, "permissions");
    if (!node)
        return 0;
    g_autofree char *mode = child_text_nonempty(node, "mode");
    if (mode) {
        char *end = NULL;
        errno = 0;
        long v = strtol(mode, &end, 8);
        if (!g_ascii_isdigit(mode[0]) || errno || *end || (v & ~0777L)) {
            mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "malformed octal mode");
            return -1;
        }
        perms->mode = (int)v;
    }
    if (parse_id(node, "owner", &perms->owner) < 0 || parse_id(node, "group", &perms->group) < 0)
        return -1;
    g_free(perms->label);
    perms->label = child_text_nonempty(node, "label");
    return 0;
}

/* MODE in octal with a leading 0, as libvirt writes it ("0755"), in BUF. */
static const char *format_mode(char buf[24], unsigned int mode)
{
    char *p = buf + 23;
    *p = '\0';
    do {
        *--p = (char)('0' + (mode & 7));
        mode >>= 3;
    } while (mode);
    *--p = '0';
    return p;
}

void mv_conf_storage_perms_format(mv_xml_writer *w, const mv_storage_perms *perms)
{
    if (!perms || (perms->mode == -1 && perms->owner == -1 && perms->group == -1 &&
                   !perms->label))
        return;
    mv_xml_start(w, "permissions");
    mv_xml_children(w);
    if (perms->mode != -1) {
        char octal[24];
        mv_xml_elem_text(w, "mode", format_mode(octal, (unsigned)perms->mode));
    }
    /* Unsigned: libvirt 9.0 prints ids above INT_MAX as negative numbers
     * that neither its parser nor its schema accept back. */
    if (perms->owner != -1)
        mv_xml_elem_uint(w, "owner", (unsigned)perms->owner);
    if (perms->group != -1)
        mv_xml_elem_uint(w, "group", (unsigned)perms->group);
    mv_xml_elem_text(w, "label", perms->label);
    mv_xml_close(w, "permissions");
}

int mv_conf_storage_size_parse(xmlNodePtr node, const char *elem, const char *what,
                               unsigned long long *out)
{
    xmlNodePtr child = mv_xml_child(node, elem);
    if (!child)
        return 0;
    g_autofree char *text = mv_xml_text(child);
    g_autofree char *unit = mv_xml_prop(child, "unit");
    unsigned long long v;
    if (mv_xml_parse_ull(text, &v) < 0) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_XML_ERROR, "malformed %s element", what);
        return -1;
    }
    if (mv_units_parse(text, unit, 1, 1, G_MAXINT64, elem, out) < 0)
        return -1;
    return 1;
}

void mv_conf_storage_size_format(mv_xml_writer *w, const char *elem, unsigned long long v)
{
    mv_xml_start(w, elem);
    mv_xml_attr(w, "unit", "bytes");
    mv_xml_end_uint(w, elem, v);
}

bool mv_conf_storage_writer_open(mv_xml_writer *w, const char *root, const char *type,
                                 const char *what)
{
    if (!type) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_INTERNAL_ERROR,
                        "cannot format a %s of unknown type", what);
        return false;
    }
    mv_xml_writer_init(w);
    mv_xml_start(w, root);
    mv_xml_attr(w, "type", type);
    mv_xml_children(w);
    return true;
}

char *mv_conf_storage_writer_close(mv_xml_writer *w, const char *root)
{
    mv_xml_close(w, root);
    return mv_xml_writer_finish(w);
}

char *mv_conf_storage_path_clean(const char *path)
{
    if (!path)
        return NULL;
    GString *s = g_string_sized_new(strlen(path));
    size_t i = 0;
    /* POSIX gives a leading "//" its own meaning: keep exactly two. */
    if (path[0] == '/' && path[1] == '/' && path[2] != '/') {
        g_string_append(s, "//");
        i = 2;
    }
    for (; path[i]; i++) {
        if (path[i] == '/' && s->len && s->str[s->len - 1] == '/')
            continue;
        g_string_append_c(s, path[i]);
    }
    if (s->len > 1 && s->str[s->len - 1] == '/' && !(s->len == 2 && s->str[0] == '/'))
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

int mv_conf_storage_format_parse(xmlNodePtr parent, mv_storage_file_format *out)
{
    g_autofree char *type = mv_xml_prop(mv_xml_child(parent, "format"), "type");
    *out = MV_STORAGE_FORMAT_RAW;
    if (!type)
        return 0;
    int v = mv_storage_file_format_from_string(type);
    if (v <= 0) {
        mv_error_report(VIR_FROM_STORAGE, VIR_ERR_CONFIG_UNSUPPORTED,
                        "unknown volume format type %s", type);
        return -1;
    }
    *out = (mv_storage_file_format)v;
    return 0;
}

void mv_conf_storage_free_list(void **items, size_t n, void (*free_fn)(void *))
{
    for (size_t i = 0; i < n; i++)
        free_fn(items[i]);
    g_free(items);
}
