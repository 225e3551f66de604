#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bench/run-netns.sh — runs a benchmark inside a fresh network namespace
# (bench-mvn-<pid>), deleted afterwards, so a network benchmark never
# touches the host's network. Needs root and `ip netns`.
[ "$(id -u)" = 0 ] || { echo "bench-network: needs root (network namespaces)" >&2; exit 77; }
ns="bench-mvn-$$"
ip netns add "$ns" || exit 2
trap 'pids=$(ip netns pids "$ns" 2>/dev/null); [ -n "$pids" ] && kill -9 $pids; ip netns del "$ns"' EXIT
MV_BENCH_NETNS="$ns" ip netns exec "$ns" "$@"
