/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/driver/objects.h — what the domain list (domain-list.c) shares with
 * the object helpers (objects.c) beyond the plugin API. */
#ifndef MV_DRIVER_OBJECTS_H
#define MV_DRIVER_OBJECTS_H

#include <stdbool.h>

/* One pair of ListAll filter flags: neither or both set keep every object;
 * otherwise the flag of VALUE's side must be set. */
bool mv_object_filter_pair(unsigned int flags, unsigned int yes, unsigned int no, bool value);

#endif
