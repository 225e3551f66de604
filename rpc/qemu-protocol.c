/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/qemu-protocol.c — the XDR codecs of libvirt-qemu's agent command
 * procedure (see qemu-protocol.h). */
#include "qemu-protocol.h"
#include "remote-protocol.h"

bool mv_qemu_agent_command_args_xdr(mv_xdr *x, void *p)
{
    mv_qemu_agent_command_args *a = p;
    return mv_remote_domain_xdr(x, &a->dom) &&
           mv_xdr_string(x, &a->cmd, MV_REMOTE_STRING_MAX) &&
           mv_xdr_int(x, &a->timeout) && mv_xdr_uint(x, &a->flags);
}

bool mv_qemu_agent_command_ret_xdr(mv_xdr *x, void *p)
{
    mv_qemu_agent_command_ret *r = p;
    return mv_xdr_ostring(x, &r->result, MV_REMOTE_STRING_MAX);
}
