#!/usr/bin/env bash
# Builds installers from target/app (run by `mvn -Pinstaller package`, after the jar and its libraries are in place).
# Always an app-image; on Linux also a .deb where dpkg-deb and fakeroot exist. Output: target/installer/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/installer
rm -rf "$out" && mkdir -p "$out"
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=mac ;;
  *) os=windows ;;
esac
os_args=()
[ -f "jpackage/$os/$os.args" ] && os_args+=("@jpackage/$os/$os.args")
jpackage --type app-image --input target/app --dest "$out" @jpackage/common.args "${os_args[@]}"
echo "app-image: $out/mlpc"
if [ "$os" = linux ] && command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  jpackage --type deb --input target/app --dest "$out" @jpackage/common.args "${os_args[@]}" @jpackage/linux/deb.args
  ls "$out"/*.deb
fi
# Smoke: the packaged launcher runs headless.
"$out/mlpc/bin/mlpc" --help >/dev/null && echo "packaged launcher: --help ok"
