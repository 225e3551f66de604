/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/uuid.h — UUIDs as libvirt reads and writes them; the functions
 * are part of the plugin API (modvirt-plugin/uuid.h). */
#ifndef MV_UUID_H
#define MV_UUID_H

#include <modvirt-plugin/uuid.h>

#endif
