/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/secure.c — secure-execution mode (see secure.h). */
#include "core/util/secure.h"

#include <sys/auxv.h>
#include <unistd.h>

bool mv_util_secure_execution(void)
{
    return getauxval(AT_SECURE) != 0 || getuid() != geteuid() || getgid() != getegid();
}
