#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/daemon/test-units.sh UNIT_DIR MODVIRTD SBINDIR — the systemd units
# the build generates (modvirtd's, and each per-driver daemon's service and
# two sockets) pass `systemd-analyze verify` without a word, with their
# ExecStart pointed at the built modvirtd; and each per-driver service runs
# `modvirtd --drivers PLUGIN` listening where its sockets say. TAP output.
set -u
dir=$1 modvirtd=$2 sbindir=$3
n=0 failed=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

units=$(cd "$dir" && ls *.service *.socket 2>/dev/null)
if [ -z "$units" ]; then
    echo "1..0 # SKIP no unit generated in $dir"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for u in $units; do
    sed "s|$sbindir/modvirtd|$modvirtd|g" "$dir/$u" >"$work/$u"
done

if command -v systemd-analyze >/dev/null 2>&1; then
    out=$(cd "$work" && systemd-analyze verify --man=no $units 2>&1)
    rc=$?
    if [ $rc -eq 0 ] && [ -z "$out" ]; then
        ok "systemd-analyze verify: $(echo $units | wc -w) units, no complaint"
    else
        not_ok "systemd-analyze verify (status $rc)"
        echo "$out" | sed 's/^/#   /'
    fi
else
    n=$((n + 1)); echo "ok $n # SKIP systemd-analyze is not installed (package systemd)"
fi

# Each service's sockets are the ones its daemon listens on: the unit's
# ListenStream paths are modvirtNAMEd-sock and -sock-ro, NAME from the
# service's name, and its ExecStart names a plugin.
for svc in $(cd "$work" && ls modvirt*d.service); do
    name=${svc%.service}
    [ "$name" = modvirtd ] && continue
    rw=$(sed -n 's/^ListenStream=//p' "$work/$name.socket")
    ro=$(sed -n 's/^ListenStream=//p' "$work/$name-ro.socket")
    plugin=$(sed -n 's/^ExecStart=.* --drivers \([^ ]*\).*/\1/p' "$work/$svc")
    if [ "${rw##*/}" = "$name-sock" ] && [ "${ro##*/}" = "$name-sock-ro" ] && [ -n "$plugin" ]; then
        ok "$svc: modvirtd --drivers $plugin on $name-sock and $name-sock-ro"
    else
        not_ok "$svc: sockets '$rw' '$ro', plugin '$plugin'"
    fi
done
echo "1..$n"
[ $failed -eq 0 ]
