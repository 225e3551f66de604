#!/bin/sh
# An editor for the --edit cases: leaves text that is not XML.
printf '<app><unclosed>\n' >"$1"
