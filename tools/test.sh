#!/usr/bin/env bash
# Sets up, builds and runs every test through CTest.
#
#   tools/test.sh [extra ctest arguments...]                e.g. tools/test.sh -R core
#   tools/test.sh --sanitize [extra ctest arguments...]     the same under ASan + UBSan
#
# --sanitize (or GRIDCASE_SANITIZE=1) builds the whole suite with
# -fsanitize=address,undefined in ./build-asan (its own build directory, so the normal build is
# left alone) and runs CTest there; any sanitizer report fails the test that triggered it.
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
  # GCC's -Wmaybe-uninitialized misfires inside Boost.Beast once ASan instruments it (a known
  # false positive of that pairing); every other warning stays on. -O1 with line tables only
  # (build type "None": no flags of its own) builds in far less time than -O2 with full debug
  # information and still finds every report, with file and line in its stack traces.
  flags="-O1 -g1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -Wno-maybe-uninitialized"
  export GRIDCASE_BUILD_TYPE="${GRIDCASE_BUILD_TYPE:-None}"
  # Read by CMake when it first configures build_dir.
  export CXXFLAGS="${CXXFLAGS:-} $flags"
  export LDFLAGS="${LDFLAGS:-} -fsanitize=address,undefined"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  exclude="${GRIDCASE_ASAN_EXCLUDE_LABELS-asan_skip}"
  [[ -n "$exclude" ]] && ctest_args+=(-LE "$exclude")
  "$here/tools/setup.sh" "$build_dir"
  if ! grep -q -- "-fsanitize=address" "$build_dir/CMakeCache.txt"; then
    echo "gridcase: $build_dir was configured without the sanitizers; remove it and rerun" >&2
    exit 1
  fi
else
  build_dir="${GRIDCASE_TEST_BUILD_DIR:-$here/build}"
  "$here/tools/setup.sh" "$build_dir"
fi
cd "$build_dir"
ctest --output-on-failure -j "${GRIDCASE_JOBS:-$(nproc)}" --timeout 600 "${ctest_args[@]}" "$@"
