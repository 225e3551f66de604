/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/mvsh.h — shared state of the mvsh shell, its command table and
 * the helpers every command uses: virsh-style option parsing (opts.c),
 * object lookup with virsh's errors (lookup.c), tables and sizes (print.c).
 * Each command lives in a cmd-*.c file and is listed in commands.c.
 */
#ifndef MVSH_H
#define MVSH_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

typedef struct mvsh {
    char *uri;            /* -c URI, or NULL for the default */
    bool readonly;        /* -r */
    bool quiet;           /* -q */
    virConnectPtr conn;   /* opened on first need */
    bool quit;            /* set by quit/exit */
} mvsh;

/* Option kinds, as virsh's: DATA is positional-first (<name> in errors),
 * STRING may be positional unless NAMED, BOOL is a bare --flag, ARGV
 * takes every positional word left (in mvsh_args.rest). */
typedef enum { MVSH_OT_BOOL, MVSH_OT_DATA, MVSH_OT_STRING, MVSH_OT_ARGV } mvsh_opt_type;
enum { MVSH_OPT_REQ = 1, MVSH_OPT_NAMED = 2 };

typedef struct mvsh_opt {
    const char *name;
    mvsh_opt_type type;
    unsigned flags;
} mvsh_opt;

#define MVSH_MAX_OPTS 32
#define MVSH_MAX_REST 256

typedef struct mvsh_cmd mvsh_cmd;
/* The parsed options of one command invocation. */
typedef struct mvsh_args {
    const mvsh_cmd *cmd;
    const char *val[MVSH_MAX_OPTS];
    bool set[MVSH_MAX_OPTS];
    const char *rest[MVSH_MAX_REST];   /* the words of an ARGV option */
    int nrest;
} mvsh_args;

typedef enum {
    MVSH_GRP_DOMAIN, MVSH_GRP_HOST, MVSH_GRP_IFACE, MVSH_GRP_NETWORK,
    MVSH_GRP_POOL, MVSH_GRP_VOLUME, MVSH_GRP_SHELL,
} mvsh_group;

struct mvsh_cmd {
    const char *name;
    const char *summary;       /* one line for `help` */
    const char *usage;         /* synopsis for `help CMD` */
    const char *description;   /* paragraph for `help CMD` (matches docs/mvsh.md) */
    mvsh_group group;
    bool needs_conn;
    bool takes_domain;         /* first argument completes to a domain name */
    const mvsh_opt *opts;      /* terminated by { NULL } */
    const void *data;          /* for shared run functions (action.c) */
    /* Returns 0 on success, -1 on failure (after printing "error: ..."). */
    int (*run)(mvsh *sh, const mvsh_args *a);
};

extern const mvsh_cmd *const mvsh_commands[];
extern const char *const mvsh_group_names[];

const mvsh_cmd *mvsh_find_command(const char *name);
/* Runs a line of ';'-separated commands; -1 if any failed. */
int mvsh_run_line(mvsh *sh, const char *line);
/* Reads commands from stdin (readline on a terminal) until EOF or quit. */
int mvsh_shell(mvsh *sh);
/* Opens the connection if needed; -1 after reporting the error. */
int mvsh_connect(mvsh *sh);
/* Prints "error: MSG" for the last libvirt error (or FALLBACK). */
void mvsh_report_error(const char *fallback);
/* Prints "error: " + formatted text + newline to stderr. */
void mvsh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "error: FMT" then the library's error line, as virsh's vshError +
 * vshReportError pair; always returns -1. */
