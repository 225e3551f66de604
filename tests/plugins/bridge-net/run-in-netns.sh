#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/plugins/bridge-net/run-in-netns.sh — runs one bridge-net test
# program inside a fresh network namespace mvt-<pid> (the test's "host"),
# and deletes it and any mvt-<pid>-* namespaces the test made afterwards,
# also on failure. Without root or `ip netns`: a TAP skip with the reason.
skip() {
    echo "1..0 # SKIP $1"
    exit 0
}
[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces"
command -v ip >/dev/null 2>&1 || skip "needs ip (iproute2) for network namespaces"
ns="mvt-$$"
ip netns add "$ns" 2>/dev/null || skip "cannot create a network namespace (ip netns add failed)"
# A process left in a namespace (a dnsmasq after a crash) is killed first.
cleanup() {
    for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$ns-") "$ns"; do
        pids=$(ip netns pids "$n" 2>/dev/null)
        [ -n "$pids" ] && kill -9 $pids 2>/dev/null
        ip netns del "$n" 2>/dev/null
    done
}
trap cleanup EXIT
trap 'exit 1' INT TERM
ip netns exec "$ns" ip link set lo up
MVT_NS="$ns" ip netns exec "$ns" "$@"
