/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/error.c — libvirt's public error calls: the thread's last error
 * (kept by core/util/error.c), its copy on each connection, and the
 * callbacks that see each failed public call.
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "core/api/api-internal.h"
#include "core/util/error-messages.h"

/* virError's conn/dom/net are marked deprecated; whole-struct copies and
 * memset touch them, which is fine and must not warn. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* The global callback (virSetErrorFunc); NULL handler means print. */
static GMutex global_lock;
static virErrorFunc global_handler;
static void *global_userdata;

/* ---- dispatch ---- */

void mv_error_dispatch(virConnectPtr conn)
{
    virError *err = mv_error_last_or_unknown();
    virErrorFunc handler = NULL;
    void *userdata = NULL;

    if (mv_conn_ok(conn)) {
        g_mutex_lock(&conn->errors.lock);
        mv_error_clear(&conn->errors.last);
        mv_error_copy(&conn->errors.last, err);
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

/* ---- public API: the thread's last error ---- */

virErrorPtr virGetLastError(void)
{
    return mv_error_last();
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
    return mv_error_last_message();
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
    mv_error_copy(to, err);
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
        mv_error_clear(err);
}

void virFreeError(virErrorPtr err)
{
    if (!err)
        return;
    mv_error_clear(err);
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
        mv_error_copy(to, &conn->errors.last);
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
    mv_error_clear(&conn->errors.last);
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
