#!/usr/bin/env bash
# Builds the libFuzzer target (tests/fuzz/frame_fuzzer.cpp) with clang, ASan and UBSan in the
# sanitizer build (./build-asan, tools/sanitized.sh: after tools/test.sh --sanitize nothing is
# left to build) and runs it for SECONDS (default 60) over a fresh copy of tests/fuzz/corpus.
# Exits non-zero when the fuzzer finds a crash, a leak, a sanitizer report or a hang; the input
# that caused it is left in BUILD_DIR/artifacts/.
#
#   tools/fuzz.sh [SECONDS] [extra libFuzzer flags...]
#
# Environment: GRIDCASE_JOBS (default: nproc), GRIDCASE_FUZZ_BUILD_DIR (default ./build-asan).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift || true
build_dir="${GRIDCASE_FUZZ_BUILD_DIR:-$here/build-asan}"

# shellcheck source=tools/sanitized.sh
source "$here/tools/sanitized.sh"
sanitized_build "$build_dir" frame_fuzzer

run_corpus="$build_dir/fuzz-corpus"
artifacts="$build_dir/artifacts"
rm -rf "$run_corpus"
mkdir -p "$run_corpus" "$artifacts"
cp "$here"/tests/fuzz/corpus/*.bin "$run_corpus/"

echo "gridcase: fuzzing frame decoding and dispatch for ${seconds}s"
status=0
"$build_dir/tests/fuzz/frame_fuzzer" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$run_corpus" || status=$?
if ((status != 0)); then
  echo "gridcase: the fuzzer failed (exit $status); reproducer(s) in $artifacts:" >&2
  ls -l "$artifacts" >&2 || true
  exit "$status"
fi
echo "gridcase: fuzzing found nothing in ${seconds}s"
