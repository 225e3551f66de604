/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/qemu/libmodvirt-qemu.c — libmodvirt-qemu, the counterpart of
 * libvirt-qemu: the QEMU-specific public functions, each handing over to
 * libmodvirt, where connections, drivers and errors live. */
#include <libvirt/libvirt-qemu.h>

char *mv_api_qemu_agent_command(virDomainPtr domain, const char *cmd, int timeout,
                                unsigned int flags);

char *virDomainQemuAgentCommand(virDomainPtr domain, const char *cmd, int timeout,
                                unsigned int flags)
{
    return mv_api_qemu_agent_command(domain, cmd, timeout, flags);
}
