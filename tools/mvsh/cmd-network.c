/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-network.c — the net-* commands: net-list, net-info,
 * net-dumpxml, net-define, net-create, and the one-call ones (net-start,
 * net-destroy, net-undefine, net-autostart) as mvsh_actions.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mvsh_opt network_opt[] = {
    { "network", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static int network_cmp(const void *a, const void *b)
{
    return strcasecmp(virNetworkGetName(*(virNetworkPtr *)a), virNetworkGetName(*(virNetworkPtr *)b));
}

static int cmd_net_list(mvsh *sh, const mvsh_args *a)
{
    bool name = mvsh_flag(a, "name"), uuid = mvsh_flag(a, "uuid");
    if (name + uuid + mvsh_flag(a, "table") > 1) {
        mvsh_error("Only one argument from --table, --name and --uuid may be specified.");
        return -1;
    }
    unsigned int flags = mvsh_list_flags(a, VIR_CONNECT_LIST_NETWORKS_ACTIVE,
                                         VIR_CONNECT_LIST_NETWORKS_INACTIVE);
    if (mvsh_flag(a, "persistent"))
        flags |= VIR_CONNECT_LIST_NETWORKS_PERSISTENT;
    if (mvsh_flag(a, "transient"))
        flags |= VIR_CONNECT_LIST_NETWORKS_TRANSIENT;
    if (mvsh_flag(a, "autostart"))
        flags |= VIR_CONNECT_LIST_NETWORKS_AUTOSTART;
    if (mvsh_flag(a, "no-autostart"))
        flags |= VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART;
    virNetworkPtr *nets = NULL;
    int n = virConnectListAllNetworks(sh->conn, &nets, flags);
    if (n < 0)
        return mvsh_fail("Failed to list networks");
    qsort(nets, n, sizeof(*nets), network_cmp);
    mvsh_table *t = name || uuid ? NULL
        : mvsh_table_new("Name", "State", "Autostart", "Persistent", NULL);
    for (int i = 0; i < n; i++) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];
        int autostart = 0;
        virNetworkGetAutostart(nets[i], &autostart);
        if (t)
            mvsh_table_row(t, virNetworkGetName(nets[i]),
                           virNetworkIsActive(nets[i]) > 0 ? "active" : "inactive",
                           mvsh_yes_no(autostart), mvsh_yes_no(virNetworkIsPersistent(nets[i])),
                           NULL);
        else if (uuid && virNetworkGetUUIDString(nets[i], uuidstr) == 0)
            printf("%s\n", uuidstr);
        else if (name)
            printf("%s\n", virNetworkGetName(nets[i]));
        virNetworkFree(nets[i]);
    }
    free(nets);
    if (t)
        mvsh_table_print(sh, t);
    return 0;
}

