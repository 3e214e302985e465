#!/usr/bin/env bash
# Builds dl-bench, runs the JMH suite over every available device, and writes a Markdown report
# with PNG charts. See dl-bench/README.md.
#
#   dl-bench/run-bench.sh quick|full [-Pbaselines] [-- JMH ARGS...]
#
#   quick        1 fork, 3 warmup + 3 measured iterations of 1 s, a subset of matmul sizes (minutes)
#   full         2 forks, 3 warmup + 5 measured iterations of 2 s, every size (an hour or more)
#   -Pbaselines  also measure OpenBLAS sgemm and libtorch (DJL), offline, in the same run
#   JMH ARGS     passed to JMH after the profile's, e.g. -- MatmulBenchmark -p shape=1024
#
# Environment: DL_BENCH_THREADS (default: nproc) threads for every library;
# DL_BENCH_OUT (default dl-bench/target/bench) where the JSON goes;
# DL_BENCH_REPORT (default $DL_BENCH_OUT/report) where the report goes;
# DL_BENCH_NOTE a line for the report header (e.g. "noisy shared machine");
# DL_BENCH_JAVA_OPTS extra options for the JMH host JVM (e.g. -Djmh.ignoreLock=true when another
# JMH run holds /tmp/jmh.lock and you accept the interference).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() { sed -n '4,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
profile="$1"; shift
baselines=0
while [ $# -gt 0 ]; do
  case "$1" in
    -Pbaselines) baselines=1; shift ;;
    --) shift; break ;;
    *) usage ;;
  esac
done

case "$profile" in
  quick) jmh_opts=(-f 1 -wi 3 -w 1s -i 3 -r 1s -p shape=128,512,1000,1024,4096x256x1024,32x128x128x128) ;;
  full) jmh_opts=(-f 2 -wi 3 -w 2s -i 5 -r 2s) ;;
  *) usage ;;
esac

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* "$HOME"/.jdks/* /opt/java/* /usr/java/*; do [ -d "$d" ] && candidates+=("$d"); done
  for home in "${candidates[@]}"; do
    if [ -x "$home/bin/java" ] && [ -f "$home/release" ]; then
      major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
      if [ -n "$major" ] && [ "$major" -ge 25 ]; then echo "$home/bin/java"; return 0; fi
    fi
  done
  return 1
}
java_bin=$(find_java) || { echo "run-bench: JDK 25 or newer is required (install one under /usr/lib/jvm or set JAVA_HOME)" >&2; exit 1; }

maven_profile=()
[ $baselines = 1 ] && maven_profile=(-Pbaselines)
echo "run-bench: building dl-bench ${maven_profile[*]:-}" >&2
# Drop dl-bench's compiled classes only (they differ with and without the baselines profile);
# earlier results under target/ stay.
rm -rf dl-bench/target/classes dl-bench/target/generated-sources dl-bench/target/maven-status
mvn -B -q -pl dl-bench -am package -DskipTests "${maven_profile[@]}" >&2

# An option given after -- replaces the profile's (JMH refuses most options twice); for -p the
# parameter name decides, so "-p device=cpu" keeps the profile's "-p shape=...".
profile_opts=()
for ((i = 0; i < ${#jmh_opts[@]}; i += 2)); do
  opt="${jmh_opts[i]}" val="${jmh_opts[i+1]}" given=0 prev=""
  for a in "$@"; do
    if [ "$opt" = "-p" ]; then
      [ "$prev" = "-p" ] && [ "${a%%=*}" = "${val%%=*}" ] && given=1
    elif [ "$a" = "$opt" ]; then
      given=1
    fi
    prev="$a"
  done
  [ $given = 0 ] && profile_opts+=("$opt" "$val")
done
jmh_opts=("${profile_opts[@]}")

threads="${DL_BENCH_THREADS:-$(nproc)}"
out="${DL_BENCH_OUT:-dl-bench/target/bench}"
mkdir -p "$out"
cp="dl-bench/target/classes:$(cat dl-bench/target/bench-classpath.txt)"
read -r -a extra_java_opts <<< "${DL_BENCH_JAVA_OPTS:-}"
jvm=("$java_bin" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss4m
  ${extra_java_opts[@]+"${extra_java_opts[@]}"}
  -Ddl.bench.threads="$threads"
  # libtorch offline: natives from the pytorch-native-cpu jar, extracted once into this cache.
  -Dai.djl.offline=true -DPYTORCH_FLAVOR=cpu -DDJL_CACHE_DIR="$root/dl-bench/target/djl-cache"
  -cp "$cp")

# The environment pins OpenBLAS to its Haswell (AVX2) kernels through OPENBLAS_CORETYPE; the main
# run unsets it so OpenBLAS detects this CPU, and a second run measures the pinned kernels.
results=("$out/results.json")
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "run-bench: $profile profile, $threads threads, results in $out" >&2
env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" \
  "${jvm[@]}" dev.dl.bench.BenchRunner "${jmh_opts[@]}" -rf json -rff "$out/results.json" "$@"
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
notes=()
if [ $baselines = 1 ] && grep -q 'OpenBlasBenchmark' "$out/results.json"; then
  OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" \
    "${jvm[@]}" dev.dl.bench.BenchRunner "${jmh_opts[@]}" "$@" -p library=openblas-haswell \
    -e '^(?!.*OpenBlasBenchmark)' -rf json -rff "$out/openblas-haswell.json"
  results+=("$out/openblas-haswell.json")
  notes+=(--note "OpenBLAS: \`openblas\` ran with OPENBLAS_CORETYPE unset (kernels chosen by CPU detection); \`openblas-haswell\` with OPENBLAS_CORETYPE=Haswell (AVX2 kernels, as this environment sets by default).")
fi
notes+=(--note "Load average (1, 5, 15 min) before the run: $load_before; after the main run: $load_after.")
[ -n "${DL_BENCH_NOTE:-}" ] && notes=(--note "$DL_BENCH_NOTE" "${notes[@]}")
"${jvm[@]}" dev.dl.bench.ReportGenerator --out "${DL_BENCH_REPORT:-$out/report}" --title "dl benchmarks: $profile profile" \
  "${notes[@]}" "${results[@]}"
