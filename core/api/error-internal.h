/* core/api/error-internal.h — the core's side of libvirt's error model.
 *
 * Each thread has one last error (virGetLastError). A public entry point
 * resets it on entry; whoever fails sets it (mv_error_report from
 * plugin-api/error.h, or the helpers below); the entry point then calls
 * mv_error_dispatch, which copies the error to the connection and runs the
 * connection's callback, else the global one, else virDefaultErrorFunc.
 */
#ifndef MV_ERROR_INTERNAL_H
#define MV_ERROR_INTERNAL_H

#include <stdbool.h>
#include "core/object/object.h"

/* Clears the thread's last error; cheap when there is none. */
void mv_error_reset_last(void);

/* Sets an error whose message is MESSAGE verbatim, without the code's
 * standard text, as libvirt does for argument checks ("name in
 * virDomainLookupByName must not be NULL"): str1 = FUNC, str2 = ARG. */
void mv_error_set_raw(int domain, int code, const char *str1, const char *str2,
                      const char *message);

/* True when the calling thread has a last error set. */
bool mv_error_is_set(void);

/* After a failed public call: makes sure an error is set (a generic one if
 * the driver forgot), copies it to CONN (may be NULL or invalid), and runs
 * the callbacks. */
void mv_error_dispatch(virConnectPtr conn);

void mv_error_conn_state_init(mv_error_conn_state *st);
void mv_error_conn_state_clear(mv_error_conn_state *st);

#endif
