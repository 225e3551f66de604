/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/uuid.c — parse, format and generate UUIDs. */
#include "core/util/uuid.h"

#include <glib.h>
#include <string.h>

int mv_uuid_parse(const char *str, unsigned char *uuid)
{
    if (!str)
        return -1;
    const char *p = str;
    while (g_ascii_isspace(*p))
        p++;
    for (int i = 0; i < VIR_UUID_BUFLEN; i++) {
        if (*p == '-')
            p++;
        int hi = g_ascii_xdigit_value(p[0]);
        int lo = hi < 0 ? -1 : g_ascii_xdigit_value(p[1]);
        if (hi < 0 || lo < 0)
            return -1;
        uuid[i] = (unsigned char)(hi << 4 | lo);
        p += 2;
    }
    while (g_ascii_isspace(*p))
        p++;
    return *p ? -1 : 0;
}

void mv_uuid_format(const unsigned char *uuid, char *buf)
{
    static const char hex[] = "0123456789abcdef";
    char *o = buf;
    for (int i = 0; i < VIR_UUID_BUFLEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[uuid[i] >> 4];
        *o++ = hex[uuid[i] & 0xf];
    }
    *o = '\0';
}

void mv_uuid_generate(unsigned char *uuid)
{
    for (int i = 0; i < VIR_UUID_BUFLEN; i += 4) {
        guint32 r = g_random_int();
        memcpy(uuid + i, &r, 4);
    }
    uuid[6] = (uuid[6] & 0x0f) | 0x40;
    uuid[8] = (uuid[8] & 0x3f) | 0x80;
}
