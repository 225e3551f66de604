#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# An editor for the --edit cases: leaves text that is not XML.
printf '<app><unclosed>\n' >"$1"
