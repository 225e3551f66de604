/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-iface.c — host interfaces: iface-list and iface-dumpxml. */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int iface_cmp(const void *a, const void *b)
{
    return strcasecmp(virInterfaceGetName(*(virInterfacePtr *)a),
                      virInterfaceGetName(*(virInterfacePtr *)b));
}

static int cmd_iface_list(mvsh *sh, const mvsh_args *a)
{
    unsigned int flags = mvsh_list_flags(a, VIR_CONNECT_LIST_INTERFACES_ACTIVE,
                                         VIR_CONNECT_LIST_INTERFACES_INACTIVE);
    virInterfacePtr *ifaces = NULL;
    int n = virConnectListAllInterfaces(sh->conn, &ifaces, flags);
    if (n < 0)
        return mvsh_fail("Failed to list interfaces");
    qsort(ifaces, n, sizeof(*ifaces), iface_cmp);
    mvsh_table *t = mvsh_table_new("Name", "State", "MAC Address", NULL);
    for (int i = 0; i < n; i++) {
        const char *mac = virInterfaceGetMACString(ifaces[i]);
        mvsh_table_row(t, virInterfaceGetName(ifaces[i]),
                       virInterfaceIsActive(ifaces[i]) > 0 ? "active" : "inactive",
                       mac ? mac : "", NULL);
        virInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    mvsh_table_print(sh, t);
    return 0;
}

static const mvsh_opt iface_list_opts[] = {
    { "inactive", MVSH_OT_BOOL, 0 },
    { "all", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_iface_list = {
    .name = "iface-list",
    .summary = "list physical host interfaces",
    .usage = "iface-list [--inactive] [--all]",
    .description = "Lists the active host interfaces, or with --all every one, with --inactive "
                   "the inactive ones, as a table of Name, State and MAC Address.",
    .group = MVSH_GRP_IFACE, .needs_conn = true, .opts = iface_list_opts,
    .run = cmd_iface_list,
};

static int cmd_iface_dumpxml(mvsh *sh, const mvsh_args *a)
{
    virInterfacePtr iface = mvsh_interface(sh, a, "interface");
    if (!iface)
        return -1;
    char *xml = virInterfaceGetXMLDesc(iface, mvsh_flag(a, "inactive") ? VIR_INTERFACE_XML_INACTIVE : 0);
    if (xml)
        printf("%s", xml);
    free(xml);
    virInterfaceFree(iface);
    return xml ? 0 : -1;
}

static const mvsh_opt iface_dumpxml_opts[] = {
    { "interface", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "inactive", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_iface_dumpxml = {
    .name = "iface-dumpxml",
    .summary = "interface information in XML",
    .usage = "iface-dumpxml <interface> [--inactive]",
    .description = "Prints the XML definition of the host interface given by name or MAC "
                   "address; --inactive the persistent one.",
    .group = MVSH_GRP_IFACE, .needs_conn = true, .opts = iface_dumpxml_opts,
    .run = cmd_iface_dumpxml,
};
