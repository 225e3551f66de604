/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* domain-list-compat.h — the calls of the core's domain list
 * (<modvirt-plugin/domain-list.h>, plugin ABI 1.2) that example.c makes, for
 * a build that targets an older core, which has none: the same behaviour,
 * kept in the plugin. example.c includes it only for such a build; one for
 * plugin ABI 1.2 or later uses the core's list and never sees this file.
 *
 * The headers mark the list's functions unavailable in such a build, so
 * each is renamed to a static function here; the types and flags of the
 * header are plain declarations and stay as they are. A small driver does
 * not need the core's indexes: the lookups walk an array.
 */
#ifndef EX_DOMAIN_LIST_COMPAT_H
#define EX_DOMAIN_LIST_COMPAT_H

#include <stdlib.h>
#include <string.h>

#include <modvirt-plugin/domain-list.h>

#define mv_domain_list_new ex_compat_list_new
#define mv_domain_list_free ex_compat_list_free
#define mv_domain_list_add ex_compat_list_add
#define mv_domain_list_undefine ex_compat_list_undefine
#define mv_domain_list_set_active ex_compat_list_set_active
#define mv_domain_list_set_inactive ex_compat_list_set_inactive
#define mv_domain_obj_is_active ex_compat_obj_is_active
#define mv_domain_list_lookup_name ex_compat_list_lookup_name
#define mv_domain_list_lookup_uuid ex_compat_list_lookup_uuid
#define mv_domain_list_lookup_id ex_compat_list_lookup_id
#define mv_domain_list_lookup_domain ex_compat_list_lookup_domain
#define mv_domain_list_export ex_compat_list_export
#define mv_domain_obj_handle ex_compat_obj_handle

struct mv_domain_list {
    int err_domain;
    mv_domain_obj **objs;     /* in the order added */
    size_t n;
};

static mv_domain_list *ex_compat_list_new(int err_domain, void (*priv_free)(void *priv))
{
    mv_domain_list *list = calloc(1, sizeof(*list));

    (void)priv_free;          /* example.c keeps no private data */
    if (list)
        list->err_domain = err_domain;
    return list;
}

static void ex_compat_obj_free(mv_domain_obj *obj)
{
    mv_domain_def_free(obj->def);
    mv_domain_def_free(obj->new_def);
    free(obj);
}

static void ex_compat_list_remove(mv_domain_list *list, mv_domain_obj *obj)
{
    for (size_t i = 0; i < list->n; i++) {
        if (list->objs[i] == obj) {
            memmove(&list->objs[i], &list->objs[i + 1], (list->n - i - 1) * sizeof(obj));
            list->n--;
            ex_compat_obj_free(obj);
            return;
        }
    }
}

static void ex_compat_list_free(mv_domain_list *list)
{
    if (!list)
        return;
    while (list->n)
        ex_compat_list_remove(list, list->objs[list->n - 1]);
    free(list->objs);
    free(list);
}

static int ex_compat_obj_is_active(const mv_domain_obj *obj)
{
    return obj->def->id != -1;
}

static mv_domain_obj *ex_compat_find(mv_domain_list *list, const char *name,
                                     const unsigned char *uuid)
{
    for (size_t i = 0; i < list->n; i++) {
        const mv_domain_def *def = list->objs[i]->def;
        if ((name && strcmp(def->name, name) == 0) ||
            (uuid && memcmp(def->uuid, uuid, VIR_UUID_BUFLEN) == 0))
            return list->objs[i];
    }
    return NULL;
}

static mv_domain_obj *ex_compat_list_add(mv_domain_list *list, mv_domain_def *def,
                                         unsigned int flags, mv_domain_def **old_def)
{
    bool live = flags & MV_DOMAIN_LIST_ADD_LIVE;
    mv_domain_obj *obj = ex_compat_find(list, NULL, def->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    mv_domain_obj **objs;

    if (old_def)
        *old_def = NULL;
    if (!obj && (obj = ex_compat_find(list, def->name, NULL))) {
        mv_uuid_format(obj->def->uuid, uuidstr);
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED,
                        "domain '%s' already exists with uuid %s", def->name, uuidstr);
        return NULL;
    }
    if (obj && strcmp(obj->def->name, def->name) != 0) {
        mv_uuid_format(obj->def->uuid, uuidstr);
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED,
                        "domain '%s' is already defined with uuid %s", obj->def->name, uuidstr);
        return NULL;
    }
    if (obj && (flags & MV_DOMAIN_LIST_ADD_CHECK_LIVE) && ex_compat_obj_is_active(obj)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "domain '%s' is already active", obj->def->name);
        return NULL;
    }
    def->id = -1;
    if (obj) {
        mv_domain_def *old = NULL;

        if (ex_compat_obj_is_active(obj)) {
            old = obj->new_def;
            obj->new_def = def;
        } else if (live) {
            if (!obj->new_def)
                obj->new_def = obj->def;
            else
                mv_domain_def_free(obj->def);
            obj->def = def;
        } else {
            old = obj->def;
            obj->def = def;
        }
        if (!live)
            obj->persistent = 1;
        if (old_def)
            *old_def = old;
        else
            mv_domain_def_free(old);
        return obj;
    }
    if (!(obj = calloc(1, sizeof(*obj))) ||
        !(objs = realloc(list->objs, (list->n + 1) * sizeof(*objs)))) {
        free(obj);
        mv_error_report(list->err_domain, VIR_ERR_NO_MEMORY, NULL);
        return NULL;
    }
    obj->def = def;
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
    obj->persistent = !live;
    list->objs = objs;
    list->objs[list->n++] = obj;
    return obj;
}

