#!/usr/bin/env bash
# A throw-away single-node Ceph radosgw (one monitor, one memstore OSD, one radosgw) bound to
# 127.0.0.1 on free ports, with every file under one directory. For tests and demos.
#
#   tests/sim/s3-server.sh start DIR   start it (DIR is created; one left by an earlier run is
#                                      stopped and removed first), create an admin user with
#                                      caps users=*;buckets=*;usage=*, and write DIR/env:
#                                        RGW_ENDPOINT=http://127.0.0.1:<port>
#                                        RGW_ACCESS_KEY=...   RGW_SECRET_KEY=...
#                                        CEPH_CONF=DIR/ceph.conf   (for radosgw-admin)
#   tests/sim/s3-server.sh stop DIR    stop radosgw, then the OSD, then the monitor; wait for
#                                      each to exit; remove DIR. A missing DIR is not an error.
#
# Recipe: ../shared/reference/test-infra.md §2 (Ceph 16). Needs ceph-mon ceph-osd radosgw
# ceph-common (scripts/install-deps.sh). Waits poll with a bound; logs are in DIR/log.
set -euo pipefail

PY=/usr/bin/python3
POLL=0.1            # seconds between readiness checks
WAIT_SECONDS=60     # bound on each readiness wait and on each daemon's shutdown
START_ATTEMPTS=3    # another process may take a port between picking and binding it

die() {
  echo "s3-server: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

# wait_for DIR NAME COMMAND...: polls COMMAND until it succeeds, for at most WAIT_SECONDS.
# Gives up early when daemon NAME (pid in DIR/run/NAME.pid) has exited, e.g. on a port clash.
wait_for() {
  local dir="$1" name="$2"; shift 2
  local deadline=$((SECONDS + WAIT_SECONDS)) pidfile="$dir/run/$name.pid"
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -s "$pidfile" ]] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "s3-server: $name exited during start-up" >&2
      return 1
    fi
    sleep "$POLL"
  done
  echo "s3-server: timed out waiting for $name" >&2
  return 1
}

# free_ports N: N distinct TCP ports that were free on 127.0.0.1 a moment ago.
free_ports() {
  "$PY" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# stop_daemon DIR NAME: SIGTERM the daemon whose pid is in DIR/run/NAME.pid and wait for it to
# exit (SIGKILL after the bound).
stop_daemon() {
  local pidfile="$1/run/$2.pid" pid deadline
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + WAIT_SECONDS))
    while ((SECONDS < deadline)) && kill -0 "$pid" 2>/dev/null; do
      sleep "$POLL"
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "s3-server: $2 (pid $pid) ignored SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

do_stop() {
  local dir="$1"
  [[ -d "$dir" ]] || return 0
  # radosgw blocks in shutdown while the OSD or monitor is gone: stop it first.
  stop_daemon "$dir" client.rgw.a
  stop_daemon "$dir" osd.0
  stop_daemon "$dir" mon.a
  rm -rf "$dir"
}

# rgw_up URL: radosgw answers HTTP on URL.
rgw_up() {
  curl -s -o /dev/null --max-time 2 "$1"
}

# mon_up: the monitor answers.
mon_up() {
  timeout 5 ceph mon stat
}

# osd_up: the OSD is marked up in the OSD map.
osd_up() {
  timeout 5 ceph osd dump 2>/dev/null | grep -q '^osd.0 up'
}

write_conf() {
  local d="$1" mon_port="$2" mon_port1="$3" rgw_port="$4" fsid="$5"
  local key1 key2
  key1="$(openssl rand -base64 32)"
  key2="$(openssl rand -base64 32)"
  cat >"$d/ceph.conf" <<EOF
[global]
fsid = $fsid
mon_host = [v2:127.0.0.1:$mon_port,v1:127.0.0.1:$mon_port1]
public_addr = 127.0.0.1
public_network = 127.0.0.0/8
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_mon_client_mode = crc
keyring = $d/keyring
run_dir = $d/run
admin_socket = $d/run/\$name.asok
pid_file = $d/run/\$name.pid
log_file = $d/log/\$name.log
log_to_stderr = false
err_to_stderr = false
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
[mon]
mon_data = $d/mon/ceph-\$id
paxos_propose_interval = 0.01
paxos_min_wait = 0.001
[osd]
osd_data = $d/osd/ceph-\$id
osd_objectstore = memstore
memstore_device_bytes = 2147483648
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$rgw_port
rgw_data = $d/rgw
rgw_dns_name = localhost
rgw_enable_usage_log = true
rgw_usage_log_tick_interval = 1
rgw_lc_max_worker = 1
rgw_user_quota_bucket_sync_interval = 1
rgw_user_quota_sync_interval = 3600
rgw_override_bucket_index_max_shards = 1
rgw_crypt_require_ssl = false
rgw_crypt_s3_kms_backend = testing
rgw_crypt_s3_kms_encryption_keys = testkey-1=$key1 testkey-2=$key2
EOF
}

