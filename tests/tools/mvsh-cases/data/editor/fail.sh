#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# An editor for the --edit cases: fails without touching the file.
exit 3
