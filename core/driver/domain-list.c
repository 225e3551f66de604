/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/driver/domain-list.c — the domain object list every hypervisor
 * driver keeps its domains in (modvirt-plugin/domain-list.h): objects in
 * the order they were added, indexed by name, UUID and the id of the
 * active ones, with libvirt's duplicate rules, definition swaps, filters
 * and lookup errors.
 *
 * The list does no locking: the driver's lock guards it (see the header).
 * Only the reference counts are atomic, because a driver drops references
 * from threads that do not hold its lock. */
#include "core/driver/objects.h"
#include "core/util/error.h"
#include "core/object/handles.h"
#include "core/object/object.h"
#include <modvirt-plugin/domain-list.h>
#include <modvirt-plugin/object-list.h>
#include <modvirt-plugin/error.h>
#include <modvirt-plugin/objects.h>
#include <modvirt-plugin/uuid.h>

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* An object and what the list keeps about it. The name and UUID keys are
 * copies: the definitions they come from are swapped, but a domain's name
 * and UUID never change (the duplicate rules see to it). */
typedef struct mv_driver_entry {
    mv_domain_obj obj;          /* first: plugins see only this part */
    gint refs;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int indexed_id;             /* the key in ids, -1 when not there */
    void (*priv_free)(void *priv);
} mv_driver_entry;

struct mv_domain_list {
    int err_domain;
    mv_object_kind kind;        /* for the shared ListAll helper */
    void (*priv_free)(void *priv);
    GPtrArray *objs;            /* mv_driver_entry*, in the order added */
    GHashTable *names;          /* name -> entry */
    GHashTable *uuids;          /* uuid -> entry */
    GHashTable *ids;            /* GINT_TO_POINTER(id) -> entry, active ones */
};

static mv_driver_entry *mv_driver_entry_of(const mv_domain_obj *obj)
{
    return (mv_driver_entry *)obj;
}

/* UUIDs are random: their first bytes are a good hash. */
static guint mv_driver_uuid_hash(gconstpointer key)
{
    guint h;
    memcpy(&h, key, sizeof(h));
    return h;
}

static gboolean mv_driver_uuid_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, VIR_UUID_BUFLEN) == 0;
}

/* The domain list as the shared object helpers see it. */
static const char *obj_name(const void *obj)
{
    return ((const mv_domain_obj *)obj)->def->name;
}

static bool obj_matches(const void *obj, unsigned int flags)
{
    return mv_domain_obj_matches(obj, flags);
}

static void *obj_handle(virConnectPtr conn, const void *obj)
{
    return mv_domain_obj_handle(conn, obj);
}

mv_domain_list *mv_domain_list_new(int err_domain, void (*priv_free)(void *priv))
{
    mv_domain_list *list = g_new0(mv_domain_list, 1);

    list->err_domain = err_domain;
    list->kind = (mv_object_kind){
        .size = sizeof(mv_object_kind), .err_domain = err_domain, .err_code = VIR_ERR_NO_DOMAIN,
        .what = "domain", .name = obj_name, .match = obj_matches, .handle = obj_handle,
        .unref = mv_handle_unref,
    };
    list->priv_free = priv_free;
    list->objs = g_ptr_array_new();
    list->names = g_hash_table_new(g_str_hash, g_str_equal);
    list->uuids = g_hash_table_new(mv_driver_uuid_hash, mv_driver_uuid_equal);
    list->ids = g_hash_table_new(g_direct_hash, g_direct_equal);
    return list;
}

void mv_domain_list_free(mv_domain_list *list)
{
    if (!list)
        return;
    while (list->objs->len)
        mv_domain_list_remove(list, g_ptr_array_index(list->objs, list->objs->len - 1));
    g_ptr_array_unref(list->objs);
    g_hash_table_unref(list->names);
    g_hash_table_unref(list->uuids);
    g_hash_table_unref(list->ids);
    g_free(list);
}

