#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/plugins/lxc/make-rootfs.sh DIR — builds a minimal busybox root for
# container tests in DIR: busybox (static, or dynamic with the libraries
# ldd names), its applets as symlinks in /bin, and the directories a
# container mounts on. Exits 77 when there is no busybox.
set -e
dir=$1
bb=$(command -v busybox 2>/dev/null || true)
[ -n "$bb" ] || exit 77
mkdir -p "$dir/bin" "$dir/sbin" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/tmp" \
         "$dir/etc" "$dir/root" "$dir/mnt" "$dir/var/run" "$dir/usr/share/udhcpc"
cp "$bb" "$dir/bin/busybox"
# the libraries of a dynamic busybox, at the same paths
for lib in $(ldd "$bb" 2>/dev/null | grep -o '/[^ ]*' || true); do
    mkdir -p "$dir$(dirname "$lib")"
    cp -L "$lib" "$dir$lib"
done
for app in $("$dir/bin/busybox" --list 2>/dev/null || "$bb" --list); do
    [ -e "$dir/bin/$app" ] || ln -s busybox "$dir/bin/$app"
done
ln -sf /bin/busybox "$dir/sbin/init"
echo "root:x:0:0:root:/root:/bin/sh" > "$dir/etc/passwd"
echo "root:x:0:" > "$dir/etc/group"
