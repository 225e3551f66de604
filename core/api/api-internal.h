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
#include "core/api/error-internal.h"
#include "core/registry/registry.h"

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
    virConnectPtr conn_ = (connexpr)

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
        int ret_ = conn_->table->slot args; \
        if (ret_ < 0) { \
            mv_error_dispatch(conn_); \
            return -1; \
        } \
        return ret_; \
    } while (0)

#endif
