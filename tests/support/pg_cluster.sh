#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, started and stopped by the test run itself
# (CTest fixture "pg_cluster", tests/CMakeLists.txt).
#
#   tests/support/pg_cluster.sh start DIR    initdb into DIR/data and start it
#   tests/support/pg_cluster.sh stop DIR     stop it and remove DIR
#
# The cluster listens on a Unix socket in DIR only (listen_addresses=''), so clusters of
# different build directories never meet. It is made with encoding UTF8, lc_collate C and
# lc_ctype C.UTF-8 (pg_trgm sees Chinese only under a UTF-8 lc_ctype: /work/shared/SCALEOUT.md),
# trust authentication for the superuser "gridcase", and fsync off (a test cluster need not
# survive a power cut; synchronous_commit stays on). The cluster itself (data and socket) lives
# in a fresh folder under ${TMPDIR:-/tmp}, named in DIR/cluster: a checkout may sit where another
# user cannot reach (root's home), and a socket's path must stay short. initdb refuses root: as
# root the cluster runs as the "postgres" user (runuser), who owns that folder.
#
# On success DIR/conninfo holds the libpq connection string of the maintenance database
# ("host=DIR port=... user=gridcase dbname=postgres"); each test makes a database of its own.
# When the PostgreSQL server programs are not installed, DIR/unavailable says so and the
# script succeeds: the PostgreSQL tests then skip with that message.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action="$1"
dir="$2"

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
    bindir="$candidate"
    break
  fi
done

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  as_owner=(runuser -u postgres --)
fi

stop() {
  local cluster=""
  [[ -f "$dir/cluster" ]] && cluster="$(cat "$dir/cluster")"
  if [[ -n "$cluster" && -n "$bindir" && -f "$cluster/data/postmaster.pid" ]]; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [[ -n "$cluster" && -d "$cluster" ]] && rm -rf "$cluster"
  rm -rf "$dir"
}

case "$action" in
  start)
    stop
    mkdir -p "$dir"
    if [[ -z "$bindir" ]]; then
      echo "PostgreSQL server programs (initdb, pg_ctl) are not installed: apt-get install postgresql" >"$dir/unavailable"
      echo "gridcase: $(cat "$dir/unavailable"); the PostgreSQL tests skip" >&2
      exit 0
    fi
    cluster="$(mktemp -d "${TMPDIR:-/tmp}/gridcase-pg.XXXXXX")"
    echo "$cluster" >"$dir/cluster"
    if [[ ${#as_owner[@]} -gt 0 ]]; then
      chown postgres "$cluster"
    fi
    "${as_owner[@]}" "$bindir/initdb" -D "$cluster/data" -U gridcase --auth=trust --encoding=UTF8 \
      --lc-collate=C --lc-ctype=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # The socket's name carries the port; the folder is this cluster's own, so any port will do.
    port=$((20000 + RANDOM % 20000))
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$cluster' -p $port -c fsync=off -c max_connections=200" \
      start >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }
    echo "host=$cluster port=$port user=gridcase dbname=postgres" >"$dir/conninfo"
    ;;
  stop)
    stop
    ;;
  *)
    usage
    ;;
esac
