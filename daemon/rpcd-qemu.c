/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-qemu.c — calls of libvirt-qemu's program: the guest agent
 * command (QEMU_PROC_DOMAIN_AGENT_COMMAND) on the client's connection,
 * answered under the same program; any other procedure of it is refused. */
#include "daemon.h"
#include "qemu-protocol.h"

#include <libvirt/libvirt-qemu.h>
#include <stdlib.h>
#include <string.h>

static int agent_command(mvd_client *c, mv_qemu_agent_command_args *a,
                         mv_qemu_agent_command_ret *r)
{
    g_mutex_lock(&c->lock);
    virConnectPtr conn = c->conn;
    c->running++;
    g_mutex_unlock(&c->lock);
    int rv = -1;
    virDomainPtr dom = mvd_need_conn(conn) ? mv_remote_domain_get(conn, &a->dom) : NULL;
    if (dom) {
        char *result = virDomainQemuAgentCommand(dom, a->cmd, a->timeout, a->flags);
        if (result) {
            r->result = g_strdup(result);
            free(result);
            rv = 0;
        }
        MVD_KEEP_ERROR(virDomainFree(dom));
    }
    g_mutex_lock(&c->lock);
    c->running--;
    g_mutex_unlock(&c->lock);
    return rv;
}

void mvd_qemu_call(mvd_client *c, const mv_rpc_header *hdr, const uint8_t *buf, size_t len)
{
    mv_qemu_agent_command_args a;
    mv_qemu_agent_command_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_xdr x;
    mv_rpc_header h;
    int rv = -1;
    if (hdr->proc != MV_RPC_QEMU_PROC_DOMAIN_AGENT_COMMAND) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "unknown procedure: %d", hdr->proc);
    } else if (mvd_auth_pending(c)) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "authentication required");
    } else if (!mv_rpc_message_open(&x, buf, len, &h) ||
               !mv_qemu_agent_command_args_xdr(&x, &a)) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to decode message payload");
    } else {
        rv = agent_command(c, &a, &r);
    }
    if (rv == 0) {
        mv_rpc_header rh = *hdr;
        rh.type = MV_RPC_REPLY;
        rh.status = MV_RPC_OK;
        if (!mvd_client_send_msg(c, &rh, mv_qemu_agent_command_ret_xdr, &r)) {
            mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "Unable to encode message payload");
            rv = -1;
        }
    }
    if (rv < 0)
        mvd_client_send_error(c, hdr, MV_RPC_REPLY);
    virResetLastError();
    mv_xdr_free(mv_qemu_agent_command_args_xdr, &a);
    mv_xdr_free(mv_qemu_agent_command_ret_xdr, &r);
}
