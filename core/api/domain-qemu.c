/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain-qemu.c — the body of libvirt-qemu's
 * virDomainQemuAgentCommand, which libmodvirt-qemu (core/qemu/) exports:
 * libvirt's checks (a valid domain, a writable connection, a command)
 * and the hypervisor slot. Exported from here under a private node so that
 * the QEMU library shares this library's connections and errors. */
#include "core/api/api-internal.h"

/* libvirt-qemu reports its own refusals without an error domain. */
#define MV_FROM_THIS VIR_FROM_NONE

/* Named as the public function: libvirt's errors name the API. */
static char *virDomainQemuAgentCommand(virDomainPtr domain, const char *cmd, int timeout,
                                       unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_DOMAIN, domain, MV_RW, cmd, hv, domainQemuAgentCommand,
                        (domain, cmd, timeout, flags));
}

char *mv_api_qemu_agent_command(virDomainPtr domain, const char *cmd, int timeout,
                                unsigned int flags);

char *mv_api_qemu_agent_command(virDomainPtr domain, const char *cmd, int timeout,
                                unsigned int flags)
{
    return virDomainQemuAgentCommand(domain, cmd, timeout, flags);
}
