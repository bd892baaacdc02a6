#!/usr/bin/env bash
# Sets up, builds and starts gridcased on ./var/gridcase.db. On first start the database is
# created with the demo (新城街道, its communities, grids, users of every role and demo cases).
#
#   tools/run.sh [extra gridcased flags...]     e.g. tools/run.sh --listen 127.0.0.1:9000
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$here/build"
"$here/tools/setup.sh" "$build_dir"

db="$here/var/gridcase.db"
mkdir -p "$here/var"
if [[ ! -f "$db" ]]; then
  echo "gridcase: creating $db with the demo"
  "$build_dir/tools/admin/gridcase-admin" init --demo --db "$db"
else
  echo "gridcase: using $db (demo logins: $build_dir/tools/admin/gridcase-admin demo-logins)"
fi

cat <<TXT

Open the web application at the address gridcased prints below (http://127.0.0.1:8080/ by
default), or connect with the CLI, for example:
  $build_dir/tools/cli/gridcase login grid1
  $build_dir/tools/cli/gridcase cases list
Stop the server with Ctrl-C.

TXT
exec "$build_dir/tools/gridcased/gridcased" --db "$db" "$@"
