#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# abi/update-baseline.sh BUILD_DIR — rewrite abi/libmodvirt.abi from a build.
# Run it only when the ABI changed on purpose (an append in a new minor
# version); CI compares every build with the checked-in file.
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
abidw --no-corpus-path --no-comp-dir-path \
    --headers-dir "$top/core/include/libvirt" \
    --headers-dir "$top/core/include/modvirt" \
    --headers-dir "$top/plugin-api/modvirt-plugin" \
    "$build/core/libmodvirt.so.0" > "$here/libmodvirt.abi"
echo "wrote $here/libmodvirt.abi"