int mvsh_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Forgets the pending library error (virsh's vshResetLibvirtError). */
void mvsh_reset_error(void);
/* Makes ERR (owned; from virSaveLastError in another thread) the pending
 * library error. */
void mvsh_take_error(virErrorPtr err);
/* Prints to stdout unless -q. */
void mvsh_print_extra(const mvsh *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* opts.c */
int mvsh_parse_args(const mvsh_cmd *cmd, int argc, char **argv, mvsh_args *out);
const char *mvsh_arg(const mvsh_args *a, const char *name);
bool mvsh_flag(const mvsh_args *a, const char *name);
/* Integer option: 0 absent, 1 parsed, -1 malformed (error printed). */
int mvsh_arg_uint(const mvsh_args *a, const char *name, unsigned int *out);
/* The same for an unsigned 64-bit option (no sign accepted). */
int mvsh_arg_ull(const mvsh_args *a, const char *name, unsigned long long *out);
/* A size with a unit suffix as virsh scales it (SCALE is the unit without
 * one); on error prints virsh's lines: for option OPT, or "Malformed size"
 * if OPT is NULL. */
int mvsh_parse_size(const char *s, unsigned long long scale, unsigned long long max,
                    unsigned long long *out, const char *opt);
/* The same without printing: 0, or -1 with *WHY the library's message
 * (g_malloc'd) when there is one (a bad suffix, an overflow). */
int mvsh_scale_number(const char *s, unsigned long long scale, unsigned long long max,
                      unsigned long long *out, char **why);
/* "Options --X and --Y are mutually exclusive" if both are set: -1. */
int mvsh_exclusive(const mvsh_args *a, const char *x, const char *y);
/* --all: ACTIVE|INACTIVE, --inactive: INACTIVE, else ACTIVE. */
unsigned int mvsh_list_flags(const mvsh_args *a, unsigned int active, unsigned int inactive);
/* --config/--live/--current to VIR_DOMAIN_AFFECT_* flags; -1 on conflict. */
int mvsh_affect_flags(const mvsh_args *a, unsigned int *flags);
/* The most of a definition file mvsh reads, as virsh (VSH_MAX_XML_FILE). */
#define MVSH_MAX_XML_FILE (10 * 1024 * 1024)
/* Reads a whole file (for define/create) of at most MVSH_MAX_XML_FILE
 * bytes; NULL after virsh's error ("Failed to open file ...", "Failed to
 * read file ...: Value too large for defined data type"). */
char *mvsh_read_file(const char *path);

/* edit.c: the --edit options. mvsh_edit_text lets the user edit TEXT in
 * the editor once and returns what the file then holds (NULL after an
 * error line). mvsh_edit_define is virsh's whole edit loop: GET gives the
 * current text (called again before DEFINE, to see whether another user
 * changed it), DEFINE applies the edited text (0, or -1 with the library's
 * error); a failure asks on a terminal whether to edit again (or, with
 * RELAX, to define without validation). */
typedef struct mvsh_edit_ops {
    char *(*get)(void *opaque);                      /* g_malloc'd, NULL after an error */
    int (*define)(void *opaque, const char *edited);
    void (*relax)(void *opaque);  /* optional: the next define skips validation */
} mvsh_edit_ops;
typedef enum { MVSH_EDIT_FAILED = -1, MVSH_EDIT_UNCHANGED, MVSH_EDIT_DEFINED } mvsh_edit_result;
char *mvsh_edit_text(const char *text);
mvsh_edit_result mvsh_edit_define(const mvsh_edit_ops *ops, void *opaque);

/* lookup.c: name/id/uuid lookups with virsh's error lines. */
enum { MVSH_BY_ID = 1, MVSH_BY_UUID = 2, MVSH_BY_NAME = 4, MVSH_BY_ANY = 7 };
virDomainPtr mvsh_domain(mvsh *sh, const mvsh_args *a, const char *opt, unsigned by);
/* The same for a domain named by NAME itself. */
virDomainPtr mvsh_domain_named(mvsh *sh, const char *name, unsigned by);
virNetworkPtr mvsh_network(mvsh *sh, const mvsh_args *a, const char *opt);
virStoragePoolPtr mvsh_pool(mvsh *sh, const mvsh_args *a, const char *opt);
virStorageVolPtr mvsh_volume(mvsh *sh, const mvsh_args *a, const char *opt);
virInterfacePtr mvsh_interface(mvsh *sh, const mvsh_args *a, const char *opt);

/* action.c: "look up, call one function, print virsh's message" commands.
 * The mvsh_cmd's data is a mvsh_action; its opts name the object "domain",
 * "network" or "pool". */
typedef enum { MVSH_OBJ_DOMAIN, MVSH_OBJ_NETWORK, MVSH_OBJ_POOL } mvsh_obj_kind;
typedef struct mvsh_action {
    mvsh_obj_kind kind;
    int (*act)(void *obj);
    const char *done;     /* printf format with the object's name */
    const char *failed;   /* idem, before the library's error */
    /* Autostart commands instead: set(obj, !--disable); done gets the name
     * then "un" or "", failed gets "un" or "" then the name. */
    int (*set)(void *obj, int value);
} mvsh_action;
int mvsh_run_action(mvsh *sh, const mvsh_args *a);
/* define/create FILE: data is a mvsh_from_file; the option is "file",
 * and "paused" (if the command has it) reaches make(). */
typedef struct mvsh_from_file {
    void *(*make)(virConnectPtr conn, const char *xml, bool paused);
    const char *(*name)(void *obj);
    int (*unref)(void *obj);
    const char *done;     /* format with the new object's name, then the file */
    const char *failed;   /* format with the file */
} mvsh_from_file;
int mvsh_run_from_file(mvsh *sh, const mvsh_args *a);
bool mvsh_has_opt(const mvsh_cmd *cmd, const char *name);

/* words.c: domain states, reasons, event details as virsh prints them. */
const char *mvsh_domain_state_str(int state);
const char *mvsh_domain_reason_str(int state, int reason);
const char *mvsh_event_str(int event);
const char *mvsh_event_detail_str(int event, int detail);

/* domxml.c: the domain's XML (virDomainGetXMLDesc FLAGS) queried by XPath,
 * as virsh's device commands read it. NULL after an error (the library's,
 * reported by the command runner). */
typedef struct mvsh_xml mvsh_xml;
struct _xmlNode;
mvsh_xml *mvsh_domain_xml(virDomainPtr dom, unsigned int flags);
void mvsh_xml_free(mvsh_xml *x);
/* The elements EXPR selects (from the root); *NODES is g_free'd by the caller. */
int mvsh_xml_nodes(mvsh_xml *x, const char *expr, struct _xmlNode ***nodes);
/* XPath string(EXPR) relative to NODE (NULL: the root), g_malloc'd; NULL
 * when empty. */
char *mvsh_xml_string(mvsh_xml *x, struct _xmlNode *node, const char *expr);

/* print.c */
typedef struct mvsh_table mvsh_table;
mvsh_table *mvsh_table_new(const char *first, ...);  /* column headers, NULL-ended */
void mvsh_table_row(mvsh_table *t, const char *first, ...);
void mvsh_table_print(const mvsh *sh, mvsh_table *t);  /* prints and frees */
void mvsh_table_free(mvsh_table *t);  /* frees without printing */
/* "1.50 GiB" as virsh's vshPrettyCapacity. */
char *mvsh_pretty_size(unsigned long long bytes);
/* "Label:" padded to virsh's 16 columns (or WIDTH) then the value. */
void mvsh_field(int width, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *mvsh_yes_no(int v);
/* A typed parameter's value as virsh prints it in schedinfo, domstats and
 * the like ("%f" doubles, "yes"/"no" booleans); g_free it. */
char *mvsh_typed_param_str(const virTypedParameter *p);

/* cmd-domain-job.c: runs FN(DOM, OPAQUE) (a save, managed save or dump) in
 * a thread while watching it as virsh does: with VERBOSE, its progress
 * from virDomainGetJobInfo on stderr as "LABEL: [ NN %]"; on a terminal,
 * Ctrl-C aborts the job. Returns FN's result, its error pending. */
int mvsh_watch_job(virDomainPtr dom, const char *label, bool verbose,
                   int (*fn)(virDomainPtr dom, void *opaque), void *opaque);
/* cpumap.c: host CPUs as virsh counts, reads and writes them. */
/* The host's CPU count (virNodeGetCPUMap, else virNodeGetInfo); -1. */
int mvsh_node_cpu_count(virConnectPtr conn);
/* LIST ("0-3,^2", "r": all) as a map of MAXCPU CPUs (*MAPLEN bytes,
 * g_free it); NULL after virsh's errors. */
unsigned char *mvsh_parse_cpulist(const char *list, int maxcpu, int *maplen);
/* "0-1,3" of the MAPLEN bytes of MAP (g_free it). */
char *mvsh_cpumap_format(const unsigned char *map, int maplen);
/* Signed integer option: 0 absent, 1 parsed, -1 malformed (error printed). */
int mvsh_arg_int(const mvsh_args *a, const char *name, int *out);

#endif
