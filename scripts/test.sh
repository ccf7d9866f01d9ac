#!/usr/bin/env bash
# Everything CI checks, in one command: dependencies, the gcc build and every ctest test (unit,
# integration, e2e), a clang-14 ASan+UBSan build running the unit, integration and e2e tests, a
# clang-14 TSan build running the concurrency tests,
# short libFuzzer runs of the parsers (tests/fuzz), clang-format, and buf lint. Every stage runs
# even when an earlier independent one failed; the exit code is non-zero if any failed. Prints the elapsed
# time of each stage at the end.
#   scripts/test.sh [--no-sanitize] [--no-fuzz]
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
BUILD_ASAN="$ROOT/build-asan"
BUILD_FUZZ="$ROOT/build-fuzz"
BUILD_TSAN="$ROOT/build-tsan"
BUF="$ROOT/.deps/npm/node_modules/.bin/buf"
LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT

run_sanitize=1
run_fuzz=1
for arg in "$@"; do
  case "$arg" in
    --no-sanitize) run_sanitize=0 ;;
    --no-fuzz) run_fuzz=0 ;;
    *) echo "test.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

export CTEST_OUTPUT_ON_FAILURE=1
# ccache hits across checkouts in different folders (CI clones anywhere).
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
# Sanitizer reports must fail the test that triggers them: a report (a leak at exit included)
# ends the process with exit code 86, which the e2e harness (tests/e2e/harness.py) checks for
# ospd and ospctl besides the report on their stderr; gtest binaries simply fail.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:halt_on_error=1:exitcode=86}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=86}"
jobs="$(nproc)"

stage_names=()
stage_results=()
stage_seconds=()
failed=0

# stage NAME COMMAND...: runs COMMAND, records its result and elapsed time.
stage() {
  local name="$1"; shift
  echo
  echo "=== $name"
  local start end rc
  start=$(date +%s%N)
  "$@"
  rc=$?
  end=$(date +%s%N)
  stage_names+=("$name")
  stage_seconds+=("$(( (end - start) / 1000000 ))")
  if (( rc == 0 )); then
    stage_results+=(ok)
  else
    stage_results+=("FAILED (exit $rc)")
    failed=1
  fi
  return $rc
}

skip() {
  stage_names+=("$1"); stage_seconds+=(0); stage_results+=("skipped: $2")
}

# ctest_run LOG BUILD_DIR ARGS...: ctest with its output kept for the test count in the summary.
ctest_run() {
  local log="$1" dir="$2"; shift 2
  rm -f "$dir/tests/e2e/metrics.txt"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" "$@" 2>&1 | tee "$LOGS/$log"
  return "${PIPESTATUS[0]}"
}