static int ex_compat_list_undefine(mv_domain_list *list, mv_domain_obj *obj)
{
    if (!ex_compat_obj_is_active(obj)) {
        ex_compat_list_remove(list, obj);
        return 1;
    }
    obj->persistent = 0;
    obj->autostart = 0;
    mv_domain_def_free(obj->new_def);
    obj->new_def = NULL;
    return 0;
}

static int ex_compat_list_set_active(mv_domain_list *list, mv_domain_obj *obj,
                                     mv_domain_def *live, int id, int state, int reason)
{
    (void)list;
    (void)live;               /* example.c starts a domain on its own definition */
    if (ex_compat_obj_is_active(obj)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                        "domain '%s' is already active", obj->def->name);
        return -1;
    }
    if (obj->persistent && !obj->new_def)
        obj->new_def = mv_domain_def_copy(obj->def);
    obj->def->id = id;
    obj->state = state;
    obj->reason = reason;
    return 0;
}

static int ex_compat_list_set_inactive(mv_domain_list *list, mv_domain_obj *obj, int reason)
{
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->reason = reason;
    if (obj->new_def) {
        mv_domain_def_free(obj->def);
        obj->def = obj->new_def;
        obj->new_def = NULL;
    }
    obj->def->id = -1;
    if (obj->persistent)
        return 0;
    ex_compat_list_remove(list, obj);
    return 1;
}

static mv_domain_obj *ex_compat_list_lookup_name(mv_domain_list *list, const char *name)
{
    mv_domain_obj *obj = ex_compat_find(list, name, NULL);

    if (!obj)
        mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN,
                        "no domain with matching name '%s'", name);
    return obj;
}

static mv_domain_obj *ex_compat_list_lookup_uuid(mv_domain_list *list, const unsigned char *uuid)
{
    mv_domain_obj *obj = ex_compat_find(list, NULL, uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (!obj) {
        mv_uuid_format(uuid, uuidstr);
        mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN,
                        "no domain with matching uuid '%s'", uuidstr);
    }
    return obj;
}

static mv_domain_obj *ex_compat_list_lookup_id(mv_domain_list *list, int id)
{
    for (size_t i = 0; id >= 0 && i < list->n; i++)
        if (list->objs[i]->def->id == id)
            return list->objs[i];
    mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN, "no domain with matching id %d", id);
    return NULL;
}

static mv_domain_obj *ex_compat_list_lookup_domain(mv_domain_list *list, virDomainPtr dom)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    const char *name = virDomainGetName(dom);
    mv_domain_obj *obj;

    if (virDomainGetUUID(dom, uuid) < 0)
        return NULL;
    if ((obj = ex_compat_find(list, NULL, uuid)))
        return obj;
    mv_uuid_format(uuid, uuidstr);
    mv_error_report(list->err_domain, VIR_ERR_NO_DOMAIN,
                    "no domain with matching uuid '%s' (%s)", uuidstr, name ? name : "");
    return NULL;
}

/* libvirt's filter groups: one none of whose flags is set passes all. */
static bool ex_compat_group(unsigned int flags, unsigned int yes, unsigned int no, bool has)
{
    return !(flags & (yes | no)) || (flags & (has ? yes : no));
}

static bool ex_compat_matches(const mv_domain_obj *obj, unsigned int flags)
{
    const unsigned int states = VIR_CONNECT_LIST_DOMAINS_RUNNING |
        VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
        VIR_CONNECT_LIST_DOMAINS_OTHER;
    unsigned int mine = obj->state == VIR_DOMAIN_RUNNING ? VIR_CONNECT_LIST_DOMAINS_RUNNING
                      : obj->state == VIR_DOMAIN_PAUSED ? VIR_CONNECT_LIST_DOMAINS_PAUSED
                      : obj->state == VIR_DOMAIN_SHUTOFF ? VIR_CONNECT_LIST_DOMAINS_SHUTOFF
                      : VIR_CONNECT_LIST_DOMAINS_OTHER;

    if ((flags & states) && !(flags & mine))
        return false;
    return ex_compat_group(flags, VIR_CONNECT_LIST_DOMAINS_ACTIVE,
                           VIR_CONNECT_LIST_DOMAINS_INACTIVE, ex_compat_obj_is_active(obj)) &&
           ex_compat_group(flags, VIR_CONNECT_LIST_DOMAINS_PERSISTENT,
                           VIR_CONNECT_LIST_DOMAINS_TRANSIENT, obj->persistent) &&
           ex_compat_group(flags, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE,
                           VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, obj->has_managed_save) &&
           ex_compat_group(flags, VIR_CONNECT_LIST_DOMAINS_AUTOSTART,
                           VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, obj->autostart) &&
           ex_compat_group(flags, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT,
                           VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT, obj->nsnapshots > 0) &&
           ex_compat_group(flags, VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT,
                           VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT, obj->ncheckpoints > 0);
}

static virDomainPtr ex_compat_obj_handle(virConnectPtr conn, const mv_domain_obj *obj)
{
    return mv_domain_new(conn, obj->def->name, obj->def->uuid, obj->def->id);
}

static int ex_compat_list_export(mv_domain_list *list, virConnectPtr conn,
                                 virDomainPtr **domains, unsigned int flags)
{
    virDomainPtr *out = NULL;
    int n = 0;

    if (domains && !(out = calloc(list->n + 1, sizeof(*out)))) {
        mv_error_report(list->err_domain, VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    for (size_t i = 0; i < list->n; i++) {
        if (!ex_compat_matches(list->objs[i], flags))
            continue;
        if (out && !(out[n] = ex_compat_obj_handle(conn, list->objs[i]))) {
            while (n > 0)
                virDomainFree(out[--n]);
            free(out);
            return -1;
        }
        n++;
    }
    if (domains)
        *domains = out;
    return n;
}

#endif
