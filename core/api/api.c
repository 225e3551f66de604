/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/api.c — what the families' entry points share: the errors any
 * of them may raise before it reaches a driver (bad handle, read-only
 * connection, missing or invalid argument, no driver support; texts follow
 * libvirt's), the handling of a driver's result, and the bodies of the
 * calls every handle kind has (Ref, Free, GetUUID, the ListAll fallbacks). */
#include "core/api/api-internal.h"
#include "core/util/uuid.h"

#include <stdarg.h>
#include <string.h>

bool mv_api_denied(virConnectPtr conn, int from, const char *func)
{
    if (!(conn->flags & VIR_CONNECT_RO))
        return false;
    mv_error_report(from, VIR_ERR_OPERATION_DENIED, "read only access prevents %s", func);
    mv_error_dispatch(conn);
    return true;
}

void mv_api_unsupported(virConnectPtr conn, int from, const char *func)
{
    mv_error_report(from, VIR_ERR_NO_SUPPORT, "%s", func);
    mv_error_dispatch(conn);
}

void mv_api_invalid_handle(int from, int code, const char *func)
{
    /* libvirt files a bad domain pointer under VIR_FROM_DOM, whatever the
     * file checking it. */
    if (code == VIR_ERR_INVALID_DOMAIN)
        from = VIR_FROM_DOM;
    mv_error_report(from, code, "%s", func);
    mv_error_dispatch(NULL);
}

void mv_api_null_arg(virConnectPtr conn, int from, const char *arg, const char *func)
{
    /* libvirt gives argument errors without the code's standard text. */
    g_autofree char *msg = g_strdup_printf("%s in %s must not be NULL", arg, func);
    mv_error_set_raw(from, VIR_ERR_INVALID_ARG, func, arg, msg);
    mv_error_dispatch(conn);
}

void mv_api_bad_arg(virConnectPtr conn, int from, const char *func, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *detail = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_error_set_raw(from, VIR_ERR_INVALID_ARG, func, NULL, detail);
    mv_error_dispatch(conn);
}

bool mv_api_flags_exclusive(virConnectPtr conn, int from, const char *func, unsigned int flags,
                            unsigned int a, const char *aname, unsigned int b,
                            const char *bname)
{
    if (!(flags & a) || !(flags & b))
        return false;
    mv_api_bad_arg(conn, from, func, "Flags '%s' and '%s' are mutually exclusive", aname, bname);
    return true;
}

bool mv_api_param_names_ok(virConnectPtr conn, int from, const char *func,
                           const virTypedParameter *params, int nparams)
{
    for (int i = 0; i < nparams; i++) {
        if (!memchr(params[i].field, '\0', VIR_TYPED_PARAM_FIELD_LENGTH)) {
            mv_api_bad_arg(conn, from, func, "string parameter name '%.*s' too long",
                           VIR_TYPED_PARAM_FIELD_LENGTH, params[i].field);
            return false;
        }
    }
    return true;
}

int mv_api_result_int(virConnectPtr conn, int ret)
{
    if (ret < 0) {
        mv_error_dispatch(conn);
        return -1;
    }
    return ret;
}

int mv_api_list_names(virConnectPtr conn, void **list, int n, char **names, int maxnames)
{
    int ret = mv_handle_list_take_names(list, n, names, maxnames);

    if (ret < 0)
        mv_error_dispatch(conn);
    return ret;
}

int mv_api_list_ids(virConnectPtr conn, virDomainPtr *list, int n, int *ids, int maxids)
{
    int ret = mv_handle_list_take_ids(list, n, ids, maxids);

    if (ret < 0)
        mv_error_dispatch(conn);
    return ret;
}

int mv_api_object_ref(void *handle)
{
    mv_handle_ref(handle);
    return 0;
}

int mv_api_object_unref(void *handle)
{
    mv_handle_unref(handle);
    return 0;
}

int mv_api_uuid_get(const unsigned char *from, unsigned char *uuid)
{
    memcpy(uuid, from, VIR_UUID_BUFLEN);
    return 0;
}

int mv_api_uuid_string_get(const unsigned char *from, char *buf)
{
    mv_uuid_format(from, buf);
    return 0;
}

bool mv_api_uuid_parse(virConnectPtr conn, int from, const char *func, const char *uuidstr,
                       unsigned char *uuid, const char *detail)
{
    if (mv_uuid_parse(uuidstr, uuid) >= 0)
        return true;
    if (detail)
        mv_api_bad_arg(conn, from, func, "%s", detail);
    else
        mv_api_bad_arg(conn, from, func, "uuidstr in %s must be a valid UUID", func);
    return false;
}
