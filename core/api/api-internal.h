/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/api-internal.h — the shape every public entry point shares.
 *
 * libvirt's entry points all do the same few things: reset the thread's last
 * error, check the handle (VIR_ERR_INVALID_* naming the function), refuse a
 * mutating call on a read-only connection (VIR_ERR_OPERATION_DENIED), call
 * the driver slot or report VIR_ERR_NO_SUPPORT, and on failure dispatch the
 * error to the callbacks. These helpers and macros keep each entry point to
 * its one distinct line. A file defines MV_FROM_THIS (its error domain, as
 * libvirt's file for that family does) before using them.
 */
#ifndef MV_API_INTERNAL_H
#define MV_API_INTERNAL_H

#include "core/object/object.h"
#include "core/object/handles.h"
#include "core/util/error.h"

/* After a failed public call: makes sure an error is set (a generic one if
 * the driver forgot), copies it to CONN (may be NULL or invalid), and runs
 * the connection's callback, else the global one, else virDefaultErrorFunc
 * (core/api/error.c). */
void mv_error_dispatch(virConnectPtr conn);

#define MV_RO 0   /* allowed on a read-only connection */
#define MV_RW 1   /* refused on a read-only connection */

/* Reports VIR_ERR_OPERATION_DENIED and dispatches when CONN is read-only and
 * the call mutates; returns true when the call must stop. */
bool mv_api_denied(virConnectPtr conn, int from, const char *func);
/* Reports VIR_ERR_NO_SUPPORT naming FUNC and dispatches. */
void mv_api_unsupported(virConnectPtr conn, int from, const char *func);
/* Reports CODE ("invalid domain pointer in FUNC") and dispatches. */
void mv_api_invalid_handle(int from, int code, const char *func);
/* Reports VIR_ERR_INVALID_ARG "ARG in FUNC must not be NULL" and dispatches. */
void mv_api_null_arg(virConnectPtr conn, int from, const char *arg, const char *func);
/* Reports VIR_ERR_INVALID_ARG with a formatted detail and dispatches. */
void mv_api_bad_arg(virConnectPtr conn, int from, const char *func,
                    const char *fmt, ...) MV_PRINTF(4, 5);
/* Whether FLAGS has both A and B, which may not be combined; if so,
 * libvirt's "Flags 'A' and 'B' are mutually exclusive" is reported and
 * dispatched. MV_API_EXCLUSIVE names the flags by their macros. */
bool mv_api_flags_exclusive(virConnectPtr conn, int from, const char *func, unsigned int flags,
                            unsigned int a, const char *aname, unsigned int b,
                            const char *bname);
#define MV_API_EXCLUSIVE(conn, flags, a, b, func) \
    mv_api_flags_exclusive(conn, MV_FROM_THIS, func, flags, a, #a, b, #b)
/* Whether every field name of the NPARAMS PARAMS a set call passes ends
 * within its field; if not, libvirt's "string parameter name '...' too
 * long" is reported and dispatched. */
bool mv_api_param_names_ok(virConnectPtr conn, int from, const char *func,
                           const virTypedParameter *params, int nparams);
#define MV_API_PARAM_NAMES_OK(conn, params, nparams, func) \
    mv_api_param_names_ok(conn, MV_FROM_THIS, func, params, nparams)

/* The checks and results of the families' entry points (api.c). */

/* Dispatches the error of a failed call (RET < 0) on CONN; returns RET, or
 * -1 for any negative RET. */
int mv_api_result_int(virConnectPtr conn, int ret);
/* The ListAll fallbacks of the NumOf and List calls: LIST holds the N
 * handles a connectListAll* slot returned (N < 0: it failed). Copies up to
 * MAXNAMES names into NAMES (NULL: only count) or MAXIDS ids into IDS,
 * releases LIST, and returns how many, or -1 with the error dispatched. */
int mv_api_list_names(virConnectPtr conn, void **list, int n, char **names, int maxnames);
int mv_api_list_ids(virConnectPtr conn, virDomainPtr *list, int n, int *ids, int maxids);
/* virXxxRef and virXxxFree of a checked handle: one reference more or
 * less (the last one frees it). Both return 0. */
int mv_api_object_ref(void *handle);
int mv_api_object_unref(void *handle);
/* virXxxGetUUID and virXxxGetUUIDString of a checked handle: copies or
 * formats its UUID FROM into the caller's buffer. Both return 0. */
int mv_api_uuid_get(const unsigned char *from, unsigned char *uuid);
int mv_api_uuid_string_get(const unsigned char *from, char *buf);
/* The parsing step of virXxxLookupByUUIDString: parses UUIDSTR into UUID,
 * or reports VIR_ERR_INVALID_ARG (DETAIL, or libvirt's "uuidstr in FUNC
 * must be a valid UUID" when DETAIL is NULL), dispatches and returns false. */
bool mv_api_uuid_parse(virConnectPtr conn, int from, const char *func, const char *uuidstr,
                       unsigned char *uuid, const char *detail);

/* Resolves the connection of a handle, checking it; on a bad handle reports
 * CODE and returns FAIL from the calling function.
 * FROM is the error domain libvirt uses for that handle kind: the file's own
 * for connections, VIR_FROM_DOM for domains, the family's for the others. */
#define MV_API_CHECK(okfn, obj, connexpr, from, code, fail) \
    mv_error_reset_last(); \
    if (!okfn(obj)) { \
        mv_api_invalid_handle(from, code, __func__); \
        return fail; \
    } \
    virConnectPtr conn_ G_GNUC_UNUSED = (connexpr)

#define MV_API_CONN(c, fail)     MV_API_CHECK(mv_conn_ok, c, c, MV_FROM_THIS, VIR_ERR_INVALID_CONN, fail)
#define MV_API_DOMAIN(d, fail)   MV_API_CHECK(mv_domain_ok, d, (d)->conn, VIR_FROM_DOM, VIR_ERR_INVALID_DOMAIN, fail)
#define MV_API_NETWORK(n, fail)  MV_API_CHECK(mv_network_ok, n, (n)->conn, VIR_FROM_NETWORK, VIR_ERR_INVALID_NETWORK, fail)
#define MV_API_POOL(p, fail)     MV_API_CHECK(mv_pool_ok, p, (p)->conn, VIR_FROM_STORAGE, VIR_ERR_INVALID_STORAGE_POOL, fail)
#define MV_API_VOL(v, fail)      MV_API_CHECK(mv_vol_ok, v, (v)->conn, VIR_FROM_STORAGE, VIR_ERR_INVALID_STORAGE_VOL, fail)
#define MV_API_STREAM(s, fail)   MV_API_CHECK(mv_stream_ok, s, (s)->conn, VIR_FROM_STREAMS, VIR_ERR_INVALID_STREAM, fail)
#define MV_API_IFACE(i, fail)    MV_API_CHECK(mv_iface_ok, i, (i)->conn, VIR_FROM_INTERFACE, VIR_ERR_INVALID_INTERFACE, fail)

/* After MV_API_*: refuse a mutating call on a read-only connection. */
#define MV_API_WRITABLE(fail) \
    do { if (mv_api_denied(conn_, MV_FROM_THIS, __func__)) return fail; } while (0)

/* After MV_API_*: fail with VIR_ERR_INVALID_ARG when ARG is NULL. */
#define MV_API_NONNULL(arg, fail) \
    do { if (!(arg)) { mv_api_null_arg(conn_, MV_FROM_THIS, #arg, __func__); return fail; } } while (0)

/* After MV_API_*: call TABLE->SLOT ARGS (TABLE is hv, net, storage or iface
 * of the connection), or report VIR_ERR_NO_SUPPORT; a result equal to FAIL
 * dispatches the driver's error. Returns from the calling function. */
#define MV_API_DISPATCH(table, slot, args, fail) \
    do { \
        if (!conn_->table->slot) { \
            mv_api_unsupported(conn_, MV_FROM_THIS, __func__); \
            return fail; \
        } \
        __typeof__(conn_->table->slot args) ret_ = conn_->table->slot args; \
        if (ret_ == (fail)) \
            mv_error_dispatch(conn_); \
        return ret_; \
    } while (0)

/* The same for slots whose failure is any negative value. */
#define MV_API_DISPATCH_INT(table, slot, args) \
    do { \
        if (!conn_->table->slot) { \
            mv_api_unsupported(conn_, MV_FROM_THIS, __func__); \
            return -1; \
        } \
        return mv_api_result_int(conn_, conn_->table->slot args); \
    } while (0)

/* One-line entry point bodies: check handle OBJ with CHECK (MV_API_DOMAIN,
 * ...), refuse a read-only connection when RW is MV_RW, then call
 * TABLE->SLOT ARGS. The _ARG forms also reject a NULL ARG, after the
 * read-only check. */
#define MV_API_CALL_INT(check, obj, rw, table, slot, args) \
    do { \
        check(obj, -1); \
        if (rw) { MV_API_WRITABLE(-1); } \
        MV_API_DISPATCH_INT(table, slot, args); \
    } while (0)

#define MV_API_CALL_INT_ARG(check, obj, rw, arg, table, slot, args) \
    do { \
        check(obj, -1); \
        if (rw) { MV_API_WRITABLE(-1); } \
        MV_API_NONNULL(arg, -1); \
        MV_API_DISPATCH_INT(table, slot, args); \
    } while (0)

#define MV_API_CALL_PTR(check, obj, rw, table, slot, args) \
    do { \
        check(obj, NULL); \
        if (rw) { MV_API_WRITABLE(NULL); } \
        MV_API_DISPATCH(table, slot, args, NULL); \
    } while (0)

#define MV_API_CALL_PTR_ARG(check, obj, rw, arg, table, slot, args) \
    do { \
        check(obj, NULL); \
        if (rw) { MV_API_WRITABLE(NULL); } \
        MV_API_NONNULL(arg, NULL); \
        MV_API_DISPATCH(table, slot, args, NULL); \
    } while (0)

/* After MV_API_*: libvirt's checks on a caller-allocated array of names
 * (or ids) and its length. */
#define MV_API_NAMES_ARGS(names, maxnames) \
    if (!(names) && (maxnames) > 0) { \
        mv_api_null_arg(conn_, MV_FROM_THIS, #names, __func__); \
        return -1; \
    } \
    if ((maxnames) < 0) { \
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, \
                       "%s in %s must be zero or greater", #maxnames, __func__); \
        return -1; \
    }

#endif
