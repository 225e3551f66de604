/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain.c — the test driver's domain life cycle: define,
 * undefine, create, start, stop, suspend, save and restore, with libvirt's
 * test driver states, reasons, events and errors. Nothing runs: a state
 * change is a field update and a queued event. */
#include "test-domain.h"

#include <string.h>

/* Our save file: this line, then the domain's live XML. */
#define MV_TEST_SAVE_MAGIC "modvirt-test-save 1\n"

/* --- helpers shared by the domain files -------------------------------- */

void mv_test_dom_event(mv_test_state *st, const mv_domain_obj *d, int event, int detail)
{
    mv_domain_obj_event(st->events, d, event, detail);
}

void mv_test_report_not_running(void)
{
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "domain is not running");
}

mv_domain_obj *mv_test_dom_lock(virDomainPtr dom, mv_test_state **stp)
{
    mv_test_state *st = mv_test_lock(virDomainGetConnect(dom));
    mv_domain_obj *d = mv_domain_list_lookup_domain(st->doms, dom);

    if (!d) {
        mv_test_unlock(st);
        return NULL;
    }
    *stp = st;
    return d;
}

mv_domain_obj *mv_test_dom_lock_active(virDomainPtr dom, mv_test_state **stp)
{
    mv_domain_obj *d = mv_test_dom_lock(dom, stp);
    if (d && !mv_domain_obj_is_active(d)) {
        mv_test_report_not_running();
        mv_test_unlock(*stp);
        return NULL;
    }
    return d;
}

void mv_test_dom_set_running(mv_test_state *st, mv_domain_obj *d, int reason)
{
    /* The ids are the driver's own: nothing else can hold the next one. */
    if (!mv_domain_obj_is_active(d)) {
        mv_domain_list_set_active(st->doms, d, NULL, st->next_dom_id++, VIR_DOMAIN_RUNNING,
                                  reason);
    }
    d->state = VIR_DOMAIN_RUNNING;
    d->reason = reason;
    if (reason == VIR_DOMAIN_RUNNING_BOOTED)
        mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    else if (reason == VIR_DOMAIN_RUNNING_RESTORED)
        mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_RESTORED);
}

static int mv_test_stopped_detail(int reason)
{
    switch (reason) {
    case VIR_DOMAIN_SHUTOFF_SHUTDOWN: return VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN;
    case VIR_DOMAIN_SHUTOFF_SAVED: return VIR_DOMAIN_EVENT_STOPPED_SAVED;
    case VIR_DOMAIN_SHUTOFF_CRASHED: return VIR_DOMAIN_EVENT_STOPPED_CRASHED;
    default: return VIR_DOMAIN_EVENT_STOPPED_DESTROYED;
    }
}

bool mv_test_dom_set_stopped(mv_test_state *st, mv_domain_obj *d, int reason)
{
    int detail = mv_test_stopped_detail(reason);

    /* libvirt's event for a vanishing transient domain keeps its id. */
    if (!d->persistent)
        mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_STOPPED, detail);
    if (mv_domain_list_set_inactive(st->doms, d, reason))
        return true;
    mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_STOPPED, detail);
    return false;
}

/* Puts DEF (owned) in place as the live definition of a domain about to
 * start: over an inactive domain of the same identity (whose definition
 * stays the persistent one), or as a new transient domain. */
static mv_domain_obj *mv_test_dom_add_live(mv_test_state *st, mv_domain_def *def)
{
    mv_domain_obj *d = mv_domain_list_add(st->doms, def, MV_DOMAIN_LIST_ADD_LIVE |
                                          MV_DOMAIN_LIST_ADD_CHECK_LIVE, NULL);
    if (!d)
        mv_domain_def_free(def);
    return d;
}

/* --- define and undefine ----------------------------------------------- */

virDomainPtr mv_test_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    mv_domain_def *def;
    mv_test_state *st;
    mv_domain_obj *d;
    virDomainPtr ret = NULL;

    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_START_VALIDATE, "testDomainCreateXML", NULL);
    if (!(def = mv_domain_def_parse(xml, &mv_test_xmlopt, MV_DOMAIN_PARSE_INACTIVE)))
        return NULL;
    st = mv_test_lock(conn);
    if ((d = mv_test_dom_add_live(st, def))) {
        mv_test_dom_set_running(st, d, VIR_DOMAIN_RUNNING_BOOTED);
        ret = mv_domain_obj_handle(conn, d);
    }
    mv_test_unlock(st);
    return ret;
}

