#!/bin/sh
# An editor for the --edit cases: leaves the file as it is.
exit 0
