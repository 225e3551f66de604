/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/driver/objects.c — finding, filtering and listing a driver's
 * networks, pools, volumes and interfaces (modvirt-plugin/object-list.h). */
#include "core/driver/objects.h"
#include "core/util/error.h"
#include <modvirt-plugin/object-list.h>
#include <modvirt-plugin/uuid.h>

#include <stdlib.h>
#include <string.h>

void *mv_object_find_name(const mv_object_kind *k, void *const *objs, size_t n,
                          const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (name && strcmp(k->name(objs[i]), name) == 0)
            return objs[i];
    return NULL;
}

void *mv_object_find_uuid(const mv_object_kind *k, void *const *objs, size_t n,
                          const unsigned char *uuid)
{
    for (size_t i = 0; k->uuid && i < n; i++)
        if (memcmp(k->uuid(objs[i]), uuid, VIR_UUID_BUFLEN) == 0)
            return objs[i];
    return NULL;
}

void mv_object_not_found(const mv_object_kind *k, const char *by, const char *value)
{
    mv_error_report(k->err_domain, k->err_code, "no %s with matching %s '%s'", k->what, by,
                    value ? value : "");
}

void *mv_object_lookup_name(const mv_object_kind *k, void *const *objs, size_t n,
                            const char *name)
{
    void *obj = mv_object_find_name(k, objs, n, name);
    if (!obj)
        mv_object_not_found(k, "name", name);
    return obj;
}

void *mv_object_lookup_uuid(const mv_object_kind *k, void *const *objs, size_t n,
                            const unsigned char *uuid)
{
    void *obj = mv_object_find_uuid(k, objs, n, uuid);
    if (!obj) {
        char str[VIR_UUID_STRING_BUFLEN];
        mv_uuid_format(uuid, str);
        mv_object_not_found(k, "uuid", str);
    }
    return obj;
}

bool mv_object_filter_pair(unsigned int flags, unsigned int yes, unsigned int no, bool value)
{
    if (!(flags & yes) == !(flags & no))
        return true;
    return value ? (flags & yes) != 0 : (flags & no) != 0;
}

bool mv_object_filter(unsigned int flags, bool active, bool persistent, bool autostart)
{
    return mv_object_filter_pair(flags, VIR_CONNECT_LIST_NETWORKS_ACTIVE,
                       VIR_CONNECT_LIST_NETWORKS_INACTIVE, active) &&
           mv_object_filter_pair(flags, VIR_CONNECT_LIST_NETWORKS_PERSISTENT,
                       VIR_CONNECT_LIST_NETWORKS_TRANSIENT, persistent) &&
           mv_object_filter_pair(flags, VIR_CONNECT_LIST_NETWORKS_AUTOSTART,
                       VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART, autostart);
}

static bool passes(const mv_object_kind *k, const void *obj, unsigned int flags)
{
    return !k->match || k->match(obj, flags);
}

int mv_object_count(const mv_object_kind *k, void *const *objs, size_t n, unsigned int flags)
{
    int count = 0;
    for (size_t i = 0; i < n; i++)
        count += passes(k, objs[i], flags);
    return count;
}

int mv_object_list_names(const mv_object_kind *k, void *const *objs, size_t n,
                         unsigned int flags, char **const names, int max)
{
    int got = 0;
    for (size_t i = 0; i < n && got < max; i++) {
        if (!passes(k, objs[i], flags))
            continue;
        if (!(names[got] = strdup(k->name(objs[i])))) {
            while (got > 0)
                free(names[--got]);
            mv_error_report(k->err_domain, VIR_ERR_NO_MEMORY, NULL);
            return -1;
        }
        got++;
    }
    return got;
}

int mv_object_list_all(virConnectPtr conn, const mv_object_kind *k, void *const *objs, size_t n,
                       void ***out, unsigned int flags)
{
    int count = mv_object_count(k, objs, n, flags);
    if (!out)
        return count;
    void **list = calloc((size_t)count + 1, sizeof(*list));
    if (!list) {
        mv_error_report(k->err_domain, VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    int got = 0;
    for (size_t i = 0; i < n; i++) {
        if (!passes(k, objs[i], flags))
            continue;
        if (!(list[got] = k->handle(conn, objs[i]))) {
            while (got > 0)
                k->unref(list[--got]);
            free(list);
            return -1;
        }
        got++;
    }
    *out = list;
    return count;
}
