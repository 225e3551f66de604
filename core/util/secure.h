/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/secure.h — whether this process runs with privileges its caller
 * does not have (setuid, setgid, file capabilities), as ld.so decides it.
 * Such a process takes nothing from its environment: libmodvirt refuses to
 * initialize, as libvirt does, and ignores the logging variables. */
#ifndef MV_UTIL_SECURE_H
#define MV_UTIL_SECURE_H

#include <stdbool.h>

bool mv_util_secure_execution(void);

#endif
