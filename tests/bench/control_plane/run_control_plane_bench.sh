#!/usr/bin/env bash
# The control-plane benchmark (issue 7 item 3, issue 8 item 4): ECS and MinIO simulators on a
# throw-away radosgw (tests/sim/s3-server.sh, or the one named by OSP_S3_SERVER_ENV), a fresh
# ospd per run, and control_plane_load with CLIENTS x RPCS mixed RPCs, without faults and with
# 5% of the simulator's requests faulted. Prints a table per run and a summary; writes the JSON
# reports to OUT (default BUILD/control_plane_bench.json).
#   tests/bench/control_plane/run_control_plane_bench.sh [BUILD_DIR] [CLIENTS] [RPCS] [OUT]
#       [BACKENDS (ecs,minio)] [FAULTS (off,on)] [ROUNDS (2): ospd is sampled after each]
# Needs: ninja -C BUILD ospd control_plane_load osp_e2e_py_stubs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
BUILD="$(cd "${1:-$ROOT/build}" && pwd)"
CLIENTS="${2:-64}"
RPCS="${3:-1000}"
OUT="${4:-$BUILD/control_plane_bench.json}"
for tool in "$BUILD/bin/ospd" "$BUILD/bin/control_plane_load"; do
  [[ -x "$tool" ]] || { echo "build it first: ninja -C $BUILD ospd control_plane_load osp_e2e_py_stubs" >&2; exit 1; }
done

export OSPD_BIN="$BUILD/bin/ospd" OSP_LOAD_BIN="$BUILD/bin/control_plane_load"
export PYTHONPATH="$BUILD/tests/e2e/py:$ROOT/tests/e2e" PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 "$ROOT/tests/bench/control_plane/run_control_plane_bench.py" \
  "$CLIENTS" "$RPCS" "$OUT" "${5:-ecs,minio}" "${6:-off,on}" "${7:-2}"
