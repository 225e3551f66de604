/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/modvirt-ext.c — modvirt's own public calls (modvirt/modvirt.h):
 * version and plugin listing, used by `mvsh version` and `mvsh plugin-list`. */
#include "mv-config.h"
#include "core/registry/registry.h"
#include <modvirt/modvirt.h>

unsigned long modvirt_get_version(const char **text)
{
    if (text)
        *text = MV_VERSION;
    return MV_VERSION_NUMBER;
}

void modvirt_plugin_abi(unsigned int *major, unsigned int *minor)
{
    if (major)
        *major = MV_PLUGIN_ABI_MAJOR;
    if (minor)
        *minor = MV_PLUGIN_ABI_MINOR;
}

/* The records stay alive for the life of the process (the registry is
 * never torn down), so the info structs point into them. */
static const char *const *strv_of(GPtrArray *arr)
{
    const char **v = g_new0(const char *, arr->len + 1);
    for (guint i = 0; i < arr->len; i++)
        v[i] = arr->pdata[i];
    return v;
}

modvirt_plugin_info **modvirt_plugin_list(int *count)
{
    /* Every usable plugin, loaded: the list says what works here. After
     * this no record changes any more. */
    mv_registry_load_all();
    const mv_registry *reg = mv_registry_get();
    guint n = reg->plugins ? reg->plugins->len : 0;
    modvirt_plugin_info **list = g_new0(modvirt_plugin_info *, n + 1);
    for (guint i = 0; i < n; i++) {
        const mv_registry_plugin *p = reg->plugins->pdata[i];
        modvirt_plugin_info *info = g_new0(modvirt_plugin_info, 1);
        info->name = p->name;
        info->version = p->version ? p->version : "";
        info->description = p->description ? p->description : "";
        info->license = p->license ? p->license : "";
        info->file = p->file;
        info->abi_major = p->abi_major;
        info->abi_minor = p->abi_minor;
        info->loaded = p->loaded;
        info->reason = p->reason;
        info->drivers = strv_of(p->drivers);
        info->schemes = strv_of(p->schemes);
        info->shadowed_by = p->shadowed_by;
        list[i] = info;
    }
    if (count)
        *count = (int)n;
    return list;
}

void modvirt_plugin_list_free(modvirt_plugin_info **list)
{
    for (modvirt_plugin_info **i = list; i && *i; i++) {
        g_free((gpointer)(*i)->drivers);
        g_free((gpointer)(*i)->schemes);
        g_free(*i);
    }
    g_free(list);
}