mv_domain_obj *mv_domain_obj_ref(mv_domain_obj *obj)
{
    g_atomic_int_inc(&mv_driver_entry_of(obj)->refs);
    return obj;
}

void mv_domain_obj_unref(mv_domain_obj *obj)
{
    mv_driver_entry *e;

    if (!obj)
        return;
    e = mv_driver_entry_of(obj);
    if (!g_atomic_int_dec_and_test(&e->refs))
        return;
    if (e->priv_free && obj->priv)
        e->priv_free(obj->priv);
    mv_domain_def_free(obj->def);
    mv_domain_def_free(obj->new_def);
    g_free(e->name);
    g_free(e);
}

int mv_domain_obj_is_active(const mv_domain_obj *obj)
{
    return obj->def->id != -1;
}

int mv_domain_obj_get_defs(mv_domain_obj *obj, unsigned int flags, mv_domain_def **live,
                           mv_domain_def **config)
{
    bool active = mv_domain_obj_is_active(obj);
    if (!(flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)))
        flags |= active ? VIR_DOMAIN_AFFECT_LIVE : VIR_DOMAIN_AFFECT_CONFIG;
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && !active) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "domain is not running");
        return -1;
    }
    if ((flags & VIR_DOMAIN_AFFECT_CONFIG) && !obj->persistent) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "transient domains do not have any persistent config");
        return -1;
    }
    if (live)
        *live = (flags & VIR_DOMAIN_AFFECT_LIVE) ? obj->def : NULL;
    if (config)
        *config = (flags & VIR_DOMAIN_AFFECT_CONFIG) ? (active ? obj->new_def : obj->def) : NULL;
    return 0;
}

mv_domain_def *mv_domain_obj_get_one_def(mv_domain_obj *obj, unsigned int flags, bool *live)
{
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && (flags & VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_error_set_raw(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, NULL, "flags",
                         "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are "
                         "mutually exclusive");
        return NULL;
    }
    mv_domain_def *l = NULL, *c = NULL;
    if (mv_domain_obj_get_defs(obj, flags, &l, &c) < 0)
        return NULL;
    if (live)
        *live = l != NULL;
    return l ? l : c;
}

/* --- the id index -------------------------------------------------------- */

static void mv_driver_unindex_id(mv_domain_list *list, mv_driver_entry *e)
{
    if (e->indexed_id < 0)
        return;
    g_hash_table_remove(list->ids, GINT_TO_POINTER(e->indexed_id));
    e->indexed_id = -1;
}

/* --- adding and removing ------------------------------------------------- */

int mv_domain_list_check(mv_domain_list *list, const mv_domain_def *def, unsigned int flags,
                         mv_domain_obj **existing)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    mv_driver_entry *e = g_hash_table_lookup(list->uuids, def->uuid);

    if (existing)
        *existing = NULL;
    if (!e) {
        /* A new UUID must bring a new name too. */
        if ((e = g_hash_table_lookup(list->names, def->name))) {
            mv_uuid_format(e->uuid, uuidstr);
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED,
                            "domain '%s' already exists with uuid %s", def->name, uuidstr);
            return -1;
        }
        return 0;
    }
    if (strcmp(e->name, def->name) != 0) {
        mv_uuid_format(e->uuid, uuidstr);
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED,
                        "domain '%s' is already defined with uuid %s", e->name, uuidstr);
        return -1;
    }
    if (flags & MV_DOMAIN_LIST_ADD_CHECK_LIVE) {
        if (mv_domain_obj_is_active(&e->obj)) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                            "domain '%s' is already active", e->name);
            return -1;
        }
        if (!e->obj.persistent) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                            "domain '%s' is already being started", e->name);
            return -1;
        }
    }
    if (existing)
        *existing = &e->obj;
    return 0;
}

