/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-disks.c — the test driver's disk errors, as
 * libvirt's test driver makes them up: every disk of a running domain is
 * in error, alternately "unspecified" and "no space". */
#include "test-domain.h"

#include <string.h>

int mv_test_domain_get_disk_errors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                   unsigned int maxerrors, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetDiskErrors", -1);
    mv_test_state *st;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    if (!mv_domain_obj_is_active(d)) {
        mv_test_report_not_running();
    } else {
        const mv_domain_devices *devs = d->def->devices;
        unsigned int ndisks = devs ? (unsigned int)devs->ndisks : 0;
        if (!errors) {
            ret = (int)ndisks;
        } else {
            unsigned int n = MIN(ndisks, maxerrors);
            for (unsigned int i = 0; i < n; i++) {
                errors[i].disk = g_strdup(devs->disks[i]->dst);
                errors[i].error = i % 2 ? VIR_DOMAIN_DISK_ERROR_NO_SPACE
                                        : VIR_DOMAIN_DISK_ERROR_UNSPEC;
            }
            ret = (int)n;
        }
    }
    mv_test_unlock(st);
    return ret;
}
