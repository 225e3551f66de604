#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/packaging/run.sh [SOURCE_ROOT [WORK]] — builds the Debian packages
# (debian/) from a copy of the tree and proves, by installing them on this
# machine, what they promise: a client with one driver works alone and
# names the package of a missing one; a driver installed later works,
# removed leaves no file and purged leaves no configuration; a driver built
# for an older plugin ABI survives an upgrade of libmodvirt0; modvirtd
# starts as its unit says and answers read-only; an application builds
# against libmodvirt-dev. Needs root on Debian 12 with the build
# dependencies installed. Every package it installs is purged at the end,
# and what it started is stopped, also on failure. TAP output; exits 77
# when it cannot run here.
set -u
top=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
work=${2:-/tmp/modvirt-packaging}
n=0 failed=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check()  { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
skip()   { n=$((n + 1)); echo "ok $n # SKIP $1"; }
note()   { sed 's/^/# /'; }
bail()   { echo "Bail out! $1"; exit 1; }

if [ "$(id -u)" != 0 ] || ! command -v dpkg-buildpackage >/dev/null || ! command -v apt-get >/dev/null; then
    echo "1..0 # SKIP needs root, apt-get and dpkg-buildpackage (package dpkg-dev)"
    exit 77
fi
if ! (cd "$top" && dpkg-checkbuilddeps) >/dev/null 2>&1; then
    (cd "$top" && dpkg-checkbuilddeps) 2>&1 | note
    echo "1..0 # SKIP build dependencies missing: apt-get build-dep $top"
    exit 77
fi

# The packages are built and used as on a machine where nothing else
# points at another modvirt (a staged install's pkg-config files, plugins).
unset PKG_CONFIG_PATH LD_LIBRARY_PATH MODVIRT_PLUGIN_DIR MODVIRT_PLUGIN_SCANNER \
      MODVIRT_RUN_ROOT MODVIRT_DEFAULT_URI LIBVIRT_DEFAULT_URI MODVIRT_DAEMON
export DEBIAN_FRONTEND=noninteractive
export MODVIRT_PLUGIN_CACHE=$work/plugin-cache/plugins.cache
apt_get() { apt-get -o DPkg::Lock::Timeout=600 -y -q --no-install-recommends "$@"; }
installed() { dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 == "ii" { print $2 }' | sort; }
# System directories the packages may create, and whether they were here.
sysdirs="/etc/modvirt /var/lib/modvirt /var/log/modvirt /var/cache/modvirt /run/modvirt"
existed=
for d in $sysdirs; do [ -e "$d" ] && existed="$existed $d"; done

# Leftovers of an interrupted earlier run: no other package has these names.
left=$(installed | grep -E '^(libmodvirt|modvirt-)' | tr '\n' ' ')
if [ -n "$left" ]; then
    echo "# purging leftovers of an earlier run: $left"
    apt_get purge $left >/dev/null 2>&1
fi
baseline=$(installed)

daemon_pid=
restore_packages() {
    if [ -n "$daemon_pid" ]; then
        kill "$daemon_pid" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$daemon_pid" 2>/dev/null
        daemon_pid=
    fi
    if [ -d /run/systemd/system ]; then
        for u in modvirtd.service modvirtd.socket modvirtd-ro.socket modvirtqemud.service \
                 modvirtqemud.socket modvirtqemud-ro.socket; do
            systemctl is-active -q $u 2>/dev/null && systemctl stop $u
        done
    fi
    # Everything installed since the start, modvirt's and their dependencies.
    local extra
    extra=$(comm -13 <(echo "$baseline") <(installed) | tr '\n' ' ')
    [ -n "$extra" ] && apt_get purge $extra >>"$work/apt.log" 2>&1
}
restore_dirs() {
    for d in $sysdirs; do
        case " $existed " in *" $d "*) ;; *) rm -rf "$d" ;; esac
    done
}
restore() { restore_packages; restore_dirs; }
trap restore EXIT
trap 'exit 130' INT TERM

rm -rf "$work" && mkdir -p "$work/src" "$work/plugin-cache"
# install_debs DEB...: apt installs local .deb files and what they depend on.
install_debs() { apt_get install "$@" >>"$work/apt.log" 2>&1; }
deb() { ls "$work"/$1_*.deb 2>/dev/null | grep -v dbgsym | head -n 1; }

# 1. Build, from a copy: dpkg-buildpackage writes into the source tree.
tar -C "$top" --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
    --exclude=./debian/tmp -cf - . | tar -C "$work/src" -xf -
