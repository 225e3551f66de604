/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/error.h — the thread's last error, the one way every room of
 * the core (util, conf, event, object, registry, api) says why something
 * failed.
 *
 * Each thread has one last error, libvirt's virError. Whoever fails sets it
 * (mv_error_report and mv_error_report_errno of modvirt-plugin/error.h,
 * which this header includes, or mv_error_set_raw); a public entry point
 * resets it on entry and, after a failure, hands it to the application's
 * callbacks (core/api/error.c, which also holds the public virGetLastError
 * family built on the functions below).
 */
#ifndef MV_UTIL_ERROR_H
#define MV_UTIL_ERROR_H

#include <stdbool.h>
#include <libvirt/virterror.h>
#include <modvirt-plugin/error.h>

/* Clears the thread's last error; cheap when there is none. */
void mv_error_reset_last(void);

/* Sets an error whose message is MESSAGE verbatim, without the code's
 * standard text, as libvirt does for argument checks ("name in
 * virDomainLookupByName must not be NULL"): str1 = FUNC, str2 = ARG. */
void mv_error_set_raw(int domain, int code, const char *str1, const char *str2,
                      const char *message);

/* True when the calling thread has a last error set. */
bool mv_error_is_set(void);

/* The calling thread's last error, or NULL when none is set. */
virError *mv_error_last(void);

/* Its message as virGetLastErrorMessage gives it: "no error" when none is
 * set, "unknown error" when it has no message. */
const char *mv_error_last_message(void);

/* The calling thread's last error after a failure: when none is set (a
 * driver failed without saying why), a generic VIR_ERR_INTERNAL_ERROR
 * "An error occurred, but the cause is unknown" is set first. Never NULL. */
virError *mv_error_last_or_unknown(void);

/* Frees the strings ERR holds and zeroes it. */
void mv_error_clear(virError *err);

/* Copies FROM into TO with strings of its own; TO's old strings are not
 * freed (clear it first if it held any). */
void mv_error_copy(virError *to, const virError *from);

#endif
