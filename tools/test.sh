#!/usr/bin/env bash
# Sets up, builds and runs every test through CTest.
#
#   tools/test.sh [extra ctest arguments...]     e.g. tools/test.sh -R core
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${GRIDCASE_TEST_BUILD_DIR:-$here/build}"
"$here/tools/setup.sh" "$build_dir"
cd "$build_dir"
ctest --output-on-failure -j "${GRIDCASE_JOBS:-$(nproc)}" --timeout 600 "$@"