start=$(date +%s)
(cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
    dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1
rc=$?
echo "# dpkg-buildpackage: $(($(date +%s) - start)) s"
if [ $rc -ne 0 ]; then
    tail -30 "$work/build.log" | note
    bail "the packages do not build"
fi
ok "dpkg-buildpackage -us -uc -b builds the packages"
for p in libmodvirt0 libmodvirt-dev modvirt-plugin-dev modvirt-clients modvirt-driver-test \
         modvirt-driver-qemu modvirt-driver-lxc modvirt-driver-storage-dir modvirt-driver-bridge-net; do
    [ -n "$(deb $p)" ] || not_ok "package $p built"
done
for f in "$work"/*.deb; do dpkg-deb -c "$f" | awk '$1 !~ /^d/ { print $6 }'; done | sort | uniq -d >"$work/dups"
check "no file is in two packages" "[ ! -s '$work/dups' ]"
note <"$work/dups"

# Every driver depends on libmodvirt0 at least at its ABI minor, never on one build.
bad=
for f in "$work"/modvirt-driver-*.deb; do
    case $f in *dbgsym*) continue ;; esac
    dep=$(dpkg-deb -f "$f" Depends)
    echo "$(dpkg-deb -f "$f" Package): $dep" | note
    echo "$dep" | grep -q 'libmodvirt0 (>= ' && ! echo "$dep" | grep -q 'libmodvirt0 (= ' || bad="$bad $f"
done
check "driver packages depend on libmodvirt0 (>= ABI minor), never (= version)" "[ -z '$bad' ]"
abi_minor=$(sed -n 's/^#define MV_PLUGIN_ABI_MINOR \([0-9]*\)$/\1/p' "$top/plugin-api/modvirt-plugin/abi.h")
check "the dependency is the symbols file's version of MODVIRT_PLUGIN_1.$abi_minor" \
    "dpkg-deb -f '$(deb modvirt-driver-test)' Depends | grep -qF \
     \"libmodvirt0 (>= \$(awk '\$1 == \"(symver)MODVIRT_PLUGIN_1.$abi_minor\" { print \$2 }' '$top/debian/libmodvirt0.symbols'))\""

start=$(date +%s)
(cd "$work" && lintian --fail-on error,warning ./*.changes) >"$work/lintian.log" 2>&1
rc=$?
note <"$work/lintian.log"
echo "# lintian: $(($(date +%s) - start)) s"
check "lintian: no error, every warning fixed or overridden" "[ $rc -eq 0 ]"

# 2. Only the library, the shell and the test driver.
install_debs "$(deb libmodvirt0)" "$(deb modvirt-clients)" "$(deb modvirt-driver-test)"
new=$(comm -13 <(echo "$baseline") <(installed) | grep -E '^(libmodvirt|modvirt-)' | tr '\n' ' ')
check "libmodvirt0, modvirt-clients and modvirt-driver-test install alone" \
    "[ '$new' = 'libmodvirt0 modvirt-clients modvirt-driver-test ' ]"
out=$(mvsh -c test:///default list --all 2>&1)
echo "$out" | note
check "mvsh -c test:///default list --all" "echo \"\$out\" | grep -Eq '^ 1 +test +running'"
out=$(mvsh -c qemu:///system list 2>&1)
rc=$?
echo "$out" | note
check "mvsh -c qemu:///system list names the package to install" \
    "[ $rc -ne 0 ] && echo \"\$out\" | grep -q 'package modvirt-driver-qemu'"

# The bash completion, loaded on demand as bash-completion does.
complete_line() {   # complete_line WORDS...: the candidates for the last word
    bash -c '. /usr/share/bash-completion/bash_completion
        _completion_loader mvsh
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _mvsh mvsh "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' complete "$@" 2>&1
}
check "bash completion: commands" "complete_line mvsh -c test:///default sta | grep -qx start"
check "bash completion: a command's options" "complete_line mvsh -c test:///default list --a | grep -qx -- --all"
check "bash completion: domain names from the connection" \
    "complete_line mvsh -c test:///default dominfo '' | grep -qx test"
check "bash completion: network names from the connection" \
    "complete_line mvsh -c test:///default net-info '' | grep -qx default"
check "bash completion: pool names for --pool" \
    "complete_line mvsh -c test:///default vol-info v --pool '' | grep -qx default-pool"

# 3. A driver installed later, removed, purged.
before=$(installed)
plugin_files=$(dpkg-deb -c "$(deb modvirt-driver-storage-dir)" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }')
install_debs "$(deb modvirt-driver-storage-dir)"
check "modvirt-driver-storage-dir installs with nothing else touched" \
    "[ \"\$(comm -3 <(echo \"\$before\") <(installed) | tr -d '\t ')\" = modvirt-driver-storage-dir ]"
pool=$work/pool
out=$(mvsh -c storage:///system "pool-define-as pkgtest dir --target $pool; pool-build pkgtest;
    pool-start pkgtest; vol-create-as pkgtest v1 1M; vol-list pkgtest" 2>&1)
echo "$out" | note
check "storage:///system: a pool and a volume" \
    "echo \"\$out\" | grep -Eq '^ v1 +$pool/v1' && [ -f /etc/modvirt/storage/pkgtest.xml ]"
mvsh -c storage:///system pool-destroy pkgtest >/dev/null 2>&1
apt_get remove modvirt-driver-storage-dir >>"$work/apt.log" 2>&1
out=$(mvsh -c test:///default list --all 2>&1)
check "after its removal the rest works" "echo \"\$out\" | grep -Eq '^ 1 +test +running'"
stale=$(for f in $plugin_files; do [ -e "$f" ] && echo "$f"; done)
check "no file of the removed package is left" "[ -z '$stale' ]"
check "the plugin directory holds the test plugin alone" \
    "[ \"\$(ls /usr/lib/*/modvirt/plugins/)\" = test_driver.so ]"
