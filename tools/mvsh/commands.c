/* tools/mvsh/commands.c — the table of mvsh commands, and lookup. */
#include "mvsh.h"

#include <string.h>

extern const mvsh_cmd mvsh_cmd_help, mvsh_cmd_version, mvsh_cmd_plugin_list,
    mvsh_cmd_uri, mvsh_cmd_connect;

const mvsh_cmd *const mvsh_commands[] = {
    &mvsh_cmd_connect,
    &mvsh_cmd_help,
    &mvsh_cmd_plugin_list,
    &mvsh_cmd_uri,
    &mvsh_cmd_version,
    NULL,
};

const mvsh_cmd *mvsh_find_command(const char *name)
{
    for (const mvsh_cmd *const *c = mvsh_commands; *c; c++)
        if (strcmp((*c)->name, name) == 0)
            return *c;
    return NULL;
}
