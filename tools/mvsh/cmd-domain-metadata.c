/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-metadata.c — metadata and desc: a domain's
 * namespaced <metadata> elements, its description and its title, shown
 * and set as virsh shows and sets them. */
#include "mvsh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_metadata(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags;
    if (mvsh_affect_flags(a, &flags) < 0 || mvsh_exclusive(a, "edit", "set") < 0 ||
        mvsh_exclusive(a, "remove", "set") < 0 || mvsh_exclusive(a, "remove", "edit") < 0)
        return -1;
    if (mvsh_flag(a, "edit"))
        return mvsh_fail("metadata --edit is not supported by mvsh: use --set");
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *uri = mvsh_arg(a, "uri"), *key = mvsh_arg(a, "key"), *set = mvsh_arg(a, "set");
    bool rem = mvsh_flag(a, "remove");
    int rc = -1;
    if (set && !key) {
        mvsh_error("namespace key is required when modifying metadata");
    } else if (set || rem) {
        rc = virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, set, key, uri, flags);
        if (rc < 0)
            mvsh_report_error(NULL);
        else
            mvsh_print_extra(sh, "%s\n", rem ? "Metadata removed" : "Metadata modified");
    } else {
        char *data = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, uri, flags);
        if (data) {
            printf("%s\n", data);
            free(data);
            rc = 0;
        } else {
            mvsh_report_error(NULL);
        }
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt metadata_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "uri", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "live", MVSH_OT_BOOL, 0 },
    { "config", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { "edit", MVSH_OT_BOOL, 0 },
    { "key", MVSH_OT_STRING, 0 },
    { "set", MVSH_OT_STRING, 0 },
    { "remove", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_metadata = {
    .name = "metadata",
    .summary = "show or set domain's custom XML metadata",
    .usage = "metadata <domain> <uri> [--live] [--config] [--current] [--edit] "
             "[--key <string>] [--set <string>] [--remove]",
    .description = "Shows the domain's <metadata> element in namespace <uri>; with --set "
                   "(and --key, the namespace prefix) replaces it, with --remove removes it. "
                   "--edit is not supported.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = metadata_opts, .run = cmd_metadata,
};

/* The description or title as virsh reads it: empty when there is none. */
static char *get_desc(virDomainPtr dom, int type, unsigned int flags, bool *failed)
{
    char *text = virDomainGetMetadata(dom, type, NULL, flags);
    *failed = false;
    if (text)
        return text;
    virErrorPtr err = virGetLastError();
    if (err && err->code == VIR_ERR_NO_DOMAIN_METADATA) {
        mvsh_reset_error();
        return strdup("");
    }
    *failed = true;
    return NULL;
}

static int cmd_desc(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags;
    if (mvsh_affect_flags(a, &flags) < 0)
        return -1;
    if (mvsh_flag(a, "edit"))
        return mvsh_fail("desc --edit is not supported by mvsh: use --new-desc");
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    bool title = mvsh_flag(a, "title");
    int type = title ? VIR_DOMAIN_METADATA_TITLE : VIR_DOMAIN_METADATA_DESCRIPTION;
    const char *text = mvsh_arg(a, "new-desc");
    int rc = -1;
    if (text) {
        if (virDomainSetMetadata(dom, type, text, NULL, NULL, flags) < 0) {
            mvsh_error("%s", title ? "Failed to set new domain title"
                                   : "Failed to set new domain description");
        } else {
            /* virsh ends none of desc's lines: the blank line that follows
             * every command does */
            mvsh_print_extra(sh, "%s", title ? "Domain title updated successfully"
                                             : "Domain description updated successfully");
            rc = 0;
        }
    } else {
        bool failed;
        /* virsh reads with only --config (the inactive XML) or the current state */
        char *cur = get_desc(dom, type, flags & VIR_DOMAIN_AFFECT_CONFIG, &failed);
        if (failed) {
            mvsh_report_error(NULL);
        } else {
            if (*cur)
                printf("%s", cur);
            else
                mvsh_print_extra(sh, title ? "No title for domain: %s"
                                           : "No description for domain: %s",
                                 virDomainGetName(dom));
            rc = 0;
        }
        free(cur);
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt desc_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "live", MVSH_OT_BOOL, 0 },
    { "config", MVSH_OT_BOOL, 0 },
    { "current", MVSH_OT_BOOL, 0 },
    { "title", MVSH_OT_BOOL, 0 },
    { "edit", MVSH_OT_BOOL, 0 },
    { "new-desc", MVSH_OT_DATA, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_desc = {
    .name = "desc",
    .summary = "show or set domain's description or title",
    .usage = "desc <domain> [--live] [--config] [--current] [--title] [--edit] "
             "[[--new-desc] <string>]",
    .description = "Shows the domain's description (or with --title its title); with "
                   "--new-desc sets it, an empty one removing it. --edit is not supported.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = desc_opts, .run = cmd_desc,
};
