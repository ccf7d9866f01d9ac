#!/usr/bin/env bash
# Upload and download one object of SIZE MiB (default 1024) to a throw-away radosgw, through our
# S3 client (s3_transfer_bench: Upload without a declared size = 8 MiB multipart parts, two at
# once; with the size declared = one streamed PUT; GetObject streamed) and through curl
# --aws-sigv4 (one PUT, one GET), each ROUNDS times (default 2), alternating. Prints wall
# time, throughput and peak RSS of each transfer, the best throughput ratio ours/curl and our RSS
# growth during the transfer, and writes the same report to OUT (default BUILD/s3_transfer_bench.txt).
#   tests/bench/s3_transfer_bench.sh [BUILD_DIR] [SIZE_MIB] [ROUNDS] [OUT]
# UPLOAD_ARGS (environment) adds "PART_MIB [CONCURRENCY]" to our upload, to try other settings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
SIZE_MIB="${2:-1024}"
ROUNDS="${3:-2}"
OUT="${4:-$BUILD/s3_transfer_bench.txt}"
TOOL="$BUILD/bin/s3_transfer_bench"
[[ -x "$TOOL" ]] || { echo "build s3_transfer_bench first (ninja -C $BUILD s3_transfer_bench)" >&2; exit 1; }

work="$(mktemp -d)"
cleanup() {
  "$ROOT/tests/sim/s3-server.sh" stop "$work/rgw" || true
  rm -rf "$work"
}
trap cleanup EXIT

"$ROOT/tests/sim/s3-server.sh" start "$work/rgw" >/dev/null
set -a
# shellcheck disable=SC1091
. "$work/rgw/env"
set +a
head -c "${SIZE_MIB}M" /dev/urandom >"$work/data"
bytes=$((SIZE_MIB * 1024 * 1024))
sig=(curl -s -f --aws-sigv4 "aws:amz:us-east-1:s3" -u "$RGW_ACCESS_KEY:$RGW_SECRET_KEY"
     -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
"${sig[@]}" -X PUT "$RGW_ENDPOINT/bench" -o /dev/null

report="$work/report"
: >"$report"
# timed NAME COMMAND...: wall seconds and peak RSS (KiB) of COMMAND, one line in the report.
timed() {
  local name="$1"; shift
  local secs rss
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out"
  read -r secs rss <"$work/time"
  printf '%-16s %6.2f s %8.1f MiB/s  peak RSS %6.1f MiB\n' "$name" "$secs" \
    "$(echo "$bytes / $secs / 1048576" | bc -l)" "$(echo "$rss / 1024" | bc -l)" | tee -a "$report"
}
# free_space: deleted RADOS objects wait for radosgw's GC (hours by default); memstore is RAM.
free_space() {
  "${sig[@]}" -X DELETE "$RGW_ENDPOINT/bench/$1" -o /dev/null
  radosgw-admin gc process --include-all >/dev/null 2>&1
}

for ((round = 1; round <= ROUNDS; round++)); do
  # shellcheck disable=SC2086
  timed "ospd upload" "$TOOL" "$work/rgw/env" bench ours.bin upload "$work/data" ${UPLOAD_ARGS:-}
  growth_up="$(awk '{print ($6 - $5) / 1024}' "$work/out")"
  free_space ours.bin
  timed "ospd sized-up" "$TOOL" "$work/rgw/env" bench ours.bin upload-sized "$work/data"
  growth_sized="$(awk '{print ($6 - $5) / 1024}' "$work/out")"
  timed "ospd download" "$TOOL" "$work/rgw/env" bench ours.bin download
  growth_down="$(awk '{print ($6 - $5) / 1024}' "$work/out")"
  free_space ours.bin
  timed "curl upload" "${sig[@]}" -T "$work/data" "$RGW_ENDPOINT/bench/curl.bin" -o /dev/null
  timed "curl download" "${sig[@]}" "$RGW_ENDPOINT/bench/curl.bin" -o /dev/null
  free_space curl.bin
  printf 'ospd RSS growth: multipart upload %.1f MiB, sized upload %.1f MiB, download %.1f MiB\n' \
    "$growth_up" "$growth_sized" "$growth_down" | tee -a "$report"
done

best() { grep "^$1" "$report" | awk '{print $5}' | sort -g | tail -1; }
{
  echo "object ${SIZE_MIB} MiB, ${ROUNDS} rounds, radosgw memstore on loopback, $(nproc) cores"
  for pair in "upload:upload" "sized-up:upload" "download:download"; do
    ours="$(best "ospd ${pair%%:*}")"
    theirs="$(best "curl ${pair##*:}")"
    printf 'best %-9s ospd %7.1f MiB/s  curl %7.1f MiB/s  ratio %.2f\n' "${pair%%:*}" "$ours" \
      "$theirs" "$(echo "$ours / $theirs" | bc -l)"
  done
} | tee -a "$report"
cp "$report" "$OUT"
echo "report: $OUT"
