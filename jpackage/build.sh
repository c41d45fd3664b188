#!/usr/bin/env bash
# Builds installers from target/app (run by `mvn -Pinstaller package`, after the jar and its libraries are in place).
# Output: target/installer/ — the app image mlpc/ (macOS: mlpc.app), and the packages this OS can make:
#   Linux: .deb where dpkg-deb and fakeroot exist, .rpm where rpmbuild exists; macOS: .dmg; Windows: .msi (WiX 3).
# Steps:
#   1. a jlink runtime with only the modules the app needs (jdeps over the jar and its libraries, plus the services
#      jdeps cannot see), JavaFX linked in as modules from its platform jars (their native libraries copied next to
#      the JDK's, where System.loadLibrary finds them), stripped of debug data, headers and man pages, compressed;
#   2. the app image over that runtime, with the app's jars minus JavaFX;
#   3. AppCDS: the classes a console start loads (a training start of the image under Xvfb, or the desktop's display
#      on macOS/Windows) as lib/app/mlpc.classlist; the Linux packages dump the archive at install time for their own
#      paths (the JVM checks the class path as text), the image here gets its own archive lib/app/mlpc.jsa;
#   4. the packages from the image, with the maintainer scripts of jpackage/linux/resources/.
# Environment: MLPC_SKIP_TRAINING=1 skips step 3 (no class list, no archive); MLPC_PACKAGE_TYPES="deb" (Linux) makes
# only those package types (default "deb rpm").
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/installer
work=target/jpackage-work
rm -rf "$out" "$work"
mkdir -p "$out" "$work/input/lib" "$work/fx" "$work/natives"

case "$(uname -s)" in
  Linux) os=linux sep=: native_glob='*.so' native_dir=lib ;;
  Darwin) os=mac sep=: native_glob='*.dylib' native_dir=lib ;;
  *) os=windows sep=';' native_glob='*.dll' native_dir=bin ;;
esac

version=$(sed -n 's/^version=//p' target/classes/dev/mlpc/build.properties)
version=${version%%-*}   # jpackage wants digits and dots: 0.2.0-SNAPSHOT → 0.2.0
[ -n "$version" ] || { echo "build.sh: no version in target/classes/dev/mlpc/build.properties (run mvn package first)" >&2; exit 1; }

