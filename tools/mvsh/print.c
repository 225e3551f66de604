/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/print.c — output shapes shared by commands: virsh's tables
 * (header, dash rule, columns three spaces apart, last column unpadded),
 * "Label:   value" fields and human-readable capacities.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>

struct mvsh_table {
    GPtrArray *rows;  /* of GStrv; row 0 is the header */
    guint ncols;
};

static GStrv collect(const char *first, va_list ap)
{
    GPtrArray *cells = g_ptr_array_new();
    for (const char *c = first; c; c = va_arg(ap, const char *))
        g_ptr_array_add(cells, g_strdup(c));
    g_ptr_array_add(cells, NULL);
    return (GStrv)g_ptr_array_free(cells, FALSE);
}

mvsh_table *mvsh_table_new(const char *first, ...)
{
    mvsh_table *t = g_new0(mvsh_table, 1);
    t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    va_list ap;
    va_start(ap, first);
    GStrv header = collect(first, ap);
    va_end(ap);
    t->ncols = g_strv_length(header);
    g_ptr_array_add(t->rows, header);
    return t;
}

void mvsh_table_row(mvsh_table *t, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    g_ptr_array_add(t->rows, collect(first, ap));
    va_end(ap);
}

static void print_row(GStrv row, const glong *width, guint ncols)
{
    GString *line = g_string_new(NULL);
    for (guint c = 0; c < ncols && row[c]; c++) {
        g_string_append_c(line, ' ');
        g_string_append(line, row[c]);
        if (c + 1 < ncols)
            for (glong pad = width[c] - g_utf8_strlen(row[c], -1) + 2; pad > 0; pad--)
                g_string_append_c(line, ' ');
    }
    puts(line->str);
    g_string_free(line, TRUE);
}

void mvsh_table_print(const mvsh *sh, mvsh_table *t)
{
    g_autofree glong *width = g_new0(glong, t->ncols);
    /* With -q there is no header, and virsh sizes the columns without it. */
    for (guint r = sh->quiet ? 1 : 0; r < t->rows->len; r++) {
        GStrv row = t->rows->pdata[r];
        for (guint c = 0; c < t->ncols && row[c]; c++)
            width[c] = MAX(width[c], g_utf8_strlen(row[c], -1));
    }
    if (!sh->quiet) {
        print_row(t->rows->pdata[0], width, t->ncols);
        glong rule = 0;
        for (guint c = 0; c < t->ncols; c++)
            rule += width[c] + 3;
        for (glong i = 0; i < rule; i++)
            putchar('-');
        putchar('\n');
    }
    for (guint r = 1; r < t->rows->len; r++)
        print_row(t->rows->pdata[r], width, t->ncols);
    mvsh_table_free(t);
}

void mvsh_table_free(mvsh_table *t)
{
    g_ptr_array_free(t->rows, TRUE);
    g_free(t);
}

char *mvsh_pretty_size(unsigned long long bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double v = (double)bytes;
    int u = 0;
    while (v >= 1024 && u < 6) {
        v /= 1024;
        u++;
    }
    return g_strdup_printf("%.2f %s", v, units[u]);
}

void mvsh_field(int width, const char *label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%-*s ", width, label);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
}

const char *mvsh_yes_no(int v)
{
    return v > 0 ? "yes" : "no";
}

char *mvsh_typed_param_str(const virTypedParameter *p)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_INT: return g_strdup_printf("%d", p->value.i);
    case VIR_TYPED_PARAM_UINT: return g_strdup_printf("%u", p->value.ui);
    case VIR_TYPED_PARAM_LLONG: return g_strdup_printf("%lld", p->value.l);
    case VIR_TYPED_PARAM_ULLONG: return g_strdup_printf("%llu", p->value.ul);
    case VIR_TYPED_PARAM_DOUBLE: return g_strdup_printf("%f", p->value.d);
    case VIR_TYPED_PARAM_BOOLEAN: return g_strdup(p->value.b ? "yes" : "no");
    case VIR_TYPED_PARAM_STRING: return g_strdup(p->value.s ? p->value.s : "");
    default: return g_strdup("unimplemented parameter type");
    }
}
