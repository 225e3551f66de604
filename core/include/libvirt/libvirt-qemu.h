/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libvirt/libvirt-qemu.h — the QEMU-specific part of libvirt's API that
 * modvirt implements, with libvirt's names and values: talking to a
 * domain's QEMU guest agent. Link with libmodvirt-qemu (pkg-config
 * modvirt-qemu) as with libvirt-qemu. */
#ifndef MODVIRT_LIBVIRT_QEMU_H
#define MODVIRT_LIBVIRT_QEMU_H

#include <libvirt/libvirt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Timeouts of virDomainQemuAgentCommand (other values: seconds). */
typedef enum {
    VIR_DOMAIN_QEMU_AGENT_COMMAND_MIN = -2,
    VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK = -2,     /* wait for the reply */
    VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT = -1,   /* the driver's choice */
    VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT = 0,     /* do not wait */
    VIR_DOMAIN_QEMU_AGENT_COMMAND_SHUTDOWN = 60,
} virDomainQemuAgentCommandTimeoutValues;

/* Sends CMD, a JSON command for qemu-ga ({"execute": ...}), to DOMAIN's
 * guest agent and returns its reply as JSON text (free() it), or NULL on
 * error. Refused on read-only connections. */
char *virDomainQemuAgentCommand(virDomainPtr domain, const char *cmd, int timeout,
                                unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif
