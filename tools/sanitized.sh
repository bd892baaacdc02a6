# The build with the sanitizers, shared by tools/test.sh --sanitize (the whole suite) and
# tools/fuzz.sh (the frame fuzzer): sourced by both, never run alone.
#
# One build serves both. clang compiles every object with ASan + UBSan and libFuzzer's coverage
# (-fsanitize=fuzzer-no-link), so the suite's programs and the fuzzer link the same libraries
# and a CI run compiles the project twice (this build and the normal one), not three times.
# Without libFuzzer's driver the coverage only counts edges and calls empty comparison hooks:
# the whole suite ran in 469 s here under ctest -j2 on 2 cores.
# -O1 with line tables (build type "None": no flags of its own) builds in far less time than
# -O2 with full debug information and still finds every report, with file and line in its
# stack traces.
#
#   sanitized_build BUILD_DIR [TARGET...]    installs what it needs, configures, builds
#                                            (every target when none is named)
#
# Reads `here`, the project's root, from the script that sources it.

sanitized_build() {
  local build_dir="$1"
  shift
  local sanitizers="-fsanitize=fuzzer-no-link,address,undefined"
  local flags="-O1 -g1 $sanitizers -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  local cache="$build_dir/CMakeCache.txt"
  if [[ -f "$cache" ]] && ! grep -q -- "$sanitizers" "$cache"; then
    echo "gridcase: $build_dir was configured otherwise (an older sanitizer build, with gcc?);" \
      "remove it and run again" >&2
    return 1
  fi
  # clang and its fuzzer and sanitizer runtimes on top of the usual packages; CXXFLAGS and
  # LDFLAGS are read by CMake when it first configures build_dir.
  GRIDCASE_EXTRA_PACKAGES="${GRIDCASE_EXTRA_PACKAGES:-} clang libclang-rt-14-dev" \
    GRIDCASE_BUILD_TYPE=None \
    GRIDCASE_CMAKE_ARGS="${GRIDCASE_CMAKE_ARGS:-} -DCMAKE_CXX_COMPILER=clang++ -DGRIDCASE_FUZZ=ON" \
    GRIDCASE_BUILD_TARGETS="$*" \
    CXXFLAGS="${CXXFLAGS:-} $flags" \
    LDFLAGS="${LDFLAGS:-} -fsanitize=address,undefined" \
    "$here/tools/setup.sh" "$build_dir"
}

# What the sanitizers do on a report: stop the program (so that the test or the fuzzer fails).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
