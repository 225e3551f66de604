/* core/api/error.c — libvirt's error model: one last error per thread, a copy
 * per connection, and the callbacks that see each failed public call.
 *
 * The thread's record is allocated on first use and freed when the thread
 * exits; resetting it on the hot path only clears fields, never allocates.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "core/api/error-internal.h"
#include "core/api/error-messages.h"
#include <modvirt-plugin/error.h>

/* virError's conn/dom/net are marked deprecated; whole-struct copies and
 * memset touch them, which is fine and must not warn. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define MV_ERROR_UNKNOWN_CAUSE "An error occurred, but the cause is unknown"

static void error_clear(virError *err)
{
    g_free(err->message);
    g_free(err->str1);
    g_free(err->str2);
    g_free(err->str3);
    memset(err, 0, sizeof(*err));
}

static void error_copy(virError *to, const virError *from)
{
    *to = *from;
    to->message = g_strdup(from->message);
    to->str1 = g_strdup(from->str1);
    to->str2 = g_strdup(from->str2);
    to->str3 = g_strdup(from->str3);
}

static void thread_error_free(gpointer data)
{
    virError *err = data;

    error_clear(err);
    g_free(err);
}

static GPrivate thread_error = G_PRIVATE_INIT(thread_error_free);

/* The calling thread's record, or NULL when it never had one. */
static virError *thread_error_peek(void)
{
    return g_private_get(&thread_error);
}

static virError *thread_error_get(void)
{
    virError *err = g_private_get(&thread_error);

    if (!err) {
        err = g_new0(virError, 1);
        g_private_set(&thread_error, err);
    }
    return err;
}

/* The global callback (virSetErrorFunc); NULL handler means print. */
static GMutex global_lock;
static virErrorFunc global_handler;
static void *global_userdata;

/* ---- composing and setting ---- */

/* Substitutes DETAIL for the single "%s" of TEMPLATE, without printf: the
 * templates are data, and the detail may itself contain '%'. */
static char *compose(const char *template, const char *detail)
{
    const char *hole = strstr(template, "%s");

    if (!hole)
        return g_strdup(template);
    return g_strdup_printf("%.*s%s%s", (int)(hole - template), template,
                           detail ? detail : "", hole + 2);
}

/* Sets the thread's error; takes ownership of DETAIL (NULL or "" = none). */
static void error_set(int domain, int code, char *detail)
{
    virError *err;
    const char *template;

    if (code == VIR_ERR_OK) {
        g_free(detail);
        return;
    }
    if (detail && !*detail)
        g_clear_pointer(&detail, g_free);

    err = thread_error_get();
    error_clear(err);
    template = mv_error_message_template(code, detail != NULL);
    if (template)
        err->message = compose(template, detail);
    else
        err->message = g_strdup(detail ? detail : "No error message provided");
    err->code = code;
    err->domain = domain;
    err->level = VIR_ERR_ERROR;
    err->str1 = g_strdup(template);
    err->str2 = detail;
    err->int1 = -1;
    err->int2 = -1;
}

