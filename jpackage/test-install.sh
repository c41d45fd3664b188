#!/usr/bin/env bash
# CI test of the Linux installer (called by .ci/run after `mvn -B test`): builds the .deb, installs it with
# `dpkg --root` into a clean root that has no /usr/share/desktop-directories (as on a minimal Debian), runs
# `mlpc --version` and `mlpc --help` from it through /usr/bin/mlpc, then removes the package again.
# The root holds only a shell, the tools the maintainer scripts call and the C libraries the launcher and the JVM link
# against (copied from this machine): dpkg runs the package's maintainer scripts chrooted into it.
# Prints "N passed, N failed" and exits non-zero on a failure. Needs root (chroot), dpkg-deb, fakeroot.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
passed=0
failed=0
check() { # check NAME COMMAND...: runs the command, counts and reports the outcome
  local name=$1; shift
  if "$@" >"$log/$name.out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$log/$name.out" | tail -n 20
  fi
}

log=target/install-test
rm -rf "$log" && mkdir -p "$log"
if [ -n "${MLPC_TEST_DEB:-}" ]; then   # a .deb built before (development: saves the build)
  deb=$MLPC_TEST_DEB
else
  # the package's content is the release's; only its compression is the fastest (gzip -1 instead of xz -6): this
  # test is about installing, and xz over ~300 MB would take most of its time (sizes: BENCHMARKS.md)
  echo "building the .deb (mvn -B -q -Pinstaller -DskipTests package, packages: deb, gzip -1)"
  if ! DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=1 MLPC_PACKAGE_TYPES=deb mvn -B -q -Pinstaller -DskipTests package >"$log/build.log" 2>&1; then
    tail -n 40 "$log/build.log"
    echo "0 passed, 1 failed"
    exit 1
  fi
  deb=$(ls target/installer/*.deb)
fi
echo "built $deb ($(du -h "$deb" | cut -f1)) in $(($(date +%s) - started)) s"

image=""
root=$(mktemp -d /tmp/mlpc-root.XXXXXX)
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  [ -n "$image" ] && rm -rf "${image%/opt/mlpc}"
  # never remove through a /proc that is still mounted
  if ! grep -q " $root/proc " /proc/mounts; then rm -rf "$root"; fi
}
trap cleanup EXIT

# A merged-/usr root with sh and coreutils, dpkg's admin directory, /dev/null, /tmp and, for the JVM, /proc.
mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{etc,tmp,opt,dev,proc} "$root"/var/lib/dpkg/{info,updates,triggers}
chmod 1777 "$root/tmp"
ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
touch "$root"/var/lib/dpkg/{status,available}
mkdir -p "$root/root"
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
mknod -m 666 "$root/dev/null" c 1 3 2>/dev/null || touch "$root/dev/null"
mount -t proc proc "$root/proc" 2>/dev/null || mount --bind /proc "$root/proc" 2>/dev/null || true
copy_libs() { # the shared libraries FILE links against, at the same paths in the root
  ldd "$1" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
    [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
  done
}
for tool in sh dash ln rm readlink mkdir cat sed grep ls env ldconfig start-stop-daemon; do
  path=$(command -v "$tool") || continue
  real=$(readlink -f "$path")
  cp -L "$real" "$root/usr/bin/$(basename "$path")" 2>/dev/null || cp -L "$real" "$root/usr/sbin/$(basename "$path")"
  copy_libs "$real"
done
ln -sf dash "$root/usr/bin/sh" 2>/dev/null || true
# the libraries of the launcher and the JVM (not those of the desktop: JavaFX and AWT are not loaded by the CLI)
image=$(mktemp -d /tmp/mlpc-deb.XXXXXX)
dpkg -x "$deb" "$image"
image="$image/opt/mlpc"
for f in "$image/bin/mlpc" "$image/lib/runtime/bin/java" "$image"/lib/*.so "$image"/lib/runtime/lib/{libjli,libjava,libjimage,libzip,libnio,libnet,libverify,libextnet}.so \
         "$image"/lib/runtime/lib/server/libjvm.so; do
  [ -e "$f" ] && copy_libs "$f"
done

check no-desktop-directories test ! -e "$root/usr/share/desktop-directories"
check dpkg-install dpkg --root="$root" --force-depends -i "$deb"
check package-installed sh -c "dpkg --root='$root' -s mlpc | grep -q '^Status: install ok installed'"
check usr-bin-link sh -c "[ \"\$(readlink '$root/usr/bin/mlpc')\" = /opt/mlpc/bin/mlpc ]"
check cds-archive test -s "$root/opt/mlpc/lib/app/mlpc.jsa"
check mlpc-version sh -c "chroot '$root' /usr/bin/mlpc --version | tee /dev/stderr | grep -Eq '^mlpc [0-9][0-9.]* \((commit [0-9a-f]{12}|unknown commit)'"
# the launcher's class path is the one the archive was dumped for (-Xshare:on fails the start when it is not)
check cds-archive-used sh -c "JAVA_TOOL_OPTIONS=-Xshare:on chroot '$root' /usr/bin/mlpc --version"
check mlpc-help sh -c "chroot '$root' /usr/bin/mlpc --help | grep -q 'Usage: mlpc'"
check no-javafx-warning sh -c "! chroot '$root' /usr/bin/mlpc --version 2>&1 | grep -q 'Unsupported JavaFX configuration'"
check dpkg-remove dpkg --root="$root" --force-depends -r mlpc
check link-removed test ! -e "$root/usr/bin/mlpc" -a ! -L "$root/usr/bin/mlpc"
check app-removed test ! -e "$root/opt/mlpc/bin/mlpc"

echo "installer test: $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
