#!/usr/bin/env bash
# The "run it" command of the README: builds ospd and ospctl if needed, brings up the demo
# backends (a throw-away radosgw and the ECS management API simulator in front of it), starts
# ospd on deploy/config/demo.yaml with its socket in a temporary directory, shows what it serves
# through ospctl and through `buf curl` (server reflection, no .proto files), and stops it all.
# Everything it starts is stopped, and its directory removed, on every exit path.
#   scripts/demo.sh [--keep-running]   (--keep-running: wait for Ctrl-C before stopping)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${OSP_BUILD_DIR:-$ROOT/build}"
OSPD="$BUILD/bin/ospd"
OSPCTL="$BUILD/bin/ospctl"
BUF="$ROOT/.deps/npm/node_modules/.bin/buf"
PY=/usr/bin/python3
WAIT_SECONDS=60

keep_running=0
case "${1:-}" in
  "") ;;
  --keep-running) keep_running=1 ;;
  *) echo "usage: $0 [--keep-running]" >&2; exit 2 ;;
esac

WORK="$(mktemp -d -t ospd-demo.XXXXXX)"
ospd_pid=""
# Commands that stop what was started, run last-first by cleanup.
stop_commands=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$ospd_pid" ]] && kill -0 "$ospd_pid" 2>/dev/null; then
    kill -TERM "$ospd_pid" 2>/dev/null || true
    wait "$ospd_pid" 2>/dev/null || true
  fi
  local i
  for ((i = ${#stop_commands[@]} - 1; i >= 0; i--)); do
    eval "${stop_commands[$i]}" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -t 1 ]]; then bold=$'\e[1m'; dim=$'\e[2m'; off=$'\e[0m'; else bold=""; dim=""; off=""; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$off"; }
# show CMD...: prints the command as a user would type it (paths shortened), then runs it.
show() {
  local arg shown=""
  for arg in "$@"; do
    arg="${arg//$WORK/\$DEMO}"
    arg="${arg#"$ROOT"/}"
    if [[ "$arg" =~ ^[][A-Za-z0-9_./:=@%+,\$-]+$ ]]; then shown+=" $arg"; else shown+=" '$arg'"; fi
  done
  printf '%s$%s%s\n' "$dim" "$shown" "$off"
  "$@"
}
die() { echo "demo: $*" >&2; exit 1; }

# wait_until DESCRIPTION COMMAND...: polls COMMAND (every 0.1 s, at most WAIT_SECONDS).
wait_until() {
  local what="$1"; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" 2>/dev/null; do
    ((SECONDS < deadline)) || die "timed out waiting for $what"
    sleep 0.1
  done
}

json_field() {  # json_field FILE KEY: one top-level string field of a JSON file
  "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

# --- backends ------------------------------------------------------------------------------
# Each start_* function brings up one piece, registers how to stop it, and exports what the
# config template needs. Add a backend by adding a function and a section in demo.yaml.

start_radosgw() {
  step "Starting a throw-away S3 server (Ceph radosgw)"
  stop_commands+=("'$ROOT/tests/sim/s3-server.sh' stop '$WORK/rgw'")
  "$ROOT/tests/sim/s3-server.sh" start "$WORK/rgw" >"$WORK/s3-server.log" 2>&1 ||
    { cat "$WORK/s3-server.log" >&2; die "radosgw did not start"; }
  # shellcheck disable=SC1091
  source "$WORK/rgw/env"
  echo "radosgw at $RGW_ENDPOINT"
}

start_ecs_sim() {
  step "Starting the ECS management API simulator"
  local ready="$WORK/ecs-ready.json"
  "$PY" "$ROOT/tests/sim/ecs/ecs_sim.py" --rgw-env "$WORK/rgw/env" \
    --namespace demo --replication-group rg1 --mgmt-user "ospd-admin:demo-password" \
    --ready-file "$ready" >"$WORK/ecs-sim.out" 2>"$WORK/ecs-sim.log" &
  local pid=$!
  stop_commands+=("kill -TERM $pid; wait $pid")
  wait_until "the ECS simulator" test -s "$ready"
  ECS_MGMT_URL="$(json_field "$ready" mgmt_url)"
  ECS_CA_FILE="$(json_field "$ready" ca_file)"
  ECS_S3_URL="$(json_field "$ready" s3_url)"
  printf '%s' demo-password >"$WORK/ecs.pass"
  echo "ECS management API at $ECS_MGMT_URL, S3 at $ECS_S3_URL"
}

start_minio_sim() {
  step "Starting the MinIO simulator (admin API + S3 front)"
  local ready="$WORK/minio-ready.json"
  "$PY" "$ROOT/tests/sim/minio/minio_sim.py" --rgw-env "$WORK/rgw/env" --plain-http \
    --root-user "minio-admin:minio-demo-secret" \
    --ready-file "$ready" >"$WORK/minio-sim.out" 2>"$WORK/minio-sim.log" &
  local pid=$!
  stop_commands+=("kill -TERM $pid; wait $pid")
  wait_until "the MinIO simulator" test -s "$ready"
  MINIO_URL="$(json_field "$ready" endpoint)"
  printf '%s' minio-demo-secret >"$WORK/minio.pass"
  head -c 48 /dev/urandom | base64 >"$WORK/minio-seed"
  echo "MinIO admin API and S3 at $MINIO_URL"
}

# Fills deploy/config/demo.yaml's @NAME@ placeholders.
render_config() {
  sed -e "s|@DEMO_DIR@|$WORK|g" -e "s|@ECS_MGMT_URL@|$ECS_MGMT_URL|g" \
      -e "s|@ECS_CA_FILE@|$ECS_CA_FILE|g" -e "s|@ECS_S3_URL@|$ECS_S3_URL|g" \
      -e "s|@MINIO_URL@|$MINIO_URL|g" \
      "$ROOT/deploy/config/demo.yaml" >"$WORK/ospd.yaml"
  if grep -q '@[A-Z_]*@' "$WORK/ospd.yaml"; then
    die "unfilled placeholder in demo.yaml: $(grep -o '@[A-Z_]*@' "$WORK/ospd.yaml" | head -1)"
  fi
}

# refused CMD...: shows a command that must fail, with the exit code ospctl gives it.
refused() {
  local rc=0
  show "$@" || rc=$?
  ((rc != 0)) || die "expected a refusal"
  echo "(exit code $rc)"
}

# anonymous_get URL: the HTTP status an anonymous client gets.
anonymous_get() {
  printf '%s$ curl -s -o /dev/null -w %%{http_code} %s%s\n' "$dim" "$1" "$off"
  curl -s -o /dev/null -w '%{http_code}\n' "$1"
}

# cloudstack_flow BACKEND: what Apache CloudStack does for an account, through ospctl.
cloudstack_flow() {
  local backend="$1" account bucket o
  account="$("$PY" -c 'import uuid; print(uuid.uuid4())')"
  bucket="$backend-$(date +%s)"
  o=("$OSPCTL" --target "unix://$SOCK" --backend "$backend")

  step "[$backend] first bucket of account $account: its object user and keys"
  show "${o[@]}" user ensure --account "$account"
  echo "A second call returns the same keys (nothing is created twice):"
  show "${o[@]}" --output json user ensure --account "$account"
  show "${o[@]}" bucket create "$bucket" --owner "$account" --encryption sse-s3 \
    --versioning enabled --quota-bytes 1GiB
  step "[$backend] a second bucket reuses the user"
  show "${o[@]}" bucket create "$bucket-logs" --owner "$account"
  show "${o[@]}" bucket list --owner "$account"

  step "[$backend] public, then private again; a quota change"
  printf 'hello from ospd\n' >"$WORK/hello.txt"
  show "${o[@]}" put "$WORK/hello.txt" "$bucket/docs/hello.txt"
  local url updated
  updated="$("${o[@]}" --output json bucket update "$bucket" --policy public-read)"
  url="$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["bucket"]["publicUrl"])' "$updated")"
  echo "policy: public-read"
  anonymous_get "$url/docs/hello.txt"
  show "${o[@]}" bucket update "$bucket" --policy private >/dev/null
  echo "policy: private"
  anonymous_get "$url/docs/hello.txt"
  show "${o[@]}" bucket update "$bucket" --quota-bytes 2GiB

  step "[$backend] objects: upload, list with a prefix, download, delete"
  head -c 3000000 /dev/urandom >"$WORK/blob.bin"
  show "${o[@]}" put "$WORK/blob.bin" "$bucket/data/blob.bin"
  show "${o[@]}" ls "$bucket/data/"
  show "${o[@]}" get "$bucket/data/blob.bin" "$WORK/blob.back"
  cmp "$WORK/blob.bin" "$WORK/blob.back" && echo "downloaded bytes match"
  show "${o[@]}" rm "$bucket/data/blob.bin"
  show "${o[@]}" usage --owner "$account"

  step "[$backend] deleting a bucket that is not empty is refused; emptied, it goes"
  refused "${o[@]}" bucket delete "$bucket"
  show "${o[@]}" bucket delete "$bucket" --force-empty
  show "${o[@]}" bucket delete "$bucket-logs"
  show "${o[@]}" user delete --account "$account"
}

# --- the demo ------------------------------------------------------------------------------

step "Building ospd and ospctl"
"$ROOT/scripts/build.sh" -- ospd ospctl | tail -n 1

start_radosgw
start_ecs_sim
start_minio_sim
render_config

step "Checking and starting ospd"
show "$OSPD" --check-config "$WORK/ospd.yaml"
"$OSPD" --config "$WORK/ospd.yaml" 2>"$WORK/ospd.log" &
ospd_pid=$!
serving() {
  kill -0 "$ospd_pid" || { cat "$WORK/ospd.log" >&2; die "ospd exited"; }
  grep -q '"msg":"serving"' "$WORK/ospd.log"
}
wait_until "ospd to serve" serving
serving_line="$(grep -m1 '"msg":"serving"' "$WORK/ospd.log")"
echo "$serving_line"
TCP="$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["tcp"])' "$serving_line")"
SOCK="$WORK/ospd.sock"
BACKEND=ecs-demo

step "ospctl over the Unix socket"
show "$OSPCTL" --target "unix://$SOCK" info
show "$OSPCTL" --target "unix://$SOCK" --backend "$BACKEND" capabilities
show "$OSPCTL" --target "unix://$SOCK" --backend "$BACKEND" check

step "buf curl over TCP, by server reflection"
show "$BUF" curl --protocol grpc --list-methods "http://$TCP"
show "$BUF" curl --protocol grpc -d '{}' "http://$TCP/grpc.health.v1.Health/Check"
show "$BUF" curl --protocol grpc "http://$TCP/osp.v1.ObjectStoreProvider/GetProviderInfo"
show "$BUF" curl --protocol grpc -d "{\"backend\":\"$BACKEND\"}" \
  "http://$TCP/osp.v1.ObjectStoreProvider/GetCapabilities"

cloudstack_flow ecs-demo
cloudstack_flow minio-demo

if ((keep_running)); then
  step "ospd keeps running: socket $SOCK, TCP $TCP (Ctrl-C stops everything)"
  wait "$ospd_pid"
fi

step "Stopping ospd (SIGTERM)"
kill -TERM "$ospd_pid"
rc=0
wait "$ospd_pid" || rc=$?
ospd_pid=""
echo "ospd exited with code $rc"
tail -n 2 "$WORK/ospd.log"
exit "$rc"
