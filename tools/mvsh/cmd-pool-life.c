/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-pool-life.c — commands that change storage pools:
 * pool-define, pool-create, pool-define-as (XML built from options as
 * virsh builds it), and the one-call ones as mvsh_actions.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>

static const mvsh_opt pool_opt[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static const mvsh_opt file_opt[] = {
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static void *pool_define(virConnectPtr conn, const char *xml, bool paused)
{
    return virStoragePoolDefineXML(conn, xml, 0);
}

static void *pool_create(virConnectPtr conn, const char *xml, bool paused)
{
    return virStoragePoolCreateXML(conn, xml, 0);
}

static const char *pool_name(void *p) { return virStoragePoolGetName(p); }
static int pool_free(void *p) { return virStoragePoolFree(p); }

static const mvsh_from_file pool_define_data = {
    pool_define, pool_name, pool_free, "Pool %s defined from %s\n", "Failed to define pool from %s",
};
static const mvsh_from_file pool_create_data = {
    pool_create, pool_name, pool_free, "Pool %s created from %s\n", "Failed to create pool from %s",
};

const mvsh_cmd mvsh_cmd_pool_define = {
    .name = "pool-define",
    .summary = "define an inactive persistent storage pool or modify an existing persistent "
               "one from an XML file",
    .usage = "pool-define <file>",
    .description = "Defines a persistent storage pool from the XML file (it is not started).",
    .group = MVSH_GRP_POOL, .needs_conn = true, .opts = file_opt,
    .data = &pool_define_data, .run = mvsh_run_from_file,
};

const mvsh_cmd mvsh_cmd_pool_create = {
    .name = "pool-create",
    .summary = "create a pool from an XML file",
    .usage = "pool-create <file>",
    .description = "Creates and starts a transient storage pool from the XML file.",
    .group = MVSH_GRP_POOL, .needs_conn = true, .opts = file_opt,
    .data = &pool_create_data, .run = mvsh_run_from_file,
};

static void add_element(GString *xml, const char *indent, const char *fmt, const char *value)
{
    if (!value)
        return;
    g_autofree char *esc = g_markup_escape_text(value, -1);
    g_string_append(xml, indent);
    g_string_append_printf(xml, fmt, esc);
}

static int cmd_pool_define_as(mvsh *sh, const mvsh_args *a)
{
    const char *name = mvsh_arg(a, "name");
    const char *host = mvsh_arg(a, "source-host"), *path = mvsh_arg(a, "source-path"),
               *dev = mvsh_arg(a, "source-dev"), *sname = mvsh_arg(a, "source-name"),
               *format = mvsh_arg(a, "source-format"), *target = mvsh_arg(a, "target");
    g_autoptr(GString) xml = g_string_new(NULL);
    add_element(xml, "", "<pool type='%s'>\n", mvsh_arg(a, "type"));
    add_element(xml, "  ", "<name>%s</name>\n", name);
    if (host || path || dev || sname || format) {
        g_string_append(xml, "  <source>\n");
        add_element(xml, "    ", "<host name='%s'/>\n", host);
        add_element(xml, "    ", "<dir path='%s'/>\n", path);
        add_element(xml, "    ", "<device path='%s'/>\n", dev);
        add_element(xml, "    ", "<format type='%s'/>\n", format);
        add_element(xml, "    ", "<name>%s</name>\n", sname);
        g_string_append(xml, "  </source>\n");
    }
    if (target) {
        g_string_append(xml, "  <target>\n");
        add_element(xml, "    ", "<path>%s</path>\n", target);
        g_string_append(xml, "  </target>\n");
    }
    g_string_append(xml, "</pool>\n");
    if (mvsh_flag(a, "print-xml")) {
        printf("%s", xml->str);
        return 0;
    }
    virStoragePoolPtr pool = virStoragePoolDefineXML(sh->conn, xml->str, 0);
    if (!pool)
        return mvsh_fail("Failed to define pool %s", name);
    mvsh_print_extra(sh, "Pool %s defined\n", virStoragePoolGetName(pool));
    virStoragePoolFree(pool);
    return 0;
}

static const mvsh_opt define_as_opts[] = {
    { "name", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "type", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "print-xml", MVSH_OT_BOOL, 0 },
    { "source-host", MVSH_OT_STRING, 0 },
    { "source-path", MVSH_OT_STRING, 0 },
    { "source-dev", MVSH_OT_STRING, 0 },
    { "source-name", MVSH_OT_STRING, 0 },
    { "target", MVSH_OT_STRING, 0 },
    { "source-format", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_pool_define_as = {
    .name = "pool-define-as",
    .summary = "define a pool from a set of args",
    .usage = "pool-define-as <name> <type> [--print-xml] [--source-host <string>] "
             "[--source-path <string>] [--source-dev <string>] [--source-name <string>] "
             "[--target <string>] [--source-format <string>]",
    .description = "Defines a persistent storage pool of TYPE (dir, fs, netfs, logical, ...) "
                   "from the options; --print-xml prints the XML instead of defining it.",
    .group = MVSH_GRP_POOL, .needs_conn = true, .opts = define_as_opts,
    .run = cmd_pool_define_as,
};

static int pool_build(void *p) { return virStoragePoolBuild(p, 0); }
static int pool_start(void *p) { return virStoragePoolCreate(p, 0); }
static int pool_destroy(void *p) { return virStoragePoolDestroy(p); }
static int pool_delete(void *p) { return virStoragePoolDelete(p, 0); }
static int pool_undefine(void *p) { return virStoragePoolUndefine(p); }
static int pool_refresh(void *p) { return virStoragePoolRefresh(p, 0); }
static int pool_set_autostart(void *p, int on) { return virStoragePoolSetAutostart(p, on); }

#define POOL_ACTION(cname, verb, summ, desc)                                                 \
    static const mvsh_action cname##_action = {                                              \
        .kind = MVSH_OBJ_POOL, .act = pool_##cname, .done = "Pool %s " verb "\n",             \
        .failed = "Failed to " #cname " pool %s" };                                          \
    const mvsh_cmd mvsh_cmd_pool_##cname = {                                                  \
        .name = "pool-" #cname, .summary = summ, .usage = "pool-" #cname " <pool>",           \
        .description = desc, .group = MVSH_GRP_POOL, .needs_conn = true,                      \
        .opts = pool_opt, .data = &cname##_action, .run = mvsh_run_action,                    \
    }

POOL_ACTION(build, "built", "build a pool",
            "Builds the pool's underlying storage (for a dir pool, creates its directory).");
POOL_ACTION(start, "started", "start a (previously defined) inactive pool",
            "Starts a defined pool that is not active.");
POOL_ACTION(destroy, "destroyed", "destroy (stop) a pool",
            "Stops the pool; its data is kept; a transient pool disappears.");
POOL_ACTION(delete, "deleted", "delete a pool",
            "Deletes the pool's underlying storage (the pool must be inactive); this cannot "
            "be undone.");
POOL_ACTION(undefine, "has been undefined", "undefine an inactive pool",
            "Removes the persistent definition of an inactive pool.");
POOL_ACTION(refresh, "refreshed", "refresh a pool",
            "Rescans the pool's volumes and sizes.");

static const mvsh_action autostart_action = {
    MVSH_OBJ_POOL, NULL, "Pool %s %smarked as autostarted\n",
    "failed to %smark pool %s as autostarted", pool_set_autostart,
};

static const mvsh_opt autostart_opts[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "disable", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_pool_autostart = {
    .name = "pool-autostart",
    .summary = "autostart a pool",
    .usage = "pool-autostart <pool> [--disable]",
    .description = "Marks the pool to start with the host (or driver); --disable removes the "
                   "mark.",
    .group = MVSH_GRP_POOL, .needs_conn = true, .opts = autostart_opts,
    .data = &autostart_action, .run = mvsh_run_action,
};
