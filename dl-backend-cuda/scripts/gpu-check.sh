#!/usr/bin/env bash
# Checks the CUDA backend on a machine with an NVIDIA GPU and prints a short summary.
#
#   dl-backend-cuda/scripts/gpu-check.sh            # from anywhere inside the repository
#
# Needs: an NVIDIA GPU of compute capability 8.0+ with a driver for CUDA 11.8 or newer (>= 520),
# JDK 25 under /usr/lib/jvm (or JAVA_HOME), Maven, and Maven Central (or a filled ~/.m2).
# Optional: libcublas.so.12 (CUDA 12 cuBLAS) on the library path to exercise the cuBLAS GEMM path.
#
# Steps:
#   1. nvidia-smi and the driver's CUDA version;
#   2. ptxas (when a toolkit is installed) assembles every committed PTX for its target;
#   3. the module's tests with -Ddl.cuda.require=true, so the TCK (CudaTckTest) and the end-to-end
#      training test (CudaTrainingTest) fail instead of skipping when the backend is unavailable;
#   4. the JMH suite of dl-bench with -Ddl.device=cuda:0, when dl-bench builds a benchmarks jar.
# Logs go to target/gpu-check/ under dl-backend-cuda.
set -uo pipefail

module="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$module/.." && pwd)"
logs="$module/target/gpu-check"
mkdir -p "$logs"
cd "$root"

jdk25() {
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    if [ -n "$home" ] && [ -f "$home/release" ] && grep -q '^JAVA_VERSION="2[5-9]\|^JAVA_VERSION="[3-9][0-9]' "$home/release"; then
      echo "$home"; return 0
    fi
  done
  return 1
}
# JDK 25 for Maven (the build selects it anyway) and for the JMH run.
JAVA_HOME=$(jdk25) || { echo "gpu-check: JDK 25 or newer is required" >&2; exit 2; }
export JAVA_HOME

summary=()

# 1. The GPU and driver.
if command -v nvidia-smi >/dev/null 2>&1; then
  gpu=$(nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv,noheader 2>&1 | head -4)
  summary+=("GPU: ${gpu//$'\n'/; }")
else
  summary+=("GPU: nvidia-smi not found (driver missing?)")
fi

# 2. The committed PTX assembles for its targets (validates the ISA 7.8 lowering).
ptxas_bin=$(command -v ptxas || ls /usr/local/cuda/bin/ptxas 2>/dev/null || true)
if [ -n "$ptxas_bin" ]; then
  ok=0; bad=0
  for ptx in "$module"/src/main/resources/dev/dl/backend/cuda/ptx/sm_*/*.ptx; do
    arch=$(basename "$(dirname "$ptx")")
    if "$ptxas_bin" -arch="$arch" -o /dev/null "$ptx" >>"$logs/ptxas.log" 2>&1; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
  done
  summary+=("ptxas: $ok PTX files assemble, $bad fail (see $logs/ptxas.log)")
else
  summary+=("ptxas: not installed; PTX assembled by the driver's JIT only")
fi

# 3. Unit tests, TCK and training test, with a device required.
mvn -B -pl dl-backend-cuda -am verify -Ddl.cuda.require=true >"$logs/tests.log" 2>&1
tests_rc=$?
reports="$module/target/surefire-reports"
count() {  # tests failures errors skipped of the suites matching $1
  awk -v pat="$1" '
    /<testsuite / && $0 ~ pat {
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^tests=/) { gsub(/[^0-9]/, "", $i); t += $i }
        if ($i ~ /^failures=/) { gsub(/[^0-9]/, "", $i); f += $i }
        if ($i ~ /^errors=/) { gsub(/[^0-9]/, "", $i); e += $i }
        if ($i ~ /^skipped=/) { gsub(/[^0-9]/, "", $i); s += $i }
      }
    }
    END { printf "%d run, %d failed, %d errors, %d skipped", t, f, e, s }' "$reports"/TEST-*.xml 2>/dev/null
}
summary+=("TCK (CudaTckTest): $(count CudaTckTest)")
summary+=("training (CudaTrainingTest): $(count CudaTrainingTest)")
summary+=("all dl-backend-cuda tests: $(count 'dev.dl.backend.cuda') (maven exit $tests_rc, log $logs/tests.log)")
blas=$(grep -ho 'matmul via [^"]*' "$logs/tests.log" | sort -u | head -2 | tr '\n' ' ')
summary+=("GEMM path: ${blas:-not logged}")

# 4. JMH, when dl-bench provides a benchmarks jar.
if mvn -B -q -pl dl-bench -am package -DskipTests >"$logs/bench-build.log" 2>&1; then
  jar=$(ls dl-bench/target/*benchmarks*.jar 2>/dev/null | head -1)
  if [ -n "$jar" ]; then
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$jar" \
      -jvmArgsAppend "-Ddl.device=cuda:0 --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED" \
      -f 1 -wi 2 -i 3 -rf json -rff "$logs/jmh.json" >"$logs/jmh.log" 2>&1
    summary+=("JMH: exit $? ; results $logs/jmh.json ; last lines:")
    while IFS= read -r line; do summary+=("  $line"); done < <(grep -E '^[A-Za-z].*(thrpt|avgt|ss) ' "$logs/jmh.log" | tail -15)
  else
    summary+=("JMH: dl-bench built no *benchmarks*.jar; skipped")
  fi
else
  summary+=("JMH: dl-bench did not build (see $logs/bench-build.log); skipped")
fi

echo
echo "== dl-backend-cuda GPU check =="
printf '%s\n' "${summary[@]}"
[ $tests_rc -eq 0 ]
