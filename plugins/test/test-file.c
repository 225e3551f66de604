/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-file.c — reading the files a test:/// connection is
 * given (node files, the files their objects name, save images): regular
 * files only, of bounded size (mv_file_read_regular). A FIFO would block
 * the open forever, and /dev/zero would be read until memory runs out. */
#include "test-state.h"

char *mv_test_file_load(const char *path, size_t max, size_t *len, bool *opened, char **cause)
{
    char *text = NULL;
    int errnum = 0;
    mv_file_read_status st = mv_file_read_regular(path, max, &text, len, &errnum);
    *opened = st != MV_FILE_READ_CANNOT_OPEN;
    *cause = mv_file_read_cause(st, errnum, max);
    return text;
}
