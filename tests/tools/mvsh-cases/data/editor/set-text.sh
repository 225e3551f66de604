#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# An editor for the --edit cases: the file becomes two lines of new text.
printf 'Edited in the editor\nsecond line\n' >"$1"
