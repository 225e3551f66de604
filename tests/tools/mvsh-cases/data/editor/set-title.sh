#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# An editor for the --edit cases: a one-line title, ended by a new line as
# editors end files.
printf 'Edited title\n' >"$1"
