#!/usr/bin/env bash
# Installs everything ospd needs to build, test and run its demo on Debian 12:
# the Debian packages below, and buf (npm @bufbuild/buf, pinned in scripts/npm/) into .deps/npm.
# Idempotent and fast when nothing is missing: apt runs only for packages dpkg does not have.
# Works as root; otherwise uses sudo for apt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build toolchain, libraries, test tools (gRPC clients, clang for sanitizers and formatting).
PACKAGES=(
  cmake ninja-build g++ clang-14 libclang-rt-14-dev clang-format-14 ccache pkg-config
  protobuf-compiler protobuf-compiler-grpc libgrpc++-dev libprotobuf-dev libabsl-dev
  libcurl4-openssl-dev libssl-dev libxml2-dev libyaml-cpp-dev libcpp-httplib-dev
  nlohmann-json3-dev libargon2-dev libgtest-dev libgmock-dev libbenchmark-dev grpc-proto
  python3-grpcio python3-protobuf python3-argon2 python3-cryptography openssl curl
  python3-yaml python3-prometheus-client systemd haproxy
  golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev
  protoc-gen-go protoc-gen-go-grpc
)
# The local S3 server (Ceph radosgw) and independent S3 clients; recommends pull in far too much.
PACKAGES_NO_RECOMMENDS=(
  ceph-mon ceph-osd radosgw ceph-common awscli python3-boto3
)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$pkg"
    fi
  done
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  else
    sudo "$@"
  fi
}

# Node.js may come from Debian (nodejs + npm) or from a vendor package that bundles npm:
# only ask apt for it when there is no npm at all.
node_packages=()
command -v npm >/dev/null 2>&1 || node_packages=(nodejs npm)

mapfile -t missing < <(missing_packages "${PACKAGES[@]}" "${node_packages[@]}")
mapfile -t missing_nr < <(missing_packages "${PACKAGES_NO_RECOMMENDS[@]}")
if (( ${#missing[@]} + ${#missing_nr[@]} > 0 )); then
  echo "install-deps: installing ${missing[*]} ${missing_nr[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  if (( ${#missing[@]} > 0 )); then
    as_root apt-get install -y -qq "${missing[@]}"
  fi
  if (( ${#missing_nr[@]} > 0 )); then
    as_root apt-get install -y -qq --no-install-recommends "${missing_nr[@]}"
  fi
fi

# buf, at the version pinned by scripts/npm/package-lock.json. The lock file copied next to
# node_modules tells whether the installed version is the pinned one.
NPM_DIR="$ROOT/.deps/npm"
if [[ ! -x "$NPM_DIR/node_modules/.bin/buf" ]] ||
   ! cmp -s "$ROOT/scripts/npm/package-lock.json" "$NPM_DIR/package-lock.json"; then
  echo "install-deps: installing buf into $NPM_DIR"
  mkdir -p "$NPM_DIR"
  cp "$ROOT/scripts/npm/package.json" "$ROOT/scripts/npm/package-lock.json" "$NPM_DIR/"
  (cd "$NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
"$NPM_DIR/node_modules/.bin/buf" --version >/dev/null
