/* core/object/handles.h — what the domain, network, pool, volume and
 * interface handles share: one refcount implementation, the list fallbacks
 * built on connectListAll*, and one-line bodies for the entry points.
 *
 * Every handle struct in object.h begins with magic, refs and conn in that
 * order (checked in handles.c), so the code here works on any of them
 * through mv_handle_head. The MV_API_* templates below build on
 * api-internal.h and expect the including file to define MV_FROM_THIS.
 */
#ifndef MV_HANDLES_H
#define MV_HANDLES_H

#include <string.h>
#include "core/object/object.h"
#include "core/api/api-internal.h"
#include "core/util/uuid.h"

typedef struct mv_handle_head {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
} mv_handle_head;

void mv_handle_ref(void *handle);
/* Drops one reference; the last one frees the handle and releases its
 * reference on the connection. */
void mv_handle_unref(void *handle);

/* The ListAll fallbacks: take the N handles of LIST (a malloc'd array from
 * a connectListAll* slot; N < 0 means the slot failed), copy what the caller
 * wants (NAMES may be NULL just to count), unref the handles and free
 * LIST. Both return MIN(N, MAX*), or -1 when N < 0. */
int mv_handle_list_take_names(void **list, int n, char **names, int maxnames);
int mv_handle_list_take_ids(virDomainPtr *list, int n, int *ids, int maxids);

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

/* libvirt's checks on a caller-allocated name array. */
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

/* NumOf and List entry points: the driver's own slot when it has one,
 * otherwise its ListAll slot with FLAG (VIR_CONNECT_LIST_*_ACTIVE, ...).
 * OWNER is the connection, or the pool for volumes. */
#define MV_API_DEFINE_NUM_OF(func, otype, check, table, slot, allslot, etype, flag) \
    int func(otype owner) \
    { \
        check(owner, -1); \
        if (conn_->table->slot || !conn_->table->allslot) \
            MV_API_DISPATCH_INT(table, slot, (owner)); \
        etype *list_ = NULL; \
        int n_ = conn_->table->allslot(owner, &list_, flag); \
        return mv_api_list_done(conn_, \
                                mv_handle_list_take_names((void **)list_, n_, NULL, G_MAXINT)); \
    }

#define MV_API_DEFINE_LIST_NAMES(func, otype, check, table, slot, allslot, etype, flag) \
    int func(otype owner, char **const names, int maxnames) \
    { \
        check(owner, -1); \
        MV_API_NAMES_ARGS(names, maxnames); \
        if (conn_->table->slot || !conn_->table->allslot) \
            MV_API_DISPATCH_INT(table, slot, (owner, names, maxnames)); \
        etype *list_ = NULL; \
        int n_ = conn_->table->allslot(owner, &list_, flag); \
        return mv_api_list_done(conn_, \
                                mv_handle_list_take_names((void **)list_, n_, names, maxnames)); \
    }

/* Dispatches the error of a failed fallback; passes RET through. */
static inline int mv_api_list_done(virConnectPtr conn, int ret)
{
    if (ret < 0)
        mv_error_dispatch(conn);
    return ret;
}

/* TYPE FUNC(conn, ARG) and FUNC_FLAGS(conn, ARG, flags), creating or
 * defining an object from XML text ARG through the one slot with flags. */
#define MV_API_DEFINE_XML_PAIR(type, func, func_flags, arg, table, slot) \
    type func(virConnectPtr conn, const char *arg) \
    { \
        MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, arg, table, slot, (conn, arg, 0)); \
    } \
    type func_flags(virConnectPtr conn, const char *arg, unsigned int flags) \
    { \
        MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, arg, table, slot, (conn, arg, flags)); \
    }

/* Getters that read the handle only, Ref and Free, for PREFIX (virDomain,
 * virNetwork, ...) of handle type TYPE checked with CHECK. */
#define MV_API_DEFINE_REFCOUNT(prefix, type, check) \
    virConnectPtr prefix##GetConnect(type obj) \
    { \
        check(obj, NULL); \
        return conn_; \
    } \
    int prefix##Ref(type obj) \
    { \
        check(obj, -1); \
        (void)conn_; \
        mv_handle_ref(obj); \
        return 0; \
    } \
    int prefix##Free(type obj) \
    { \
        check(obj, -1); \
        (void)conn_; \
        mv_handle_unref(obj); \
        return 0; \
    }

#define MV_API_DEFINE_STRING_GETTER(func, type, check, field) \
    const char *func(type obj) \
    { \
        check(obj, NULL); \
        (void)conn_; \
        return obj->field; \
    }

#define MV_API_DEFINE_UUID_GETTERS(prefix, type, check) \
    int prefix##GetUUID(type obj, unsigned char *uuid) \
    { \
        check(obj, -1); \
        MV_API_NONNULL(uuid, -1); \
        memcpy(uuid, obj->uuid, VIR_UUID_BUFLEN); \
        return 0; \
    } \
    int prefix##GetUUIDString(type obj, char *buf) \
    { \
        check(obj, -1); \
        MV_API_NONNULL(buf, -1); \
        mv_uuid_format(obj->uuid, buf); \
        return 0; \
    }

/* PREFIX##LookupByUUIDString, parsing and calling PREFIX##LookupByUUID; the
 * variadic part is the error detail for text that is not a UUID. */
#define MV_API_DEFINE_LOOKUP_UUID_STRING(prefix, type, ...) \
    type prefix##LookupByUUIDString(virConnectPtr conn, const char *uuidstr) \
    { \
        unsigned char uuid_[VIR_UUID_BUFLEN]; \
        MV_API_CONN(conn, NULL); \
        MV_API_NONNULL(uuidstr, NULL); \
        if (mv_uuid_parse(uuidstr, uuid_) < 0) { \
            mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, __VA_ARGS__); \
            return NULL; \
        } \
        return prefix##LookupByUUID(conn, uuid_); \
    }

#endif
