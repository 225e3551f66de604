/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-metadata.c — metadata and desc: a domain's
 * namespaced <metadata> elements, its description and its title, shown
 * and set as virsh shows and sets them. */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What metadata --edit edits: the element, or a new line when there is
 * none (or it cannot be read), as virsh offers it. */
typedef struct meta_edit {
    virDomainPtr dom;
    const char *uri, *key;
    unsigned int flags;
} meta_edit;

static char *meta_get(void *opaque)
{
    meta_edit *m = opaque;
    char *data = virDomainGetMetadata(m->dom, VIR_DOMAIN_METADATA_ELEMENT, m->uri, m->flags);
    if (!data) {
        mvsh_reset_error();
        return g_strdup("\n");
    }
    char *copy = g_strdup(data);
    free(data);
    return copy;
}

static int meta_define(void *opaque, const char *edited)
{
    meta_edit *m = opaque;
    return virDomainSetMetadata(m->dom, VIR_DOMAIN_METADATA_ELEMENT, edited, m->key, m->uri,
                                m->flags);
}

static const mvsh_edit_ops meta_edit_ops = { .get = meta_get, .define = meta_define };

static int cmd_metadata(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags;
    if (mvsh_affect_flags(a, &flags) < 0 || mvsh_exclusive(a, "edit", "set") < 0 ||
        mvsh_exclusive(a, "remove", "set") < 0 || mvsh_exclusive(a, "remove", "edit") < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *uri = mvsh_arg(a, "uri"), *key = mvsh_arg(a, "key"), *set = mvsh_arg(a, "set");
    bool rem = mvsh_flag(a, "remove"), edit = mvsh_flag(a, "edit");
    int rc = -1;
    if ((set || edit) && !key) {
        mvsh_error("namespace key is required when modifying metadata");
    } else if (edit) {
        meta_edit m = { dom, uri, key, flags };
        switch (mvsh_edit_define(&meta_edit_ops, &m)) {
        case MVSH_EDIT_UNCHANGED:
            mvsh_print_extra(sh, "%s", "Metadata not changed");
            rc = 0;
            break;
        case MVSH_EDIT_DEFINED:
            mvsh_print_extra(sh, "%s\n", "Metadata modified");
            rc = 0;
            break;
        case MVSH_EDIT_FAILED:
            break;
        }
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
                   "(and --key, the namespace prefix) replaces it, with --remove removes it, "
                   "with --edit (and --key) opens it in $VISUAL or $EDITOR and applies what "
                   "the editor saves.",
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
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    bool title = mvsh_flag(a, "title");
    int type = title ? VIR_DOMAIN_METADATA_TITLE : VIR_DOMAIN_METADATA_DESCRIPTION;
    g_autofree char *joined = NULL;
    if (a->nrest) {
        /* The new text is every word given, joined by single spaces. */
        GString *j = g_string_new(a->rest[0]);
        for (int i = 1; i < a->nrest; i++)
            g_string_append_printf(j, " %s", a->rest[i]);
        joined = g_string_free(j, FALSE);
    }
    const char *text = joined;
    g_autofree char *edited = NULL;
    int rc = -1;
    if (mvsh_flag(a, "edit")) {
        /* The editor starts from what --config (the inactive definition)
         * or the current state holds. */
        bool failed;
        char *cur = get_desc(dom, type, flags & VIR_DOMAIN_AFFECT_CONFIG, &failed);
        if (failed) {
            mvsh_report_error(NULL);
            goto out;
        }
        /* Words given with --edit are where the editor starts, as in
         * virsh; what it saves is compared with the domain's text. */
        edited = mvsh_edit_text(joined ? joined : cur);
        if (!edited) {
            free(cur);
            goto out;
        }
        /* A title is one line: the new line an editor ends a file with
         * is not part of it. */
        size_t n = strlen(edited);
        if (title && n && edited[n - 1] == '\n')
            edited[n - 1] = '\0';
        bool same = strcmp(cur, edited) == 0;
        free(cur);
        if (same) {
            mvsh_print_extra(sh, "%s", title ? "Domain title not changed\n"
                                             : "Domain description not changed\n");
            rc = 0;
            goto out;
        }
        text = edited;
    }
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
out:
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
    { "new-desc", MVSH_OT_ARGV, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_desc = {
    .name = "desc",
    .summary = "show or set domain's description or title",
    .usage = "desc <domain> [--live] [--config] [--current] [--title] [--edit] "
             "[[--new-desc] <string>]...",
    .description = "Shows the domain's description (or with --title its title); with "
                   "--new-desc sets it, an empty one removing it; with --edit opens it in $VISUAL or "
                   "$EDITOR and sets what the editor saves.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = desc_opts, .run = cmd_desc,
};
