/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-objects.c — what the network, storage pool and
 * interface slots of the test driver have in common beyond the plugin
 * API's object helpers: "operation invalid" errors, removing an object,
 * moving items between definition lists. */
#include "test-objects.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void mv_test_obj_invalid(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID, "%s", msg);
}

void mv_test_obj_remove(GPtrArray *objs, gconstpointer obj)
{
    g_ptr_array_remove(objs, (gpointer)obj);
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
