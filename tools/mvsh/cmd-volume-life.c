/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-volume-life.c — commands that change storage volumes:
 * vol-create, vol-create-as (XML built as virsh builds it), vol-clone,
 * vol-delete, vol-wipe, vol-resize (sizes in bytes unless a unit is given).
 */
#include "mvsh.h"

#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_vol_create(mvsh *sh, const mvsh_args *a)
{
    virStoragePoolPtr pool = mvsh_pool(sh, a, "pool");
    if (!pool)
        return -1;
    const char *file = mvsh_arg(a, "file");
    g_autofree char *xml = mvsh_read_file(file);
    virStorageVolPtr vol = xml ? virStorageVolCreateXML(pool, xml, 0) : NULL;
    virStoragePoolFree(pool);
    if (!xml)
        return -1;
    if (!vol)
        return mvsh_fail("Failed to create vol from %s", file);
    mvsh_print_extra(sh, "Vol %s created from %s\n", virStorageVolGetName(vol), file);
    virStorageVolFree(vol);
    return 0;
}

static const mvsh_opt vol_create_opts[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_create = {
    .name = "vol-create",
    .summary = "create a vol from an XML file",
    .usage = "vol-create <pool> <file>",
    .description = "Creates a volume in the pool from the XML file.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_create_opts,
    .run = cmd_vol_create,
};

static int vol_size(const mvsh_args *a, const char *opt, unsigned long long *out)
{
    const char *s = mvsh_arg(a, opt);
    if (s && mvsh_parse_size(s, 1, ULLONG_MAX, out, NULL) < 0)
        return -1;
    return s ? 1 : 0;
}

static int cmd_vol_create_as(mvsh *sh, const mvsh_args *a)
{
    virStoragePoolPtr pool = mvsh_pool(sh, a, "pool");
    if (!pool)
        return -1;
    unsigned long long capacity, allocation;
    const char *name = mvsh_arg(a, "name"), *format = mvsh_arg(a, "format");
    int has_alloc = 0;
    if (vol_size(a, "capacity", &capacity) < 0 ||
        (has_alloc = vol_size(a, "allocation", &allocation)) < 0) {
        virStoragePoolFree(pool);
        return -1;
    }
    g_autofree char *ename = g_markup_escape_text(name, -1);
    g_autoptr(GString) xml = g_string_new(NULL);
    g_string_append_printf(xml, "<volume>\n  <name>%s</name>\n  <capacity>%llu</capacity>\n",
                           ename, capacity);
    if (has_alloc)
        g_string_append_printf(xml, "  <allocation>%llu</allocation>\n", allocation);
    if (format) {
        g_autofree char *eformat = g_markup_escape_text(format, -1);
        g_string_append_printf(xml, "  <target>\n    <format type='%s'/>\n  </target>\n", eformat);
    }
    g_string_append(xml, "</volume>\n");
    int rc = 0;
    if (mvsh_flag(a, "print-xml")) {
        printf("%s", xml->str);
    } else {
        virStorageVolPtr vol = virStorageVolCreateXML(pool, xml->str, 0);
        if (vol) {
            mvsh_print_extra(sh, "Vol %s created\n", name);
            virStorageVolFree(vol);
        } else {
            rc = mvsh_fail("Failed to create vol %s", name);
        }
    }
    virStoragePoolFree(pool);
    return rc;
}

static const mvsh_opt vol_create_as_opts[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "name", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "capacity", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "allocation", MVSH_OT_STRING, 0 },
    { "format", MVSH_OT_STRING, 0 },
    { "print-xml", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_create_as = {
    .name = "vol-create-as",
    .summary = "create a volume from a set of args",
    .usage = "vol-create-as <pool> <name> <capacity> [--allocation <string>] "
             "[--format <string>] [--print-xml]",
    .description = "Creates a volume NAME of CAPACITY in the pool (bytes, or with a unit: 10M, "
                   "1G, 1GB, ...), with --allocation of it allocated now and the --format (raw, "
                   "qcow2, ...); --print-xml prints the XML instead.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_create_as_opts,
    .run = cmd_vol_create_as,
};

/* The volume's XML with its <name> replaced. */
static char *clone_xml(const char *xml, const char *name)
{
    const char *open = strstr(xml, "<name>"), *close = open ? strstr(open, "</name>") : NULL;
    if (!close)
        return NULL;
    g_autofree char *ename = g_markup_escape_text(name, -1);
    return g_strdup_printf("%.*s<name>%s%s", (int)(open - xml), xml, ename, close);
}

static int cmd_vol_clone(mvsh *sh, const mvsh_args *a)
{
    virStorageVolPtr orig = mvsh_volume(sh, a, "vol");
    if (!orig)
        return -1;
    int rc = -1;
    virStoragePoolPtr pool = virStoragePoolLookupByVolume(orig);
    char *xml = pool ? virStorageVolGetXMLDesc(orig, 0) : NULL;
    g_autofree char *newxml = xml ? clone_xml(xml, mvsh_arg(a, "newname")) : NULL;
    virStorageVolPtr vol = newxml ? virStorageVolCreateXMLFrom(pool, newxml, orig, 0) : NULL;
    if (!pool)
        mvsh_fail("failed to get parent pool");
    else if (!vol)
        mvsh_fail("Failed to clone vol from %s", virStorageVolGetName(orig));
    else {
        mvsh_print_extra(sh, "Vol %s cloned from %s\n", mvsh_arg(a, "newname"),
                         virStorageVolGetName(orig));
        virStorageVolFree(vol);
        rc = 0;
    }
    free(xml);
    if (pool)
        virStoragePoolFree(pool);
    virStorageVolFree(orig);
    return rc;
}

static const mvsh_opt vol_clone_opts[] = {
    { "vol", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "newname", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "pool", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_clone = {
    .name = "vol-clone",
    .summary = "clone a volume.",
    .usage = "vol-clone <vol> <newname> [--pool <string>]",
    .description = "Creates volume NEWNAME in the same pool as a copy of the volume.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_clone_opts, .run = cmd_vol_clone,
};

/* vol-delete and vol-wipe: one call, the volume named as the user wrote it. */
static int vol_action(mvsh *sh, const mvsh_args *a, bool wipe)
{
    virStorageVolPtr vol = mvsh_volume(sh, a, "vol");
    if (!vol)
        return -1;
    const char *name = mvsh_arg(a, "vol");
    int rc = wipe ? virStorageVolWipe(vol, 0) : virStorageVolDelete(vol, 0);
    if (rc < 0)
        mvsh_error("Failed to %s vol %s", wipe ? "wipe" : "delete", name);
    else
        mvsh_print_extra(sh, "Vol %s %s\n", name, wipe ? "wiped" : "deleted");
    virStorageVolFree(vol);
    return rc < 0 ? -1 : 0;
}

static int cmd_vol_delete(mvsh *sh, const mvsh_args *a) { return vol_action(sh, a, false); }
static int cmd_vol_wipe(mvsh *sh, const mvsh_args *a) { return vol_action(sh, a, true); }

static const mvsh_opt vol_pool_opts[] = {
    { "vol", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "pool", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_delete = {
    .name = "vol-delete",
    .summary = "delete a vol",
    .usage = "vol-delete <vol> [--pool <string>]",
    .description = "Deletes the volume and its data.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_pool_opts, .run = cmd_vol_delete,
};

const mvsh_cmd mvsh_cmd_vol_wipe = {
    .name = "vol-wipe",
    .summary = "wipe a vol",
    .usage = "vol-wipe <vol> [--pool <string>]",
    .description = "Overwrites the volume's data with zeros.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_pool_opts, .run = cmd_vol_wipe,
};

static int cmd_vol_resize(mvsh *sh, const mvsh_args *a)
{
    virStorageVolPtr vol = mvsh_volume(sh, a, "vol");
    if (!vol)
        return -1;
    const char *size = mvsh_arg(a, "capacity");
    unsigned int flags = (mvsh_flag(a, "allocate") ? VIR_STORAGE_VOL_RESIZE_ALLOCATE : 0) |
                         (mvsh_flag(a, "delta") ? VIR_STORAGE_VOL_RESIZE_DELTA : 0) |
                         (mvsh_flag(a, "shrink") ? VIR_STORAGE_VOL_RESIZE_SHRINK : 0);
    unsigned long long capacity;
    int rc = -1;
    if (*size == '-' && !(flags & VIR_STORAGE_VOL_RESIZE_SHRINK)) {
        mvsh_error("negative size requires --shrink");
        goto out;
    }
    if (*size == '-') {  /* a convenience: "-1M --shrink" is a delta */
        size++;
        flags |= VIR_STORAGE_VOL_RESIZE_DELTA;
    }
    if (mvsh_parse_size(size, 1, ULLONG_MAX, &capacity, NULL) < 0)
        goto out;
    const char *how = flags & VIR_STORAGE_VOL_RESIZE_DELTA ? "by" : "to";
    if (virStorageVolResize(vol, capacity, flags) < 0) {
        mvsh_error("Failed to change size of volume '%s' %s %s", virStorageVolGetName(vol), how, size);
        goto out;
    }
    mvsh_print_extra(sh, "Size of volume '%s' successfully changed %s %s\n",
                     virStorageVolGetName(vol), how, size);
    rc = 0;
out:
    virStorageVolFree(vol);
    return rc;
}

static const mvsh_opt vol_resize_opts[] = {
    { "vol", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "capacity", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "pool", MVSH_OT_STRING, 0 },
    { "allocate", MVSH_OT_BOOL, 0 },
    { "delta", MVSH_OT_BOOL, 0 },
    { "shrink", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_resize = {
    .name = "vol-resize",
    .summary = "resize a vol",
    .usage = "vol-resize <vol> <capacity> [--pool <string>] [--allocate] [--delta] [--shrink]",
    .description = "Changes the volume's capacity to CAPACITY (bytes, or with a unit), or by "
                   "it with --delta; making it smaller needs --shrink, and a negative CAPACITY "
                   "with --shrink shrinks by that much; --allocate allocates the new space.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_resize_opts,
    .run = cmd_vol_resize,
};