check "mvsh plugin-list no longer shows it" "! mvsh plugin-list 2>&1 | grep -q storage"
check "its definitions stay until it is purged" "[ -f /etc/modvirt/storage/pkgtest.xml ]"
apt_get purge modvirt-driver-storage-dir >>"$work/apt.log" 2>&1
check "purging removes its configuration and state" \
    "[ ! -e /etc/modvirt/storage ] && [ ! -e /var/lib/modvirt/storage ] && [ ! -e /run/modvirt/storage ] &&
     ! dpkg-query -W modvirt-driver-storage-dir >/dev/null 2>&1"
check "and never the files its volumes are" "[ -f '$pool/v1' ]"

# 4. An application built against libmodvirt-dev, run against the packaged library.
install_debs "$(deb libmodvirt-dev)" "$(deb modvirt-plugin-dev)"
cat >"$work/app.c" <<'EOF'
#include <libvirt/libvirt.h>
#include <stdio.h>
int main(void)
{
    virConnectPtr conn = virConnectOpenReadOnly("test:///default");
    if (!conn)
        return 1;
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < n; i++) {
        printf("%s\n", virDomainGetName(doms[i]));
        virDomainFree(doms[i]);
    }
    free(doms);
    virConnectClose(conn);
    return n > 0 ? 0 : 1;
}
EOF
sed -i '1i #include <stdlib.h>' "$work/app.c"
check "an application builds with pkg-config modvirt" \
    "cc -Wall -Werror '$work/app.c' -o '$work/app' \$(pkg-config --cflags --libs modvirt) 2>&1 | note; [ -x '$work/app' ]"
check "it runs against the packaged library" \
    "'$work/app' | grep -qx test && ldd '$work/app' | grep -Eq 'libmodvirt.so.0 => (/usr)?/lib/'"

