/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-pool.c — the pool-* commands: pool-list, pool-info,
 * pool-dumpxml, pool-define(-as), pool-create, and the one-call ones
 * (build, start, destroy, delete, undefine, refresh, autostart).
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mvsh_opt pool_opt[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static const char *pool_state_str(int state)
{
    static const char *const s[] = { "inactive", "building", "running", "degraded",
                                     "inaccessible" };
    return state >= 0 && state < (int)G_N_ELEMENTS(s) ? s[state] : "unknown";
}

static int pool_cmp(const void *a, const void *b)
{
    return strcasecmp(virStoragePoolGetName(*(virStoragePoolPtr *)a),
                      virStoragePoolGetName(*(virStoragePoolPtr *)b));
}

static void pool_row(mvsh_table *t, virStoragePoolPtr p, bool details)
{
    virStoragePoolInfo info = { 0 };
    int autostart = 0, got = virStoragePoolGetInfo(p, &info);
    virStoragePoolGetAutostart(p, &autostart);
    const char *name = virStoragePoolGetName(p);
    if (!details) {
        mvsh_table_row(t, name, virStoragePoolIsActive(p) > 0 ? "active" : "inactive",
                       mvsh_yes_no(autostart), NULL);
        return;
    }
    bool sizes = got == 0 && info.state == VIR_STORAGE_POOL_RUNNING;
    g_autofree char *cap = sizes ? mvsh_pretty_size(info.capacity) : g_strdup("-");
    g_autofree char *alloc = sizes ? mvsh_pretty_size(info.allocation) : g_strdup("-");
    g_autofree char *avail = sizes ? mvsh_pretty_size(info.available) : g_strdup("-");
    mvsh_table_row(t, name, got == 0 ? pool_state_str(info.state) : "unknown",
                   mvsh_yes_no(autostart), mvsh_yes_no(virStoragePoolIsPersistent(p)),
                   cap, alloc, avail, NULL);
}

static int cmd_pool_list(mvsh *sh, const mvsh_args *a)
{
    bool details = mvsh_flag(a, "details"), name = mvsh_flag(a, "name"),
         uuid = mvsh_flag(a, "uuid");
    if (mvsh_exclusive(a, "details", "uuid") < 0 || mvsh_exclusive(a, "details", "name") < 0)
        return -1;
    unsigned int flags = mvsh_list_flags(a, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE,
                                         VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE);
    if (mvsh_flag(a, "persistent"))
        flags |= VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT;
    if (mvsh_flag(a, "transient"))
        flags |= VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT;
    if (mvsh_flag(a, "autostart"))
        flags |= VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART;
    if (mvsh_flag(a, "no-autostart"))
        flags |= VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART;
    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools(sh->conn, &pools, flags);
    if (n < 0)
        return mvsh_fail("Failed to list pools");
    qsort(pools, n, sizeof(*pools), pool_cmp);
    mvsh_table *t = name || uuid ? NULL
        : details ? mvsh_table_new("Name", "State", "Autostart", "Persistent", "Capacity",
                                   "Allocation", "Available", NULL)
                  : mvsh_table_new("Name", "State", "Autostart", NULL);
    for (int i = 0; i < n; i++) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];
        if (t)
            pool_row(t, pools[i], details);
        else if (uuid && virStoragePoolGetUUIDString(pools[i], uuidstr) == 0)
            printf("%-36s%s%s\n", uuidstr, name ? " " : "",
                   name ? virStoragePoolGetName(pools[i]) : "");
        else if (name)
            printf("%-20s\n", virStoragePoolGetName(pools[i]));
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    if (t)
        mvsh_table_print(sh, t);
    return 0;
}