/* DEF takes the place of OBJ's definition as libvirt assigns one: while
 * OBJ runs it becomes the pending definition; a start puts it in front
 * and keeps the persistent one pending; a define replaces the definition.
 * What it replaced goes to *OLD. */
static void mv_driver_assign_def(mv_domain_obj *obj, mv_domain_def *def, bool live,
                                 mv_domain_def **old)
{
    def->id = -1;
    if (mv_domain_obj_is_active(obj)) {
        *old = obj->new_def;
        obj->new_def = def;
        return;
    }
    if (live) {
        if (!obj->new_def)
            obj->new_def = obj->def;
        else
            mv_domain_def_free(obj->def);
        obj->def = def;
        return;
    }
    *old = obj->def;
    obj->def = def;
}

mv_domain_obj *mv_domain_list_add(mv_domain_list *list, mv_domain_def *def, unsigned int flags,
                                  mv_domain_def **old_def)
{
    bool live = flags & MV_DOMAIN_LIST_ADD_LIVE;
    mv_domain_def *old = NULL;
    mv_domain_obj *obj;
    mv_driver_entry *e;

    if (old_def)
        *old_def = NULL;
    if (mv_domain_list_check(list, def, flags, &obj) < 0)
        return NULL;
    if (obj) {
        mv_driver_assign_def(obj, def, live, &old);
        if (!live)
            obj->persistent = 1;
        if (old_def)
            *old_def = old;
        else
            mv_domain_def_free(old);
        return obj;
    }
    e = g_new0(mv_driver_entry, 1);
    e->refs = 1;
    e->name = g_strdup(def->name);
    memcpy(e->uuid, def->uuid, VIR_UUID_BUFLEN);
    e->indexed_id = -1;
    e->priv_free = list->priv_free;
    obj = &e->obj;
    def->id = -1;
    obj->def = def;
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
    obj->persistent = !live;
    g_ptr_array_add(list->objs, e);
    g_hash_table_insert(list->names, e->name, e);
    g_hash_table_insert(list->uuids, e->uuid, e);
    return obj;
}

void mv_domain_list_remove(mv_domain_list *list, mv_domain_obj *obj)
{
    mv_driver_entry *e = mv_driver_entry_of(obj);

    if (obj->removed)
        return;
    obj->removed = 1;
    mv_driver_unindex_id(list, e);
    g_hash_table_remove(list->names, e->name);
    g_hash_table_remove(list->uuids, e->uuid);
    g_ptr_array_remove(list->objs, e);
    mv_domain_obj_unref(obj);
}

int mv_domain_list_undefine(mv_domain_list *list, mv_domain_obj *obj)
{
    if (!mv_domain_obj_is_active(obj)) {
        mv_domain_list_remove(list, obj);
        return 1;
    }
    obj->persistent = 0;
    obj->autostart = 0;
    mv_domain_def_free(obj->new_def);
    obj->new_def = NULL;
    return 0;
}

/* --- starting and stopping ----------------------------------------------- */

int mv_domain_list_set_active(mv_domain_list *list, mv_domain_obj *obj, mv_domain_def *live,
                              int id, int state, int reason)
{
    mv_driver_entry *e = mv_driver_entry_of(obj);
    mv_driver_entry *other;

    if (mv_domain_obj_is_active(obj)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "domain '%s' is already active", e->name);
        return -1;
    }
    if (id < 0 || state == VIR_DOMAIN_SHUTOFF) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "domain '%s' cannot run with id %d in state %d", e->name, id, state);
        return -1;
    }
    if ((other = g_hash_table_lookup(list->ids, GINT_TO_POINTER(id)))) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                        "domain id %d of '%s' is in use by domain '%s'", id, e->name,
                        other->name);
        return -1;
    }
    if (live) {
        if (obj->persistent && !obj->new_def)
            obj->new_def = obj->def;
        else
            mv_domain_def_free(obj->def);
        obj->def = live;
    } else if (obj->persistent && !obj->new_def) {
        obj->new_def = mv_domain_def_copy(obj->def);
    }
    obj->def->id = id;
    obj->state = state;
    obj->reason = reason;
    if (!obj->removed) {
        e->indexed_id = id;
        g_hash_table_insert(list->ids, GINT_TO_POINTER(id), e);
    }
    return 0;
}

