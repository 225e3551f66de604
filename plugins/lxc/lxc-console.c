/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-console.c — virDomainOpenConsole: the container's console
 * is a pty whose master its supervisor keeps on fd 3; we take a copy of it
 * with pidfd_getfd (from any process, as the supervisor need not be our
 * child) and let the core serve the stream from it. Several readers share
 * the output; VIR_DOMAIN_CONSOLE_FORCE and _SAFE are accepted and change
 * nothing (see docs/lxc.md). */
#include "lxc.h"

#include <modvirt-plugin/streams.h>

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SUP_CONSOLE_FD 3

int mv_lxc_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr stream,
                               unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_CONSOLE_FORCE | VIR_DOMAIN_CONSOLE_SAFE,
                             MV_LXC_ERR, __func__) < 0)
        return -1;
    virConnectPtr conn = virDomainGetConnect(dom);
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    if (!mv_lxc_dom_active(d)) {
        mv_lxc_unlock(st);
        mv_lxc_report_not_running();
        return -1;
    }
    if (dev_name && strcmp(dev_name, "console0") != 0 && strcmp(dev_name, "console") != 0) {
        mv_lxc_unlock(st);
        mv_error_report(MV_LXC_ERR, VIR_ERR_INTERNAL_ERROR, "cannot find console device '%s'",
                        dev_name);
        return -1;
    }
    int fd = (int)syscall(SYS_pidfd_getfd, d->run.sup_pidfd, SUP_CONSOLE_FD, 0);
    int e = errno;
    mv_lxc_unlock(st);
    if (fd < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_OPERATION_FAILED, e,
                              "cannot get the console of domain '%s' from its supervisor",
                              virDomainGetName(dom));
        return -1;
    }
    return mv_stream_attach_fd(conn, stream, fd);
}
