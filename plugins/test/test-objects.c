/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-objects.c — what the network, storage pool and
 * interface slots of the test driver have in common: libvirt's error texts
 * for missing objects, list filters, ListAll arrays. */
#include "test-objects.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void mv_test_obj_not_found(int code, const char *what, const char *by, const char *value)
{
    mv_error_report(VIR_FROM_TEST, code, "no %s with matching %s '%s'", what, by, value);
}

void mv_test_obj_not_found_uuid(int code, const char *what, const unsigned char *uuid)
{
    char str[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(uuid, str);
    mv_test_obj_not_found(code, what, "uuid", str);
}

void mv_test_obj_invalid(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID, "%s", msg);
}

/* Each pair of flags selects one side of a property; neither or both: any. */
static bool mv_test_obj_pair(unsigned int flags, unsigned int yes, unsigned int no, bool value)
{
    if (!(flags & yes) == !(flags & no))
        return true;
    return value ? (flags & yes) : (flags & no);
}

bool mv_test_obj_filter(unsigned int flags, bool active, bool persistent, bool autostart)
{
    return mv_test_obj_pair(flags, VIR_CONNECT_LIST_NETWORKS_ACTIVE,
                            VIR_CONNECT_LIST_NETWORKS_INACTIVE, active) &&
           mv_test_obj_pair(flags, VIR_CONNECT_LIST_NETWORKS_PERSISTENT,
                            VIR_CONNECT_LIST_NETWORKS_TRANSIENT, persistent) &&
           mv_test_obj_pair(flags, VIR_CONNECT_LIST_NETWORKS_AUTOSTART,
                            VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART, autostart);
}

gpointer mv_test_obj_find_name(const mv_test_kind *k, GPtrArray *objs, const char *name)
{
    for (guint i = 0; i < objs->len; i++)
        if (g_strcmp0(k->name(objs->pdata[i]), name) == 0)
            return objs->pdata[i];
    return NULL;
}

gpointer mv_test_obj_find_uuid(const mv_test_kind *k, GPtrArray *objs, const unsigned char *uuid)
{
    for (guint i = 0; i < objs->len; i++)
        if (memcmp(k->uuid(objs->pdata[i]), uuid, VIR_UUID_BUFLEN) == 0)
            return objs->pdata[i];
    return NULL;
}

void mv_test_obj_remove(GPtrArray *objs, gconstpointer obj)
{
    g_ptr_array_remove(objs, (gpointer)obj);
}

int mv_test_obj_count(const mv_test_kind *k, GPtrArray *objs, unsigned int flags)
{
    int n = 0;
    for (guint i = 0; i < objs->len; i++)
        n += k->match(objs->pdata[i], flags);
    return n;
}

int mv_test_obj_list_names(const mv_test_kind *k, GPtrArray *objs, unsigned int flags,
                           char **const names, int max)
{
    int n = 0;
    for (guint i = 0; i < objs->len && n < max; i++) {
        if (!k->match(objs->pdata[i], flags))
            continue;
        if (!(names[n] = strdup(k->name(objs->pdata[i])))) {
            for (int j = 0; j < n; j++)
                free(names[j]);
            mv_error_report(VIR_FROM_TEST, VIR_ERR_NO_MEMORY, NULL);
            return -1;
        }
        n++;
    }
    return n;
}

int mv_test_obj_list_all(virConnectPtr conn, const mv_test_kind *k, GPtrArray *objs,
                         gpointer **out, unsigned int flags)
{
    int n = mv_test_obj_count(k, objs, flags);
    if (!out)
        return n;
    gpointer *list = calloc(n + 1, sizeof(*list));
    if (!list) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    int got = 0;
    for (guint i = 0; i < objs->len; i++) {
        if (!k->match(objs->pdata[i], flags))
            continue;
        if (!(list[got] = k->handle(conn, objs->pdata[i]))) {
            for (int j = 0; j < got; j++)
                k->unref(list[j]);
            free(list);
            return -1;
        }
        got++;
    }
    *out = list;
    return n;
}

void mv_test_obj_move_item(gpointer **src, size_t *n, size_t idx,
                           gpointer **dst, size_t *m, size_t pos)
{
    gpointer item = (*src)[idx];
    memmove(*src + idx, *src + idx + 1, (*n - idx - 1) * sizeof(gpointer));
    (*n)--;
    *dst = g_renew(gpointer, *dst, *m + 1);
    memmove(*dst + pos + 1, *dst + pos, (*m - pos) * sizeof(gpointer));
    (*dst)[pos] = item;
    (*m)++;
}
