/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-state.c — opening and closing test driver states (the
 * process-wide test:///default one, refcounted by its connections, and a
 * private one per node file), the state lock, domain lookups with the
 * test driver's errors, and the domain definition defaults
 * (mv_test_xmlopt). The domains are a core domain list guarded by the
 * state lock. */
#include "test-state.h"
#include "test-domain.h"

#include <stdio.h>
#include <string.h>

/* Guards mv_test_default and its refcount (not the objects inside). */
static GMutex mv_test_default_lock;
static mv_test_state *mv_test_default;

/* libvirt's test driver names a guest NIC without <target dev> testnetN,
 * counting the NICs it named in that domain. */
static int mv_test_post_parse(mv_domain_def *def, unsigned int flags, void *opaque)
{
    unsigned int n = 0;

    (void)flags;
    (void)opaque;
    for (size_t i = 0; i < def->devices->nnets; i++) {
        mv_domain_net_def *net = def->devices->nets[i];
        if (net->ifname)
            continue;
        net->ifname = g_strdup_printf("testnet%u", n++);
    }
    return 0;
}

/* libvirt's test driver gives a <video> without a model of a type='test'
 * domain cirrus on hvm guests and xen on the others. */
static int mv_test_default_video(const mv_domain_def *def, void *opaque)
{
    (void)opaque;
    if (def->virt_type != MV_DOMAIN_VIRT_TEST)
        return MV_DOMAIN_VIDEO_DEFAULT;
    return g_strcmp0(def->os->type, "hvm") == 0 ? MV_DOMAIN_VIDEO_CIRRUS : MV_DOMAIN_VIDEO_XEN;
}

const mv_domain_xmlopt mv_test_xmlopt = {
    .size = sizeof(mv_domain_xmlopt),
    .virt_types = NULL,          /* libvirt's test driver takes every type */
    .default_arch = "i686",
    .post_parse = mv_test_post_parse,
    .default_video = mv_test_default_video,
};

/* --- object lists ------------------------------------------------------ */

void mv_test_net_free(gpointer p)
{
    mv_test_net *n = p;
    if (!n)
        return;
    mv_network_def_free(n->def);
    mv_network_def_free(n->new_def);
    g_free(n);
}

void mv_test_pool_free(gpointer p)
{
    mv_test_pool *pool = p;
    if (!pool)
        return;
    mv_storage_pool_def_free(pool->def);
    if (pool->vols)
        g_ptr_array_unref(pool->vols);
    g_free(pool);
}

void mv_test_iface_free(gpointer p)
{
    mv_test_iface *i = p;
    if (!i)
        return;
    mv_interface_def_free(i->def);
    g_free(i);
}

void mv_test_pool_refresh_sizes(mv_test_pool *pool)
{
    unsigned long long alloc = 0;

    for (guint i = 0; pool->vols && i < pool->vols->len; i++)
        alloc += ((mv_storage_vol_def *)g_ptr_array_index(pool->vols, i))->allocation;
    if (pool->def->capacity == 0)
        pool->def->capacity = MV_TEST_POOL_CAPACITY;
    pool->def->allocation = alloc;
    pool->def->available = pool->def->capacity > alloc ? pool->def->capacity - alloc : 0;
}

/* --- states ------------------------------------------------------------ */

static mv_test_state *mv_test_state_new(void)
{
    mv_test_state *st = g_new0(mv_test_state, 1);

    g_mutex_init(&st->lock);
    st->refs = 1;
    st->next_dom_id = 1;
    st->events = mv_event_source_new();
    st->doms = mv_domain_list_new(VIR_FROM_TEST, mv_test_dom_priv_free);
    st->nets = g_ptr_array_new_with_free_func(mv_test_net_free);
    st->pools = g_ptr_array_new_with_free_func(mv_test_pool_free);
    st->ifaces = g_ptr_array_new_with_free_func(mv_test_iface_free);
    /* libvirt's defaults for a node document without <cpu>/<memory>. */
    g_strlcpy(st->node.model, "i686", sizeof(st->node.model));
    st->node.memory = 3145728;
    st->node.cpus = 16;
    st->node.mhz = 1400;
    st->node.nodes = 2;
    st->node.sockets = 2;
    st->node.cores = 2;
    st->node.threads = 2;
    return st;
}

