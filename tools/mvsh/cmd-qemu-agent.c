/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-qemu-agent.c — what goes through the guest agent:
 * qemu-agent-command (a JSON command, through libmodvirt-qemu),
 * set-user-password, domfsfreeze, domfsthaw and guestinfo, with virsh's
 * options, output and errors. */
#include "mvsh.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>
#include <stdbool.h>
#include <libvirt/libvirt-qemu.h>

/* The reply re-indented as virsh's --pretty does: a member or element a
 * line, two spaces a level, "key": value, empty objects and arrays kept
 * on one line. The text is the agent's JSON, so only strings need care
 * (their escapes); NULL when it ends inside one or its brackets do not
 * balance (shown as it came). */
static char *pretty(const char *text)
{
    GString *out = g_string_new(NULL);
    int depth = 0;
    bool in_str = false;
    for (const char *p = text; *p; p++) {
        char ch = *p;
        if (in_str) {
            g_string_append_c(out, ch);
            if (ch == '\\' && p[1])
                g_string_append_c(out, *++p);
            else if (ch == '"')
                in_str = false;
            continue;
        }
        const char *next = p + 1;
        switch (ch) {
        case ' ': case '\t': case '\n': case '\r':
            break;
        case '"':
            in_str = true;
            g_string_append_c(out, ch);
            break;
        case '{': case '[':
            while (*next == ' ' || *next == '\t' || *next == '\n' || *next == '\r')
                next++;
            if (*next == (ch == '{' ? '}' : ']')) {
                g_string_append_c(out, ch);
                g_string_append_c(out, *next);
                p = next;
                break;
            }
            depth++;
            g_string_append_printf(out, "%c\n%*s", ch, depth * 2, "");
            break;
        case '}': case ']':
            if (--depth < 0)
                goto bad;
            g_string_append_printf(out, "\n%*s%c", depth * 2, "", ch);
            break;
        case ',':
            g_string_append_printf(out, ",\n%*s", depth * 2, "");
            break;
        case ':':
            g_string_append(out, ": ");
            break;
        default:
            g_string_append_c(out, ch);
        }
    }
    if (in_str || depth != 0)
        goto bad;
    return g_string_free(out, FALSE);
bad:
    g_string_free(out, TRUE);
    return NULL;
}

