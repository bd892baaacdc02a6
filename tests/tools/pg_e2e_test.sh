#!/usr/bin/env bash
# gridcase on PostgreSQL end to end, with real processes on a real cluster (the CTest fixture
# "pg_cluster"): gridcase-admin init --demo on a database of this test's own, then two gridcased
# on that one database and the CLI against each: a case created through A is listed and read
# through B; the same request id sent to A then to B answers the same case (one case, one
# event); a stale version on B after a write on A is refused. Bad configuration (a database that
# cannot be reached, no --attachments-dir, SQLite-only admin commands) gets one clear line and
# a non-zero exit.
#
#   pg_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE GRIDCASE_FIGURES GRIDCASE_IMPORT GRIDCASE_BENCH
# Environment: GRIDCASE_PG_CLUSTER, the cluster's folder (tests/support/pg_cluster.sh).
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
FIGURES=$4
IMPORT=$5
BENCH=$6
MAPPING="$(dirname "${BASH_SOURCE[0]}")/../../tools/import/mappings/boston311.map"
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/pg_e2e_lib.sh"

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" pg

# A database of this test's own, dropped at the end.
pg_new_database PG gc_e2e
# The same database named the two ways --db takes: a keyword string and a URI.
pg_host=$(sed -E 's/.*host=([^ ]+).*/\1/' <<<"$MAINTENANCE")
pg_port=$(sed -E 's/.*port=([^ ]+).*/\1/' <<<"$MAINTENANCE")
PG_URI="postgresql://gridcase@/$PG_NEW_DATABASE?host=$pg_host&port=$pg_port"

OTHER_PID=
finish() {
  if [[ -n "$OTHER_PID" ]]; then
    kill -TERM "$OTHER_PID" 2>/dev/null || true
    wait "$OTHER_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  pg_drop_databases
  cleanup
}
trap finish EXIT

step "a PostgreSQL database that cannot be reached: one clear line, exit 1"
UNREACHABLE="postgresql://gridcase:s3cret-word@127.0.0.1:1/nothing?connect_timeout=5"
expect_rc 1 "$SERVER" --db "$UNREACHABLE" --attachments-dir "$WORK/files" --listen 127.0.0.1:0
contains "$WORK/err" "无法连接 PostgreSQL 数据库"
contains "$WORK/err" "cannot connect to the PostgreSQL database"
contains "$WORK/err" "postgresql://gridcase:***@127.0.0.1:1/nothing"
! grep -q "s3cret-word" "$WORK/err" || fail "the password was printed"
[[ ! -s "$WORK/out" ]] || fail "gridcased printed a listening line"
expect_rc 1 "$ADMIN" --db "$UNREACHABLE" init --demo
contains "$WORK/err" "无法连接 PostgreSQL 数据库"
printf 'case_enquiry_id\n' >"$WORK/rows.csv"
expect_rc 1 "$IMPORT" --db "$UNREACHABLE" --mapping "$MAPPING" "$WORK/rows.csv"
contains "$WORK/err" "无法连接 PostgreSQL 数据库"
! grep -q "s3cret-word" "$WORK/err" || fail "the password was printed"
expect_rc 1 "$SERVER" --db "host=$pg_host port=$pg_port user=gridcase dbname=no_such_db_$$" \
  --attachments-dir "$WORK/files" --listen 127.0.0.1:0
contains "$WORK/err" "无法连接 PostgreSQL 数据库"
contains "$WORK/err" "no_such_db_$$"

step "PostgreSQL needs --attachments-dir; backup and compact are SQLite's"
expect_rc 2 "$SERVER" --db "$PG" --listen 127.0.0.1:0
contains "$WORK/err" "--attachments-dir"
contains "$WORK/err" "附件"
expect_rc 2 "$ADMIN" --db "$PG" backup "$WORK/copy.db"
contains "$WORK/err" "pg_dump"
contains "$WORK/err" "只适用于 SQLite"
expect_rc 2 "$ADMIN" --db "$PG" compact
contains "$WORK/err" "只适用于 SQLite"
[[ ! -e "$WORK/copy.db" ]] || fail "backup wrote a file"
expect_rc 2 "$BENCH" generate --db "$PG"
contains "$WORK/err" "mix, store-only, idle, fanout and reads"

step "gridcase-admin on PostgreSQL: init --demo, twice; add-user"
expect_rc 0 "$ADMIN" --db "$PG" init --demo
contains "$WORK/out" "(PostgreSQL)"
contains "$WORK/out" "grid1"
expect_rc 0 "$ADMIN" --db "$PG_URI" init --demo
contains "$WORK/out" "not loaded"
expect_rc 0 "$ADMIN" --db "$PG" add-user --username pg_worker --password pg-pass-123 \
  --role grid_worker --scope 37010000100101
