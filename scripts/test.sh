#!/usr/bin/env bash
# The test command: installs what is needed, builds, and runs every test.
#   scripts/test.sh          release build + all tests, then the ASan build + unit tests
#   scripts/test.sh --long   also the long-running tests (fuzzing, soak) labelled "long"
set -euo pipefail
cd "$(dirname "$0")/.."
long=0
[ "${1:-}" = "--long" ] && long=1

bash scripts/setup.sh
echo "== layering"
python3 scripts/check_layering.py
echo "== format"
files=$(git ls-files 'src/*.h' 'src/*.cc' 'bench/*.cc' 'fuzz/*.cc' 'tests/*.cc' 2>/dev/null || true)
if [ -n "$files" ]; then
  clang-format --dry-run --Werror $files
fi
echo "== release build"
cmake --preset release >/dev/null
cmake --build --preset release
echo "== release tests"
label_args=(-LE long)
[ $long -eq 1 ] && label_args=()
ctest --preset release -j2 "${label_args[@]}"
echo "== fuzz targets (clang, libFuzzer)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target cidr_fuzz resource_id_fuzz json_body_fuzz dns_packet_fuzz
fuzz_label=fuzz
[ $long -eq 1 ] && fuzz_label="fuzz|long"
(cd build/fuzz && ctest -L "$fuzz_label" --output-on-failure)
echo "== asan build and unit tests"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j2 -L unit
