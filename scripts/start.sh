#!/usr/bin/env bash
# Sets up, builds (release) and starts vnetd on loopback with its SQLite store.
#   scripts/start.sh [--listen 127.0.0.1:8480] [--db vnetd.db]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target vnetd vnet
exec ./build/release/src/app/vnetd "$@"
