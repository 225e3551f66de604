#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/plugins/lxc/run-in-netns.sh — runs one lxc test program inside a
# fresh network namespace mvl-<pid> and deletes it afterwards, also on
# failure. Unlike `ip netns exec`, which mounts a new /sys and so hides the
# cgroup hierarchies under it, this enters the namespace with nsenter, and
# in a private mount namespace moves the cgroup mounts onto the new /sys.
# Without root, ip or nsenter/unshare: a TAP skip with the reason.
skip() {
    echo "1..0 # SKIP $1"
    exit 0
}
[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces"
for tool in ip nsenter unshare mount; do
    command -v $tool >/dev/null 2>&1 || skip "needs $tool for network namespaces"
done
ns="mvl-$$"
ip netns add "$ns" 2>/dev/null || skip "cannot create a network namespace (ip netns add failed)"
cleanup() {
    pids=$(ip netns pids "$ns" 2>/dev/null)
    [ -n "$pids" ] && kill -9 $pids 2>/dev/null
    ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM
MVT_NS="$ns" nsenter --net="/run/netns/$ns" unshare -m --propagation private sh -c '
    set -e
    keep=$(mktemp -d /tmp/mvl-cg.XXXXXX)
    if mountpoint -q /sys/fs/cgroup 2>/dev/null || grep -q " /sys/fs/cgroup" /proc/self/mountinfo; then
        mount --rbind /sys/fs/cgroup "$keep"
        mount -t sysfs sysfs /sys
        mount --move "$keep" /sys/fs/cgroup
    else
        mount -t sysfs sysfs /sys
    fi
    rmdir "$keep"
    ip link set lo up
    exec "$@"' sh "$@"
