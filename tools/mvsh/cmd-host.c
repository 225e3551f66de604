/* tools/mvsh/cmd-host.c — commands about the library and the connection:
 * version, uri, connect. */
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

static int cmd_version(mvsh *sh, int argc, char **argv)
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
        sh->conn = sh->readonly ? virConnectOpenReadOnly(sh->uri) : virConnectOpen(sh->uri);
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
    .run = cmd_version,
};

static int cmd_uri(mvsh *sh, int argc, char **argv)
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
    .needs_conn = true,
    .run = cmd_uri,
};

static int cmd_connect(mvsh *sh, int argc, char **argv)
{
    bool ro = sh->readonly;
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--readonly"))
            ro = true;
        else if (!strcmp(argv[i], "--name") && i + 1 < argc)
            name = argv[++i];
        else if (!name)
            name = argv[i];
        else {
            mvsh_error("command 'connect' doesn't support option %s", argv[i]);
            return -1;
        }
    }
    if (sh->conn) {
        virConnectClose(sh->conn);
        sh->conn = NULL;
    }
    if (name) {
        g_free(sh->uri);
        sh->uri = g_strdup(name);
    }
    sh->readonly = ro;
    return mvsh_connect(sh);
}

const mvsh_cmd mvsh_cmd_connect = {
    .name = "connect",
    .summary = "(re)connect to hypervisor",
    .usage = "connect [[--name] URI] [--readonly]",
    .description = "Closes the current connection and opens URI (or the default URI), "
                   "read-only with --readonly.",
    .run = cmd_connect,
};
