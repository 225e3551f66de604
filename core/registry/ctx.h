/* SPDX-License-Identifier: LGPL-2.1-or-later */
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
    /* The earlier plugin that serves a scheme this one registers. */
    const mv_registry_plugin *shadowed_by;
    char *shadowed_scheme;
    GPtrArray *connects;     /* pending mv_registry_connect* */
    GPtrArray *shared;       /* pending mv_registry_shared* */
};

void mv_registry_ctx_init(struct mv_plugin_ctx *ctx, mv_registry *reg,
                          mv_registry_plugin *plugin);
/* Moves pending registrations into the registry. */
void mv_registry_ctx_commit(struct mv_plugin_ctx *ctx);
/* Drops pending registrations (init failed). */
void mv_registry_ctx_discard(struct mv_plugin_ctx *ctx);

/* Records that P is not loaded because WINNER, found first, has the same
 * WHAT ("file name", "plugin name 'x'", "URI scheme 'x'"). */
void mv_registry_plugin_shadow(mv_registry_plugin *p, const mv_registry_plugin *winner,
                               const char *what);

#endif
