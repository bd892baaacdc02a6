# Shared by the CLI end-to-end scripts: a scratch directory that goes away with the server, and
# the checks they are written in. Source it with the script's name:
#   source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" NAME
# The sourcing script sets PY (the Python 3 used by json) and SERVER (gridcased, for start_server).

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gridcase-$1-e2e.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  if [[ -f "$WORK/server.err" ]]; then
    printf -- '--- server stderr (tail) ---\n' >&2
    tail -n 20 "$WORK/server.err" >&2 || true
  fi
  exit 1
}
# expect_rc CODE COMMAND...: runs the command, keeps its output in $WORK/out and $WORK/err.
expect_rc() {
  local want=$1
  shift
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [[ "$got" != "$want" ]]; then
    cat "$WORK/out" "$WORK/err" >&2
    fail "expected exit $want, got $got: $*"
  fi
}
contains() { # contains FILE TEXT
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain '$2'"; }
}
json() { # json FILE EXPRESSION: evaluates EXPRESSION over the first JSON line of FILE as `d`
  "$PY" -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(eval(sys.argv[2]))' "$1" "$2"
}
reason_is() { # reason_is REASON: the --json error reply in $WORK/out carries REASON
  [[ "$(json "$WORK/out" 'd["error"]["reason"]')" == "$1" ]] || { cat "$WORK/out" >&2; fail "reason is not $1"; }
}
# start_server DB [FLAG...]: starts $SERVER on DB at a free loopback port (with any further
# flags) and sets URL once it listens.
start_server() {
  "$SERVER" --db "$1" --listen 127.0.0.1:0 "${@:2}" >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  URL=
  for _ in $(seq 1 100); do
    if line=$(grep -m1 '^gridcased listening on ' "$WORK/server.out" 2>/dev/null); then
      URL=${line#gridcased listening on }
      break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || fail "gridcased exited early"
    sleep 0.1
  done
  [[ -n "$URL" ]] || fail "no listening line"
}
# demo_server: a demo database at $WORK/var/gridcase.db (DB), gridcased started on it (URL), and
# the CLI pointed at it (GRIDCASE_SERVER).
demo_server() {
  DB="$WORK/var/gridcase.db"
  expect_rc 0 "$ADMIN" --db "$DB" init --demo
  step "start gridcased on a free port"
  start_server "$DB"
  export GRIDCASE_SERVER=$URL
}
# login_as NAME USER: logs the demo USER in and sets the array NAME to the CLI flags of its
# session (its token file).
login_as() {
  local -n flags=$1
  flags=(--token-file "$WORK/$2.token")
  expect_rc 0 "$CLI" "${flags[@]}" login "$2" --password demo12345
}
