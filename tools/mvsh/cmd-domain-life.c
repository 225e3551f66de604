/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-life.c — commands that change a domain's life:
 * define, create, undefine, start, destroy, shutdown, reboot, suspend,
 * resume, save, restore, autostart. One-call commands are mvsh_actions.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

static const mvsh_opt domain_opt[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static const mvsh_opt file_opt[] = {
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static const mvsh_opt create_opts[] = {
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "paused", MVSH_OT_BOOL, 0 },
    { NULL },
};

static void *dom_define(virConnectPtr conn, const char *xml, bool paused)
{
    return virDomainDefineXML(conn, xml);
}

static void *dom_create(virConnectPtr conn, const char *xml, bool paused)
{
    return virDomainCreateXML(conn, xml, paused ? VIR_DOMAIN_START_PAUSED : 0);
}

static const char *dom_name(void *d) { return virDomainGetName(d); }
static int dom_free(void *d) { return virDomainFree(d); }

static const mvsh_from_file define_data = {
    dom_define, dom_name, dom_free, "Domain '%s' defined from %s\n",
    "Failed to define domain from %s",
};
static const mvsh_from_file create_data = {
    dom_create, dom_name, dom_free, "Domain '%s' created from %s\n",
    "Failed to create domain from %s",
};

const mvsh_cmd mvsh_cmd_define = {
    .name = "define",
    .summary = "define (but don't start) a domain from an XML file",
    .usage = "define <file>",
    .description = "Defines a persistent domain from the XML file, or updates the definition "
                   "of an existing one with the same name and UUID.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .opts = file_opt,
    .data = &define_data, .run = mvsh_run_from_file,
};

const mvsh_cmd mvsh_cmd_create = {
    .name = "create",
    .summary = "create a domain from an XML file",
    .usage = "create <file> [--paused]",
    .description = "Creates and starts a transient domain from the XML file; with --paused its "
                   "virtual CPUs start paused.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .opts = create_opts,
    .data = &create_data, .run = mvsh_run_from_file,
};

static int cmd_start(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_NAME | MVSH_BY_UUID);
    if (!dom)
        return -1;
    int rc = -1;
    if (virDomainGetID(dom) != (unsigned int)-1)
        mvsh_error("Domain is already active");
    else if (virDomainCreateWithFlags(dom, mvsh_flag(a, "paused") ? VIR_DOMAIN_START_PAUSED : 0) < 0)
        mvsh_error("Failed to start domain '%s'", virDomainGetName(dom));
    else {
        mvsh_print_extra(sh, "Domain '%s' started\n", virDomainGetName(dom));
        rc = 0;
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt start_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "paused", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_start = {
    .name = "start",
    .summary = "start a (previously defined) inactive domain",
    .usage = "start <domain> [--paused]",
    .description = "Starts a defined domain that is not running; with --paused its virtual "
                   "CPUs start paused.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = start_opts, .run = cmd_start,
};

/* The libvirt calls, without their flags, as mvsh_action callbacks. */
static int dom_destroy(void *d) { return virDomainDestroy(d); }
static int dom_shutdown(void *d) { return virDomainShutdown(d); }
static int dom_reboot(void *d) { return virDomainReboot(d, 0); }
static int dom_suspend(void *d) { return virDomainSuspend(d); }
static int dom_resume(void *d) { return virDomainResume(d); }
static int set_autostart(void *d, int on) { return virDomainSetAutostart(d, on); }

#define DOMAIN_ACTION(cname, verb, summ, desc)                                                \
    static const mvsh_action cname##_action = {                                              \
        .kind = MVSH_OBJ_DOMAIN, .act = dom_##cname, .done = "Domain '%s' " verb "\n",         \
        .failed = "Failed to " #cname " domain '%s'" };                                      \
    const mvsh_cmd mvsh_cmd_##cname = {                                                       \
        .name = #cname, .summary = summ, .usage = #cname " <domain>", .description = desc,    \
        .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,                   \
        .opts = domain_opt, .data = &cname##_action, .run = mvsh_run_action,                  \
    }

DOMAIN_ACTION(destroy, "destroyed", "destroy (stop) a domain",
              "Stops the domain at once, as pulling the power cord; a transient domain "
              "disappears.");
DOMAIN_ACTION(shutdown, "is being shutdown", "gracefully shutdown a domain",
              "Asks the guest to shut down.");
DOMAIN_ACTION(reboot, "is being rebooted", "reboot a domain",
              "Asks the guest to reboot.");
DOMAIN_ACTION(suspend, "suspended", "suspend a domain",
              "Pauses the domain's virtual CPUs; it keeps its memory.");
DOMAIN_ACTION(resume, "resumed", "resume a domain",
              "Resumes a paused domain.");

/* As virsh: a managed save image is checked for first, and refused
 * without --managed-save in virsh's own words. */
static int cmd_undefine(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = 0;
    bool managed_save = mvsh_flag(a, "managed-save");
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *name = mvsh_arg(a, "domain");
    int rc = -1;
    int has = virDomainHasManagedSaveImage(dom, 0);
    if (has < 0) {
        if (virGetLastErrorCode() != VIR_ERR_NO_SUPPORT)
            goto out;
        mvsh_reset_error();
        has = 0;
    }
    if (has && !managed_save) {
        mvsh_error("Refusing to undefine while domain managed save image exists");
        goto out;
    }
    if (managed_save)
        flags |= VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
    rc = flags ? virDomainUndefineFlags(dom, flags) : virDomainUndefine(dom);
    if (rc < 0)
        mvsh_error("Failed to undefine domain '%s'", name);
    else
        mvsh_print_extra(sh, "Domain '%s' has been undefined\n", name);
out:
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt undefine_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "managed-save", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_undefine = {
    .name = "undefine",
    .summary = "undefine a domain",
    .usage = "undefine <domain> [--managed-save]",
    .description = "Removes the domain's persistent definition; a running domain becomes "
                   "transient and disappears when it stops. A domain with a managed save "
                   "image is refused unless --managed-save, which removes the image too.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = undefine_opts, .run = cmd_undefine,
};

typedef struct save_args {
    const char *file;
    const char *xml;
    unsigned int flags;
} save_args;

static int do_save(virDomainPtr dom, void *opaque)
{
    save_args *s = opaque;
    if (s->flags || s->xml)
        return virDomainSaveFlags(dom, s->file, s->xml, s->flags);
    return virDomainSave(dom, s->file);
}

static int cmd_save(mvsh *sh, const mvsh_args *a)
{
    save_args s = { .file = mvsh_arg(a, "file") };
    g_autofree char *xml = NULL;
    if (mvsh_flag(a, "bypass-cache"))
        s.flags |= VIR_DOMAIN_SAVE_BYPASS_CACHE;
    if (mvsh_flag(a, "running"))
        s.flags |= VIR_DOMAIN_SAVE_RUNNING;
    if (mvsh_flag(a, "paused"))
        s.flags |= VIR_DOMAIN_SAVE_PAUSED;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    const char *name = mvsh_arg(a, "domain");
    int rc = -1;
    if (mvsh_arg(a, "xml") && !(s.xml = xml = mvsh_read_file(mvsh_arg(a, "xml"))))
        goto out;
    rc = mvsh_watch_job(dom, "Save", mvsh_flag(a, "verbose"), do_save, &s);
    if (rc < 0)
        mvsh_error("Failed to save domain '%s' to %s", name, s.file);
    else
        mvsh_print_extra(sh, "\nDomain '%s' saved to %s\n", name, s.file);
out:
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt save_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "bypass-cache", MVSH_OT_BOOL, 0 },
    { "xml", MVSH_OT_STRING, MVSH_OPT_NAMED },
    { "running", MVSH_OT_BOOL, 0 },
    { "paused", MVSH_OT_BOOL, 0 },
    { "verbose", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_save = {
    .name = "save",
    .summary = "save a domain state to a file",
    .usage = "save <domain> <file> [--bypass-cache] [--xml <string>] [--running] [--paused] "
             "[--verbose]",
    .description = "Saves the running domain's state to the file and stops it. --xml gives a "
                   "file with the definition to store instead of the domain's; --running or "
                   "--paused choose the state a restore resumes in; --verbose shows the "
                   "progress.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = save_opts, .run = cmd_save,
};

static int cmd_restore(mvsh *sh, const mvsh_args *a)
{
    const char *file = mvsh_arg(a, "file");
    if (virDomainRestore(sh->conn, file) < 0)
        return mvsh_fail("Failed to restore domain from %s", file);
    mvsh_print_extra(sh, "Domain restored from %s\n", file);
    return 0;
}

const mvsh_cmd mvsh_cmd_restore = {
    .name = "restore",
    .summary = "restore a domain from a saved state in a file",
    .usage = "restore <file>",
    .description = "Starts a domain again from the state saved in the file.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .opts = file_opt, .run = cmd_restore,
};

static const mvsh_action autostart_action = {
    MVSH_OBJ_DOMAIN, NULL, "Domain '%s' %smarked as autostarted\n",
    "Failed to %smark domain '%s' as autostarted",
    set_autostart,
};

static const mvsh_opt autostart_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "disable", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_autostart = {
    .name = "autostart",
    .summary = "autostart a domain",
    .usage = "autostart <domain> [--disable]",
    .description = "Marks the domain to start when the host (or driver) starts; --disable "
                   "removes the mark.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = autostart_opts, .data = &autostart_action, .run = mvsh_run_action,
};
