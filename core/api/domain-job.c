/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain-job.c — libvirt's calls on a domain's jobs (the one
 * running, the last one completed, aborting it), its managed save image and
 * its core dumps, with libvirt's argument checks and read-only refusals.
 * Reading a job, and whether a managed save image exists, is allowed on a
 * read-only connection; everything that changes or writes something is not. */
#include "core/api/api-internal.h"

#include <string.h>

#define MV_FROM_THIS VIR_FROM_DOMAIN

/* --- jobs --------------------------------------------------------------- */

int virDomainGetJobInfo(virDomainPtr dom, virDomainJobInfoPtr info)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_NONNULL(info, -1);
    memset(info, 0, sizeof(*info));
    MV_API_DISPATCH_INT(hv, domainGetJobInfo, (dom, info));
}

int virDomainGetJobStats(virDomainPtr domain, int *type, virTypedParameterPtr *params,
                         int *nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(type, -1);
    MV_API_NONNULL(params, -1);
    MV_API_NONNULL(nparams, -1);
    if ((flags & VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED) &&
        !(flags & VIR_DOMAIN_JOB_STATS_COMPLETED)) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "Flag '%s' is required by flag '%s'",
                       "VIR_DOMAIN_JOB_STATS_COMPLETED", "VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED");
        return -1;
    }
    *params = NULL;
    *nparams = 0;
    MV_API_DISPATCH_INT(hv, domainGetJobStats, (domain, type, params, nparams, flags));
}

int virDomainAbortJob(virDomainPtr dom)
{
    MV_API_CALL_INT(MV_API_DOMAIN, dom, MV_RW, hv, domainAbortJob, (dom));
}

int virDomainAbortJobFlags(virDomainPtr dom, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, dom, MV_RW, hv, domainAbortJobFlags, (dom, flags));
}

/* --- managed save ----------------------------------------------------- */

int virDomainManagedSave(virDomainPtr dom, unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_WRITABLE(-1);
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_SAVE_RUNNING, VIR_DOMAIN_SAVE_PAUSED, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainManagedSave, (dom, flags));
}

int virDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, dom, MV_RO, hv, domainHasManagedSaveImage, (dom, flags));
}

int virDomainManagedSaveRemove(virDomainPtr dom, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, dom, MV_RW, hv, domainManagedSaveRemove, (dom, flags));
}

char *virDomainManagedSaveGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    MV_API_DOMAIN(domain, NULL);
    if ((conn_->flags & VIR_CONNECT_RO) && (flags & VIR_DOMAIN_SAVE_IMAGE_XML_SECURE)) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_OPERATION_DENIED, "%s",
                        "virDomainManagedSaveGetXMLDesc with secure flag");
        mv_error_dispatch(conn_);
        return NULL;
    }
    MV_API_DISPATCH(hv, domainManagedSaveGetXMLDesc, (domain, flags), NULL);
}

int virDomainManagedSaveDefineXML(virDomainPtr domain, const char *dxml, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_SAVE_RUNNING, VIR_DOMAIN_SAVE_PAUSED, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainManagedSaveDefineXML, (domain, dxml, flags));
}

/* --- core dumps -------------------------------------------------------- */

/* The checks of both dump calls: the path given, no two of crash, live
 * and reset together. */
static bool dump_args_ok(virConnectPtr conn_, const char *to, unsigned int flags,
                         const char *func)
{
    if (!to) {
        mv_api_null_arg(conn_, MV_FROM_THIS, "to", func);
        return false;
    }
    return !MV_API_EXCLUSIVE(conn_, flags, VIR_DUMP_CRASH, VIR_DUMP_LIVE, func) &&
           !MV_API_EXCLUSIVE(conn_, flags, VIR_DUMP_CRASH, VIR_DUMP_RESET, func) &&
           !MV_API_EXCLUSIVE(conn_, flags, VIR_DUMP_LIVE, VIR_DUMP_RESET, func);
}

/* Drivers get an absolute path, as libvirt's do: the file may be written
 * by another process with another working directory. */
int virDomainCoreDump(virDomainPtr domain, const char *to, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (!dump_args_ok(conn_, to, flags, __func__))
        return -1;
    g_autofree char *abs = g_canonicalize_filename(to, NULL);
    MV_API_DISPATCH_INT(hv, domainCoreDump, (domain, abs, flags));
}

int virDomainCoreDumpWithFormat(virDomainPtr domain, const char *to, unsigned int dumpformat,
                                unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (!dump_args_ok(conn_, to, flags, __func__))
        return -1;
    if (dumpformat > VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "dumpformat '%u' is not supported",
                       dumpformat);
        return -1;
    }
    g_autofree char *abs = g_canonicalize_filename(to, NULL);
    MV_API_DISPATCH_INT(hv, domainCoreDumpWithFormat, (domain, abs, dumpformat, flags));
}
