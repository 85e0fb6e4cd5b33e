#!/usr/bin/env bash
# Installs the Debian packages vnetd needs to build, test and benchmark. Idempotent and quiet;
# run as root (or with sudo). Nothing is downloaded but Debian packages.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git python3
  libsqlite3-dev sqlite3 nlohmann-json3-dev libcpp-httplib-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libasio-dev libldns-dev etcd-server
  clang clang-format clang-tidy libclang-rt-14-dev
  curl dnsutils wrk unbound dnsperf libdpdk-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
