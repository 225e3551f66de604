/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-lifecycle.c — the lifecycle slots: createXML, create,
 * destroy, suspend and resume (the freezer cgroup), and autostart once per
 * boot. Starting and stopping themselves are in lxc-start.c, shutdown and
 * reboot in lxc-signal.c. */
#include "lxc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- driver slots ---------------------------------------------------- */

static virDomainPtr start_and_handle(virConnectPtr conn, mv_lxc_state *st, mv_lxc_dom *d,
                                     bool paused)
{
    if (mv_lxc_start(st, d, conn, VIR_DOMAIN_RUNNING_BOOTED, paused) < 0)
        return NULL;
    mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    if (paused)
        mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    return mv_lxc_dom_handle(conn, d);
}

virDomainPtr mv_lxc_create_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE,
                             MV_LXC_ERR, __func__) < 0)
        return NULL;
    mv_lxc_extra ex;
    mv_domain_def *def = mv_lxc_parse(xml, MV_DOMAIN_PARSE_INACTIVE, &ex);
    if (!def)
        return NULL;
    mv_lxc_state *st = mv_lxc_lock(conn);
    /* A new domain is transient; over a defined, shut off one, this
     * definition runs and the defined one waits. */
    mv_domain_obj *obj = mv_domain_list_add(st->doms, def, MV_DOMAIN_LIST_ADD_LIVE |
                                            MV_DOMAIN_LIST_ADD_CHECK_LIVE, NULL);
    if (!obj) {
        mv_lxc_unlock(st);
        mv_domain_def_free(def);
        return NULL;
    }
    mv_domain_obj_ref(obj);
    virDomainPtr ret = start_and_handle(conn, st, mv_lxc_dom_of(obj),
                                        flags & VIR_DOMAIN_START_PAUSED);
    /* A failed start leaves nothing of a new domain, and a defined one
     * with its definition. */
    if (!ret && !mv_domain_obj_is_active(obj))
        mv_domain_list_set_inactive(st->doms, obj, obj->reason);
    mv_lxc_unlock(st);
    mv_domain_obj_unref(obj);
    return ret;
}

int mv_lxc_create(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_FORCE_BOOT,
                             MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    virConnectPtr conn = virDomainGetConnect(dom);
    virDomainPtr h = start_and_handle(conn, st, d, flags & VIR_DOMAIN_START_PAUSED);
    int id = h ? d->obj->def->id : -1;
    mv_lxc_unlock(st);
    if (!h)
        return -1;
    virDomainFree(h);
    mv_domain_set_id(dom, id);
    return 0;
}

int mv_lxc_destroy(virDomainPtr dom, unsigned int flags)
{
    /* as libvirt's LXC driver: no graceful variant */
    if (mv_error_check_flags(flags, 0, MV_LXC_ERR, __func__) < 0)
        return -1;
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    if (!mv_lxc_dom_active(d)) {
        mv_lxc_unlock(st);
        mv_lxc_report_not_running();
        return -1;
    }
    mv_lxc_stop(st, d, VIR_DOMAIN_SHUTOFF_DESTROYED);
    mv_lxc_unlock(st);
    mv_domain_set_id(dom, -1);
    return 0;
}

static int pause_slot(virDomainPtr dom, bool pause)
{
    mv_lxc_state *st;
    mv_lxc_dom *d = mv_lxc_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    if (!mv_lxc_dom_active(d)) {
        mv_lxc_report_not_running();
    } else if (pause && d->obj->state == VIR_DOMAIN_PAUSED) {
        ret = 0;   /* libvirt: suspending a paused domain is a no-op */
    } else if (!pause && d->obj->state != VIR_DOMAIN_PAUSED) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID, "domain is not paused");
    } else if (mv_cgroup_freeze(d->run.cg, pause) == 0) {
        d->obj->state = pause ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING;
        d->obj->reason = pause ? VIR_DOMAIN_PAUSED_USER : VIR_DOMAIN_RUNNING_UNPAUSED;
        if (pause)
            mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
        else
            mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        /* as libvirt: the change stays, but a status that cannot record it
         * fails the call */
        ret = mv_lxc_status_save(st, d);
    }
    mv_lxc_unlock(st);
    return ret;
}

int mv_lxc_suspend(virDomainPtr dom)
{
    return pause_slot(dom, true);
}

int mv_lxc_resume(virDomainPtr dom)
{
    return pause_slot(dom, false);
}

/* Whether this state runs autostart: once per boot and root, whichever
 * process opens it first read-write (as libvirt's daemon, when it starts).
 * A claim that cannot be recorded starts nothing: every process would
 * start the containers again. */
static bool autostart_ours(mv_lxc_state *st)
{
    if (st->autostart_checked)
        return false;
    st->autostart_checked = true;
    int claimed = mv_driver_state_autostart_claim(st->root);
    if (claimed < 0) {
        mv_log(MV_LOG_WARN, MV_LXC_SRC, "autostart skipped: %s", virGetLastErrorMessage());
        mv_error_reset();
    }
    return claimed == 1;
}

void mv_lxc_autostart_all(mv_lxc_state *st, virConnectPtr conn)
{
    if (!autostart_ours(st))
        return;
    mv_domain_obj **objs = mv_domain_list_collect(st->doms, VIR_CONNECT_LIST_DOMAINS_AUTOSTART |
                                                  VIR_CONNECT_LIST_DOMAINS_INACTIVE, NULL);
    for (size_t i = 0; objs[i]; i++) {
        mv_lxc_dom *d = mv_lxc_dom_of(objs[i]);
        if (mv_lxc_start(st, d, conn, VIR_DOMAIN_RUNNING_BOOTED, false) < 0) {
            mv_log(MV_LOG_WARN, MV_LXC_SRC, "autostart of '%s' failed: %s", d->obj->def->name,
                   virGetLastErrorMessage());
            mv_error_reset();
            continue;
        }
        mv_lxc_dom_event(st, d, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    }
    mv_domain_obj_list_free(objs);
}
