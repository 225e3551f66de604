/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/register.c — what a plugin's init calls to register drivers.
 *
 * Each driver table is copied into a zero-filled table of the core's size:
 * the plugin's `size` says how much of it the plugin knows, slots beyond that
 * stay NULL. A table larger than the core's is accepted only if the extra
 * slots are all NULL (a newer header with nothing new used).
 */
#include "core/registry/ctx.h"
#include "core/util/error.h"

#include <string.h>

#define MV_LOG_SRC "registry"

static void ctx_fail(mv_plugin_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void ctx_fail(mv_plugin_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s", msg);
    if (ctx && !ctx->failure)
        ctx->failure = g_steal_pointer(&msg);
}

/* Copies table SRC (whose first member is its size) into DST of CORE_SIZE
 * bytes. */
static int copy_table(mv_plugin_ctx *ctx, void *dst, size_t core_size,
                      const void *src, const char *what)
{
    size_t size;
    memcpy(&size, src, sizeof(size));
    if (size < sizeof(size_t)) {
        ctx_fail(ctx, "%s driver table has size %zu: set .size = sizeof the table", what, size);
        return -1;
    }
    if (size > core_size) {
        const unsigned char *extra = (const unsigned char *)src + core_size;
        for (size_t i = 0; i < size - core_size; i++) {
            if (extra[i]) {
                ctx_fail(ctx, "%s driver table of %zu bytes sets slots this core (%zu bytes) "
                         "does not know: plugin built for a newer ABI", what, size, core_size);
                return -1;
            }
        }
        size = core_size;
    }
    memset(dst, 0, core_size);
    memcpy(dst, src, size);
    memcpy(dst, &core_size, sizeof(core_size));
    return 0;
}

static bool ctx_usable(mv_plugin_ctx *ctx, const void *drv)
{
    if (!ctx || !ctx->active) {
        ctx_fail(NULL, "driver registration outside of a plugin's init");
        return false;
    }
    if (!drv) {
        ctx_fail(ctx, "NULL driver table");
        return false;
    }
    return true;
}

static bool scheme_taken(mv_plugin_ctx *ctx, const char *scheme)
{
    GPtrArray *lists[] = { ctx->reg->connects, ctx->connects };
    for (size_t l = 0; l < G_N_ELEMENTS(lists); l++) {
        for (guint i = 0; i < lists[l]->len; i++) {
            mv_registry_connect *c = lists[l]->pdata[i];
            if (c->schemes && g_strv_contains((const char *const *)c->schemes, scheme)) {
                ctx_fail(ctx, "URI scheme '%s' is already served by plugin '%s'",
                         scheme, c->plugin->name);
                /* An earlier plugin has it: this one is shadowed, not broken. */
                if (l == 0 && !ctx->shadowed_by) {
                    ctx->shadowed_by = c->plugin;
                    ctx->shadowed_scheme = g_strdup(scheme);
                }
                return true;
            }
        }
    }
    return false;
}

static void connect_free(mv_registry_connect *c)
{
    g_free(c->name);
    g_strfreev(c->schemes);
    g_free(c);
}

int mv_plugin_register_connect(mv_plugin_ctx *ctx, const mv_connect_driver *drv)
{
    if (!ctx_usable(ctx, drv))
        return -1;
    mv_connect_driver cd;
    if (copy_table(ctx, &cd, sizeof(cd), drv, "connect") < 0)
        return -1;
    if (!cd.name || !*cd.name) {
        ctx_fail(ctx, "connect driver needs a name");
        return -1;
    }
    if (!cd.hypervisor && !cd.network && !cd.storage && !cd.interface) {
        ctx_fail(ctx, "connect driver '%s' has no driver table at all", cd.name);
        return -1;
    }
    for (const char *const *s = cd.uri_schemes; s && *s; s++)
        if (scheme_taken(ctx, *s))
            return -1;

    mv_registry_connect *c = g_new0(mv_registry_connect, 1);
    c->plugin = ctx->plugin;
    c->name = g_strdup(cd.name);
    c->schemes = g_strdupv((char **)cd.uri_schemes);
    c->local_only = cd.local_only != 0;
    c->host_services = cd.host_services != 0;
    /* Without a hypervisor table this is a service connection
     * (storage:///, network:///): the core's own table stands in. */
    int rc = copy_table(ctx, &c->hv, sizeof(c->hv),
                        cd.hypervisor ? cd.hypervisor : &mv_registry_service_hypervisor,
                        "hypervisor");
    if (rc == 0 && (c->has_net = cd.network != NULL))
        rc = copy_table(ctx, &c->net, sizeof(c->net), cd.network, "network");
    if (rc == 0 && (c->has_storage = cd.storage != NULL))
        rc = copy_table(ctx, &c->storage, sizeof(c->storage), cd.storage, "storage");
    if (rc == 0 && (c->has_iface = cd.interface != NULL))
        rc = copy_table(ctx, &c->iface, sizeof(c->iface), cd.interface, "interface");
    if (rc < 0) {
        connect_free(c);
        return -1;
    }
    g_ptr_array_add(ctx->connects, c);
    return 0;
}

void mv_registry_scratch_init(mv_registry *scratch)
{
    scratch->plugins = g_ptr_array_new();
    scratch->loaded = g_ptr_array_new();
    scratch->connects = g_ptr_array_new();
    scratch->shared = g_ptr_array_new();
}

void mv_registry_scratch_free(mv_registry *scratch)
{
    for (guint i = 0; i < scratch->connects->len; i++)
        connect_free(scratch->connects->pdata[i]);
    for (guint i = 0; i < scratch->shared->len; i++)
        g_free(scratch->shared->pdata[i]);
    g_ptr_array_unref(scratch->plugins);
    g_ptr_array_unref(scratch->loaded);
    g_ptr_array_unref(scratch->connects);
    g_ptr_array_unref(scratch->shared);
}

static const char *const shared_names[MV_SHARED_LAST] = { "network", "storage", "interface" };

static int register_shared(mv_plugin_ctx *ctx, mv_shared_kind kind, const void *drv,
                           size_t core_size)
{
    if (!ctx_usable(ctx, drv))
        return -1;
    mv_registry_shared *sh = g_new0(mv_registry_shared, 1);
    sh->plugin = ctx->plugin;
    sh->kind = kind;
    if (copy_table(ctx, &sh->u, core_size, drv, shared_names[kind]) < 0) {
        g_free(sh);
        return -1;
    }
    g_ptr_array_add(ctx->shared, sh);
    return 0;
}

int mv_plugin_register_shared_network(mv_plugin_ctx *ctx, const mv_network_driver *drv)
{
    return register_shared(ctx, MV_SHARED_NETWORK, drv, sizeof(mv_network_driver));
}

int mv_plugin_register_shared_storage(mv_plugin_ctx *ctx, const mv_storage_driver *drv)
{
    return register_shared(ctx, MV_SHARED_STORAGE, drv, sizeof(mv_storage_driver));
}

int mv_plugin_register_shared_interface(mv_plugin_ctx *ctx, const mv_interface_driver *drv)
{
    return register_shared(ctx, MV_SHARED_INTERFACE, drv, sizeof(mv_interface_driver));
}

const char *mv_plugin_ctx_name(const mv_plugin_ctx *ctx)
{
    return ctx && ctx->plugin ? ctx->plugin->name : NULL;
}

void mv_registry_ctx_init(mv_plugin_ctx *ctx, mv_registry *reg, mv_registry_plugin *plugin)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->reg = reg;
    ctx->plugin = plugin;
    ctx->connects = g_ptr_array_new();
    ctx->shared = g_ptr_array_new();
}