static void mv_test_state_free(mv_test_state *st)
{
    mv_domain_list_free(st->doms);
    g_ptr_array_unref(st->nets);
    g_ptr_array_unref(st->pools);
    g_ptr_array_unref(st->ifaces);
    if (st->ifaces_backup)
        g_ptr_array_unref(st->ifaces_backup);
    mv_event_source_free(st->events);
    g_free(st->path);
    g_mutex_clear(&st->lock);
    g_free(st);
}

static mv_test_state *mv_test_state_open_file(const char *path)
{
    g_autofree char *text = NULL;
    g_autofree char *dir = NULL;
    mv_test_state *st;

    if (!(text = mv_test_file_read(path)))
        return NULL;
    st = mv_test_state_new();
    st->path = g_strdup(path);
    dir = g_path_get_dirname(path);
    if (mv_test_node_load(st, text, dir) < 0) {
        mv_test_state_free(st);
        return NULL;
    }
    return st;
}

static mv_test_state *mv_test_state_open_default(void)
{
    mv_test_state *st;

    g_mutex_lock(&mv_test_default_lock);
    if (mv_test_default) {
        st = mv_test_default;
        st->refs++;
        g_mutex_unlock(&mv_test_default_lock);
        return st;
    }
    st = mv_test_state_new();
    st->is_default = true;
    st->free_mem_kib = st->node.memory;
    if (mv_test_node_load(st, mv_test_default_node_xml, NULL) < 0) {
        mv_test_state_free(st);
        st = NULL;
    }
    mv_test_default = st;
    g_mutex_unlock(&mv_test_default_lock);
    return st;
}

mv_test_state *mv_test_state_open(const mv_uri *uri)
{
    if (!uri->path || strcmp(uri->path, "/") == 0) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "testOpen: supply a path or use test:///default");
        return NULL;
    }
    if (strcmp(uri->path, "/default") == 0)
        return mv_test_state_open_default();
    return mv_test_state_open_file(uri->path);
}

void mv_test_state_close(mv_test_state *st)
{
    if (!st)
        return;
    if (!st->is_default) {
        mv_test_state_free(st);
        return;
    }
    g_mutex_lock(&mv_test_default_lock);
    if (--st->refs == 0) {
        mv_test_default = NULL;
        mv_test_state_free(st);
    }
    g_mutex_unlock(&mv_test_default_lock);
}

mv_test_state *mv_test_lock(virConnectPtr conn)
{
    mv_test_state *st = mv_connect_get_private(conn, MV_DRIVER_HYPERVISOR);
    g_mutex_lock(&st->lock);
    return st;
}

void mv_test_unlock(mv_test_state *st)
{
    g_mutex_unlock(&st->lock);
}

/* --- lookups ----------------------------------------------------------- */

/* libvirt's test driver reports a failed lookup with the bare text. */
static mv_domain_obj *mv_test_dom_or_error(mv_domain_obj *d)
{
    if (!d)
        mv_error_report(VIR_FROM_TEST, VIR_ERR_NO_DOMAIN, NULL);
    return d;
}

mv_domain_obj *mv_test_dom_by_name(mv_test_state *st, const char *name)
{
    return mv_test_dom_or_error(mv_domain_list_find_name(st->doms, name));
}

mv_domain_obj *mv_test_dom_by_uuid(mv_test_state *st, const unsigned char *uuid)
{
    return mv_test_dom_or_error(mv_domain_list_find_uuid(st->doms, uuid));
}

mv_domain_obj *mv_test_dom_by_id(mv_test_state *st, int id)
{
    return mv_test_dom_or_error(mv_domain_list_find_id(st->doms, id));
}
