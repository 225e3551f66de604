/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/edit.c — the --edit options: a text put in a temporary file
 * ($TMPDIR or /tmp, virshXXXXXX.xml), the user's editor ($VISUAL, else
 * $EDITOR, else the build's default) run on it, the file read back; and
 * virsh's loop around a redefinition that fails, which on a terminal asks
 * whether to edit again. The editor is run directly when its name is a
 * plain path, and through sh -c when it holds anything else (arguments, a
 * shell construct), as virsh runs it; errors are virsh's. */
#include "mvsh.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#ifndef MVSH_DEFAULT_EDITOR
#define MVSH_DEFAULT_EDITOR "vi"
#endif

/* Characters a word may hold to be run without a shell. */
static bool plain_word(const char *s)
{
    static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789-_.:+/";
    return strspn(s, ok) == strlen(s);
}

static char *tmp_create(const char *text)
{
    const char *dir = g_getenv("TMPDIR");
    char *path = g_strdup_printf("%s/virshXXXXXX.xml", dir && *dir ? dir : "/tmp");
    int fd = mkstemps(path, strlen(".xml"));
    if (fd < 0) {
        mvsh_error("failed to create temporary file: %s", g_strerror(errno));
        g_free(path);
        return NULL;
    }
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t n = write(fd, text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            mvsh_error("%s: failed to write temporary file: %s", path, g_strerror(errno));
            close(fd);
            unlink(path);
            g_free(path);
            return NULL;
        }
        off += (size_t)n;
    }
    if (close(fd) < 0) {
        mvsh_error("%s: failed to write temporary file: %s", path, g_strerror(errno));
        unlink(path);
        g_free(path);
        return NULL;
    }
    return path;
}

/* The command line as virsh's errors show it: words joined by spaces, a
 * word with anything but plain characters in single quotes. */
static char *argv_str(char **argv)
{
    GString *s = g_string_new(NULL);
    for (char **w = argv; *w; w++) {
        if (w != argv)
            g_string_append_c(s, ' ');
        if (plain_word(*w)) {
            g_string_append(s, *w);
            continue;
        }
        g_string_append_c(s, '\'');
        for (const char *c = *w; *c; c++) {
            if (*c == '\'')
                g_string_append(s, "'\\''");
            else
                g_string_append_c(s, *c);
        }
        g_string_append_c(s, '\'');
    }
    return g_string_free(s, FALSE);
}

