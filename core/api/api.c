/* core/api/api.c — the errors every public entry point may raise before it
 * reaches a driver: bad handle, read-only connection, missing or invalid
 * argument, no driver support. Texts follow libvirt's. */
#include "core/api/api-internal.h"

#include <stdarg.h>
#include <modvirt-plugin/error.h>

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
