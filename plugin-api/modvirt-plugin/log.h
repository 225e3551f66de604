/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/log.h — logging for drivers.
 *
 * Lines go where MODVIRT_DEBUG / MODVIRT_LOG_FILTERS send them; SOURCE names
 * who speaks ("plugin.qemu"), so a reader knows whom a line blames.
 */
#ifndef MODVIRT_PLUGIN_LOG_H
#define MODVIRT_PLUGIN_LOG_H

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MV_LOG_DEBUG = 1,
    MV_LOG_INFO = 2,
    MV_LOG_WARN = 3,
    MV_LOG_ERROR = 4,
} mv_log_priority;

void mv_log(mv_log_priority prio, const char *source, const char *fmt, ...) MV_PRINTF(3, 4);

/* Non-zero when a line of PRIO from SOURCE would be written. */
int mv_log_enabled(mv_log_priority prio, const char *source);

#ifdef __cplusplus
}
#endif

#endif