expect_rc 1 "$ADMIN" --db "$PG" add-user --username pg_worker --password pg-pass-123 \
  --role grid_worker --scope 37010000100101

step "gridcase-figures reads the PostgreSQL database"
expect_rc 0 "$FIGURES" --db "$PG" --year 2026
contains "$WORK/out" '"unit":'

step "two gridcased on the one database (a shared attachments folder)"
start_server "$PG_URI" --attachments-dir "$WORK/files"
B_URL=$URL
OTHER_PID=$SERVER_PID
SERVER_PID=
mv "$WORK/server.out" "$WORK/server_b.out"
mv "$WORK/server.err" "$WORK/server_b.err"
start_server "$PG" --attachments-dir "$WORK/files"
A_URL=$URL
[[ "$A_URL" != "$B_URL" ]] || fail "both servers at $A_URL"
unset GRIDCASE_SERVER GRIDCASE_TOKEN_FILE
A=(--server "$A_URL" --token-file "$WORK/a.token")
B=(--server "$B_URL" --token-file "$WORK/b.token")
expect_rc 0 "$CLI" "${A[@]}" login grid1 --password demo12345
expect_rc 0 "$CLI" "${B[@]}" login grid1 --password demo12345
expect_rc 0 "$CLI" "${A[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')

step "a case created through A is listed and read through B"
TITLE="两台服务器共用数据库-$$"
create=(cases create --kind INCIDENT --category INC.ENV.RUBBISH --title "$TITLE"
  --description "垃圾散落地面" --unit "$GRID_UNIT" --address "河畔小区西门" --request-id "pg-e2e-$$")
expect_rc 0 "$CLI" "${A[@]}" --json "${create[@]}"
NUMBER=$(json "$WORK/out" 'd["case"]["number"]')
[[ "$NUMBER" =~ ^XC-[0-9]{4}-[0-9]{6}$ ]] || fail "unexpected case number '$NUMBER'"
[[ "$(json "$WORK/out" 'd["replayed"]')" == False ]] || fail "the first create was a replay"
expect_rc 0 "$CLI" "${B[@]}" cases list --text "$TITLE"
contains "$WORK/out" "$NUMBER"
expect_rc 0 "$CLI" "${B[@]}" cases show "$NUMBER"
contains "$WORK/out" "$TITLE"

step "the same request id sent to B answers A's case: one case, one event"
expect_rc 0 "$CLI" "${B[@]}" --json "${create[@]}"
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "the resend on B was not a replay"
[[ "$(json "$WORK/out" 'd["case"]["number"]')" == "$NUMBER" ]] || fail "the resend on B made another case"
expect_rc 0 "$CLI" "${B[@]}" --json cases list --text "$TITLE"
[[ "$(json "$WORK/out" 'len(d["cases"])')" == 1 ]] || fail "more than one case"
expect_rc 0 "$CLI" "${A[@]}" --json cases show "$NUMBER"
[[ "$(json "$WORK/out" '",".join(e["action"] for e in d["history"])')" == ACTION_CREATE ]] || fail "not one event"
# The same id with other content is refused, wherever it arrives.
expect_rc 1 "$CLI" "${B[@]}" --json cases create --kind INCIDENT --category INC.ENV.RUBBISH \
  --title "$TITLE-另一件" --description "垃圾散落地面" --unit "$GRID_UNIT" --address "河畔小区西门" \
  --request-id "pg-e2e-$$"
reason_is REQUEST_ID_REUSED

step "a write on A, then a stale version on B: refused"
expect_rc 0 "$CLI" "${A[@]}" cases accept "$NUMBER" --version 1
contains "$WORK/out" "已受理"
expect_rc 1 "$CLI" "${B[@]}" --json cases dispatch "$NUMBER" --unit "$GRID_UNIT" --version 1
reason_is STALE_VERSION
expect_rc 0 "$CLI" "${B[@]}" --json cases show "$NUMBER"
[[ "$(json "$WORK/out" 'd["case"]["version"]')" == 2 ]] || fail "B does not see A's write"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_ACCEPTED ]] || fail "B does not see A's write"
expect_rc 0 "$CLI" "${B[@]}" cases dispatch "$NUMBER" --unit "$GRID_UNIT" --version 2
expect_rc 0 "$CLI" "${A[@]}" --json cases show "$NUMBER"
[[ "$(json "$WORK/out" '",".join(e["action"] for e in d["history"])')" == \
  "ACTION_CREATE,ACTION_ACCEPT,ACTION_DISPATCH" ]] || fail "history through A"

step "both servers stop in order"
kill -TERM "$OTHER_PID"
wait "$OTHER_PID" || fail "gridcased B did not exit 0"
OTHER_PID=
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "gridcased A did not exit 0"
SERVER_PID=

echo "PostgreSQL end to end: all checks passed"
