/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/error-messages.h — fixed user-visible texts of the error model:
 * each virErrorNumber's standard message and each virErrorDomain's name. */
#ifndef MV_ERROR_MESSAGES_H
#define MV_ERROR_MESSAGES_H

#include <stdbool.h>

/* Standard text for CODE; WITH_INFO selects the variant that embeds a detail
 * through its single "%s". NULL for VIR_ERR_OK and unknown codes. */
const char *mv_error_message_template(int code, bool with_info);

/* Display name of a VIR_FROM_* domain ("" for VIR_FROM_NONE); NULL if unknown. */
const char *mv_error_domain_name(int domain);

#endif
