#!/usr/bin/env bash
# Configures and builds ospd with CMake + Ninja (RelWithDebInfo, warnings as errors).
#   scripts/build.sh [--sanitize|--tsan] [--clang] [--build-dir DIR] [--skip-deps] [-- ninja targets...]
# Default build dir: build/ (build-asan/ with --sanitize, build-tsan/ with --tsan, which implies
# --clang and builds only the concurrency tests unless targets are given). Binaries: DIR/bin/.
# Installs missing dependencies first (scripts/install-deps.sh) unless --skip-deps.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sanitize=OFF
tsan=OFF
clang=0
build_dir=""
skip_deps=0
targets=()

usage() { sed -n '2,6s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

while (( $# > 0 )); do
  case "$1" in
    --sanitize) sanitize=ON ;;
    --tsan) tsan=ON; clang=1 ;;
    --clang) clang=1 ;;
    --build-dir) build_dir="$2"; shift ;;
    --build-dir=*) build_dir="${1#*=}" ;;
    --skip-deps) skip_deps=1 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; targets=("$@"); break ;;
    *) echo "build.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if [[ $sanitize == ON && $tsan == ON ]]; then
  echo "build.sh: --sanitize and --tsan exclude each other" >&2; exit 2
fi
if [[ -z "$build_dir" ]]; then
  if [[ $sanitize == ON ]]; then build_dir="$ROOT/build-asan"
  elif [[ $tsan == ON ]]; then build_dir="$ROOT/build-tsan"
  else build_dir="$ROOT/build"; fi
fi
# The concurrency tests to run under ThreadSanitizer: token cache, HTTP transport with its curl
# handle pool, many threads calling the gRPC service, the two-thread object transfers (chunk
# queue, upload prefetcher, GetObject sender) and MinIO's key-derivation slots, with
# tests/tsan's library that makes Debian's uninstrumented Abseil locks visible to TSan
# (docs/reliability.md, "Sanitizers").
if [[ $tsan == ON && ${#targets[@]} -eq 0 ]]; then
  targets=(osp_tsan tsan_self_test ecs_token_cache_test http_test server_service_concurrency_test
           chunk_queue_test chunk_prefetcher_test server_object_store_service_test
           minio_derivation_gate_test)
fi

(( skip_deps )) || "$ROOT/scripts/install-deps.sh"

# ccache hits across checkouts in different folders (CI clones anywhere): paths under the
# checkout are hashed relative to it.
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1

cmake_args=(-S "$ROOT" -B "$build_dir" -G Ninja
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOSP_WERROR=ON -DOSP_SANITIZE="$sanitize" -DOSP_TSAN="$tsan")
if (( clang )); then
  cmake_args+=(-DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14)
fi
# Re-running cmake on a configured tree is cheap and picks up changed options; its output is
# shown only when it fails.
if ! log="$(cmake "${cmake_args[@]}" 2>&1)"; then
  echo "$log" >&2
  exit 1
fi

jobs="${OSP_BUILD_JOBS:-$(nproc)}"
ninja -C "$build_dir" -j "$jobs" "${targets[@]}"
