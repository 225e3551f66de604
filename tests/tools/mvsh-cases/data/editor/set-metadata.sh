#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# An editor for the --edit cases: shows what it was given on stderr, then
# replaces it with a new element.
cat "$1" >&2
printf '<app>\n  <owner>ops</owner>\n</app>\n' >"$1"