int mv_domain_list_set_inactive(mv_domain_list *list, mv_domain_obj *obj, int reason)
{
    mv_driver_unindex_id(list, mv_driver_entry_of(obj));
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->reason = reason;
    if (obj->new_def) {
        mv_domain_def_free(obj->def);
        obj->def = obj->new_def;
        obj->new_def = NULL;
    }
    obj->def->id = -1;
    if (obj->persistent || obj->removed)
        return 0;
    mv_domain_list_remove(list, obj);
    return 1;
}

/* --- lookups ----------------------------------------------------------- */

mv_domain_obj *mv_domain_list_find_name(mv_domain_list *list, const char *name)
{
    mv_driver_entry *e = g_hash_table_lookup(list->names, name);
    return e ? &e->obj : NULL;
}

mv_domain_obj *mv_domain_list_find_uuid(mv_domain_list *list, const unsigned char *uuid)
{
    mv_driver_entry *e = g_hash_table_lookup(list->uuids, uuid);
    return e ? &e->obj : NULL;
}

mv_domain_obj *mv_domain_list_find_id(mv_domain_list *list, int id)
{
    mv_driver_entry *e = id < 0 ? NULL : g_hash_table_lookup(list->ids, GINT_TO_POINTER(id));
    return e ? &e->obj : NULL;
}

mv_domain_obj *mv_domain_list_lookup_name(mv_domain_list *list, const char *name)
{
    mv_domain_obj *obj = mv_domain_list_find_name(list, name);

    if (!obj)
        mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN,
                        "no domain with matching name '%s'", name);
    return obj;
}

mv_domain_obj *mv_domain_list_lookup_uuid(mv_domain_list *list, const unsigned char *uuid)
{
    mv_domain_obj *obj = mv_domain_list_find_uuid(list, uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (!obj) {
        mv_uuid_format(uuid, uuidstr);
        mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN,
                        "no domain with matching uuid '%s'", uuidstr);
    }
    return obj;
}

mv_domain_obj *mv_domain_list_lookup_id(mv_domain_list *list, int id)
{
    mv_domain_obj *obj = mv_domain_list_find_id(list, id);

    if (!obj)
        mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN,
                        "no domain with matching id %d", id);
    return obj;
}

mv_domain_obj *mv_domain_list_lookup_domain(mv_domain_list *list, virDomainPtr dom)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    const char *name = dom->name;
    mv_domain_obj *obj;

    if ((obj = mv_domain_list_find_uuid(list, dom->uuid)))
        return obj;
    mv_uuid_format(dom->uuid, uuidstr);
    mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN,
                    "no domain with matching uuid '%s' (%s)", uuidstr, name ? name : "");
    return NULL;
}

/* --- filters and listing ----------------------------------------------- */

