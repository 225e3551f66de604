/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-ssh-keys.c — get-user-sshkeys and set-user-sshkeys: a
 * guest user's authorized SSH keys through the guest agent, with virsh's
 * options, checks in virsh's order, output and error lines. */
#include "mvsh.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

static int cmd_get_user_sshkeys(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    char **keys = NULL;
    int n = virDomainAuthorizedSSHKeysGet(dom, mvsh_arg(a, "user"), &keys, 0);
    virDomainFree(dom);
    if (n < 0) {
        mvsh_report_error(NULL);
        return -1;
    }
    /* virsh 9.0 prints the keys one after another with nothing between
     * them; the blank line after the command ends the last. */
    for (int i = 0; i < n; i++) {
        fputs(keys[i], stdout);
        free(keys[i]);
    }
    free(keys);
    return 0;
}

static const mvsh_opt get_user_sshkeys_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "user", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_get_user_sshkeys = {
    .name = "get-user-sshkeys",
    .summary = "list authorized SSH keys for given user (via agent)",
    .usage = "get-user-sshkeys <domain> <user>",
    .description = "Prints the keys in the authorized SSH keys file of a user of the guest, "
                   "as its guest agent reads them.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = get_user_sshkeys_opts, .run = cmd_get_user_sshkeys,
};

static int cmd_set_user_sshkeys(mvsh *sh, const mvsh_args *a)
{
    const char *file = mvsh_arg(a, "file");
    bool reset = mvsh_flag(a, "reset"), remove = mvsh_flag(a, "remove");
    if (remove && !file) {
        mvsh_error("Option --file is required by option --remove");
        return -1;
    }
    if (mvsh_exclusive(a, "reset", "remove") < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    unsigned int flags = 0;
    if (remove)
        flags |= VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE;
    else if (!reset)
        flags |= VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND;
    char **keys = NULL;
    int rc = -1;
    if (!reset && !remove && !file) {
        mvsh_error("Option --file is required");
        goto out;
    }
    if (file) {
        g_autofree char *text = mvsh_read_file(file);
        if (!text)
            goto out;
        /* One key a line, as virsh splits the file (a last newline
         * leaves an empty key, which the agent takes as none). */
        keys = g_strsplit(text, "\n", -1);
        if (!keys[0]) {
            mvsh_error("File %s contains no keys", file);
            goto out;
        }
    }
    rc = virDomainAuthorizedSSHKeysSet(dom, mvsh_arg(a, "user"), (const char **)keys,
                                       keys ? g_strv_length(keys) : 0, flags);
    if (rc < 0)
        mvsh_report_error(NULL);
out:
    g_strfreev(keys);
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt set_user_sshkeys_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "user", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "file", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "reset", MVSH_OT_BOOL, 0 },
    { "remove", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_set_user_sshkeys = {
    .name = "set-user-sshkeys",
    .summary = "manipulate authorized SSH keys file for given user (via agent)",
    .usage = "set-user-sshkeys <domain> <user> [--file <string>] [--reset] [--remove]",
    .description = "Changes the authorized SSH keys file of a user of the guest through its "
                   "guest agent: the keys of --file (one a line) are added to it, or replace "
                   "what it held with --reset (without --file it is emptied), or are taken "
                   "out of it with --remove.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = set_user_sshkeys_opts, .run = cmd_set_user_sshkeys,
};