# 1. Inputs: the jar and its libraries without JavaFX. JavaFX's platform jars (javafx-NAME-VERSION-CLASSIFIER.jar)
#    become modules of the runtime; the jars without a classifier are empty placeholders and are left out.
cp target/app/mlpc.jar "$work/input/"
for jar in target/app/lib/*.jar; do
  name=$(basename "$jar")
  if [[ $name == javafx-* ]]; then
    [[ $name =~ ^javafx-[a-z]+-[0-9.]+-[a-z0-9-]+\.jar$ ]] && cp "$jar" "$work/fx/"
  else
    cp "$jar" "$work/input/lib/"
  fi
done
ls "$work"/fx/javafx-graphics-*.jar >/dev/null 2>&1 || { echo "build.sh: no JavaFX platform jar in target/app/lib" >&2; exit 1; }

jdk=$(dirname "$(dirname "$(command -v jlink)")")
[ -d "$jdk/jmods" ] || jdk=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
[ -d "$jdk/jmods" ] || { echo "build.sh: no jmods in $jdk (install a full JDK)" >&2; exit 1; }

# Modules: what jdeps finds, plus the one service it cannot see that the app needs: jdk.crypto.ec, the elliptic-curve
# key exchange of TLS with Snowflake, AWS and Azure (a provider loaded by name). JavaFX: javafx.controls and what it
# requires.
mods=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 \
  --module-path "$work/fx" --add-modules javafx.controls \
  --class-path "$work/input/lib/*" "$work/input/mlpc.jar")
mods="$mods,javafx.controls,jdk.crypto.ec"
echo "runtime modules: $mods"
echo "$mods" > "$work/modules.txt"
fx_graphics=$(cd "$work/fx" && ls javafx-graphics-*.jar)
(cd "$work/natives" && jar xf "../fx/$fx_graphics")
strip_native=()   # debug sections of the JDK's native libraries (Linux: objcopy, from binutils)
[ "$os" = linux ] && command -v objcopy >/dev/null && strip_native=(--strip-native-debug-symbols exclude-debuginfo-files)
link_runtime() { # link_runtime DIR COMPRESS: the runtime, JavaFX's native libraries beside the JDK's
  jlink --module-path "$jdk/jmods$sep$work/fx" --add-modules "$mods" \
    --strip-debug "${strip_native[@]}" --no-header-files --no-man-pages --compress="$2" \
    --exclude-resources="glob:/javafx.graphics/$native_glob" \
    --output "$1"
  find "$work/natives" -maxdepth 1 -name "$native_glob" -exec cp {} "$1/$native_dir/" \;
}
link_runtime "$work/runtime" 2

# 2. The app image. The launcher's options: the CDS archive beside the jar (-Xshare:auto: without it, or when it does
#    not fit, the JVM starts without sharing).
os_args=()
[ -f "jpackage/$os/$os.args" ] && os_args+=("@jpackage/$os/$os.args")
jpackage --type app-image --input "$work/input" --runtime-image "$work/runtime" --dest "$out" \
  --app-version "$version" @jpackage/common.args "${os_args[@]}" \
  --java-options '-XX:SharedArchiveFile=$APPDIR/mlpc.jsa' --java-options '-Xshare:auto'
case "$os" in
  mac) image="$out/mlpc.app" launcher="$image/Contents/MacOS/mlpc" appdir="$image/Contents/app" ;;
  windows) image="$out/mlpc" launcher="$image/mlpc.exe" appdir="$image/app" ;;
  *) image="$out/mlpc" launcher="$image/bin/mlpc" appdir="$image/lib/app" ;;
esac
echo "app-image: $image"

# 2b. Linux: a shell launcher over jpackage's native one, which asks `rpm -qf` and `dpkg -S` which package owns it on
#     every start (twice: ~0.1 s of each console start and each command, BENCHMARKS.md). The same command line the
#     native launcher builds from lib/app/mlpc.cfg: the runtime's java, the cfg's java-options and class path, the
#     jpackage.app-path property, the main class; the cfg stays (jpackage's packaging reads the image).
if [ "$os" = linux ]; then
  cfg="$appdir/mlpc.cfg"
  main_class=$(sed -n 's/^app\.mainclass=//p' "$cfg")
  class_path=$(sed -n 's/^app\.classpath=\$APPDIR\//$app\/lib\/app\//p' "$cfg" | paste -sd:)
  options=$(sed -n 's/^java-options=//p' "$cfg" | sed 's/\$APPDIR/$app\/lib\/app/g')
  if [ -z "$main_class" ] || [ -z "$class_path" ] || grep -q '[`"\\]' <<<"$options$class_path"; then
    echo "build.sh: unexpected $cfg (no main class or class path, or quotes in it); keeping jpackage's launcher" >&2
  else
    {
      echo '#!/bin/sh'
      echo '# mlpc launcher, written by jpackage/build.sh from lib/app/mlpc.cfg (jpackage'"'"'s native launcher asks rpm and'
      echo '# dpkg which package owns it on every start). Resolves its own place through the /usr/bin/mlpc link.'
      echo 'self=$(readlink -f "$0" 2>/dev/null) || self=$0'
      echo 'app=${self%/bin/*}'
      printf 'exec "$app/lib/runtime/bin/java" -classpath "%s"' "$class_path"
      while IFS= read -r opt; do [ -n "$opt" ] && printf ' "%s"' "$opt"; done <<<"$options"
      printf ' "-Djpackage.app-path=$self" %s "$@"\n' "$main_class"
    } >"$launcher.sh"
    chmod 755 "$launcher.sh" && mv "$launcher.sh" "$launcher"
    "$launcher" --version >/dev/null || { echo "build.sh: the shell launcher does not start the app" >&2; exit 1; }
    echo "launcher: $launcher (shell, $(wc -c <"$launcher") bytes)"
  fi
fi

# 3. The class list of a console start (up to its first painted frame), then the image's own archive.
if [ "${MLPC_SKIP_TRAINING:-}" != 1 ]; then
  train_home=$(mktemp -d)
  train=(env "MLPC_HOME=$train_home" \
    "JAVA_TOOL_OPTIONS=-XX:DumpLoadedClassList=$PWD/$work/mlpc.classlist -Dmlpc.startupProbe=true -Dmlpc.startupProbe.exit=true" \
    "$launcher")
  if [ "$os" = linux ] && command -v xvfb-run >/dev/null; then
    xvfb-run -a -s "-screen 0 1280x800x24" "${train[@]}" >"$work/training.log" 2>&1 || true
  elif [ "$os" != linux ]; then
    "${train[@]}" >"$work/training.log" 2>&1 || true
  fi
  rm -rf "$train_home"
  if grep -q '^startup-ms=' "$work/training.log" 2>/dev/null && [ -s "$work/mlpc.classlist" ]; then
    # without the classes of signed jars (the dump skips them) and their lambdas (they crash JDK 17's -Xshare:dump,
    # SystemDictionaryShared::adjust_lambda_proxy_class_dictionary): on a slow machine the training start already
    # reaches ELK's warm-up or JGit (dev.mlpc.JarCds filters the jar's list the same way)
    : >"$work/signed-classes.txt"
    for jar in "$work"/input/lib/*.jar; do
      if command -v unzip >/dev/null; then entries=$(unzip -Z1 "$jar" 2>/dev/null || true); else entries=$(jar tf "$jar" 2>/dev/null || true); fi
      if grep -qiE '^META-INF/[^/]+\.SF$' <<<"$entries"; then
        sed -n 's#^\(META-INF/versions/[0-9]*/\)\{0,1\}\(.*\)\.class$#\2#p' <<<"$entries" >>"$work/signed-classes.txt"
      fi
    done
    awk 'NR == FNR {signed[$0] = 1; next} {c = ($1 == "@lambda-proxy") ? $2 : $1; if (!(c in signed)) print}' \
      "$work/signed-classes.txt" "$work/mlpc.classlist" >"$appdir/mlpc.classlist"
    echo "class list: $(wc -l <"$appdir/mlpc.classlist") classes from a training start"
  else
    echo "build.sh: no training start (no display, or it failed: $work/training.log); no CDS class list" >&2
  fi
