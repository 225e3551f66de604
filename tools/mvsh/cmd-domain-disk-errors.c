/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-disk-errors.c — domblkerror: the disks of a
 * running domain that are in error, as virsh lists them. */
#include "mvsh.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

static const char *disk_error_str(int error)
{
    switch (error) {
    case VIR_DOMAIN_DISK_ERROR_NONE: return "no error";
    case VIR_DOMAIN_DISK_ERROR_UNSPEC: return "unspecified error";
    case VIR_DOMAIN_DISK_ERROR_NO_SPACE: return "no space";
    default: return "unknown error";
    }
}

static int cmd_domblkerror(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1;
    int count = virDomainGetDiskErrors(dom, NULL, 0, 0);
    if (count == 0) {
        printf("No errors found\n");
        rc = 0;
    } else if (count > 0) {
        virDomainDiskErrorPtr disks = g_new0(virDomainDiskError, count);
        int n = virDomainGetDiskErrors(dom, disks, (unsigned int)count, 0);
        for (int i = 0; i < n; i++) {
            printf("%s: %s\n", disks[i].disk, disk_error_str(disks[i].error));
            free(disks[i].disk);
        }
        g_free(disks);
        rc = n < 0 ? -1 : 0;
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt domblkerror_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domblkerror = {
    .name = "domblkerror",
    .summary = "Show errors on block devices",
    .usage = "domblkerror <domain>",
    .description = "Lists the disks of the running domain that are in error (an I/O error, "
                   "or no space left), or says there are none.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domblkerror_opts, .run = cmd_domblkerror,
};
