#!/bin/sh
# An editor for the --edit cases: fails without touching the file.
exit 3
