#!/usr/bin/env bash
# Installs the Debian 12 packages gridcase needs (only those missing), then configures and builds.
#
#   tools/setup.sh [BUILD_DIR]        default BUILD_DIR: ./build
#   tools/setup.sh --packages-only    install the packages, build nothing
#
# Environment: GRIDCASE_BUILD_TYPE (default RelWithDebInfo), GRIDCASE_JOBS (default: nproc),
# GRIDCASE_CMAKE_ARGS (extra cmake arguments), GRIDCASE_EXTRA_PACKAGES (more Debian packages,
# space-separated: tools/fuzz.sh asks for clang and its fuzzer/sanitizer runtimes this way).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages_only=0
if [[ "${1:-}" == "--packages-only" ]]; then
  packages_only=1
  shift
fi
build_dir="${1:-$here/build}"

packages=(
  build-essential cmake pkg-config
  libboost-dev
  libsqlitecpp-dev libsqlite3-dev sqlite3
  protobuf-compiler libprotobuf-dev
  catch2
  nlohmann-json3-dev
  libcli11-dev
  libsodium-dev
  libssl-dev
  python3 python3-protobuf python3-websockets
)
# shellcheck disable=SC2206
packages+=(${GRIDCASE_EXTRA_PACKAGES:-})

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "gridcase: installing missing packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    apt_get=(apt-get)
  elif command -v sudo >/dev/null 2>&1; then
    apt_get=(sudo apt-get)
  else
    echo "gridcase: these Debian packages are missing: ${missing[*]}" >&2
    echo "gridcase: run this script as root (or install sudo), or install them yourself:" >&2
    echo "    apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${apt_get[@]}" update -qq
  "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

((packages_only)) && exit 0

jobs="${GRIDCASE_JOBS:-$(nproc)}"
# shellcheck disable=SC2086
cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE="${GRIDCASE_BUILD_TYPE:-RelWithDebInfo}" \
  ${GRIDCASE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$jobs"
