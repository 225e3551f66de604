/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-virt-types.c — the values of <domain type='...'>.
 *
 * The types libvirt's drivers have in common are numbered in conf-domain.h;
 * a type any other driver declares in its xmlopt's virt_types gets the next
 * free number the first time a definition of that driver is parsed, and
 * keeps it for the life of the process. Numbers are never reused, so a
 * definition's virt_type stays valid; the table is append-only and read
 * without a lock (the count is published after its entry). */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <string.h>

#define BUILTIN_TYPES 5
#define MAX_TYPES 64
#define MAX_TYPE_NAME 32

static const char *types[MAX_TYPES] = { "none", "qemu", "kvm", "lxc", "test" };
static gint ntypes = BUILTIN_TYPES;
static GMutex types_lock;

const char *mv_domain_virt_type_to_string(int type)
{
    if (type < 0 || type >= g_atomic_int_get(&ntypes))
        return NULL;
    return types[type];
}

int mv_domain_virt_type_from_string(const char *s)
{
    if (!s)
        return -1;
    int n = g_atomic_int_get(&ntypes);
    for (int i = 0; i < n; i++)
        if (strcmp(types[i], s) == 0)
            return i;
    return -1;
}

static bool valid_type_name(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > MAX_TYPE_NAME)
        return false;
    for (const char *c = s; *c; c++)
        if (!g_ascii_islower(*c) && !g_ascii_isdigit(*c) && *c != '_' && *c != '-')
            return false;
    return true;
}

int mv_conf_domain_virt_type_declare(const char *name)
{
    int id = mv_domain_virt_type_from_string(name);
    if (id >= 0)
        return id;
    if (!valid_type_name(name)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "driver declares an invalid domain type '%s' (1-%d of [a-z0-9_-])",
                        name, MAX_TYPE_NAME);
        return -1;
    }
    g_mutex_lock(&types_lock);
    id = mv_domain_virt_type_from_string(name);   /* declared meanwhile? */
    if (id < 0 && ntypes < MAX_TYPES) {
        id = ntypes;
        types[id] = g_strdup(name);
        g_atomic_int_set(&ntypes, id + 1);
    }
    g_mutex_unlock(&types_lock);
    if (id < 0)
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "too many domain types declared (at most %d): cannot add '%s'",
                        MAX_TYPES - BUILTIN_TYPES, name);
    return id;
}
