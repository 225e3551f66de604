/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-dev.c — commands that list a domain's devices from
 * its XML description: domblklist (disks), domiflist (network interfaces)
 * and ttyconsole (the console's host pty). Columns, placeholders ("-") and
 * errors are virsh's.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static const mvsh_opt domblklist_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "inactive", MVSH_OT_BOOL, 0 },
    { "details", MVSH_OT_BOOL, 0 },
    { NULL },
};

static const char *minus(const char *s)
{
    return s ? s : "-";
}

static int cmd_domblklist(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    bool details = mvsh_flag(a, "details");
    mvsh_xml *x = mvsh_domain_xml(dom, mvsh_flag(a, "inactive") ? VIR_DOMAIN_XML_INACTIVE : 0);
    virDomainFree(dom);
    if (!x)
        return -1;
    struct _xmlNode **disks;
    int n = mvsh_xml_nodes(x, "/domain/devices/disk", &disks);
    mvsh_table *t = details ? mvsh_table_new("Type", "Device", "Target", "Source", NULL)
                            : mvsh_table_new("Target", "Source", NULL);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        g_autofree char *type = mvsh_xml_string(x, disks[i], "./@type");
        g_autofree char *device = mvsh_xml_string(x, disks[i], "./@device");
        g_autofree char *target = mvsh_xml_string(x, disks[i], "./target/@dev");
        g_autofree char *source = NULL;
        if (details && (!type || !device)) {
            mvsh_error("unable to query block list details");
            rc = -1;
        } else if (!target) {
            mvsh_error("unable to query block list");
            rc = -1;
        } else if (type && !strcmp(type, "nvme")) {
            g_autofree char *addr = mvsh_xml_string(x, disks[i], "./source/address/@domain");
            g_autofree char *bus = mvsh_xml_string(x, disks[i], "./source/address/@bus");
            g_autofree char *slot = mvsh_xml_string(x, disks[i], "./source/address/@slot");
            g_autofree char *fn = mvsh_xml_string(x, disks[i], "./source/address/@function");
            g_autofree char *ns = mvsh_xml_string(x, disks[i], "./source/@namespace");
            if (addr && bus && slot && fn && ns)
                source = g_strdup_printf("nvme://%04x:%02x:%02x.%d/%s",
                                         (unsigned)g_ascii_strtoull(addr, NULL, 0),
                                         (unsigned)g_ascii_strtoull(bus, NULL, 0),
                                         (unsigned)g_ascii_strtoull(slot, NULL, 0),
                                         (int)g_ascii_strtoull(fn, NULL, 0), ns);
        } else {
            source = mvsh_xml_string(x, disks[i], "./source/@file|./source/@dev|./source/@dir"
                                                  "|./source/@name|./source/@volume");
        }
        if (rc == 0 && details)
            mvsh_table_row(t, type, device, target, minus(source), NULL);
        else if (rc == 0)
            mvsh_table_row(t, target, minus(source), NULL);
    }
    g_free(disks);
    mvsh_xml_free(x);
    if (rc == 0)
        mvsh_table_print(sh, t);
    else
        mvsh_table_free(t);
    return rc;
}

const mvsh_cmd mvsh_cmd_domblklist = {
    .name = "domblklist",
    .summary = "list all domain blocks",
    .usage = "domblklist <domain> [--inactive] [--details]",
    .description = "Lists the domain's disks as a table of Target (the device name in the "
                   "guest) and Source (file, block device, directory, network name or volume; "
                   "'-' when empty), from its live XML or with --inactive from its persistent "
                   "one; --details adds the Type and Device columns first.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = domblklist_opts,
    .run = cmd_domblklist,
};

static const mvsh_opt domiflist_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "inactive", MVSH_OT_BOOL, 0 },
    { NULL },
};

static int cmd_domiflist(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    mvsh_xml *x = mvsh_domain_xml(dom, mvsh_flag(a, "inactive") ? VIR_DOMAIN_XML_INACTIVE : 0);
    virDomainFree(dom);
    if (!x)
        return -1;
    struct _xmlNode **ifaces;
    int n = mvsh_xml_nodes(x, "/domain/devices/interface", &ifaces);
    mvsh_table *t = mvsh_table_new("Interface", "Type", "Source", "Model", "MAC", NULL);
    for (int i = 0; i < n; i++) {
        g_autofree char *type = mvsh_xml_string(x, ifaces[i], "./@type");
        g_autofree char *source = mvsh_xml_string(x, ifaces[i],
            "./source/@bridge|./source/@dev|./source/@network|./source/@name|./source/@path");
        g_autofree char *target = mvsh_xml_string(x, ifaces[i], "./target/@dev");
        g_autofree char *model = mvsh_xml_string(x, ifaces[i], "./model/@type");
        g_autofree char *mac = mvsh_xml_string(x, ifaces[i], "./mac/@address");
        mvsh_table_row(t, minus(target), minus(type), minus(source), minus(model), minus(mac),
                       NULL);
    }
    g_free(ifaces);
    mvsh_xml_free(x);
    mvsh_table_print(sh, t);
    return 0;
}

const mvsh_cmd mvsh_cmd_domiflist = {
    .name = "domiflist",
    .summary = "list all domain virtual interfaces",
    .usage = "domiflist <domain> [--inactive]",
    .description = "Lists the domain's network interfaces as a table of Interface (the host "
                   "device name, '-' when there is none), Type, Source (bridge, "
                   "network or device), Model and MAC, from its live XML or with --inactive "
                   "from its persistent one.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = domiflist_opts,
    .run = cmd_domiflist,
};

static const mvsh_opt domain_opt[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

/* As virsh: no tty in the live XML fails without a message. */
static int cmd_ttyconsole(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    mvsh_xml *x = mvsh_domain_xml(dom, 0);
    virDomainFree(dom);
    if (!x)
        return -1;
    g_autofree char *tty = mvsh_xml_string(x, NULL, "/domain/devices/console/@tty");
    mvsh_xml_free(x);
    if (!tty)
        return -1;
    printf("%s\n", tty);
    return 0;
}

const mvsh_cmd mvsh_cmd_ttyconsole = {
    .name = "ttyconsole",
    .summary = "tty console",
    .usage = "ttyconsole <domain>",
    .description = "Prints the host pty of the domain's console (its live XML's console tty); "
                   "fails without a message when it has none.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = domain_opt,
    .run = cmd_ttyconsole,
};
