/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-help.c — the shell's own commands: `help` (grouped like
 * virsh's), `help CMD`, `quit` and `exit` (handled by the command runner). */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

const char *const mvsh_group_names[] = {
    [MVSH_GRP_DOMAIN] = "Domain Management (help keyword 'domain')",
    [MVSH_GRP_HOST] = "Host and Hypervisor (help keyword 'host')",
    [MVSH_GRP_IFACE] = "Interface (help keyword 'interface')",
    [MVSH_GRP_NETWORK] = "Networking (help keyword 'network')",
    [MVSH_GRP_POOL] = "Storage Pool (help keyword 'pool')",
    [MVSH_GRP_VOLUME] = "Storage Volume (help keyword 'volume')",
    [MVSH_GRP_SHELL] = "Mvsh itself (help keyword 'mvsh')",
};

static const char *const group_keywords[] = {
    "domain", "host", "interface", "network", "pool", "volume", "mvsh",
};

static void print_group(int g)
{
    printf(" %s:\n", mvsh_group_names[g]);
    for (const mvsh_cmd *const *c = mvsh_commands; *c; c++)
        if ((int)(*c)->group == g)
            printf("    %-30s %s\n", (*c)->name, (*c)->summary);
    printf("\n");
}

static int cmd_help(mvsh *sh, const mvsh_args *a)
{
    const char *what = mvsh_arg(a, "command");
    if (!what) {
        printf("Grouped commands:\n\n");
        for (int g = 0; g <= MVSH_GRP_SHELL; g++)
            print_group(g);
        return 0;
    }
    for (int g = 0; g <= MVSH_GRP_SHELL; g++) {
        if (!strcmp(what, group_keywords[g])) {
            print_group(g);
            return 0;
        }
    }
    const mvsh_cmd *c = mvsh_find_command(what);
    if (!c) {
        mvsh_error("command or command group '%s' doesn't exist", what);
        return -1;
    }
    printf("  NAME\n    %s - %s\n\n  SYNOPSIS\n    %s\n\n  DESCRIPTION\n    %s\n",
           c->name, c->summary, c->usage, c->description);
    return 0;
}

static const mvsh_opt help_opts[] = {
    { "command", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_help = {
    .name = "help",
    .summary = "print help",
    .usage = "help [COMMAND|GROUP]",
    .description = "Lists the commands by group, or describes COMMAND, or lists the commands "
                   "of GROUP (domain, host, interface, network, pool, volume, mvsh).",
    .group = MVSH_GRP_SHELL,
    .opts = help_opts,
    .run = cmd_help,
};

static int cmd_quit(mvsh *sh, const mvsh_args *a)
{
    return 0;  /* the runner stops at quit/exit */
}

const mvsh_cmd mvsh_cmd_quit = {
    .name = "quit",
    .summary = "quit this interactive terminal",
    .usage = "quit",
    .description = "Ends the shell; the commands after it on the line do not run.",
    .group = MVSH_GRP_SHELL,
    .run = cmd_quit,
};

const mvsh_cmd mvsh_cmd_exit = {
    .name = "exit",
    .summary = "quit this interactive terminal",
    .usage = "exit",
    .description = "Ends the shell, as quit.",
    .group = MVSH_GRP_SHELL,
    .run = cmd_quit,
};
