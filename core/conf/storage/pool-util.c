/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/storage/pool-util.c — allocating, freeing, copying and
 * comparing pool definitions.
 */
#include "core/conf/storage/storage-priv.h"

#include <string.h>

static void host_free(void *p)
{
    mv_storage_pool_host *h = p;
    g_free(h->name);
    g_free(h);
}

static void device_free(void *p)
{
    mv_storage_pool_device *d = p;
    g_free(d->path);
    g_free(d);
}

static void source_free(mv_storage_pool_source *s)
{
    if (!s)
        return;
    mv_conf_storage_free_list((void **)s->hosts, s->nhosts, host_free);
    mv_conf_storage_free_list((void **)s->devices, s->ndevices, device_free);
    g_free(s->dir);
    g_free(s->name);
    g_free(s->format);
    g_free(s);
}

mv_storage_pool_def *mv_storage_pool_def_new(void)
{
    mv_storage_pool_def *def = g_new0(mv_storage_pool_def, 1);
    def->source = g_new0(mv_storage_pool_source, 1);
    def->target_perms = mv_conf_storage_perms_new();
    return def;
}

void mv_storage_pool_def_free(mv_storage_pool_def *def)
{
    if (!def)
        return;
    g_free(def->name);
    source_free(def->source);
    g_free(def->target_path);
    mv_conf_storage_perms_free(def->target_perms);
    g_free(def);
}

static void source_copy(mv_storage_pool_source *dst, const mv_storage_pool_source *src)
{
    dst->hosts = g_new0(mv_storage_pool_host *, src->nhosts);
    for (; dst->nhosts < src->nhosts; dst->nhosts++) {
        mv_storage_pool_host *h = g_new0(mv_storage_pool_host, 1);
        h->name = g_strdup(src->hosts[dst->nhosts]->name);
        h->port = src->hosts[dst->nhosts]->port;
        dst->hosts[dst->nhosts] = h;
    }
    dst->devices = g_new0(mv_storage_pool_device *, src->ndevices);
    for (; dst->ndevices < src->ndevices; dst->ndevices++) {
        mv_storage_pool_device *d = g_new0(mv_storage_pool_device, 1);
        d->path = g_strdup(src->devices[dst->ndevices]->path);
        dst->devices[dst->ndevices] = d;
    }
    dst->dir = g_strdup(src->dir);
    dst->name = g_strdup(src->name);
    dst->format = g_strdup(src->format);
}

mv_storage_pool_def *mv_storage_pool_def_copy(const mv_storage_pool_def *def)
{
    if (!def)
        return NULL;
    mv_storage_pool_def *c = mv_storage_pool_def_new();
    c->type = def->type;
    c->name = g_strdup(def->name);
    memcpy(c->uuid, def->uuid, sizeof(c->uuid));
    c->capacity = def->capacity;
    c->allocation = def->allocation;
    c->available = def->available;
    c->cow = def->cow;
    if (def->source)
        source_copy(c->source, def->source);
    c->target_path = g_strdup(def->target_path);
    mv_conf_storage_perms_free(c->target_perms);
    c->target_perms = mv_conf_storage_perms_copy(def->target_perms);
    return c;
}

bool mv_storage_pool_def_same_uuid(const mv_storage_pool_def *a, const mv_storage_pool_def *b)
{
    return a && b && !memcmp(a->uuid, b->uuid, sizeof(a->uuid));
}

bool mv_storage_pool_def_same_name(const mv_storage_pool_def *a, const mv_storage_pool_def *b)
{
    return a && b && g_strcmp0(a->name, b->name) == 0;
}

/* The first device path, or NULL. */
static const char *first_device(const mv_storage_pool_def *def)
{
    return def->source && def->source->ndevices ? def->source->devices[0]->path : NULL;
}

bool mv_storage_pool_def_same_storage(const mv_storage_pool_def *a,
                                      const mv_storage_pool_def *b)
{
    if (!a || !b || a->type != b->type)
        return false;
    switch (a->type) {
    case MV_STORAGE_POOL_DIR:
        return a->target_path && !g_strcmp0(a->target_path, b->target_path);
    case MV_STORAGE_POOL_NETFS:
        return a->source->nhosts && b->source->nhosts && a->source->dir &&
               !g_strcmp0(a->source->hosts[0]->name, b->source->hosts[0]->name) &&
               !g_strcmp0(a->source->dir, b->source->dir);
    case MV_STORAGE_POOL_LOGICAL:
        return a->source->name && !g_strcmp0(a->source->name, b->source->name);
    default:
        return first_device(a) && !g_strcmp0(first_device(a), first_device(b));
    }
}