static int run_editor(const char *file)
{
    const char *editor = g_getenv("VISUAL");
    if (!editor || !*editor)
        editor = g_getenv("EDITOR");
    if (!editor || !*editor)
        editor = MVSH_DEFAULT_EDITOR;

    g_autofree char *script = NULL;
    g_autofree char *prog = NULL;
    char *argv[4];
    if (plain_word(editor)) {
        /* A name, or a relative path, is looked for before anything is
         * run; an absolute path is run as it is. */
        if (!g_path_is_absolute(editor) && !(prog = g_find_program_in_path(editor))) {
            mvsh_error("Cannot find '%s' in path: %s", editor, g_strerror(ENOENT));
            return -1;
        }
        argv[0] = (char *)editor;
        argv[1] = (char *)file;
        argv[2] = NULL;
    } else {
        if (!plain_word(file)) {
            mvsh_error("%s: temporary filename contains shell meta or other unacceptable "
                       "characters (is $TMPDIR wrong?)", file);
            return -1;
        }
        script = g_strdup_printf("%s %s", editor, file);
        argv[0] = (char *)"sh";
        argv[1] = (char *)"-c";
        argv[2] = script;
        argv[3] = NULL;
        prog = g_find_program_in_path("sh");
    }
    g_autofree char *shown = argv_str(argv);

    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        mvsh_error("cannot fork child process: %s", g_strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* The editor has the terminal: stdin, stdout and stderr as ours. */
        execv(prog ? prog : argv[0], argv);
        fprintf(stderr, "libvirt:  error : cannot execute binary %s: %s\n", argv[0],
                g_strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            mvsh_error("internal error: Child process (%s) could not be waited for: %s", shown,
                       g_strerror(errno));
            return -1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        mvsh_error("internal error: Child process (%s) unexpected exit status %d", shown,
                   WEXITSTATUS(status));
    else
        mvsh_error("internal error: Child process (%s) unexpected fatal signal %d", shown,
                   WTERMSIG(status));
    return -1;
}

static char *read_back(const char *file)
{
    char *text = NULL;
    gsize len = 0;
    g_autoptr(GError) err = NULL;
    if (!g_file_get_contents(file, &text, &len, &err)) {
        mvsh_error("%s: failed to read temporary file: %s", file, err->message);
        return NULL;
    }
    if (len > MVSH_MAX_XML_FILE) {
        mvsh_error("%s: failed to read temporary file: %s", file, g_strerror(EOVERFLOW));
        g_free(text);
        return NULL;
    }
    return text;
}

static void tmp_remove(char *file)
{
    if (file)
        unlink(file);
    g_free(file);
}

char *mvsh_edit_text(const char *text)
{
    char *file = tmp_create(text);
    if (!file)
        return NULL;
    char *edited = run_editor(file) == 0 ? read_back(file) : NULL;
    tmp_remove(file);
    return edited;
}

/* On a terminal, virsh's question after a failed redefinition: 'y' edit
 * again, 'n' give up, 'f' try the same text again, 'i' (offered with
 * RELAX) again without validation; -1 when stdin is not a terminal
 * (nothing is asked). The library's error is shown first. */
static int ask_reedit(const char *msg, bool relax)
{
    if (!isatty(STDIN_FILENO))
        return -1;
    mvsh_report_error(NULL);
    struct termios saved, raw;
    if (tcgetattr(STDIN_FILENO, &saved) < 0)
        return -1;
    raw = saved;
    cfmakeraw(&raw);
    raw.c_oflag |= OPOST; /* keep "\n" a new line in the help text */
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0)
        return -1;
    int c;
    for (;;) {
        printf("\r%s Try again? %s: ", msg, relax ? "[y,n,i,f,?]" : "[y,n,f,?]");
        fflush(stdout);
        c = g_ascii_tolower(getchar());
        if (c == '?') {
            printf("\ny - yes, start editor again\nn - no, throw away my changes\n%s"
                   "f - force, try to redefine again\n? - print this help\n",
                   relax ? "i - turn off validation and try to redefine again\n" : "");
            continue;
        }
        if (c == 'y' || c == 'n' || c == 'f' || (relax && c == 'i') || c == EOF)
            break;
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    printf("\r\n");
    return c == EOF ? 'n' : c;
}

mvsh_edit_result mvsh_edit_define(const mvsh_edit_ops *ops, void *opaque)
{
    mvsh_edit_result res = MVSH_EDIT_FAILED;
    char *doc = ops->get(opaque), *edited = NULL, *file = NULL;
    bool relax = ops->relax != NULL;
    if (!doc || !(file = tmp_create(doc)))
        goto out;
reedit:
    g_free(edited);
    edited = NULL;
    if (run_editor(file) < 0 || !(edited = read_back(file)))
        goto out;
    if (strcmp(doc, edited) == 0) {
        res = MVSH_EDIT_UNCHANGED;
        goto out;
    }
redefine:;
    /* Someone may have changed it while the editor ran: then the user is
     * asked, with what the object holds now as the new original. */
    const char *msg = NULL;
    char *now = ops->get(opaque);
    if (!now)
        goto out;
    if (strcmp(doc, now) != 0) {
        msg = "The XML configuration was changed by another user.";
        g_free(doc);
        doc = now;
    } else {
        g_free(now);
    }
    if (!msg && ops->define(opaque, edited) < 0)
        msg = "Failed.";
    if (msg) {
        switch (ask_reedit(msg, relax)) {
        case 'y':
            goto reedit;
        case 'f':
            goto redefine;
        case 'i':
            ops->relax(opaque);
            relax = false;
            goto redefine;
        case 'n':
            goto out;
        default:
            /* Off a terminal virsh reports the failure and goes on as if
             * the definition had been made; so does mvsh. */
            mvsh_error("%s", msg);
            mvsh_reset_error();
            break;
        }
    }
    res = MVSH_EDIT_DEFINED;
out:
    tmp_remove(file);
    g_free(doc);
    g_free(edited);
    return res;
}
