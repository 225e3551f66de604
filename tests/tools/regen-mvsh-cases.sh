#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/tools/regen-mvsh-cases.sh — writes the expected output of every case
# in tests/tools/mvsh-cases by running the SAME command line with real virsh
# against libvirt's own test:///default: mvsh must match virsh byte for byte.
#
# usage: tests/tools/regen-mvsh-cases.sh [CASE...]   (needs virsh, libvirt's test driver)
#
# A case NAME is NAME.cmd (one batch line; '#' lines are comments), optional
# NAME.opts (extra options before it, e.g. -q), optional NAME.env (VAR=VALUE
# lines set for the run, e.g. EDITOR), and the outputs written here:
# NAME.out (stdout), NAME.err (stderr, only if not empty), NAME.rc (only if
# not 0). Commands run in a scratch directory holding a link to data/; its
# path is written as @CWD@.
# libvirt 9.0's virsh now and then hangs at exit after a managedsave on its
# test driver (exit 124 here, from timeout): write such a case again.
# Cases whose .cmd starts with "# keep:" are not regenerated: their expected
# output legitimately differs from virsh's (the comment says why).
set -eu
cd "$(dirname "$0")/mvsh-cases"
dir=$(pwd)
if [ $# -eq 0 ]; then
    set -- $(ls ./*.cmd | sed 's|^\./||; s|\.cmd$||')
fi
for name in "$@"; do
    if head -n1 "$name.cmd" | grep -q '^# keep:'; then
        echo "kept   $name (hand-written)"
        continue
    fi
    line=$(grep -v '^#' "$name.cmd" | paste -sd ';' -)
    opts=$(cat "$name.opts" 2>/dev/null || true)
    envfile=$dir/$name.env
    [ -f "$envfile" ] || envfile=/dev/null
    scratch=$(mktemp -d)
    ln -s "$dir/data" "$scratch/data"
    rc=0
    # shellcheck disable=SC2086  # opts are words
    (cd "$scratch" && unset VISUAL EDITOR &&
        while IFS= read -r kv; do export "$kv"; done <"$envfile" &&
        timeout 60 virsh -c test:///default $opts "$line") \
        >"$dir/$name.out" 2>"$dir/$name.err" </dev/null || rc=$?
    sed -i -e "s|$scratch|@CWD@|g" -e "s|/virsh[A-Za-z0-9]\{6\}\.xml|/virshXXXXXX.xml|g" \
        "$dir/$name.out" "$dir/$name.err"
    rm -rf "$scratch"
    [ -s "$name.err" ] || rm -f "$name.err"
    if [ "$rc" -ne 0 ]; then echo "$rc" >"$name.rc"; else rm -f "$name.rc"; fi
    echo "wrote  $name (exit $rc)"
done
