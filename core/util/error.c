/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/error.c — setting, reading and clearing the thread's last
 * error: the reporting functions of the plugin API (modvirt-plugin/error.h)
 * and the core's own (core/util/error.h).
 *
 * The thread's record is allocated on first use and freed when the thread
 * exits; resetting it on the hot path only clears fields, never allocates.
 */
#include <stdarg.h>
#include <string.h>
#include <glib.h>

#include "core/util/error.h"
#include "core/util/error-messages.h"

/* virError's conn/dom/net are marked deprecated; whole-struct copies and
 * memset touch them, which is fine and must not warn. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define MV_ERROR_UNKNOWN_CAUSE "An error occurred, but the cause is unknown"

void mv_error_clear(virError *err)
{
    g_free(err->message);
    g_free(err->str1);
    g_free(err->str2);
    g_free(err->str3);
    memset(err, 0, sizeof(*err));
}

void mv_error_copy(virError *to, const virError *from)
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

    mv_error_clear(err);
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
    mv_error_clear(err);
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
    mv_error_clear(err);
    err->code = code;
    err->domain = domain;
    err->level = VIR_ERR_ERROR;
    err->message = g_strdup(message ? message : "No error message provided");
    err->str1 = g_strdup(str1);
    err->str2 = g_strdup(str2);
}

void mv_error_relay(const virError *from)
{
    if (!from || from->code == VIR_ERR_OK)
        return;
    virError *err = thread_error_get();
    if (err == from)
        return;
    mv_error_clear(err);
    mv_error_copy(err, from);
    if (!err->message)
        err->message = g_strdup("No error message provided");
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

/* ---- reading and clearing ---- */

void mv_error_reset_last(void)
{
    virError *err = thread_error_peek();

    if (err && err->code != VIR_ERR_OK)
        mv_error_clear(err);
}

void mv_error_reset(void)
{
    mv_error_reset_last();
}

bool mv_error_is_set(void)
{
    virError *err = thread_error_peek();

    return err && err->code != VIR_ERR_OK;
}

virError *mv_error_last(void)
{
    virError *err = thread_error_peek();

    return err && err->code != VIR_ERR_OK ? err : NULL;
}

const char *mv_error_last_message(void)
{
    virError *err = mv_error_last();

    if (!err)
        return "no error";
    return err->message ? err->message : "unknown error";
}

virError *mv_error_last_or_unknown(void)
{
    virError *err = thread_error_get();

    if (err->code == VIR_ERR_OK) {
        mv_error_clear(err);
        err->code = VIR_ERR_INTERNAL_ERROR;
        err->domain = VIR_FROM_NONE;
        err->level = VIR_ERR_ERROR;
        err->message = g_strdup(MV_ERROR_UNKNOWN_CAUSE);
    }
    return err;
}
