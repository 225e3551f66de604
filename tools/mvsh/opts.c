/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/opts.c — virsh-compatible option parsing: --opt VALUE,
 * --opt=VALUE, bare --flag, positional words filling the non-bool options
 * in declaration order, and virsh's error texts for each misuse; plus the
 * integer and scaled-size ("1G", "10MiB") conversions commands share.
 */
#include "mvsh.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static int opt_index(const mvsh_cmd *cmd, const char *name, size_t len)
{
    for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
        if (strlen(cmd->opts[i].name) == len && !strncmp(cmd->opts[i].name, name, len))
            return i;
    return -1;
}

static bool positional(const mvsh_opt *o)
{
    return o->type != MVSH_OT_BOOL && !(o->flags & MVSH_OPT_NAMED);
}

int mvsh_parse_args(const mvsh_cmd *cmd, int argc, char **argv, mvsh_args *out)
{
    memset(out, 0, sizeof(*out));
    out->cmd = cmd;
    const mvsh_opt *opts = cmd->opts;
    bool only_data = false;
    for (int i = 1; i < argc; i++) {
        const char *w = argv[i];
        if (!only_data && !strcmp(w, "--")) {
            only_data = true;
            continue;
        }
        if (!only_data && w[0] == '-' && w[1] == '-') {
            const char *eq = strchr(w + 2, '=');
            size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
            int k = opt_index(cmd, w + 2, len);
            if (k < 0) {
                mvsh_error("command '%s' doesn't support option --%.*s", cmd->name, (int)len, w + 2);
                return -1;
            }
            if (out->set[k] && opts[k].type != MVSH_OT_ARGV) {
                mvsh_error("option --%s already seen", opts[k].name);
                return -1;
            }
            out->set[k] = true;
            if (opts[k].type == MVSH_OT_BOOL) {
                if (eq) {
                    mvsh_error("invalid '=' after option --%s", opts[k].name);
                    return -1;
                }
            } else if (eq) {
                out->val[k] = eq + 1;
            } else if (i + 1 < argc) {
                out->val[k] = argv[++i];
            } else {
                mvsh_error("expected syntax: --%s <string>", opts[k].name);
                return -1;
            }
            /* An ARGV option takes its words named as well (--name W ...). */
            if (opts[k].type == MVSH_OT_ARGV) {
                if (out->nrest == MVSH_MAX_REST) {
                    mvsh_error("unexpected data '%s'", out->val[k]);
                    return -1;
                }
                out->rest[out->nrest++] = out->val[k];
            }
            continue;
        }
        int k = 0;
        while (opts && opts[k].name &&
               ((out->set[k] && opts[k].type != MVSH_OT_ARGV) || !positional(&opts[k])))
            k++;
        if (!opts || !opts[k].name) {
            mvsh_error("unexpected data '%s'", w);
            return -1;
        }
        if (opts[k].type == MVSH_OT_ARGV) {
            if (out->nrest == MVSH_MAX_REST) {
                mvsh_error("unexpected data '%s'", w);
                return -1;
            }
            out->rest[out->nrest++] = w;
        }
        out->set[k] = true;
        out->val[k] = w;
    }
    int rc = 0;  /* virsh names every missing option */
    for (int k = 0; opts && opts[k].name; k++) {
        if ((opts[k].flags & MVSH_OPT_REQ) && !out->set[k]) {
            if (opts[k].type == MVSH_OT_DATA)
                mvsh_error("command '%s' requires <%s> option", cmd->name, opts[k].name);
            else
                mvsh_error("command '%s' requires --%s option", cmd->name, opts[k].name);
            rc = -1;
        }
    }
    return rc;
}

bool mvsh_has_opt(const mvsh_cmd *cmd, const char *name)
{
    return opt_index(cmd, name, strlen(name)) >= 0;
}

static int find(const mvsh_args *a, const char *name)
{
    int k = opt_index(a->cmd, name, strlen(name));
    g_assert(k >= 0);  /* a command asking for an option it did not declare */
    return k;
}

const char *mvsh_arg(const mvsh_args *a, const char *name)
{
    return a->val[find(a, name)];
}

bool mvsh_flag(const mvsh_args *a, const char *name)
{
    return a->set[find(a, name)];
}

int mvsh_arg_uint(const mvsh_args *a, const char *name, unsigned int *out)
{
    const char *s = mvsh_arg(a, name);
    if (!s)
        return 0;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < 0 || v > INT_MAX) {
        mvsh_error("Numeric value '%s' for <%s> option is malformed or out of range", s, name);
        return -1;
    }
    *out = (unsigned int)v;
    return 1;
}

int mvsh_arg_ull(const mvsh_args *a, const char *name, unsigned long long *out)
{
    const char *s = mvsh_arg(a, name);
    if (!s)
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || strchr(s, '-')) {
        mvsh_error("Numeric value '%s' for <%s> option is malformed or out of range", s, name);
        return -1;
    }
    *out = v;
    return 1;
}

