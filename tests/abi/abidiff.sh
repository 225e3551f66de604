#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/abi/abidiff.sh SOURCE_ROOT LIBMODVIRT — compares the built library
# with the checked-in ABI baseline (abi/libmodvirt.abi). New symbols pass;
# any change to an existing function or type fails, compatible or not by
# abidiff's rules (it lets a reordering of same-typed slots through, which
# breaks every built plugin). An intended append updates the baseline with
# abi/update-baseline.sh in the same commit. TAP output.
top=$1
lib=$2
echo "1..1"
if ! command -v abidiff >/dev/null 2>&1; then
    echo "ok 1 # SKIP abidiff not installed (package abigail-tools)"
    exit 0
fi
out=$(abidiff --no-added-syms \
    --hd2 "$top/core/include/libvirt" --hd2 "$top/core/include/modvirt" \
    --hd2 "$top/plugin-api/modvirt-plugin" \
    "$top/abi/libmodvirt.abi" "$lib" 2>&1)
rc=$?
# abidiff's status is a bit field: 1 error, 2 usage, 4 change, 8 incompatible.
if [ "$rc" -ne 0 ]; then
    echo "not ok 1 - ABI is compatible with abi/libmodvirt.abi (abidiff status $rc)"
    echo "$out" | sed 's/^/# /'
    exit 1
fi
echo "ok 1 - ABI is compatible with abi/libmodvirt.abi"
[ -n "$out" ] && echo "$out" | sed 's/^/# /'
exit 0
