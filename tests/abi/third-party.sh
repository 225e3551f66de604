#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/abi/third-party.sh SOURCE_ROOT STAGE WORK — a hypervisor driver
# written as a third party writes one (tests/fixtures/toy-hypervisor.c: its
# own scheme toy:///, its own <domain type='toy'>, host_services), built
# out of tree with nothing but pkg-config against the modvirt installed in
# STAGE, and used through the installed mvsh with the installed storage-dir
# and bridge-net plugins. TAP output.
set -u
top=$1 stage=$2 work=$3
n=0 failed=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check()  { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

rm -rf "$work" && mkdir -p "$work/plugins" "$work/root"
lib=$(find "$stage" -name libmodvirt.so.0 -printf '%h\n' | head -n 1)
export PKG_CONFIG_PATH="$lib/pkgconfig" LD_LIBRARY_PATH="$lib"
plugindir=$(pkg-config --variable=plugindir modvirt-plugin)
script=$(pkg-config --variable=plugin_version_script modvirt-plugin)
check "the toy driver builds against the installed plugin API" \
    "cc -shared -fPIC -fvisibility=hidden -Wall -Wextra -Werror -Wno-unused-parameter \
        \$(pkg-config --cflags modvirt-plugin) '$top/tests/fixtures/toy-hypervisor.c' \
        -o '$work/plugins/toy.so' \$(pkg-config --libs modvirt-plugin) -pthread \
        -Wl,--version-script='$script'"
for p in storage_dir bridge_net; do
    [ -f "$plugindir/$p.so" ] || { echo "Bail out! $p.so is not installed in $plugindir"; exit 1; }
done
export MODVIRT_PLUGIN_DIR="$work/plugins:$plugindir"
mvsh="$stage/bin/mvsh"
uri="toy:///embed?root=$work/root"

cat >"$work/dom.xml" <<'EOF'
<domain type='toy'>
  <name>t1</name>
  <memory unit='KiB'>65536</memory>
  <os><type>hvm</type></os>
</domain>
EOF
cat >"$work/pool.xml" <<EOF
<pool type='dir'><name>images</name><target><path>$work/root/images</path></target></pool>
EOF
cat >"$work/net.xml" <<'EOF'
<network><name>toynet</name><bridge name='mvtoy0'/></network>
EOF

out=$("$mvsh" -c "$uri" "define $work/dom.xml; list --all; dumpxml t1" 2>&1)
echo "$out" | sed 's/^/# /'
check "toy:/// defines and lists a domain of type 'toy'" \
    "echo \"\$out\" | grep -Eq '^ +- +t1 +shut off' && echo \"\$out\" | grep -q \"^<domain type='toy'>\""
out=$("$mvsh" -c "$uri" "pool-define $work/pool.xml; pool-build images; pool-start images;
      vol-create-as images disk.img 1M; vol-path --pool images disk.img;
      net-define $work/net.xml; net-list --all" 2>&1)
echo "$out" | sed 's/^/# /'
check "toy:/// makes a pool and a volume on the host's storage-dir" \
    "echo \"\$out\" | grep -qx '$work/root/images/disk.img' && [ -f '$work/root/images/disk.img' ]"
check "toy:/// defines a network on the host's bridge-net" \
    "echo \"\$out\" | grep -Eq '^ +toynet +inactive'"
out=$("$mvsh" -c "storage:///embed?root=$work/root" pool-list --all 2>&1)
check "storage:/// on the same root sees the pool" "echo \"\$out\" | grep -Eq '^ +images +active'"
# System URIs go to the installed modvirtd (the remote plugin is installed
# too), which loads the toy plugin as it loads the in-tree ones.
if [ "$(id -u)" = 0 ] && [ -x "$stage/sbin/modvirtd" ]; then
    setsid "$stage/sbin/modvirtd" --system --timeout 300 </dev/null >"$work/modvirtd.log" 2>&1 &
    dpid=$!
    sock=
    i=0
    while [ -z "$sock" ] && [ $i -lt 300 ] && kill -0 $dpid 2>/dev/null; do
        sock=$(find "$stage" -name modvirtd-sock -type s 2>/dev/null | head -n 1)
        [ -n "$sock" ] || sleep 0.1   # until the daemon has bound its socket
        i=$((i + 1))
    done
    check "the installed modvirtd starts with the toy plugin installed" "[ -n \"\$sock\" ]"
    a=$("$mvsh" -c toy:///system "pool-list --all --name; net-list --all --name" 2>&1); ra=$?
    b=$("$mvsh" -c storage:///system pool-list --all --name 2>&1; "$mvsh" -c network:///system net-list --all --name 2>&1)
    check "toy:///system through modvirtd lists the host's pools and networks" "[ $ra -eq 0 ] && [ \"\$a\" = \"\$b\" ]"
    t=$("$mvsh" -c toy:///system "define $work/dom.xml; list --all --name; undefine t1" 2>&1)
    check "modvirtd serves the third party's domains" "echo \"\$t\" | grep -qx t1"
    kill $dpid; wait $dpid
    check "modvirtd stops cleanly" "[ $? -eq 0 ]"
    [ $failed -eq 0 ] || sed 's/^/# modvirtd: /' "$work/modvirtd.log"
else
    n=$((n + 1)); echo "ok $n # SKIP toy:///system needs root and the installed modvirtd"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