/* Suffixes as libvirt's virScaleInteger: b/byte/bytes, K/KiB (1024),
 * KB (1000), ... up to E. A bad suffix or an overflow sets *why to the
 * library's message, which virsh prints as a second line. */
static int parse_scaled(const char *s, unsigned long long scale, unsigned long long max,
                        unsigned long long *out, char **why)
{
    char *suffix;
    errno = 0;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    unsigned long long v = strtoull(s, &suffix, 10);
    if (errno || suffix == s)
        return -1;
    if (*suffix) {
        if (!strcasecmp(suffix, "b") || !strcasecmp(suffix, "byte") || !strcasecmp(suffix, "bytes")) {
            scale = 1;
        } else {
            unsigned long long base = 0;
            if (!suffix[1] || !strcasecmp(suffix + 1, "iB"))
                base = 1024;
            else if (g_ascii_tolower(suffix[1]) == 'b' && !suffix[2])
                base = 1000;
            const char *u = base ? strchr("kmgtpe", g_ascii_tolower(suffix[0])) : NULL;
            if (!u) {
                *why = g_strdup_printf("invalid argument: unknown suffix '%s'", suffix);
                return -1;
            }
            scale = 1;
            for (const char *p = "kmgtpe"; p <= u; p++)
                scale *= base;
        }
    }
    if (v > max / scale) {
        *why = g_strdup_printf("numerical overflow: value too large: %s", s);
        return -1;
    }
    *out = v * scale;
    return 0;
}

int mvsh_scale_number(const char *s, unsigned long long scale, unsigned long long max,
                      unsigned long long *out, char **why)
{
    return parse_scaled(s, scale, max, out, why);
}

int mvsh_parse_size(const char *s, unsigned long long scale, unsigned long long max,
                    unsigned long long *out, const char *opt)
{
    g_autofree char *why = NULL;
    if (parse_scaled(s, scale, max, out, &why) == 0)
        return 0;
    if (opt)
        mvsh_error("Scaled numeric value '%s' for <%s> option is malformed or out of range", s, opt);
    else
        mvsh_error("Malformed size %s", s);
    if (why)
        mvsh_error("%s", why);
    return -1;
}

int mvsh_exclusive(const mvsh_args *a, const char *x, const char *y)
{
    if (mvsh_flag(a, x) && mvsh_flag(a, y)) {
        mvsh_error("Options --%s and --%s are mutually exclusive", x, y);
        return -1;
    }
    return 0;
}

unsigned int mvsh_list_flags(const mvsh_args *a, unsigned int active, unsigned int inactive)
{
    if (mvsh_flag(a, "all"))
        return active | inactive;
    return mvsh_flag(a, "inactive") ? inactive : active;
}

int mvsh_affect_flags(const mvsh_args *a, unsigned int *flags)
{
    if (mvsh_exclusive(a, "current", "live") < 0 || mvsh_exclusive(a, "current", "config") < 0)
        return -1;
    *flags = 0;
    if (mvsh_flag(a, "config"))
        *flags |= VIR_DOMAIN_AFFECT_CONFIG;
    if (mvsh_flag(a, "live"))
        *flags |= VIR_DOMAIN_AFFECT_LIVE;
    return 0;
}

/* Up to MAX + 1 bytes of FD, so that more than MAX is told apart. NULL
 * with errno set on a read error, EOVERFLOW past MAX. */
static char *read_at_most(int fd, size_t max)
{
    GByteArray *buf = g_byte_array_new();
    guint8 chunk[65536];
    while (buf->len <= max) {
        ssize_t n = read(fd, chunk, MIN(sizeof(chunk), max + 1 - buf->len));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            g_byte_array_unref(buf);
            errno = e;
            return NULL;
        }
        if (n == 0)
            break;
        g_byte_array_append(buf, chunk, (guint)n);
    }
    if (buf->len > max) {
        g_byte_array_unref(buf);
        errno = EOVERFLOW;
        return NULL;
    }
    g_byte_array_append(buf, (const guint8 *)"", 1);
    return (char *)g_byte_array_free(buf, FALSE);
}

/* As virsh (virFileReadAll with VSH_MAX_XML_FILE): at most 10 MiB, read
 * from whatever PATH is, so that /dev/stdin and <(...) work; a regular
 * file known to be larger is refused without reading it, and /dev/zero
 * costs 10 MiB, not all of memory. */
char *mvsh_read_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        mvsh_error("Failed to open file '%s': %s", path, g_strerror(errno));
        return NULL;
    }
    struct stat sb;
    char *text = NULL;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > MVSH_MAX_XML_FILE)
        errno = EOVERFLOW;
    else
        text = read_at_most(fd, MVSH_MAX_XML_FILE);
    if (!text)
        mvsh_error("Failed to read file '%s': %s", path, g_strerror(errno));
    close(fd);
    return text;
}
