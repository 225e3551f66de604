/* core/registry/ctx.h — the registration context a plugin's init receives.
 *
 * Registrations are collected here and committed to the registry only when
 * init returns success, so a failing plugin leaves nothing behind.
 */
#ifndef MV_REGISTRY_CTX_H
#define MV_REGISTRY_CTX_H

#include "core/registry/registry.h"

struct mv_plugin_ctx {
    mv_registry *reg;
    mv_registry_plugin *plugin;
    bool active;             /* registration allowed (inside init) */
    char *failure;           /* first registration error, if any */
    GPtrArray *connects;     /* pending mv_registry_connect* */
    GPtrArray *shared;       /* pending mv_registry_shared* */
};

void mv_registry_ctx_init(struct mv_plugin_ctx *ctx, mv_registry *reg,
                          mv_registry_plugin *plugin);
/* Moves pending registrations into the registry. */
void mv_registry_ctx_commit(struct mv_plugin_ctx *ctx);
/* Drops pending registrations (init failed). */
void mv_registry_ctx_discard(struct mv_plugin_ctx *ctx);

#endif