static const mvsh_opt net_list_opts[] = {
    { "inactive", MVSH_OT_BOOL, 0 }, { "all", MVSH_OT_BOOL, 0 },
    { "persistent", MVSH_OT_BOOL, 0 }, { "transient", MVSH_OT_BOOL, 0 },
    { "autostart", MVSH_OT_BOOL, 0 }, { "no-autostart", MVSH_OT_BOOL, 0 },
    { "uuid", MVSH_OT_BOOL, 0 }, { "name", MVSH_OT_BOOL, 0 }, { "table", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_net_list = {
    .name = "net-list",
    .summary = "list networks",
    .usage = "net-list [--inactive] [--all] [--persistent] [--transient] [--autostart] "
             "[--no-autostart] [--uuid] [--name] [--table]",
    .description = "Lists the active networks, or with --all every network, with --inactive "
                   "the inactive ones, as a table of Name, State, Autostart and Persistent; "
                   "--name or --uuid print one item per line.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = net_list_opts, .run = cmd_net_list,
};

static int cmd_net_info(mvsh *sh, const mvsh_args *a)
{
    virNetworkPtr net = mvsh_network(sh, a, "network");
    if (!net)
        return -1;
    char uuid[VIR_UUID_STRING_BUFLEN];
    int autostart;
    mvsh_field(15, "Name:", "%s", virNetworkGetName(net));
    if (virNetworkGetUUIDString(net, uuid) == 0)
        mvsh_field(15, "UUID:", "%s", uuid);
    int active = virNetworkIsActive(net), persistent = virNetworkIsPersistent(net);
    if (active >= 0)
        mvsh_field(15, "Active:", "%s", mvsh_yes_no(active));
    mvsh_field(15, "Persistent:", "%s", persistent < 0 ? "unknown" : mvsh_yes_no(persistent));
    if (virNetworkGetAutostart(net, &autostart) < 0)
        mvsh_field(15, "Autostart:", "%s", "no autostart");
    else
        mvsh_field(15, "Autostart:", "%s", mvsh_yes_no(autostart));
    char *bridge = virNetworkGetBridgeName(net);
    mvsh_reset_error();  /* a network without a bridge is not a failure */
    if (bridge)
        mvsh_field(15, "Bridge:", "%s", bridge);
    free(bridge);
    virNetworkFree(net);
    return 0;
}

const mvsh_cmd mvsh_cmd_net_info = {
    .name = "net-info",
    .summary = "network information",
    .usage = "net-info <network>",
    .description = "Prints the network's name, UUID, whether it is active, persistent and "
                   "autostarted, and its bridge.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = network_opt, .run = cmd_net_info,
};

static int cmd_net_dumpxml(mvsh *sh, const mvsh_args *a)
{
    virNetworkPtr net = mvsh_network(sh, a, "network");
    if (!net)
        return -1;
    char *xml = virNetworkGetXMLDesc(net, mvsh_flag(a, "inactive") ? VIR_NETWORK_XML_INACTIVE : 0);
    if (xml)
        printf("%s", xml);
    free(xml);
    virNetworkFree(net);
    return xml ? 0 : -1;
}

static const mvsh_opt net_dumpxml_opts[] = {
    { "network", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "inactive", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_net_dumpxml = {
    .name = "net-dumpxml",
    .summary = "network information in XML",
    .usage = "net-dumpxml <network> [--inactive]",
    .description = "Prints the network's XML definition; --inactive the persistent one.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = net_dumpxml_opts,
    .run = cmd_net_dumpxml,
};

static const mvsh_opt file_opt[] = {
    { "file", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

static void *net_define(virConnectPtr conn, const char *xml, bool paused)
{
    return virNetworkDefineXML(conn, xml);
}

static void *net_create(virConnectPtr conn, const char *xml, bool paused)
{
    return virNetworkCreateXML(conn, xml);
}

static const char *net_name(void *n) { return virNetworkGetName(n); }
static int net_free(void *n) { return virNetworkFree(n); }

static const mvsh_from_file net_define_data = {
    net_define, net_name, net_free, "Network %s defined from %s\n",
    "Failed to define network from %s",
};
static const mvsh_from_file net_create_data = {
    net_create, net_name, net_free, "Network %s created from %s\n",
    "Failed to create network from %s",
};

const mvsh_cmd mvsh_cmd_net_define = {
    .name = "net-define",
    .summary = "define an inactive persistent virtual network or modify an existing "
               "persistent one from an XML file",
    .usage = "net-define <file>",
    .description = "Defines a persistent network from the XML file (it is not started).",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = file_opt,
    .data = &net_define_data, .run = mvsh_run_from_file,
};

const mvsh_cmd mvsh_cmd_net_create = {
    .name = "net-create",
    .summary = "create a network from an XML file",
    .usage = "net-create <file>",
    .description = "Creates and starts a transient network from the XML file.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = file_opt,
    .data = &net_create_data, .run = mvsh_run_from_file,
};

static int net_start(void *n) { return virNetworkCreate(n); }
static int net_destroy(void *n) { return virNetworkDestroy(n); }
static int net_undefine(void *n) { return virNetworkUndefine(n); }
static int net_set_autostart(void *n, int on) { return virNetworkSetAutostart(n, on); }

static const mvsh_action net_start_action = {
    MVSH_OBJ_NETWORK, net_start, "Network %s started\n", "Failed to start network %s", NULL,
};
static const mvsh_action net_destroy_action = {
    MVSH_OBJ_NETWORK, net_destroy, "Network %s destroyed\n",
    "Failed to destroy network %s", NULL,
};
static const mvsh_action net_undefine_action = {
    MVSH_OBJ_NETWORK, net_undefine, "Network %s has been undefined\n",
    "Failed to undefine network %s", NULL,
};
static const mvsh_action net_autostart_action = {
    MVSH_OBJ_NETWORK, NULL, "Network %s %smarked as autostarted\n",
    "failed to %smark network %s as autostarted",
    net_set_autostart,
};

const mvsh_cmd mvsh_cmd_net_start = {
    .name = "net-start",
    .summary = "start a (previously defined) inactive network",
    .usage = "net-start <network>",
    .description = "Starts a defined network that is not active.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = network_opt,
    .data = &net_start_action, .run = mvsh_run_action,
};

const mvsh_cmd mvsh_cmd_net_destroy = {
    .name = "net-destroy",
    .summary = "destroy (stop) a network",
    .usage = "net-destroy <network>",
    .description = "Stops the network; a transient network disappears.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = network_opt,
    .data = &net_destroy_action, .run = mvsh_run_action,
};

const mvsh_cmd mvsh_cmd_net_undefine = {
    .name = "net-undefine",
    .summary = "undefine a persistent network",
    .usage = "net-undefine <network>",
    .description = "Removes the network's persistent definition.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = network_opt,
    .data = &net_undefine_action, .run = mvsh_run_action,
};

static const mvsh_opt net_autostart_opts[] = {
    { "network", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "disable", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_net_autostart = {
    .name = "net-autostart",
    .summary = "autostart a network",
    .usage = "net-autostart <network> [--disable]",
    .description = "Marks the network to start with the host (or driver); --disable removes "
                   "the mark.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true, .opts = net_autostart_opts,
    .data = &net_autostart_action, .run = mvsh_run_action,
};
