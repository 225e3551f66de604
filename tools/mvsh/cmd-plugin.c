/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-plugin.c — `plugin-list`: every plugin file the library
 * found, what it registered, and why any was skipped. */
#include "mvsh.h"
#include <modvirt/modvirt.h>

#include <glib.h>
#include <stdio.h>
#include <string.h>

static char *join_or_dash(const char *const *v)
{
    return v && v[0] ? g_strjoinv(",", (char **)v) : g_strdup("-");
}

static int cmd_plugin_list(mvsh *sh, const mvsh_args *a)
{
    bool skipped_only = mvsh_flag(a, "skipped");
    int n = 0;
    modvirt_plugin_info **list = modvirt_plugin_list(&n);
    printf(" %-14s %-9s %-5s %-8s %-24s %-10s %s\n",
           "Name", "Version", "ABI", "Status", "Drivers", "Schemes", "File");
    printf("%s\n", "---------------------------------------------------------------"
                   "---------------------------------------");
    for (int i = 0; i < n; i++) {
        const modvirt_plugin_info *p = list[i];
        if (skipped_only && p->loaded)
            continue;
        g_autofree char *drivers = join_or_dash(p->drivers);
        g_autofree char *schemes = join_or_dash(p->schemes);
        g_autofree char *abi = p->abi_major || p->abi_minor
            ? g_strdup_printf("%u.%u", p->abi_major, p->abi_minor) : g_strdup("-");
        printf(" %-14s %-9s %-5s %-8s %-24s %-10s %s\n", p->name,
               p->version && *p->version ? p->version : "-", abi,
               p->loaded ? "loaded" : p->shadowed_by ? "shadowed" : "skipped",
               drivers, schemes, p->file);
        if (!p->loaded)
            printf("   reason: %s\n", p->reason ? p->reason : "unknown");
    }
    modvirt_plugin_list_free(list);
    return 0;
}

static const mvsh_opt plugin_list_opts[] = {
    { "skipped", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_plugin_list = {
    .name = "plugin-list",
    .summary = "list the driver plugins found",
    .usage = "plugin-list [--skipped]",
    .description = "Lists every plugin file found in the plugin directories "
                   "(MODVIRT_PLUGIN_DIR, else the installed plugin directory) in load order: "
                   "name, version, plugin ABI, its status, the drivers and URI schemes it "
                   "registered, and its file. Directories are searched in order, as PATH "
                   "is: a plugin whose file name, plugin name or URI scheme a plugin found "
                   "earlier already has is 'shadowed', and its reason names the file that "
                   "won. Any other plugin not loaded is 'skipped', with the reason. "
                   "--skipped lists only the plugins not loaded.",
    .group = MVSH_GRP_HOST,
    .opts = plugin_list_opts,
    .run = cmd_plugin_list,
};
