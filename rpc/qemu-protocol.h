/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/qemu-protocol.h — libvirt-qemu's RPC program (MV_RPC_QEMU_PROGRAM,
 * version 1) as far as modvirt serves it: procedure 3,
 * QEMU_PROC_DOMAIN_AGENT_COMMAND, whose arguments are a domain, the JSON
 * command, the timeout and flags, and whose reply is an optional string. */
#ifndef MV_RPC_QEMU_PROTOCOL_H
#define MV_RPC_QEMU_PROTOCOL_H

#include "remote-objects.h"
#include "xdr.h"

typedef struct mv_qemu_agent_command_args {
    mv_remote_domain dom;
    char *cmd;
    int32_t timeout;
    uint32_t flags;
} mv_qemu_agent_command_args;

typedef struct mv_qemu_agent_command_ret {
    char *result;   /* NULL on the wire as libvirt's remote_string */
} mv_qemu_agent_command_ret;

bool mv_qemu_agent_command_args_xdr(mv_xdr *x, void *p);
bool mv_qemu_agent_command_ret_xdr(mv_xdr *x, void *p);

#endif
