/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/error.h — reporting errors from a driver.
 *
 * A driver that fails reports one error and returns its failure value; the
 * core passes it to the application as libvirt does (last error, callbacks).
 * The message is composed as libvirt composes it: the code's standard text,
 * then ": " and the formatted detail.
 */
#ifndef MODVIRT_PLUGIN_ERROR_H
#define MODVIRT_PLUGIN_ERROR_H

#include <libvirt/virterror.h>
#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MV_PRINTF
# if defined(__GNUC__)
#  define MV_PRINTF(a, b) __attribute__((format(printf, a, b)))
# else
#  define MV_PRINTF(a, b)
# endif
#endif

/* DOMAIN is a virErrorDomain (VIR_FROM_*), CODE a virErrorNumber (VIR_ERR_*).
 * FMT may be NULL for the code's standard text alone. */
void mv_error_report(int domain, int code, const char *fmt, ...) MV_PRINTF(3, 4);

/* As mv_error_report, with ": <strerror(errnum)>" appended. */
void mv_error_report_errno(int domain, int code, int errnum,
                           const char *fmt, ...) MV_PRINTF(4, 5);

/* libvirt's check of a call's flags: when FLAGS has bits outside
 * SUPPORTED, reports VIR_ERR_INVALID_ARG for DOMAIN with libvirt's exact
 * text "unsupported flags (0x..) in function FUNC" and returns -1; else 0. */
int mv_error_check_flags(unsigned int flags, unsigned int supported, int domain,
                         const char *func);

/* Sets the calling thread's error to a copy of ERR, every field as it is
 * (code, domain, level, message, str1-3, int1-2): for a driver that passes
 * on an error reported elsewhere, such as the remote plugin with a daemon's
 * error. Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_error_relay(const virError *err);

/* Drops the calling thread's last error (for a driver that recovered). */
void mv_error_reset(void);

#ifdef __cplusplus
}
#endif

#endif
