/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-managed.c — the test driver's managed save and
 * core dumps, as libvirt's test driver has them: a managed save stops the
 * domain (saved) and marks it as having an image, which the next start
 * drops; the image holds nothing. A core dump writes libvirt's test header
 * to the file and may leave the domain crashed. The test driver has no
 * jobs: their calls stay unsupported, as in libvirt. */
#include "test-domain.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* What libvirt's test driver writes as a dump: these 15 bytes, its NUL
 * included. */
static const char dump_magic[] = "TestGuestMagic";

int mv_test_domain_managed_save(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;

    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_SAVE_BYPASS_CACHE | VIR_DOMAIN_SAVE_RUNNING |
                        VIR_DOMAIN_SAVE_PAUSED, "testDomainManagedSave", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (!mv_domain_obj_is_active(d)) {
        mv_test_unlock(st);
        mv_test_report_not_running();
        return -1;
    }
    if (!d->persistent) {
        mv_test_unlock(st);
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID,
                        "cannot do managed save for transient domain");
        return -1;
    }
    mv_test_dom_set_stopped(st, d, VIR_DOMAIN_SHUTOFF_SAVED);
    d->has_managed_save = true;
    mv_test_unlock(st);
    mv_domain_set_id(dom, -1);
    return 0;
}

int mv_test_domain_has_managed_save(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;
    int ret;

    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainHasManagedSaveImage", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    ret = d->has_managed_save ? 1 : 0;
    mv_test_unlock(st);
    return ret;
}

int mv_test_domain_managed_save_remove(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;

    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainManagedSaveRemove", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    d->has_managed_save = false;
    mv_test_unlock(st);
    return 0;
}

/* Writes the dump header to TO; -1 with libvirt's test driver error. */
static int write_dump(const char *name, const char *to)
{
    int fd = open(to, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);

    if (fd < 0) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_SYSTEM_ERROR,
                        "domain '%s' coredump: failed to open %s: %s", name, to,
                        g_strerror(errno));
        return -1;
    }
    if (write(fd, dump_magic, sizeof(dump_magic)) != (ssize_t)sizeof(dump_magic)) {
        int err = errno;
        close(fd);
        mv_error_report(VIR_FROM_TEST, VIR_ERR_SYSTEM_ERROR,
                        "domain '%s' coredump: failed to write header to %s: %s", name, to,
                        g_strerror(err));
        return -1;
    }
    if (close(fd) < 0) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_SYSTEM_ERROR,
                        "domain '%s' coredump: write failed: %s: %s", name, to,
                        g_strerror(errno));
        return -1;
    }
    return 0;
}

int mv_test_domain_core_dump_format(virDomainPtr dom, const char *to, unsigned int dumpformat,
                                    unsigned int flags)
{
    mv_test_state *st;
    mv_domain_obj *d;
    bool gone = false;

    MV_TEST_CHECK_FLAGS(flags, VIR_DUMP_CRASH, "testDomainCoreDumpWithFormat", -1);
    if (!(d = mv_test_dom_lock(dom, &st)))
        return -1;
    if (!mv_domain_obj_is_active(d)) {
        mv_test_unlock(st);
        mv_test_report_not_running();
        return -1;
    }
    if (write_dump(d->def->name, to) < 0) {
        mv_test_unlock(st);
        return -1;
    }
    /* As in libvirt, the header is written before the format is refused. */
    if (dumpformat != VIR_DOMAIN_CORE_DUMP_FORMAT_RAW) {
        mv_test_unlock(st);
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                        "kdump-compressed format is not supported here");
        return -1;
    }
    if (flags & VIR_DUMP_CRASH) {
        mv_test_dom_set_stopped(st, d, VIR_DOMAIN_SHUTOFF_CRASHED);
        gone = true;
    }
    mv_test_unlock(st);
    if (gone)
        mv_domain_set_id(dom, -1);
    return 0;
}

int mv_test_domain_core_dump(virDomainPtr dom, const char *to, unsigned int flags)
{
    return mv_test_domain_core_dump_format(dom, to, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, flags);
}
