/* tools/mvsh/mvsh.h — shared state of the mvsh shell and its command table.
 *
 * Each command lives in a cmd-*.c file and is listed in commands.c; the
 * shell opens the connection lazily, the first time a command needs one.
 */
#ifndef MVSH_H
#define MVSH_H

#include <stdbool.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

typedef struct mvsh {
    char *uri;            /* -c URI, or NULL for the default */
    bool readonly;        /* -r */
    bool quiet;           /* -q */
    virConnectPtr conn;   /* opened on first need */
} mvsh;

typedef struct mvsh_cmd {
    const char *name;
    const char *summary;       /* one line for `help` */
    const char *usage;         /* synopsis for `help CMD` */
    const char *description;   /* paragraph for `help CMD` (matches docs/mvsh.md) */
    bool needs_conn;
    /* argv[0] is the command name. Returns 0 on success, -1 on failure
     * (after printing "error: ..." to stderr). */
    int (*run)(mvsh *sh, int argc, char **argv);
} mvsh_cmd;

extern const mvsh_cmd *const mvsh_commands[];

const mvsh_cmd *mvsh_find_command(const char *name);
/* Opens the connection if needed; -1 after reporting the error. */
int mvsh_connect(mvsh *sh);
/* Prints "error: MSG" for the last libvirt error (or FALLBACK). */
void mvsh_report_error(const char *fallback);
/* Prints "error: " + formatted text + newline to stderr. */
void mvsh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
