#!/usr/bin/env bash
# Builds the libFuzzer target (tests/fuzz/frame_fuzzer.cpp) with clang, ASan and UBSan in
# ./build-fuzz and runs it for SECONDS (default 60) over a fresh copy of tests/fuzz/corpus.
# Exits non-zero when the fuzzer finds a crash, a leak, a sanitizer report or a hang; the input
# that caused it is left in build-fuzz/artifacts/.
#
#   tools/fuzz.sh [SECONDS] [extra libFuzzer flags...]
#
# Environment: GRIDCASE_JOBS (default: nproc), GRIDCASE_FUZZ_BUILD_DIR (default ./build-fuzz).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift || true
build_dir="${GRIDCASE_FUZZ_BUILD_DIR:-$here/build-fuzz}"
jobs="${GRIDCASE_JOBS:-$(nproc)}"

# clang and its fuzzer/sanitizer runtimes, on top of the usual packages.
GRIDCASE_EXTRA_PACKAGES="clang libclang-rt-14-dev" "$here/tools/setup.sh" --packages-only

# -O1 with line tables (build type "None": no flags of its own), as the sanitizer build
# (tools/test.sh --sanitize): the fuzzer's reports keep their file and line, and the build
# spends far less time optimizing and describing code than at -O2 -g.
sanitize="-O1 -g1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_COMPILER=clang++ -DGRIDCASE_FUZZ=ON -DCMAKE_CXX_FLAGS="$sanitize" >/dev/null
cmake --build "$build_dir" -j "$jobs" --target frame_fuzzer

run_corpus="$build_dir/fuzz-corpus"
artifacts="$build_dir/artifacts"
rm -rf "$run_corpus"
mkdir -p "$run_corpus" "$artifacts"
cp "$here"/tests/fuzz/corpus/*.bin "$run_corpus/"

echo "gridcase: fuzzing frame decoding and dispatch for ${seconds}s"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
"$build_dir/tests/fuzz/frame_fuzzer" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$run_corpus" || status=$?
if ((status != 0)); then
  echo "gridcase: the fuzzer failed (exit $status); reproducer(s) in $artifacts:" >&2
  ls -l "$artifacts" >&2 || true
  exit "$status"
fi
echo "gridcase: fuzzing found nothing in ${seconds}s"
