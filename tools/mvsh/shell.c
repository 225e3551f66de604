/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/shell.c — mvsh with no command: on a terminal, an interactive
 * shell with readline history and tab completion of command names, options
 * and domain names; otherwise commands are read from stdin line by line.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>

static mvsh *shell_sh;

/* Candidates for the word being completed, computed once per completion. */
static GPtrArray *candidates;

static void add_domain_names(void)
{
    if (mvsh_connect(shell_sh) < 0)
        return;
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(shell_sh->conn, &doms, 0);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(candidates, g_strdup(virDomainGetName(doms[i])));
        virDomainFree(doms[i]);
    }
    free(doms);
}

static void collect_candidates(const char *line, int start)
{
    /* Only the command after the last ';' matters. */
    const char *seg = line;
    for (int i = 0; i < start; i++)
        if (line[i] == ';')
            seg = line + i + 1;
    g_autofree char *before = g_strndup(seg, line + start - seg);
    g_auto(GStrv) words = g_strsplit_set(g_strstrip(before), " \t", -1);
    if (!words[0] || !*words[0]) {
        for (const mvsh_cmd *const *c = mvsh_commands; *c; c++)
            g_ptr_array_add(candidates, g_strdup((*c)->name));
        return;
    }
    const mvsh_cmd *cmd = mvsh_find_command(words[0]);
    if (!cmd)
        return;
    for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
        g_ptr_array_add(candidates, g_strconcat("--", cmd->opts[i].name, NULL));
    if (cmd->takes_domain)
        add_domain_names();
}

static char *generator(const char *text, int state)
{
    static guint next;
    if (state == 0)
        next = 0;
    while (candidates && next < candidates->len) {
        const char *c = candidates->pdata[next++];
        if (g_str_has_prefix(c, text))
            return strdup(c);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    if (candidates)
        g_ptr_array_free(candidates, TRUE);
    candidates = g_ptr_array_new_with_free_func(g_free);
    collect_candidates(rl_line_buffer, start);
    rl_attempted_completion_over = 1;  /* no file names */
    return rl_completion_matches(text, generator);
}

static int interactive(mvsh *sh)
{
    shell_sh = sh;
    rl_readline_name = "mvsh";
    rl_attempted_completion_function = complete;
    if (!sh->quiet)
        printf("Welcome to mvsh, the modvirt interactive terminal.\n\n"
               "Type:  'help' for help with commands\n"
               "       'quit' to quit\n\n");
    int rc = 0;
    char *line;
    while (!sh->quit && (line = readline("mvsh # "))) {
        if (*line)
            add_history(line);
        rc = mvsh_run_line(sh, line);
        free(line);
    }
    if (!sh->quit)
        putchar('\n');
    return rc;
}
#endif

int mvsh_shell(mvsh *sh)
{
#ifdef HAVE_READLINE
    if (isatty(STDIN_FILENO))
        return interactive(sh);
#endif
    int rc = 0;
    char buf[8192];
    while (!sh->quit && fgets(buf, sizeof(buf), stdin)) {
        buf[strcspn(buf, "\n")] = '\0';
        rc = mvsh_run_line(sh, buf);
    }
    return rc;
}
