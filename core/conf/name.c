/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/name.c — the character rule shared by every object name. */
#include "core/conf/name.h"
#include <modvirt-plugin/error.h>

#include <glib.h>

int mv_conf_name_check_chars(const char *name)
{
    for (const char *p = name; p && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_iscntrl(c))
            continue;
        /* libvirt's own text for the one character it refuses; the others
         * by number, as printing them raw would garble the message. */
        if (c == '\n')
            mv_error_report(VIR_FROM_XML, VIR_ERR_XML_DETAIL, "invalid char in name: \n");
        else
            mv_error_report(VIR_FROM_XML, VIR_ERR_XML_DETAIL, "invalid char in name: 0x%02x",
                            (unsigned int)c);
        return -1;
    }
    return 0;
}
