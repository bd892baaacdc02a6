#!/usr/bin/env bash
# Sets up, builds and runs every test through CTest.
#
#   tools/test.sh [extra ctest arguments...]                e.g. tools/test.sh -R core
#   tools/test.sh --sanitize [extra ctest arguments...]     the same under ASan + UBSan
#
# --sanitize (or GRIDCASE_SANITIZE=1) builds the whole suite with clang and
# -fsanitize=address,undefined in ./build-asan (its own build directory, so the normal build is
# left alone; tools/sanitized.sh) and runs CTest there; any sanitizer report fails the test that
# triggered it.
# Tests labelled in GRIDCASE_ASAN_EXCLUDE_LABELS (a ctest -LE regex, default "asan_skip") are
# left out of that run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sanitize="${GRIDCASE_SANITIZE:-0}"
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize=1
  shift
fi

ctest_args=()
if [[ "$sanitize" == 1 ]]; then
  build_dir="${GRIDCASE_TEST_BUILD_DIR:-$here/build-asan}"
  # shellcheck source=tools/sanitized.sh
  source "$here/tools/sanitized.sh"
  exclude="${GRIDCASE_ASAN_EXCLUDE_LABELS-asan_skip}"
  [[ -n "$exclude" ]] && ctest_args+=(-LE "$exclude")
  sanitized_build "$build_dir"
else
  build_dir="${GRIDCASE_TEST_BUILD_DIR:-$here/build}"
  "$here/tools/setup.sh" "$build_dir"
fi
cd "$build_dir"
ctest --output-on-failure -j "${GRIDCASE_JOBS:-$(nproc)}" --timeout 600 "${ctest_args[@]}" "$@"