# The out-of-tree example packaged as a third-party driver, built for ABI 1.0.
mkdir -p "$work/example/src"
cp -a "$top/examples/out-of-tree-driver/." "$work/example/src/"
(cd "$work/example/src" && DEB_BUILD_OPTIONS="parallel=2" dpkg-buildpackage -us -uc -b) >"$work/example-build.log" 2>&1
rc=$?
[ $rc -eq 0 ] || tail -20 "$work/example-build.log" | note
example=$(ls "$work"/example/modvirt-driver-example_*.deb 2>/dev/null | head -n 1)
check "modvirt-driver-example builds against modvirt-plugin-dev" "[ $rc -eq 0 ] && [ -n '$example' ]"
dep=$(dpkg-deb -f "$example" Depends 2>/dev/null)
echo "modvirt-driver-example: $dep" | note
check "it depends on the libmodvirt0 of plugin ABI 1.0" "echo '$dep' | grep -qF 'libmodvirt0 (>= 0.1.0~abi1.0)'"
(cd "$work/example" && lintian --fail-on error,warning ./*.changes) >"$work/lintian-example.log" 2>&1
rc=$?
note <"$work/lintian-example.log"
check "lintian: the example package is clean" "[ $rc -eq 0 ]"

# 5. A driver built for an older plugin ABI keeps loading after libmodvirt0
#    is upgraded. The older libmodvirt0 is the last commit whose abi.h said
#    minor 0, packaged as the snapshot 0.1.0~abi1.0.
apt_get purge libmodvirt0 >>"$work/apt.log" 2>&1
intro=$(git -C "$top" log --format=%H -S'#define MV_PLUGIN_ABI_MINOR 1' \
        -- plugin-api/modvirt-plugin/abi.h 2>/dev/null | tail -n 1)
if [ -z "$intro" ] || ! base=$(git -C "$top" rev-parse --verify -q "$intro^"); then
    skip "no git history: cannot build the ABI 1.0 libmodvirt0"
else
    old=$work/old
    mkdir -p "$old/src" "$old/root/DEBIAN"
    multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
    git -C "$top" archive "$base" | tar -x -C "$old/src" &&
    meson setup "$old/build" "$old/src" --prefix=/usr --libdir="lib/$multiarch" \
        --libexecdir="lib/$multiarch/modvirt" -Dtests=false -Dbench=false -Ddocs=false \
        -Dtest_driver=disabled -Dqemu=disabled -Dlxc=disabled -Dstorage_dir=disabled \
        -Dbridge_net=disabled >"$old/build.log" 2>&1 &&
    ninja -C "$old/build" >>"$old/build.log" 2>&1 &&
    DESTDIR="$old/stage" meson install -C "$old/build" >>"$old/build.log" 2>&1
    rc=$?
    [ $rc -eq 0 ] || tail -20 "$old/build.log" | note
    mkdir -p "$old/root/usr/lib/$multiarch/modvirt/plugins"
    cp -a "$old/stage/usr/lib/$multiarch"/libmodvirt.so.0* "$old/root/usr/lib/$multiarch/" 2>/dev/null
    cp -a "$old/stage/usr/lib/$multiarch/modvirt/modvirt-plugin-scanner" \
        "$old/root/usr/lib/$multiarch/modvirt/" 2>/dev/null
    cat >"$old/root/DEBIAN/control" <<EOF
Package: libmodvirt0
Version: 0.1.0~abi1.0-1
Architecture: $(dpkg --print-architecture)
Multi-Arch: same
Maintainer: modvirt maintainers <maintainers@users.noreply.r-seed-5902e7af.example>
Depends: libc6, libglib2.0-0, libxml2, libltdl7
Section: libs
Priority: optional
Description: libvirt's C API as a small core with driver plugins (library)
 A development snapshot of libmodvirt0 with plugin ABI 1.0, built for a test.
EOF
    dpkg-deb --root-owner-group -b "$old/root" "$old/libmodvirt0_0.1.0~abi1.0-1.deb" >/dev/null 2>&1
    check "libmodvirt0 0.1.0~abi1.0 (plugin ABI 1.0) is built from the history" \
        "[ $rc -eq 0 ] && [ -f '$old/libmodvirt0_0.1.0~abi1.0-1.deb' ]"
    install_debs "$old/libmodvirt0_0.1.0~abi1.0-1.deb" "$example"
    check "modvirt-driver-example installs with it" \
        "dpkg-query -W -f '\${Version}' libmodvirt0 | grep -qx '0.1.0~abi1.0-1' &&
         dpkg-query -W -f '\${db:Status-Abbrev}' modvirt-driver-example | grep -q '^ii'"
    oldsh() { "$old/stage/usr/bin/mvsh" "$@"; }
    out=$(oldsh -c example:///default list --all 2>&1)
    echo "$out" | note
    check "the 1.0 core loads it" "echo \"\$out\" | grep -Eq ' alpha +running'"
    check "a driver built for ABI 1.$abi_minor cannot be installed with the 1.0 core" \
        "! apt-get -s -q install --no-install-recommends '$(deb modvirt-driver-test)' >'$work/refuse.log' 2>&1 &&
         grep -q 'libmodvirt0 (>= ' '$work/refuse.log'"
    install_debs "$(deb libmodvirt0)" "$(deb modvirt-clients)"
    check "libmodvirt0 upgrades to the tree's build; the example stays installed" \
        "dpkg-query -W -f '\${Version}' libmodvirt0 | grep -qx '$(dpkg-deb -f "$(deb libmodvirt0)" Version)' &&
         dpkg-query -W -f '\${db:Status-Abbrev}' modvirt-driver-example | grep -q '^ii'"
    out=$(mvsh plugin-list 2>&1; mvsh -c example:///default list --all 2>&1)
    echo "$out" | note
    check "the upgraded core loads the example built for 1.0" \
        "echo \"\$out\" | grep -Eq '^ example +[^ ]+ +1\.0 +loaded ' && echo \"\$out\" | grep -Eq ' alpha +running'"
    apt_get purge modvirt-driver-example >>"$work/apt.log" 2>&1
fi

# 6. modvirtd through its unit, answering on the read-only socket.
if [ -z "$(deb modvirt-daemon)" ] || [ -z "$(deb modvirt-driver-remote)" ]; then
    skip "modvirt-daemon or modvirt-driver-remote not built from this tree"
else
    install_debs "$(deb libmodvirt0)" "$(deb modvirt-clients)" "$(deb modvirt-driver-qemu)" \
        "$(deb modvirt-daemon)" "$(deb modvirt-driver-remote)"
    unit=/lib/systemd/system/modvirtd.service
    check "modvirt-daemon installs its unit" "[ -f $unit ]"
    ro=/run/modvirt/modvirtd-sock-ro
    if [ -d /run/systemd/system ]; then
        systemctl start modvirtd.service
        how="systemctl start modvirtd.service"
    else
        # No systemd: run the unit's ExecStart as systemd would (docs/packaging.md).
        cmd=$(sed -n 's/^ExecStart=//p' "$unit" | head -n 1)
        how="the unit's ExecStart ($cmd)"
        setsid $cmd </dev/null >"$work/modvirtd.log" 2>&1 &
        daemon_pid=$!
    fi
    for _ in $(seq 1 40); do [ -S "$ro" ] && break; sleep 0.25; done
    check "modvirtd starts through $how" "[ -S $ro ]"
    out=$(mvsh -r -c qemu:///system list 2>&1)
    rc=$?
    echo "$out" | note
    check "the read-only socket answers mvsh -r -c qemu:///system list" \
        "[ $rc -eq 0 ] && echo \"\$out\" | grep -Eq '^ Id +Name +State'"
    if [ -n "$daemon_pid" ]; then
        kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null; daemon_pid=
    else
        systemctl stop modvirtd.service
    fi

    # The qemu driver's own daemon, from the units its package holds.
    units=/lib/systemd/system
    check "modvirt-driver-qemu installs modvirtqemud's service and sockets" \
        "[ -f $units/modvirtqemud.service ] && [ -f $units/modvirtqemud.socket ] && [ -f $units/modvirtqemud-ro.socket ]"
    ro=/run/modvirt/modvirtqemud-sock-ro
    if [ -d /run/systemd/system ]; then
        systemctl stop modvirtd.socket modvirtd-ro.socket modvirtd.service
        systemctl start modvirtqemud.socket modvirtqemud-ro.socket
        how="its socket units"
    else
        cmd=$(sed -n 's/^ExecStart=//p' "$units/modvirtqemud.service" | head -n 1)
        how="its unit's ExecStart ($cmd)"
        setsid $cmd </dev/null >"$work/modvirtqemud.log" 2>&1 &
        daemon_pid=$!
        for _ in $(seq 1 40); do [ -S "$ro" ] && break; sleep 0.25; done
    fi
    out=$(mvsh -r -c qemu:///system list 2>&1)
    rc=$?
    echo "$out" | note
    check "modvirtqemud through $how answers mvsh -r -c qemu:///system list on $ro" \
        "[ $rc -eq 0 ] && [ -S $ro ] && echo \"\$out\" | grep -Eq '^ Id +Name +State'"
    if [ -n "$daemon_pid" ]; then
        kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null; daemon_pid=
    else
        systemctl stop modvirtqemud.service modvirtqemud.socket modvirtqemud-ro.socket
    fi
fi

# 7. The machine as it was.
restore_packages
check "every package installed here is purged" "[ \"\$(installed)\" = \"\$baseline\" ]"
leftover=$(for d in $sysdirs; do
    case " $existed " in *" $d "*) ;; *) [ -e "$d" ] && find "$d" ;; esac
done)
check "the purges leave no modvirt file or directory behind" "[ -z '$leftover' ]"
echo "$leftover" | note
restore_dirs
trap - EXIT

echo "1..$n"
[ "$failed" -eq 0 ]
