/* tools/mvsh/main.c — mvsh: a virsh-compatible shell over the libvirt API.
 *
 * `mvsh [-c URI] [-r] [-q] [COMMAND [ARGS]...]` runs one command line, where
 * several commands may be separated by ';' ('destroy test; start test');
 * with no command it reads commands from standard input, one per line.
 * Errors go to stderr as "error: ..." and make the exit status 1.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mvsh_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void mvsh_report_error(const char *fallback)
{
    const char *msg = virGetLastErrorCode() ? virGetLastErrorMessage() : NULL;
    mvsh_error("%s", msg ? msg : fallback);
}

/* Errors are printed by the command that saw them, as virsh does. */
static void quiet_error_handler(void *userdata, virErrorPtr err) { }

int mvsh_connect(mvsh *sh)
{
    if (sh->conn)
        return 0;
    sh->conn = sh->readonly ? virConnectOpenReadOnly(sh->uri) : virConnectOpen(sh->uri);
    if (!sh->conn) {
        mvsh_error("failed to connect to the hypervisor");
        mvsh_report_error("unknown error");
        return -1;
    }
    return 0;
}

static int run_command(mvsh *sh, int argc, char **argv)
{
    if (argc == 0)
        return 0;
    const mvsh_cmd *cmd = mvsh_find_command(argv[0]);
    if (!cmd) {
        mvsh_error("unknown command: '%s'", argv[0]);
        return -1;
    }
    if (cmd->needs_conn && mvsh_connect(sh) < 0)
        return -1;
    return cmd->run(sh, argc, argv);
}

/* Runs a line that may hold several ';'-separated commands. */
static int run_line(mvsh *sh, const char *line)
{
    int rc = 0;
    g_auto(GStrv) parts = g_strsplit(line, ";", -1);
    for (char **p = parts; *p; p++) {
        g_autofree char *trimmed = g_strstrip(g_strdup(*p));
        if (!*trimmed || trimmed[0] == '#')
            continue;
        int argc;
        char **argv;
        g_autoptr(GError) err = NULL;
        if (!g_shell_parse_argv(trimmed, &argc, &argv, &err)) {
            mvsh_error("%s", err->message);
            rc = -1;
            continue;
        }
        if (run_command(sh, argc, argv) < 0)
            rc = -1;
        g_strfreev(argv);
    }
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
    virSetErrorFunc(NULL, quiet_error_handler);

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
        rc = run_line(&sh, line->str);
        g_string_free(line, TRUE);
    } else {
        char buf[8192];
        while (fgets(buf, sizeof(buf), stdin)) {
            buf[strcspn(buf, "\n")] = '\0';
            if (!strcmp(buf, "quit") || !strcmp(buf, "exit"))
                break;
            if (run_line(&sh, buf) < 0)
                rc = -1;
        }
    }
    if (sh.conn)
        virConnectClose(sh.conn);
    g_free(sh.uri);
    return rc < 0 ? 1 : 0;
}