fi

# 4. Packages, from the image (before it gets its archive: the packages make theirs at install).
pkg_args=(--app-image "$image" --dest "$out" --app-version "$version" --name mlpc
  --vendor "ML Platform Console" --description "Desktop administration console for ML data platforms"
  --license-file LICENSE)
if [ "$os" = linux ]; then
  # A .deb or .rpm payload is xz-compressed as a whole, and compressed content inside it (deflated jars, a jimage
  # linked with --compress=2) cannot be compressed again: the packages carry the same image with the jars stored and
  # the runtime linked without compression — about half the download, more installed size (BENCHMARKS.md).
  pkg_image="$work/package/mlpc"
  mkdir -p "$work/package" && cp -a "$image" "$pkg_image"
  rm -rf "$pkg_image/lib/runtime"
  link_runtime "$pkg_image/lib/runtime" 0
  if command -v python3 >/dev/null; then
    python3 - "$pkg_image/lib/app" <<'PY'
import pathlib, shutil, sys, zipfile
for jar in sorted(pathlib.Path(sys.argv[1]).rglob("*.jar")):
    tmp = jar.with_suffix(".stored")
    try:
        with zipfile.ZipFile(jar) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as dst:
            for info in src.infolist():
                data = src.read(info)
                info.compress_type = zipfile.ZIP_STORED
                dst.writestr(info, data)
    except (zipfile.BadZipFile, OSError) as e:
        tmp.unlink(missing_ok=True)
        print(f"build.sh: {jar.name} stays compressed: {e}", file=sys.stderr)
        continue
    shutil.copystat(jar, tmp)
    tmp.replace(jar)
PY
  else
    echo "build.sh: no python3: the packages carry the jars compressed (a larger download)" >&2
  fi
  pkg_args[1]="$pkg_image"
  linux_args=("${pkg_args[@]}" --resource-dir jpackage/linux/resources @jpackage/linux/linux.args)
  types=${MLPC_PACKAGE_TYPES:-deb rpm}
  if [[ " $types " != *" deb "* ]]; then
    :
  elif command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
    jpackage --type deb "${linux_args[@]}" @jpackage/linux/deb.args
  else
    echo "build.sh: no dpkg-deb/fakeroot: no .deb" >&2
  fi
  if [[ " $types " != *" rpm "* ]]; then
    :
  elif command -v rpmbuild >/dev/null; then
    jpackage --type rpm "${linux_args[@]}" @jpackage/linux/rpm.args
  else
    echo "build.sh: no rpmbuild: no .rpm" >&2
  fi
elif [ "$os" = mac ]; then
  jpackage --type dmg "${pkg_args[@]}" "${os_args[@]}"
else
  jpackage --type msi "${pkg_args[@]}" "${os_args[@]}"
fi

# The image's own archive (its class path is this build's), for running the image in place.
if [ -f "$appdir/mlpc.classlist" ]; then
  JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$appdir/mlpc.classlist" "$launcher" >"$work/dump.log" 2>&1 \
    && echo "CDS archive: $appdir/mlpc.jsa" || echo "build.sh: no CDS archive for the image ($work/dump.log)" >&2
fi
ls -l "$out"

# Smoke: the packaged launcher runs headless.
"$launcher" --version && "$launcher" --help >/dev/null && echo "packaged launcher: --version, --help ok"
