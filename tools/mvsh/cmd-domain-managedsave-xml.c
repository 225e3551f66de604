/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-managedsave-xml.c — managedsave-define and
 * managedsave-edit: the definition kept with a domain's managed save image
 * replaced from a file or edited in the user's editor, with the state the
 * domain will resume in (--running, --paused), virsh's messages and
 * errors. */
#include "mvsh.h"

#include <glib.h>
#include <stdlib.h>

/* --running / --paused to VIR_DOMAIN_SAVE_*; -1 when both are given. */
static int resume_flags(const mvsh_args *a, unsigned int *flags)
{
    if (mvsh_exclusive(a, "running", "paused") < 0)
        return -1;
    *flags = mvsh_flag(a, "running") ? VIR_DOMAIN_SAVE_RUNNING
           : mvsh_flag(a, "paused")  ? VIR_DOMAIN_SAVE_PAUSED
                                     : 0;
    return 0;
}

static int cmd_managedsave_define(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags;
    if (resume_flags(a, &flags) < 0)
        return -1;
    /* The file is read before the domain is looked up, as virsh does. */
    g_autofree char *xml = mvsh_read_file(mvsh_arg(a, "xml"));
    if (!xml)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1;
    if (virDomainManagedSaveDefineXML(dom, xml, flags) < 0) {
        mvsh_fail("Failed to update %s XML configuration", virDomainGetName(dom));
    } else {
        mvsh_print_extra(sh, "Managed save state file of domain '%s' updated.\n",
                         virDomainGetName(dom));
        rc = 0;
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt define_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "xml", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "running", MVSH_OT_BOOL, 0 },
    { "paused", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_managedsave_define = {
    .name = "managedsave-define",
    .summary = "redefine the XML for a domain's managed save state file",
    .usage = "managedsave-define <domain> <xml> [--running] [--paused]",
    .description = "Replaces the definition kept with the domain's managed save image by the "
                   "one in file <xml> (only what the saved state allows may change); "
                   "--running or --paused choose the state the next start resumes in.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = define_opts, .run = cmd_managedsave_define,
};

typedef struct image_edit {
    virDomainPtr dom;
    unsigned int flags;
} image_edit;

static char *image_get(void *opaque)
{
    image_edit *e = opaque;
    char *xml = virDomainManagedSaveGetXMLDesc(e->dom, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE);
    if (!xml)
        return NULL;
    char *copy = g_strdup(xml);
    free(xml);
    return copy;
}

static int image_define(void *opaque, const char *edited)
{
    image_edit *e = opaque;
    return virDomainManagedSaveDefineXML(e->dom, edited, e->flags);
}

static const mvsh_edit_ops image_edit_ops = { .get = image_get, .define = image_define };

static int cmd_managedsave_edit(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags;
    if (resume_flags(a, &flags) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    image_edit e = { dom, flags };
    int rc = 0;
    switch (mvsh_edit_define(&image_edit_ops, &e)) {
    case MVSH_EDIT_UNCHANGED:
        mvsh_print_extra(sh, "Managed save image of domain '%s' XML configuration not changed.\n",
                         virDomainGetName(dom));
        break;
    case MVSH_EDIT_DEFINED:
        mvsh_print_extra(sh, "Managed save image of Domain '%s' XML configuration edited.\n",
                         virDomainGetName(dom));
        break;
    case MVSH_EDIT_FAILED:
        /* the library's error, when it was the library that failed */
        if (virGetLastError())
            mvsh_report_error(NULL);
        rc = -1;
        break;
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt edit_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "running", MVSH_OT_BOOL, 0 },
    { "paused", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_managedsave_edit = {
    .name = "managedsave-edit",
    .summary = "edit XML for a domain's managed save state file",
    .usage = "managedsave-edit <domain> [--running] [--paused]",
    .description = "Opens the definition kept with the domain's managed save image in $VISUAL "
                   "or $EDITOR and applies what the editor saves, as managedsave-define; "
                   "--running or --paused choose the state the next start resumes in.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = edit_opts, .run = cmd_managedsave_edit,
};
