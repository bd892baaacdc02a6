#!/usr/bin/env bash
# Installs the Debian 12 packages gridcase needs (only those missing) and the web application's
# npm packages (tools/web, pinned by its package-lock.json), then configures and builds.
#
#   tools/setup.sh [BUILD_DIR]        default BUILD_DIR: ./build
#   tools/setup.sh --packages-only    install the packages, build nothing
#
# Environment: GRIDCASE_BUILD_TYPE (default RelWithDebInfo), GRIDCASE_JOBS (default: nproc),
# GRIDCASE_CMAKE_ARGS (extra cmake arguments), GRIDCASE_EXTRA_PACKAGES (more Debian packages,
# space-separated: the sanitizer build asks for clang and its fuzzer/sanitizer runtimes this
# way), GRIDCASE_BUILD_TARGETS (the targets to build, space-separated; default: all).
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
  # The PostgreSQL store (libpq) and the server its tests start clusters of (pg_trgm is in the
  # server package on Debian 12).
  libpq-dev postgresql
  protobuf-compiler libprotobuf-dev
  catch2
  nlohmann-json3-dev
  libcli11-dev
  libsodium-dev
  libmagic-dev  # what an attachment's bytes are (their magic numbers), not what its name says
  libssl-dev
  python3 python3-protobuf python3-websockets
  # The web application's browser tests: Debian's Chromium, driven by playwright-core, and a
  # Chinese font so that screenshots show text.
  chromium fonts-noto-cjk
  openssl  # a self-signed certificate for the https:// browser test
)
# Node.js and npm build the web application (tools/web). Debian 12's nodejs is 18: enough to
# build it; the test that regenerates its protobuf code needs 20 (checked below). A Node.js
# installed some other way (NodeSource's nodejs carries npm) is used as it is.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
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

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if ((node_major < 18)); then
  echo "gridcase: Node.js 18 or newer is needed to build the web application; found $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi
if ((node_major < 20)); then
  echo "gridcase: note: Node.js $(node --version) builds the web application, but its test that" >&2
  echo "gridcase: regenerates the protobuf code (protoc-gen-es 2.13) needs Node.js 20 or newer;" >&2
  echo "gridcase: install Node.js 20 (for example NodeSource's nodejs 20 for Debian 12) to run it" >&2
fi

# npm ci when node_modules is missing or older than the lockfile.
web="$here/tools/web"
if [[ ! -f "$web/node_modules/.package-lock.json" || "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]]; then
  echo "gridcase: installing the web application's npm packages (npm ci in tools/web)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi

((packages_only)) && exit 0

jobs="${GRIDCASE_JOBS:-$(nproc)}"
# shellcheck disable=SC2086
cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE="${GRIDCASE_BUILD_TYPE:-RelWithDebInfo}" \
  ${GRIDCASE_CMAKE_ARGS:-} >/dev/null
targets=()
for target in ${GRIDCASE_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"