# try_start DIR: one attempt on freshly picked ports. Non-zero if a daemon did not come up.
try_start() {
  local d="$1" ports mon_port mon_port1 rgw_port fsid osd_uuid osd_id
  ports="$(free_ports 3)"
  read -r mon_port mon_port1 rgw_port <<<"$ports"
  fsid="$(uuidgen)"
  osd_uuid="$(uuidgen)"
  mkdir -p "$d/mon/ceph-a" "$d/osd/ceph-0" "$d/run" "$d/log" "$d/rgw"
  write_conf "$d" "$mon_port" "$mon_port1" "$rgw_port" "$fsid"
  export CEPH_CONF="$d/ceph.conf"

  ceph-authtool --create-keyring "$d/keyring" --gen-key -n mon. --cap mon 'allow *' \
    >/dev/null || return 1
  ceph-authtool "$d/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
    --cap mgr 'allow *' >/dev/null || return 1
  ceph-authtool "$d/keyring" --gen-key -n client.rgw.a --cap mon 'allow rw' \
    --cap osd 'allow rwx' >/dev/null || return 1
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port,v1:127.0.0.1:$mon_port1]" \
    "$d/monmap" >/dev/null || return 1
  ceph-mon --mkfs -i a --monmap "$d/monmap" --keyring "$d/keyring" || return 1
  ceph-mon -i a || return 1
  wait_for "$d" mon.a mon_up || return 1

  osd_id="$(timeout 30 ceph osd new "$osd_uuid")" || return 1
  [[ "$osd_id" == 0 ]] || { echo "s3-server: unexpected OSD id '$osd_id'" >&2; return 1; }
  ceph-osd -i 0 --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1 || return 1
  ceph-osd -i 0 || return 1
  wait_for "$d" osd.0 osd_up || return 1

  radosgw -n client.rgw.a || return 1
  wait_for "$d" client.rgw.a rgw_up "http://127.0.0.1:$rgw_port/" || return 1
  echo "$rgw_port" >"$d/rgw_port"
}

do_start() {
  local d="$1" attempt access_key secret_key rgw_port
  do_stop "$d"
  for ((attempt = 1; attempt <= START_ATTEMPTS; attempt++)); do
    mkdir -p "$d"
    if try_start "$d"; then break; fi
    echo "s3-server: start attempt $attempt failed; last log lines:" >&2
    tail -n 5 "$d"/log/*.log >&2 2>/dev/null || true
    do_stop "$d"
    ((attempt < START_ATTEMPTS)) || die "could not start radosgw in $d"
  done
  rgw_port="$(cat "$d/rgw_port")"

  access_key="OSPTEST$(openssl rand -hex 6 | tr a-f A-F)"
  secret_key="$(openssl rand -hex 20)"
  radosgw-admin user create --uid=osp-admin --display-name="ospd test admin" \
    --access-key="$access_key" --secret-key="$secret_key" >/dev/null
  radosgw-admin caps add --uid=osp-admin --caps="users=*;buckets=*;usage=*" >/dev/null

  cat >"$d/env.tmp" <<EOF
RGW_ENDPOINT=http://127.0.0.1:$rgw_port
RGW_ACCESS_KEY=$access_key
RGW_SECRET_KEY=$secret_key
CEPH_CONF=$d/ceph.conf
EOF
  mv "$d/env.tmp" "$d/env"
  echo "s3-server: radosgw ready at http://127.0.0.1:$rgw_port (env in $d/env)"
}

[[ $# -eq 2 ]] || usage
dir="$2"
[[ "$dir" = /* ]] || dir="$(pwd)/$dir"
case "$1" in
  start) do_start "$dir" ;;
  stop) do_stop "$dir" ;;
  *) usage ;;
esac