void mv_error_report(int domain, int code, const char *fmt, ...)
{
    char *detail = NULL;
    va_list ap;

    if (fmt) {
        va_start(ap, fmt);
        detail = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    error_set(domain, code, detail);
}

void mv_error_report_errno(int domain, int code, int errnum, const char *fmt, ...)
{
    char *detail;
    va_list ap;

    if (fmt) {
        g_autofree char *what = NULL;

        va_start(ap, fmt);
        what = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        detail = g_strdup_printf("%s: %s", what, g_strerror(errnum));
    } else {
        detail = g_strdup(g_strerror(errnum));
    }
    error_set(domain, code, detail);
}

void mv_error_set_raw(int domain, int code, const char *str1, const char *str2,
                      const char *message)
{
    virError *err;

    if (code == VIR_ERR_OK)
        return;
    err = thread_error_get();
    error_clear(err);
    err->code = code;
    err->domain = domain;
    err->level = VIR_ERR_ERROR;
    err->message = g_strdup(message ? message : "No error message provided");
    err->str1 = g_strdup(str1);
    err->str2 = g_strdup(str2);
}

void mv_error_reset_last(void)
{
    virError *err = thread_error_peek();

    if (err && err->code != VIR_ERR_OK)
        error_clear(err);
}

void mv_error_reset(void)
{
    mv_error_reset_last();
}

int mv_error_check_flags(unsigned int flags, unsigned int supported, int domain,
                         const char *func)
{
    unsigned int unknown = flags & ~supported;
    if (!unknown)
        return 0;
    g_autofree char *msg = g_strdup_printf("unsupported flags (0x%x) in function %s",
                                           unknown, func);
    mv_error_set_raw(domain, VIR_ERR_INVALID_ARG, func, NULL, msg);
    return -1;
}

bool mv_error_is_set(void)
{
    virError *err = thread_error_peek();

    return err && err->code != VIR_ERR_OK;
}

/* ---- dispatch ---- */

void mv_error_dispatch(virConnectPtr conn)
{
    virError *err = thread_error_get();
    virErrorFunc handler = NULL;
    void *userdata = NULL;

    if (err->code == VIR_ERR_OK) {
        error_clear(err);
        err->code = VIR_ERR_INTERNAL_ERROR;
        err->domain = VIR_FROM_NONE;
        err->level = VIR_ERR_ERROR;
        err->message = g_strdup(MV_ERROR_UNKNOWN_CAUSE);
    }

    if (mv_conn_ok(conn)) {
        g_mutex_lock(&conn->errors.lock);
        error_clear(&conn->errors.last);
        error_copy(&conn->errors.last, err);
        handler = conn->errors.handler;
        userdata = conn->errors.userdata;
        g_mutex_unlock(&conn->errors.lock);
    }
    if (!handler) {
        g_mutex_lock(&global_lock);
        handler = global_handler;
        userdata = global_userdata;
        g_mutex_unlock(&global_lock);
    }

    if (handler)
        handler(userdata, err);
    else
        virDefaultErrorFunc(err);
}

void mv_error_conn_state_init(mv_error_conn_state *st)
{
    g_mutex_init(&st->lock);
    memset(&st->last, 0, sizeof(st->last));
    st->handler = NULL;
    st->userdata = NULL;
}

void mv_error_conn_state_clear(mv_error_conn_state *st)
{
    error_clear(&st->last);
    g_mutex_clear(&st->lock);
}

/* ---- public API: the thread's last error ---- */

virErrorPtr virGetLastError(void)
{
    virError *err = thread_error_peek();

    return err && err->code != VIR_ERR_OK ? err : NULL;
}

int virGetLastErrorCode(void)
{
    virError *err = virGetLastError();

    return err ? err->code : VIR_ERR_OK;
}

int virGetLastErrorDomain(void)
{
    virError *err = virGetLastError();

    return err ? err->domain : VIR_FROM_NONE;
}

const char *virGetLastErrorMessage(void)
{
    virError *err = virGetLastError();

    if (!err)
        return "no error";
    return err->message ? err->message : "unknown error";
}

int virCopyLastError(virErrorPtr to)
{
    virError *err = virGetLastError();

    if (!to)
        return -1;
    if (!err) {
        /* TO may hold garbage: clear without freeing, as libvirt does. */
        memset(to, 0, sizeof(*to));
        return 0;
    }
    error_copy(to, err);
    return to->code;
}

virErrorPtr virSaveLastError(void)
{
    virError *copy = g_new0(virError, 1);

    virCopyLastError(copy);
    return copy;
}

void virResetLastError(void)
{
    mv_error_reset_last();
}

void virResetError(virErrorPtr err)
{
    if (err)
        error_clear(err);
}

void virFreeError(virErrorPtr err)
{
    if (!err)
        return;
    error_clear(err);
    g_free(err);
}

/* ---- public API: per-connection copies and callbacks ---- */

virErrorPtr virConnGetLastError(virConnectPtr conn)
{
    if (!mv_conn_ok(conn))
        return NULL;
    return &conn->errors.last;
}

int virConnCopyLastError(virConnectPtr conn, virErrorPtr to)
{
    int code;

    if (!mv_conn_ok(conn) || !to)
        return -1;
    g_mutex_lock(&conn->errors.lock);
    if (conn->errors.last.code == VIR_ERR_OK) {
        memset(to, 0, sizeof(*to));
    } else {
        error_copy(to, &conn->errors.last);
    }
    code = to->code;
    g_mutex_unlock(&conn->errors.lock);
    return code;
}

void virConnResetLastError(virConnectPtr conn)
{
    if (!mv_conn_ok(conn))
        return;
    g_mutex_lock(&conn->errors.lock);
    error_clear(&conn->errors.last);
    g_mutex_unlock(&conn->errors.lock);
}

void virConnSetErrorFunc(virConnectPtr conn, void *userData, virErrorFunc handler)
{
    if (!mv_conn_ok(conn))
        return;
    g_mutex_lock(&conn->errors.lock);
    conn->errors.handler = handler;
    conn->errors.userdata = userData;
    g_mutex_unlock(&conn->errors.lock);
}

void virSetErrorFunc(void *userData, virErrorFunc handler)
{
    g_mutex_lock(&global_lock);
    global_handler = handler;
    global_userdata = userData;
    g_mutex_unlock(&global_lock);
}

/* Prints "libvirt: <domain name> <level> : <message>" to stderr, byte for
 * byte as libvirt does (including its quirks: no newline added when the
 * message has one, and the "line N:" form for XML parser details). */
void virDefaultErrorFunc(virErrorPtr err)
{
    const char *domain;
    const char *level;
    const char *msg;
    size_t len;

    if (!err || err->code == VIR_ERR_OK)
        return;

    switch (err->level) {
    case VIR_ERR_WARNING:
        level = "warning";
        break;
    case VIR_ERR_ERROR:
        level = "error";
        break;
    default:
        level = "";
        break;
    }
    domain = mv_error_domain_name(err->domain);
    if (!domain)
        domain = "Unknown";
    msg = err->message ? err->message : "";
    len = strlen(msg);

    if (err->domain == VIR_FROM_XML && err->code == VIR_ERR_XML_DETAIL && err->int1 > 0)
        fprintf(stderr, "libvirt: %s %s : line %d: %s", domain, level, err->int1, msg);
    else if (len == 0 || msg[len - 1] != '\n')
        fprintf(stderr, "libvirt: %s %s : %s\n", domain, level, msg);
    else
        fprintf(stderr, "libvirt: %s %s : %s", domain, level, msg);
}
