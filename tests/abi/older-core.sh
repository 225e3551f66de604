#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/abi/older-core.sh SOURCE_ROOT STAGE WORK — the promise that a
# plugin built with today's headers for an older ABI loads into that core,
# checked against a real 1.0 core: the last commit of this repository whose
# abi.h said minor 0, built and installed under WORK. STAGE is today's
# installed modvirt (headers, pkg-config files, mvsh). TAP output; exits 77
# when the repository has no history to build the old core from.
set -u
top=$1 stage=$2 work=$3
n=0 failed=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check()  { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

intro=$(git -C "$top" log --format=%H -S'#define MV_PLUGIN_ABI_MINOR 1' \
        -- plugin-api/modvirt-plugin/abi.h 2>/dev/null | tail -n 1)
if [ -z "$intro" ] || ! base=$(git -C "$top" rev-parse --verify -q "$intro^"); then
    echo "1..0 # SKIP no git history: cannot build the ABI 1.0 core"
    exit 77
fi
echo "# ABI 1.0 core: $(git -C "$top" log -1 --format='%h %s' "$base" | cut -c1-72)"

rm -rf "$work" && mkdir -p "$work/src" "$work/plugins"
old=$work/core-1.0
if ! { git -C "$top" archive "$base" | tar -x -C "$work/src"; } ||
   ! meson setup "$work/build" "$work/src" --prefix="$old" -Dtests=false -Dbench=false \
        -Ddocs=false -Dtest_driver=disabled -Dqemu=disabled -Dlxc=disabled \
        -Dstorage_dir=disabled -Dbridge_net=disabled >"$work/build.log" 2>&1 ||
   ! ninja -C "$work/build" install >>"$work/build.log" 2>&1; then
    tail -20 "$work/build.log" | sed 's/^/# /'
    echo "Bail out! the ABI 1.0 core does not build"
    exit 1
fi
oldlib=$(find "$old" -name libmodvirt.so.0 -printf '%h\n' | head -n 1)
newlib=$(find "$stage" -name libmodvirt.so.0 -printf '%h\n' | head -n 1)
export PKG_CONFIG_PATH="$newlib/pkgconfig"
script=$(pkg-config --variable=plugin_version_script modvirt-plugin)

# Today's headers, targeting 1.0: the out-of-tree example.
meson setup "$work/example" "$top/examples/out-of-tree-driver" --werror \
    -Dc_args=-DMV_PLUGIN_ABI_MIN_REQUIRED=MV_PLUGIN_ABI_1_0 >"$work/example.log" 2>&1 &&
    ninja -C "$work/example" >>"$work/example.log" 2>&1
check "the example builds with today's headers for ABI 1.0" \
    "cp '$work/example/example.so' '$work/plugins/'"
check "it needs no symbol newer than MODVIRT_PLUGIN_1.0" \
    "! objdump -T '$work/plugins/example.so' | grep -q 'MODVIRT_PLUGIN_1\.[1-9]'"

# A plugin that fills a 1.1 slot: it cannot target 1.0, and says 1.1.
plugin_cc() {   # plugin_cc MINOR OUTPUT
    cc -shared -fPIC -fvisibility=hidden -Wall -Werror \
        -DMV_PLUGIN_ABI_MIN_REQUIRED=MV_PLUGIN_ABI_1_$1 \
        $(pkg-config --cflags modvirt-plugin) "$top/tests/abi/console-plugin.c" \
        -o "$2" $(pkg-config --libs modvirt-plugin) -Wl,--version-script="$script"
}
check "filling a 1.1 slot while targeting 1.0 does not compile" \
    "! plugin_cc 0 '$work/console-1.0.so' 2>'$work/console-1.0.log' &&
     grep -q domainOpenConsole '$work/console-1.0.log'"
check "filling a 1.1 slot while targeting 1.1 compiles" \
    "plugin_cc 1 '$work/plugins/console.so'"

list=$(LD_LIBRARY_PATH="$oldlib" MODVIRT_PLUGIN_DIR="$work/plugins" "$old/bin/mvsh" plugin-list 2>&1)
echo "$list" | sed 's/^/# /'
check "the 1.0 core loads the example built for 1.0" \
    "echo \"\$list\" | grep -Eq '^ example +[^ ]+ +1\.0 +loaded '"
check "the 1.0 core refuses the 1.1 plugin, naming the minor it needs" \
    "echo \"\$list\" | grep -A1 -E '^ console ' | grep -q 'needs plugin ABI 1\.1, newer than this core.s 1\.0'"
out=$(LD_LIBRARY_PATH="$oldlib" MODVIRT_PLUGIN_DIR="$work/plugins" \
      "$old/bin/mvsh" -c example:///default list --all 2>&1)
rc=$?
check "the 1.0 core serves example:///default through it" \
    "[ $rc -eq 0 ] && echo \"\$out\" | grep -Eq ' alpha +running' && echo \"\$out\" | grep -Eq ' beta +shut off'"
echo "$out" | sed 's/^/# /'

list=$(LD_LIBRARY_PATH="$newlib" MODVIRT_PLUGIN_DIR="$work/plugins" "$stage/bin/mvsh" plugin-list 2>&1)
check "today's core loads both" \
    "echo \"\$list\" | grep -Eq '^ example +[^ ]+ +1\.0 +loaded ' &&
     echo \"\$list\" | grep -Eq '^ console +[^ ]+ +1\.1 +loaded '"

echo "1..$n"
[ "$failed" -eq 0 ]
