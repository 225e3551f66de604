/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-volume.c — commands that show storage volumes: vol-list,
 * vol-info, vol-dumpxml, vol-path, vol-key, vol-name. A volume is named
 * by name with --pool, or by key or path (lookup.c).
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mvsh_opt vol_pool_opts[] = {
    { "vol", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "pool", MVSH_OT_STRING, 0 },
    { NULL },
};

static const char *vol_type_str(int type)
{
    static const char *const s[] = { "file", "block", "dir", "network", "netdir", "ploop" };
    return type >= 0 && type < (int)G_N_ELEMENTS(s) ? s[type] : "unknown";
}

static int vol_cmp(const void *a, const void *b)
{
    return strcmp(virStorageVolGetName(*(virStorageVolPtr *)a),
                  virStorageVolGetName(*(virStorageVolPtr *)b));
}

static int cmd_vol_list(mvsh *sh, const mvsh_args *a)
{
    virStoragePoolPtr pool = mvsh_pool(sh, a, "pool");
    if (!pool)
        return -1;
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes(pool, &vols, 0);
    virStoragePoolFree(pool);
    if (n < 0)
        return mvsh_fail("Failed to list volumes");
    qsort(vols, n, sizeof(*vols), vol_cmp);
    bool details = mvsh_flag(a, "details");
    mvsh_table *t = details ? mvsh_table_new("Name", "Path", "Type", "Capacity", "Allocation", NULL)
                            : mvsh_table_new("Name", "Path", NULL);
    for (int i = 0; i < n; i++) {
        char *path = virStorageVolGetPath(vols[i]);
        virStorageVolInfo info;
        const char *name = virStorageVolGetName(vols[i]);
        /* As virsh: a volume whose details cannot be read stays listed,
         * its unknown columns saying so. */
        if (!path)
            path = strdup("unknown");
        if (!details) {
            mvsh_table_row(t, name, path, NULL);
        } else if (virStorageVolGetInfo(vols[i], &info) == 0) {
            g_autofree char *cap = mvsh_pretty_size(info.capacity);
            g_autofree char *alloc = mvsh_pretty_size(info.allocation);
            mvsh_table_row(t, name, path, vol_type_str(info.type), cap, alloc, NULL);
        } else {
            mvsh_table_row(t, name, path, "unknown", "unknown", "unknown", NULL);
        }
        free(path);
        virStorageVolFree(vols[i]);
    }
    free(vols);
    mvsh_table_print(sh, t);
    return 0;
}

static const mvsh_opt vol_list_opts[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "details", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_list = {
    .name = "vol-list",
    .summary = "list vols",
    .usage = "vol-list <pool> [--details]",
    .description = "Lists the volumes of the pool with their paths; --details adds type, "
                   "capacity and allocation.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_list_opts, .run = cmd_vol_list,
};

/* Everything is fetched before anything is printed: a volume whose info
 * cannot be read gets the error alone, not a "Name:" line then the error
 * (as virsh prints). */
static int cmd_vol_info(mvsh *sh, const mvsh_args *a)
{
    virStorageVolPtr vol = mvsh_volume(sh, a, "vol");
    if (!vol)
        return -1;
    virStorageVolInfo info;
    if (virStorageVolGetInfo(vol, &info) < 0) {
        virStorageVolFree(vol);
        return -1;
    }
    mvsh_field(15, "Name:", "%s", virStorageVolGetName(vol));
    mvsh_field(15, "Type:", "%s", vol_type_str(info.type));
    if (mvsh_flag(a, "bytes")) {
        mvsh_field(15, "Capacity:", "%llu bytes", info.capacity);
        mvsh_field(15, "Allocation:", "%llu bytes", info.allocation);
    } else {
        g_autofree char *cap = mvsh_pretty_size(info.capacity);
        g_autofree char *alloc = mvsh_pretty_size(info.allocation);
        mvsh_field(15, "Capacity:", "%s", cap);
        mvsh_field(15, "Allocation:", "%s", alloc);
    }
    virStorageVolFree(vol);
    return 0;
}

static const mvsh_opt vol_info_opts[] = {
    { "vol", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "pool", MVSH_OT_STRING, 0 },
    { "bytes", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_info = {
    .name = "vol-info",
    .summary = "storage vol information",
    .usage = "vol-info <vol> [--pool <string>] [--bytes]",
    .description = "Prints the volume's name, type, capacity and allocation (in bytes with "
                   "--bytes).",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_info_opts, .run = cmd_vol_info,
};

/* vol-dumpxml, vol-path, vol-key, vol-name: one string of the volume. */
static int print_vol_string(mvsh *sh, const mvsh_args *a, char *(*get)(virStorageVolPtr))
{
    virStorageVolPtr vol = mvsh_volume(sh, a, "vol");
    if (!vol)
        return -1;
    char *s = get(vol);
    if (s)
        printf("%s%s", s, g_str_has_suffix(s, "\n") ? "" : "\n");
    free(s);
    virStorageVolFree(vol);
    return s ? 0 : -1;
}

static char *vol_xml(virStorageVolPtr v) { return virStorageVolGetXMLDesc(v, 0); }
static char *vol_key(virStorageVolPtr v) { return g_strdup(virStorageVolGetKey(v)); }
static char *vol_name(virStorageVolPtr v) { return g_strdup(virStorageVolGetName(v)); }

static int cmd_vol_dumpxml(mvsh *sh, const mvsh_args *a) { return print_vol_string(sh, a, vol_xml); }
static int cmd_vol_path(mvsh *sh, const mvsh_args *a) { return print_vol_string(sh, a, virStorageVolGetPath); }
static int cmd_vol_key(mvsh *sh, const mvsh_args *a) { return print_vol_string(sh, a, vol_key); }
static int cmd_vol_name(mvsh *sh, const mvsh_args *a) { return print_vol_string(sh, a, vol_name); }

const mvsh_cmd mvsh_cmd_vol_dumpxml = {
    .name = "vol-dumpxml",
    .summary = "vol information in XML",
    .usage = "vol-dumpxml <vol> [--pool <string>]",
    .description = "Prints the volume's XML definition.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_pool_opts, .run = cmd_vol_dumpxml,
};

const mvsh_cmd mvsh_cmd_vol_path = {
    .name = "vol-path",
    .summary = "returns the volume path for a given volume name or key",
    .usage = "vol-path <vol> [--pool <string>]",
    .description = "Prints the volume's path.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_pool_opts, .run = cmd_vol_path,
};

const mvsh_cmd mvsh_cmd_vol_key = {
    .name = "vol-key",
    .summary = "returns the volume key for a given volume name or path",
    .usage = "vol-key <vol> [--pool <string>]",
    .description = "Prints the volume's key.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_pool_opts, .run = cmd_vol_key,
};

static const mvsh_opt vol_only_opt[] = {
    { "vol", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_vol_name = {
    .name = "vol-name",
    .summary = "returns the volume name for a given volume key or path",
    .usage = "vol-name <vol>",
    .description = "Prints the name of the volume given by key or path.",
    .group = MVSH_GRP_VOLUME, .needs_conn = true, .opts = vol_only_opt, .run = cmd_vol_name,
};
