/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/object/handles.h — what the domain, network, pool, volume and
 * interface handles share: one refcount implementation and the list
 * helpers the ListAll fallbacks of the public API build on.
 *
 * Every handle struct in object.h begins with magic, refs and conn in that
 * order (checked in handles.c), so the code here works on any of them
 * through mv_handle_head.
 */
#ifndef MV_HANDLES_H
#define MV_HANDLES_H

#include "core/object/object.h"

typedef struct mv_handle_head {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
} mv_handle_head;

void mv_handle_ref(void *handle);
/* Drops one reference; the last one frees the handle and releases its
 * reference on the connection. */
void mv_handle_unref(void *handle);

/* The ListAll fallbacks: take the N handles of LIST (a malloc'd array from
 * a connectListAll* slot; N < 0 means the slot failed), copy what the caller
 * wants (NAMES may be NULL just to count), unref the handles and free
 * LIST. Both return MIN(N, MAX*), or -1 when N < 0. */
int mv_handle_list_take_names(void **list, int n, char **names, int maxnames);
int mv_handle_list_take_ids(virDomainPtr *list, int n, int *ids, int maxids);

#endif
