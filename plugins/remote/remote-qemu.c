/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-qemu.c — virDomainQemuAgentCommand over RPC:
 * libvirt-qemu's program (QEMU_PROC_DOMAIN_AGENT_COMMAND), which modvirtd
 * and libvirtd both serve. */
#include "remote.h"
#include "qemu-protocol.h"

#include <string.h>

char *mv_remote_domain_qemu_agent_command(virDomainPtr dom, const char *cmd, int timeout,
                                          unsigned int flags)
{
    mv_qemu_agent_command_args a;
    mv_qemu_agent_command_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.cmd = (char *)cmd;
    a.timeout = timeout;
    a.flags = flags;
    if (mv_remote_call_qemu(virDomainGetConnect(dom), MV_RPC_QEMU_PROC_DOMAIN_AGENT_COMMAND,
                            mv_qemu_agent_command_args_xdr, &a,
                            mv_qemu_agent_command_ret_xdr, &r) < 0)
        return NULL;
    return r.result;   /* taken from the reply */
}