int mv_domain_obj_matches(const mv_domain_obj *obj, unsigned int flags)
{
    const unsigned int states = VIR_CONNECT_LIST_DOMAINS_RUNNING |
        VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
        VIR_CONNECT_LIST_DOMAINS_OTHER;
    unsigned int mine;

    switch (obj->state) {
    case VIR_DOMAIN_RUNNING: mine = VIR_CONNECT_LIST_DOMAINS_RUNNING; break;
    case VIR_DOMAIN_PAUSED: mine = VIR_CONNECT_LIST_DOMAINS_PAUSED; break;
    case VIR_DOMAIN_SHUTOFF: mine = VIR_CONNECT_LIST_DOMAINS_SHUTOFF; break;
    default: mine = VIR_CONNECT_LIST_DOMAINS_OTHER; break;
    }
    if ((flags & states) && !(flags & mine))
        return 0;
    return mv_object_filter_pair(flags, VIR_CONNECT_LIST_DOMAINS_ACTIVE,
                           VIR_CONNECT_LIST_DOMAINS_INACTIVE, mv_domain_obj_is_active(obj)) &&
           mv_object_filter_pair(flags, VIR_CONNECT_LIST_DOMAINS_PERSISTENT,
                           VIR_CONNECT_LIST_DOMAINS_TRANSIENT, obj->persistent) &&
           mv_object_filter_pair(flags, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE,
                           VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, obj->has_managed_save) &&
           mv_object_filter_pair(flags, VIR_CONNECT_LIST_DOMAINS_AUTOSTART,
                           VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, obj->autostart) &&
           mv_object_filter_pair(flags, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT,
                           VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT, obj->nsnapshots > 0) &&
           mv_object_filter_pair(flags, VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT,
                           VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT, obj->ncheckpoints > 0);
}

mv_domain_obj **mv_domain_list_collect(mv_domain_list *list, unsigned int flags, size_t *n)
{
    mv_domain_obj **out = g_new0(mv_domain_obj *, list->objs->len + 1);
    size_t got = 0;

    for (guint i = 0; i < list->objs->len; i++) {
        mv_driver_entry *e = g_ptr_array_index(list->objs, i);
        if (mv_domain_obj_matches(&e->obj, flags))
            out[got++] = mv_domain_obj_ref(&e->obj);
    }
    if (n)
        *n = got;
    return out;
}


mv_domain_obj **mv_domain_list_stats_select(mv_domain_list *list, virDomainPtr *doms,
                                            unsigned int ndoms, unsigned int *stats,
                                            unsigned int supported, unsigned int flags,
                                            int err_domain, const char *func)
{
    if (mv_error_check_flags(flags, MV_DOMAIN_STATS_FILTERS | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT |
                             VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING |
                             VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS,
                             err_domain, func) < 0)
        return NULL;
    if ((flags & VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS) && (*stats & ~supported)) {
        mv_error_report(err_domain, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "Stats types bits 0x%x are not supported by this daemon",
                        *stats & ~supported);
        return NULL;
    }
    if (!*stats)
        *stats = supported;
    unsigned int filters = flags & MV_DOMAIN_STATS_FILTERS;
    if (!doms)
        return mv_domain_list_collect(list, filters, NULL);
    mv_domain_obj **out = g_new0(mv_domain_obj *, ndoms + 1);
    size_t n = 0;
    for (unsigned int i = 0; i < ndoms; i++) {
        mv_domain_obj *o = mv_domain_list_find_uuid(list, doms[i]->uuid);
        if (o && mv_domain_obj_matches(o, filters))
            out[n++] = mv_domain_obj_ref(o);
    }
    return out;
}

void mv_domain_obj_list_free(mv_domain_obj **objs)
{
    if (!objs)
        return;
    for (size_t i = 0; objs[i]; i++)
        mv_domain_obj_unref(objs[i]);
    g_free(objs);
}

int mv_domain_list_export(mv_domain_list *list, virConnectPtr conn, virDomainPtr **domains,
                          unsigned int flags)
{
    /* Callers free the array with free(). */
    return mv_object_list_all(conn, &list->kind, list->objs->pdata, list->objs->len,
                              (void ***)domains, flags);
}

/* --- handles and events -------------------------------------------------- */

virDomainPtr mv_domain_obj_handle(virConnectPtr conn, const mv_domain_obj *obj)
{
    return mv_domain_new(conn, obj->def->name, obj->def->uuid, obj->def->id);
}

void mv_domain_obj_event(mv_event_source *src, const mv_domain_obj *obj, int event, int detail)
{
    mv_event_queue_domain_lifecycle(src, obj->def->name, obj->def->uuid, obj->def->id,
                                    event, detail);
}