format_check() {
  local files
  mapfile -t files < <(git -C "$ROOT" ls-files '*.h' '*.cc' '*.cpp' '*.hpp')
  (( ${#files[@]} > 0 )) || return 0
  (cd "$ROOT" && clang-format-14 --dry-run -Werror "${files[@]}")
}

# fuzz_build: the libFuzzer targets of tests/fuzz (clang-14, instrumented, ASan+UBSan).
fuzz_build() {
  cmake -S "$ROOT" -B "$BUILD_FUZZ" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 -DOSP_FUZZ=ON \
    -DOSP_BUILD_BENCH=OFF >/dev/null &&
    ninja -C "$BUILD_FUZZ" -j "$jobs" osp_fuzzers
}

buf_lint() {
  (cd "$ROOT/proto" && "$BUF" lint)
}

# ccache_counts: "hits misses" so far (the cache may be shared, so the summary shows deltas).
ccache_counts() {
  command -v ccache >/dev/null || { echo "0 0"; return; }
  ccache --print-stats 2>/dev/null | awk '
    $1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 }
    $1 == "cache_miss" { m += $2 }
    END { print h + 0, m + 0 }'
}

total_start=$(date +%s%N)
read -r hits_before misses_before < <(ccache_counts)

if stage "install deps" "$ROOT/scripts/install-deps.sh"; then
  stage "clang-format" format_check
  stage "buf lint" buf_lint

  if stage "build (gcc)" "$ROOT/scripts/build.sh" --skip-deps --build-dir "$BUILD"; then
    stage "tests (gcc: all)" ctest_run gcc.log "$BUILD"
  else
    skip "tests (gcc: all)" "build failed"
  fi

  if (( run_sanitize )); then
    if stage "build (clang ASan+UBSan)" "$ROOT/scripts/build.sh" --skip-deps --clang --sanitize \
        --build-dir "$BUILD_ASAN"; then
      # The simulators' own tests are pure Python: the gcc stage runs them.
      stage "tests (ASan+UBSan: unit, e2e)" ctest_run asan.log "$BUILD_ASAN" \
        -L 'unit|integration|e2e' -E '^(sim_unit|ecs_sim|minio_sim)$'
    else
      skip "tests (ASan+UBSan: unit, e2e)" "build failed"
    fi
    # Only the concurrency tests are built with TSan (scripts/build.sh --tsan); ctest lists the
    # other unit binaries as *_NOT_BUILT. tests/tsan makes Abseil's locks visible to TSan.
    if stage "build (clang TSan)" "$ROOT/scripts/build.sh" --skip-deps --tsan \
        --build-dir "$BUILD_TSAN"; then
      TSAN_OPTIONS="ignore_noninstrumented_modules=1:halt_on_error=1:exitcode=66:suppressions=$ROOT/tests/tsan/tsan.supp" \
        stage "tests (TSan: concurrency)" ctest_run tsan.log "$BUILD_TSAN" -L unit \
        -E '(_NOT_BUILT|^sim_unit)$'
    else
      skip "tests (TSan: concurrency)" "build failed"
    fi
  fi

  if (( run_fuzz )); then
    if stage "build (clang libFuzzer)" fuzz_build; then
      stage "fuzz (short runs)" ctest_run fuzz.log "$BUILD_FUZZ" -L fuzz
    else
      skip "fuzz (short runs)" "build failed"
    fi
  fi
fi

total_end=$(date +%s%N)

echo
echo "=== summary"
for i in "${!stage_names[@]}"; do
  secs="${stage_seconds[$i]}"
  printf '  %-34s %7d.%01ds  %s\n' "${stage_names[$i]}" $((secs / 1000)) $((secs % 1000 / 100)) \
    "${stage_results[$i]}"
done
total=$(( (total_end - total_start) / 1000000 ))
printf '  %-34s %7d.%01ds\n' "total" $((total / 1000)) $((total % 1000 / 100))
# Numbers the e2e tests measured (start-to-SERVING time) in the gcc build.
if [[ -s "$BUILD/tests/e2e/metrics.txt" ]]; then
  sed 's/^/  e2e: /' "$BUILD/tests/e2e/metrics.txt"
fi
read -r hits_after misses_after < <(ccache_counts)
echo "  ccache: $((hits_after - hits_before)) hits, $((misses_after - misses_before)) misses"

# One closing line with the number of tests run across both ctest runs.
passed=0; failed_tests=0
for log in "$LOGS"/*.log; do
  [[ -f "$log" ]] || continue
  line="$(grep -E '[0-9]+ tests failed out of [0-9]+' "$log" | tail -1)"
  [[ -n "$line" ]] || continue
  f="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")"
  n="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$line")"
  passed=$((passed + n - f)); failed_tests=$((failed_tests + f))
  # ctest's list of failed tests, repeated here because CI keeps only the tail of the output.
  sed -n '/The following tests FAILED:/,/^Errors while running CTest/p' "$log" |
    grep -E '^\s+[0-9]+ - ' | sed "s|^\s*|  failed ($(basename "$log" .log)): |"
done
echo "tests: $passed passed, $failed_tests failed"
exit "$failed"