static const mvsh_opt pool_list_opts[] = {
    { "inactive", MVSH_OT_BOOL, 0 }, { "all", MVSH_OT_BOOL, 0 },
    { "transient", MVSH_OT_BOOL, 0 }, { "persistent", MVSH_OT_BOOL, 0 },
    { "autostart", MVSH_OT_BOOL, 0 }, { "no-autostart", MVSH_OT_BOOL, 0 },
    { "details", MVSH_OT_BOOL, 0 }, { "uuid", MVSH_OT_BOOL, 0 }, { "name", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_pool_list = {
    .name = "pool-list",
    .summary = "list pools",
    .usage = "pool-list [--inactive] [--all] [--transient] [--persistent] [--autostart] "
             "[--no-autostart] [--details] [--uuid] [--name]",
    .description = "Lists the active storage pools, or with --all every pool, with --inactive "
                   "the inactive ones, as a table of Name, State and Autostart; --details adds "
                   "persistence, capacity, allocation and available space; --name or --uuid "
                   "print one item per line.",
    .group = MVSH_GRP_POOL, .needs_conn = true, .opts = pool_list_opts, .run = cmd_pool_list,
};

/* Everything is fetched before anything is printed: a pool whose info
 * cannot be read gets the error alone, not its name and UUID then the
 * error (as virsh prints). The other queries have virsh's fallbacks. */
static int cmd_pool_info(mvsh *sh, const mvsh_args *a)
{
    virStoragePoolPtr pool = mvsh_pool(sh, a, "pool");
    if (!pool)
        return -1;
    virStoragePoolInfo info;
    if (virStoragePoolGetInfo(pool, &info) < 0) {
        virStoragePoolFree(pool);
        return -1;
    }
    char uuid[VIR_UUID_STRING_BUFLEN];
    bool has_uuid = virStoragePoolGetUUIDString(pool, uuid) == 0;
    int persistent = virStoragePoolIsPersistent(pool);
    int autostart;
    bool has_autostart = virStoragePoolGetAutostart(pool, &autostart) == 0;

    mvsh_field(15, "Name:", "%s", virStoragePoolGetName(pool));
    if (has_uuid)
        mvsh_field(15, "UUID:", "%s", uuid);
    mvsh_field(15, "State:", "%s", pool_state_str(info.state));
    mvsh_field(15, "Persistent:", "%s", persistent < 0 ? "unknown" : mvsh_yes_no(persistent));
    mvsh_field(15, "Autostart:", "%s", has_autostart ? mvsh_yes_no(autostart) : "no autostart");
    if (info.state == VIR_STORAGE_POOL_RUNNING || info.state == VIR_STORAGE_POOL_DEGRADED) {
        g_autofree char *cap = mvsh_pretty_size(info.capacity);
        g_autofree char *alloc = mvsh_pretty_size(info.allocation);
        g_autofree char *avail = mvsh_pretty_size(info.available);
        mvsh_field(15, "Capacity:", "%s", cap);
        mvsh_field(15, "Allocation:", "%s", alloc);
        mvsh_field(15, "Available:", "%s", avail);
    }
    virStoragePoolFree(pool);
    return 0;
}

const mvsh_cmd mvsh_cmd_pool_info = {
    .name = "pool-info",
    .summary = "storage pool information",
    .usage = "pool-info <pool>",
    .description = "Prints the pool's name, UUID, state, persistence, autostart and, when it "
                   "is running, its capacity, allocation and available space.",
    .group = MVSH_GRP_POOL, .needs_conn = true, .opts = pool_opt, .run = cmd_pool_info,
};

static int cmd_pool_dumpxml(mvsh *sh, const mvsh_args *a)
{
    virStoragePoolPtr pool = mvsh_pool(sh, a, "pool");
    if (!pool)
        return -1;
    char *xml = virStoragePoolGetXMLDesc(pool, mvsh_flag(a, "inactive") ? VIR_STORAGE_XML_INACTIVE : 0);
    if (xml)
        printf("%s", xml);
    free(xml);
    virStoragePoolFree(pool);
    return xml ? 0 : -1;
}

static const mvsh_opt pool_dumpxml_opts[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "inactive", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_pool_dumpxml = {
    .name = "pool-dumpxml",
    .summary = "pool information in XML",
    .usage = "pool-dumpxml <pool> [--inactive]",
    .description = "Prints the pool's XML definition; --inactive the persistent one.",
    .group = MVSH_GRP_POOL, .needs_conn = true, .opts = pool_dumpxml_opts,
    .run = cmd_pool_dumpxml,
};
