/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/main.c — mvsh: a virsh-compatible shell over the libvirt API.
 *
 * `mvsh [-c URI] [-r] [-q] [COMMAND [ARGS]...]` runs one command line, where
 * several commands may be separated by ';' ('destroy test; start test');
 * with no command it runs the interactive shell (shell.c).
 * Errors go to stderr as "error: ..." and make the exit status 1.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void verror(const char *fmt, va_list ap)
{
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void mvsh_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(fmt, ap);
    va_end(ap);
}

/* The error virsh would show at the end of a failed command: saved when
 * raised, as later successful calls clear the library's thread-local one. */
static virErrorPtr saved_error;

static void save_error_handler(void *userdata, virErrorPtr err)
{
    virFreeError(saved_error);
    saved_error = virSaveLastError();
}

void mvsh_take_error(virErrorPtr err)
{
    virFreeError(saved_error);
    saved_error = err;
}

void mvsh_reset_error(void)
{
    virFreeError(saved_error);
    saved_error = NULL;
    virResetLastError();
}

void mvsh_report_error(const char *fallback)
{
    const char *msg = saved_error && saved_error->code ? saved_error->message : NULL;
    mvsh_error("%s", msg ? msg : fallback);
    mvsh_reset_error();
}

int mvsh_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(fmt, ap);
    va_end(ap);
    return -1;
}

void mvsh_print_extra(const mvsh *sh, const char *fmt, ...)
{
    if (sh->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

int mvsh_connect(mvsh *sh)
{
    if (sh->conn)
        return 0;
    /* As virsh: credentials the connection needs are asked on the terminal. */
    sh->conn = virConnectOpenAuth(sh->uri, virConnectAuthPtrDefault,
                                  sh->readonly ? VIR_CONNECT_RO : 0);
    if (!sh->conn) {
        mvsh_error("failed to connect to the hypervisor");
        mvsh_report_error("unknown error");
        return -1;
    }
    return 0;
}

/* One parsed command of a line; argv owns the strings args points into. */
typedef struct parsed_cmd {
    char **argv;
    mvsh_args args;
} parsed_cmd;

static void parsed_cmd_clear(gpointer p)
{
    g_strfreev(((parsed_cmd *)p)->argv);
}

static int run_command(mvsh *sh, const mvsh_args *args)
{
    if (!strcmp(args->cmd->name, "quit") || !strcmp(args->cmd->name, "exit")) {
        sh->quit = true;
        return 0;
    }
    if (args->cmd->needs_conn && mvsh_connect(sh) < 0)
        return -1;
    mvsh_reset_error();
    int rc = args->cmd->run(sh, args);
    if (rc < 0 && saved_error && saved_error->code)
        mvsh_report_error(NULL);
    mvsh_reset_error();
    /* virsh ends every command that ran with a blank line, unless -q. */
    mvsh_print_extra(sh, "\n");
    fflush(stdout);
    return rc;
}

/* Splits at the ';' that are outside quotes. */
static GStrv split_commands(const char *line)
{
    GPtrArray *parts = g_ptr_array_new();
    GString *cur = g_string_new(NULL);
    char quote = 0;
    for (const char *c = line; *c; c++) {
        if (*c == '\\' && quote != '\'' && c[1]) {
            g_string_append_c(cur, *c++);
        } else if (quote && *c == quote) {
            quote = 0;
        } else if (!quote && (*c == '\'' || *c == '"')) {
            quote = *c;
        } else if (!quote && *c == ';') {
            g_ptr_array_add(parts, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
            continue;
        }
        g_string_append_c(cur, *c);
    }
    g_ptr_array_add(parts, g_string_free(cur, FALSE));
    g_ptr_array_add(parts, NULL);
    return (GStrv)g_ptr_array_free(parts, FALSE);
}

/* As virsh, the whole line is parsed before anything runs, and its status
 * is the status of its last command. */
int mvsh_run_line(mvsh *sh, const char *line)
{
    g_auto(GStrv) parts = split_commands(line);
    g_autoptr(GArray) cmds = g_array_new(FALSE, TRUE, sizeof(parsed_cmd));
    g_array_set_clear_func(cmds, parsed_cmd_clear);
    for (char **p = parts; *p; p++) {
        g_autofree char *trimmed = g_strstrip(g_strdup(*p));
        if (!*trimmed || trimmed[0] == '#')
            continue;
        parsed_cmd pc = { 0 };
        int argc;
        g_autoptr(GError) err = NULL;
        if (!g_shell_parse_argv(trimmed, &argc, &pc.argv, &err)) {
            mvsh_error("%s", err->message);
            return -1;
        }
        g_array_append_val(cmds, pc);
        const mvsh_cmd *cmd = mvsh_find_command(pc.argv[0]);
        if (!cmd) {
            mvsh_error("unknown command: '%s'", pc.argv[0]);
            return -1;
        }
        if (mvsh_parse_args(cmd, argc, pc.argv,
                            &g_array_index(cmds, parsed_cmd, cmds->len - 1).args) < 0)
            return -1;
    }
    int rc = 0;
    for (guint k = 0; k < cmds->len && !sh->quit; k++)
        rc = run_command(sh, &g_array_index(cmds, parsed_cmd, k).args);
    return rc;
}

static void usage(FILE *out)
{
    fputs("usage: mvsh [-c URI] [-r] [-q] [COMMAND [ARGS]...]\n"
          "  -c, --connect URI   hypervisor connection URI\n"
          "  -r, --readonly      connect read-only\n"
          "  -q, --quiet         quiet mode\n"
          "  -v, --version       print the version and exit\n"
          "  -h, --help          this help\n"
          "Run 'mvsh help' for the commands.\n", out);
}

int main(int argc, char **argv)
{
    mvsh sh = { 0 };
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "-c") || !strcmp(a, "--connect")) && i + 1 < argc)
            sh.uri = g_strdup(argv[++i]);
        else if (!strncmp(a, "--connect=", 10))
            sh.uri = g_strdup(a + 10);
        else if (!strcmp(a, "-r") || !strcmp(a, "--readonly"))
            sh.readonly = true;
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
            sh.quiet = true;
        else if (!strcmp(a, "-v") || !strcmp(a, "--version")) {
            unsigned long v = 0;
            virGetVersion(&v, NULL, NULL);
            printf("%lu.%lu.%lu\n", v / 1000000, v / 1000 % 1000, v % 1000);
            return 0;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--")) {
            i++;
            break;
        } else {
            mvsh_error("unsupported option '%s'. See --help.", a);
            return 1;
        }
    }
    virSetErrorFunc(NULL, save_error_handler);
    /* Before any connection, as libvirt clients must, for `event`. */
    virEventRegisterDefaultImpl();

    int rc = 0;
    if (i < argc) {
        /* One argument may be a whole ';'-separated line; several are one
         * command with its arguments, quoted back into a line. */
        GString *line = g_string_new(NULL);
        for (int j = i; j < argc; j++) {
            if (j > i)
                g_string_append_c(line, ' ');
            if (argc - i == 1) {
                g_string_append(line, argv[j]);
            } else {
                g_autofree char *q = g_shell_quote(argv[j]);
                g_string_append(line, q);
            }
        }
        rc = mvsh_run_line(&sh, line->str);
        g_string_free(line, TRUE);
    } else {
        rc = mvsh_shell(&sh);
    }
    if (sh.conn)
        virConnectClose(sh.conn);
    g_free(sh.uri);
    return rc < 0 ? 1 : 0;
}
