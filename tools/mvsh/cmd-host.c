/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-host.c — commands about the library and the connection:
 * version, uri, connect, hostname, nodeinfo, capabilities, domcapabilities. */
#include "mvsh.h"
#include <modvirt/modvirt.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_version(const char *label, const char *what, unsigned long v)
{
    printf("%s: %s %lu.%lu.%lu\n", label, what, v / 1000000, v / 1000 % 1000, v % 1000);
}

static int cmd_version(mvsh *sh, const mvsh_args *a)
{
    const char *text;
    modvirt_get_version(&text);
    unsigned int major, minor;
    modvirt_plugin_abi(&major, &minor);
    print_version("Compiled against library", "libvirt", LIBVIR_VERSION_NUMBER);
    unsigned long lib = 0;
    virGetVersion(&lib, NULL, NULL);
    print_version("Using library", "libvirt", lib);
    printf("Using modvirt: %s (plugin ABI %u.%u)\n", text, major, minor);
    /* As virsh: the hypervisor lines need a connection, but its absence is
     * not an error for `version`. */
    if (!sh->conn) {
        sh->conn = virConnectOpenAuth(sh->uri, virConnectAuthPtrDefault,
                                      sh->readonly ? VIR_CONNECT_RO : 0);
        if (!sh->conn)
            return 0;
    }
    const char *type = virConnectGetType(sh->conn);
    unsigned long hv = 0;
    if (type) {
        print_version("Using API", type, lib);
        if (virConnectGetVersion(sh->conn, &hv) == 0)
            print_version("Running hypervisor", type, hv);
    }
    return 0;
}

const mvsh_cmd mvsh_cmd_version = {
    .name = "version",
    .summary = "show version",
    .usage = "version",
    .description = "Prints the libvirt API level modvirt implements, modvirt's own version "
                   "and plugin ABI, and, when a connection can be opened, the driver's API "
                   "and hypervisor versions.",
    .group = MVSH_GRP_HOST,
    .run = cmd_version,
};

static int cmd_uri(mvsh *sh, const mvsh_args *a)
{
    char *uri = virConnectGetURI(sh->conn);
    if (!uri) {
        mvsh_report_error("failed to get URI");
        return -1;
    }
    printf("%s\n", uri);
    free(uri);
    return 0;
}

const mvsh_cmd mvsh_cmd_uri = {
    .name = "uri",
    .summary = "print the hypervisor canonical URI",
    .usage = "uri",
    .description = "Prints the URI of the current connection.",
    .group = MVSH_GRP_HOST,
    .needs_conn = true,
    .run = cmd_uri,
};

static int cmd_connect(mvsh *sh, const mvsh_args *a)
{
    if (sh->conn) {
        virConnectClose(sh->conn);
        sh->conn = NULL;
    }
    if (mvsh_arg(a, "name")) {
        g_free(sh->uri);
        sh->uri = g_strdup(mvsh_arg(a, "name"));
    }
    sh->readonly = sh->readonly || mvsh_flag(a, "readonly");
    return mvsh_connect(sh);
}

static const mvsh_opt connect_opts[] = {
    { "name", MVSH_OT_STRING, 0 },
    { "readonly", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_connect = {
    .name = "connect",
    .summary = "(re)connect to hypervisor",
    .usage = "connect [[--name] URI] [--readonly]",
    .description = "Closes the current connection and opens URI (or the default URI), "
                   "read-only with --readonly.",
    .group = MVSH_GRP_HOST,
    .opts = connect_opts,
    .run = cmd_connect,
};

static int cmd_hostname(mvsh *sh, const mvsh_args *a)
{
    char *name = virConnectGetHostname(sh->conn);
    if (!name)
        return mvsh_fail("failed to get hostname");
    printf("%s\n", name);
    free(name);
    return 0;
}

const mvsh_cmd mvsh_cmd_hostname = {
    .name = "hostname",
    .summary = "print the hypervisor hostname",
    .usage = "hostname",
    .description = "Prints the host name of the machine the connection manages.",
    .group = MVSH_GRP_HOST,
    .needs_conn = true,
    .run = cmd_hostname,
};

static int cmd_nodeinfo(mvsh *sh, const mvsh_args *a)
{
    virNodeInfo info;
    if (virNodeGetInfo(sh->conn, &info) < 0)
        return mvsh_fail("failed to get node information");
    mvsh_field(20, "CPU model:", "%s", info.model);
    mvsh_field(20, "CPU(s):", "%d", info.cpus);
    if (info.mhz)
        mvsh_field(20, "CPU frequency:", "%d MHz", info.mhz);
    mvsh_field(20, "CPU socket(s):", "%d", info.sockets);
    mvsh_field(20, "Core(s) per socket:", "%d", info.cores);
    mvsh_field(20, "Thread(s) per core:", "%d", info.threads);
    mvsh_field(20, "NUMA cell(s):", "%d", info.nodes);
    mvsh_field(20, "Memory size:", "%lu KiB", info.memory);
    return 0;
}

const mvsh_cmd mvsh_cmd_nodeinfo = {
    .name = "nodeinfo",
    .summary = "node information",
    .usage = "nodeinfo",
    .description = "Prints the host's CPU model, CPU count and frequency, topology (sockets, "
                   "cores, threads, NUMA cells) and memory size.",
    .group = MVSH_GRP_HOST,
    .needs_conn = true,
    .run = cmd_nodeinfo,
};

static int cmd_capabilities(mvsh *sh, const mvsh_args *a)
{
    char *caps = virConnectGetCapabilities(sh->conn);
    if (!caps)
        return mvsh_fail("failed to get capabilities");
    printf("%s\n", caps);
    free(caps);
    return 0;
}

const mvsh_cmd mvsh_cmd_capabilities = {
    .name = "capabilities",
    .summary = "capabilities",
    .usage = "capabilities",
    .description = "Prints the capabilities XML of the host and the driver: host CPU and NUMA "
                   "topology, and the guest types it can run.",
    .group = MVSH_GRP_HOST,
    .needs_conn = true,
    .run = cmd_capabilities,
};

static const mvsh_opt domcaps_opts[] = {
    { "virttype", MVSH_OT_STRING, 0 },
    { "emulatorbin", MVSH_OT_STRING, 0 },
    { "arch", MVSH_OT_STRING, 0 },
    { "machine", MVSH_OT_STRING, 0 },
    { NULL },
};

static int cmd_domcapabilities(mvsh *sh, const mvsh_args *a)
{
    char *caps = virConnectGetDomainCapabilities(sh->conn, mvsh_arg(a, "emulatorbin"),
                                                 mvsh_arg(a, "arch"), mvsh_arg(a, "machine"),
                                                 mvsh_arg(a, "virttype"), 0);
    if (!caps)
        return mvsh_fail("failed to get emulator capabilities");
    printf("%s\n", caps);
    free(caps);
    return 0;
}

const mvsh_cmd mvsh_cmd_domcapabilities = {
    .name = "domcapabilities",
    .summary = "domain capabilities",
    .usage = "domcapabilities [--virttype <string>] [--emulatorbin <string>] [--arch <string>] "
             "[--machine <string>]",
    .description = "Prints what the driver can run with an emulator: the domain capabilities "
                   "XML for a virtualization type, emulator binary, architecture and machine "
                   "type (the driver's defaults for those not given).",
    .opts = domcaps_opts,
    .group = MVSH_GRP_HOST,
    .needs_conn = true,
    .run = cmd_domcapabilities,
};
