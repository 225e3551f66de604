/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-console.c — virDomainOpenConsole: the pty QEMU made
 * for a console or serial port (its path is in the live definition, from
 * query-chardev), served as the application's stream by a console session
 * (qemu-console-session.c): one at a time per pty, as libvirt's. NULL
 * names the first console, else the first serial port; otherwise an alias
 * "consoleN" / "serialN". */
#include "qemu-driver.h"

#include <stdio.h>

static const mv_domain_chr_def *find_chr(const mv_domain_devices *d, const char *dev_name)
{
    unsigned idx;
    if (!dev_name)
        return d->nconsoles ? d->consoles[0] : d->nserials ? d->serials[0] : NULL;
    if (sscanf(dev_name, "console%u", &idx) == 1 && idx < d->nconsoles)
        return d->consoles[idx];
    if (sscanf(dev_name, "serial%u", &idx) == 1 && idx < d->nserials)
        return d->serials[idx];
    return NULL;
}

int mv_qemu_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                                unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_CONSOLE_FORCE | VIR_DOMAIN_CONSOLE_SAFE,
                             MV_QEMU_ERR, __func__) < 0)
        return -1;
    mv_qemu_state *s;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &s);
    if (!vm)
        return -1;
    g_autofree char *path = NULL;
    if (!mv_qemu_vm_active(vm)) {
        pthread_mutex_unlock(&s->lock);
        return mv_qemu_error_not_running();
    }
    const mv_domain_chr_def *c = find_chr(vm->obj->def->devices, dev_name);
    if (!c) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR, "cannot find character device %s",
                        dev_name ? dev_name : "<null>");
    } else if (c->type != MV_DOMAIN_CHR_TYPE_PTY || !c->path) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "character device %s is not using a PTY",
                        dev_name ? dev_name : "console0");
    } else {
        path = g_strdup(c->path);
    }
    pthread_mutex_unlock(&s->lock);
    if (!path)
        return -1;
    int rc = mv_qemu_console_attach(virDomainGetConnect(dom), path, st,
                                    (flags & VIR_DOMAIN_CONSOLE_FORCE) != 0);
    if (rc == 1)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "Active console session exists for this domain");
    return rc == 0 ? 0 : -1;
}