virDomainPtr mv_test_domain_define_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    mv_domain_def *def, *old;
    mv_test_state *st;
    mv_domain_obj *d;
    virDomainPtr ret;

    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_DEFINE_VALIDATE, "testDomainDefineXMLFlags", NULL);
    if (!(def = mv_domain_def_parse(xml, &mv_test_xmlopt, MV_DOMAIN_PARSE_INACTIVE)))
        return NULL;
    st = mv_test_lock(conn);
    if (!(d = mv_domain_list_add(st->doms, def, 0, &old))) {
        mv_test_unlock(st);
        mv_domain_def_free(def);
        return NULL;
    }
    /* A define that replaced nothing added the domain (or made a running
     * transient one persistent). */
    mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_DEFINED,
                      old ? VIR_DOMAIN_EVENT_DEFINED_UPDATED : VIR_DOMAIN_EVENT_DEFINED_ADDED);
    ret = mv_domain_obj_handle(conn, d);
    mv_test_unlock(st);
    mv_domain_def_free(old);
    return ret;
}

int mv_test_domain_undefine(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;

    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                        VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
                        "testDomainUndefineFlags", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (d->has_managed_save && !(flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)) {
        mv_test_unlock(st);
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID,
                        "Refusing to undefine while domain managed save image exists");
        return -1;
    }
    d->has_managed_save = false;
    mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    mv_domain_list_undefine(st->doms, d);
    mv_test_unlock(st);
    return 0;
}

/* --- start and stop ---------------------------------------------------- */

int mv_test_domain_create(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;
    int id;

    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainCreateWithFlags", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (mv_domain_obj_is_active(d)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR,
                        "Domain '%s' is already running", d->def->name);
        mv_test_unlock(st);
        return -1;
    }
    d->has_managed_save = false;
    mv_test_dom_set_running(st, d, VIR_DOMAIN_RUNNING_BOOTED);
    id = d->def->id;
    mv_test_unlock(st);
    mv_domain_set_id(dom, id);
    return 0;
}

/* Stops DOM's domain for REASON once CHECK allows it. */
static int mv_test_domain_stop(virDomainPtr dom, int reason,
                               bool (*check)(const mv_domain_obj *d))
{
    mv_test_state *st;
    mv_domain_obj *d;

    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (!check(d)) {
        mv_test_unlock(st);
        return -1;
    }
    mv_test_dom_set_stopped(st, d, reason);
    mv_test_unlock(st);
    mv_domain_set_id(dom, -1);
    return 0;
}

static bool mv_test_check_active(const mv_domain_obj *d)
{
    if (mv_domain_obj_is_active(d))
        return true;
    mv_test_report_not_running();
    return false;
}

/* libvirt's test driver words state errors of shutdown and suspend so. */
static bool mv_test_check_running_or_paused(const mv_domain_obj *d)
{
    if (d->state == VIR_DOMAIN_RUNNING || d->state == VIR_DOMAIN_PAUSED)
        return true;
    mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR,
                    "domain '%s' not running", d->def->name);
    return false;
}

int mv_test_domain_destroy(virDomainPtr dom, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_DESTROY_GRACEFUL, "testDomainDestroyFlags", -1);
    return mv_test_domain_stop(dom, VIR_DOMAIN_SHUTOFF_DESTROYED, mv_test_check_active);
}

/* What a guest-initiated stop does: with a restart action the domain
 * simply keeps running (booted again), otherwise it shuts off. */
static int mv_test_domain_guest_stop(virDomainPtr dom, bool reboot,
                                     bool (*check)(const mv_domain_obj *d))
{
    mv_test_state *st;
    mv_domain_obj *d;
    int action;

    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (!check(d)) {
        mv_test_unlock(st);
        return -1;
    }
    action = reboot ? d->def->on_reboot : d->def->on_poweroff;
    if (action == MV_DOMAIN_LIFECYCLE_RESTART || action == MV_DOMAIN_LIFECYCLE_RESTART_RENAME) {
        d->state = VIR_DOMAIN_RUNNING;
        d->reason = VIR_DOMAIN_RUNNING_BOOTED;
        mv_test_unlock(st);
        return 0;
    }
    mv_test_dom_set_stopped(st, d, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    mv_test_unlock(st);
    mv_domain_set_id(dom, -1);
    return 0;
}

int mv_test_domain_shutdown(virDomainPtr dom, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainShutdownFlags", -1);
    return mv_test_domain_guest_stop(dom, false, mv_test_check_running_or_paused);
}

int mv_test_domain_reboot(virDomainPtr dom, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_REBOOT_ACPI_POWER_BTN | VIR_DOMAIN_REBOOT_GUEST_AGENT |
                        VIR_DOMAIN_REBOOT_INITCTL | VIR_DOMAIN_REBOOT_SIGNAL |
                        VIR_DOMAIN_REBOOT_PARAVIRT, "testDomainReboot", -1);
    return mv_test_domain_guest_stop(dom, true, mv_test_check_active);
}

