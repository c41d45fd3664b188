#!/usr/bin/env bash
# Cold start, side by side in one run (BENCHMARKS.md, "Cold start"): from the exec of each process to the second
# painted frame of its first window (the console's startup probe, mlpc.startupProbe.exit; the reference prints the
# same), under one Xvfb, the variants alternating, RUNS rounds (default 7); prints each time and the medians, and the
# CPU time (user + system) of each start up to its exit at that frame, which a loaded machine disturbs far less.
#   empty   an empty JavaFX window (dev.mlpc.bench.EmptyFxWindow), JavaFX on the class path, the system java
#   jar     java -jar target/app/mlpc.jar with its AppCDS archive in MLPC_HOME/cds (made first, as a first start does)
#   jar-child the relaunched child's command alone (-XX:SharedArchiveFile, no parent JVM): jar minus the relaunch's cost
#   jar-off the same without the archive (MLPC_CDS=off)
#   image   target/installer/mlpc/bin/mlpc (jlinked runtime, JavaFX modules, the image's archive)
#   deb     the .deb's content unpacked with dpkg -x, its archive dumped as postinst does (the installed app)
# Needs: mvn -Pinstaller -DskipTests package, Xvfb. MLPC_BENCH_DEB=0 leaves the deb out; MLPC_BENCH_VARIANTS="empty jar"
# runs only those (empty first: the ratios are to it; no deb). Usage: jpackage/bench-startup.sh [RUNS] [DISPLAY_NUMBER]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
disp=${2:-66}
work=target/bench-startup
rm -rf "$work" && mkdir -p "$work/classes" "$work/home"
javac -d "$work/classes" -cp "$(ls target/app/lib/javafx-*.jar | tr '\n' :)" src/test/java/dev/mlpc/bench/EmptyFxWindow.java
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work/deb"' EXIT
export DISPLAY=":$disp"
sleep 1
export MLPC_HOME="$PWD/$work/home"

# the jar's archive, made as a first console start makes it (20 s after the window is shown)
jar_cp=target/app/mlpc.jar
java -Dmlpc.startupProbe=true -jar "$jar_cp" >/dev/null 2>&1 &
first=$!
for _ in $(seq 1 600); do ls "$MLPC_HOME"/cds/mlpc-*.jsa >/dev/null 2>&1 && break; sleep 1; done
kill "$first" 2>/dev/null || true
wait "$first" 2>/dev/null || true
jsa=$(ls "$MLPC_HOME"/cds/mlpc-*.jsa)
echo "jar archive: $jsa ($(du -h "$jsa" | cut -f1))"
# classes of the relaunch's parent and child JVMs (one log each, %p = pid) and how many came from an archive
rm -f "$work"/cl-*.log
java "-Xlog:class+load=info:file=$work/cl-%p.log" -Dmlpc.startupProbe=true -Dmlpc.startupProbe.exit=true -jar "$jar_cp" >/dev/null 2>&1 || true
for f in "$work"/cl-*.log; do
  echo "relaunch JVM $(basename "$f"): $(wc -l <"$f") classes, $(grep -c 'source: shared objects file' "$f") from the archive"
done

read -r -a variants <<<"${MLPC_BENCH_VARIANTS:-empty jar jar-child jar-off image}"
if [ -f target/installer/mlpc/lib/app/mlpc.classlist ] && [ ! -f target/installer/mlpc/lib/app/mlpc.jsa ]; then
  JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$PWD/target/installer/mlpc/lib/app/mlpc.classlist" \
    target/installer/mlpc/bin/mlpc >/dev/null 2>&1 || true
fi
if [ "${MLPC_BENCH_DEB:-1}" = 1 ] && [ -z "${MLPC_BENCH_VARIANTS:-}" ] && ls target/installer/*.deb >/dev/null 2>&1; then
  dpkg -x "$(ls target/installer/*.deb | head -n 1)" "$work/deb"
  inst="$PWD/$work/deb/opt/mlpc"
  JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$inst/lib/app/mlpc.classlist" "$inst/bin/mlpc" >/dev/null 2>&1 || true
  variants+=(deb)
fi

run() {
  case "$1" in
    empty) java -cp "$work/classes:$(ls target/app/lib/javafx-*.jar | tr '\n' :)" dev.mlpc.bench.EmptyFxWindow ;;
    jar) java -Dmlpc.startupProbe=true -Dmlpc.startupProbe.exit=true -jar "$jar_cp" ;;
    jar-child) java "-XX:SharedArchiveFile=$jsa" -Xshare:auto $(sed -n 's/^--java-options "\(-XX:Tier4[^"]*\)"$/\1/p' jpackage/common.args) -Dmlpc.cds.child=true -Dmlpc.startupProbe=true -Dmlpc.startupProbe.exit=true -jar "$jar_cp" ;;
    jar-off) MLPC_CDS=off java -Dmlpc.startupProbe=true -Dmlpc.startupProbe.exit=true -jar "$jar_cp" ;;
    image) JAVA_TOOL_OPTIONS="-Dmlpc.startupProbe=true -Dmlpc.startupProbe.exit=true" target/installer/mlpc/bin/mlpc ;;
    deb) JAVA_TOOL_OPTIONS="-Dmlpc.startupProbe=true -Dmlpc.startupProbe.exit=true" "$inst/bin/mlpc" ;;
  esac
}
for v in "${variants[@]}"; do : >"$work/$v.ms"; : >"$work/$v.cpu"; done
TIMEFORMAT='%3U %3S'
for r in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    start=$(date +%s%3N)
    # CPU time (user + system of the process and the JVMs it waited for): steadier than wall time on a loaded machine
    { time run "$v" >"$work/out" 2>/dev/null || true; } 2>"$work/cpu-time"
    shown=$(sed -n 's/.*shown-epoch-ms=\([0-9]*\).*/\1/p' "$work/out")
    if [ -n "$shown" ]; then
      echo $((shown - start)) >>"$work/$v.ms"
      awk '{printf "%d\n", ($1 + $2) * 1000}' "$work/cpu-time" >>"$work/$v.cpu"
    fi
  done
  echo "round $r: load $(cut -d' ' -f1-3 /proc/loadavg)"
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
base=$(median "$work/empty.ms")
cbase=$(median "$work/empty.cpu")
for v in "${variants[@]}"; do
  m=$(median "$work/$v.ms")
  ratio=$(awk -v m="$m" -v b="$base" 'BEGIN {if (b > 0 && m != "n/a") printf "%.2f", m / b; else print "n/a"}')
  c=$(median "$work/$v.cpu")
  cratio=$(awk -v m="$c" -v b="$cbase" 'BEGIN {if (b > 0 && m != "n/a") printf "%.2f", m / b; else print "n/a"}')
  echo "$v: median $m ms (${ratio}x empty) — $(tr '\n' ' ' <"$work/$v.ms")"
  echo "$v: CPU median $c ms (${cratio}x empty) — $(tr '\n' ' ' <"$work/$v.cpu")"
done