static int cmd_qemu_agent_command(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT, rc = -1;
    int modes = 0;
    const char *given = mvsh_arg(a, "timeout");
    if (given) {
        char *end;
        errno = 0;
        long v = strtol(given, &end, 10);
        if (!*given || *end || errno || v < INT_MIN || v > INT_MAX) {
            mvsh_error("Numeric value '%s' for <timeout> option is malformed or out of range",
                       given);
            goto out;
        }
        if (v < 1) {
            mvsh_error("timeout must be positive");
            goto out;
        }
        timeout = (int)v;
        modes++;
    }
    if (mvsh_flag(a, "async")) {
        timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT;
        modes++;
    }
    if (mvsh_flag(a, "block")) {
        timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK;
        modes++;
    }
    if (modes > 1) {
        mvsh_error("timeout, async and block options are exclusive");
        goto out;
    }
    char *reply = virDomainQemuAgentCommand(dom, mvsh_arg(a, "cmd"), timeout, 0);
    if (!reply) {
        mvsh_report_error(NULL);
        goto out;
    }
    char *shown = mvsh_flag(a, "pretty") ? pretty(reply) : NULL;
    printf("%s\n", shown ? shown : reply);
    g_free(shown);
    free(reply);
    rc = 0;
out:
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt qemu_agent_command_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "timeout", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "async", MVSH_OT_BOOL, 0 },
    { "block", MVSH_OT_BOOL, 0 },
    { "pretty", MVSH_OT_BOOL, 0 },
    { "cmd", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_qemu_agent_command = {
    .name = "qemu-agent-command",
    .summary = "QEMU Guest Agent Command",
    .usage = "qemu-agent-command <domain> [--timeout <number>] [--async] [--block] [--pretty] "
             "[--cmd] <string>",
    .description = "Sends a JSON command ({\"execute\": ...}) to the domain's QEMU guest agent "
                   "and prints its reply. --timeout N waits N seconds at most, --async does "
                   "not wait, --block waits as long as it takes; --pretty indents the reply.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = qemu_agent_command_opts, .run = cmd_qemu_agent_command,
};

static int cmd_set_user_password(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *user = mvsh_arg(a, "user");
    int rc = virDomainSetUserPassword(dom, user, mvsh_arg(a, "password"),
                                      mvsh_flag(a, "encrypted") ? VIR_DOMAIN_PASSWORD_ENCRYPTED
                                                                : 0);
    if (rc < 0)
        mvsh_report_error(NULL);
    else
        /* virsh writes no newline of its own here: the blank line after
         * every command ends the message. */
        printf("Password set successfully for %s in %s", user, virDomainGetName(dom));
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt set_user_password_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "user", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "password", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "encrypted", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_set_user_password = {
    .name = "set-user-password",
    .summary = "set the user password inside the domain",
    .usage = "set-user-password <domain> <user> <password> [--encrypted]",
    .description = "Sets the password of a user of the guest, through its guest agent; "
                   "--encrypted: the password is given already crypted, as in /etc/shadow.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = set_user_password_opts, .run = cmd_set_user_password,
};

/* domfsfreeze and domfsthaw: the mount points are every word given. */
static int fs_freeze_thaw(mvsh *sh, const mvsh_args *a, bool freeze)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char **mp = a->nrest ? (const char **)a->rest : NULL;
    int n = freeze ? virDomainFSFreeze(dom, mp, (unsigned int)a->nrest, 0)
                   : virDomainFSThaw(dom, mp, (unsigned int)a->nrest, 0);
    virDomainFree(dom);
    if (n < 0)
        return mvsh_fail(freeze ? "Unable to freeze filesystems" : "Unable to thaw filesystems");
    printf(freeze ? "Froze %d filesystem(s)\n" : "Thawed %d filesystem(s)\n", n);
    return 0;
}

static int cmd_domfsfreeze(mvsh *sh, const mvsh_args *a)
{
    return fs_freeze_thaw(sh, a, true);
}

static int cmd_domfsthaw(mvsh *sh, const mvsh_args *a)
{
    return fs_freeze_thaw(sh, a, false);
}

static const mvsh_opt fs_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "mountpoint", MVSH_OT_ARGV, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domfsfreeze = {
    .name = "domfsfreeze",
    .summary = "Freeze domain's mounted filesystems.",
    .usage = "domfsfreeze <domain> [[--mountpoint] <string>]...",
    .description = "Freezes the guest's mounted filesystems through its guest agent (all of "
                   "them, or the mount points given), so that a disk snapshot taken meanwhile "
                   "is consistent; prints how many were frozen.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = fs_opts, .run = cmd_domfsfreeze,
};

const mvsh_cmd mvsh_cmd_domfsthaw = {
    .name = "domfsthaw",
    .summary = "Thaw domain's mounted filesystems.",
    .usage = "domfsthaw <domain> [[--mountpoint] <string>]...",
    .description = "Thaws the guest's frozen filesystems through its guest agent (all of them, "
                   "or the mount points given); prints how many were thawed.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = fs_opts, .run = cmd_domfsthaw,
};

/* guestinfo: every parameter the agent's answers gave, "field: value". */
static int cmd_guestinfo(mvsh *sh, const mvsh_args *a)
{
    static const struct { const char *opt; unsigned int type; } kinds[] = {
        { "user", VIR_DOMAIN_GUEST_INFO_USERS },
        { "os", VIR_DOMAIN_GUEST_INFO_OS },
        { "timezone", VIR_DOMAIN_GUEST_INFO_TIMEZONE },
        { "hostname", VIR_DOMAIN_GUEST_INFO_HOSTNAME },
        { "filesystem", VIR_DOMAIN_GUEST_INFO_FILESYSTEM },
        { "disk", VIR_DOMAIN_GUEST_INFO_DISKS },
        { "interface", VIR_DOMAIN_GUEST_INFO_INTERFACES },
    };
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    unsigned int types = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (mvsh_flag(a, kinds[i].opt))
            types |= kinds[i].type;
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    int rc = virDomainGetGuestInfo(dom, types, &params, &nparams, 0);
    virDomainFree(dom);
    if (rc < 0) {
        mvsh_report_error(NULL);
        return -1;
    }
    for (int i = 0; i < nparams; i++) {
        g_autofree char *value = mvsh_typed_param_str(&params[i]);
        printf("%-20s: %s\n", params[i].field, value);
    }
    virTypedParamsFree(params, nparams);
    return 0;
}

static const mvsh_opt guestinfo_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "user", MVSH_OT_BOOL, 0 },
    { "os", MVSH_OT_BOOL, 0 },
    { "timezone", MVSH_OT_BOOL, 0 },
    { "hostname", MVSH_OT_BOOL, 0 },
    { "filesystem", MVSH_OT_BOOL, 0 },
    { "disk", MVSH_OT_BOOL, 0 },
    { "interface", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_guestinfo = {
    .name = "guestinfo",
    .summary = "query information about the guest (via agent)",
    .usage = "guestinfo <domain> [--user] [--os] [--timezone] [--hostname] [--filesystem] "
             "[--disk] [--interface]",
    .description = "Asks the guest agent what it knows of the guest: its logged-in users, "
                   "operating system, time zone, host name, filesystems, disks and network "
                   "interfaces (all of them, or those whose options are given), one "
                   "\"field: value\" line each.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = guestinfo_opts, .run = cmd_guestinfo,
};