/* --- suspend and resume ------------------------------------------------ */

static int mv_test_domain_pause(virDomainPtr dom, bool pause)
{
    mv_test_state *st;
    mv_domain_obj *d;
    int from = pause ? VIR_DOMAIN_RUNNING : VIR_DOMAIN_PAUSED;

    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (d->state != from) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR, "domain '%s' not %s",
                        d->def->name, pause ? "running" : "paused");
        mv_test_unlock(st);
        return -1;
    }
    if (pause) {
        d->state = VIR_DOMAIN_PAUSED;
        d->reason = VIR_DOMAIN_PAUSED_USER;
        mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    } else {
        d->state = VIR_DOMAIN_RUNNING;
        d->reason = VIR_DOMAIN_RUNNING_UNPAUSED;
        mv_test_dom_event(st, d, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
    }
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_suspend(virDomainPtr dom)
{
    return mv_test_domain_pause(dom, true);
}

int mv_test_domain_resume(virDomainPtr dom)
{
    return mv_test_domain_pause(dom, false);
}

/* --- save and restore -------------------------------------------------- */

static bool mv_test_dxml_refused(const char *dxml)
{
    if (!dxml)
        return false;
    mv_error_report(VIR_FROM_TEST, VIR_ERR_ARGUMENT_UNSUPPORTED, "xml modification unsupported");
    return true;
}

int mv_test_domain_save(virDomainPtr dom, const char *to, const char *dxml, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;
    g_autofree char *xml = NULL;
    g_autofree char *data = NULL;

    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainSaveFlags", -1);
    if (mv_test_dxml_refused(dxml))
        return -1;
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (!mv_test_check_active(d)) {
        mv_test_unlock(st);
        return -1;
    }
    xml = mv_domain_def_format(d->def, VIR_DOMAIN_XML_SECURE);
    data = g_strconcat(MV_TEST_SAVE_MAGIC, xml, NULL);
    if (mv_file_write_atomic(to, data, strlen(data), 0600) < 0) {
        mv_test_unlock(st);
        return -1;
    }
    mv_test_dom_set_stopped(st, d, VIR_DOMAIN_SHUTOFF_SAVED);
    mv_test_unlock(st);
    mv_domain_set_id(dom, -1);
    return 0;
}

/* The definition in a save file, or NULL with libvirt's error. */
static mv_domain_def *mv_test_save_read(const char *from)
{
    g_autofree char *cause = NULL;
    size_t len = 0;
    bool opened;
    const size_t mlen = strlen(MV_TEST_SAVE_MAGIC);
    g_autofree char *data = mv_test_file_load(from, mlen + MV_TEST_FILE_MAX, &len, &opened,
                                              &cause);

    if (!data) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_SYSTEM_ERROR,
                        "cannot read domain image '%s': %s", from, cause);
        return NULL;
    }
    if (len < mlen) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR, "incomplete save header");
        return NULL;
    }
    if (memcmp(data, MV_TEST_SAVE_MAGIC, mlen) != 0) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INTERNAL_ERROR, "mismatched header magic");
        return NULL;
    }
    return mv_domain_def_parse(data + mlen, &mv_test_xmlopt, MV_DOMAIN_PARSE_INACTIVE);
}

int mv_test_domain_restore(virConnectPtr conn, const char *from, const char *dxml,
                           unsigned int flags)
{
    mv_domain_def *def;
    mv_test_state *st;
    mv_domain_obj *d;

    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainRestoreFlags", -1);
    if (mv_test_dxml_refused(dxml))
        return -1;
    if (!(def = mv_test_save_read(from)))
        return -1;
    st = mv_test_lock(conn);
    if (!(d = mv_test_dom_add_live(st, def))) {
        mv_test_unlock(st);
        return -1;
    }
    mv_test_dom_set_running(st, d, VIR_DOMAIN_RUNNING_RESTORED);
    mv_test_unlock(st);
    return 0;
}
