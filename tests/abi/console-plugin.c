/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/abi/console-plugin.c — a plugin that fills the domainOpenConsole
 * slot of plugin ABI 1.1, built against the installed headers by
 * older-core.sh: targeting 1.1 it must be refused by a 1.0 core with a
 * reason naming 1.1, and targeting 1.0 it must not compile at all (the
 * slot is hidden). */
#include <modvirt-plugin/plugin.h>

#include <string.h>

static mv_open_status con_open(virConnectPtr conn, const mv_uri *uri,
                               virConnectAuthPtr auth, unsigned int flags)
{
    return uri->path && strcmp(uri->path, "/default") == 0 ? MV_OPEN_SUCCESS
                                                           : MV_OPEN_DECLINED;
}

static int con_console(virDomainPtr dom, const char *dev, virStreamPtr st,
                       unsigned int flags)
{
    mv_error_report(VIR_FROM_NONE, VIR_ERR_OPERATION_INVALID, "no console here");
    return -1;
}

static const mv_hypervisor_driver con_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    .connectOpen = con_open,
    .domainOpenConsole = con_console,
};

static const mv_connect_driver con_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "CONSOLE",
    .uri_schemes = (const char *const[]){ "console", NULL },
    .local_only = 1,
    .hypervisor = &con_hypervisor,
};

static int con_init(mv_plugin_ctx *ctx)
{
    return mv_plugin_register_connect(ctx, &con_connect);
}

static const mv_plugin_descriptor con_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "console",
    .version = "1",
    .description = "fills a plugin ABI 1.1 slot",
    .license = "LGPL-2.1-or-later",
    .init = con_init,
};

MV_PLUGIN_DEFINE(con_descriptor)