void mv_registry_ctx_commit(mv_plugin_ctx *ctx)
{
    for (guint i = 0; i < ctx->connects->len; i++) {
        mv_registry_connect *c = ctx->connects->pdata[i];
        g_ptr_array_add(ctx->reg->connects, c);
        g_ptr_array_add(ctx->plugin->drivers, g_strdup_printf("connect %s", c->name));
        for (char **s = c->schemes; s && *s; s++)
            g_ptr_array_add(ctx->plugin->schemes, g_strdup(*s));
        ctx->plugin->any_scheme |= c->schemes == NULL;
        ctx->plugin->has_probe |= c->hv.connectURIProbe != NULL;
    }
    for (guint i = 0; i < ctx->shared->len; i++) {
        mv_registry_shared *sh = ctx->shared->pdata[i];
        g_ptr_array_add(ctx->reg->shared, sh);
        g_ptr_array_add(ctx->plugin->drivers, g_strdup_printf("shared %s", shared_names[sh->kind]));
        ctx->plugin->shared_kinds |= 1u << sh->kind;
    }
    g_ptr_array_free(ctx->connects, TRUE);
    g_ptr_array_free(ctx->shared, TRUE);
    g_free(ctx->failure);
    g_free(ctx->shadowed_scheme);
}

void mv_registry_ctx_discard(mv_plugin_ctx *ctx)
{
    for (guint i = 0; i < ctx->connects->len; i++)
        connect_free(ctx->connects->pdata[i]);
    for (guint i = 0; i < ctx->shared->len; i++)
        g_free(ctx->shared->pdata[i]);
    g_ptr_array_free(ctx->connects, TRUE);
    g_ptr_array_free(ctx->shared, TRUE);
    g_free(ctx->failure);
    g_free(ctx->shadowed_scheme);
}
