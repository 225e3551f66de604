/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz/fuzz-uri.c — libFuzzer target for the connection URI parser. */
#include "core/util/uri.h"
#include "core/util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    mv_uri *u = mv_uri_parse(s);
    if (u) {
        /* Every field a driver reads must be consistent. */
        if (!u->scheme || !u->driver || strncmp(u->scheme, u->driver, strlen(u->driver)) != 0)
            abort();
        for (size_t i = 0; i < u->nparams; i++)
            if (!u->params[i].name || !u->params[i].value)
                abort();
        mv_uri_get_param(u, "root");
        mv_uri_free(u);
    }
    mv_error_reset_last();
    free(s);
    return 0;
}
