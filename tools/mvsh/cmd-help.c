/* tools/mvsh/cmd-help.c — `help` and `help CMD`. */
#include "mvsh.h"

#include <stdio.h>

static int cmd_help(mvsh *sh, int argc, char **argv)
{
    if (argc > 1) {
        const mvsh_cmd *c = mvsh_find_command(argv[1]);
        if (!c) {
            mvsh_error("command '%s' doesn't exist", argv[1]);
            return -1;
        }
        printf("  NAME\n    %s - %s\n\n  SYNOPSIS\n    %s\n\n  DESCRIPTION\n    %s\n\n",
               c->name, c->summary, c->usage, c->description);
        return 0;
    }
    printf(" Commands:\n\n");
    for (const mvsh_cmd *const *c = mvsh_commands; *c; c++)
        printf("    %-20s %s\n", (*c)->name, (*c)->summary);
    printf("\n");
    return 0;
}

const mvsh_cmd mvsh_cmd_help = {
    .name = "help",
    .summary = "print help",
    .usage = "help [COMMAND]",
    .description = "Lists the commands, or describes COMMAND.",
    .run = cmd_help,
};
